package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.subjects.ParrotFakeChatModelConformance;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConformanceRunnerTest {
    private static final String USAGE_LINE = "Usage: chat-tck-conformance";

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

    /** A model the runner cannot create. */
    public static final class NoDefaultConstructorModel extends BaseChatModel {
        /**
         * Needs an answer.
         *
         * @param answer the answer
         */
        public NoDefaultConstructorModel(String answer) {
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("x");
        }
    }

    private record Run(int exit, String out, String err) {
    }

    @AfterEach
    void clear() {
        System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
        System.clearProperty(ConformanceExtension.TIMEOUT_PROPERTY);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aModelClassWithItsCapabilitiesIsCheckedAndAFailedRequiredRuleGivesExitCode1(@TempDir Path dir) {
        Run run = run("--model-class", FakeTokensModel.class.getName(), "--capabilities", "deterministic",
                "--scorecard-dir", dir.toString(), "--timeout", "20s");

        assertThat(run.exit).as(run.out + run.err).isEqualTo(1);
        assertThat(run.out).containsPattern("\\nFAILED +STR-3 +required +\\d+  " + Pattern.quote(Rule.STR_3.statement()) + "\\n +-> ")
                .containsPattern("\\nFakeTokensModel: \\d+ of \\d+ rules passed, 1 failed \\(STR-3 required\\); \\d+ skipped \\(")
                .contains("RESULT: 1 required rule failed (STR-3 for FakeTokensModel); ");
        assertThat(dir.resolve("CommandLineSubject.md")).exists();
        assertThat(dir.resolve("CommandLineSubject.json")).exists();
        assertThat(dir.resolve("CommandLineSubject.html")).exists();
    }

    @Test
    void thePassingModelGivesExitCode0AndTheLastLineCountsTheRequiredRulesItCouldNotCheck(@TempDir Path dir) {
        Run run = run("--model-class", FakeTokensModel.class.getName(), "--capabilities", "tokenStreaming,DETERMINISTIC",
                "--scorecard-dir", dir.toString());

        assertThat(run.exit).as(run.out + run.err).isZero();
        assertThat(run.out).startsWith("## FakeTokensModel\nFakeTokensModel: ")
                .contains("; capabilities: tokenStreaming, deterministic; ")
                .containsPattern("\\npassed +STR-3 +required +\\d+  " + Pattern.quote(Rule.STR_3.statement()) + "\\n")
                .contains("STR-5 and STR-14 need slowStream")
                .contains("Scorecards (Markdown, JSON and HTML, one of each per model): " + dir.toAbsolutePath());
        String last = run.out.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).isEqualTo("RESULT: no required rule failed; 4 required rules were skipped for lack of a capability"
                + " (BAT-2 for FakeTokensModel, STR-5 for FakeTokensModel, STR-14 for FakeTokensModel, CONC-1 for"
                + " FakeTokensModel), so they were not checked; 6 required rules were skipped for lack of a wire target"
                + " (WIRE-1 for FakeTokensModel, WIRE-2 for FakeTokensModel, WIRE-4 for FakeTokensModel, WIRE-5 for"
                + " FakeTokensModel, WIRE-6 for FakeTokensModel, WIRE-7 for FakeTokensModel), so they were not checked");
    }

    @Test
    void theLinesCiPicksOutAreTheHeadingsTheSentencesAndTheResult(@TempDir Path dir) {
        Run run = run("--model-class", ParrotFakeChatModelConformance.class.getName(), "--scorecard-dir", dir.toString());

        // .ci/run: grep -E "^## |passed, |^RESULT"
        List<String> picked = run.out.lines().filter(Pattern.compile("^## |passed, |^RESULT").asPredicate()).toList();
        assertThat(picked).hasSize(3);
        assertThat(picked.get(0)).isEqualTo("## ParrotFakeChatModel");
        assertThat(picked.get(1)).startsWith("ParrotFakeChatModel: ").contains(" rules passed, none failed; ")
                .contains("STR-5 needs tokenStreaming and slowStream");
        assertThat(picked.get(2)).startsWith("RESULT: no required rule failed; ");
    }

    @Test
    void helpShowsTheUsageOfEveryOptionAndTheExitCodes() {
        Run help = run("--help");

        assertThat(help.exit).isZero();
        assertThat(help.out).startsWith(USAGE_LINE).contains("--model-class=CLASS").contains("--capabilities=CAPABILITY")
                .contains("--timeout=DURATION").contains("--scorecard-dir=DIR").contains("--version")
                .contains("Exit codes:").contains("1   a required rule failed");
        assertThat(help.err).isEmpty();
        assertThat(run("-h").out).isEqualTo(help.out);
    }

    @Test
    void versionIsTheProjectVersion() {
        String version = System.getProperty("chattck.project.version");
        assertThat(version).as("surefire passes chattck.project.version").isNotBlank();

        Run run = run("--version");

        assertThat(run.exit).isZero();
        assertThat(run.out.strip()).isEqualTo("chat-tck conformance runner " + version);
        assertThat(run("-V").out).isEqualTo(run.out);
    }

    @Test
    void eachBadOptionIsNamedWithItsValueAboveTheUsageAndGivesExitCode2() {
        assertUsageError(run("--capabilities", "telepathy"), "Invalid value for option '--capabilities'",
                "unknown capability 'telepathy'; known: tokenStreaming");
        assertUsageError(run("--model-class", "no.such.Model"), "Invalid value for option '--model-class'",
                "'no.such.Model' is not on the classpath");
        assertUsageError(run("--model-class", "java.lang.String"), "'java.lang.String' is neither a ChatModel nor");
        assertUsageError(run("--model-class", NoDefaultConstructorModel.class.getName()),
                "NoDefaultConstructorModel' is a ChatModel the runner cannot create");
        assertUsageError(run("--timeout", "soon"), "Invalid value for option '--timeout'", "'soon'");
        assertUsageError(run("--timeout", "-5s"), "'--timeout'", "must be positive", "'-5s'");
        assertUsageError(run("--scorecard-dir"), "Missing required parameter for option '--scorecard-dir' (DIR)");
        assertUsageError(run("--model-class", FakeTokensModel.class.getName(), "--model-class", Mutant.class.getName()),
                "--model-class names 2 ChatModel classes");
        assertUsageError(run("--capabilities", "tokenStreaming"), "--capabilities applies to a --model-class naming a ChatModel");
        assertUsageError(run("--model-class", ParrotFakeChatModelConformance.class.getName(), "--capabilities", "toolCalling"),
                "--capabilities applies to a --model-class naming a ChatModel");
        Run unknown = run("--verbose");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option: '--verbose'");
    }

    /** A second ChatModel class. */
    public static final class Mutant extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            return AIMessage.of("mutant");
        }
    }

    private static void assertUsageError(Run run, String... parts) {
        assertThat(run.exit).as(run.err).isEqualTo(2);
        assertThat(run.err).contains(parts).contains(USAGE_LINE);
        assertThat(run.out).as("nothing ran").isEmpty();
    }
}
