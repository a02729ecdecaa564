package io.github.chattck.core;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * SPEC 1.4 timeout: a call that takes too long ends with a {@link RunTimeoutException}. The providers hang on a
 * latch that only the test's cleanup opens, so a missing timeout would fail after {@link TestModels#PATIENCE}
 * instead of hanging; a working one makes each test take about {@link #TIMEOUT}.
 */
class TimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(100);

    private final CountDownLatch never = new CountDownLatch(1);
    private final CountDownLatch providerInterrupted = new CountDownLatch(1);

    @AfterEach
    void releaseHangingProviders() {
        never.countDown();
    }

    private void hang() {
        try {
            TestModels.await(never, "a timeout to end the call");
        } catch (AssertionError e) {
            if (Thread.currentThread().isInterrupted()) {
                providerInterrupted.countDown();
            }
            throw e;
        }
    }

    @Test
    void invokeEndsWithARunTimeoutExceptionAndInterruptsTheProvider() {
        UUID runId = UUID.randomUUID();
        RecordingListener listener = new RecordingListener();
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                hang();
                return AIMessage.of("too late");
            }
        };

        Throwable thrown = catchThrowable(() -> model.invoke("x",
                RunConfig.builder().timeout(TIMEOUT).runId(runId).listener(listener).build()));

        assertThat(thrown).isInstanceOf(RunTimeoutException.class).hasMessageContaining(TIMEOUT.toString());
        RunTimeoutException timeout = (RunTimeoutException) thrown;
        assertThat(timeout.runId()).isEqualTo(runId);
        assertThat(timeout.timeout()).isEqualTo(TIMEOUT);
        assertThat(listener.calls()).containsExactly("start chat_model", "error chat_model");
        assertThat(listener.errors()).containsExactly(thrown);
        TestModels.await(providerInterrupted, "the timed-out provider to be interrupted");
    }

    @Test
    void streamFromAPullProviderEndsWithARunTimeoutExceptionAfterTheChunksSoFar() {
        TestModels.WithSource model = new TestModels.WithSource(() -> new ChunkSource() {
            private boolean first = true;

            @Override
            public AIMessageChunk next() {
                if (first) {
                    first = false;
                    return AIMessageChunk.of("early");
                }
                hang();
                return null;
            }
        });
        RecordingListener listener = new RecordingListener();
        List<String> received = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> {
            for (AIMessageChunk c : model.stream("x", RunConfig.builder().timeout(TIMEOUT).listener(listener).build())) {
                received.add(c.content());
            }
        });

        assertThat(received).containsExactly("early");
        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
        assertThat(listener.calls()).containsExactly("start chat_model", "chunk chat_model", "error chat_model");
        TestModels.await(providerInterrupted, "the timed-out provider to be interrupted");
    }

    /**
     * A pull source blocked in a read that ignores interrupts, as a socket read does; only closing it (closing
     * the socket) unblocks the read.
     */
    private static final class UninterruptibleRead implements ChunkSource {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch readReturned = new CountDownLatch(1);

        @Override
        public AIMessageChunk next() {
            try {
                while (true) {
                    try {
                        if (closed.await(TestModels.PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException("socket closed");
                        }
                        throw new AssertionError("the read was never unblocked by a close");
                    } catch (InterruptedException ignored) {
                        // like a blocking socket read: interrupts do not end it
                    }
                }
            } finally {
                readReturned.countDown();
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aTimeoutClosesAPullProviderBlockedInARead() {
        UninterruptibleRead source = new UninterruptibleRead();
        TestModels.WithSource model = new TestModels.WithSource(() -> source);

        Throwable thrown = catchThrowable(() -> model.stream("x", RunConfig.builder().timeout(TIMEOUT).build()).toList());

        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
        TestModels.await(source.closed, "the timed-out provider's source to be closed");
        TestModels.await(source.readReturned, "the blocked read to return once closed");
    }

    @Test
    void streamFromAProducerThreadEndsWithARunTimeoutException() {
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> hang()));

        Throwable thrown = catchThrowable(() -> model.stream("x", RunConfig.builder().timeout(TIMEOUT).build()).toList());

        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
        TestModels.await(providerInterrupted, "the timed-out producer to be interrupted");
    }

    @Test
    void aTimeoutAlsoBoundsAProviderThatHangsOpeningItsStream() {
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                throw new AssertionError("streams only");
            }

            @Override
            protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                hang(); // e.g. waiting for the response headers
                return ChunkSource.of(List.of(AIMessageChunk.of("too late")));
            }
        };
        RecordingListener listener = new RecordingListener();

        Throwable thrown = catchThrowable(() -> model.stream("x",
                RunConfig.builder().timeout(TIMEOUT).listener(listener).build()).toList());

        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
        assertThat(listener.calls()).containsExactly("start chat_model", "error chat_model");
        TestModels.await(providerInterrupted, "the provider opening its stream to be interrupted");
    }

    @Test
    void streamOfAGenerateOnlyProviderEndsWithARunTimeoutException() {
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                hang();
                return AIMessage.of("too late");
            }
        };

        Throwable thrown = catchThrowable(() -> model.stream("x", RunConfig.builder().timeout(TIMEOUT).build()).toList());

        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
    }

    @Test
    void streamEventsEndsWithARunTimeoutExceptionAndNoEndEvent() {
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            sink.next(AIMessageChunk.of("early"));
            hang();
        }));
        List<String> events = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> model.streamEvents("x", RunConfig.builder().timeout(TIMEOUT).build())
                .forEach(e -> events.add(e.event())));

        assertThat(thrown).isInstanceOf(RunTimeoutException.class);
        assertThat(events).containsExactly("on_chat_model_start", "on_chat_model_stream");
    }

    @Test
    void aCallWithinItsTimeoutIsUnaffected() {
        TestModels.Streaming model = new TestModels.Streaming("a", "b");
        RunConfig config = RunConfig.builder().timeout(Duration.ofMinutes(1)).build();

        assertThat(model.invoke("x", config).content()).isEqualTo("ab");
        assertThat(model.stream("x", config).toList()).extracting(AIMessageChunk::content).containsExactly("a", "b");
    }
}
