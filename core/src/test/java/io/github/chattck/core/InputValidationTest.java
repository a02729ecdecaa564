package io.github.chattck.core;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** SPEC 2: every bad input gets a clear exception naming it, before the provider is called. */
class InputValidationTest {
    private final TestModels.Streaming model = new TestModels.Streaming("a");

    @AfterEach
    void providerWasNeverCalled() {
        assertThat(model.providerCalls()).as("provider calls").isZero();
    }

    @Test
    void nullStringInput() {
        assertThatThrownBy(() -> model.invoke((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
        assertThatThrownBy(() -> model.stream((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
        assertThatThrownBy(() -> model.streamEvents((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
    }

    @Test
    void nullChatInput() {
        assertThatThrownBy(() -> model.invoke((ChatInput) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
        assertThatThrownBy(() -> model.stream((ChatInput) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
        assertThatThrownBy(() -> model.invoke((List<Message>) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
    }

    @Test
    void nullConfig() {
        assertThatThrownBy(() -> model.invoke("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("config");
        assertThatThrownBy(() -> model.stream("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("config");
        assertThatThrownBy(() -> model.streamEvents("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("config");
    }

    @Test
    void emptyMessageList() {
        assertThatThrownBy(() -> model.invoke(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input").hasMessageContaining("empty");
        assertThatThrownBy(() -> model.stream(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void nullElementInTheMessageList() {
        List<Message> withNull = Arrays.asList(new HumanMessage("hi"), null);

        assertThatThrownBy(() -> model.invoke(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input").hasMessageContaining("element 1");
        assertThatThrownBy(() -> model.stream(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("element 1");
    }

    @Test
    void nullElementAmongMessageArguments() {
        assertThatThrownBy(() -> ChatInput.of(new HumanMessage("hi"), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input").hasMessageContaining("element 1");
        assertThatThrownBy(() -> ChatInput.of((Message[]) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input");
    }

    @Test
    void nullTagsAndFilterValuesAreNamed() {
        assertThatThrownBy(() -> RunConfig.builder().tags("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tags").hasMessageContaining("element 1");
        assertThatThrownBy(() -> io.github.chattck.core.event.EventFilter.builder().includeNames("a", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("names").hasMessageContaining("element 1");
        assertThatThrownBy(() -> io.github.chattck.core.event.EventFilter.builder().excludeTags((String) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("tags");
    }

    @Test
    void maxConcurrencyBelowOne() {
        assertThatThrownBy(() -> RunConfig.builder().maxConcurrency(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency").hasMessageContaining("0");
        assertThatThrownBy(() -> RunConfig.builder().maxConcurrency(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
    }

    @Test
    void negativeOrZeroTimeout() {
        assertThatThrownBy(() -> RunConfig.builder().timeout(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout")
                .hasMessageContaining("PT-0.005S");
        assertThatThrownBy(() -> RunConfig.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout")
                .hasMessageContaining("PT0S");
    }

    @Test
    void aTimeoutTooLongToCountInNanoseconds() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);

        assertThatThrownBy(() -> RunConfig.builder().timeout(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout").hasMessageContaining(huge.toString());
        assertThatThrownBy(() -> RunConfig.builder().timeout(Duration.ofDays(366)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT8784H");
    }

    @Test
    void theLongestTimeoutIsAcceptedAndWorks() {
        TestModels.Streaming other = new TestModels.Streaming("a");
        RunConfig config = RunConfig.builder().timeout(Duration.ofDays(365)).build();

        assertThat(other.invoke("x", config).content()).isEqualTo("a");
        assertThat(other.stream("x", config).toList()).hasSize(1);
    }

    /** A map nested {@code depth} levels deep under the key "k". */
    private static Map<String, Object> nested(int depth) {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> current = root;
        for (int i = 1; i < depth; i++) {
            Map<String, Object> next = new HashMap<>();
            current.put("k", next);
            current = next;
        }
        return root;
    }

    @Test
    void metadataNestedTooDeeplyOrContainingItself() {
        Map<String, Object> itself = new HashMap<>();
        itself.put("self", itself);
        List<Object> listOfItself = new ArrayList<>();
        listOfItself.add(listOfItself);

        assertThatThrownBy(() -> RunConfig.builder().metadata("deep", nested(2_000)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata")
                .hasMessageContaining("'deep'").hasMessageContaining("100 levels");
        assertThatThrownBy(() -> RunConfig.builder().metadata("loop", itself).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'loop'")
                .hasMessageContaining("contains itself");
        assertThatThrownBy(() -> RunConfig.builder().option("loop", listOfItself).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options")
                .hasMessageContaining("'loop'");
        assertThat(RunConfig.builder().metadata("deep", nested(99)).build().metadata()).containsKey("deep");
    }

    @Test
    void aTemperatureThatIsNotAFiniteNumber() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> new LsParams("acme", "acme-1", bad, null, List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature")
                    .hasMessageContaining(String.valueOf(bad));
        }
        TestModels.Streaming nanTemperature = new TestModels.Streaming("a") {
            @Override
            protected Double temperature() {
                return Double.NaN;
            }
        };
        assertThatThrownBy(() -> nanTemperature.invoke("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> nanTemperature.stream("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThat(nanTemperature.providerCalls()).isZero();
    }

    @Test
    void aNullChunkOrErrorHandedToACallbackSinkFailsTheConsumerInsteadOfLeavingItWaiting() {
        List<java.util.function.Consumer<ChunkSink>> misuses = List.of(sink -> sink.next(null), sink -> sink.error(null));
        for (java.util.function.Consumer<ChunkSink> misuse : misuses) {
            AtomicReference<Throwable> thrownToProvider = new AtomicReference<>();
            java.util.concurrent.CountDownLatch callbackDone = new java.util.concurrent.CountDownLatch(1);
            TestModels.WithSource pushing = new TestModels.WithSource(() -> ChunkSource.fromCallbacks(sink -> {
                Thread callback = new Thread(() -> {
                    try {
                        sink.next(AIMessageChunk.of("a"));
                        misuse.accept(sink);
                    } catch (Throwable t) {
                        thrownToProvider.set(t);
                    } finally {
                        callbackDone.countDown();
                    }
                }, "provider-callback");
                callback.setDaemon(true);
                callback.start();
            }));

            Throwable thrown = assertTimeoutPreemptively(TestModels.PATIENCE,
                    () -> catchThrowable(() -> pushing.stream("x").toList()));

            assertThat(thrown).isInstanceOf(NullPointerException.class).hasMessageContaining("must not be null");
            TestModels.await(callbackDone, "the provider's callback to return");
            assertThat(thrownToProvider.get()).as("what the provider's callback got").isSameAs(thrown);
        }
    }

    @Test
    void aNullSignalOfABridgedPublisherFailsTheConsumerInsteadOfLeavingItWaiting() {
        AtomicReference<Throwable> thrownToPublisher = new AtomicReference<>();
        java.util.concurrent.CountDownLatch publisherDone = new java.util.concurrent.CountDownLatch(1);
        Flow.Publisher<AIMessageChunk> broken = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (sent) {
                    return;
                }
                sent = true;
                Thread publisher = new Thread(() -> {
                    try {
                        subscriber.onNext(null); // a publisher breaking rule 2.13
                    } catch (Throwable t) {
                        thrownToPublisher.set(t);
                    } finally {
                        publisherDone.countDown();
                    }
                }, "broken-publisher");
                publisher.setDaemon(true);
                publisher.start();
            }

            @Override
            public void cancel() {
            }
        });
        TestModels.WithSource bridged = new TestModels.WithSource(() -> ChunkSource.fromPublisher(broken));

        Throwable thrown = assertTimeoutPreemptively(TestModels.PATIENCE,
                () -> catchThrowable(() -> bridged.stream("x").toList()));

        assertThat(thrown).isInstanceOf(NullPointerException.class).hasMessageContaining("rule 2.13");
        TestModels.await(publisherDone, "the publisher's thread to return");
        assertThat(thrownToPublisher.get()).as("what the publisher got, as rule 2.13 requires").isSameAs(thrown);
    }

    @Test
    void badBatchInputs() {
        assertThatThrownBy(() -> model.batch(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("inputs");
        assertThatThrownBy(() -> model.batch(Arrays.asList(ChatInput.of("a"), null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("inputs").hasMessageContaining("element 1");
        assertThatThrownBy(() -> model.batch(List.of(ChatInput.of("a")), (RunConfig) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("config");
        assertThatThrownBy(() -> model.batch(List.of(ChatInput.of("a")), (List<RunConfig>) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("configs");
    }

    @Test
    void blankRunNameAndEmptyStopSequence() {
        assertThatThrownBy(() -> RunConfig.builder().runName(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runName");
        assertThatThrownBy(() -> RunConfig.builder().stop("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stop");
    }

    @Test
    void aStreamIteratedTwice() {
        TestModels.Streaming other = new TestModels.Streaming("a");
        RunStream<AIMessageChunk> stream = other.stream("x");
        stream.toList();

        assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class).hasMessageContaining("single-use");
        assertThatThrownBy(stream::toStream).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(stream::toList).isInstanceOf(IllegalStateException.class);
        assertThat(other.streamCalls).as("the second iteration does not run the provider again").hasValue(1);
    }

    @Test
    void anEventStreamIteratedTwice() {
        RunStream<StreamEvent> events = new TestModels.Streaming("a").streamEvents("x");
        events.iterator();

        assertThatThrownBy(events::iterator).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPublisherViewOfAnIteratedStreamSignalsTheError() {
        RunStream<AIMessageChunk> stream = new TestModels.Streaming("a").stream("x");
        stream.iterator();
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<String> signals = new ArrayList<>();

        stream.toPublisher().subscribe(new Flow.Subscriber<AIMessageChunk>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                signals.add("subscribe");
            }

            @Override
            public void onNext(AIMessageChunk item) {
                signals.add("next");
            }

            @Override
            public void onError(Throwable throwable) {
                signals.add("error");
                error.set(throwable);
            }

            @Override
            public void onComplete() {
                signals.add("complete");
            }
        });

        assertThat(signals).containsExactly("subscribe", "error");
        assertThat(error.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nullsInMessagesAndChunks() {
        assertThatThrownBy(() -> new HumanMessage(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("content");
        assertThatThrownBy(() -> AIMessageChunk.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("content");
        assertThatThrownBy(() -> new io.github.chattck.core.message.ToolCallChunk(-1, null, null, "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
