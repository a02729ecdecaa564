package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.RunContext;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** SPEC 1.4 and 2: failures reach the caller after what was delivered; listeners are isolated. */
class ErrorsAndListenersTest {
    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    /** Streams two chunks, then fails with {@code failure}. */
    private static TestModels.WithSource failingAfterTwo(Exception failure) {
        return new TestModels.WithSource(() -> new ChunkSource() {
            private int made;

            @Override
            public AIMessageChunk next() throws Exception {
                if (made == 2) {
                    throw failure;
                }
                return AIMessageChunk.of("c" + made++);
            }
        });
    }

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger runContextLogger = Logger.getLogger(RunContext.class.getName());

    @BeforeEach
    void captureLogs() {
        runContextLogger.addHandler(capture);
        runContextLogger.setUseParentHandlers(false); // the expected warnings would only clutter the build log
    }

    @AfterEach
    void releaseLogs() {
        runContextLogger.removeHandler(capture);
        runContextLogger.setUseParentHandlers(true);
    }

    @Test
    void aStreamDeliversTheChunksThenThrowsTheProvidersExceptionUnchanged() {
        RecordingListener listener = new RecordingListener();
        RunStream<AIMessageChunk> stream = failingAfterTwo(BOOM).stream("x", RunConfig.builder().listener(listener).build());
        List<String> received = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> {
            for (AIMessageChunk c : stream) {
                received.add(c.content());
            }
        });

