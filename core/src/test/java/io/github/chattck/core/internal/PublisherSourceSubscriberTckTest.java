package io.github.chattck.core.internal;

import io.github.chattck.core.message.AIMessageChunk;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

import io.github.chattck.core.TckPlaceholders;
import org.testng.annotations.Listeners;

import java.util.concurrent.Flow;

/**
 * SPEC 8: the subscriber that bridges a publisher into a stream ({@code ChunkSource.fromPublisher}) passes the
 * Reactive Streams TCK for subscribers. Run by the TestNG engine on the JUnit Platform.
 */
@Listeners(TckPlaceholders.class)
public class PublisherSourceSubscriberTckTest extends FlowSubscriberBlackboxVerification<AIMessageChunk> {

    public PublisherSourceSubscriberTckTest() {
        super(new TestEnvironment(2_000, 50));
    }

    @Override
    public Flow.Subscriber<AIMessageChunk> createFlowSubscriber() {
        HandOff sink = HandOff.fromCallbacks(s -> { }, HandOff.DEFAULT_CAPACITY);
        return new PublisherSource.DemandSubscriber(sink, HandOff.DEFAULT_CAPACITY, "the TCK's publisher");
    }

    @Override
    public AIMessageChunk createElement(int element) {
        return AIMessageChunk.of("c" + element);
    }
}
