package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.UsageMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Correct but unusual integrations of {@link RtApi}: each does something SPEC sections 1-5 allow that a naive kit
 * might reject. Each must pass every rule it declares.
 */
final class UnusualModels {
    private UnusualModels() {
    }

    /** A pull source over a connection that maps each event to zero or more chunks. */
    abstract static class Mapping implements ChunkSource {
        final RtApi.Connection connection;
        private final java.util.ArrayDeque<AIMessageChunk> ready = new java.util.ArrayDeque<>();

        Mapping(RtApi.Connection connection) {
            this.connection = connection;
        }

        abstract List<AIMessageChunk> map(RtApi.Ev ev);

        @Override
        public AIMessageChunk next() throws Exception {
            while (ready.isEmpty()) {
                RtApi.Ev ev = connection.next();
                if (ev == null) {
                    return null;
                }
                ready.addAll(map(ev));
            }
            return ready.poll();
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** As Anthropic's message_start: the input tokens come first on a chunk of their own, output tokens at the end. */
    @InEveryBuild
    public static class C01UsageOnlyFirstChunk extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return new Mapping(api.open(prompt(messages), options.stop())) {
                        boolean first = true;

                        @Override
                        List<AIMessageChunk> map(RtApi.Ev ev) {
                            List<AIMessageChunk> out = new ArrayList<>();
                            if (ev instanceof RtApi.Done d) {
                                out.add(AIMessageChunk.builder().usage(UsageMetadata.of(0, d.out()))
                                        .responseMetadata("finish_reason", d.reason()).responseMetadata("model_name", RtApi.MODEL)
                                        .id(d.id()).build());
                                return out;
                            }
                            if (first) {
                                first = false;
                                String id = ev instanceof RtApi.Text t ? t.id() : ((RtApi.ToolDelta) ev).id();
                                out.add(AIMessageChunk.builder().usage(UsageMetadata.of(inputTokens(), 0)).id(id).build());
                            }
                            out.add(RtApi.chunkOf(ev));
                            return out;
                        }

                        long inputTokens() {
                            String p = prompt(messages);
                            return p.equals(RtApi.STORY) ? 12 : p.equals(RtApi.SLOW) ? 6 : p.equals(RtApi.TOOL) ? 20
                                    : p.equals(RtApi.STOP_PROMPT) ? 4 : p.length() / 4 + 1;
                        }
                    };
                }
            };
        }
    }

    /** Keep-alive pings become empty chunks between the texts (with the response id). */
    public static class C02EmptyChunksBetweenTexts extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    return new Mapping(api.open(prompt(messages), options.stop())) {
                        @Override
                        List<AIMessageChunk> map(RtApi.Ev ev) {
                            AIMessageChunk c = RtApi.chunkOf(ev);
                            return List.of(AIMessageChunk.builder().content("").id(c.id()).build(), c);
                        }
                    };
                }
            };
        }
    }

    /** A name with spaces, accents and an emoji, and the default ls_provider derived from it. */
    public static class C03OddlyNamed extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                public String name() {
                    return "Chat Ünïcødé \uD83E\uDD16 Model";
                }

                @Override
                protected String providerName() { // BaseChatModel's default: the name without "Chat", lower-cased
                    return name().substring("Chat".length()).toLowerCase(java.util.Locale.ROOT);
                }

                @Override
                protected String modelName() {
                    return name();
                }
            };
        }
    }

    /** Parallel tool calls whose fragments interleave (0, 1, 0, 1), id and name only on each call's first fragment. */
    @InEveryBuild
    public static class C04InterleavedToolDeltas extends RtSubject {
        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.interleavedTools = true;
            return new RtChatModel(api);
        }
    }

    /** A reasoning model: thinks 700 ms before the slow answer's first token (300 ms before any answer), then fast. */
    public static class C05SlowFirstTokenFastRest extends RtSubject {
        @Override
        protected ChatModel createModel() {
            RtApi api = new RtApi();
            api.firstDelay = Duration.ofMillis(300);
            api.slowFirstDelay = Duration.ofMillis(400);
            return new RtChatModel(api);
        }
    }

    /** A callback client whose every event arrives on whichever pool thread completed the previous read. */
    public static class C06ChunksFromVaryingThreads extends RtSubject {
        static final ExecutorService IO = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rt-io");
            t.setDaemon(true);
            return t;
        });

        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    String prompt = prompt(messages);
                    return ChunkSource.fromCallbacks(sink -> CompletableFuture.runAsync(() -> {
                        try {
                            RtApi.Connection c = api.open(prompt, options.stop());
                            sink.onCancel(c::close);
                            readNext(c, sink);
                        } catch (Exception e) {
                            sink.error(e);
                        }
                    }, IO));
                }

                private void readNext(RtApi.Connection c, io.github.chattck.core.ChunkSink sink) {
                    CompletableFuture.runAsync(() -> {
                        try {
                            RtApi.Ev ev = c.next();
                            if (ev == null) {
                                c.close();
                                sink.complete();
                            } else if (sink.next(RtApi.chunkOf(ev))) {
                                readNext(c, sink);
                            } else {
                                c.close();
                            }
                        } catch (Exception e) {
                            c.close();
                            sink.error(e);
                        }
                    }, IO);
                }
            };
        }
    }

    /** The correct direct implementation of {@code ChatModel}, the base of the broken direct ones. */
    public static class C07DirectImplementation extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi());
        }
    }

    /** Chunk boundaries between code points of one grapheme: a combining accent, a ZWJ emoji sequence. */
    @InEveryBuild
    public static class C08GraphemesSplitAtCodePoints extends RtSubject {
        static final List<String> TOKENS = List.of("Cafe", "\u0301 for the ", "\uD83D\uDC69", "\u200D\uD83D\uDCBB",
                " and her ", "\uD83E\uDD16", " robot.");

        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    boolean story = prompt(messages).equals(RtApi.STORY);
                    return new Mapping(api.open(prompt(messages), options.stop())) {
                        @Override
                        List<AIMessageChunk> map(RtApi.Ev ev) {
                            if (!story || ev instanceof RtApi.ToolDelta) {
                                return List.of(RtApi.chunkOf(ev));
                            }
                            if (ev instanceof RtApi.Text t) {
                                return t.text().equals(RtApi.STORY_TOKENS.get(0))
                                        ? TOKENS.stream().map(s -> AIMessageChunk.builder().content(s).id(t.id()).build()).toList()
                                        : List.of();
                            }
                            return List.of(RtApi.chunkOf(ev));
                        }
                    };
                }

                @Override
                protected io.github.chattck.core.message.AIMessage generate(List<Message> messages, CallOptions options)
                        throws Exception {
                    io.github.chattck.core.message.AIMessage m = super.generate(messages, options);
                    return prompt(messages).equals(RtApi.STORY) ? new io.github.chattck.core.message.AIMessage(
                            String.join("", TOKENS), m.toolCalls(), m.invalidToolCalls(), m.usageMetadata(),
                            m.responseMetadata(), m.id()) : m;
                }
            };
        }
    }

    /** Temperature, max tokens, own tags and own metadata: every optional ls parameter and both model-level lists. */
    public static class C09TagsMetadataAndSampling extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                public List<String> tags() {
                    return List.of("rt", "team-blue");
                }

                @Override
                public Map<String, Object> metadata() {
                    return Map.of("deployment", "eu-west", "replicas", 3);
                }

                @Override
                protected Double temperature() {
                    return 0.0;
                }

                @Override
                protected Integer maxTokens() {
                    return 256;
                }
            };
        }
    }

    /** A Flow.Publisher client that asks the server for one event per request(1) and closes it on cancel. */
    public static class C10PublisherOneEventPerRequest extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    String prompt = prompt(messages);
                    Flow.Publisher<AIMessageChunk> publisher = subscriber -> {
                        AtomicBoolean done = new AtomicBoolean();
                        AtomicLong pending = new AtomicLong();
                        RtApi.Connection[] connection = new RtApi.Connection[1];
                        subscriber.onSubscribe(new Flow.Subscription() {
                            @Override
                            public void request(long n) {
                                if (pending.getAndAdd(n) == 0) {
                                    C06ChunksFromVaryingThreads.IO.execute(this::drain);
                                }
                            }

                            private synchronized void drain() {
                                try {
                                    if (connection[0] == null && !done.get()) {
                                        connection[0] = api.open(prompt, options.stop());
                                    }
                                    while (!done.get() && pending.get() > 0) {
                                        RtApi.Ev ev = connection[0].next();
                                        if (ev == null) {
                                            done.set(true);
                                            connection[0].close();
                                            subscriber.onComplete();
                                            return;
                                        }
                                        subscriber.onNext(RtApi.chunkOf(ev));
                                        pending.decrementAndGet();
                                    }
                                } catch (Exception e) {
                                    if (done.compareAndSet(false, true)) {
                                        if (connection[0] != null) {
                                            connection[0].close();
                                        }
                                        subscriber.onError(e);
                                    }
                                }
                            }

                            @Override
                            public void cancel() {
                                done.set(true);
                                RtApi.Connection c = connection[0];
                                if (c != null) {
                                    c.close();
                                }
                            }
                        });
                    };
                    return ChunkSource.fromPublisher(publisher);
                }
            };
        }
    }

    /** A direct implementation on an API that sends no response id: every chunk and the answer carry the run id. */
    public static class C11DirectWithoutProviderIds extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtDirectChatModel(new RtApi()) {
                @Override
                io.github.chattck.core.message.AIMessage complete(ChatInput input, RunConfig config, CallOptions options,
                                                                  Run run) throws Exception {
                    return super.complete(input, config, options, run).withId(null);
                }

                @Override
                Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
                    return new Pull(input, config, options, run) {
                        @Override
                        AIMessageChunk toChunk(RtApi.Ev ev) {
                            return super.toChunk(ev).withId(null);
                        }
                    };
                }
            };
        }
    }

    /** A one-chunk-per-word model whose tool-call prompt comes with a few words of text before the calls. */
    public static class C12TextThenToolCalls extends RtSubject {
        @Override
        protected ChatModel createModel() {
            return new RtChatModel(new RtApi()) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    boolean tool = prompt(messages).equals(RtApi.TOOL);
                    return new Mapping(api.open(prompt(messages), options.stop())) {
                        boolean first = true;

                        @Override
                        List<AIMessageChunk> map(RtApi.Ev ev) {
                            List<AIMessageChunk> out = new ArrayList<>();
                            if (tool && first && ev instanceof RtApi.ToolDelta d) {
                                out.add(AIMessageChunk.builder().content("Let me").id(d.id()).build());
                                out.add(AIMessageChunk.builder().content(" check.").id(d.id()).build());
                            }
                            first = false;
                            out.add(RtApi.chunkOf(ev));
                            return out;
                        }
                    };
                }

                @Override
                protected io.github.chattck.core.message.AIMessage generate(List<Message> messages, CallOptions options)
                        throws Exception {
                    io.github.chattck.core.message.AIMessage m = super.generate(messages, options);
                    return prompt(messages).equals(RtApi.TOOL) ? new io.github.chattck.core.message.AIMessage(
                            "Let me check.", m.toolCalls(), m.invalidToolCalls(), m.usageMetadata(), m.responseMetadata(),
                            m.id()) : m;
                }
            };
        }
    }
}
