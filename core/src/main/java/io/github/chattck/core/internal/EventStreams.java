package io.github.chattck.core.internal;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.Chainable;
import io.github.chattck.core.FunctionStep;
import io.github.chattck.core.Pipeline;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * {@code streamEvents} for any {@link Chainable}: a listener turns the runs' callbacks into events, and the
 * event stream pulls the underlying stream one item at a time, with no thread and no buffering beyond the events of
 * one pull. For the kit's own runs (a {@link BaseChatModel}, a {@link Pipeline}, a {@link FunctionStep}), the root
 * run's stream events are made from the items themselves, right after the pull that yields each
 * ({@link ItemsAsStreamEvents}): the same events at the same places, since those runs report each chunk as the last
 * thing of that pull, but the root run then reports no chunk callback to the collector (the hot path of
 * {@code streamEvents}, one event per chunk, costs no serialized callback). Internal: not part of the API.
 */
public final class EventStreams {
    private EventStreams() {
    }

    /**
     * Streams the events of one run of {@code chainable}.
     *
     * @param chainable the component
     * @param input     its input
     * @param config    the config
     * @param filter    which events to keep
     * @param pullOf    the pull side of a stream of items, which only the events' stream reads
     * @param <I>       input type
     * @param <C>       stream item type
     * @return the events
     */
    public static <I, C> RunStream<StreamEvent> stream(Chainable<I, ?, C> chainable, I input, RunConfig config,
                                                      EventFilter filter,
                                                      Function<RunStream<C>, RunStream.Pull<C>> pullOf) {
        Checks.notNull(config, "config");
        Checks.notNull(filter, "filter");
        if (!reportsEachChunkLast(chainable)) {
            // any other Chainable may yield items other than the chunks it reports, or at other moments (a wrapper
            // that maps or buffers a model's stream): its events come from its callbacks, as they are
            Collector collector = new Collector(filter, null);
            RunStream<C> items = chainable.stream(input, config.withListener(collector));
            return RunStream.of(new EventPull<>(items, pullOf.apply(items), collector));
        }
        // the root run's id is fixed here, so that the collector knows the run whose items are its stream events
        UUID rootRunId = config.runId() != null ? config.runId() : UUID.randomUUID();
        Collector collector = new Collector(filter, rootRunId);
        RunStream<C> items = chainable.stream(input, config.withRunId(rootRunId).withListener(collector));
        return RunStream.of(new EventPull<>(items, pullOf.apply(items), collector));
    }

    /**
     * Whether the stream of {@code chainable} is one of the kit's runs, final in their streaming, which report each
     * chunk as the last thing of the pull that yields it, and yield exactly the chunks they report.
     */
    private static boolean reportsEachChunkLast(Chainable<?, ?, ?> chainable) {
        return chainable instanceof BaseChatModel || chainable instanceof Pipeline || chainable instanceof FunctionStep;
    }

    private static final class EventPull<C> implements RunStream.Pull<StreamEvent> {
        private final RunStream<C> items;
        /** The items' pull side, read directly (not through an iterator of {@code items}, see RunStream#pullOf). */
        private final RunStream.Pull<C> pull;
        private final Collector collector;
        private boolean itemsDone;
        private RuntimeException pendingFailure;

        EventPull(RunStream<C> items, RunStream.Pull<C> pull, Collector collector) {
            this.items = items;
            this.pull = pull;
            this.collector = collector;
        }

        @Override
        public StreamEvent next() {
            collector.puller = Thread.currentThread();
            try {
                return pullEvent();
            } finally {
                collector.puller = null;
            }
        }

        private StreamEvent pullEvent() {
            while (true) {
                StreamEvent event = collector.poll();
                if (event != null) {
                    return event;
                }
                if (itemsDone) {
                    if (pendingFailure != null) {
                        RuntimeException failure = pendingFailure;
                        pendingFailure = null;
                        throw failure;
                    }
                    return null;
                }
                try {
                    C item = pull.next();
                    if (item != null) {
                        StreamEvent rootEvent = collector.rootItemEvent(item);
                        if (rootEvent != null) {
                            if (collector.nothingQueued()) {
                                return rootEvent; // the common case: the pull made no other event
                            }
                            collector.add(rootEvent);
                        }
                    } else {
                        itemsDone = true;
                    }
                } catch (RuntimeException e) {
                    itemsDone = true;
                    pendingFailure = e;
                }
            }
        }

        @Override
        public void close() {
            items.close();
        }
    }

    /**
     * Turns callbacks into events, on the thread that pulls (and custom events on whichever thread dispatches them).
     * Events made on the pulling thread while it pulls (the chunks, start and end: nearly all of them) go to a queue
     * only that thread touches, without a lock; events from other threads go to a concurrent queue, which the pulling
     * thread empties into its own before it adds one: so an event from another thread that came before one made by
     * the puller is taken before it, and the puller takes its own queue first.
     */
    private static final class Collector implements RunListener, ItemsAsStreamEvents {
        private final EventFilter filter;
        private final UUID rootRunId;
        /** The root run once started, with the name of its stream events, if the filter keeps them; else null. */
        private ChunkRun root;
        /** Confined to the thread inside {@link EventPull#next()}. */
        private final ArrayDeque<StreamEvent> pulled = new ArrayDeque<>();
        /**
         * How many events {@link #pulled} holds: nearly always none, and one field is cheaper to look at per chunk
         * than the deque's ends. Confined like it.
         */
        private int pulledCount;
        private final ConcurrentLinkedQueue<StreamEvent> fromOtherThreads = new ConcurrentLinkedQueue<>();
        /**
         * Set after an event from another thread was queued, cleared by the pulling thread before it moves them to
         * its own queue: one volatile read per pull instead of looking into the concurrent queue. An event queued
         * while the puller clears the flag is either moved with the others or leaves the flag set for the next pull.
         */
        private volatile boolean fromOtherThreadsWaiting;
        private final Map<UUID, Object> inputs = new ConcurrentHashMap<>();
        /**
         * The thread inside {@link EventPull#next()}, or null between pulls. Plain: a thread only ever finds itself
         * here while it is that thread, since it clears the field before it leaves.
         */
        Thread puller;
        /**
         * The run whose chunk events were made last, with their name: one run streams many chunks. One immutable
         * object, so that a chunk callback delivered on another thread never sees one run with another's name.
         */
        private ChunkRun chunkRun;

