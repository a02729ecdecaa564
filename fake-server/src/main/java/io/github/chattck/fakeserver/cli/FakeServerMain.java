package io.github.chattck.fakeserver.cli;

import io.github.chattck.core.internal.ChatTckVersion;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.RecordedRequest;
import io.github.chattck.fakeserver.Script;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The fake server from the command line: reads a JSON script, serves it until stopped (Ctrl-C, SIGTERM), then
 * prints the journal. Exit codes: 0 after a normal stop (and for {@code --help}, {@code --version}), 1 if the script
 * or the port is bad, 2 for a bad command line. The options are parsed by picocli, an optional dependency of this
 * module that the runner jar bundles.
 */
@Command(name = "chat-tck-fake-server", mixinStandardHelpOptions = true, versionProvider = FakeServerMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serves the scripted turns of a JSON file as OpenAI (/v1/chat/completions, /v1/responses), "
                + "Anthropic (/v1/messages) and Ollama (/api/chat), streaming and not. Stops on Ctrl-C or SIGTERM and "
                + "prints the journal of every request.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:the script cannot be read or the port cannot be bound",
                "2:a bad command line (the error names the option)"},
        footer = {"%nExample:", "  java -jar chat-tck-fake-server-VERSION-runner.jar \\", "      --script script.json --port 8080"})
public final class FakeServerMain implements Callable<Integer> {
    @Mixin
    private FakeServerOptions options;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop;

    private FakeServerMain(PrintStream out, PrintStream err, CountDownLatch stop) {
        this.out = out;
        this.err = err;
        this.stop = stop;
    }

    /**
     * Runs the server.
     *
     * @param args the command line; {@code --help} lists the options
     */
    public static void main(String[] args) {
        CountDownLatch stop = new CountDownLatch(1);
        int code = run(args, System.out, System.err, stop);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the server until {@code stop} opens (the JVM's shutdown opens it too).
     *
     * @param args the command line
     * @param out  where the URL, the journal, the usage and the version go
     * @param err  where errors go
     * @param stop opened to stop the server
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        CommandLine commandLine = new CommandLine(new FakeServerMain(out, err, stop));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * Serves the script until stopped; called by picocli after parsing.
     *
     * @return 0 after a normal stop, 1 if the script or the port is bad
     */
    @Override
    public Integer call() {
        FakeLlmServer server;
        try {
            Script script = Script.fromJson(options.script());
            server = FakeLlmServer.builder().script(script).host(options.host()).port(options.port()).start();
        } catch (IOException | RuntimeException e) {
            err.println("chat-tck fake server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chat-tck-fake-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("chat-tck fake server listening on " + server.baseUrl() + " (OpenAI base URL " + server.openAiBaseUrl() + ")");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            out.println("chat-tck fake server stopped; " + server.requestCount() + " request(s):");
            for (RecordedRequest r : server.requests()) {
                out.println("  " + r);
            }
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is waiting for us, and now done
            }
        }
        return 0;
    }

    /** {@code --version}: the version in the runner jar's manifest, or the one the build wrote for classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chat-tck fake server " + ChatTckVersion.of(FakeServerMain.class)};
        }
    }
}
