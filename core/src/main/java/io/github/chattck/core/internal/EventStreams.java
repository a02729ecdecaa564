package io.github.chattck.core.internal;

import io.github.chattck.core.Chainable;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code streamEvents} for any {@link Chainable}: a listener turns the run's callbacks into events, and the
 * event stream pulls the underlying stream one item at a time, so the events are exactly the items
 * {@code stream()} yields, with no thread and no buffering beyond the events of one pull.
 * Internal: not part of the API.
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
     * @param <I>       input type
     * @param <C>       stream item type
     * @return the events
     */
    public static <I, C> RunStream<StreamEvent> stream(Chainable<I, ?, C> chainable, I input, RunConfig config,
                                                      EventFilter filter) {
        Checks.notNull(config, "config");
        Checks.notNull(filter, "filter");
        Collector collector = new Collector(filter);
        RunStream<C> items = chainable.stream(input, config.withListener(collector));
        return RunStream.of(new EventPull<>(items, collector));
    }

    private static final class EventPull<C> implements RunStream.Pull<StreamEvent> {
        private final RunStream<C> items;
        private final Collector collector;
        private Iterator<C> iterator;
        private boolean itemsDone;
        private RuntimeException pendingFailure;

        EventPull(RunStream<C> items, Collector collector) {
            this.items = items;
            this.collector = collector;
        }

        @Override
        public StreamEvent next() {
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
                    if (iterator == null) {
                        iterator = items.iterator();
                    }
                    if (iterator.hasNext()) {
                        iterator.next();
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

    /** Turns callbacks into events, on the thread that pulls (and custom events on whichever thread dispatches them). */
    private static final class Collector implements RunListener {
        private final EventFilter filter;
        private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
        private final Map<UUID, Object> inputs = new ConcurrentHashMap<>();

        Collector(EventFilter filter) {
            this.filter = filter;
        }

        synchronized StreamEvent poll() {
            return queue.poll();
        }

        @Override
        public void onStart(RunInfo run, Object input) {
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
            emit(run, 1, Json.frozenEntry("chunk", shown(chunk)));
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
                add(new StreamEvent(StreamEvent.eventName(run.runType(), phase), run.name(), run.runId(),
                        run.parentIds(), run.tags(), run.metadata(), data));
            }
        }

        /** A value as events show it: a {@link ChatInput} (a step's input or result) as the string or messages it wraps. */
        private static Object shown(Object value) {
            return value instanceof ChatInput ? ((ChatInput) value).raw() : value;
        }

        /** Custom events may come from a provider's own thread: one lock for every producer of events. */
        private void add(StreamEvent event) {
            synchronized (this) {
                queue.add(event);
            }
        }
    }
}