        Collector(EventFilter filter, UUID rootRunId) {
            this.filter = filter;
            this.rootRunId = rootRunId;
        }

        @Override
        public UUID itemsRunId() {
            return rootRunId; // null when the events come from the callbacks alone
        }

        /** The stream event of an item of the root run, just pulled; null if the filter drops the root's events. */
        StreamEvent rootItemEvent(Object item) {
            ChunkRun r = root;
            return r == null ? null : streamEvent(r, item);
        }

        /** Whether no event waits, on the pulling thread. */
        boolean nothingQueued() {
            return pulledCount == 0 && !fromOtherThreadsWaiting;
        }

        /** The next event, on the pulling thread. */
        StreamEvent poll() {
            if (fromOtherThreadsWaiting) {
                takeFromOtherThreads();
            }
            if (pulledCount != 0) {
                pulledCount--;
                return pulled.pollFirst();
            }
            return null;
        }

        /** Moves the events of other threads to the pulling thread's queue, in order, on the pulling thread. */
        private void takeFromOtherThreads() {
            fromOtherThreadsWaiting = false;
            StreamEvent earlier;
            while ((earlier = fromOtherThreads.poll()) != null) {
                pulled.addLast(earlier);
                pulledCount++;
            }
        }

        @Override
        public void onStart(RunInfo run, Object input) {
            if (rootRunId != null && run.runId().equals(rootRunId) && filter.test(run)) {
                root = new ChunkRun(run, StreamEvent.eventName(run.runType(), 1));
            }
            if (!run.isRoot() && input != null) {
                inputs.put(run.runId(), input);
            }
            Map<String, Object> data = new LinkedHashMap<>(2);
            if (input != null) {
                data.put("input", shown(input));
            }
            emit(run, 0, data);
        }

        @Override
        public void onChunk(RunInfo run, Object chunk) {
            if (rootRunId != null && run.runId().equals(rootRunId)) {
                return; // made from the root's items
            }
            ChunkRun known = chunkRun;
            if (known == null || known.run != run) {
                if (!filter.test(run)) {
                    return;
                }
                known = new ChunkRun(run, StreamEvent.eventName(run.runType(), 1));
                chunkRun = known;
            }
            add(streamEvent(known, chunk));
        }

        private static StreamEvent streamEvent(ChunkRun of, Object chunk) {
            RunInfo run = of.run;
            return new StreamEvent(of.eventName, run.name(), run.runId(), run.parentIds(), run.tags(), run.metadata(),
                    Json.frozenEntry("chunk", shown(chunk)));
        }

        @Override
        public void onEnd(RunInfo run, Object output) {
            Map<String, Object> data = new LinkedHashMap<>(2);
            Object input = inputs.remove(run.runId());
            if (input != null) {
                data.put("input", shown(input));
            }
            data.put("output", shown(output));
            emit(run, 2, data);
        }

        @Override
        public void onError(RunInfo run, Throwable error) {
            inputs.remove(run.runId());
        }

        @Override
        public void onCustomEvent(RunInfo run, String eventName, Map<String, Object> payload) {
            // filters treat a custom event as an event of its run (SPEC 4)
            if (filter.test(run)) {
                add(new StreamEvent(StreamEvent.ON_CUSTOM_EVENT, eventName, run.runId(), run.parentIds(), run.tags(),
                        run.metadata(), payload));
            }
        }

        private void emit(RunInfo run, int phase, Map<String, Object> data) {
            if (filter.test(run)) {
                // frozen here, not in the event's constructor: the constructor then only ever sees frozen maps from
                // the kit, its copying path stays cold, and the JIT keeps it small enough to inline per chunk
                add(new StreamEvent(StreamEvent.eventName(run.runType(), phase), run.name(), run.runId(),
                        run.parentIds(), run.tags(), run.metadata(), Json.freeze(data, "data")));
            }
        }

        /** A value as events show it: a {@link ChatInput} (a step's input or result) as the string or messages it wraps. */
        private static Object shown(Object value) {
            return value instanceof ChatInput ? ((ChatInput) value).raw() : value;
        }

        /** A run whose events the filter keeps, and the name of its chunk events. */
        private static final class ChunkRun {
            final RunInfo run;
            final String eventName;

            ChunkRun(RunInfo run, String eventName) {
                this.run = run;
                this.eventName = eventName;
            }
        }

        void add(StreamEvent event) {
            if (Thread.currentThread() == puller) {
                if (fromOtherThreadsWaiting) {
                    takeFromOtherThreads();
                }
                pulled.addLast(event);
                pulledCount++;
            } else {
                fromOtherThreads.add(event);
                fromOtherThreadsWaiting = true;
            }
        }
    }
}
