package io.github.chattck.core;

/**
 * Receives the life of every run it is attached to (through {@link RunConfig.Builder#listener}) and of
 * their child runs. For a chat model: {@code onStart} once with the input, {@code onChunk} once per chunk
 * the stream yields, then exactly one of {@code onEnd} (with the final {@link io.github.chattck.core.message.AIMessage})
 * or {@code onError}, and nothing after it. A stream closed early by its consumer ends with {@code onError}
 * carrying a {@link java.util.concurrent.CancellationException}; a stream closed before its first pull never ran
 * and reports nothing. Between start and end, {@code onCustomEvent} for each custom event that code inside the run
 * dispatches.
 * <p>
 * Threads: the callbacks of one run are totally ordered and never overlap, whatever thread closes the stream.
 * They are called on the thread that drives the run, except the {@code onError} of a close from another thread and a
 * custom event dispatched from another thread: those are called on that thread, or, if a callback of the run is
 * running at that moment, on that callback's thread right after it returns ({@code close()} never waits for a
 * listener). Callbacks of different runs (a
 * batch's calls, a pipeline's steps) may come from different threads at once: a listener shared by several runs
 * must be thread-safe.
 * <p>
 * Failures: whatever a listener throws is logged (as a warning, logger {@code io.github.chattck.core.internal.RunContext})
 * and ignored: it never breaks the call, the other listeners still get every callback (SPEC 1.4). This holds for
 * unchecked exceptions, errors such as {@link AssertionError}, and checked exceptions thrown sneakily (Kotlin,
 * Lombok's {@code @SneakyThrows}). Only a {@link VirtualMachineError} (out of memory, stack overflow) and a
 * {@link ThreadDeath} propagate, as the JVM or the thread cannot go on; the run's later callbacks are then not
 * delivered. All methods default to doing nothing.
 */
public interface RunListener {

    /**
     * A run started.
     *
     * @param run   the run
     * @param input the input exactly as the caller passed it (for a chat model: a String or a List of messages)
     */
    default void onStart(RunInfo run, Object input) {
    }

    /**
     * A run produced a chunk (for a chat model: an {@link io.github.chattck.core.message.AIMessageChunk}).
     *
     * @param run   the run
     * @param chunk the chunk, as the stream yields it
     */
    default void onChunk(RunInfo run, Object chunk) {
    }

    /**
     * A run ended normally.
     *
     * @param run    the run
     * @param output the final output (for a chat model: the aggregated {@link io.github.chattck.core.message.AIMessage})
     */
    default void onEnd(RunInfo run, Object output) {
    }

    /**
     * Code running inside a run dispatched a custom event ({@link RunInfo#dispatchCustomEvent}); called on the thread
     * that dispatched it, which may be a provider's own thread (or right after the callback of the run running at
     * that moment, on its thread: callbacks of a run never overlap).
     *
     * @param run       the run the event belongs to
     * @param eventName the event's name
     * @param payload   the event's data, an immutable JSON object
     */
    default void onCustomEvent(RunInfo run, String eventName, java.util.Map<String, Object> payload) {
    }

    /**
     * A run failed, timed out, or its stream was closed before the end.
     *
     * @param run   the run
     * @param error what ended it
     */
    default void onError(RunInfo run, Throwable error) {
    }
}
