package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.RunContext;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * A component piped into an output parser ({@link Chainable#pipe}): one run of type {@code chain}
 * (LangChain's {@code RunnableSequence}) enclosing the component's run and the parser's run, whose events
 * carry the pipeline's run id in {@code parent_ids}. Streaming is preserved: each item of the component is
 * parsed and passed on as it arrives.
 *
 * @param <I> the input type
 * @param <T> the parser's output type
 */
public final class Pipeline<I, T> implements Chainable<I, T, T> {
    private final Step<I, ?, ?, T> step;

    private Pipeline(Step<I, ?, ?, T> step) {
        this.step = step;
    }

    static <I, O, C, T> Pipeline<I, T> of(Chainable<I, O, C> first, OutputParser<? super O, ? super C, T> parser) {
        return new Pipeline<>(new Step<>(Checks.notNull(first, "first"), Checks.notNull(parser, "parser")));
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

    @Override
    public T invoke(I input, RunConfig config) {
        return step.invoke(this, input, config);
    }

    @Override
    public RunStream<T> stream(I input, RunConfig config) {
        return step.stream(this, input, config);
    }

    /** The config of step n of the pipeline: tagged {@code seq:step:n}, as LangChain tags the steps of a sequence. */
    static RunConfig step(RunConfig child, int n) {
        return child.toBuilder().tags("seq:step:" + n).build();
    }

    static Object rawInput(Object input) {
        return input instanceof ChatInput ? ((ChatInput) input).raw() : input;
    }

    /** Holds the types of the two parts together. */
    private static final class Step<I, O, C, T> {
        private final Chainable<I, O, C> first;
        private final OutputParser<? super O, ? super C, T> parser;

        Step(Chainable<I, O, C> first, OutputParser<? super O, ? super C, T> parser) {
            this.first = first;
            this.parser = parser;
        }

        T invoke(Pipeline<I, T> pipeline, I input, RunConfig config) {
            Checks.notNull(input, "input");
            Checks.notNull(config, "config");
            RunContext chain = RunContext.create(config, pipeline.name(), "chain", List.of(), Map.of());
            chain.start(rawInput(input));
            try {
                RunConfig child = config.childOf(chain.info());
                O output = first.invoke(input, step(child, 1));
                RunContext parse = RunContext.create(step(child, 2), parser.name(), "parser", List.of(), Map.of());
                parse.start(output);
                T parsed;
                try {
                    parsed = parser.parse(output);
                } catch (RuntimeException e) {
                    parse.error(e);
                    throw e;
                }
                parse.end(parsed);
                chain.end(parsed);
                return parsed;
            } catch (RuntimeException | Error e) {
                chain.error(e);
                throw e;
            }
        }

        RunStream<T> stream(Pipeline<I, T> pipeline, I input, RunConfig config) {
            Checks.notNull(input, "input");
            Checks.notNull(config, "config");
            return RunStream.of(new StreamingRun(pipeline, input, config));
        }

        private final class StreamingRun implements RunStream.Pull<T> {
            private final I input;
            private final RunConfig config;
            private final RunContext chain;
            private RunContext parse;
            private RunStream<C> items;
            private Iterator<C> iterator;
            private final Object[] firstOutput = new Object[1];
            private volatile boolean finished;

            StreamingRun(Pipeline<I, T> pipeline, I input, RunConfig config) {
                this.input = input;
                this.config = config;
                this.chain = RunContext.create(config, pipeline.name(), "chain", List.of(), Map.of());
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (finished) {
                    return null;
                }
                try {
                    if (iterator == null) {
                        chain.start(rawInput(input));
                        RunConfig child = config.childOf(chain.info());
                        items = first.stream(input, step(child, 1).withListener(new RunListener() {
                            @Override
                            public void onEnd(RunInfo run, Object output) {
                                if (run.parentIds().equals(child.parentRunIds())) {
                                    firstOutput[0] = output;
                                }
                            }
                        }));
                        parse = RunContext.create(step(child, 2), parser.name(), "parser", List.of(), Map.of());
                        parse.start(null);
                        iterator = items.iterator();
                    }
                    while (iterator.hasNext()) {
                        T parsed = parser.parseChunk(iterator.next());
                        if (finished) {
                            return null;
                        }
                        if (parsed == null) {
                            continue; // nothing to pass on for this item; null would end the stream early
                        }
                        parse.chunk(parsed);
                        chain.chunk(parsed);
                        return parsed;
                    }
                    finished = true;
                    T parsed = parser.parse((O) firstOutput[0]);
                    parse.end(parsed);
                    chain.end(parsed);
                    return null;
                } catch (RuntimeException | Error e) {
                    finished = true;
                    if (parse != null) {
                        parse.error(e);
                    }
                    chain.error(e);
                    throw e;
                }
            }

            @Override
            public void close() {
                if (finished) {
                    return;
                }
                finished = true;
                if (items != null) {
                    items.close();
                    CancellationException closed = new CancellationException("stream closed by its consumer");
                    if (parse != null) {
                        parse.error(closed);
                    }
                    chain.error(closed);
                }
            }
        }
    }
}
