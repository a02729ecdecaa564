package com.example.provider;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;

import java.util.ArrayList;
import java.util.List;

/** A streaming provider: echoes the last message word by word, from a producer thread (push style). */
public final class WordStreamingModel extends BaseChatModel {
    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) {
        return AIMessage.of(answer(messages));
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        String answer = answer(messages);
        return ChunkSource.produceOnThread(sink -> {
            for (String piece : pieces(answer)) {
                if (!sink.next(AIMessageChunk.of(piece))) {
                    return;
                }
            }
        });
    }

    private static String answer(List<Message> messages) {
        return "You said: " + messages.get(messages.size() - 1).content();
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            out.add(word);
        }
        return out;
    }
}
