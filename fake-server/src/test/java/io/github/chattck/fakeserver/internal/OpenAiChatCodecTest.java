package io.github.chattck.fakeserver.internal;

import io.github.chattck.core.message.AIMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text chunk frames of OpenAI Chat Completions are written from a template (the generator writes the rest of the
 * frame once; a long answer has a thousand of them); they must be byte for byte the frames the tree of every other
 * frame gives.
 */
class OpenAiChatCodecTest {

    @Test
    void aTextChunkWrittenStraightIsTheFrameItsTreeGives() {
        List<String> texts = List.of("", "tok ", "say \"hi\"", "back\\slash", "line\nbreak\ttab\r", "\u0001 control",
                "caf\u00e9 \u4f60\u597d \ud83e\udd16", "</script>", "a".repeat(5000));
        for (boolean includeUsage : new boolean[] {false, true}) {
            for (AIMessage message : List.of(AIMessage.of("x"),
                    AIMessage.builder().content("x").responseMetadata("system_fingerprint", "fp_\"1\"").build())) {
                Answer answer = new Answer("chatcmpl-\u00e9\"", "gpt-4o-mini", 1_795_619_798L, List.of(), message, "stop",
                        includeUsage);
                for (String text : texts) {
                    assertThat(new String(OpenAiChatCodec.textChunk(answer, text), StandardCharsets.UTF_8))
                            .as("text %s, usage %s, metadata %s", text, includeUsage, message.responseMetadata())
                            .isEqualTo(new String(OpenAiChatCodec.textChunkAsTree(answer, text), StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void oneTemplateGivesEveryFrameOfAnAnswerEvenWithOtherFramesWrittenBetween() {
        Answer answer = new Answer("chatcmpl-1", "gpt-4o-mini", 1_795_619_798L, List.of(), AIMessage.of("x"), "stop", true);
        DialectCodec.SseTemplate texts = OpenAiChatCodec.textChunks(answer);
        for (String text : List.of("a", "say \"hi\"", "", "\u4f60\u597d", "b")) {
            byte[] between = OpenAiChatCodec.INSTANCE.errorBody(500, "x \"" + text, null, null); // the same generator
            assertThat(new String(between, StandardCharsets.UTF_8)).startsWith("{\"error\":");
            assertThat(new String(texts.with(text), StandardCharsets.UTF_8))
                    .isEqualTo(new String(OpenAiChatCodec.textChunkAsTree(answer, text), StandardCharsets.UTF_8));
        }
    }
}
