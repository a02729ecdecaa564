package io.github.chattck.conformance.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.conformance.Endpoint;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.wire.OpenAiHttpChatModel;
import io.github.chattck.conformance.wire.OpenAiHttpSubject;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Broken variants of the reference provider over the wire ({@link OpenAiHttpChatModel}), one transport defect each,
 * the way HTTP integrations get it wrong: each must fail exactly the rules its {@link Breaks} names, the WIRE rule it
 * was written for among them. Every WIRE rule, and the wire's view of BAT-2 and STR-5, is proven able to fail here.
 */
final class WireMutants {
    private WireMutants() {
    }

    /** Closing the stream "drains the rest of the body so that the connection can be reused": it reads to the end. */
    @Breaks(Rule.WIRE_1)
    static final class DrainsTheRestOnClose extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected void release(InputStream body) throws IOException {
                    try (body) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                }
            };
        }
    }

    /** Closing the stream stops handing chunks over, but the response is never closed: the server streams on. */
    @Breaks(Rule.WIRE_1)
    static final class LeavesTheResponseOpen extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected void release(InputStream body) {
                    // the JDK client's connection is left to the garbage collector
                }
            };
        }
    }

    /** The body is read whole ("simpler to parse"), then its frames are handed over as chunks. */
    @Breaks({Rule.STR_5, Rule.WIRE_1, Rule.WIRE_2, Rule.WIRE_3})
    static final class ReadsTheWholeBodyFirst extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    byte[] whole;
                    try (InputStream in = send(request(messages, options, true)).body()) {
                        whole = in.readAllBytes();
                    }
                    return frames(new ByteArrayInputStream(whole));
                }
            };
        }
    }

    /**
     * A smoothing buffer: a reader thread takes the frames as they come and each chunk is handed over a fixed 120 ms
     * after it arrived, "to even out bursts". The chunks are spread as the server spread them and the first comes
     * before the last frame is sent, so only STR-5's comparison of each chunk with its frame's send time shows it.
     */
    @Breaks(Rule.STR_5)
    static final class SmoothsTheStreamWithALatency extends OpenAiHttpSubject {
        private static final long LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(120);

        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    InputStream body = send(request(messages, options, true)).body();
                    ChunkSource frames = frames(body);
                    BlockingQueue<Object[]> arrived = new LinkedBlockingQueue<>();
                    Thread reader = new Thread(() -> {
                        try {
                            AIMessageChunk c;
                            while ((c = frames.next()) != null) {
                                arrived.add(new Object[] {System.nanoTime(), c});
                            }
                            arrived.add(new Object[] {System.nanoTime(), null});
                        } catch (Exception e) {
                            arrived.add(new Object[] {System.nanoTime(), e});
                        }
                    }, "smoothing-reader");
                    reader.setDaemon(true);
                    reader.start();
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            Object[] next = arrived.take();
                            long wait = (long) next[0] + LATENCY_NANOS - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                            if (next[1] instanceof Exception) {
                                throw (Exception) next[1];
                            }
                            return (AIMessageChunk) next[1];
                        }

                        @Override
                        public void close() {
                            frames.close();
                            reader.interrupt();
                        }
                    };
                }
            };
        }
    }

    /** Tool-call argument fragments are collected per call and handed over whole when the call's choice finishes. */
    @Breaks(Rule.WIRE_3)
    static final class BuffersToolArguments extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                private final ThreadLocal<Map<Integer, ToolCallChunk>> pending = ThreadLocal.withInitial(TreeMap::new);

                @Override
                protected AIMessageChunk chunk(JsonNode frame) {
                    AIMessageChunk c = super.chunk(frame);
                    if (c == null) {
                        return null;
                    }
                    Map<Integer, ToolCallChunk> calls = pending.get();
                    for (ToolCallChunk t : c.toolCallChunks()) {
                        ToolCallChunk seen = calls.get(t.index());
                        calls.put(t.index(), seen == null ? t : new ToolCallChunk(t.index(), seen.id(), seen.name(),
                                seen.args() + t.args()));
                    }
                    boolean finished = c.responseMetadata().containsKey("finish_reason");
                    if (!finished && !c.toolCallChunks().isEmpty()) {
                        return null;
                    }
                    List<ToolCallChunk> whole = finished ? new ArrayList<>(calls.values()) : List.of();
                    if (finished) {
                        calls.clear();
                    }
                    return new AIMessageChunk(c.content(), whole, c.usageMetadata(), c.responseMetadata(), c.id());
                }
            };
        }
    }

    /** A rate limit "gives up gracefully": the 429 becomes an empty answer. */
    @Breaks(Rule.WIRE_4)
    static final class EmptyAnswerOnARateLimit extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
                    try {
                        return super.generate(messages, options);
                    } catch (OpenAiHttpException e) {
                        if (e.status() == 429) {
                            return AIMessage.of("");
                        }
                        throw e;
                    }
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
                    try {
                        return super.streamChunks(messages, options);
                    } catch (OpenAiHttpException e) {
                        if (e.status() == 429) {
                            return ChunkSource.of(List.of(AIMessageChunk.of("")).iterator());
                        }
                        throw e;
                    }
                }
            };
        }
    }

    /** A read error "after the last frame" is taken for the end of the answer: a cut stream passes for a whole one. */
    @Breaks(Rule.WIRE_5)
    static final class TakesAReadErrorForTheEnd extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected ChunkSource frames(InputStream body) {
                    ChunkSource frames = super.frames(body);
                    return new ChunkSource() {
                        @Override
                        public AIMessageChunk next() throws Exception {
                            try {
                                return frames.next();
                            } catch (IOException e) {
                                return null;
                            }
                        }

                        @Override
                        public void close() {
                            frames.close();
                        }
                    };
                }
            };
        }
    }

    /** A tool result goes out without the id of the call it answers. */
    @Breaks(Rule.WIRE_6)
    static final class DropsTheToolCallIdOfAResult extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected ObjectNode message(Message m) {
                    ObjectNode out = super.message(m);
                    if (m instanceof ToolMessage) {
                        out.remove("tool_call_id");
                    }
                    return out;
                }
            };
        }
    }

    /** Streaming requests do not ask for usage, so a Chat Completions stream reports none. */
    @Breaks({Rule.STR_4, Rule.STR_11, Rule.WIRE_6, Rule.WIRE_7})
    static final class AsksForNoUsageWhenStreaming extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected boolean asksForUsage() {
                    return false;
                }
            };
        }
    }

    /** The usage is reported again on a closing summary chunk at [DONE]. */
    @Breaks({Rule.STR_4, Rule.STR_11, Rule.WIRE_7})
    static final class ReportsUsageTwice extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                private final ThreadLocal<UsageMetadata> last = new ThreadLocal<>();

                @Override
                protected AIMessageChunk chunk(JsonNode frame) {
                    AIMessageChunk c = super.chunk(frame);
                    if (c != null && c.usageMetadata() != null) {
                        last.set(c.usageMetadata());
                    }
                    return c;
                }

                @Override
                protected AIMessageChunk done() {
                    UsageMetadata usage = last.get();
                    last.remove();
                    return usage == null ? null : new AIMessageChunk("", List.of(), usage, Map.of(), null);
                }
            };
        }
    }

    /** The response id is never read: messages carry the run's id. */
    @Breaks(Rule.WIRE_7)
    static final class IgnoresTheResponseId extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected String responseId(JsonNode json) {
                    return null;
                }
            };
        }
    }

    /** Frames it does not know are skipped, the error frame among them (the cut that follows still fails the run). */
    @Breaks(Rule.WIRE_8)
    static final class SkipsErrorFrames extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected AIMessageChunk errorFrame(JsonNode frame) {
                    return null;
                }
            };
        }
    }

    /**
     * A batch "prefetches": every input's request is sent at once with the async client, while the runs are bounded
     * by maxConcurrency as they should be. Only the server sees the requests that were sent ahead of their runs.
     */
    @Breaks(Rule.BAT_2)
    static final class SendsTheWholeBatchAtOnce extends OpenAiHttpSubject {
        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                private final ConcurrentLinkedQueue<CompletableFuture<HttpResponse<InputStream>>> prefetched =
                        new ConcurrentLinkedQueue<>();

                @Override
                public List<AIMessage> batch(List<? extends ChatInput> inputs, RunConfig config) {
                    for (ChatInput input : inputs) {
                        ObjectNode body = request(input.messages(), CallOptions.from(config), false);
                        prefetched.add(http.sendAsync(java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(endpoint.openAiBaseUrl() + "/chat/completions"))
                                .header("content-type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofInputStream()));
                    }
                    return super.batch(inputs, config);
                }

                @Override
                protected HttpResponse<InputStream> send(ObjectNode body) throws IOException, InterruptedException {
                    CompletableFuture<HttpResponse<InputStream>> ahead = prefetched.poll();
                    if (ahead == null) {
                        return super.send(body);
                    }
                    try {
                        return ahead.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IOException(e.getCause());
                    }
                }
            };
        }
    }
}
