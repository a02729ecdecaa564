package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Faults;
import io.github.chattck.core.internal.HandOff;
import io.github.chattck.core.internal.PublisherSource;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * What a provider returns from {@link BaseChatModel#streamChunks}: its chunks, pulled one at a time by the
 * consumer. The base class calls {@link #next()} only when the consumer asks for the next chunk, and
 * {@link #close()} exactly once, at the end, on failure, or when the consumer closes the stream early.
 * <p>
 * Two provider styles are supported:
 * <ul>
 *   <li>a provider that pulls (an SSE line reader, an iterator) implements this interface directly or
 *       uses {@link #of(Iterator, AutoCloseable)}: no extra thread, nothing buffered;</li>
 *   <li>a provider that pushes (an HTTP client callback, a loop that must run on its own thread) uses
 *       {@link #fromCallbacks(Consumer)} or {@link #produceOnThread(Producer)}: chunks pass through a bounded
 *       hand-off, so a slow consumer blocks the producer instead of growing a buffer;</li>
 *   <li>a provider that publishes (a {@link Flow.Publisher}, a Reactor {@code Flux} adapted to one) uses
 *       {@link #fromPublisher(Flow.Publisher)}: the publisher is asked only for what the hand-off can hold.</li>
 * </ul>
 */
public interface ChunkSource extends AutoCloseable {

    /**
     * The next chunk, blocking until it exists.
     *
     * @return the chunk, or null when the answer is complete
     * @throws Exception whatever the provider fails with; it reaches the caller unchanged (checked ones wrapped)
     */
    AIMessageChunk next() throws Exception;

    /**
     * Releases the provider's resources (connections, threads). Called once, possibly from another thread than
     * {@link #next()} (a consumer closing the stream early): it must release a {@code next()} blocked in a read.
     * It must not throw; if it does anyway, the failure is logged as a warning (logger
     * {@code io.github.chattck.core.ChunkSource}) and never changes how the run ends, with or without a timeout: a
     * complete answer still ends normally, a failed run keeps its own failure, a closed one its cancellation.
     */
    @Override
    default void close() {
    }

    /**
     * A source over an iterator, with nothing to release.
     *
     * @param chunks the chunks
     * @return the source
     */
    static ChunkSource of(Iterator<AIMessageChunk> chunks) {
        return of(chunks, () -> { });
    }

    /**
     * A source over a list of chunks.
     *
     * @param chunks the chunks
     * @return the source
     */
    static ChunkSource of(List<AIMessageChunk> chunks) {
        return of(Checks.noNullElements(chunks, "chunks").iterator());
    }

    /**
     * A source over an iterator that releases {@code resource} when closed (e.g. the HTTP response body).
     *
     * @param chunks   the chunks, pulled on the consumer's thread
     * @param resource closed once with the source
     * @return the source
     */
    static ChunkSource of(Iterator<AIMessageChunk> chunks, AutoCloseable resource) {
        Checks.notNull(chunks, "chunks");
        Checks.notNull(resource, "resource");
        return new ChunkSource() {
            @Override
            public AIMessageChunk next() {
                return chunks.hasNext() ? Checks.notNull(chunks.next(), "chunk from the provider's iterator") : null;
            }

            @Override
            public void close() {
                Faults.closeLogging(resource, "the provider's iterator");
            }
        };
    }

    /**
     * A source fed by callbacks on the provider's own threads. {@code start} is called once, on the consumer's
     * thread, when the first chunk is requested; it must return promptly and later call
     * {@link ChunkSink#next}, then {@link ChunkSink#complete} or {@link ChunkSink#error}, from any thread.
     *
     * @param start registers the provider's callbacks
     * @return the source
     */
    static ChunkSource fromCallbacks(Consumer<ChunkSink> start) {
        return HandOff.fromCallbacks(Checks.notNull(start, "start"), HandOff.DEFAULT_CAPACITY);
    }

    /**
     * A source fed by a blocking producer that runs on a background (daemon) thread of the kit. The stream
     * completes when {@link Producer#produce} returns, and fails with what it throws. When the consumer closes
     * the stream early, the producer's thread is interrupted and {@link ChunkSink#next} returns false.
     *
     * @param producer the producer
     * @return the source
     */
    static ChunkSource produceOnThread(Producer producer) {
        return HandOff.onThread(Checks.notNull(producer, "producer"), HandOff.DEFAULT_CAPACITY);
    }

    /**
     * A source fed by a publisher, with bounded demand: subscribed on the first pull, it asks for at most as many
     * chunks as the bounded hand-off can hold, and for more as the consumer takes them (a quarter of the bound at a
     * time, once their room is free again); it never asks for everything at once. A slow consumer therefore slows the publisher without blocking its thread, and
     * closing the stream cancels the subscription. The publisher's {@code onError} reaches the consumer unchanged,
     * after the chunks before it. A publisher that delivers more than was asked for (Reactive Streams rule 1.1)
     * fails the stream with an {@link IllegalStateException}. For a Reactive Streams
     * {@code org.reactivestreams.Publisher} (Reactor, RxJava), adapt it first, e.g. with
     * {@code org.reactivestreams.FlowAdapters.toFlowPublisher} or Reactor's {@code JdkFlowAdapter}.
     *
     * @param publisher the chunks; subscribed once
     * @return the source
     */
    static ChunkSource fromPublisher(Flow.Publisher<AIMessageChunk> publisher) {
        return PublisherSource.of(Checks.notNull(publisher, "publisher"), HandOff.DEFAULT_CAPACITY);
    }

    /** A blocking chunk producer for {@link #produceOnThread(Producer)}. */
    @FunctionalInterface
    interface Producer {
        /**
         * Produces all chunks into the sink and returns.
         *
         * @param sink where the chunks go
         * @throws Exception the provider's failure, delivered to the consumer after the chunks already given
         */
        void produce(ChunkSink sink) throws Exception;
    }
}
