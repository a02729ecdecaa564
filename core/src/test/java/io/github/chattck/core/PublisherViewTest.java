package io.github.chattck.core;

import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC STR-12 beyond the TCK: the publisher view delivers what stream() yields, honours demand and cancel. */
class PublisherViewTest {

    /** Records signals; requests only when told. */
    private static final class Recorder implements Flow.Subscriber<AIMessageChunk> {
        final List<String> signals = new ArrayList<>();
        Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signals.add("subscribe");
        }

        @Override
        public void onNext(AIMessageChunk item) {
            signals.add(item.content());
        }

        @Override
        public void onError(Throwable t) {
            signals.add("error " + t.getMessage());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    @Test
    void itDeliversTheChunksOfTheStreamInOrderThenCompletes() {
        Recorder recorder = new Recorder();

        new TestModels.Streaming("a", "b", "c").stream("x").toPublisher().subscribe(recorder);
        recorder.subscription.request(Long.MAX_VALUE);

        assertThat(recorder.signals).containsExactly("subscribe", "a", "b", "c", "complete");
    }

    @Test
    void itHonoursDemandAndPullsAtMostOneChunkAhead() {
        TestModels.CountingSource source = new TestModels.CountingSource(Long.MAX_VALUE);
        Recorder recorder = new Recorder();

        new TestModels.WithSource(() -> source).stream("x").toPublisher().subscribe(recorder);
        assertThat(recorder.signals).containsExactly("subscribe");
        assertThat(source.produced.get()).as("pulled ahead before any request").isLessThanOrEqualTo(1);

        recorder.subscription.request(2);
        assertThat(recorder.signals).containsExactly("subscribe", "c0", "c1");
        assertThat(source.produced.get()).as("pulled after two requested").isLessThanOrEqualTo(3);

        recorder.subscription.request(1);
        assertThat(recorder.signals).containsExactly("subscribe", "c0", "c1", "c2");
    }

    @Test
    void cancelClosesTheRunAndReleasesTheProvider() {
        TestModels.CountingSource source = new TestModels.CountingSource(Long.MAX_VALUE);
        RecordingListener listener = new RecordingListener();
        Recorder recorder = new Recorder();

        new TestModels.WithSource(() -> source).stream("x", RunConfig.builder().listener(listener).build())
                .toPublisher().subscribe(recorder);
        recorder.subscription.request(1);
        recorder.subscription.cancel();
        recorder.subscription.request(5);

        assertThat(recorder.signals).containsExactly("subscribe", "c0");
        assertThat(source.closeCalls).hasValue(1);
        assertThat(listener.calls()).last().isEqualTo("error chat_model");
        assertThat(listener.errors()).singleElement().isInstanceOf(CancellationException.class);
    }

    @Test
    void aProviderFailingAtOnceIsSignalledWithoutDemand() {
        Recorder recorder = new Recorder();

        new PublisherTckSupport.Failing().stream("x").toPublisher().subscribe(recorder);

        assertThat(recorder.signals).containsExactly("subscribe", "error provider unavailable");
    }

    @Test
    void aRequestOfZeroIsAnError() {
        Recorder recorder = new Recorder();

        new TestModels.Streaming("a").stream("x").toPublisher().subscribe(recorder);
        recorder.subscription.request(0);

        assertThat(recorder.signals).hasSize(2);
        assertThat(recorder.signals.get(1)).startsWith("error").contains("3.9");
    }
}
