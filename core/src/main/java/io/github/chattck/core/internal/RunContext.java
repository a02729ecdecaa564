package io.github.chattck.core.internal;

import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run: its identity and its listeners, with the guarantees of SPEC 1.4 enforced in one place. The callbacks of
 * a run are totally ordered, whatever threads report them: start once, then chunks (and custom events), then
 * exactly one of end / error, and nothing after it; no two callbacks of a run overlap (but for a custom event that a
 * listener dispatches from inside its callback: delivered at once, nested). A listener that throws is logged and
 * skipped (see {@link Faults} for the failures that propagate).
 * <p>
 * How: the lifecycle is one atomic state (new, started, ended), so exactly one end or error wins, and a run ended
 * before it started (its stream closed before the first pull) reports nothing at all. Callbacks are delivered by
 * one thread at a time: a thread that reports while another is delivering queues its callback, and the delivering
 * thread delivers it before it returns (so a close() from another thread never waits for a listener, and its
 * error arrives right after the callback that was running). A run without listeners skips all of this.
 * Internal: not part of the API.
 */
public final class RunContext {
    private static final System.Logger LOG = System.getLogger(RunContext.class.getName());

    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int ENDED = 2;

    private static final int START = 0;
    private static final int CHUNK = 1;
    private static final int END = 2;
    private static final int ERROR = 3;
    private static final int CUSTOM = 4;

    private final RunInfo info;
    private final RunListener[] listeners;
    /** The listeners that get this run's chunks: all but those that take them from the run's items. */
    private final RunListener[] chunkListeners;
    private final AtomicInteger state = new AtomicInteger(NEW);
    /** Callbacks reported while another thread was delivering; plus the count of callbacks not yet accounted. */
    private final ConcurrentLinkedQueue<Callback> queued;
    private final AtomicInteger undelivered = new AtomicInteger();
    /**
     * The thread delivering now, if any. Plain: a thread only ever finds itself here if it wrote itself here, so no
     * thread can mistake another's delivery for its own.
     */
    private Thread deliverer;
    // confined to the delivering thread (handed over through undelivered)
    private boolean startDelivered;
    private boolean endDelivered;
    private Callback endBeforeStart;

    private RunContext(UUID runId, List<UUID> parentIds, String name, String runType, List<String> tags,
                       Map<String, Object> metadata, List<RunListener> listeners) {
        this.info = new RunInfo(runId, parentIds, name, runType, tags, metadata, this::customEvent);
        this.listeners = listeners.toArray(new RunListener[0]);
        this.chunkListeners = listeners.stream().filter(l -> !(l instanceof ItemsAsStreamEvents
                && runId.equals(((ItemsAsStreamEvents) l).itemsRunId()))).toArray(RunListener[]::new);
        this.queued = this.listeners.length > 0 ? new ConcurrentLinkedQueue<>() : null; // unobserved runs stay lean
    }

    /**
     * Creates a run from its config and the component's own description.
     *
     * @param config        the call's config
     * @param componentName the component's name, used when the config has no run name
     * @param runType       {@code chat_model}, {@code chain} or {@code parser}
     * @param ownTags       the component's tags, after the config's
     * @param extraMetadata metadata after the config's (e.g. ls parameters, then the model's own metadata)
     * @return the run
     */
    public static RunContext create(RunConfig config, String componentName, String runType, List<String> ownTags,
                                    Map<String, Object> extraMetadata) {
        UUID runId = config.runId() != null ? config.runId() : UUID.randomUUID();
        List<String> tags = config.tags();
        if (!ownTags.isEmpty()) {
            tags = new ArrayList<>(tags);
            tags.addAll(ownTags);
        }
        Map<String, Object> metadata = config.metadata();
        if (!extraMetadata.isEmpty()) {
            metadata = new LinkedHashMap<>(metadata);
            metadata.putAll(extraMetadata);
        }
        String name = config.runName() != null ? config.runName() : componentName;
        return new RunContext(runId, config.parentRunIds(), name, runType, tags, metadata, config.listeners());
    }

    /**
     * The run's identity.
     *
     * @return the info
     */
    public RunInfo info() {
        return info;
    }

    /**
     * Whether anyone listens to this run; without listeners nobody can see its end output, so the stream need not
     * aggregate it.
     *
     * @return true if at least one listener is attached
     */
    public boolean hasListeners() {
        return listeners.length > 0;
    }

    /**
     * Whether end or error was already reported, or the run was closed before it started.
     *
     * @return true once ended
     */
    public boolean isEnded() {
        return state.get() == ENDED;
    }

    /**
     * Reports the start, unless the run was already ended (closed before it started): then nothing is reported and
     * the caller must not run anything.
     *
     * @param input the caller's input
     * @return true if the run started; false if it had been closed before
     * @throws IllegalStateException if the run was already started
     */
    public boolean start(Object input) {
        if (!state.compareAndSet(NEW, STARTED)) {
            if (state.get() == ENDED) {
                return false;
            }
            throw new IllegalStateException("run " + info.runId() + " started twice");
        }
        report(START, input);
        return true;
    }

