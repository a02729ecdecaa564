package io.github.chattck.fakeserver.cli;

import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.RecordedRequest;
import io.github.chattck.fakeserver.Script;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The fake server from the command line: reads a JSON script, serves it until stopped (Ctrl-C, SIGTERM), then
 * prints the journal. Exit codes: 0 after a normal stop, 1 if the script or the port is bad, 2 for a bad command
 * line.
 */
public final class FakeServerMain {
    private FakeServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args see {@link FakeServerOptions#USAGE}
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
     * @param out  where the URL and the journal go
     * @param err  where errors go
     * @param stop opened to stop the server
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) {
        FakeServerOptions options;
        try {
            options = FakeServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("chat-tck fake server: " + e.getMessage());
            err.println(FakeServerOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(FakeServerOptions.USAGE);
            return 0;
        }
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
}
