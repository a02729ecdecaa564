package com.example.provider;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.FunctionStep;
import io.github.chattck.core.Pipeline;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.StrOutputParser;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The usage samples of docs/providers.md, run: what a caller of any provider gets from BaseChatModel. */
class ShoutingModelUsageTest {

    @Test
    void streamsWordByWordAndDescribesItsRunInEvents() {
        List<String> pieces = new ArrayList<>();
        List<String> events = new ArrayList<>();

        ChatModel model = new ShoutingModel();
        try (RunStream<AIMessageChunk> chunks = model.stream("hello big world")) {
            for (AIMessageChunk chunk : chunks) {
                pieces.add(chunk.content());                // "HELLO ", "BIG ", "WORLD" as they come
            }
        }
        for (StreamEvent e : model.streamEvents("hi", RunConfig.builder().tags("demo").build())) {
            events.add(e.event());                          // on_chat_model_start, _stream, _end
        }

        assertEquals(List.of("HELLO ", "BIG ", "WORLD"), pieces);
        assertEquals(List.of("on_chat_model_start", "on_chat_model_stream", "on_chat_model_end"), events);
    }

    @Test
    void runsInAPipelineWithCustomEvents() {
        ChatModel model = new ShoutingModel();

        Pipeline<String, String, String> chain = FunctionStep.<String, ChatInput>withRun("prompt", (topic, run) -> {
                    run.dispatchCustomEvent("progress", Map.of("step", "prompt"));   // on_custom_event in streamEvents
                    return ChatInput.of("Tell me about " + topic);
                })
                .pipe(model)                                   // streams token by token ...
                .pipe(StrOutputParser.create())                // ... through the parser
                .pipe("format", text -> "<" + text + ">");     // a function gets the whole text
        List<String> answers = chain.batch(List.of("cats", "dogs"),
                List.of(RunConfig.builder().tags("cats").build(), RunConfig.builder().tags("dogs").build()));

        assertEquals(List.of("<TELL ME ABOUT CATS>", "<TELL ME ABOUT DOGS>"), answers);
    }
}
