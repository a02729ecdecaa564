package io.github.chattck.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.UsageMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 1.3, the late id: LangChain4j's response id, usage and finish reason come on a last, content-free chunk. */
class ChunkHandlerTest {

    /** A sink that keeps what it is handed. */
    private static final class ListSink implements ChunkSink {
        final List<AIMessageChunk> chunks = new ArrayList<>();
        boolean completed;

        @Override
        public boolean next(AIMessageChunk chunk) {
            chunks.add(chunk);
            return true;
        }

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public void error(Throwable error) {
            throw new AssertionError(error);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void onCancel(Runnable action) {
        }
    }

    @Test
    void theResponseIdComesLastOnAContentFreeChunkWithUsageAndFinishReason() {
        ListSink sink = new ListSink();
        ChunkHandler handler = new ChunkHandler(sink);
        PartialResponseContext context = new PartialResponseContext(new StubStreamingModel.Handle());

        handler.onPartialResponse(new PartialResponse("Hel"), context);
        handler.onPartialResponse(new PartialResponse("lo"), context);
        handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hello")).id("chatcmpl-1")
                .modelName("gpt-x").tokenUsage(new TokenUsage(2, 3)).finishReason(FinishReason.STOP).build());

        assertThat(sink.chunks).hasSize(3);
        assertThat(sink.chunks.subList(0, 2)).extracting(AIMessageChunk::content).containsExactly("Hel", "lo");
        assertThat(sink.chunks.subList(0, 2)).allSatisfy(c -> assertThat(c.id()).isNull());
        assertThat(sink.chunks.get(2)).isEqualTo(new AIMessageChunk("", List.of(), UsageMetadata.of(2, 3),
                Map.of("model_name", "gpt-x", "finish_reason", "stop"), "chatcmpl-1"));
        assertThat(sink.completed).isTrue();
    }
}
