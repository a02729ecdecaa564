package com.example.app;

import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.function.Consumer;

/** The application code under test: streams a summary to a UI callback, retrying once on failure. */
public final class Summarizer {
    private final ChatModel model;

    public Summarizer(ChatModel model) {
        this.model = model;
    }

    public String summarize(String text, Consumer<String> onToken) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            StringBuilder answer = new StringBuilder();
            try (RunStream<AIMessageChunk> chunks = model.stream("Summarize: " + text, RunConfig.builder().tags("summarizer").build())) {
                for (AIMessageChunk chunk : chunks) {
                    onToken.accept(chunk.content());
                    answer.append(chunk.content());
                }
                return answer.toString();
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }
}
