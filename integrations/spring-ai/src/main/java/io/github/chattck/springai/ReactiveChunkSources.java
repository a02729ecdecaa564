package io.github.chattck.springai;

import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessageChunk;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;

/**
 * Chunk sources over Reactive Streams publishers (a Reactor {@code Flux}, an RxJava {@code Flowable}), for providers
 * whose client hands out one. Core knows only {@link java.util.concurrent.Flow}; this adapts and keeps its bounded
 * demand (see {@link ChunkSource#fromPublisher}).
 */
public final class ReactiveChunkSources {
    private ReactiveChunkSources() {
    }

    /**
     * A source over a Reactive Streams publisher, with bounded demand: subscribed on the first pull, asked for no
     * more than the hand-off holds and for more as chunks are taken (a quarter of the bound at a time), cancelled when
     * the stream is closed.
     *
     * @param publisher the chunks; subscribed once
     * @return the source
     */
    public static ChunkSource fromPublisher(Publisher<AIMessageChunk> publisher) {
        return ChunkSource.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(Checks.notNull(publisher, "publisher")));
    }
}
