package io.github.chattck.core;

import io.github.chattck.core.message.AIMessageChunk;

/**
 * Where a push-style provider hands its chunks (see {@link ChunkSource#fromCallbacks} and
 * {@link ChunkSource#produceOnThread}). The hand-off is bounded: {@link #next} blocks while the consumer is
 * behind, which is the back-pressure. Thread-safe; chunks from one producer thread keep their order.
 */
public interface ChunkSink {

    /**
     * Hands over one chunk, blocking while the hand-off is full.
     *
     * @param chunk the chunk, not null
     * @return true if it was handed over; false if the consumer closed the stream (the chunk is dropped:
     *         stop producing and release resources)
     * @throws NullPointerException if {@code chunk} is null; the stream then fails with the same exception, so
     *                              that the consumer never waits for a chunk that will not come
     */
    boolean next(AIMessageChunk chunk);

    /** Ends the stream normally, after the chunks already handed over. Later calls are ignored. */
    void complete();

    /**
     * Ends the stream with a failure, delivered to the consumer after the chunks already handed over.
     *
     * @param error the failure, not null
     * @throws NullPointerException if {@code error} is null; the stream then fails with that exception instead
     */
    void error(Throwable error);

    /**
     * Whether the consumer has closed the stream.
     *
     * @return true once closed
     */
    boolean isCancelled();

    /**
     * Registers an action run once when the consumer closes the stream early (or at once if it already did),
     * to release the provider's resources.
     *
     * @param action the action
     */
    void onCancel(Runnable action);
}
