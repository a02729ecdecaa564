package io.github.chattck.fakes.docs;

import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakes.VirtualClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.chattck.fakes.assertions.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The first sample of docs/fakes.md, run: a scripted model with a delay, a fault and a tool call. */
class FakesGuideTest {

    /** The application code of the sample: three turns of a conversation, surviving a broken stream. */
    static final class MyAgent {
        private final ChatModel model;
        private final List<String> seen = new ArrayList<>();

        MyAgent(ChatModel model) {
            this.model = model;
        }

        void run(String question) {
            for (int turn = 0; turn < 3; turn++) {
                try (RunStream<AIMessageChunk> chunks = model.stream(question, RunConfig.builder().tags("my-agent").build())) {
                    for (AIMessageChunk chunk : chunks) {
                        seen.add(chunk.content());
                    }
                } catch (RuntimeException e) {
                    seen.add("failed: " + e.getCause().getMessage());
                }
            }
        }
    }

    @Test
    void playsTheScriptOnAVirtualClock() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("Hello world").chunkedBy(Chunking.words()).perChunkDelay(Duration.ofMillis(5)))
                .turn(Turn.text("This answer breaks off").failAfterChunk(2, () -> new IOException("connection reset")))
                .turn(Turn.toolCall("get_weather", Map.of("city", "Paris")).toolArgsChunkSize(4).usage(12, 7))
                .clock(new VirtualClock())                 // delays are applied on a virtual clock: no real sleeping
                .build();

        MyAgent agent = new MyAgent(model);
        agent.run("What is the weather in Paris?");        // your code, against the standard interface

        assertThat(model).wasCalledTimes(3).lastHumanMessageIs("What is the weather in Paris?").lastCallTaggedWith("my-agent");
        assertThat(model.calls().get(0).chunkTimes()).containsExactly(Duration.ZERO, Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(agent.seen).startsWith("Hello", " ", "world").contains("failed: connection reset");
    }
}
