package io.github.chattck.bench;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How close does {@code batch} come to the ideal (inputs x latency / maxConcurrency)? 1,000 inputs over a fake
 * with a fixed 1 ms latency, per input. {@link #latency} measures what a 1 ms sleep really takes on this machine,
 * in the same run, so the efficiency is computed against the real latency: ideal per input = latency /
 * maxConcurrency.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BatchBenchmark {
    static final int INPUTS = 1_000;

    /** How many calls run at once. */
    @Param({"1", "8", "64"})
    public int maxConcurrency;

    private ScriptedChatModel model;
    private List<ChatInput> inputs;
    private RunConfig config;

    /** Builds the model and inputs outside the measurement. */
    @Setup
    public void setUp() {
        model = ScriptedChatModel.builder().name("OneMillisecond")
                .turn(Turn.text("ok").firstChunkDelay(Duration.ofMillis(1))).repeatLast().recordCalls(false).build();
        inputs = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(ChatInput.of("input " + i));
        }
        config = RunConfig.builder().maxConcurrency(maxConcurrency).build();
    }

    /**
     * A batch of 1,000 inputs, per input.
     *
     * @return the outputs
     */
    @Benchmark
    @OperationsPerInvocation(INPUTS)
    public Object batch() {
        return model.batch(inputs, config);
    }

    /**
     * The real cost of the fake's 1 ms latency (a 1 ms sleep) on this machine.
     *
     * @throws InterruptedException never in practice
     */
    @Benchmark
    public void latency() throws InterruptedException {
        Thread.sleep(1);
    }
}
