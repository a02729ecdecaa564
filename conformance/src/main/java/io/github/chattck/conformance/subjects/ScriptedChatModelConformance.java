package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The full-capability reference: a {@link ScriptedChatModel} scripted so that every rule applies (tool calls, usage,
 * stop sequences, a failing prompt, a slow prompt), on the real clock.
 */
public class ScriptedChatModelConformance extends ChatModelConformanceTests {
    static final String FAIL = "Please fail after two chunks.";
    static final String SLOW = "Please answer slowly.";
    static final String TOOL = "What is 2 + 3? Use the calculator.";
    static final String STOP = "Count until STOP.";

    /** Created by JUnit. */
    public ScriptedChatModelConformance() {
    }

    @Override
    protected ChatModel createModel() {
        return withScenarios(ScriptedChatModel.builder().name("ScriptedChatModel").provider("chat-tck")
                        .modelName("scripted-reference").temperature(0.0).maxTokens(256).tags("reference"))
                .turn(Turn.text("Once upon a time, a small robot learned to write stories.").chunkedBy(Chunking.words())
                        .usage(9, 12).responseMetadata("finish_reason", "stop").responseMetadata("model_name", "scripted-reference"))
                .repeatLast()
                .build();
    }

    /**
     * Adds the scenarios this class's prompt hooks ask for (a failing, a slow, a tool-calling and a stop-sequence
     * prompt), so that a subject wrapping a scripted model in another library's types gets every capability with the
     * same hooks: it extends this class and scripts only its ordinary answer.
     *
     * @param script the script to add the scenarios to
     * @return the same builder
     */
    protected static ScriptedChatModel.Builder withScenarios(ScriptedChatModel.Builder script) {
        return script
                .when(FAIL, Turn.text("This answer breaks off").failAfterChunk(2, () -> new IOException("scripted failure")))
                .when(SLOW, Turn.text("one two three four five six").perChunkDelay(Duration.ofMillis(25)).usage(5, 6))
                .when(TOOL, Turn.text("Let me compute.").withToolCall("calculator", Map.of("a", 2, "b", 3, "op", "+"))
                        .toolArgsChunkSize(5).usage(12, 9).responseMetadata("finish_reason", "tool_calls"))
                .when(STOP, Turn.text("one two three STOP four").usage(4, 5));
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
