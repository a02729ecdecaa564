package io.github.chattck.bench;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;

/** Prebuilt inputs shared by the benchmarks, built outside any measured method. */
final class Fixtures {
    static final String TOKEN = "tok ";

    private Fixtures() {
    }

    /** n text chunks of {@link #TOKEN}, without ids (as a provider hands them over). */
    static List<AIMessageChunk> textChunks(int n) {
        List<AIMessageChunk> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chunks.add(AIMessageChunk.of(TOKEN));
        }
        return chunks;
    }

    /** n fragments of one tool call's arguments: {"k":"tok tok ...tok "}. */
    static List<AIMessageChunk> toolArgChunks(int n) {
        List<AIMessageChunk> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String args = i == 0 ? "{\"k\":\"" : i == n - 1 ? "\"}" : TOKEN;
            ToolCallChunk fragment = i == 0 ? new ToolCallChunk(0, "call_1", "tool", args) : ToolCallChunk.args(0, args);
            chunks.add(AIMessageChunk.builder().toolCallChunk(fragment).build());
        }
        return chunks;
    }

    /** The zero-delay scripted fake streaming exactly {@code n} chunks of {@link #TOKEN}, recording off. */
    static ScriptedChatModel scriptedFake(int n) {
        String[] pieces = new String[n];
        java.util.Arrays.fill(pieces, TOKEN);
        return ScriptedChatModel.builder().name("BenchFake").turn(Turn.text(TOKEN.repeat(n)).chunks(pieces))
                .repeatLast().recordCalls(false).build();
    }

    /** A push-style provider: a producer thread hands the prebuilt chunks over through the bounded hand-off. */
    static BaseChatModel pushProvider(List<AIMessageChunk> chunks) {
        return new BaseChatModel() {
            @Override
            public String name() {
                return "PushProvider";
            }

            @Override
            protected AIMessage generate(List<Message> messages, CallOptions options) {
                return AIMessage.of(TOKEN.repeat(chunks.size()));
            }

            @Override
            protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                return ChunkSource.produceOnThread(sink -> {
                    for (int i = 0, n = chunks.size(); i < n; i++) {
                        if (!sink.next(chunks.get(i))) {
                            return;
                        }
                    }
                });
            }
        };
    }

    /**
     * What every streaming benchmark does with a stream: take each chunk, append its text, close the stream.
     *
     * @param stream the stream
     * @param bh     the blackhole
     */
    static void consume(RunStream<AIMessageChunk> stream, Blackhole bh) {
        StringBuilder text = new StringBuilder();
        try (stream) {
            for (AIMessageChunk c : stream) {
                text.append(c.content());
                bh.consume(c);
            }
        }
        bh.consume(text.toString());
    }

    /** A listener doing the least a real one does: look at each chunk. */
    static final class CountingListener implements RunListener {
        long chunks;

        @Override
        public void onChunk(RunInfo run, Object chunk) {
            chunks++;
        }
    }
}
