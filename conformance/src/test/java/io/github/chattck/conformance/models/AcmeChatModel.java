package io.github.chattck.conformance.models;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.UsageMetadata;

import java.io.IOException;
import java.util.List;

/**
 * A correct integration of {@link AcmeApi} on {@link BaseChatModel}, reading the stream as an SSE reader does (pull
 * style, on the consumer's thread). The broken models of the kit's tests override one of its steps.
 */
public class AcmeChatModel extends BaseChatModel {
    protected final AcmeApi api;
    private final boolean streaming;

    /**
     * A streaming integration.
     *
     * @param api the API
     */
    public AcmeChatModel(AcmeApi api) {
        this(api, true);
    }

    /**
     * An integration.
     *
     * @param api       the API
     * @param streaming whether it implements streamChunks (false: the single-chunk fallback)
     */
    public AcmeChatModel(AcmeApi api, boolean streaming) {
        this.api = api;
        this.streaming = streaming;
    }

    @Override
    public String name() {
        return "ChatAcme";
    }

    @Override
    protected String providerName() {
        return "acme";
    }

    @Override
    protected String modelName() {
        return "acme-1";
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
        return message(api.complete(request(messages, options), Long.MAX_VALUE));
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
        if (!streaming) {
            return null;
        }
        AcmeApi.Connection connection = api.stream(request(messages, options));
        return new ChunkSource() {
            @Override
            public AIMessageChunk next() throws Exception {
                AcmeApi.Event event = connection.next();
                return event == null ? null : chunk(event);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }

    /** The request for a call: the last message and the stop sequences. */
    protected AcmeApi.Request request(List<Message> messages, CallOptions options) {
        return new AcmeApi.Request(messages.get(messages.size() - 1).content(), options.stop());
    }

    /** One streamed event as a chunk. */
    protected AIMessageChunk chunk(AcmeApi.Event event) {
        return chunkOf(event);
    }

    /** The mapping every integration of the API shares. */
    public static AIMessageChunk chunkOf(AcmeApi.Event event) {
        if (event instanceof AcmeApi.Token) {
            AcmeApi.Token t = (AcmeApi.Token) event;
            return AIMessageChunk.builder().content(t.text()).id(t.id()).build();
        }
        if (event instanceof AcmeApi.ToolDelta) {
            AcmeApi.ToolDelta d = (AcmeApi.ToolDelta) event;
            return AIMessageChunk.builder().toolCallChunk(new ToolCallChunk(d.index(), d.id(), d.name(), d.args()))
                    .id(d.msgId()).build();
        }
        AcmeApi.Finish f = (AcmeApi.Finish) event;
        return AIMessageChunk.builder().usage(UsageMetadata.of(f.inputTokens(), f.outputTokens()))
                .responseMetadata("finish_reason", f.reason()).id(f.id()).build();
    }

    /** A complete reply as a message. */
    public static AIMessage message(AcmeApi.Reply reply) {
        AIMessage.Builder b = AIMessage.builder().content(reply.text())
                .usage(UsageMetadata.of(reply.finish().inputTokens(), reply.finish().outputTokens()))
                .responseMetadata("finish_reason", reply.finish().reason()).id(reply.finish().id());
        for (AcmeApi.Call call : reply.calls()) {
            try {
                b.toolCall(new ToolCall(call.id(), call.name(), Json.parseObject(call.args())));
            } catch (IOException | RuntimeException e) {
                b.invalidToolCall(new InvalidToolCall(call.id(), call.name(), call.args(), String.valueOf(e.getMessage())));
            }
        }
        return b.build();
    }
}
