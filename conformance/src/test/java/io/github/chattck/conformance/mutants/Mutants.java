package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.subjects.FakeListChatModelConformance;
import io.github.chattck.conformance.subjects.NonStreamingFakeChatModelConformance;
import io.github.chattck.conformance.subjects.ParrotFakeChatModelConformance;
import io.github.chattck.conformance.subjects.ScriptedChatModelConformance;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.BatchResult;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.LsParams;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.FakeListChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Deliberately broken models, one defect each, run through the kit by {@link MutantsTest}: each must fail exactly
 * the rules its {@link Breaks} names. Every rule of the catalogue is named by at least one mutant.
 */
final class Mutants {
    private Mutants() {
    }

    /** A mutant of the full-capability reference: same hooks and capabilities, one behaviour broken. */
    abstract static class ReferenceMutant extends ScriptedChatModelConformance {
        @Override
        protected final ChatModel createModel() {
            return mutate(super.createModel());
        }

        abstract ChatModel mutate(ChatModel good);
    }

    private static RunStream<StreamEvent> events(ChatModel delegate, ChatInput input, RunConfig config, EventFilter filter) {
        return delegate.streamEvents(input, config, filter);
    }

    /** A good model whose events (for any filter) pass through {@code map}; null drops an event. */
    private static ChatModel mappingEvents(ChatModel good, ForwardingChatModel.ItemMapper<StreamEvent> map) {
        return mappingEvents(good, map, null);
    }