        assertThat(received).containsExactly("c0", "c1");
        assertThat(thrown).isSameAs(BOOM);
        assertThat(listener.calls()).containsExactly("start chat_model", "chunk chat_model", "chunk chat_model",
                "error chat_model");
        assertThat(listener.errors()).containsExactly(BOOM);
    }

    @Test
    void aCheckedProviderExceptionIsWrappedWithTheOriginalAsCause() {
        IOException io = new IOException("connection reset");

        Throwable thrown = catchThrowable(() -> failingAfterTwo(io).stream("x").toList());

        assertThat(thrown).isInstanceOf(ChatModelException.class).hasCause(io);
    }

    @Test
    void aProviderFailingToOpenItsStreamFailsTheFirstPull() {
        RecordingListener listener = new RecordingListener();
        TestModels.WithSource model = new TestModels.WithSource(() -> {
            throw BOOM;
        });
        RunStream<AIMessageChunk> stream = model.stream("x", RunConfig.builder().listener(listener).build());

        assertThatThrownBy(() -> stream.iterator().hasNext()).isSameAs(BOOM);
        assertThat(listener.calls()).containsExactly("start chat_model", "error chat_model");
    }

    @Test
    void aPipelineFailingMidStreamDeliversItsEventsThenThrowsWithNoEndEvent() {
        RecordingListener listener = new RecordingListener();
        Pipeline<ChatInput, String, String> pipeline = failingAfterTwo(BOOM).pipe(StrOutputParser.create());
        List<String> events = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> pipeline.streamEvents(ChatInput.of("x"),
                RunConfig.builder().listener(listener).build()).forEach(e -> events.add(e.event())));

        assertThat(thrown).isSameAs(BOOM);
        assertThat(events).containsExactly("on_chain_start", "on_parser_start", "on_chat_model_start",
                "on_chat_model_stream", "on_parser_stream", "on_chain_stream",
                "on_chat_model_stream", "on_parser_stream", "on_chain_stream");
        assertThat(listener.calls()).filteredOn(c -> c.startsWith("error"))
                .containsExactlyInAnyOrder("error chat_model", "error parser", "error chain");
        assertThat(listener.calls()).noneMatch(c -> c.startsWith("end"));
    }

    @Test
    void aProvidersOwnTimeoutExceptionReachesTheCallerAsItsFailureNotAsARunTimeout() {
        java.util.concurrent.TimeoutException upstream = new java.util.concurrent.TimeoutException("upstream gateway");

        Throwable withoutTimeout = catchThrowable(() -> failingAfterTwo(upstream).stream("x").toList());
        Throwable withTimeout = catchThrowable(() -> failingAfterTwo(upstream).stream("x",
                RunConfig.builder().timeout(java.time.Duration.ofMinutes(5)).build()).toList());

        assertThat(withoutTimeout).isInstanceOf(ChatModelException.class).hasCause(upstream);
        assertThat(withTimeout).isInstanceOf(ChatModelException.class).hasCause(upstream);
    }

    @Test
    void afterTheFailureTheStreamIsOver() {
        Iterator<AIMessageChunk> it = failingAfterTwo(BOOM).stream("x").iterator();
        it.next();
        it.next();

        assertThatThrownBy(it::hasNext).isSameAs(BOOM);
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void streamEventsDeliversTheEventsSoFarThenThrowsWithNoEndEvent() {
        RunStream<StreamEvent> events = failingAfterTwo(BOOM).streamEvents("x");
        List<String> received = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> {
            for (StreamEvent e : events) {
                received.add(e.event());
            }
        });

        assertThat(received).containsExactly("on_chat_model_start", "on_chat_model_stream", "on_chat_model_stream");
        assertThat(thrown).isSameAs(BOOM);
    }

    @Test
    void aPushProducerFailureArrivesAfterItsChunks() {
        TestModels.WithSource model = new TestModels.WithSource(() -> ChunkSource.produceOnThread(sink -> {
            sink.next(AIMessageChunk.of("a"));
            sink.next(AIMessageChunk.of("b"));
            throw BOOM;
        }));
        List<String> received = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> {
            for (AIMessageChunk c : model.stream("x")) {
                received.add(c.content());
            }
        });

        assertThat(received).containsExactly("a", "b");
        assertThat(thrown).isSameAs(BOOM);
    }

    @Test
    void invokeThrowsTheProvidersExceptionAndReportsOneError() {
        RecordingListener listener = new RecordingListener();
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                throw BOOM;
            }
        };

        assertThatThrownBy(() -> model.invoke("x", RunConfig.builder().listener(listener).build())).isSameAs(BOOM);
        assertThat(listener.calls()).containsExactly("start chat_model", "error chat_model");
    }

    @Test
    void aGenerateThatReturnsNullFailsClearly() {
        BaseChatModel model = new BaseChatModel() {
            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                return null;
            }
        };

        assertThatThrownBy(() -> model.invoke("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generate returned null");
        assertThatThrownBy(() -> model.stream("x").toList()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("generate returned null");
    }

    /** Throws from every callback. */
    private static final class ThrowingListener implements RunListener {
        @Override
        public void onStart(RunInfo run, Object input) {
            throw new IllegalStateException("listener start");
        }

        @Override
        public void onChunk(RunInfo run, Object chunk) {
            throw new IllegalStateException("listener chunk");
        }

        @Override
        public void onEnd(RunInfo run, Object output) {
            throw new IllegalStateException("listener end");
        }

        @Override
        public void onError(RunInfo run, Throwable error) {
            throw new IllegalStateException("listener error");
        }
    }

    @Test
    void aThrowingListenerIsLoggedAndTheCallGoesOn() {
        RecordingListener after = new RecordingListener();
        RunConfig config = RunConfig.builder().listener(new ThrowingListener()).listener(after).build();
        TestModels.Streaming model = new TestModels.Streaming("a", "b");

        assertThat(model.stream("x", config).toList()).extracting(AIMessageChunk::content).containsExactly("a", "b");
        assertThat(model.invoke("x", config).content()).isEqualTo("ab");
        assertThat(model.streamEvents("x", config).toList()).hasSize(4);

        assertThat(after.calls()).containsExactly(
                "start chat_model", "chunk chat_model", "chunk chat_model", "end chat_model",
                "start chat_model", "end chat_model",
                "start chat_model", "chunk chat_model", "chunk chat_model", "end chat_model");
        synchronized (logged) {
            assertThat(logged).extracting(LogRecord::getLevel).containsOnly(Level.WARNING);
            assertThat(logged).extracting(r -> r.getThrown().getMessage())
                    .containsExactly("listener start", "listener chunk", "listener chunk", "listener end",
                            "listener start", "listener end",
                            "listener start", "listener chunk", "listener chunk", "listener end");
            assertThat(logged.get(0).getMessage()).contains("onStart").contains("the call goes on");
        }
    }

    @Test
    void aListenerFailingAnAssertionIsIsolatedToo() {
        RunListener asserting = new RunListener() {
            @Override
            public void onChunk(RunInfo run, Object chunk) {
                throw new AssertionError("listener assertion");
            }
        };
        TestModels.Streaming model = new TestModels.Streaming("a", "b");

        assertThat(model.stream("x", RunConfig.builder().listener(asserting).build()).toList())
                .extracting(AIMessageChunk::content).containsExactly("a", "b");
        synchronized (logged) {
            assertThat(logged).extracting(r -> r.getThrown().getMessage())
                    .containsExactly("listener assertion", "listener assertion");
        }
    }

    @Test
    void aListenerThrowingOnErrorDoesNotHideTheProvidersFailure() {
        RunConfig config = RunConfig.builder().listener(new ThrowingListener()).build();

        assertThatThrownBy(() -> failingAfterTwo(BOOM).stream("x", config).toList()).isSameAs(BOOM);
        synchronized (logged) {
            assertThat(logged).extracting(r -> r.getThrown().getMessage()).contains("listener error");
        }
    }
}
