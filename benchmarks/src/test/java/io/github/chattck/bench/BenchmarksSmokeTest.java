package io.github.chattck.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the benchmarks from rotting: a few of them run for a few hundred milliseconds in the build. No figure is
 * asserted here (speed lives in the real runs, see run-benchmarks.sh); only that they run and produce a score.
 */
class BenchmarksSmokeTest {

    @Test
    void aFewBenchmarksRunAndProduceAScore() throws Exception {
        // JMH's machine-wide lock guards the accuracy of real runs; a smoke run must not fail because one is going on
        System.setProperty("jmh.ignoreLock", "true");
        Options options = new OptionsBuilder()
                .include("ChunkPipelineBenchmark\\.N16\\.(stream|streamEvents|publisherOneByOne|pushHandOff|reactorPeer|langchain4jPeer)$")
                .include("AggregationBenchmark\\.N1000\\.aggregatorToolArgs$")
                .include("AdapterBenchmark\\.(langchain4jThroughChatTck|springAiThroughChatTck)$")
                // chat-tck's fake server only: aimock needs Node.js and npm, which the build does not
                .include("FakeServerBenchmark\\.frames$").param("server", "chat-tck")
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50)).shouldFailOnError(true).build();

        Collection<RunResult> results = new Runner(options).run();

        assertThat(results).hasSize(10);
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
