package io.github.chattck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.Script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two fake LLM servers of {@code FakeServerBenchmark}, playing the same script, and the one client both are read
 * with: chat-tck's {@link FakeLlmServer} in this JVM, and aimock ({@code @copilotkit/aimock}, pinned in
 * {@code benchmarks/aimock/package.json}) as the Node process a JVM test suite would start. The script: the user
 * message {@code go} is answered with {@link #FRAMES} one-word frames, {@code one} with a single one; both servers
 * stream them as OpenAI Chat Completions chunks ({@code data: {...}} lines, then {@code data: [DONE]}).
 */
final class FakeServers {
    /** Content frames of the long answer. */
    static final int FRAMES = 1000;
    static final String SERVER_CHAT_TCK = "chat-tck";
    static final String SERVER_AIMOCK = "aimock";

    /** Where {@code npm ci} installed aimock; the benchmark script runs from the repository root. */
    private static final Path AIMOCK_DIR = Path.of(System.getProperty("chattck.aimock.dir", "benchmarks/aimock"));
    private static final Path AIMOCK_CLI = Path.of("node_modules", "@copilotkit", "aimock", "dist", "cli.js");
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+?)/?$");
    private static final Duration AIMOCK_START_LIMIT = Duration.ofSeconds(30);

    private FakeServers() {
    }

    /** A running fake server, closed with the benchmark. */
    interface Running extends AutoCloseable {
        /**
         * The base URL of its OpenAI endpoints, without {@code /v1}.
         *
         * @return the URL
         */
        String baseUrl();

        /** Forgets the requests journaled so far, so that a long run does not measure a growing journal. */
        void forgetRequests();

        @Override
        void close();
    }

    /**
     * Starts the named server on the loopback address and a free port.
     *
     * @param server {@link #SERVER_CHAT_TCK} or {@link #SERVER_AIMOCK}
     * @return the running server
     */
    static Running start(String server) {
        switch (server) {
            case SERVER_CHAT_TCK:
                FakeLlmServer fake = FakeLlmServer.start(chatTckScript());
                return new Running() {
                    @Override
                    public String baseUrl() {
                        return fake.baseUrl();
                    }

                    @Override
                    public void forgetRequests() {
                        fake.reset();
                    }

                    @Override
                    public void close() {
                        fake.close();
                    }
                };
            case SERVER_AIMOCK:
                return Aimock.start();
            default:
                throw new IllegalArgumentException("no fake server named '" + server + "'; the servers are "
                        + SERVER_CHAT_TCK + " and " + SERVER_AIMOCK);
        }
    }

    static Script chatTckScript() {
        String[] pieces = new String[FRAMES];
        Arrays.fill(pieces, Fixtures.TOKEN);
        return Script.builder()
                .when("go", Turn.text(Fixtures.TOKEN.repeat(FRAMES)).chunks(pieces))
                .when("one", Turn.text(Fixtures.TOKEN).chunks(Fixtures.TOKEN))
                .build();
    }

    /** The same script as aimock fixtures: its chunk size is the length of one piece, so each piece is a frame. */
    static Map<String, Object> aimockFixtures() {
        return Map.of("fixtures", List.of(
                Map.of("match", Map.of("userMessage", "go"), "response", Map.of("content", Fixtures.TOKEN.repeat(FRAMES))),
                Map.of("match", Map.of("userMessage", "one"), "response", Map.of("content", Fixtures.TOKEN))));
    }

    /**
     * Why aimock cannot run here, or null if it can: Node.js on the PATH and {@code npm ci} done in
     * {@code benchmarks/aimock}.
     *
     * @return the reason, or null
     */
    static String aimockUnavailable() {
        if (!Files.isRegularFile(AIMOCK_DIR.resolve(AIMOCK_CLI))) {
            return "aimock is not installed in " + AIMOCK_DIR.toAbsolutePath() + " (run benchmarks/run-benchmarks.sh, "
                    + "or 'npm ci' in benchmarks/aimock)";
        }
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? null : "'node --version' failed";
        } catch (IOException e) {
            return "Node.js is not on the PATH (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for Node.js";
        }
    }

    /** One streaming Chat Completions request, as an OpenAI client sends it. */
    static HttpRequest request(String baseUrl, String userMessage) {
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + userMessage + "\"}]}";
        return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer test")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * Sends the request and reads the SSE body line by line to its end, as a hand-written SSE reader does.
     *
     * @return the number of {@code data:} frames before {@code [DONE]}
     */
    static int readFrames(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + request.uri());
        }
        int frames = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    if (line.startsWith("data: [DONE]")) {
                        break;
                    }
                    frames++;
                }
            }
            // read to the end of the body, so that the connection is reused
            while (reader.readLine() != null) {
                // nothing after [DONE]
            }
        }
        return frames;
    }

    /** aimock in a Node process of its own. */
    static final class Aimock implements Running {
        private final Process process;
        private final String baseUrl;
        private final Path fixture;

        private Aimock(Process process, String baseUrl, Path fixture) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.fixture = fixture;
        }

        static Aimock start() {
            String unavailable = aimockUnavailable();
            if (unavailable != null) {
                throw new IllegalStateException("aimock benchmarks cannot run: " + unavailable);
            }
            Path fixture;
            Process process = null;
            try {
                fixture = Files.createTempFile("aimock-fixture", ".json");
                new ObjectMapper().writeValue(fixture.toFile(), aimockFixtures());
                // its chunk size is the piece length: one frame per piece, as in chat-tck's script
                process = new ProcessBuilder("node", AIMOCK_CLI.toString(), "--port", "0", "--host", "127.0.0.1",
                        "--fixtures", fixture.toString(), "--chunk-size", Integer.toString(Fixtures.TOKEN.length()),
                        "--log-level", "info").directory(AIMOCK_DIR.toFile()).redirectErrorStream(true).start();
                String url = awaitListening(process);
                drainInBackground(process);
                return new Aimock(process, url, fixture);
            } catch (IOException e) {
                if (process != null) {
                    process.destroyForcibly();
                }
                throw new UncheckedIOException("could not start aimock: " + e.getMessage(), e);
            }
        }

        /** Reads aimock's output until it says where it listens; fails with its output if it does not in time. */
        private static String awaitListening(Process process) throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        seen.add(line);
                        Matcher m = LISTENING.matcher(line.trim());
                        if (m.find()) {
                            return m.group(1);
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                String found = url.get(AIMOCK_START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                if (found == null) {
                    throw new IOException("aimock exited before listening; it said: " + seen);
                }
                return found;
            } catch (java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
                throw new IOException("aimock did not listen within " + AIMOCK_START_LIMIT + "; it said: " + seen, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("reading aimock's output failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting aimock", e);
            }
        }

        /** Keeps reading aimock's log, so that a full pipe never blocks it. */
        private static void drainInBackground(Process process) {
            Thread t = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "aimock-log");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public String baseUrl() {
            return baseUrl;
        }

        @Override
        public void forgetRequests() {
            // aimock keeps at most 1,000 journal entries (its default --journal-max)
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            try {
                Files.deleteIfExists(fixture);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
