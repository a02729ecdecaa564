package io.github.chattck.core;

/**
 * Receives the life of every run it is attached to (through {@link RunConfig.Builder#listener}) and of
 * their child runs. For a chat model: {@code onStart} once with the input, {@code onChunk} once per chunk
 * the stream yields, then exactly one of {@code onEnd} (with the final {@link io.github.chattck.core.message.AIMessage})
 * or {@code onError}. A stream closed early by its consumer ends with {@code onError} carrying a
 * {@link java.util.concurrent.CancellationException}. Between start and end, {@code onCustomEvent} for each custom
 * event that code inside the run dispatches.
 * <p>
 * Listeners are called on the thread that drives the run. An exception thrown by a listener is logged
 * and ignored: it never breaks the call (SPEC 1.4). All methods default to doing nothing.
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
     * that dispatched it, which may be a provider's own thread.
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
