package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.Rule;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.ChunkSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceRunnerTest {

    /** A provider whose "fallback" fakes token streaming: fails STR-3 when declared without tokenStreaming. */
    public static final class FakeTokensModel extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("fake tokens");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return ChunkSource.of(List.of(AIMessageChunk.of("fake"), AIMessageChunk.of(" tokens")));
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void clear() {
        System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
        System.clearProperty(ConformanceExtension.TIMEOUT_PROPERTY);
    }

    private int run(String... args) {
        return ConformanceRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aModelClassWithItsCapabilitiesIsCheckedAndAFailedRequiredRuleGivesExitCode1(@TempDir Path dir) {
        int exit = run("--model-class", FakeTokensModel.class.getName(), "--capabilities", "deterministic",
                "--scorecard-dir", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("| STR-3 | " + Rule.STR_3.statement() + " | required |  | failed |")
                .contains("RESULT: a required rule failed");
    }

    @Test
    void thePassingModelGivesExitCode0(@TempDir Path dir) {
        int exit = run("--model-class", FakeTokensModel.class.getName(), "--capabilities", "tokenStreaming,deterministic",
                "--scorecard-dir", dir.toString());

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("RESULT: every required rule passed");
    }

    @Test
    void badUsageNamesTheBadValueAndGivesExitCode2() {
        assertThat(run("--capabilities", "telepathy")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown capability 'telepathy'");
        assertThat(run("--model-class", "no.such.Model")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no.such.Model is not on the classpath");
        assertThat(run("--timeout", "soon")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'soon'");
    }
}
