package io.github.chattck.langchain4j;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * SPEC 8, both ways at once: a scripted model exposed as a LangChain4j {@code ChatModel} + {@code StreamingChatModel},
 * wrapped back as a chat-tck model, passes the whole kit with every capability it has (LangChain4jRoundTripConformanceTest runs it). This is the one class a
 * provider built on LangChain4j writes, with its own models in {@link #createModel()}.
 */
public class LangChain4jRoundTripSubject extends ChatModelConformanceTests {

    /** Created by JUnit. */
    public LangChain4jRoundTripSubject() {
    }

    private static final String FAIL = "Please fail after two chunks.";
    private static final String SLOW = "Please answer slowly.";
    private static final String TOOL = "What is 2 + 3? Use the calculator.";
    private static final String STOP = "Count until STOP.";

    @Override
    protected ChatModel createModel() {
        ScriptedChatModel script = ScriptedChatModel.builder().modelName("scripted-over-langchain4j")
                .when(FAIL, Turn.text("This answer breaks off").failAfterChunk(2, () -> new IOException("scripted failure")))
                .when(SLOW, Turn.text("one two three four five six").perChunkDelay(Duration.ofMillis(25)).usage(5, 6))
                .when(TOOL, Turn.text("Let me compute.").withToolCall("calculator", Map.of("a", 2, "b", 3, "op", "+"))
                        .toolArgsChunkSize(5).usage(12, 9).responseMetadata("finish_reason", "tool_calls"))
                .when(STOP, Turn.text("one two three STOP four").usage(4, 5))
                .turn(Turn.text("Once upon a time, a small robot learned to write stories.").usage(9, 12)
                        .responseMetadata("finish_reason", "stop").responseMetadata("model_name", "scripted"))
                .repeatLast()
                .build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);
        return LangChain4jChatModel.of(langChain4j, langChain4j);
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().deterministic()
                .failureTrigger().slowStream().concurrentCalls().build();
    }

    @Override
    protected ChatInput failingPrompt() {
        return ChatInput.of(FAIL);
    }

    @Override
    protected ChatInput slowPrompt() {
        return ChatInput.of(SLOW);
    }

    @Override
    protected ChatInput toolCallingPrompt() {
        return ChatInput.of(TOOL);
    }

    @Override
    protected ChatInput stopSequencePrompt() {
        return ChatInput.of(STOP);
    }

    @Override
    protected String stopSequence() {
        return "STOP";
    }
}
