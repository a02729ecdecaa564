package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.models.AcmeApi;
import io.github.chattck.conformance.models.AcmeChatModel;
import io.github.chattck.conformance.models.AcmeDirectChatModel;
import io.github.chattck.conformance.models.AcmePushChatModel;
import io.github.chattck.conformance.models.AcmeSubject;
import io.github.chattck.core.BatchResult;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.internal.Batches;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Realistic broken integrations, written as a provider author would get them wrong: one defect each, on
 * {@code BaseChatModel} or implementing {@code ChatModel} directly, for each class of defect of issue 9
 * ({@link DefectClass}). Each must fail exactly the rules its {@link Breaks} names.
 */
final class DefectMutants {
    private DefectMutants() {
    }

    private static AcmeApi api() {
        return new AcmeApi(AcmeApi.Script.story());
    }

    private static Capabilities everything() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().deterministic()
                .failureTrigger().slowStream().concurrentCalls().build();
    }

    /** A mutant of an Acme integration that declares every capability. */
    abstract static class AcmeMutant extends AcmeSubject {
        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    // ------------------------------------------------------------------ 1. release after close and after failure

    /** Closing the stream returns the connection but never tells the listeners: the run never ends. */
    @DefectClass(value = 1, direct = true)
    @Breaks({Rule.STR_6, Rule.CB_1})
    static final class DirectCloseReportsNothing extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected StreamRun newStreamRun(ChatInput input, RunConfig config) {
                    return new StreamRun(input, config) {
                        @Override
                        protected void reportClosed() {
                        }
                    };
                }
            };
        }
    }

    /** The connection goes back to the pool when a stream is read to its end, not when it is closed early. */
    @DefectClass(value = 1, direct = true)
    @Breaks(Rule.STR_13)
    static final class DirectCloseKeepsTheConnection extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected StreamRun newStreamRun(ChatInput input, RunConfig config) {
                    return new StreamRun(input, config) {
                        @Override
                        protected void closeConnection() {
                        }
                    };
                }
            };
        }
    }

    /** An idle-read watchdog timer per stream, cancelled when the stream completes, not on close or failure. */
    @DefectClass(1)
    @Breaks({Rule.STR_6, Rule.STR_9, Rule.STR_13})
    static final class BaseWatchdogOutlivesTheStream extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    AcmeApi.Connection connection = api.stream(request(messages, options));
                    Timer watchdog = new Timer("acme-idle-watchdog", true);
                    watchdog.schedule(new TimerTask() {
                        @Override
                        public void run() {
                            // would abort a stalled read
                        }
                    }, 60_000);
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            AcmeApi.Event event = connection.next();
                            if (event == null) {
                                watchdog.cancel();
                            }
                            return event == null ? null : chunk(event);
                        }

                        @Override
                        public void close() {
                            connection.close();
                        }
                    };
                }
            };
        }
    }

    /** Push style with a fresh single-thread executor per stream that nobody shuts down. */
    @DefectClass(1)
    @Breaks(Rule.STR_13)
    static final class BaseExecutorPerStream extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmePushChatModel(api(), 1) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    return subscribed(request(messages, options), Executors.newFixedThreadPool(1, r -> {
                        Thread t = new Thread(r, "acme-stream-callbacks");
                        t.setDaemon(true);
                        return t;
                    }));
                }
            };
        }
    }

    // ------------------------------------------------------------------ 2. buffering dressed as streaming

    /** An empty first chunk (the "role" delta), then the whole text in one chunk once the response is read. */
    @DefectClass(2)
    @Breaks({Rule.STR_3, Rule.STR_5})
    static final class BaseEmptyFirstChunkThenTheWholeText extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    AcmeApi.Connection connection = api.stream(request(messages, options));
                    return new ChunkSource() {
                        private Iterator<AIMessageChunk> rest;

                        @Override
                        public AIMessageChunk next() throws Exception {
                            if (rest == null) {
                                rest = Collections.emptyIterator();
                                List<AIMessageChunk> read = new ArrayList<>();
                                StringBuilder text = new StringBuilder();
                                AcmeApi.Event event;
                                boolean first = true;
                                while ((event = connection.next()) != null) {
                                    if (first) {
                                        first = false;
                                        read.add(AIMessageChunk.builder().id(idOf(event)).build());
                                    }
                                    if (event instanceof AcmeApi.Token) {
                                        text.append(((AcmeApi.Token) event).text());
                                    } else {
                                        read.add(chunk(event));
                                    }
                                }
                                read.add(Math.min(1, read.size()), AIMessageChunk.of(text.toString()));
                                rest = read.iterator();
                            }
                            return rest.hasNext() ? rest.next() : null;
                        }

                        @Override
                        public void close() {
                            connection.close();
                        }
                    };
                }
            };
        }
    }

    private static String idOf(AcmeApi.Event event) {
        return AcmeChatModel.chunkOf(event).id();
    }

    /** Tokens are grouped until at least 20 characters have come, then handed over together. */
    @DefectClass(2)
    @Breaks(Rule.STR_5)
    static final class BaseGroupsTokens extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    AcmeApi.Connection connection = api.stream(request(messages, options));
                    return new ChunkSource() {
                        private AIMessageChunk held;

                        @Override
                        public AIMessageChunk next() throws Exception {
                            StringBuilder group = new StringBuilder();
                            String id = null;
                            if (held != null) {
                                AIMessageChunk out = held;
                                held = null;
                                return out;
                            }
                            AcmeApi.Event event;
                            while ((event = connection.next()) != null) {
                                if (!(event instanceof AcmeApi.Token)) {
                                    if (group.length() == 0) {
                                        return chunk(event);
                                    }
                                    held = chunk(event);
                                    break;
                                }
                                group.append(((AcmeApi.Token) event).text());
                                id = ((AcmeApi.Token) event).id();
                                if (group.length() >= 20) {
                                    break;
                                }
                            }
                            return group.length() == 0 ? null : AIMessageChunk.builder().content(group.toString()).id(id).build();
                        }

                        @Override
                        public void close() {
                            connection.close();
                        }
                    };
                }
            };
        }
    }

    /** stream() implemented as invoke() handing over the answer as one chunk, while declaring token streaming. */
    @DefectClass(value = 2, direct = true)
    @Breaks({Rule.STR_3, Rule.STR_5, Rule.CB_1, Rule.EVT_2, Rule.EVT_6, Rule.EVT_8, Rule.STR_2, Rule.CONC_1, Rule.STR_6,
            Rule.STR_14, Rule.INV_4})
    static final class DirectStreamIsInvokeInOneChunk extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    return RunStream.of(new RunStream.Pull<>() {
                        private boolean done;

                        @Override
                        public AIMessageChunk next() {
                            if (done) {
                                return null;
                            }
                            done = true;
                            return invoke(input, config).toChunk();
                        }

                        @Override
                        public void close() {
                            done = true;
                        }
                    });
                }
            };
        }
    }

    // ------------------------------------------------------------------ 3. failures keep their cause

    /** The SSE reader's IOException is replaced by a message-only exception. */
    @DefectClass(3)
    @Breaks({Rule.STR_9, Rule.EVT_7})
    static final class BaseStreamFailureWithoutCause extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    ChunkSource good = super.streamChunks(messages, options);
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() {
                            try {
                                return good.next();
                            } catch (Exception e) {
                                throw new IllegalStateException("Acme stream failed: " + e.getMessage());
                            }
                        }

                        @Override
                        public void close() {
                            good.close();
                        }
                    };
                }
            };
        }
    }

    /** Every failure the caller sees is a new exception with the provider's message; listeners get the real one. */
    @DefectClass(value = 3, direct = true)
    @Breaks({Rule.INV_5, Rule.STR_9, Rule.EVT_7, Rule.BAT_3})
    static final class DirectFailureWithoutCause extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected RuntimeException failure(Throwable providerFailure, Run run, RunConfig config) {
                    RuntimeException kept = super.failure(providerFailure, run, config);
                    return kept instanceof io.github.chattck.core.RunTimeoutException ? kept
                            : new RuntimeException("Acme call failed: " + providerFailure.getMessage());
                }
            };
        }
    }

    /** batchReturningExceptions fills a failed slot with its own exception, dropping the provider's. */
    @DefectClass(value = 3, direct = true)
    @Breaks(Rule.BAT_3)
    static final class DirectBatchSlotsLoseTheCause extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                public List<BatchResult<AIMessage>> batchReturningExceptions(List<? extends ChatInput> inputs, RunConfig config) {
                    List<BatchResult<AIMessage>> out = new ArrayList<>();
                    int i = 0;
                    for (BatchResult<AIMessage> r : super.batchReturningExceptions(inputs, config)) {
                        out.add(r.isSuccess() ? r : BatchResult.failure(new RuntimeException("batch input " + i + " failed")));
                        i++;
                    }
                    return out;
                }
            };
        }
    }

    // ------------------------------------------------------------------ 4. invoke and batch observed like stream

    /** invoke reports a run of its own making: fresh id, the model's name, no tags, metadata or parents. */
    @DefectClass(value = 4, direct = true)
    @Breaks(Rule.CB_3)
    static final class DirectInvokeIgnoresTheConfig extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected Run run(RunConfig config, boolean invoke) {
                    if (!invoke) {
                        return super.run(config, false);
                    }
                    return new Run(new RunInfo(UUID.randomUUID(), List.of(), name(), "chat_model", tags(),
                            lsParams(CallOptions.NONE).toMetadata()), config.listeners());
                }
            };
        }
    }

    /** batch passes only the listeners and maxConcurrency on to each call. */
    @DefectClass(value = 4, direct = true)
    @Breaks(Rule.CB_3)
    static final class DirectBatchDropsTheConfig extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    RunConfig.Builder each = RunConfig.builder().maxConcurrency(config.maxConcurrency());
                    config.listeners().forEach(each::listener);
                    return Batches.run(inputs, each.build(), this::invoke);
                }
            };
        }
    }

    /** A failed invoke never reaches the listeners: the run starts and never ends. */
    @DefectClass(value = 4, direct = true)
    @Breaks(Rule.INV_5)
    static final class DirectFailedInvokeReportsNoError extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected void invokeFailed(Run run, Throwable failure) {
                }
            };
        }
    }

    // ------------------------------------------------------------------ 5. no rule needs undeclared determinism

    /** A model whose answers vary, and whose batch gathers its outputs on a stack: last input first. */
    @DefectClass(value = 5, direct = true)
    @Breaks(Rule.BAT_1)
    static final class NondeterministicBatchOutOfOrder extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(new AcmeApi(AcmeApi.Script.story().randomly("One robot.", "Two robots.",
                    "Three robots."))) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    List<AIMessage> stack = new ArrayList<>(super.batch(inputs, config));
                    Collections.reverse(stack);
                    return stack;
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().concurrentCalls().build();
        }
    }

    /** A model whose answers vary, and whose event filters drop the stream events whenever a filter is set. */
    @DefectClass(5)
    @Breaks(Rule.EVT_8)
    static final class NondeterministicFiltersDropStreamEvents extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().randomly("One robot.", "Two robots.",
                    "Three robots."))) {
                @Override
                public RunStream<StreamEvent> streamEvents(ChatInput input, RunConfig config, EventFilter filter) {
                    if (filter == EventFilter.all()) {
                        return super.streamEvents(input, config, filter);
                    }
                    return ForwardingChatModel.mapped(super.streamEvents(input, config, filter),
                            (i, e) -> e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM) ? null : e);
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().concurrentCalls().build();
        }
    }

    // ------------------------------------------------------------------ 6. stop sequences on both paths

    /** The stop sequences reach the completion request, not the streaming one. */
    @DefectClass(6)
    @Breaks(Rule.META_2)
    static final class BaseStreamIgnoresStop extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return super.streamChunks(messages, new CallOptions(List.of(), options.options(), options.run()));
                }
            };
        }
    }

    /** The same, in a model that implements ChatModel directly: its streaming request is built without the stop. */
    @DefectClass(value = 6, direct = true)
    @Breaks(Rule.META_2)
    static final class DirectStreamIgnoresStop extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected AcmeApi.Request request(ChatInput input, RunConfig config, boolean streaming) {
                    AcmeApi.Request request = super.request(input, config, streaming);
                    return streaming ? new AcmeApi.Request(request.prompt(), List.of()) : request;
                }
            };
        }
    }

    // ------------------------------------------------------------------ 7. tool calls paired by index and id

    /** Each tool delta gets the index of its place in the event's tool_calls array (always 0), not its own. */
    @DefectClass(7)
    @Breaks(Rule.STR_10)
    static final class BaseIndexesToolDeltasByPosition extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected AIMessageChunk chunk(AcmeApi.Event event) {
                    return reindexed(super.chunk(event));
                }
            };
        }
    }

    private static AIMessageChunk reindexed(AIMessageChunk c) {
        if (c.toolCallChunks().isEmpty()) {
            return c;
        }
        List<ToolCallChunk> moved = new ArrayList<>();
        c.toolCallChunks().forEach(t -> moved.add(new ToolCallChunk(0, t.id(), t.name(), t.args())));
        return new AIMessageChunk(c.content(), moved, c.usageMetadata(), c.responseMetadata(), c.id());
    }

    /** The same, in a model that implements ChatModel directly. */
    @DefectClass(value = 7, direct = true)
    @Breaks(Rule.STR_10)
    static final class DirectIndexesToolDeltasByPosition extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected AIMessageChunk chunk(AcmeApi.Event event) {
                    return reindexed(super.chunk(event));
                }
            };
        }
    }

    /** A strict argument parser (no whitespace allowed) turns valid arguments into invalid tool calls. */
    @DefectClass(7)
    @Breaks(Rule.STR_10)
    static final class BaseValidArgsBecomeInvalid extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    AIMessage m = super.generate(messages, options);
                    AIMessage.Builder b = AIMessage.builder().content(m.content()).usage(m.usageMetadata()).id(m.id());
                    m.responseMetadata().forEach(b::responseMetadata);
                    for (ToolCall call : m.toolCalls()) {
                        String args = call.argsJson().replace(":", ": ");
                        b.invalidToolCall(new InvalidToolCall(call.id(), call.name(), args, "whitespace in arguments"));
                    }
                    return b.build();
                }
            };
        }
    }

    /** Interleaved parallel fragments are joined to the call that started last, not by their index. */
    @DefectClass(7)
    @Breaks(Rule.STR_10)
    static final class BaseJoinsFragmentsToTheLatestCall extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().interleavedToolArgs())) {
                private int latest;

                @Override
                protected AIMessageChunk chunk(AcmeApi.Event event) {
                    AIMessageChunk c = super.chunk(event);
                    if (c.toolCallChunks().isEmpty()) {
                        return c;
                    }
                    ToolCallChunk t = c.toolCallChunks().get(0);
                    latest = t.id() != null ? t.index() : latest;
                    return new AIMessageChunk(c.content(), List.of(new ToolCallChunk(latest, t.id(), t.name(), t.args())),
                            c.usageMetadata(), c.responseMetadata(), c.id());
                }
            };
        }
    }

    /** Each tool delta carries the arguments received so far (cumulative), passed on as if it were a fragment. */
    @DefectClass(7)
    @Breaks(Rule.STR_10)
    static final class BaseCumulativeToolArgs extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                private final java.util.Map<Integer, String> soFar = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                protected AIMessageChunk chunk(AcmeApi.Event event) {
                    AIMessageChunk c = super.chunk(event);
                    if (c.toolCallChunks().isEmpty()) {
                        return c;
                    }
                    ToolCallChunk t = c.toolCallChunks().get(0);
                    String all = (t.id() != null ? "" : soFar.getOrDefault(t.index(), "")) + t.args();
                    soFar.put(t.index(), all);
                    return new AIMessageChunk(c.content(), List.of(new ToolCallChunk(t.index(), t.id(), t.name(), all)),
                            c.usageMetadata(), c.responseMetadata(), c.id());
                }
            };
        }
    }

    // ------------------------------------------------------------------ 8. timeout and lazy start

    /** RunConfig.timeout is never read: the read timeout is infinite. */
    @DefectClass(value = 8, direct = true)
    @Breaks(Rule.STR_14)
    static final class DirectIgnoresTheTimeout extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected long deadline(RunConfig config) {
                    return Long.MAX_VALUE;
                }
            };
        }
    }

    /** stream() sends the request at once, before anyone pulls. */
    @DefectClass(value = 8, direct = true)
    @Breaks(Rule.STR_15)
    static final class DirectSendsTheRequestInStream extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                protected StreamRun newStreamRun(ChatInput input, RunConfig config) {
                    StreamRun run = new StreamRun(input, config);
                    try {
                        run.open();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return run;
                }
            };
        }
    }

    /** stream() takes a pooled connection at once (to send the request early) though the run starts on the pull. */
    @DefectClass(value = 8, direct = true)
    @Breaks({Rule.STR_15, Rule.CONC_1})
    static final class DirectTakesAConnectionInStream extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(api()) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    RunStream<AIMessageChunk> lazy = super.stream(input, config);
                    AcmeApi.Connection early;
                    try {
                        early = api.stream(request(input, config, true));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return ForwardingChatModel.mapped(lazy, (i, c) -> c, null, early::close);
                }
            };
        }
    }

    // ------------------------------------------------------------------ 9. well-formed text

    /** Tokens are re-cut into two-char pieces, splitting the emoji's surrogate pairs. */
    @DefectClass(9)
    @Breaks(Rule.STR_16)
    static final class BaseCutsTokensByChar extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().answer(EMOJI))) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    ChunkSource good = super.streamChunks(messages, options);
                    return new ChunkSource() {
                        private final List<AIMessageChunk> pending = new ArrayList<>();

                        @Override
                        public AIMessageChunk next() throws Exception {
                            if (pending.isEmpty()) {
                                AIMessageChunk c = good.next();
                                if (c == null || c.content().length() <= 2) {
                                    return c;
                                }
                                for (int i = 0; i < c.content().length(); i += 2) {
                                    pending.add(AIMessageChunk.builder().id(c.id())
                                            .content(c.content().substring(i, Math.min(c.content().length(), i + 2))).build());
                                }
                            }
                            return pending.remove(0);
                        }

                        @Override
                        public void close() {
                            good.close();
                        }
                    };
                }
            };
        }
    }

    /** Without streaming, a long answer is cut to 8 chars (a max length emulated by char index), halving an emoji. */
    @DefectClass(9)
    @Breaks(Rule.STR_16)
    static final class BaseFallbackCutsByChar extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().answer(EMOJI)), false) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    AIMessage m = super.generate(messages, options);
                    return m.content().length() <= 30 ? m : new AIMessage(m.content().substring(0, 8), m.toolCalls(),
                            m.invalidToolCalls(), m.usageMetadata(), m.responseMetadata(), m.id());
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().toolCalling().usageMetadata().stopSequences().deterministic().failureTrigger()
                    .concurrentCalls().build();
        }
    }

    static final String EMOJI = "Robots \uD83E\uDD16 dream of \uD83C\uDF19 and \uD83D\uDC11, then wake \uD83C\uDF89 up.";

    // ------------------------------------------------------------------ 10. shared state shown by overlapping calls

    /** The open connection lives in a model field, so a second stream reads from the first one's connection. */
    @DefectClass(10)
    @Breaks(Rule.CONC_1)
    static final class BaseConnectionInAField extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(api()) {
                private AcmeApi.Connection current;

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    current = api.stream(request(messages, options));
                    AcmeApi.Connection mine = current;
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws IOException, InterruptedException {
                            AcmeApi.Event event = current.next();
                            return event == null ? null : chunk(event);
                        }

                        @Override
                        public void close() {
                            mine.close();
                        }
                    };
                }
            };
        }
    }

    /** A model implementing ChatModel directly that keeps the stream being read in a field. */
    @DefectClass(value = 10, direct = true)
    @Breaks(Rule.CONC_1)
    static final class DirectIteratorInAField extends AcmeMutant {
        @Override
        protected ChatModel createModel() {
            ChatModel good = new AcmeDirectChatModel(api());
            return new ForwardingChatModel(good) {
                private Iterator<AIMessageChunk> current;

                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    RunStream<AIMessageChunk> source = delegate.stream(input, config);
                    return RunStream.of(new RunStream.Pull<>() {
                        private boolean opened;

                        @Override
                        public AIMessageChunk next() {
                            if (!opened) {
                                opened = true;
                                current = source.iterator();
                            }
                            return current.hasNext() ? current.next() : null;
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
}
