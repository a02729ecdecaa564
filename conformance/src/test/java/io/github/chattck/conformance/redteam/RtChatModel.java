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
}
