package io.github.chattck.fakes;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MisuseTest {

    @Test
    void anEmptyScriptIsRejected() {
        assertThatThrownBy(() -> ScriptedChatModel.builder().name("Empty").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Empty' is empty");
    }

    @Test
    void explicitChunksThatDoNotAddUpAreRejectedWhereTheTurnIsWritten() {
        assertThatThrownBy(() -> Turn.text("Hello").chunks("He", "lo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add up to \"Helo\"")
                .hasMessageContaining("\"Hello\"");
    }

    @Test
    void negativeDelaysAreRejected() {
        assertThatThrownBy(() -> Turn.text("x").perChunkDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("perChunkDelay").hasMessageContaining("-0.001");
        assertThatThrownBy(() -> ScriptedChatModel.builder().firstChunkDelay(Duration.ofSeconds(-2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstChunkDelay").hasMessageContaining("PT-2S");
    }

    @Test
    void aFaultPastTheEndOfItsTurnIsRejected() {
        assertThatThrownBy(() -> ScriptedChatModel.builder()
                .turn(Turn.text("a b").failAfterChunk(5, IllegalStateException::new)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("turn 1")
                .hasMessageContaining("failAfterChunk(5) is past the end: the turn streams 3 chunk(s)");
        assertThatThrownBy(() -> Turn.text("x").failAfterChunk(-1, IllegalStateException::new))
                .hasMessageContaining("-1");
    }

    @Test
    void badSettingsNameTheBadValue() {
        assertThatThrownBy(() -> Chunking.fixedSize(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> ScriptedChatModel.builder().name(" ")).hasMessageContaining("name must be non-blank but was ' '");
        assertThatThrownBy(() -> ScriptedChatModel.builder().maxTokens(-3)).hasMessageContaining("-3");
        assertThatThrownBy(() -> FakeListChatModel.of()).hasMessageContaining("at least one response");
    }
}
