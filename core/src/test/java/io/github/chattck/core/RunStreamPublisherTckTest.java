package io.github.chattck.core;

import io.github.chattck.core.message.AIMessageChunk;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

import org.testng.annotations.Listeners;

import java.util.concurrent.Flow;

/**
 * SPEC STR-12: {@link RunStream#toPublisher()} (delivery on the requesting thread) passes the Reactive Streams
 * TCK. Run by the TestNG engine on the JUnit Platform.
 */
@Listeners(TckPlaceholders.class)
public class RunStreamPublisherTckTest extends FlowPublisherVerification<AIMessageChunk> {

    public RunStreamPublisherTckTest() {
        super(PublisherTckSupport.environment());
    }

    @Override
    public Flow.Publisher<AIMessageChunk> createFlowPublisher(long elements) {
        return PublisherTckSupport.streamOf(elements).toPublisher();
    }

    @Override
    public Flow.Publisher<AIMessageChunk> createFailedFlowPublisher() {
        return PublisherTckSupport.failingStream().toPublisher();
    }
}
