package io.github.chattck.core;

import io.github.chattck.core.internal.HandOff;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC 8: a publisher is bridged with bounded demand. It is asked for no more than the hand-off can hold, for more
 * as the consumer takes chunks (a quarter of the bound at a time), and its subscription is cancelled on close; its
 * failure reaches the consumer unchanged, after the chunks before it.
 */
class PublisherSourceTest {
    private static final int BOUND = HandOff.DEFAULT_CAPACITY;
    private static final int QUARTER = BOUND / 4;

    /**
     * A publisher driven by the test: it records every request and the cancel, and emits only when told to (from
     * the test's thread, as a network thread would), never more than was requested unless told to misbehave.
     */
    private static final class ScriptedPublisher implements Flow.Publisher<AIMessageChunk>, Flow.Subscription {
        final List<Long> requests = new CopyOnWriteArrayList<>();
        final AtomicLong requested = new AtomicLong();
        final AtomicInteger emitted = new AtomicInteger();
        final AtomicInteger subscriptions = new AtomicInteger();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch cancelledLatch = new CountDownLatch(1);
        volatile boolean cancelled;
        volatile Flow.Subscriber<? super AIMessageChunk> subscriber;

        @Override
        public void subscribe(Flow.Subscriber<? super AIMessageChunk> s) {
            subscriptions.incrementAndGet();
            subscriber = s;
            s.onSubscribe(this);
            subscribed.countDown();
        }

        @Override
        public void request(long n) {
            requests.add(n);
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled = true;
            cancelledLatch.countDown();
        }

        /** Emits as many chunks as are requested and not yet emitted, up to {@code max}; returns how many. */
        int emitDemanded(int max) {
            int n = 0;
            while (n < max && emitted.get() < requested.get() && !cancelled) {
                subscriber.onNext(AIMessageChunk.of("c" + emitted.getAndIncrement()));
                n++;
            }
            return n;
        }

        long outstanding() {
            return requested.get() - emitted.get();
        }
    }

    @Test
    void nothingIsSubscribedBeforeTheFirstPull() {
        ScriptedPublisher publisher = new ScriptedPublisher();
        ChunkSource source = ChunkSource.fromPublisher(publisher);

        assertThat(publisher.subscriptions).hasValue(0);
        source.close();
        assertThat(publisher.subscriptions).as("a source closed before its first pull never subscribes").hasValue(0);
    }

