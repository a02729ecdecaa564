package com.example.provider;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The README's first provider: answers the last message in capitals, word by word when streamed. */
public final class ShoutingModel extends BaseChatModel {
    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) {
        return AIMessage.of(shout(messages));
    }

    @Override   // optional: without it, stream() yields one chunk with the whole answer
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        String[] words = shout(messages).split("(?<= )");
        return ChunkSource.of(Arrays.stream(words).map(AIMessageChunk::of).iterator());
    }

    private static String shout(List<Message> messages) {
        return messages.get(messages.size() - 1).content().toUpperCase(Locale.ROOT);
    }
}
