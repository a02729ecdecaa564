package io.github.chattck.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A LangChain4j streaming model written by hand, as a provider would: its callbacks run on a thread of its own, and
 * the test says what it does with the handler. It counts the partial responses sent and sees a cancel.
 */
final class StubStreamingModel implements StreamingChatModel {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final BiConsumer<StubStreamingModel, StreamingChatResponseHandler> behaviour;
    final Handle handle = new Handle();
    final AtomicInteger partialsSent = new AtomicInteger();
    final CountDownLatch finished = new CountDownLatch(1);
    volatile ChatRequest request;
    ModelProvider provider = ModelProvider.OTHER;
    ChatRequestParameters defaults = ChatRequestParameters.builder().build();

    StubStreamingModel(BiConsumer<StubStreamingModel, StreamingChatResponseHandler> behaviour) {
        this.behaviour = behaviour;
    }

    /** Streams numbered partial responses until cancelled (at most 100,000). */
    static StubStreamingModel endless() {
        return new StubStreamingModel((model, handler) -> {
            for (int i = 0; i < 100_000 && !model.handle.isCancelled(); i++) {
                model.partial(handler, "t" + i + " ");
            }
        });
    }

    void partial(StreamingChatResponseHandler handler, String text) {
        partialsSent.incrementAndGet();
        handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
    }

    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        this.request = chatRequest;
        Thread t = new Thread(() -> {
            try {
                behaviour.accept(this, handler);
            } finally {
                finished.countDown();
            }
        }, "stub-langchain4j-provider");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return defaults;
    }

    @Override
    public ModelProvider provider() {
        return provider;
    }

    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The provider's streaming handle: a cancel is seen by the provider's loop. */
    static final class Handle implements StreamingHandle {
        final CountDownLatch cancelledLatch = new CountDownLatch(1);
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            cancelledLatch.countDown();
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