    @Test
    void asksForTheBoundThenAQuarterOfItPerQuarterTaken() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        try (ChunkSource source = ChunkSource.fromPublisher(publisher)) {
            Thread consumer = startPull(source); // the first pull subscribes
            TestModels.await(publisher.subscribed, "the subscription");
            assertThat(publisher.requests).as("the first request is the hand-off's bound, never unbounded")
                    .containsExactly((long) BOUND);

            // the publisher hands over one chunk: the waiting pull takes it; one taken is not yet worth a request
            publisher.emitDemanded(1);
            consumer.join();
            assertThat(publisher.requests).containsExactly((long) BOUND);

            // the publisher fills the hand-off; it is asked for nothing more while the consumer takes nothing
            assertThat(publisher.emitDemanded(Integer.MAX_VALUE)).isEqualTo(BOUND - 1);
            assertThat(publisher.outstanding()).isZero();
            assertThat(publisher.requests).hasSize(1);

            // the consumer takes a quarter of the bound in all: that many are asked for again, in one request
            for (int i = 1; i < QUARTER; i++) {
                assertThat(source.next().content()).isEqualTo("c" + i);
            }
            assertThat(publisher.requests).containsExactly((long) BOUND, (long) QUARTER);
            // ...and they fit: the publisher delivers them without waiting for the consumer
            assertThat(publisher.emitDemanded(Integer.MAX_VALUE)).isEqualTo(QUARTER);

            // two quarters more: two more requests of a quarter each, never more than was taken
            for (int i = QUARTER; i < 3 * QUARTER; i++) {
                assertThat(source.next().content()).isEqualTo("c" + i);
            }
            assertThat(publisher.requests).containsExactly((long) BOUND, (long) QUARTER, (long) QUARTER, (long) QUARTER);
            assertThat(publisher.requested).hasValue(BOUND + 3 * QUARTER);
        }
    }

    @Test
    void aSlowConsumerSlowsThePublisherWithoutBlockingIt() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        try (ChunkSource source = ChunkSource.fromPublisher(publisher)) {
            takeFirstChunk(publisher, source);
            int taken = 1;
            for (int round = 0; round < 200; round++) {
                // the publisher emits all it may (its thread never blocks: emitDemanded returns)...
                publisher.emitDemanded(Integer.MAX_VALUE);
                // ...which is never more than the bound ahead of the consumer, and it may always go on soon
                assertThat(publisher.emitted.get() - taken).isLessThanOrEqualTo(BOUND);
                assertThat(publisher.emitted.get() - taken + publisher.outstanding())
                        .as("chunks waiting plus chunks requested after %d taken", taken)
                        .isLessThanOrEqualTo(BOUND).isGreaterThan(BOUND - QUARTER);
                source.next();
                taken++;
            }
        }
    }

    @Test
    void closeCancelsTheSubscription() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        ChunkSource source = ChunkSource.fromPublisher(publisher);
        Thread consumer = startPull(source);
        TestModels.await(publisher.subscribed, "the subscription");
        publisher.emitDemanded(3);
        consumer.join();

        source.close();

        assertThat(publisher.cancelled).isTrue();
        assertThat(publisher.emitDemanded(Integer.MAX_VALUE)).as("nothing is emitted to a cancelled subscriber").isZero();
        assertThat(source.next()).as("a closed source ends").isNull();
    }

    @Test
    void aCloseBeforeTheSubscriptionArrivesCancelsItOnArrival() throws Exception {
        AtomicReferenceSubscriber late = new AtomicReferenceSubscriber();
        ChunkSource source = ChunkSource.fromPublisher(late);
        Thread consumer = startPull(source);
        TestModels.await(late.subscribeCalled, "subscribe");
        source.close(); // the subscription has not reached the subscriber yet
        consumer.join();

        ScriptedPublisher subscription = new ScriptedPublisher();
        late.subscriber.onSubscribe(subscription);

        assertThat(subscription.cancelled).isTrue();
        assertThat(subscription.requests).as("nothing is requested by a closed source").isEmpty();
    }

    @Test
    void aFailureArrivesUnchangedAfterTheChunksBeforeIt() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        IOException failure = new IOException("connection reset");
        try (ChunkSource source = ChunkSource.fromPublisher(publisher)) {
            Thread consumer = startPull(source);
            TestModels.await(publisher.subscribed, "the subscription");
            publisher.emitDemanded(2);
            publisher.subscriber.onError(failure);
            consumer.join();

            assertThat(source.next().content()).isEqualTo("c1");
            assertThatThrownBy(source::next).isSameAs(failure);
        }
    }

    @Test
    void aPublisherThatIgnoresDemandFailsTheStreamWithRule11() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        try (ChunkSource source = ChunkSource.fromPublisher(publisher)) {
            takeFirstChunk(publisher, source);
            publisher.emitDemanded(Integer.MAX_VALUE);
            publisher.subscriber.onNext(AIMessageChunk.of("one too many"));

            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> {
                AIMessageChunk c;
                while ((c = source.next()) != null) {
                    seen.add(c.content());
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("rule 1.1").hasMessageContaining("one too many");
            // all that was asked for (the bound, not replenished yet), after the one the starting pull took
            assertThat(seen).hasSize(BOUND - 1);
            assertThat(publisher.cancelled).isTrue();
        }
    }

    @Test
    void aSecondSubscriptionIsCancelled() throws Exception {
        ScriptedPublisher publisher = new ScriptedPublisher();
        try (ChunkSource source = ChunkSource.fromPublisher(publisher)) {
            Thread consumer = startPull(source);
            TestModels.await(publisher.subscribed, "the subscription");
            ScriptedPublisher second = new ScriptedPublisher();
            publisher.subscriber.onSubscribe(second);
            assertThat(second.cancelled).isTrue();
            assertThat(second.requests).isEmpty();
            publisher.subscriber.onComplete();
            consumer.join();
        }
    }

    @Test
    void aModelStreamsAPublisherWithAndWithoutATimeout() {
        for (RunConfig config : List.of(RunConfig.builder().build(),
                RunConfig.builder().timeout(Duration.ofSeconds(30)).build())) {
            TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.fromPublisher(
                    new RunStreamPublisherOf(100).publisher()));
            List<AIMessageChunk> chunks = model.stream("hi", config).toList();
            assertThat(chunks).hasSize(100);
            assertThat(chunks.get(99).content()).isEqualTo("c99");
        }
    }

    @Test
    void closingTheRunStreamCancelsThePublisher() {
        ScriptedPublisher publisher = new ScriptedPublisher();
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.fromPublisher(publisher));
        RunStream<AIMessageChunk> stream = model.stream("hi");
        Thread emitter = new Thread(() -> {
            TestModels.await(publisher.subscribed, "the subscription");
            publisher.emitDemanded(5);
        });
        emitter.start();
        var iterator = stream.iterator();
        assertThat(iterator.next().content()).isEqualTo("c0");
        stream.close();
        TestModels.await(publisher.cancelledLatch, "the cancel");
    }

    /** A publisher whose subscribe returns without calling onSubscribe: the test hands a subscription later. */
    private static final class AtomicReferenceSubscriber implements Flow.Publisher<AIMessageChunk> {
        final CountDownLatch subscribeCalled = new CountDownLatch(1);
        volatile Flow.Subscriber<? super AIMessageChunk> subscriber;

        @Override
        public void subscribe(Flow.Subscriber<? super AIMessageChunk> s) {
            subscriber = s;
            subscribeCalled.countDown();
        }
    }

    /** A well-behaved publisher: a chat-tck stream's own publisher view over n counted chunks. */
    private static final class RunStreamPublisherOf {
        private final long n;

        RunStreamPublisherOf(long n) {
            this.n = n;
        }

        Flow.Publisher<AIMessageChunk> publisher() {
            return new PublisherTckSupport.NChunks(n).stream("x").toPublisher(Runnable::run);
        }
    }

    /** The first pull (on another thread) subscribes; the publisher hands over one chunk and the pull takes it. */
    private static void takeFirstChunk(ScriptedPublisher publisher, ChunkSource source) throws InterruptedException {
        Thread consumer = startPull(source);
        TestModels.await(publisher.subscribed, "the subscription");
        publisher.emitDemanded(1);
        consumer.join();
    }

    /** Starts a pull on another thread: the first pull subscribes, and blocks until a chunk or the end comes. */
    private static Thread startPull(ChunkSource source) {
        Thread t = new Thread(() -> {
            try {
                source.next();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
