package io.github.chattck.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.fakes.ScriptedChatModel;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * What does each way of streaming an answer cost per chunk? Every pipeline does the same irreducible work
 * (consume each chunk, aggregate the text) and is read against {@link #limit}, the same work over prebuilt chunks
 * in a plain loop. n is fixed per subclass so that {@code @OperationsPerInvocation} reports nanoseconds per chunk.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public abstract class ChunkPipelineBenchmark {
    private static final ChatInput INPUT = ChatInput.of("go");

    private List<AIMessageChunk> chunks;
    private ScriptedChatModel fake;
    private BaseChatModel push;
    private RunConfig withListener;
    private StreamingChatModel langchain4j;
    private RunInfo reactorRun;

    /** For the JMH subclasses. */
    protected ChunkPipelineBenchmark() {
    }

    abstract int n();

    /** Builds the inputs outside the measurement. */
    @Setup
    public void setUp() {
        chunks = Fixtures.textChunks(n());
        fake = Fixtures.scriptedFake(n());
        push = Fixtures.pushProvider(chunks);
        withListener = RunConfig.builder().listener(new Fixtures.CountingListener()).build();
        reactorRun = new RunInfo(UUID.randomUUID(), List.of(), "reactor", "chat_model", List.of(), Map.of());
        List<String> texts = chunks.stream().map(AIMessageChunk::content).toList();
        langchain4j = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                for (int i = 0, n = texts.size(); i < n; i++) {
                    handler.onPartialResponse(texts.get(i));
                }
                handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(String.join("", texts))).build());
            }
        };
    }

    /**
     * The limit: iterate prebuilt chunks, consume each, aggregate their text.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void limit(Blackhole bh) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            AIMessageChunk c = chunks.get(i);
            text.append(c.content());
            bh.consume(c);
        }
        bh.consume(text.toString());
    }

    /**
     * {@code stream()} over the zero-delay scripted fake, no listener.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void stream(Blackhole bh) {
        Fixtures.consume(fake.stream(INPUT, RunConfig.defaults()), bh);
    }

    /**
     * {@code stream()} with one listener attached.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void streamWithListener(Blackhole bh) {
        Fixtures.consume(fake.stream(INPUT, withListener), bh);
    }

    /**
     * {@code streamEvents()} over the same fake.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void streamEvents(Blackhole bh) {
        StringBuilder text = new StringBuilder();
        try (RunStream<StreamEvent> events = fake.streamEvents(INPUT)) {
            for (StreamEvent e : events) {
                Object chunk = e.data().get("chunk");
                if (chunk != null) {
                    text.append(((AIMessageChunk) chunk).content());
                }
                bh.consume(e);
            }
        }
        bh.consume(text.toString());
    }

    /**
     * The {@code Flow.Publisher} view with unbounded demand.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void publisherUnbounded(Blackhole bh) {
        subscribe(bh, Long.MAX_VALUE);
    }

    /**
     * The {@code Flow.Publisher} view requesting one chunk at a time.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void publisherOneByOne(Blackhole bh) {
        subscribe(bh, 1);
    }

    /**
     * A push-style provider: chunks produced on another thread, through the bounded hand-off.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void pushHandOff(Blackhole bh) {
        Fixtures.consume(push.stream(INPUT, RunConfig.defaults()), bh);
    }

    /**
     * Peer: a Reactor {@code Flux} doing the per-chunk work {@code stream()} does (id stamping, aggregation,
     * listener call) over the same prebuilt chunks.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void reactorPeer(Blackhole bh) {
        ChunkAggregator aggregator = new ChunkAggregator();
        Fixtures.CountingListener listener = new Fixtures.CountingListener();
        String id = "run-" + reactorRun.runId();
        StringBuilder text = new StringBuilder();
        Flux.fromIterable(chunks).map(c -> c.withId(id)).doOnNext(aggregator::add)
                .doOnNext(c -> listener.onChunk(reactorRun, c))
                .subscribe(c -> {
                    text.append(c.content());
                    bh.consume(c);
                });
        bh.consume(aggregator.toMessage());
        bh.consume(text.toString());
    }

    /**
     * Peer: a LangChain4j {@code StreamingChatModel} fed by the same chunks through its handler, aggregating the same way.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void langchain4jPeer(Blackhole bh) {
        StringBuilder text = new StringBuilder();
        langchain4j.chat(ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("go")).build(),
                new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        text.append(partial);
                        bh.consume(partial);
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        bh.consume(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        throw new IllegalStateException(error);
                    }
                });
        bh.consume(text.toString());
    }

    private void subscribe(Blackhole bh, long batch) {
        StringBuilder text = new StringBuilder();
        boolean[] done = new boolean[1];
        fake.stream(INPUT).toPublisher().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(batch);
            }

            @Override
            public void onNext(AIMessageChunk item) {
                text.append(item.content());
                bh.consume(item);
                if (batch != Long.MAX_VALUE) {
                    subscription.request(batch);
                }
            }

            @Override
            public void onError(Throwable t) {
                throw new IllegalStateException(t);
            }

            @Override
            public void onComplete() {
                done[0] = true;
            }
        });
        if (!done[0]) {
            throw new IllegalStateException("the synchronous publisher view did not complete within subscribe");
        }
        bh.consume(text.toString());
    }

    /** 16 chunks: a short answer. */
    @OperationsPerInvocation(16)
    public static class N16 extends ChunkPipelineBenchmark {
        @Override
        int n() {
            return 16;
        }
    }

    /**
     * 1,024 chunks: a long answer; the goals are read at this size, so four forks: on a virtual machine a fork's two
     * threads land on one core or two, and the paths that cross threads run at two speeds accordingly (the LangChain4j
     * adapter at 45-60 or 130-140 ns per piece, main's code and this one alike): two forks can both land on one side.
     */
    @OperationsPerInvocation(1024)
    @Fork(4)
    public static class N1024 extends ChunkPipelineBenchmark {
        @Override
        int n() {
            return 1024;
        }
    }

    /** 65,536 chunks: a stress case. */
    @OperationsPerInvocation(65536)
    public static class N65536 extends ChunkPipelineBenchmark {
        @Override
        int n() {
            return 65536;
        }
    }
}
