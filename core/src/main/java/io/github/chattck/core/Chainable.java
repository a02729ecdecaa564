package io.github.chattck.core;

import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.Batches;
import io.github.chattck.core.internal.EventStreams;

import java.util.List;
import java.util.function.Function;

/**
 * The standard interface (LangChain's {@code Runnable}): one component that can be invoked, batched,
 * streamed and observed as a stream of events, and piped into further steps (a {@link Pipeline}). A chat model is a
 * {@code Chainable<ChatInput, AIMessage, AIMessageChunk>}.
 * <p>
 * Implementations provide {@link #invoke(Object, RunConfig)} and {@link #stream(Object, RunConfig)} and must
 * report their run to the {@linkplain RunConfig#listeners() listeners} of the config; everything else is
 * derived from those two.
 *
 * @param <I> the input type
 * @param <O> the output type of {@code invoke}
 * @param <C> the item type of {@code stream}
 */
public interface Chainable<I, O, C> {

    /**
     * The component's name, used as the run name when the config sets none.
     *
     * @return the name
     */
    String name();

    /**
     * Runs once and returns the output.
     *
     * @param input  the input, not null
     * @param config the run config, not null
     * @return the output
     */
    O invoke(I input, RunConfig config);

    /**
     * Runs once, streaming the output as it is produced. The run starts when the stream is first pulled.
     *
     * @param input  the input, not null (validated at once, before anything runs)
     * @param config the run config, not null
     * @return a single-use stream; close it to stop the run early
     */
    RunStream<C> stream(I input, RunConfig config);

    /**
     * {@link #invoke(Object, RunConfig)} with the default config.
     *
     * @param input the input
     * @return the output
     */
    default O invoke(I input) {
        return invoke(input, RunConfig.defaults());
    }

    /**
     * {@link #stream(Object, RunConfig)} with the default config.
     *
     * @param input the input
     * @return the stream
     */
    default RunStream<C> stream(I input) {
        return stream(input, RunConfig.defaults());
    }

    /**
     * Invokes each input, at most {@link RunConfig#maxConcurrency()} at once, and returns the outputs in input
     * order. The first failure fails the batch: calls not yet started are not started, and the failure is
     * thrown once the running ones have finished. An empty list returns an empty list without running anything.
     *
     * @param inputs the inputs, not null, no null element
     * @param config the config of every call; its {@code runId}, if set, is allowed only for a single input
     * @return the outputs, in input order
     */
    default List<O> batch(List<? extends I> inputs, RunConfig config) {
        return Batches.run(inputs, config, this::invoke);
    }

    /**
     * {@link #batch(List, RunConfig)} with the default config.
     *
     * @param inputs the inputs
     * @return the outputs, in input order
     */
    default List<O> batch(List<? extends I> inputs) {
        return batch(inputs, RunConfig.defaults());
    }

    /**
     * Invokes each input with its own config (LangChain's {@code batch(inputs, configs[])}), at most the first
     * config's {@link RunConfig#maxConcurrency()} at once, and returns the outputs in input order; the first failure
     * fails the batch, as in {@link #batch(List, RunConfig)}.
     *
     * @param inputs  the inputs, not null, no null element
     * @param configs one config per input, in the same order; run ids, if set, distinct
     * @return the outputs, in input order
     * @throws IllegalArgumentException naming both sizes if there are not as many configs as inputs
     */
    default List<O> batch(List<? extends I> inputs, List<RunConfig> configs) {
        return Batches.run(inputs, configs, this::invoke);
    }

    /**
     * Like {@link #batch(List, List)}, but a failing input does not fail the batch: its slot holds its exception.
     *
     * @param inputs  the inputs, not null, no null element
     * @param configs one config per input, in the same order
     * @return one result per input, in input order
     * @throws IllegalArgumentException naming both sizes if there are not as many configs as inputs
     */
    default List<BatchResult<O>> batchReturningExceptions(List<? extends I> inputs, List<RunConfig> configs) {
        return Batches.runReturningExceptions(inputs, configs, this::invoke);
    }

    /**
     * Like {@link #batch(List, RunConfig)}, but a failing input does not fail the batch: its slot holds its
     * exception and the other slots their outputs (LangChain's {@code returnExceptions: true}).
     *
     * @param inputs the inputs, not null, no null element
     * @param config the config of every call
     * @return one result per input, in input order
     */
    default List<BatchResult<O>> batchReturningExceptions(List<? extends I> inputs, RunConfig config) {
        return Batches.runReturningExceptions(inputs, config, this::invoke);
    }

    /**
     * Runs once and streams the run's events (schema v2): start, one event per streamed item, end, for this
     * run and every child run, filtered by {@code filter}. On failure the events so far are delivered, then
     * the iterator throws; there is no end event.
     *
     * @param input  the input
     * @param config the config
     * @param filter which events to keep
     * @return a single-use stream of events
     */
    default RunStream<StreamEvent> streamEvents(I input, RunConfig config, EventFilter filter) {
        return EventStreams.stream(this, input, config, filter, RunStream::pullOf);
    }

    /**
     * {@link #streamEvents(Object, RunConfig, EventFilter)} keeping every event.
     *
     * @param input  the input
     * @param config the config
     * @return the events
     */
    default RunStream<StreamEvent> streamEvents(I input, RunConfig config) {
        return streamEvents(input, config, EventFilter.all());
    }

    /**
     * {@link #streamEvents(Object, RunConfig, EventFilter)} with the default config, keeping every event.
     *
     * @param input the input
     * @return the events
     */
    default RunStream<StreamEvent> streamEvents(I input) {
        return streamEvents(input, RunConfig.defaults(), EventFilter.all());
    }

    /**
     * This component followed by an output parser, as one pipeline with a run of its own: the pipeline's
     * events enclose this component's, whose {@code parent_ids} name the pipeline's run. The parser parses each
     * streamed item as it arrives.
     *
     * @param parser the parser
     * @param <T>    the parser's output type
     * @return the pipeline
     */
    default <T> Pipeline<I, T, T> pipe(OutputParser<? super O, ? super C, T> parser) {
        return Pipeline.of(this, parser);
    }

    /**
     * This component followed by another (a chat model, a {@link FunctionStep}, a pipeline ...), as one pipeline
     * (LangChain's {@code RunnableSequence}); the next one gets this one's output. Pipelines are flattened: piping
     * into or from a pipeline makes one longer pipeline.
     *
     * @param next the next step
     * @param <T>  its output type
     * @param <D>  its item type
     * @return the pipeline
     */
    default <T, D> Pipeline<I, T, D> pipe(Chainable<? super O, T, D> next) {
        return Pipeline.of(this, next);
    }

    /**
     * This component followed by a plain function, as a step named {@code RunnableLambda} (as LangChain names a
     * function it coerces into a step).
     *
     * @param function the function of this component's output; must not return null
     * @param <T>      its result type
     * @return the pipeline
     */
    default <T> Pipeline<I, T, T> pipe(Function<? super O, ? extends T> function) {
        return pipe(FunctionStep.<O, T>of(function));
    }

    /**
     * This component followed by a plain function, as a step of that name.
     *
     * @param name     the step's name in runs and events
     * @param function the function of this component's output; must not return null
     * @param <T>      its result type
     * @return the pipeline
     */
    default <T> Pipeline<I, T, T> pipe(String name, Function<? super O, ? extends T> function) {
        return pipe(FunctionStep.<O, T>of(name, function));
    }
}
