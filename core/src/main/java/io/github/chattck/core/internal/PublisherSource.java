package io.github.chattck.core.internal;

import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A {@link ChunkSource} fed by a {@link Flow.Publisher} with bounded demand, on top of the bounded {@link HandOff}.
 * The publisher is subscribed on the first pull and asked for as many chunks as the hand-off can hold; the chunks
 * the consumer takes are asked for again, a quarter of the bound at a time (one request per chunk would cost more
 * than the chunk: a lock here and the publisher's own atomic accounting). Before asking, the consumer frees the
 * hand-off's slots of the chunks it took. So the chunks queued plus the chunks requested but not yet delivered never
 * exceed the bound: the publisher's thread never blocks on a full hand-off (not even a publisher that delivers on
 * the consumer's own thread, inside {@code request}), a slow consumer slows the publisher, and {@link #close()}
 * cancels the subscription. Internal: not part of the API.
 */
public final class PublisherSource implements ChunkSource {
    private final HandOff handOff;
    private final DemandSubscriber subscriber;
    /** How many taken chunks make one request. */
    private final int requestBatch;
    /** Consumer-confined: chunks taken since the last request. */
    private int takenSinceRequest;

    private PublisherSource(Flow.Publisher<AIMessageChunk> publisher, int capacity) {
        Checks.argument(capacity > 0, "capacity must be > 0 but was %d", capacity);
        DemandSubscriber[] made = new DemandSubscriber[1];
        this.handOff = HandOff.fromCallbacks(sink -> publisher.subscribe(made[0]), capacity);
        this.subscriber = new DemandSubscriber(handOff, capacity, publisher);
        this.requestBatch = Math.max(1, capacity / 4);
        made[0] = subscriber;
    }

    /**
     * A source over {@code publisher}, subscribed on the first pull.
     *
     * @param publisher the chunks
     * @param capacity  the most chunks queued or requested at any time, {@code > 0}
     * @return the source
     */
    public static PublisherSource of(Flow.Publisher<AIMessageChunk> publisher, int capacity) {
        return new PublisherSource(Checks.notNull(publisher, "publisher"), capacity);
    }

    @Override
    public AIMessageChunk next() throws Exception {
        AIMessageChunk chunk = handOff.next();
        if (chunk != null && ++takenSinceRequest == requestBatch) {
            handOff.releaseTaken(); // first free the slots, then ask: what the publisher delivers always has room
            subscriber.taken(takenSinceRequest);
            takenSinceRequest = 0;
        }
        return chunk;
    }

    @Override
    public void close() {
        handOff.close(); // runs the subscriber's cancel, registered with the hand-off on subscription
    }

    /**
     * The subscriber side: hands each chunk to a {@link ChunkSink} and keeps the demand within the sink's bound.
     * The consumer calls {@link #taken(long)} for the chunks it removed from the sink, once it freed their room.
     * Public for the Reactive Streams TCK run of the core tests.
     */
    public static final class DemandSubscriber implements Flow.Subscriber<AIMessageChunk> {
        private final ChunkSink sink;
        private final int capacity;
        private final Object publisherName;
        /**
         * All requested so far: written under {@link #lock} by the consumer, read by {@code onNext}. With
         * {@link #delivered}, it replaces a counter both sides would update atomically for every chunk.
         */
        private volatile long requested;
        /** All delivered so far: written by {@code onNext} only, whose calls the publisher serializes (rule 1.3). */
        private long delivered;
        /** Subscription calls are made under this lock: request (consumer) and cancel (closer) may race (rule 2.7). */
        private final Object lock = new Object();
        private volatile Flow.Subscription subscription;
        private boolean cancelled;
        private volatile boolean done;

        /**
         * Creates the subscriber.
         *
         * @param sink      where chunks go; its bound must be at least {@code capacity}
         * @param capacity  the most chunks requested and not yet taken
         * @param publisher the publisher, named in protocol errors
         */
        public DemandSubscriber(ChunkSink sink, int capacity, Object publisher) {
            this.sink = Checks.notNull(sink, "sink");
            this.capacity = capacity;
            this.publisherName = publisher;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "Reactive Streams rule 2.13: the subscription must not be null");
            synchronized (lock) {
                if (subscription != null) {
                    s.cancel(); // rule 2.5: one subscription at a time
                    return;
                }
                subscription = s;
            }
            sink.onCancel(this::cancel); // runs at once if the consumer closed before the subscription arrived
            request(capacity);
        }

        @Override
        public void onNext(AIMessageChunk chunk) {
            if (chunk == null) {
                throw misuse("Reactive Streams rule 2.13: an element must not be null");
            }
            if (done) {
                return;
            }
            // a publisher delivers the k-th chunk only after it saw requests for k: the volatile read sees them all
            if (++delivered > requested) {
                done = true;
                cancel();
                sink.error(new IllegalStateException("the publisher " + publisherName
                        + " delivered more chunks than were requested (Reactive Streams rule 1.1); dropped " + chunk));
                return;
            }
            if (!sink.next(chunk)) {
                cancel(); // the consumer closed the stream
            }
        }

        @Override
        public void onError(Throwable error) {
            if (error == null) {
                throw misuse("Reactive Streams rule 2.13: the error must not be null");
            }
            if (!done) {
                done = true;
                sink.error(error);
            }
        }

        @Override
        public void onComplete() {
            if (!done) {
                done = true;
                sink.complete();
            }
        }

        /**
         * A null signal: thrown to the publisher as rule 2.13 requires, and also the stream's failure, so that the
         * consumer does not wait for chunks that will not come; the subscription counts as cancelled.
         */
        private NullPointerException misuse(String message) {
            NullPointerException npe = new NullPointerException(message + " (publisher " + publisherName + ")");
            if (!done) {
                done = true;
                cancel();
                sink.error(npe);
            }
            return npe;
        }

        /**
         * The consumer took {@code n} chunks out of the sink and freed their room: asks for as many more.
         *
         * @param n how many, {@code > 0}
         */
        public void taken(long n) {
            if (!done) {
                request(n);
            }
        }

        private void request(long n) {
            synchronized (lock) {
                if (!cancelled) {
                    requested += n; // under the lock: the consumer and the subscription's arrival both request
                    subscription.request(n);
                }
            }
        }

        private void cancel() {
            synchronized (lock) {
                Flow.Subscription s = subscription;
                if (!cancelled && s != null) {
                    cancelled = true;
                    s.cancel();
                }
            }
        }
    }
}
