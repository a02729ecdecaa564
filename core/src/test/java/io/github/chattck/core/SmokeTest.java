package io.github.chattck.core;

import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    static class Echo extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("hello world");
        }
    }

    static final class Words extends Echo {
        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return ChunkSource.of(List.of(AIMessageChunk.of("hello"), AIMessageChunk.of(" "), AIMessageChunk.of("world")));
        }
    }

    @Test
    void fallbackAndStreamingAndEvents() {
        UUID id = UUID.randomUUID();
        assertThat(new Echo().stream("hi").toList()).extracting(AIMessageChunk::content).containsExactly("hello world");
        assertThat(new Words().stream("hi").toList()).extracting(AIMessageChunk::content).containsExactly("hello", " ", "world");
        List<StreamEvent> events = new Words().streamEvents("hi", RunConfig.builder().runId(id).tags("t").build()).toList();
        assertThat(events).extracting(StreamEvent::event).containsExactly("on_chat_model_start", "on_chat_model_stream",
                "on_chat_model_stream", "on_chat_model_stream", "on_chat_model_end");
        String json = ChatJson.toJson(events);
        assertThat(ChatJson.readEvents(json)).isEqualTo(events);
        assertThat(new Words().invoke("x").id()).startsWith("run-");
        List<StreamEvent> piped = new Words().pipe(StrOutputParser.create()).streamEvents(ChatInput.of("hi")).toList();
        assertThat(piped).extracting(StreamEvent::event).startsWith("on_chain_start").contains("on_chat_model_start", "on_chain_end");
        assertThat(new Words().pipe(StrOutputParser.create()).invoke(ChatInput.of("x"))).isEqualTo("hello world");
    }
}
