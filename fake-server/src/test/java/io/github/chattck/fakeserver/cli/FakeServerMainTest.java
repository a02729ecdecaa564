package io.github.chattck.fakeserver.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: serves a JSON script until stopped, then prints the journal. */
class FakeServerMainTest {

    @Test
    void servesTheScriptFileAndPrintsTheJournalWhenStopped(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("script.json");
        Files.writeString(script, "{\"turns\":[{\"text\":\"Hello from the command line\",\"usage\":{\"input\":3,\"output\":5}}]}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> FakeServerMain.run(
                new String[] {"--script", script.toString(), "--port", "0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        Matcher m = listening.matcher("");
        for (int i = 0; i < 500 && !m.find(); i++) {
            Thread.sleep(10);
            m = listening.matcher(out.toString(StandardCharsets.UTF_8));
        }
        String url = m.group(1);
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(body).contains("Hello from the command line").contains("\"eval_count\":5");
        stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopped; 1 request(s)").contains("request #1 (POST /api/chat")
                .contains("ended COMPLETED");
    }

    @Test
    void aBadScriptFileIsNamedWithExitCode1(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"turns\":[{\"txt\":\"typo\"}]}");
        Run run = run("--script", bad.toString());
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("bad.json").contains("unknown field \"txt\"");
        assertThat(run("--script", dir.resolve("missing.json").toString()).exit).isEqualTo(1);
    }

    @Test
    void badCommandLinesNameTheOptionAndTheValueThenShowTheUsageWithExitCode2() {
        Run badPort = run("--script", "s.json", "--port", "x");
        assertThat(badPort.exit).isEqualTo(2);
        assertThat(badPort.err).contains("Invalid value for option '--port'").contains("'x'").contains(USAGE_LINE);
        Run outOfRange = run("--script", "s.json", "--port", "70000");
        assertThat(outOfRange.exit).isEqualTo(2);
        assertThat(outOfRange.err).contains("'--port'").contains("70000").contains(USAGE_LINE);
        Run noScript = run();
        assertThat(noScript.exit).isEqualTo(2);
        assertThat(noScript.err).contains("Missing required option: '--script=FILE'").contains(USAGE_LINE);
        Run noValue = run("--script");
        assertThat(noValue.exit).isEqualTo(2);
        assertThat(noValue.err).contains("'--script'").contains("FILE");
        Run unknown = run("--script", "s.json", "--verbose");
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("Unknown option: '--verbose'");
        Run badHost = run("--script", "s.json", "--host", "not an address");
        assertThat(badHost.exit).isEqualTo(2);
        assertThat(badHost.err).contains("'--host'").contains("not an address");
        assertThat(badPort.out + noScript.out).as("errors go to stderr").isEmpty();
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Run help = run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains(USAGE_LINE).contains("--script=FILE").contains("--port=N").contains("--host=ADDRESS")
                .contains("--version").contains("Exit codes:").contains("/v1/chat/completions");
        assertThat(help.err).isEmpty();
        assertThat(run("-h").out).isEqualTo(help.out);
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        Run version = run("--version");
        assertThat(version.exit).isZero();
        assertThat(version.out.strip()).isEqualTo("chat-tck fake server " + projectVersion());
        assertThat(run("-V").out).isEqualTo(version.out);
    }

    /** The version Maven built with: the test run's own, passed by surefire, so that this test cannot agree with itself. */
    static String projectVersion() {
        String version = System.getProperty("chattck.project.version");
        assertThat(version).as("surefire passes chattck.project.version").isNotBlank();
        return version;
    }

    private static final String USAGE_LINE = "Usage: chat-tck-fake-server";

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FakeServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
