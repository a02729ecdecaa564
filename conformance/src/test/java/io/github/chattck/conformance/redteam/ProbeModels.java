package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Rule;
import io.github.chattck.core.BatchResult;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunTimeoutException;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The second round (written after the blind run, still without the kit's mutants): broken models probing what the
 * first round did not reach, and correct models probing for false alarms.
 */
final class ProbeModels {
    private ProbeModels() {
    }

    // ================================================================ broken

    /** Reads one event ahead, to put the finish reason on the last text chunk instead of a chunk of its own. */
    @BrokenModels.Defect("reads one event ahead of the consumer (to merge the finish event into the last text chunk)")
    @Undetectable("one event of look-ahead delays each chunk by one gap: in hook mode nothing tells it from first-token"
            + " latency; over the wire STR-5 allows a median lag of a quarter of the frames' time, more than one frame gap,"
            + " but WIRE-8 catches it (WireProbes.W01LookAheadOneFrame)")
    public static class B14LookAheadOneEvent extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    RtApi.Connection connection = api.open(prompt(messages), options.stop());
                    return new ChunkSource() {
                        RtApi.Ev ahead;
                        boolean primed;

                        @Override
                        public AIMessageChunk next() throws Exception {
                            if (!primed) {
                                primed = true;
                                ahead = connection.next();
                            }
                            RtApi.Ev current = ahead;
                            if (current == null) {
                                return null;
                            }
                            ahead = connection.next();
                            if (current instanceof RtApi.Text t && ahead instanceof RtApi.Done d) {
                                ahead = connection.next();
                                AIMessageChunk done = RtApi.chunkOf(d);
                                return AIMessageChunk.builder().content(t.text()).usage(done.usageMetadata())
                                        .responseMetadata("finish_reason", d.reason())
                                        .responseMetadata("model_name", RtApi.MODEL).id(t.id()).build();
                            }
                            return RtApi.chunkOf(current);
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

    /** B07's cumulative usage, on a model that (like every real LLM) does not declare determinism. */
    @BrokenModels.Defect("cumulative output-token counts passed on as deltas, model not declared deterministic")
    @Undetectable("running totals passed on as deltas keep total = input + output and one chunk with input tokens; only"
            + " a comparison with invoke (deterministic, B07) or with the server's usage (WIRE-7) can see them")
    public static class B15CumulativeUsageNotDeterministic extends BrokenModels.B07CumulativeUsageAsDeltas {
        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().failureTrigger()
                    .slowStream().concurrentCalls().build();
        }
    }

    /** Fills in the id a later tool delta lacks with a fresh one (the server sends it on the first delta only). */
    @BrokenModels.Defect("tool deltas without an id get a generated id each: one call's fragments carry several ids")
    @Fails({Rule.STR_10})
    public static class B16FreshIdPerToolDelta extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            if (c.toolCallChunks().isEmpty()) {
                                return c;
                            }
                            ToolCallChunk t = c.toolCallChunks().get(0);
                            String id = t.id() != null ? t.id() : "call_" + UUID.randomUUID().toString().substring(0, 8);
                            return RtApi.withToolCallChunk(c, new ToolCallChunk(t.index(), id, t.name(), t.args()));
                        }
                    });
                }
            };
        }
    }

    /** Input tokens reported on the first chunk and again on the last (the API repeats them in its final event). */
    @BrokenModels.Defect("input tokens on the first chunk and again on the final chunk")
    @Fails({Rule.STR_4, Rule.STR_11})
    public static class B17InputTokensTwice extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        boolean first = true;

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            if (first) {
                                first = false;
                                return new AIMessageChunk(c.content(), c.toolCallChunks(), UsageMetadata.of(12, 0),
                                        c.responseMetadata(), c.id());
                            }
                            return c;
                        }
                    });
                }
            };
        }
    }

    /** try-with-resources closes every stream at its end; close() reports a cancellation whatever happened before. */
    @BrokenModels.Defect(value = "close() after a complete stream reports onError after onEnd", direct = true)
    @Fails({Rule.STR_9, Rule.STR_14, Rule.EVT_7, Rule.CB_1})
    @InEveryBuild
    public static class D19CloseAfterEndReportsError extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        public void close() {
                            finished = true;
                            RtApi.Connection c = connection;
                            if (c != null) {
                                c.close();
                            }
                            if (started) {
                                run.each(l -> l.onError(run.info, new CancellationException("stream closed")));
                            }
                        }
                    };
                }
            };
        }
    }

    /** RunConfig.timeout applied as a read (idle) timeout: it restarts with every event, so a steady stream never ends. */
    @BrokenModels.Defect(value = "RunConfig.timeout used as a per-read idle timeout, not a deadline for the call", direct = true)
    @Fails({Rule.STR_14})
    public static class D20TimeoutPerRead extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        RtApi.Ev read() throws Exception {
                            long idle = config.timeout() == null ? Long.MAX_VALUE
                                    : System.nanoTime() + config.timeout().toNanos();
                            return connection.next(idle);
                        }
                    };
                }
            };
        }
    }

    /** batch with one config per input runs every input under the first config. */
    @BrokenModels.Defect(value = "batch(inputs, configs) runs every input under the first config", direct = true)
    @Fails({Rule.CB_3})
    @InEveryBuild
    public static class D21BatchUsesTheFirstConfig extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, List<RunConfig> configs) {
                    return batch(inputs, configs.get(0));
                }

                @Override
                public List<BatchResult<AIMessage>> batchReturningExceptions(List<? extends ChatInput> inputs,
                                                                             List<RunConfig> configs) {
                    return batchReturningExceptions(inputs, configs.get(0));
                }
            };
        }
    }

    /** Reports the end as soon as the finish event is read, before the finish chunk is handed over. */
    @BrokenModels.Defect(value = "end callback when the finish event is read, before the last chunk is reported", direct = true)
    @Fails({Rule.STR_2, Rule.EVT_2, Rule.EVT_6, Rule.EVT_8, Rule.CB_1, Rule.CONC_1})
    @InEveryBuild
    public static class D22EndBeforeLastChunk extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        AIMessageChunk toChunk(RtApi.Ev ev) {
                            AIMessageChunk chunk = super.toChunk(ev);
                            if (ev instanceof RtApi.Done) {
                                run.end(new io.github.chattck.core.message.ChunkAggregator().add(aggregate.toChunk())
                                        .add(chunk).toMessage());
                            }
                            return chunk;
                        }
                    };
                }
            };
        }
    }

    /** batch correlates its calls by giving them all one run id. */
    @BrokenModels.Defect(value = "batch gives every call the same run id (one id to correlate the batch)", direct = true)
    @Fails({Rule.BAT_1, Rule.BAT_2, Rule.CB_3})
    public static class D23BatchSharesOneRunId extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    RunConfig shared = config.runId() != null ? config : config.withRunId(UUID.randomUUID());
                    return super.batch(inputs, shared);
                }
            };
        }
    }

    /** Reports its runs as "llm" runs, the type of a completion model. */
    @BrokenModels.Defect(value = "runs reported with run type \"llm\" instead of \"chat_model\"", direct = true)
    @Fails({Rule.BAT_2, Rule.STR_2, Rule.STR_6, Rule.EVT_1, Rule.EVT_2, Rule.EVT_6, Rule.EVT_7, Rule.EVT_8, Rule.EVT_9, Rule.CB_1, Rule.CB_2, Rule.CONC_1})
    public static class D24RunTypeLlm extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    Run base = super.newRun(config, options);
                    return new Run(new io.github.chattck.core.RunInfo(base.info.runId(), base.info.parentIds(),
                            base.info.name(), "llm", base.info.tags(), base.info.metadata()), base.listeners);
                }
            };
        }
    }

    /** Honours the stop sequence client-side on streams but cuts after it, so the stop sequence stays in the text. */
    @BrokenModels.Defect("client-side stop on streams cuts after the stop sequence: it stays in the streamed text")
    @Fails({Rule.META_2})
    public static class B18StreamKeepsTheStopSequence extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    List<String> stop = options.stop();
                    RtApi.Connection connection = api.open(prompt(messages), List.of());
                    return new ChunkSource() {
                        boolean stopped;

                        @Override
                        public AIMessageChunk next() throws Exception {
                            RtApi.Ev ev = connection.next();
                            while (stopped && ev instanceof RtApi.Text) {
                                ev = connection.next();
                            }
                            if (ev instanceof RtApi.Text t && stop.stream().anyMatch(t.text()::contains)) {
                                stopped = true;
                            }
                            return ev == null ? null : RtApi.chunkOf(ev);
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

    /** A timed-out stream throws a plain exception from the read loop instead of a timeout error. */
    @BrokenModels.Defect(value = "a stream past its timeout fails with a plain IllegalStateException(\"took too long\")", direct = true)
    @Fails({Rule.STR_14})
    public static class D25TimeoutNotATimeoutError extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        RtApi.Ev read() throws Exception {
                            try {
                                return super.read();
                            } catch (TimeoutException e) {
                                throw new IllegalStateException("took too long");
                            }
                        }
                    };
                }

                @Override
                AIMessage complete(ChatInput input, RunConfig config, CallOptions options, Run run) throws Exception {
                    try {
                        return super.complete(input, config, options, run);
                    } catch (RunTimeoutException e) {
                        throw new IllegalStateException("took too long");
                    }
                }
            };
        }
    }

    /** The completion path returns its connection only when the completion succeeds. */
    @BrokenModels.Defect("a failed completion (invoke) never returns its pooled connection")
    @Fails(Rule.STR_13)
    public static class B19FailedInvokeLeaksConnection extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    RtApi.Connection connection = api.open(prompt(messages), options.stop());
                    StringBuilder text = new StringBuilder();
                    for (RtApi.Ev ev = connection.next(); ev != null; ev = connection.next()) { // throws: connection kept
                        if (ev instanceof RtApi.Text t) {
                            text.append(t.text());
                        }
                    }
                    connection.close();
                    return super.generate(messages, options).content().equals(text.toString())
                            ? super.generate(messages, options) : AIMessage.of(text.toString());
                }
            };
        }
    }

    /** Every completion arms a java.util.Timer as a request watchdog and never cancels it: one thread per call stays. */
    @BrokenModels.Defect("each invoke arms a java.util.Timer watchdog that is never cancelled: a thread per call stays")
    @Fails(Rule.STR_9)
    public static class B20TimerThreadPerInvoke extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    java.util.Timer watchdog = new java.util.Timer("rt-request-watchdog", true);
                    Thread caller = Thread.currentThread();
                    watchdog.schedule(new java.util.TimerTask() {
                        @Override
                        public void run() {
                            caller.interrupt();
                        }
                    }, 600_000);
                    AIMessage answer = super.generate(messages, options);
                    // watchdog.cancel() forgotten
                    return answer;
                }
            };
        }
    }

    /** The start callback gets the input as messages, whatever form the caller used. */
    @BrokenModels.Defect(value = "onStart gets the input normalised to a message list, not as the caller passed it", direct = true)
    @Fails(Rule.EVT_6)
    public static class D26StartInputNormalised extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    Run base = super.newRun(config, options);
                    return new Run(base.info, base.listeners) {
                        @Override
                        synchronized void start(Object input) {
                            super.start(input instanceof String s ? List.of(new io.github.chattck.core.message.HumanMessage(s)) : input);
                        }
                    };
                }
            };
        }
    }

    /** The response id arrives on the first event; the integration keeps it in a model field to stamp later chunks. */
    @BrokenModels.Defect("the response id kept in a model field to stamp later chunks: overlapping streams swap ids")
    @Fails(Rule.CONC_1)
    @InEveryBuild
    public static class B21ResponseIdInAModelField extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                private volatile String currentId;

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        boolean first = true;

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {

                            if (first) {
                                first = false;
                                currentId = c.id();
                            }
                            return c.withId(currentId);
                        }
                    });
                }
            };
        }
    }

    /** A response cache whose key forgot the messages: every completion after the first returns the first answer. */
    @BrokenModels.Defect("completion cache keyed by model and options only (messages forgotten): later prompts get the first answer")
    @Fails({Rule.BAT_3, Rule.STR_14})
    public static class B22CacheKeyForgetsTheMessages extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                private final Map<String, AIMessage> cache = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    String key = RtApi.MODEL + "|" + options.stop() + "|" + options.options();
                    AIMessage cached = cache.get(key);
                    if (cached != null) {
                        return cached;
                    }
                    AIMessage answer = super.generate(messages, options);
                    cache.put(key, answer);
                    return answer;
                }
            };
        }
    }

    /** A retry wrapper that also retries a stream that fails after chunks were delivered: the text repeats. */
    @BrokenModels.Defect("retry wrapper retries a stream that failed mid-way: the delivered text is sent again")
    @Undetectable("a retry after chunks were delivered sends them again, but in hook mode nothing tells the replayed"
            + " chunks from the provider's own; over the wire WIRE-8 expects exactly the text of the frames before the"
            + " error once (not run here)")
    public static class B23RetryReplaysMidStream extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return new ChunkSource() {
                        ChunkSource current = open();
                        int attempts = 1;

                        ChunkSource open() throws Exception {
                            RtApi.Connection connection = api.open(prompt(messages), options.stop());
                            return new ChunkSource() {
                                @Override
                                public AIMessageChunk next() throws Exception {
                                    RtApi.Ev ev = connection.next();
                                    return ev == null ? null : RtApi.chunkOf(ev);
                                }

                                @Override
                                public void close() {
                                    connection.close();
                                }
                            };
                        }

                        @Override
                        public AIMessageChunk next() throws Exception {
                            while (true) {
                                try {
                                    return current.next();
                                } catch (RtApi.RtApiException e) {
                                    current.close();
                                    if (attempts++ == 3 || e.status < 500) {
                                        throw e;
                                    }
                                    current = open();
                                }
                            }
                        }

                        @Override
                        public void close() {
                            current.close();
                        }
                    };
                }
            };
        }
    }

    /** On timeout the stream throws, but the response it was reading is left open (and its connection taken). */
    @BrokenModels.Defect(value = "a timed-out stream fails but leaves its connection open", direct = true)
    @Fails(Rule.STR_14)
    public static class D27TimeoutLeavesTheConnection extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        RtApi.Ev read() throws Exception {
                            try {
                                return super.read();
                            } catch (TimeoutException e) {
                                finished = true;
                                run.error(new RunTimeoutException(run.info.name(), run.info.runId(), config.timeout()));
                                connection = null; // forgotten, not closed
                                throw new RunTimeoutException(run.info.name(), run.info.runId(), config.timeout());
                            }
                        }
                    };
                }
            };
        }
    }

    // ================================================================ correct

    /** Per-token usage deltas: each text chunk (0 in, 1 out), the last chunk the input tokens. */
    public static class C13PerTokenUsageDeltas extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        long out;

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {

                            if (c.usageMetadata() != null) {
                                UsageMetadata u = c.usageMetadata();
                                return new AIMessageChunk(c.content(), c.toolCallChunks(),
                                        UsageMetadata.of(u.inputTokens(), u.outputTokens() - out), c.responseMetadata(), c.id());
                            }
                            if (!c.content().isEmpty()) {
                                out++;
                                return new AIMessageChunk(c.content(), c.toolCallChunks(), UsageMetadata.of(0, 1),
                                        c.responseMetadata(), c.id());
                            }
                            return c;
                        }
                    });
                }
            };
        }
    }

    /** The provider's id on text chunks only: the final usage chunk has none (it gets run-&lt;runId&gt;). */
    public static class C14IdOnTextChunksOnly extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            return c.usageMetadata() != null ? c.withId(null) : c;
                        }
                    });
                }
            };
        }
    }

    /** Content-block indexes: text is block 0, so the parallel tool calls are indexes 1 and 2. */
    @InEveryBuild
    public static class C15ToolIndexesFromContentBlocks extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            if (c.toolCallChunks().isEmpty()) {
                                return c;
                            }
                            ToolCallChunk t = c.toolCallChunks().get(0);
                            return RtApi.withToolCallChunk(c, new ToolCallChunk(t.index() + 1, t.id(), t.name(), t.args()));
                        }
                    });
                }
            };
        }
    }

    /** Same text and arguments every time, but fresh tool-call ids per response (as OpenAI's API gives them). */
    @InEveryBuild
    public static class C16FreshToolCallIdsPerResponse extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    AIMessage m = super.generate(messages, options);
                    List<ToolCall> calls = new ArrayList<>();
                    for (ToolCall c : m.toolCalls()) {
                        calls.add(new ToolCall(c.id() + "_" + UUID.randomUUID().toString().substring(0, 6), c.name(), c.args()));
                    }
                    return new AIMessage(m.content(), calls, m.invalidToolCalls(), m.usageMetadata(), m.responseMetadata(), m.id());
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    ChunkSource source = super.streamChunks(messages, options);
                    String suffix = "_" + UUID.randomUUID().toString().substring(0, 6);
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            AIMessageChunk c = source.next();
                            if (c == null || c.toolCallChunks().isEmpty() || c.toolCallChunks().get(0).id() == null) {
                                return c;
                            }
                            ToolCallChunk t = c.toolCallChunks().get(0);
                            return RtApi.withToolCallChunk(c, new ToolCallChunk(t.index(), t.id() + suffix, t.name(), t.args()));
                        }

                        @Override
                        public void close() {
                            source.close();
                        }
                    };
                }
            };
        }
    }

    /** Usage with detail maps split over two chunks: cache reads with the input, reasoning with the output. */
    public static class C17UsageDetailsOverTwoChunks extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    AIMessage m = super.generate(messages, options);
                    UsageMetadata u = m.usageMetadata();
                    return new AIMessage(m.content(), m.toolCalls(), m.invalidToolCalls(), new UsageMetadata(u.inputTokens(),
                            u.outputTokens(), u.totalTokens(), Map.of("cache_read", 5L), Map.of("reasoning", 3L)),
                            m.responseMetadata(), m.id());
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        boolean first = true;
                        long in;

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {

                            if (c.usageMetadata() != null) {
                                UsageMetadata u = c.usageMetadata();
                                return new AIMessageChunk(c.content(), c.toolCallChunks(), new UsageMetadata(u.inputTokens() - in,
                                        u.outputTokens(), u.inputTokens() - in + u.outputTokens(), null, Map.of("reasoning", 3L)),
                                        c.responseMetadata(), c.id());
                            }
                            if (first) {
                                first = false;
                                in = messages.get(messages.size() - 1).content().equals(RtApi.STORY) ? 12 : 0;
                                if (in > 0) {
                                    return new AIMessageChunk(c.content(), c.toolCallChunks(), new UsageMetadata(in, 0, in,
                                            Map.of("cache_read", 5L), null), c.responseMetadata(), c.id());
                                }
                            }
                            return c;
                        }
                    });
                }
            };
        }
    }

    /** An OpenAI-compatible server that repeats the call's id and name on every tool delta. */
    public static class C18IdAndNameOnEveryToolDelta extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        final Map<Integer, ToolCallChunk> heads = new java.util.HashMap<>();

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            if (c.toolCallChunks().isEmpty()) {
                                return c;
                            }
                            ToolCallChunk t = c.toolCallChunks().get(0);
                            ToolCallChunk head = heads.computeIfAbsent(t.index(), k -> t);
                            return RtApi.withToolCallChunk(c, new ToolCallChunk(t.index(), head.id(), head.name(), t.args()));
                        }
                    });
                }
            };
        }
    }

    /** A tool without input streamed as one empty arguments fragment (as Anthropic does); invoke parses it as {}. */
    public static class C19ToolWithoutArguments extends RtSubject {
        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.noArgumentTool = true;
            return new RtChatModel(api);
        }
    }

    /** The server's last event carries the last text, the usage and the finish reason together. */
    public static class C20LastTextCarriesTheEnd extends RtSubject {
        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.doneOnLastText = true;
            return new RtChatModel(api);
        }
    }

    /** Answers the story prompt with one of three stories at random: correct, and honestly not deterministic. */
    public static class C21Nondeterministic extends RtSubject {
        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.randomAnswers = true;
            return new RtChatModel(api);
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().failureTrigger()
                    .slowStream().concurrentCalls().build();
        }
    }

    /** invoke aggregates the provider's stream (SPEC 1.2 allows it) instead of calling a completion endpoint. */
    public static class C22InvokeAggregatesTheStream extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    io.github.chattck.core.message.ChunkAggregator aggregate = new io.github.chattck.core.message.ChunkAggregator();
                    try (ChunkSource chunks = streamChunks(messages, options)) {
                        for (AIMessageChunk c = chunks.next(); c != null; c = chunks.next()) {
                            aggregate.add(c);
                        }
                    }
                    return aggregate.toMessage();
                }
            };
        }
    }
}