    /**
     * Reports one chunk, unless the run already ended (closed from another thread: no chunk callback after the
     * end, SPEC STR-6).
     *
     * @param chunk the chunk as delivered
     */
    public void chunk(Object chunk) {
        if (chunkListeners.length > 0 && state.get() == STARTED) {
            report(CHUNK, chunk);
        }
    }

    /**
     * Reports the end, unless the run already ended.
     *
     * @param output the final output
     */
    public void end(Object output) {
        if (state.compareAndSet(STARTED, ENDED)) {
            report(END, output);
        }
    }

    /**
     * Reports a custom event dispatched from inside the run, unless the run is not running (not started yet, or
     * already ended), in order with the run's other callbacks.
     *
     * @param run       the run's info (this run's)
     * @param eventName the event's name
     * @param payload   its frozen data
     * @return false if the run was not running
     */
    private boolean customEvent(RunInfo run, String eventName, Map<String, Object> payload) {
        if (state.get() != STARTED) {
            return false;
        }
        report(CUSTOM, new CustomEvent(eventName, payload));
        return true;
    }

    /**
     * Reports a failure, unless the run already ended. A run that never started just ends: it reports nothing
     * (a stream closed before its first pull never ran), and a later {@link #start} returns false.
     *
     * @param error the failure
     */
    public void error(Throwable error) {
        if (state.compareAndSet(STARTED, ENDED)) {
            report(ERROR, error);
        } else {
            state.compareAndSet(NEW, ENDED);
        }
    }

    /**
     * Delivers the callback now, or queues it for the thread that is delivering another callback of this run. A
     * custom event dispatched by a listener from inside a callback is delivered at once, nested, as dispatched (the
     * listeners after it see it before the callback in progress); an end or error reported from inside a callback
     * (a listener closing the stream) waits until every listener got that callback.
     */
    private void report(int kind, Object value) {
        if (listeners.length == 0) {
            return;
        }
        Thread me = Thread.currentThread();
        if (kind == CUSTOM && deliverer == me) {
            deliver(kind, value);
            return;
        }
        int missed;
        if (undelivered.get() == 0 && undelivered.compareAndSet(0, 1)) {
            deliverer = me;
            deliver(kind, value); // the common case: nobody else is delivering, no queue node
            deliverer = null;
            missed = undelivered.addAndGet(-1);
            if (missed == 0) {
                return;
            }
        } else {
            queued.offer(new Callback(kind, value));
            if (undelivered.getAndIncrement() != 0) {
                return; // the delivering thread will deliver it before it returns
            }
            missed = 1;
        }
        while (true) {
            deliverer = me;
            Callback c;
            while ((c = queued.poll()) != null) {
                deliver(c.kind, c.value);
            }
            deliverer = null;
            missed = undelivered.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Keeps the order start, chunks, end or error: an end reported before the start waits for it. */
    private void deliver(int kind, Object value) {
        if (endDelivered) {
            return; // nothing after the end, e.g. a chunk reported as a close from another thread ended the run
        }
        switch (kind) {
            case START:
                startDelivered = true;
                callListeners(START, value);
                if (endBeforeStart != null) {
                    Callback end = endBeforeStart;
                    endBeforeStart = null;
                    deliver(end.kind, end.value);
                }
                break;
            case CHUNK:
            case CUSTOM:
                if (startDelivered) {
                    callListeners(kind, value);
                }
                break;
            default:
                if (!startDelivered) {
                    // closed from another thread just after the run started, before its start was delivered
                    endBeforeStart = new Callback(kind, value);
                    return;
                }
                endDelivered = true;
                callListeners(kind, value);
                break;
        }
    }

    private void callListeners(int kind, Object value) {
        for (RunListener l : kind == CHUNK ? chunkListeners : listeners) {
            try {
                switch (kind) {
                    case START:
                        l.onStart(info, value);
                        break;
                    case CHUNK:
                        l.onChunk(info, value);
                        break;
                    case END:
                        l.onEnd(info, value);
                        break;
                    case CUSTOM:
                        CustomEvent event = (CustomEvent) value;
                        l.onCustomEvent(info, event.name, event.payload);
                        break;
                    default:
                        l.onError(info, (Throwable) value);
                        break;
                }
            } catch (Throwable t) {
                Faults.rethrowIfFatal(t);
                logListenerFailure(l, kind, t);
            }
        }
    }

    private void logListenerFailure(RunListener listener, int kind, Throwable e) {
        String method = kind == START ? "onStart" : kind == CHUNK ? "onChunk" : kind == END ? "onEnd"
                : kind == CUSTOM ? "onCustomEvent" : "onError";
        LOG.log(System.Logger.Level.WARNING, () -> "listener " + listener.getClass().getName() + "." + method
                + " threw for run " + info.runId() + " (" + info.name() + "); the call goes on", e);
    }

    /** The value of a custom event's callback. */
    private static final class CustomEvent {
        final String name;
        final Map<String, Object> payload;

        CustomEvent(String name, Map<String, Object> payload) {
            this.name = name;
            this.payload = payload;
        }
    }

    /** A callback waiting for the delivering thread. */
    private static final class Callback {
        final int kind;
        final Object value;

        Callback(int kind, Object value) {
            this.kind = kind;
            this.value = value;
        }
    }
}
