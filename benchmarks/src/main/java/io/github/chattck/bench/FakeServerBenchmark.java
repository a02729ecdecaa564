package io.github.chattck.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * How fast does a fake LLM server stream to a client? chat-tck's fake server and aimock play the same script (see
 * {@link FakeServers}) to the same client, a JDK {@code HttpClient} reading the SSE body line by line over a kept-alive
 * HTTP/1.1 connection on the loopback: {@link #frames} is the time per frame of a {@value FakeServers#FRAMES}-frame
 * answer, request included (frames per second = 1e9 / score); {@link #firstFrame} the time from sending a request to
 * its first frame (an answer of one frame, read to its end). aimock runs as a Node process; without Node.js or the
 * {@code npm ci} of {@code benchmarks/aimock}, its setup fails with the reason (run-benchmarks.sh then leaves it out).
 */
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 1) // the server's rendering and the client's reading both take a while to compile
@Measurement(iterations = 8, time = 1) // three samples give a 99.9% interval of +-30 standard errors: eight, of +-2
@Fork(1)
@State(Scope.Benchmark)
public class FakeServerBenchmark {
    /** Which server: {@code chat-tck} or {@code aimock}. */
    @Param({FakeServers.SERVER_CHAT_TCK, FakeServers.SERVER_AIMOCK})
    public String server;

    private FakeServers.Running running;
    private HttpClient client;
    private HttpRequest longAnswer;
    private HttpRequest oneFrame;

    /** Starts the server and the client outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() {
        running = FakeServers.start(server);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        longAnswer = FakeServers.request(running.baseUrl(), "go");
        oneFrame = FakeServers.request(running.baseUrl(), "one");
    }

    /** Clears the journal between iterations. */
    @Setup(Level.Iteration)
    public void forgetRequests() {
        running.forgetRequests();
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        running.close();
    }

    /**
     * One request answered with {@value FakeServers#FRAMES} frames, read to its end: the time per frame.
     *
     * @return the frames read
     * @throws IOException          if the exchange fails
     * @throws InterruptedException never in practice
     */
    @Benchmark
    // per-request code (the client's exchange, the server's request handling) runs a thousand times a second here:
    // on 2 cores the JIT settles after some 10 to 15 one-second iterations for both servers, and with only 5 warm-ups
    // the measurement straddled that, which made most of the error bars
    @Warmup(iterations = 15, time = 1)
    @OperationsPerInvocation(FakeServers.FRAMES)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int frames() throws IOException, InterruptedException {
        int frames = FakeServers.readFrames(client, longAnswer);
        if (frames != FakeServers.FRAMES + 2) { // the role frame, the content frames, the finish-reason frame
            throw new IllegalStateException(server + " streamed " + frames + " frames, not " + (FakeServers.FRAMES + 2));
        }
        return frames;
    }

    /**
     * One request answered with a single frame: the time from sending it to its first (and only) frame.
     *
     * @return the frames read
     * @throws IOException          if the exchange fails
     * @throws InterruptedException never in practice
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int firstFrame() throws IOException, InterruptedException {
        return FakeServers.readFrames(client, oneFrame);
    }
}
