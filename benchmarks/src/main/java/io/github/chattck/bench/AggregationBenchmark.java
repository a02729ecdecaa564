package io.github.chattck.bench;

import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Does folding n chunks grow linearly? {@link ChunkAggregator} (one builder per text and per tool call) against
 * pairwise {@link AIMessageChunk#concat}, which copies the sum at every step (quadratic, as LangChain Python's
 * tool-call merge is), for text and for tool-call argument fragments. Reported per chunk; pairwise stops at 10,000
 * chunks because beyond that one fold takes seconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public abstract class AggregationBenchmark {
    private List<AIMessageChunk> text;
    private List<AIMessageChunk> toolArgs;

    /** For the JMH subclasses. */
    protected AggregationBenchmark() {
    }

    abstract int n();

    /** Builds the chunks outside the measurement. */
    @Setup
    public void setUp() {
        text = Fixtures.textChunks(n());
        toolArgs = Fixtures.toolArgChunks(n());
    }

    List<AIMessageChunk> text() {
        return text;
    }

    List<AIMessageChunk> toolArgs() {
        return toolArgs;
    }

    static Object aggregate(List<AIMessageChunk> chunks) {
        ChunkAggregator aggregator = new ChunkAggregator();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            aggregator.add(chunks.get(i));
        }
        return aggregator.toMessage();
    }

    static Object pairwise(List<AIMessageChunk> chunks) {
        AIMessageChunk sum = chunks.get(0);
        for (int i = 1, n = chunks.size(); i < n; i++) {
            sum = sum.concat(chunks.get(i));
        }
        return sum.toMessage();
    }

    /** Linear folds at every size. */
    public abstract static class Linear extends AggregationBenchmark {
        /**
         * Text through the aggregator.
         *
         * @return the message
         */
        @Benchmark
        public Object aggregatorText() {
            return aggregate(text());
        }

        /**
         * Tool-call argument fragments through the aggregator.
         *
         * @return the message
         */
        @Benchmark
        public Object aggregatorToolArgs() {
            return aggregate(toolArgs());
        }
    }

    /** Pairwise folds, only where they finish. */
    public abstract static class Pairwise extends Linear {
        /**
         * Text by pairwise concat.
         *
         * @return the message
         */
        @Benchmark
        public Object pairwiseText() {
            return pairwise(text());
        }

        /**
         * Tool-call argument fragments by pairwise concat.
         *
         * @return the message
         */
        @Benchmark
        public Object pairwiseToolArgs() {
            return pairwise(toolArgs());
        }
    }

    /** 1,000 chunks. */
    @OperationsPerInvocation(1_000)
    public static class N1000 extends Pairwise {
        @Override
        int n() {
            return 1_000;
        }
    }

    /** 10,000 chunks. */
    @OperationsPerInvocation(10_000)
    public static class N10000 extends Pairwise {
        @Override
        int n() {
            return 10_000;
        }
    }

    /** 100,000 chunks. */
    @OperationsPerInvocation(100_000)
    public static class N100000 extends Linear {
        @Override
        int n() {
            return 100_000;
        }
    }

    /** 1,000,000 chunks. */
    @OperationsPerInvocation(1_000_000)
    public static class N1000000 extends Linear {
        @Override
        int n() {
            return 1_000_000;
        }
    }
}
