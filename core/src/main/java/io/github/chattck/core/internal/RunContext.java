package io.github.chattck.core.internal;

import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run: its identity and its listeners, with the guarantees of SPEC 1.4 enforced in one place: start once,
 * then chunks (and custom events), then exactly one of end / error; a throwing listener is logged and skipped.
 * Internal: not part of the API.
 */
public final class RunContext {
    private static final System.Logger LOG = System.getLogger(RunContext.class.getName());

    private final RunInfo info;
    private final RunListener[] listeners;
    private boolean started;
    private final AtomicBoolean ended = new AtomicBoolean();

    private RunContext(UUID runId, List<UUID> parentIds, String name, String runType, List<String> tags,
                       Map<String, Object> metadata, List<RunListener> listeners) {
        this.info = new RunInfo(runId, parentIds, name, runType, tags, metadata, this::customEvent);
        this.listeners = listeners.toArray(new RunListener[0]);
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
     * Whether end or error was already reported.
     *
     * @return true once ended
     */
    public boolean isEnded() {
        return ended.get();
    }

    /**
     * Reports the start.
     *
     * @param input the caller's input
     */
    public void start(Object input) {
        if (started) {
            throw new IllegalStateException("run " + info.runId() + " started twice");
        }
        started = true;
        for (RunListener l : listeners) {
            try {
                l.onStart(info, input);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                logListenerFailure(l, "onStart", e);
            }
        }
    }

    /**
     * Reports one chunk.
     *
     * @param chunk the chunk as delivered
     */
    public void chunk(Object chunk) {
        if (ended.get()) {
            return; // closed from another thread: no chunk callback after the end (SPEC STR-6)
        }
        for (RunListener l : listeners) {
            try {
                l.onChunk(info, chunk);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                logListenerFailure(l, "onChunk", e);
            }
        }
    }

    /**
     * Reports the end, unless the run already ended.
     *
     * @param output the final output
     */
    public void end(Object output) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        for (RunListener l : listeners) {
            try {
                l.onEnd(info, output);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                logListenerFailure(l, "onEnd", e);
            }
        }
    }

    /**
     * Reports a custom event dispatched from inside the run, unless the run already ended.
     *
     * @param run       the run's info (this run's)
     * @param eventName the event's name
     * @param payload   its frozen data
     * @return false if the run had already ended
     */
    private boolean customEvent(RunInfo run, String eventName, Map<String, Object> payload) {
        if (ended.get()) {
            return false;
        }
        for (RunListener l : listeners) {
            try {
                l.onCustomEvent(run, eventName, payload);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                logListenerFailure(l, "onCustomEvent", e);
            }
        }
        return true;
    }

    /**
     * Reports a failure, unless the run already ended.
     *
     * @param error the failure
     */
    public void error(Throwable error) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        for (RunListener l : listeners) {
            try {
                l.onError(info, error);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                logListenerFailure(l, "onError", e);
            }
        }
    }

    private void logListenerFailure(RunListener listener, String method, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, () -> "listener " + listener.getClass().getName() + "." + method
                + " threw for run " + info.runId() + " (" + info.name() + "); the call goes on", e);
    }
}