    /** {@link #mappingEvents(ChatModel, ForwardingChatModel.ItemMapper)}, then one more event made from the first. */
    private static ChatModel mappingEvents(ChatModel good, ForwardingChatModel.ItemMapper<StreamEvent> map,
                                           java.util.function.Function<StreamEvent, StreamEvent> tail) {
        return new ForwardingChatModel(good) {
            @Override
            public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                return mapped(events(delegate, input, config, filter), map, tail);
            }
        };
    }

    /** A good model whose streamed chunks (with a config) pass through {@code map}; null drops a chunk. */
    private static ChatModel mappingChunks(ChatModel good, ForwardingChatModel.ItemMapper<AIMessageChunk> map) {
        return new ForwardingChatModel(good) {
            @Override
            public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                return mapped(delegate.stream(input, config), map);
            }
        };
    }

    /** The config's settings in a new builder, without its stop sequences or its listeners when asked. */
    private static RunConfig.Builder copy(RunConfig config, boolean keepStop, boolean keepListeners) {
        RunConfig.Builder b = RunConfig.builder().tags(config.tags()).metadata(config.metadata())
                .runName(config.runName()).runId(config.runId()).parentRunIds(config.parentRunIds())
                .maxConcurrency(config.maxConcurrency()).timeout(config.timeout());
        if (keepStop) {
            b.stop(config.stop().toArray(new String[0]));
        }
        if (keepListeners) {
            config.listeners().forEach(b::listener);
        }
        return b;
    }

    private static StreamEvent withData(StreamEvent e, Map<String, Object> data) {
        return new StreamEvent(e.event(), e.name(), e.runId(), e.parentIds(), e.tags(), e.metadata(), data);
    }

    // ------------------------------------------------------------------ invoke

    /** invoke(String) answers with nothing. */
    @Breaks(Rule.INV_1)
    static final class EmptyAnswerToAString extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(String text) {
                    return AIMessage.builder().id("x").build();
                }
            };
        }
    }

    /** The provider rejects AI messages in the history. */
    @Breaks(Rule.INV_2)
    static final class RejectsAiMessagesInHistory extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    for (Message m : input.messages()) {
                        if (m instanceof AIMessage) {
                            throw new IllegalArgumentException("unsupported message type: ai");
                        }
                    }
                    return delegate.invoke(input, config);
                }
            };
        }
    }

    /** invoke's answer has no id. */
    @Breaks({Rule.INV_3, Rule.BAT_1})
    static final class InvokeLosesTheId extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    return delegate.invoke(input, config).withId(null);
                }
            };
        }
    }

    /** An empty conversation is answered instead of rejected. */
    @Breaks(Rule.INV_4)
    static final class AcceptsAnEmptyConversation extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(List<? extends Message> messages, RunConfig config) {
                    if (messages.isEmpty()) {
                        return AIMessage.builder().content("(nothing to answer)").id("empty").build();
                    }
                    return super.invoke(messages, config);
                }
            };
        }
    }

    // ------------------------------------------------------------------ batch

    /** batch loses its last output. */
    @Breaks({Rule.BAT_1, Rule.BAT_2})
    static final class BatchDropsTheLastOutput extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    List<AIMessage> all = super.batch(inputs, config);
                    return all.isEmpty() ? all : all.subList(0, all.size() - 1);
                }
            };
        }
    }

    /** batch returns its outputs in reverse order (seen with a parrot, whose answers differ per input). */
    @Breaks(Rule.BAT_1)
    static final class BatchReversesTheOrder extends ParrotFakeChatModelConformance {
        @Override
        protected ChatModel createModel() {
            return new ForwardingChatModel(super.createModel()) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    List<AIMessage> all = new ArrayList<>(super.batch(inputs, config));
                    Collections.reverse(all);
                    return all;
                }
            };
        }
    }

    /** batch runs every input at once, whatever maxConcurrency says. */
    @Breaks(Rule.BAT_2)
    static final class BatchIgnoresMaxConcurrency extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    if (inputs.size() < 3) {
                        return super.batch(inputs, config);
                    }
                    // three calls meet at a barrier inside their runs, so the runs provably overlap
                    CyclicBarrier together = new CyclicBarrier(3);
                    RunConfig meeting = config.withListener(new RunListener() {
                        @Override
                        public void onStart(RunInfo run, Object input) {
                            try {
                                together.await(500, TimeUnit.MILLISECONDS);
                            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
                    ExecutorService all = Executors.newFixedThreadPool(inputs.size());
                    try {
                        List<Future<AIMessage>> futures = new ArrayList<>();
                        for (ChatInput input : inputs) {
                            futures.add(all.submit(() -> delegate.invoke(input, meeting)));
                        }
                        List<AIMessage> out = new ArrayList<>();
                        for (Future<AIMessage> f : futures) {
                            out.add(f.get());
                        }
                        return out;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        all.shutdownNow();
                    }
                }
            };
        }
    }

    /** batchReturningExceptions fails the whole batch on the first failure. */
    @Breaks(Rule.BAT_3)
    static final class BatchThrowsInsteadOfReturningExceptions extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public List<BatchResult<AIMessage>> batchReturningExceptions(List<? extends ChatInput> inputs, RunConfig config) {
                    List<BatchResult<AIMessage>> out = new ArrayList<>();
                    for (AIMessage m : batch(inputs, config)) {
                        out.add(BatchResult.success(m));
                    }
                    return out;
                }
            };
        }
    }

    // ------------------------------------------------------------------ stream

    /** stream(input) without a config yields nothing. */
    @Breaks({Rule.STR_1, Rule.STR_8, Rule.STR_12, Rule.STR_5, Rule.STR_13})
    static final class EmptyStreamWithoutConfig extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input) {
                    return RunStream.of(new RunStream.Pull<>() {
                        @Override
                        public AIMessageChunk next() {
                            throw new IllegalStateException("stream not available without a config");
                        }

                        @Override
                        public void close() {
                        }
                    });
                }
            };
        }
    }

    /** The consumer never sees the first chunk, yet the run reports it (so stream and events disagree everywhere). */
    @Breaks({Rule.STR_2, Rule.STR_4, Rule.STR_9, Rule.EVT_2, Rule.CB_1, Rule.CONC_1})
    static final class StreamDropsTheFirstChunk extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingChunks(good, (i, c) -> i == 0 ? null : c);
        }
    }

    /** A provider without streaming whose "fallback" splits the answer into fake tokens. */
    @Breaks(Rule.STR_3)
    static final class FallbackSplitsIntoFakeTokens extends NonStreamingFakeChatModelConformance {
        @Override
        protected ChatModel createModel() {
            return ScriptedChatModel.builder().name("NonStreamingFakeChatModel").chunking(Chunking.words())
                    .replies("A robot wrote a whole story at once.").cycle().build();
        }
    }

    /** A streaming provider that hands over its whole answer as one chunk. */
    @Breaks(Rule.STR_3)
    static final class StreamingModelSendsOneChunk extends FakeListChatModelConformance {
        @Override
        protected ChatModel createModel() {
            return FakeListChatModel.builder("Beep boop, I am a robot.").chunking(Chunking.whole()).build();
        }
    }

    /** invoke and stream answer differently (and invoke returns what its end callback did not report). */
    @Breaks({Rule.STR_4, Rule.INV_3, Rule.BAT_1})
    static final class InvokeDisagreesWithStream extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    AIMessage m = delegate.invoke(input, config);
                    return new AIMessage(m.content() + " (invoked)", m.toolCalls(), m.invalidToolCalls(),
                            m.usageMetadata(), m.responseMetadata(), m.id());
                }
            };
        }
    }

    /**
     * The whole stream is collected before the first chunk is handed over; a failure therefore arrives before the
     * chunks produced ahead of it (STR-9) and before any event (EVT-7).
     */
    @Breaks({Rule.STR_5, Rule.STR_9, Rule.EVT_7, Rule.STR_15})
    static final class BuffersTheWholeStream extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    List<AIMessageChunk> all = delegate.stream(input, config).toList();
                    return RunStream.of(new RunStream.Pull<>() {
                        private int i;

                        @Override
                        public AIMessageChunk next() {
                            return i < all.size() ? all.get(i++) : null;
                        }

                        @Override
                        public void close() {
                        }
                    });
                }
            };
        }
    }

    /**
     * A producer thread that keeps running (and reporting chunks) after the consumer closed the stream; it also
     * validates input on that thread, so bad input no longer fails fast (INV-4).
     */
    @Breaks({Rule.STR_6, Rule.STR_12, Rule.INV_4, Rule.STR_15})
    static final class KeepsProducingAfterClose extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
                    Object end = new Object();
                    Thread producer = new Thread(() -> {
                        try {
                            for (AIMessageChunk c : delegate.stream(input, config)) {
                                queue.put(c);
                                Thread.sleep(5);
                            }
                        } catch (InterruptedException e) {
                            // deliberately ignored: this producer does not stop when told
                        } catch (RuntimeException e) {
                            queue.offer(e);
                        }
                        queue.offer(end);
                    });
                    producer.setDaemon(true);
                    producer.start();
                    return RunStream.of(new RunStream.Pull<>() {
                        @Override
                        public AIMessageChunk next() {
                            try {
                                Object item = queue.take();
                                if (item instanceof RuntimeException) {
                                    throw (RuntimeException) item;
                                }
                                return item == end ? null : (AIMessageChunk) item;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return null;
                            }
                        }

                        @Override
                        public void close() {
                            // the defect: the producer is not stopped
                        }
                    });
                }
            };
        }
    }

    /** Only the first chunk carries the id. */
    @Breaks(Rule.STR_7)
    static final class IdOnlyOnTheFirstChunk extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingChunks(good, (i, c) -> i == 0 ? c : c.withId(null));
        }
    }

    /**
     * The provider's id arrives on the second chunk, but the final message keeps the run's id of the first (the
     * first-id-wins merge of 0.1 and of LangChain JS). The chunks then aggregate to another id than the run's output
     * says, so STR-2 fails too.
     */
    @Breaks({Rule.STR_2, Rule.STR_7, Rule.CONC_1})
    static final class FinalIdIgnoresALateProviderId extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingChunks(good, (i, c) -> i == 0 ? c : c.withId("chatcmpl-late"));
        }
    }

    /** Each chunk carries a provider id of its own (and the aggregate the first, which the run's output lacks: STR-2). */
    @Breaks({Rule.STR_2, Rule.STR_7, Rule.CONC_1})
    static final class ProviderIdsDisagree extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingChunks(good, (i, c) -> c.withId("chatcmpl-" + i));
        }
    }

    /** A stream whose iteration fails: single use is enforced by RunStream itself, so this is how STR-8 can fail. */
    @Breaks({Rule.STR_1, Rule.STR_8, Rule.STR_12, Rule.STR_5, Rule.STR_13})
    static final class StreamCannotBeIterated extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input) {
                    RunStream<AIMessageChunk> broken = delegate.stream(input);
                    broken.iterator(); // consumed before the caller gets it
                    return broken;
                }
            };
        }
    }

    /** Provider failures are swallowed: the stream just ends. */
    @Breaks({Rule.STR_9, Rule.EVT_7, Rule.STR_14})
    static final class SwallowsFailures extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    RunStream<AIMessageChunk> source = delegate.stream(input, config);
                    return RunStream.of(new RunStream.Pull<>() {
                        private java.util.Iterator<AIMessageChunk> it;

                        @Override
                        public AIMessageChunk next() {
                            try {
                                if (it == null) {
                                    it = source.iterator();
                                }
                                return it.hasNext() ? it.next() : null;
                            } catch (RuntimeException e) {
                                return null; // the defect
                            }
                        }

                        @Override
                        public void close() {
                            source.close();
                        }
                    });
                }
            };
        }
    }

    /** Later tool-call fragments name another tool. */
    @Breaks(Rule.STR_10)
    static final class ToolFragmentsDisagreeOnTheName extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingChunks(good, (i, c) -> {
                        if (c.toolCallChunks().isEmpty() || c.toolCallChunks().get(0).name() != null) {
                            return c;
                        }
                        List<ToolCallChunk> renamed = new ArrayList<>();
                        for (ToolCallChunk t : c.toolCallChunks()) {
                            renamed.add(new ToolCallChunk(t.index(), t.id(), "calculator_v2", t.args()));
                        }
                        return new AIMessageChunk(c.content(), renamed, c.usageMetadata(), c.responseMetadata(), c.id());
                    });
        }
    }

    /** A streaming provider that repeats the input tokens on every chunk. */
    @Breaks(Rule.STR_11)
    static final class InputTokensOnEveryChunk extends ScriptedChatModelConformance {
        @Override
        protected ChatModel createModel() {
            return new BaseChatModel() {
                private final List<String> words = List.of("usage", " ", "on", " ", "every", " ", "chunk");

                @Override
                public String name() {
                    return "InputTokensOnEveryChunk";
                }

                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) {
                    return AIMessage.builder().content(String.join("", words))
                            .usage(new UsageMetadata(3L * words.size(), words.size(), 4L * words.size(), null, null)).build();
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    List<AIMessageChunk> chunks = new ArrayList<>();
                    for (String w : words) {
                        chunks.add(AIMessageChunk.builder().content(w).usage(UsageMetadata.of(3, 1)).build());
                    }
                    return ChunkSource.of(chunks);
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().usageMetadata().deterministic().concurrentCalls().build();
        }
    }

    /** stream without a config answers something else than with one. */
    @Breaks(Rule.STR_12)
    static final class ShoutsWithoutConfig extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input) {
                    return mapped(delegate.stream(input), (i, c) -> new AIMessageChunk(c.content().toUpperCase(),
                            c.toolCallChunks(), c.usageMetadata(), c.responseMetadata(), c.id()));
                }
            };
        }
    }

    // ------------------------------------------------------------------ events

    /** A second start event after the end. */
    @Breaks({Rule.EVT_1, Rule.EVT_8})
    static final class StartsAgainAfterTheEnd extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingEvents(good, (i, e) -> e, first -> first);
        }
    }

    /** The first on_chat_model_stream event goes missing. */
    @Breaks({Rule.EVT_2, Rule.EVT_6, Rule.STR_2, Rule.CONC_1, Rule.EVT_8})
    static final class DropsTheFirstStreamEvent extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                    boolean[] dropped = {false};
                    return mapped(events(delegate, input, config, filter), (i, e) -> {
                        if (!dropped[0] && e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM)) {
                            dropped[0] = true;
                            return null;
                        }
                        return e;
                    });
                }
            };
        }
    }

    /** Every stream event gets a run id of its own. */
    @Breaks({Rule.EVT_3, Rule.CONC_1})
    static final class MixesRunIds extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingEvents(good, (i, e) -> !e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM) ? e
                            : new StreamEvent(e.event(), e.name(), UUID.randomUUID(), e.parentIds(), e.tags(), e.metadata(), e.data()));
        }
    }

    /** runName is ignored in events. */
    @Breaks(Rule.EVT_4)
    static final class IgnoresRunName extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingEvents(good, (i, e) -> new StreamEvent(e.event(),
                            good.name(), e.runId(), e.parentIds(), e.tags(), e.metadata(), e.data()));
        }
    }

    /** Event metadata without the ls parameters. */
    @Breaks({Rule.EVT_5, Rule.META_1, Rule.META_2})
    static final class MetadataWithoutLsParameters extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingEvents(good, (i, e) -> {
                        Map<String, Object> metadata = new LinkedHashMap<>(e.metadata());
                        metadata.keySet().removeIf(k -> k.startsWith("ls_"));
                        return new StreamEvent(e.event(), e.name(), e.runId(), e.parentIds(), e.tags(), metadata, e.data());
                    });
        }
    }

    /** The start event shows a String input as a message list. */
    @Breaks(Rule.EVT_6)
    static final class StartInputIsNotTheCallersInput extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                    return mapped(events(delegate, input, config, filter), (i, e) ->
                            e.event().equals(StreamEvent.ON_CHAT_MODEL_START) ? withData(e, Map.of("input", input.messages())) : e);
                }
            };
        }
    }

    /** A failed run still ends with on_chat_model_end. */
    @Breaks(Rule.EVT_7)
    static final class EndEventAfterFailure extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                    RunStream<StreamEvent> source = events(delegate, input, config, filter);
                    return RunStream.of(new RunStream.Pull<>() {
                        private java.util.Iterator<StreamEvent> it;
                        private StreamEvent first;
                        private boolean over;

                        @Override
                        public StreamEvent next() {
                            if (over) {
                                return null;
                            }
                            try {
                                if (it == null) {
                                    it = source.iterator();
                                }
                                StreamEvent e = it.hasNext() ? it.next() : null;
                                if (first == null) {
                                    first = e;
                                }
                                return e;
                            } catch (RuntimeException failure) {
                                over = true;
                                return new StreamEvent(StreamEvent.ON_CHAT_MODEL_END, first.name(), first.runId(),
                                        first.parentIds(), first.tags(), first.metadata(),
                                        Map.of("output", AIMessage.of("(failed)")));
                            }
                        }

                        @Override
                        public void close() {
                            source.close();
                        }
                    });
                }
            };
        }
    }

    /** Filters are ignored. */
    @Breaks(Rule.EVT_8)
    static final class IgnoresFilters extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                    return events(delegate, input, config, EventFilter.all());
                }
            };
        }
    }

    /** The model drops the parent run ids it is given, so inside a pipeline it looks like a root. */
    @Breaks(Rule.EVT_9)
    static final class ForgetsItsParents extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    return delegate.stream(input, config.toBuilder().parentRunIds(List.of()).build());
                }
            };
        }
    }

    /** Event metadata holds a value that does not survive JSON (a long read back as an int). */
    @Breaks(Rule.EVT_10)
    static final class MetadataThatDoesNotRoundTrip extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return mappingEvents(good, (i, e) -> {
                        Map<String, Object> metadata = new LinkedHashMap<>(e.metadata());
                        metadata.put("request_bytes", 512L);
                        return new StreamEvent(e.event(), e.name(), e.runId(), e.parentIds(), e.tags(), metadata, e.data());
                    });
        }
    }

    // ------------------------------------------------------------------ callbacks and metadata

    /** invoke reports its end twice, itself, so a throwing listener also escapes (CB-2). */
    @Breaks({Rule.CB_1, Rule.CB_2, Rule.INV_3, Rule.BAT_2, Rule.CB_3})
    static final class EndReportedTwice extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    RunInfo[] run = new RunInfo[1];
                    AIMessage answer = delegate.invoke(input, config.withListener(new RunListener() {
                        @Override
                        public void onStart(RunInfo info, Object in) {
                            run[0] = info;
                        }
                    }));
                    for (RunListener l : config.listeners()) {
                        l.onEnd(run[0], answer);
                    }
                    return answer;
                }
            };
        }
    }

    /**
     * A good model whose listeners are wrapped: a listener failure that {@code escapes} accepts is kept and thrown
     * from the call (invoke, or the stream's next pull), the others are swallowed.
     */
    private static ChatModel rethrowingListenerFailures(ChatModel good, Predicate<Throwable> escapes) {
        return new ForwardingChatModel(good) {
            private RunConfig rethrowing(RunConfig config, List<Throwable> failures) {
                RunConfig.Builder out = copy(config, true, false);
                for (RunListener l : config.listeners()) {
                    out.listener(new RunListener() {
                        @Override
                        public void onStart(RunInfo run, Object input) {
                            guard(() -> l.onStart(run, input));
                        }

                        @Override
                        public void onChunk(RunInfo run, Object chunk) {
                            guard(() -> l.onChunk(run, chunk));
                        }

                        @Override
                        public void onEnd(RunInfo run, Object output) {
                            guard(() -> l.onEnd(run, output));
                        }

                        @Override
                        public void onError(RunInfo run, Throwable error) {
                            guard(() -> l.onError(run, error));
                        }

                        private void guard(Runnable call) {
                            try {
                                call.run();
                            } catch (Throwable t) {
                                if (escapes.test(t)) {
                                    failures.add(t);
                                }
                            }
                        }
                    });
                }
                return out.build();
            }

            @Override
            public AIMessage invoke(ChatInput input, RunConfig config) {
                List<Throwable> failures = new ArrayList<>();
                AIMessage answer = delegate.invoke(input, rethrowing(config, failures));
                if (!failures.isEmpty()) {
                    throw sneaky(failures.get(0));
                }
                return answer;
            }

            @Override
            public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                List<Throwable> failures = new ArrayList<>();
                return mapped(delegate.stream(input, rethrowing(config, failures)), (i, c) -> {
                    if (!failures.isEmpty()) {
                        throw sneaky(failures.get(0));
                    }
                    return c;
                });
            }
        };
    }

    /** Calls each listener, isolating its failures as the kit does. */
    private static void each(List<RunListener> listeners, java.util.function.Consumer<RunListener> call) {
        for (RunListener l : listeners) {
            try {
                call.accept(l);
            } catch (Throwable t) {
                // isolated: this mutant's defect is elsewhere
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** A listener's exception reaches the caller. */
    @Breaks(Rule.CB_2)
    static final class ListenerFailureKillsTheCall extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return rethrowingListenerFailures(good, t -> t instanceof RuntimeException);
        }
    }

    /**
     * Listener failures are isolated the way a catch of RuntimeException isolates them: a checked exception thrown
     * sneakily, or an Error, still breaks the call.
     */
    @Breaks(Rule.CB_2)
    static final class IsolatesOnlyRuntimeExceptions extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return rethrowingListenerFailures(good, t -> !(t instanceof RuntimeException));
        }
    }

    /**
     * A close from another thread reports the run's error at once, on the closing thread, even while a listener
     * still handles a chunk on the consumer's thread: the error overtakes that chunk.
     */
    @Breaks(Rule.CB_1)
    static final class ReportsACloseAtOnceOnTheClosingThread extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    List<RunListener> listeners = config.listeners();
                    AtomicReference<RunInfo> run = new AtomicReference<>();
                    AtomicBoolean ended = new AtomicBoolean();
                    RunListener relay = new RunListener() {
                        @Override
                        public void onStart(RunInfo info, Object in) {
                            run.set(info);
                            each(listeners, l -> l.onStart(info, in));
                        }

                        @Override
                        public void onChunk(RunInfo info, Object chunk) {
                            if (!ended.get()) {
                                each(listeners, l -> l.onChunk(info, chunk));
                            }
                        }

                        @Override
                        public void onEnd(RunInfo info, Object output) {
                            if (ended.compareAndSet(false, true)) {
                                each(listeners, l -> l.onEnd(info, output));
                            }
                        }

                        @Override
                        public void onError(RunInfo info, Throwable error) {
                            if (ended.compareAndSet(false, true)) {
                                each(listeners, l -> l.onError(info, error));
                            }
                        }
                    };
                    RunStream<AIMessageChunk> inner = delegate.stream(input, copy(config, true, false).listener(relay).build());
                    return RunStream.of(new RunStream.Pull<>() {
                        private java.util.Iterator<AIMessageChunk> it;

                        @Override
                        public AIMessageChunk next() {
                            if (it == null) {
                                it = inner.iterator();
                            }
                            return it.hasNext() ? it.next() : null;
                        }

                        @Override
                        public void close() {
                            // the defect: no waiting for the callback in progress on the consumer's thread
                            if (run.get() != null && ended.compareAndSet(false, true)) {
                                CancellationException cancelled = new CancellationException("closed");
                                each(listeners, l -> l.onError(run.get(), cancelled));
                            }
                            inner.close();
                        }
                    });
                }
            };
        }
    }

    /** lsParams forgets the stop sequences. */
    @Breaks(Rule.META_1)
    static final class LsParamsWithoutStop extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                @Override
                public LsParams lsParams(CallOptions options) {
                    LsParams p = delegate.lsParams(options);
                    return new LsParams(p.provider(), p.modelName(), p.temperature(), p.maxTokens(), List.of());
                }
            };
        }
    }

    /** Stop sequences never reach the provider. */
    @Breaks({Rule.META_1, Rule.META_2})
    static final class DropsStopSequences extends ReferenceMutant {
        @Override
        ChatModel mutate(ChatModel good) {
            return new ForwardingChatModel(good) {
                private RunConfig withoutStop(RunConfig config) {
                    return copy(config, false, true).build();
                }

                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    return delegate.invoke(input, withoutStop(config));
                }

                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    return delegate.stream(input, withoutStop(config));
                }
            };
        }
    }

    /** Per-call state in a model field: concurrent streams read each other's position. */
    @Breaks(Rule.CONC_1)
    static final class SharesStateBetweenCalls extends ScriptedChatModelConformance {
        @Override
        protected ChatModel createModel() {
            return new BaseChatModel() {
                private final String[] words = {"each", " ", "call", " ", "its", " ", "own", " ", "answer"};
                private int position; // the defect: shared by all calls

                @Override
                public String name() {
                    return "SharesStateBetweenCalls";
                }

                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) {
                    return AIMessage.of(String.join("", words));
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    position = 0;
                    return () -> {
                        Thread.sleep(3);
                        return position < words.length ? AIMessageChunk.of(words[position++]) : null;
                    };
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
        }
    }
}
