package io.github.chattck.bench;

import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * How long until a test can use a fake LLM server? Each measurement starts a server and reads the answer of its first
 * request (one frame); stopping it is not measured. {@link #startAndFirstRequest} in a JVM that has started servers
 * before (as the second test class of a suite sees it); {@link #coldStartAndFirstRequest} once per fresh JVM, the
 * server's classes (and Jackson's) not loaded yet (as the first test class sees it). The client is warmed up before
 * either, against a plain JDK {@code HttpServer}, so that its own first use is not counted. aimock starts as a Node
 * process every time; a JVM test suite cannot do otherwise.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class FakeServerStartBenchmark {
    /** Which server: {@code chat-tck} or {@code aimock}. */
    @Param({FakeServers.SERVER_CHAT_TCK, FakeServers.SERVER_AIMOCK})
    public String server;

    private HttpClient client;
    private FakeServers.Running started;

    /**
     * Makes the client and uses it once, against a server that is neither of the two.
     *
     * @throws IOException          if the warm-up exchange fails
     * @throws InterruptedException never in practice
     */
    @Setup(Level.Trial)
    public void warmUpTheClient() throws IOException, InterruptedException {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", exchange -> {
            byte[] body = "data: {}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        plain.start();
        try {
            HttpRequest warmUp = FakeServers.request("http://127.0.0.1:" + plain.getAddress().getPort(), "one");
            client.send(warmUp, HttpResponse.BodyHandlers.ofString());
            FakeServers.readFrames(client, warmUp);
        } finally {
            plain.stop(0);
        }
    }

    /** Stops the server the measurement started, outside it. */
    @TearDown(Level.Invocation)
    public void stop() {
        if (started != null) {
            started.close();
            started = null;
        }
    }

    /**
     * Starts a server and reads its first answer, in a warm JVM.
     *
     * @return the frames of the first answer
     * @throws IOException          if the exchange fails
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    @Fork(1)
    public int startAndFirstRequest() throws IOException, InterruptedException {
        return startAndRead();
    }

    /**
     * Starts a server and reads its first answer, in a fresh JVM (one measurement per fork).
     *
     * @return the frames of the first answer
     * @throws IOException          if the exchange fails
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(5)
    public int coldStartAndFirstRequest() throws IOException, InterruptedException {
        return startAndRead();
    }

    private int startAndRead() throws IOException, InterruptedException {
        started = FakeServers.start(server);
        int frames = FakeServers.readFrames(client, FakeServers.request(started.baseUrl(), "one"));
        if (frames != 3) { // role, content, finish reason
            throw new IllegalStateException(server + " streamed " + frames + " frames, not 3");
        }
        return frames;
    }
}
