package io.github.chattck.core;

import io.github.chattck.core.message.AIMessageChunk;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;

import org.testng.annotations.Listeners;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * SPEC STR-12: {@link RunStream#toPublisher(java.util.concurrent.Executor)} (delivery on an executor) passes the
 * Reactive Streams TCK. Run by the TestNG engine on the JUnit Platform.
 */
@Listeners(TckPlaceholders.class)
public class RunStreamExecutorPublisherTckTest extends FlowPublisherVerification<AIMessageChunk> {
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tck-delivery");
        t.setDaemon(true);
        return t;
    });

    public RunStreamExecutorPublisherTckTest() {
        super(PublisherTckSupport.environment());
    }

    @AfterClass
    public void shutdownExecutor() {
        executor.shutdownNow();
    }

    @Override
    public Flow.Publisher<AIMessageChunk> createFlowPublisher(long elements) {
        return PublisherTckSupport.streamOf(elements).toPublisher(executor);
    }

    @Override
    public Flow.Publisher<AIMessageChunk> createFailedFlowPublisher() {
        return PublisherTckSupport.failingStream().toPublisher(executor);
    }
}
