package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.RunContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A sequence of steps run as one ({@link Chainable#pipe}, LangChain's {@code RunnableSequence}): chat models,
 * output parsers, {@link FunctionStep}s and any other {@link Chainable}, as many as needed; piping a pipeline
 * appends to it. The pipeline has a run of its own (type {@code chain}, named {@code RunnableSequence}); each step
 * runs as a child run under its own name, tagged {@code seq:step:n} before the tags it inherits
 * ({@code [seq:step:2, outer]}, as both references order them), with the pipeline's run id in its
 * {@code parent_ids}.
 * <p>
 * Streaming is preserved where it can be, as LangChain's {@code transform} does: an output parser parses each item
 * of the step before it as it arrives; any other step needs its whole input, so it waits for the step before it to
 * end and then streams its own items; the pipeline streams the items of its last step. Each step's run starts when
 * it is first pulled: a step after a parser starts when the parser's input is complete, and a parser's run starts
 * just before the run of the step it reads (chat-tck's pull order; LangChain starts them all at once).
 *
 * @param <I> the input type of the first step
 * @param <O> the output type of the last step ({@code invoke})
 * @param <C> the item type of the last step ({@code stream})
 */
public final class Pipeline<I, O, C> implements Chainable<I, O, C> {
    /** Each a {@link Chainable} or an {@link OutputParser}; the first is a Chainable. */
    private final List<Object> steps;

    private Pipeline(List<Object> steps) {
        this.steps = List.copyOf(steps);
    }

    static <I, O, C, T> Pipeline<I, T, T> of(Chainable<I, O, C> first, OutputParser<? super O, ? super C, T> parser) {
        return new Pipeline<>(joined(Checks.notNull(first, "first"), Checks.notNull(parser, "parser")));
    }

    static <I, O, C, T, D> Pipeline<I, T, D> of(Chainable<I, O, C> first, Chainable<? super O, T, D> next) {
        return new Pipeline<>(joined(Checks.notNull(first, "first"), Checks.notNull(next, "next")));
    }

    private static List<Object> joined(Object first, Object next) {
        List<Object> all = new ArrayList<>();
        for (Object part : new Object[] {first, next}) {
            if (part instanceof Pipeline) {
                all.addAll(((Pipeline<?, ?, ?>) part).steps); // flattened, as LangChain's RunnableSequence.pipe does
            } else {
                all.add(part);
            }
        }
        return all;
    }

    /**
     * The pipeline's name in events, as LangChain names it.
     *
     * @return {@code "RunnableSequence"}
     */
    @Override
    public String name() {
        return "RunnableSequence";
    }

    /**
     * The names of the steps, in order (each step's run is named so, unless it is renamed by its own config).
     *
     * @return the step names
     */
    public List<String> stepNames() {
        List<String> names = new ArrayList<>(steps.size());
        for (Object step : steps) {
            names.add(step instanceof Chainable ? ((Chainable<?, ?, ?>) step).name() : ((OutputParser<?, ?, ?>) step).name());
        }
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    public O invoke(I input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        RunContext chain = RunContext.create(config, name(), "chain", List.of(), Map.of());
        chain.start(input);
        try {
            RunConfig child = config.childOf(chain.info());
            Object value = input;
            for (int i = 0; i < steps.size(); i++) {
                Object step = steps.get(i);
                RunConfig stepConfig = stepConfig(child, i + 1);
                if (step instanceof Chainable) {
                    value = ((Chainable<Object, Object, Object>) step).invoke(value, stepConfig);
                } else {
                    value = parse((OutputParser<Object, Object, Object>) step, value, stepConfig);
                }
            }
            chain.end(value);
            return (O) value;
        } catch (Throwable e) {
            chain.error(e); // whatever was thrown, even a checked exception thrown sneakily: one error per run
            throw e;
        }
    }

    private static Object parse(OutputParser<Object, Object, Object> parser, Object value, RunConfig config) {
        RunContext parse = RunContext.create(config, parser.name(), "parser", List.of(), Map.of());
        parse.start(value);
        Object parsed;
        try {
            parsed = parser.parse(value);
        } catch (Throwable e) {
            parse.error(e);
            throw e;
        }
        parse.end(parsed);
        return parsed;
    }

    @Override
    public RunStream<C> stream(I input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        return RunStream.of(new StreamingRun(input, config));
    }

    /** The config of step n: tagged {@code seq:step:n} first, then the tags it inherits, as LangChain tags it. */
    static RunConfig stepConfig(RunConfig child, int n) {
        return child.withFirstTag("seq:step:" + n);
    }

    /** The items of one step of a streaming run, and its output once they are all pulled. */
    private interface Items {
        /** Makes ready what this step's run needs before it starts (the steps before it, as far as they must run). */
        void prepare();

        /** The next item, or null at the end. */
        Object next();

        /** The step's output; only after {@link #next()} returned null. */
        Object output();

        /** The pipeline failed: end this step's run if it is still going. */
        void fail(Throwable error);

        /** The pipeline was closed: stop this step. */
        void close();
    }

    /** A {@link Chainable} step: its own stream, its output taken from its end callback. */
    private static final class ComponentItems implements Items, RunListener {
        private final Chainable<Object, Object, Object> step;
        private final Supplier<Object> input;
        private final RunConfig config;
        private final UUID runId = UUID.randomUUID();
        private volatile RunStream<Object> stream;
        private volatile boolean closed;
        private Object in;
        private Iterator<Object> iterator;
        private volatile Object output;

        @SuppressWarnings("unchecked")
        ComponentItems(Object step, Supplier<Object> input, RunConfig config) {
            this.step = (Chainable<Object, Object, Object>) step;
            this.input = input;
            this.config = config;
        }

        @Override
        public Object next() {
            if (iterator == null) {
                prepare();
                RunStream<Object> opened = step.stream(in, config.toBuilder().runId(runId).listener(this).build());
                stream = opened;
                if (closed) { // closed while the input was being made: this step must not run
                    opened.close();
                    return null;
                }
                iterator = opened.iterator();
            }
            return iterator.hasNext() ? iterator.next() : null;
        }

        @Override
        public void prepare() {
            if (in == null) {
                in = input.get();
            }
        }

        @Override
        public void onEnd(RunInfo run, Object out) {
            if (run.runId().equals(runId)) {
                output = out;
            }
        }

        @Override
        public Object output() {
            Object out = output;
            if (out == null) {
                throw new IllegalStateException("step '" + step.name() + "' ended without reporting its output to "
                        + "the listeners of its run (Chainable implementations must report their runs)");
            }
            return out;
        }

        @Override
        public void fail(Throwable error) {
            // the step's own stream reports the failure of its run
        }

        @Override
        public void close() {
            closed = true;
            RunStream<Object> s = stream;
            if (s != null) {
                s.close();
            }
        }
    }

    /** An {@link OutputParser} step: parses each item of the step before it as it arrives. */
    private static final class ParserItems implements Items {
        private final OutputParser<Object, Object, Object> parser;
        private final Items upstream;
        private final RunConfig config;
        private volatile RunContext run;
        private volatile boolean closed;
        private Object output;

        @SuppressWarnings("unchecked")
        ParserItems(Object parser, Items upstream, RunConfig config) {
            this.parser = (OutputParser<Object, Object, Object>) parser;
            this.upstream = upstream;
            this.config = config;
        }

        @Override
        public Object next() {
            if (run == null) {
                prepare();
                RunContext r = RunContext.create(config, parser.name(), "parser", List.of(), Map.of());
                run = r;
                // the input streams in: no input to report yet (the end does not report it either); a run that a
                // close() ended before it started never starts, and one that close() missed is not started at all
                if (closed || !r.start(null)) {
                    return null;
                }
            }
            while (true) {
                Object item = upstream.next();
                if (item == null) {
                    output = parser.parse(upstream.output());
                    run.end(output);
                    return null;
                }
                Object parsed = parser.parseChunk(item);
                if (parsed != null) { // null: nothing to pass on for this item; null would end the stream early
                    run.chunk(parsed);
                    return parsed;
                }
            }
        }

        @Override
        public void prepare() {
            upstream.prepare(); // the parser reads its input as it streams: only the input of that input must be ready
        }

        @Override
        public Object output() {
            return output;
        }

        @Override
        public void fail(Throwable error) {
            RunContext r = run;
            if (r != null) {
                r.error(error);
            }
        }

        @Override
        public void close() {
            closed = true;
            fail(new CancellationException("stream closed by its consumer"));
        }
    }

    /** The pull side of one streaming run of the pipeline. */
    private final class StreamingRun implements RunStream.Pull<C> {
        private final I input;
        private final RunConfig config;
        private final RunContext chain;
        private final List<Items> items = new CopyOnWriteArrayList<>(); // close() may read it from another thread
        private volatile boolean started;
        private volatile boolean finished;
        private volatile boolean closed;

        StreamingRun(I input, RunConfig config) {
            this.input = input;
            this.config = config;
            this.chain = RunContext.create(config, name(), "chain", List.of(), Map.of());
        }

        @Override
        @SuppressWarnings("unchecked")
        public C next() {
            if (finished) {
                return null;
            }
            try {
                if (!started) {
                    started = true;
                    if (!chain.start(input)) {
                        finished = true; // closed before it started: nothing runs, nothing is reported
                        return null;
                    }
                    build(config.childOf(chain.info()));
                    if (closed) {
                        closeSteps(); // a close() while the steps were built may have missed them
                        return null;
                    }
                }
                Items last = items.get(items.size() - 1);
                Object item = last.next();
                if (finished) {
                    return null;
                }
                if (item != null) {
                    chain.chunk(item);
                    return (C) item;
                }
                finished = true;
                chain.end(last.output());
                return null;
            } catch (Throwable e) {
                if (closed) {
                    return null; // closed by the consumer meanwhile: what the steps threw then is not news
                }
                finished = true;
                for (Items step : items) {
                    step.fail(e);
                }
                chain.error(e);
                throw e;
            }
        }

        private void build(RunConfig child) {
            items.add(new ComponentItems(steps.get(0), () -> input, stepConfig(child, 1)));
            for (int i = 1; i < steps.size(); i++) {
                Object step = steps.get(i);
                Items before = items.get(i - 1);
                RunConfig stepConfig = stepConfig(child, i + 1);
                items.add(step instanceof OutputParser ? new ParserItems(step, before, stepConfig)
                        : new ComponentItems(step, () -> drain(before), stepConfig));
            }
        }

        private Object drain(Items before) {
            while (before.next() != null) {
                if (closed) {
                    throw new CancellationException("stream closed by its consumer");
                }
            }
            return before.output();
        }

        /**
         * Stops the run from any thread: a run not started yet never starts; the steps built so far are closed (a
         * pull building them meanwhile closes them itself); the chain's error follows its running callback, if any.
         */
        @Override
        public void close() {
            if (finished) {
                return;
            }
            closed = true;
            finished = true;
            closeSteps();
            chain.error(new CancellationException("stream closed by its consumer"));
        }

        private void closeSteps() {
            for (Items step : items) {
                step.close();
            }
        }
    }
}
