package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.RunContext;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A plain function as a component of its own (LangChain's {@code RunnableLambda}), typically a step of a
 * {@link Pipeline}: a lambda that builds the model's input, a formatter of its answer.
 * <pre>{@code
 * Pipeline<String, String, String> chain = FunctionStep.of("prompt", (String topic) -> ChatInput.of("Tell me about " + topic))
 *         .pipe(model)
 *         .pipe(StrOutputParser.create())
 *         .pipe("format", text -> "<" + text + ">");
 * }</pre>
 * Each call is a run of type {@code chain} under the step's name: {@code on_chain_start} with the input,
 * {@code on_chain_stream} with the result when streamed (one item), {@code on_chain_end} with the result. A step
 * made with {@link #withRun} also gets its run, to dispatch custom events into it
 * ({@link RunInfo#dispatchCustomEvent}). Listeners get the input and the result as they are; in {@code streamEvents}
 * a {@link ChatInput} shows as the string or messages it was made of. The function runs on the calling thread; the
 * config's timeout does not apply to it.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public final class FunctionStep<I, O> implements Chainable<I, O, O> {
    /** The name of a step made without one, as LangChain names a function it makes a step of. */
    public static final String DEFAULT_NAME = "RunnableLambda";

    private final String name;
    private final BiFunction<? super I, RunInfo, ? extends O> function;

    private FunctionStep(String name, BiFunction<? super I, RunInfo, ? extends O> function) {
        Checks.argument(name != null && !name.isBlank(), "a function step needs a non-blank name but got %s",
                name == null ? "null" : "'" + name + "'");
        this.name = name;
        this.function = Checks.notNull(function, "function");
    }

    /**
     * A step named {@value #DEFAULT_NAME}.
     *
     * @param function the function; must not return null
     * @param <I>      input type
     * @param <O>      result type
     * @return the step
     */
    public static <I, O> FunctionStep<I, O> of(Function<? super I, ? extends O> function) {
        return of(DEFAULT_NAME, function);
    }

    /**
     * A step with a name of its own (its runs and events carry it).
     *
     * @param name     non-blank
     * @param function the function; must not return null
     * @param <I>      input type
     * @param <O>      result type
     * @return the step
     */
    public static <I, O> FunctionStep<I, O> of(String name, Function<? super I, ? extends O> function) {
        Checks.notNull(function, "function");
        return new FunctionStep<>(name, (input, run) -> function.apply(input));
    }

    /**
     * A step named {@value #DEFAULT_NAME} whose function also gets its run, e.g. to dispatch custom events.
     *
     * @param function the function of the input and the step's run; must not return null
     * @param <I>      input type
     * @param <O>      result type
     * @return the step
     */
    public static <I, O> FunctionStep<I, O> withRun(BiFunction<? super I, RunInfo, ? extends O> function) {
        return withRun(DEFAULT_NAME, function);
    }

    /**
     * A step with a name of its own whose function also gets its run.
     *
     * @param name     non-blank
     * @param function the function of the input and the step's run; must not return null
     * @param <I>      input type
     * @param <O>      result type
     * @return the step
     */
    public static <I, O> FunctionStep<I, O> withRun(String name, BiFunction<? super I, RunInfo, ? extends O> function) {
        return new FunctionStep<>(name, function);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public O invoke(I input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        RunContext run = RunContext.create(config, name, "chain", List.of(), Map.of());
        run.start(input);
        O output = apply(input, run);
        run.end(output);
        return output;
    }

    @Override
    public RunStream<O> stream(I input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        RunContext run = RunContext.create(config, name, "chain", List.of(), Map.of());
        return RunStream.of(new RunStream.Pull<>() {
            private O output;
            private volatile boolean started;
            private volatile boolean finished;

            @Override
            public O next() {
                if (finished) {
                    return null;
                }
                if (!started) {
                    started = true;
                    run.start(input);
                    try {
                        output = apply(input, run);
                    } finally {
                        finished = output == null; // failed: the run already reported its error
                    }
                    run.chunk(output);
                    return output;
                }
                finished = true;
                run.end(output);
                return null;
            }

            @Override
            public void close() {
                if (!finished) {
                    finished = true;
                    if (started) {
                        run.error(new CancellationException("stream closed by its consumer"));
                    }
                }
            }
        });
    }

    private O apply(I input, RunContext run) {
        O output;
        try {
            output = function.apply(input, run.info());
        } catch (RuntimeException | Error e) {
            run.error(e);
            throw e;
        }
        if (output == null) {
            NullPointerException e = new NullPointerException("function step '" + name + "' returned null; a step must "
                    + "return a value");
            run.error(e);
            throw e;
        }
        return output;
    }

    @Override
    public String toString() {
        return "FunctionStep{" + name + "}";
    }
}
