package io.github.chattck.fakeserver;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.internal.WireServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake LLM server: plays {@link Script}s over HTTP in the wire formats of OpenAI Chat Completions
 * ({@code /v1/chat/completions}), OpenAI Responses ({@code /v1/responses}), Anthropic Messages
 * ({@code /v1/messages}) and Ollama ({@code /api/chat}), streaming and not, and journals every request.
 *
 * <pre>{@code
 * try (FakeLlmServer server = FakeLlmServer.start(Script.of(Turn.text("Hello world")))) {
 *     OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("test").build();
 *     ...
 *     assertThat(server).lastRequest().hasLastUserMessage("Say hello").endedAs(Ending.COMPLETED);
 * }
 * }</pre>
 * Listens on the loopback address and a free port unless told otherwise; one thread per open connection, none per
 * frame. The server is itself a {@link FakeLlmScope} at its root URL (the methods below delegate to it);
 * {@link #newScope()} adds isolated scopes for tests that share one server. {@link #close()} ends requests in flight
 * (their connections are closed; the journal says {@link Ending#STOPPED_BY_SERVER}) and frees the port.
 */
public final class FakeLlmServer implements AutoCloseable {
    private final InetAddress host;
    private final int requestedPort;
    private final FakeLlmScope root;
    private final Map<String, FakeLlmScope> scopes = new ConcurrentHashMap<>();
    private final AtomicInteger scopeNames = new AtomicInteger();
    private final Exchange exchange = new Exchange(this);
    private volatile WireServer wire;
    private volatile String rootUrl;
    private volatile boolean closed;

    private FakeLlmServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.root = new FakeLlmScope(this, "", "", b.script);
    }

    /**
     * A builder: loopback, port 0 (any free port), the empty script.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server on the loopback address and a free port, playing {@code script} at its root.
     *
     * @param script the script
     * @return the running server
     * @throws UncheckedIOException if no port can be bound
     */
    public static FakeLlmServer start(Script script) {
        return builder().script(script).build().start();
    }

    /**
     * Binds the port and starts serving. Idempotent while running.
     *
     * @return this server
     * @throws UncheckedIOException  if the address cannot be bound
     * @throws IllegalStateException if the server was closed
     */
    public synchronized FakeLlmServer start() {
        Checks.argument(!closed, "the fake server was closed; start a new one");
        if (wire == null) {
            try {
                wire = new WireServer(host, requestedPort, exchange::serve);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + host.getHostAddress() + ":" + requestedPort + ": "
                        + e.getMessage(), e);
            }
            String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
            rootUrl = "http://" + literal + ":" + wire.port();
        }
        return this;
    }

    /**
     * Whether the server is serving.
     *
     * @return true between {@link #start()} and {@link #close()}
     */
    public boolean isRunning() {
        return wire != null && !closed;
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public int port() {
        return requireRunning().port();
    }

    /**
     * The root URL, {@code http://127.0.0.1:PORT}: the base URL of the server's own scope.
     *
     * @return the URL
     * @throws IllegalStateException if not started
     */
    public String baseUrl() {
        return root.baseUrl();
    }

    /**
     * {@link #baseUrl()} plus {@code /v1}, for OpenAI clients.
     *
     * @return the URL
     */
    public String openAiBaseUrl() {
        return root.openAiBaseUrl();
    }

    /**
     * The server's own scope, at its root URL.
     *
     * @return the scope
     */
    public FakeLlmScope rootScope() {
        return root;
    }

    /**
     * Adds a scope with a fresh journal and the empty script, at {@code /scopes/sN}.
     *
     * @return the scope
     */
    public FakeLlmScope newScope() {
        return newScope("s" + scopeNames.incrementAndGet());
    }

    /**
     * Adds a scope with a fresh journal and the empty script, at {@code /scopes/NAME}.
     *
     * @param name letters, digits, {@code -}, {@code _} and {@code .}
     * @return the scope
     * @throws IllegalArgumentException if the name is not URL-safe or is taken
     */
    public FakeLlmScope newScope(String name) {
        Checks.argument(name != null && name.matches("[A-Za-z0-9._-]+"),
                "a scope name must be letters, digits, '.', '_' or '-' but was %s", name);
        FakeLlmScope scope = new FakeLlmScope(this, name, "/scopes/" + name, Script.empty());
        Checks.argument(scopes.putIfAbsent(name, scope) == null, "a scope named '%s' exists already", name);
        return scope;
    }

    /**
     * Plays {@code script} at the root from now on, from its first turn.
     *
     * @param script the script
     * @return this server
     */
    public FakeLlmServer script(Script script) {
        root.script(script);
        return this;
    }

    /**
     * Plays these turns at the root, in order.
     *
     * @param turns the turns
     * @return this server
     */
    public FakeLlmServer turns(Turn... turns) {
        root.turns(turns);
        return this;
    }

    /**
     * Every request the root scope received.
     *
     * @return a snapshot
     */
    public List<RecordedRequest> requests() {
        return root.requests();
    }

    /**
     * The root scope's most recent request.
     *
     * @return the request
     * @throws IllegalStateException if there was none
     */
    public RecordedRequest lastRequest() {
        return root.lastRequest();
    }

    /**
     * The root scope's request with this number.
     *
     * @param number from 1
     * @return the request
     */
    public RecordedRequest request(int number) {
        return root.request(number);
    }

    /**
     * How many requests the root scope received.
     *
     * @return the count
     */
    public int requestCount() {
        return root.requestCount();
    }

    /**
     * Forgets the root scope's requests and starts its script over.
     *
     * @return this server
     */
    public FakeLlmServer reset() {
        root.reset();
        return this;
    }

    /**
     * Stops the server: closes the port and every connection, so requests in flight end at once (journaled as
     * {@link Ending#STOPPED_BY_SERVER}). Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (wire != null) {
            wire.close();
        }
    }

    String rootUrl() {
        String url = rootUrl;
        if (url == null || closed) {
            throw new IllegalStateException("the fake server is not running: call start() first");
        }
        return url;
    }

    boolean isClosing() {
        WireServer w = wire;
        return closed || w != null && w.isClosing();
    }

    FakeLlmScope scope(String name) {
        return scopes.get(name);
    }

    void removeScope(FakeLlmScope scope) {
        if (!scope.name().isEmpty()) {
            scopes.remove(scope.name(), scope);
        }
    }

    private WireServer requireRunning() {
        WireServer w = wire;
        if (w == null || closed) {
            throw new IllegalStateException("the fake server is not running: call start() first");
        }
        return w;
    }

    @Override
    public String toString() {
        return "FakeLlmServer{" + (rootUrl == null ? "not started" : rootUrl) + (closed ? ", closed" : "") + ", scopes="
                + scopes.size() + "}";
    }

    /** Builds a {@link FakeLlmServer}; not thread-safe. */
    public static final class Builder {
        private InetAddress host = InetAddress.getLoopbackAddress();
        private int port;
        private Script script = Script.empty();

        private Builder() {
        }

        /**
         * The script of the root scope; default the empty script.
         *
         * @param value the script
         * @return this builder
         */
        public Builder script(Script value) {
            this.script = Checks.notNull(value, "script");
            return this;
        }

        /**
         * The address to listen on; default the loopback address. Anything else exposes the server beyond this
         * machine: only for a container whose port is published (the command line's {@code --host}).
         *
         * @param value the address
         * @return this builder
         */
        public Builder host(InetAddress value) {
            this.host = Checks.notNull(value, "host");
            return this;
        }

        /**
         * The port; default 0, any free port.
         *
         * @param value 0..65535
         * @return this builder
         */
        public Builder port(int value) {
            Checks.argument(value >= 0 && value <= 65535, "port must be 0..65535 but was %d", value);
            this.port = value;
            return this;
        }

        /**
         * Builds the server, not yet started.
         *
         * @return the server
         */
        public FakeLlmServer build() {
            return new FakeLlmServer(this);
        }

        /**
         * Builds and starts the server.
         *
         * @return the running server
         */
        public FakeLlmServer start() {
            return build().start();
        }
    }
}
