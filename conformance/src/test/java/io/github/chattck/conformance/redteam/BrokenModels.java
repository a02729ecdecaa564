package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Rule;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.LsParams;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.core.tool.ToolArguments;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken integrations of {@link RtApi}, one realistic defect each, every one declaring honestly what its provider
 * can do. Half extend {@code BaseChatModel} ({@link RtChatModel}), half implement {@code ChatModel} directly
 * ({@link RtDirectChatModel}).
 */
final class BrokenModels {
    private BrokenModels() {
    }

    /** What is wrong, and whether the model implements {@code ChatModel} directly. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Defect {
        String value();

        boolean direct() default false;
    }

    // ================================================================ on BaseChatModel

    /** The response body is released only when the stream was read to its end: an early close leaks the connection. */
    @Defect("pooled connection returned only when the stream is read to its end, not on close or failure")
    @Fails({Rule.STR_13})
    public static class B01PoolLeakOnClose extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    RtApi.Connection connection = api.open(prompt(messages), options.stop());
                    return () -> {
                        RtApi.Ev ev = connection.next();
                        if (ev == null) {
                            connection.close(); // "finally" of the read loop; close() of the source does nothing
                            return null;
                        }
                        return RtApi.chunkOf(ev);
                    };
                }
            };
        }
    }

    /** An idle watchdog per stream that is stopped when the answer completes, but not when the stream is closed. */
    @Defect("per-stream idle watchdog thread stopped on completion only, outlives an early close")
    @Fails({Rule.STR_6, Rule.STR_13})
    public static class B02WatchdogOutlivesClose extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    RtApi.Connection connection = api.open(prompt(messages), options.stop());
                    AtomicBoolean completed = new AtomicBoolean();
                    AtomicLong lastEvent = new AtomicLong(System.nanoTime());
                    Thread watchdog = new Thread(() -> {
                        while (!completed.get()) {
                            if (System.nanoTime() - lastEvent.get() > 60_000_000_000L) {
                                connection.close();
                                return;
                            }
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                // a spurious wake-up; the flag decides
                            }
                        }
                    }, "rt-idle-watchdog");
                    watchdog.setDaemon(true);
                    watchdog.start();
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            RtApi.Ev ev;
                            try {
                                ev = connection.next();
                            } catch (Exception e) {
                                completed.set(true);
                                throw e;
                            }
                            lastEvent.set(System.nanoTime());
                            if (ev == null) {
                                completed.set(true);
                                return null;
                            }
                            return RtApi.chunkOf(ev);
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

    /** Reads the whole body first, sends a "role" chunk with no text, then the whole text in one chunk. */
    @Defect("buffers the whole response: an empty role chunk, then all text in one chunk, then usage")
    @Fails({Rule.STR_3, Rule.STR_5})
    public static class B03BufferedBehindEmptyFirstChunk extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    List<AIMessageChunk> out = new ArrayList<>();
                    try (RtApi.Connection connection = api.open(prompt(messages), options.stop())) {
                        StringBuilder text = new StringBuilder();
                        String id = null;
                        out.add(AIMessageChunk.of(""));
                        for (RtApi.Ev ev = connection.next(); ev != null; ev = connection.next()) {
                            if (ev instanceof RtApi.Text t) {
                                text.append(t.text());
                                id = t.id();
                            } else {
                                if (text.length() > 0) {
                                    out.add(AIMessageChunk.builder().content(text.toString()).id(id).build());
                                    text.setLength(0);
                                }
                                out.add(RtApi.chunkOf(ev));
                            }
                        }
                        if (text.length() > 0) {
                            out.add(AIMessageChunk.builder().content(text.toString()).id(id).build());
                        }
                    }
                    return ChunkSource.of(out);
                }
            };
        }
    }

    /** Translates the API's failure into its own exception, keeping the message but not the cause. */
    @Defect("wraps the provider's failure in a new exception with its message but without the cause")
    @Undetectable("the same message-keeping wrapper on every path: in hook mode the kit has no copy of the provider's"
            + " own exception to compare with (it compares the paths), and over the wire WIRE-4 rightly passes it, the"
            + " status staying in the message")
    public static class B04FailureLosesCause extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    try {
                        return super.generate(messages, options);
                    } catch (RtApi.RtApiException e) {
                        throw new IllegalStateException("completion failed: " + e.getMessage());
                    }
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    ChunkSource source = super.streamChunks(messages, options);
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            try {
                                return source.next();
                            } catch (RtApi.RtApiException e) {
                                throw new IllegalStateException("stream failed: " + e.getMessage());
                            }
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

    /** The streaming request is built by another method that forgot the stop sequences. */
    @Defect("stop sequences sent on the completion request only, not on the streaming request")
    @Fails({Rule.META_2})
    public static class B05StopOnlyOnInvoke extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return super.streamChunks(messages, new CallOptions(List.of(), options.options(), options.run()));
                }
            };
        }
    }

    /** The delta parser assumes one tool call per answer and puts every fragment at index 0. */
    @Defect("tool-call deltas all put at index 0 (parser written for one tool call): parallel calls merge")
    @Fails({Rule.STR_10})
    public static class B06ToolDeltasIgnoreIndex extends RtSubject {
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
                            return RtApi.withToolCallChunk(c, new ToolCallChunk(0, t.id(), t.name(), t.args()));
                        }
                    });
                }
            };
        }
    }

    /** Output token counts arrive cumulative on every event (as some APIs send them) and are passed on as deltas. */
    @Defect("cumulative output-token counts passed on as per-chunk deltas: streamed usage over-counts")
    @Fails({Rule.STR_4, Rule.STR_11})
    @InEveryBuild
    public static class B07CumulativeUsageAsDeltas extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return reading(api.open(prompt(messages), options.stop()), new EventMap() {
                        long outSoFar;

                        @Override
                        public AIMessageChunk apply(RtApi.Ev ev) throws Exception {
                            if (ev instanceof RtApi.Text t) {
                                outSoFar++;
                                return AIMessageChunk.builder().content(t.text()).id(t.id())
                                        .usage(new UsageMetadata(0, outSoFar, outSoFar, null, null)).build();
                            }
                            if (ev instanceof RtApi.Done d) {
                                return AIMessageChunk.builder().usage(new UsageMetadata(d.in(), d.out(), d.in() + d.out(), null, null))
                                        .responseMetadata("finish_reason", d.reason()).responseMetadata("model_name", RtApi.MODEL)
                                        .id(d.id()).build();
                            }
                            return RtApi.chunkOf(ev);
                        }
                    });
                }
            };
        }
    }

    /** Normalises CRLF across chunk boundaries by always holding back the last character of the text so far. */
    @Defect("CRLF normaliser holds back the last char of every chunk: a chunk boundary falls inside an emoji")
    @Fails({Rule.STR_16})
    @InEveryBuild
    public static class B08HoldBackSplitsSurrogates extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return reading(api.open(prompt(messages), options.stop()), new EventMap() {
                        String held = "";

                        @Override
                        public AIMessageChunk apply(RtApi.Ev ev) throws Exception {
                            if (ev instanceof RtApi.Text t) {
                                String text = (held + t.text()).replace("\r\n", "\n");
                                held = text.substring(text.length() - 1);
                                return AIMessageChunk.builder().content(text.substring(0, text.length() - 1)).id(t.id()).build();
                            }
                            if (ev instanceof RtApi.Done d) {
                                String rest = held;
                                held = "";
                                return RtApi.chunkOf(new RtApi.TextDone(rest, d));
                            }
                            return RtApi.chunkOf(ev);
                        }
                    });
                }
            };
        }
    }

    /** A Flow.Publisher client whose cancel() only stops emitting: the emitter thread and the connection stay. */
    @Defect("Flow.Publisher client: cancel() stops emitting but neither closes the connection nor ends the emitter thread")
    @Fails({Rule.STR_13})
    @InEveryBuild
    public static class B09PublisherCancelKeepsConnection extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    String prompt = prompt(messages);
                    Flow.Publisher<AIMessageChunk> publisher = subscriber -> {
                        Semaphore demand = new Semaphore(0);
                        AtomicBoolean cancelled = new AtomicBoolean();
                        subscriber.onSubscribe(new Flow.Subscription() {
                            @Override
                            public void request(long n) {
                                demand.release((int) Math.min(n, 1 << 20));
                            }

                            @Override
                            public void cancel() {
                                cancelled.set(true);
                            }
                        });
                        Thread emitter = new Thread(() -> {
                            try {
                                RtApi.Connection connection = api.open(prompt, options.stop());
                                for (RtApi.Ev ev = connection.next(); ev != null; ev = connection.next()) {
                                    demand.acquire();
                                    if (!cancelled.get()) {
                                        subscriber.onNext(RtApi.chunkOf(ev));
                                    }
                                }
                                connection.close();
                                subscriber.onComplete();
                            } catch (Exception e) {
                                subscriber.onError(e);
                            }
                        }, "rt-flux-emitter");
                        emitter.setDaemon(true);
                        emitter.start();
                    };
                    return ChunkSource.fromPublisher(publisher);
                }
            };
        }
    }

    /** Stops reading at the event that carries the finish reason, so the usage and finish reason of the stream are lost. */
    @Defect("stream reader stops at the finish event and drops it: no usage, no finish reason when streaming")
    @Fails({Rule.STR_4, Rule.STR_11})
    public static class B10StreamDropsFinalUsage extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return reading(api.open(prompt(messages), options.stop()), new EventMap() {
                        @Override
                        public AIMessageChunk apply(RtApi.Ev ev) throws Exception {
                            return ev instanceof RtApi.Done ? null : RtApi.chunkOf(ev);
                        }
                    });
                }
            };
        }
    }

    /** Uses the SSE event's sequence number as the chunk id instead of the response id. */
    @Defect("chunk id taken from the SSE event sequence, different on every chunk")
    @Fails({Rule.STR_7})
    public static class B11PerEventIds extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return mapped(super.streamChunks(messages, options), new ChunkMap() {
                        int seq;

                        @Override
                        public AIMessageChunk apply(AIMessageChunk c) throws Exception {
                            return c == null ? null : c.withId(c.id() + ":" + seq++);
                        }
                    });
                }
            };
        }
    }

    /** Word smoothing for a text-to-speech front end, with its carry-over buffer kept in the model instance. */
    @Defect("word-boundary smoothing keeps its carry-over text in a model field shared by concurrent streams")
    @Fails({Rule.CONC_1})
    @InEveryBuild
    public static class B12SharedCarryBuffer extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                private final StringBuilder carry = new StringBuilder();

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return reading(api.open(prompt(messages), options.stop()), new EventMap() {
                        @Override
                        public AIMessageChunk apply(RtApi.Ev ev) throws Exception {
                            synchronized (carry) {
                                if (ev instanceof RtApi.Text t) {
                                    carry.append(t.text());
                                    int cut = carry.lastIndexOf(" ");
                                    String out = cut > 0 ? carry.substring(0, cut) : "";
                                    carry.delete(0, Math.max(cut, 0));
                                    return AIMessageChunk.builder().content(out).id(t.id()).build();
                                }
                                if (ev instanceof RtApi.Done d) {
                                    String rest = carry.toString();
                                    carry.setLength(0);
                                    return RtApi.chunkOf(new RtApi.TextDone(rest, d));
                                }
                            }
                            return RtApi.chunkOf(ev);
                        }
                    });
                }
            };
        }
    }

    /** The completion path parses tool arguments with a strict hand-rolled check that rejects whitespace. */
    @Defect("completion path parses tool arguments strictly (no whitespace): valid calls end up invalid on invoke")
    @Fails({Rule.STR_10})
    public static class B13InvokeToolArgsMisparsed extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    RtApi.Reply r = api.complete(prompt(messages), options.stop());
                    AIMessage.Builder b = AIMessage.builder().content(r.text()).usage(UsageMetadata.of(r.in(), r.out()))
                            .responseMetadata("finish_reason", r.reason()).responseMetadata("model_name", RtApi.MODEL)
                            .id(r.id());
                    for (RtApi.Call c : r.calls()) {
                        if (c.args().matches("\\{(\"[^\"]*\":\"[^\"]*\",?)*}")) {
                            b.toolCall(new ToolCall(c.id(), c.name(), ToolArguments.parse(c.args())));
                        } else {
                            b.invalidToolCall(new InvalidToolCall(c.id(), c.name(), c.args(), "not a flat JSON object"));
                        }
                    }
                    return b.build();
                }
            };
        }
    }

    // ================================================================ implementing ChatModel directly

    /** The invoke path builds its run from a fresh id and ignores the config's. */
    @Defect(value = "invoke reports its run under a fresh id, ignoring RunConfig.runId", direct = true)
    @Fails({Rule.CB_3})
    public static class D01InvokeIgnoresRunId extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                public AIMessage invoke(ChatInput input, RunConfig config) {
                    return super.invoke(input, config.withRunId(null));
                }
            };
        }
    }

    /** A failing invoke rethrows without telling the listeners: the run never ends for them. */
    @Defect(value = "a failing invoke reports no error callback", direct = true)
    @Fails({Rule.INV_5, Rule.STR_14})
    public static class D02InvokeFailureUnreported extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                void invokeFailed(Run run, Exception e) {
                    // the stream path reports it; this one was forgotten
                }
            };
        }
    }

    /** Closing the stream releases the connection but never ends the run for the listeners. */
    @Defect(value = "closing a stream early ends the run with neither end nor error callback", direct = true)
    @Fails({Rule.STR_6, Rule.CB_1})
    public static class D03CloseReportsNothing extends RtSubject {
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
                        }
                    };
                }
            };
        }
    }

    /** The timeout is applied to invoke only; streams read without a deadline. */
    @Defect(value = "RunConfig.timeout honoured by invoke, ignored by stream", direct = true)
    @Fails({Rule.STR_14})
    public static class D04StreamIgnoresTimeout extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        RtApi.Ev read() throws Exception {
                            return connection.next();
                        }
                    };
                }
            };
        }
    }

    /** stream() sends the request at once to save latency, before anyone pulls. */
    @Defect(value = "stream() starts the run and opens the request eagerly, before the first pull", direct = true)
    @Fails({Rule.STR_15, Rule.CONC_1})
    public static class D05EagerRequest extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
                    CallOptions options = CallOptions.from(config);
                    Run run = newRun(config, options);
                    Pull pull = newPull(input, config, options, run);
                    run.start(input.raw());
                    pull.started = true;
                    try {
                        pull.connection = api.open(prompt(input), options.stop());
                        if (config.timeout() != null) {
                            pull.deadline = System.nanoTime() + config.timeout().toNanos();
                        }
                    } catch (Exception e) {
                        run.error(e);
                        throw new IllegalStateException(e);
                    }
                    return RunStream.of(pull);
                }
            };
        }
    }

    /** Listener failures are caught around start and end, but not on the per-chunk hot path. */
    @Defect(value = "a listener throwing from onChunk breaks the stream (not caught on the hot path)", direct = true)
    @Fails({Rule.CB_2})
    public static class D06ChunkListenerFailureBreaksStream extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    Run base = super.newRun(config, options);
                    return new Run(base.info, base.listeners) {
                        @Override
                        synchronized void chunk(AIMessageChunk chunk) {
                            listeners.forEach(l -> l.onChunk(info, chunk));
                        }
                    };
                }
            };
        }
    }

    /** The end of the run carries the run id although every chunk carried the provider's id. */
    @Defect(value = "final message id is run-<runId> although the chunks carry the provider's id", direct = true)
    @Fails({Rule.STR_2, Rule.STR_7, Rule.EVT_6, Rule.EVT_8, Rule.CONC_1})
    public static class D07FinalIdIsRunId extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        AIMessage output() {
                            return aggregate.toMessage().withId(run.runMessageId());
                        }
                    };
                }
            };
        }
    }

    /** The model's own tags come before the config's. */
    @Defect(value = "run tags are the model's tags then the config's (wrong order)", direct = true)
    @Fails({Rule.EVT_5, Rule.CB_3})
    public static class D08ModelTagsFirst extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    Run base = super.newRun(config, options);
                    List<String> tags = new ArrayList<>(tags());
                    tags.addAll(config.tags());
                    return new Run(new io.github.chattck.core.RunInfo(base.info.runId(), base.info.parentIds(),
                            base.info.name(), base.info.runType(), tags, base.info.metadata()), base.listeners);
                }
            };
        }
    }

    /** batch fans every input out at once on a cached pool, ignoring maxConcurrency. */
    @Defect(value = "batch sends every input at once on a cached pool, ignoring maxConcurrency", direct = true)
    @Fails({Rule.BAT_2})
    public static class D09BatchIgnoresMaxConcurrency extends RtSubject {
        private static final ExecutorService FAN_OUT = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rt-batch");
            t.setDaemon(true);
            return t;
        });

        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.gap = java.time.Duration.ofMillis(5);
            return new RtDirectChatModel(api) {
                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    List<CompletableFuture<AIMessage>> calls = new ArrayList<>();
                    for (ChatInput in : inputs) {
                        calls.add(CompletableFuture.supplyAsync(() -> invoke(in, config.withRunId(null)), FAN_OUT));
                    }
                    return calls.stream().map(CompletableFuture::join).toList();
                }
            };
        }
    }

    /** The end of a streamed run reports the last chunk instead of the aggregate. */
    @Defect(value = "end callback of a stream carries the last chunk, not the aggregate", direct = true)
    @Fails({Rule.STR_2, Rule.STR_10, Rule.EVT_6, Rule.EVT_8, Rule.CONC_1})
    public static class D10EndIsLastChunk extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        AIMessageChunk last;

                        @Override
                        AIMessageChunk toChunk(RtApi.Ev ev) {
                            last = super.toChunk(ev);
                            return last;
                        }

                        @Override
                        AIMessage output() {
                            return last.toMessage();
                        }
                    };
                }
            };
        }
    }

    /** The run is always named after the model, whatever runName the config gives. */
    @Defect(value = "runName of the config ignored: runs always named after the model", direct = true)
    @Fails({Rule.EVT_4, Rule.CB_3})
    public static class D11RunNameIgnored extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    return super.newRun(config.toBuilder().runName(null).build(), options);
                }
            };
        }
    }

    /** A read error mid-stream is taken for the end of the answer: a shorter answer ends normally. */
    @Defect(value = "a provider error mid-stream ends the stream normally with the partial answer", direct = true)
    @Fails({Rule.STR_9, Rule.EVT_7})
    public static class D12ErrorEndsStreamQuietly extends RtSubject {
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
                            } catch (RtApi.RtApiException e) {
                                return null;
                            }
                        }
                    };
                }
            };
        }
    }

    /** "Streaming" by calling the completion endpoint and cutting its text into pieces of five characters. */
    @Defect(value = "fake streaming: waits for the whole completion, then cuts the text every 5 chars", direct = true)
    @Fails({Rule.STR_5, Rule.STR_14})
    public static class D13FakeStreamingBySplitting extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        private Deque<RtApi.Ev> pieces;

                        @Override
                        RtApi.Ev read() throws Exception {
                            if (pieces == null) {
                                connection.close();
                                RtApi.Reply r = api.complete(prompt(input), options.stop());
                                pieces = new ArrayDeque<>();
                                for (int i = 0; i < r.text().length(); i += 5) {
                                    pieces.add(new RtApi.Text(r.text().substring(i, Math.min(r.text().length(), i + 5)), r.id()));
                                }
                                for (int i = 0; i < r.calls().size(); i++) {
                                    RtApi.Call c = r.calls().get(i);
                                    pieces.add(new RtApi.ToolDelta(i, c.id(), c.name(), c.args(), r.id()));
                                }
                                pieces.add(new RtApi.Done(r.in(), r.out(), r.reason(), r.id()));
                            }
                            return pieces.poll();
                        }
                    };
                }
            };
        }
    }

    /** The ls parameters are computed once per model, so {@code ls_stop} never shows a call's stop sequences. */
    @Defect(value = "ls parameters cached per model: ls_stop missing when a call gives stop sequences", direct = true)
    @Fails({Rule.META_1, Rule.META_2})
    public static class D14LsStopMissing extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                private final LsParams cached = new LsParams("redteam", RtApi.MODEL, null, null, List.of());

                @Override
                public LsParams lsParams(CallOptions options) {
                    return cached;
                }
            };
        }
    }

    /** Reads on a thread per stream into a one-slot queue; close() neither interrupts it nor closes the response. */
    @Defect(value = "reader thread per stream blocked on a full queue after close: thread and connection leak", direct = true)
    @Fails({Rule.STR_6, Rule.STR_13, Rule.STR_14})
    public static class D15ReaderThreadLeaks extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        private BlockingQueue<Object> queue;
                        private final Object end = new Object();

                        @Override
                        RtApi.Ev read() throws Exception {
                            if (queue == null) {
                                queue = new ArrayBlockingQueue<>(1);
                                RtApi.Connection c = connection;
                                Thread reader = new Thread(() -> {
                                    try {
                                        for (RtApi.Ev ev = c.next(); ev != null; ev = c.next()) {
                                            queue.put(ev);
                                        }
                                        queue.put(end);
                                    } catch (Exception e) {
                                        try {
                                            queue.put(e);
                                        } catch (InterruptedException ignored) {
                                            Thread.currentThread().interrupt();
                                        }
                                    }
                                }, "rt-reader");
                                reader.setDaemon(true);
                                reader.start();
                            }
                            Object o = queue.take();
                            if (o instanceof Exception e) {
                                throw e;
                            }
                            return o == end ? null : (RtApi.Ev) o;
                        }

                        @Override
                        public void close() {
                            if (!finished && started) {
                                finished = true;
                                run.error(new java.util.concurrent.CancellationException("closed"));
                            }
                        }
                    };
                }
            };
        }
    }

    /** The completion path forgets the usage block the streaming path reads. */
    @Defect(value = "invoke drops the usage the completion response carries (stream reports it)", direct = true)
    @Fails({Rule.STR_4, Rule.STR_11})
    public static class D16InvokeDropsUsage extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                AIMessage complete(ChatInput input, RunConfig config, CallOptions options, Run run) throws Exception {
                    AIMessage m = super.complete(input, config, options, run);
                    return new AIMessage(m.content(), m.toolCalls(), m.invalidToolCalls(), null, m.responseMetadata(), m.id());
                }
            };
        }
    }

    /** The run is always reported as a root: the config's parent run ids are dropped. */
    @Defect(value = "parent run ids of the config dropped: the model's run looks like a root inside a pipeline", direct = true)
    @Fails({Rule.EVT_9, Rule.CB_3})
    public static class D17ParentIdsDropped extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Run newRun(RunConfig config, CallOptions options) {
                    return super.newRun(config.toBuilder().parentRunIds(List.<UUID>of()).build(), options);
                }
            };
        }
    }

    /** Chunks without the provider's id are passed on without one: the run id is never stamped. */
    @Defect(value = "tool-call and usage chunks left without any id (provider id only on text events)", direct = true)
    @Fails({Rule.STR_7})
    public static class D18ChunksWithoutId extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        public AIMessageChunk next() {
                            AIMessageChunk c = super.next();
                            return c == null || !c.content().isEmpty() ? c : c.withId(null);
                        }
                    };
                }
            };
        }
    }
}
