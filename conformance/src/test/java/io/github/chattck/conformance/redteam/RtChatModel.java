package io.github.chattck.conformance.redteam;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;

import java.util.List;

/** The correct integration of {@link RtApi} on {@link BaseChatModel}: an SSE reader, no extra thread. */
class RtChatModel extends BaseChatModel {
    final RtApi api;

    RtChatModel(RtApi api) {
        this.api = api;
    }

    @Override
    protected String providerName() {
        return "redteam";
    }

    @Override
    protected String modelName() {
        return RtApi.MODEL;
    }

    static String prompt(List<Message> messages) {
        return messages.get(messages.size() - 1).content();
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
        return RtApi.messageOf(api.complete(prompt(messages), options.stop()));
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
        return reading(api.open(prompt(messages), options.stop()), RtApi::chunkOf);
    }

    /** What an integration makes of one chunk. */
    @FunctionalInterface
    interface ChunkMap {
        AIMessageChunk apply(AIMessageChunk chunk) throws Exception;
    }

    /** What an integration makes of one event of the API; null ends the stream. */
    @FunctionalInterface
    interface EventMap {
        AIMessageChunk apply(RtApi.Ev event) throws Exception;
    }

    /** The chunks of {@code source}, each passed through {@code map} (the end passes as it is); closed with it. */
    static ChunkSource mapped(ChunkSource source, ChunkMap map) {
        return new ChunkSource() {
            @Override
            public AIMessageChunk next() throws Exception {
                AIMessageChunk chunk = source.next();
                return chunk == null ? null : map.apply(chunk);
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    /** The events of {@code connection} as {@code map} makes them chunks (the end passes as it is); closed with it. */
    static ChunkSource reading(RtApi.Connection connection, EventMap map) {
        return new ChunkSource() {
            @Override
            public AIMessageChunk next() throws Exception {
                RtApi.Ev event = connection.next();
                return event == null ? null : map.apply(event);
            }

            @Override
            public void close() {
                connection.close();
            }
        };
    }
}
