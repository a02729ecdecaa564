package io.github.chattck.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.RunConfig;
import io.github.chattck.langchain4j.LangChain4jChatModel;
import io.github.chattck.springai.SpringAiChatModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What does chat-tck's adapter cost over the library's own streaming API? The same zero-latency model of each library
 * (1,024 prebuilt one-word pieces, no I/O), consumed once through the library's raw API and once through chat-tck's
 * wrapper ({@link LangChain4jChatModel}, {@link SpringAiChatModel}); both consumers append the text, per chunk.
 * <p>
 * LangChain4j: the model calls its handler on a thread of its own, as every LangChain4j streaming model does (the HTTP
 * client's), with a fresh {@code PartialResponse} per piece; the raw consumer appends in the handler and joins a
 * {@code CompletableFuture} at the end, as LangChain4j's documentation shows. Through chat-tck the pieces cross the
 * bounded hand-off to the consumer's thread, get run ids, and the last chunk carries the response's metadata.
 * Spring AI: the model's {@code Flux} makes a {@code ChatResponse} per piece on the subscriber's thread; the raw
 * consumer reads each response's text in {@code doOnNext} and blocks for the last. Through chat-tck the Flux is
 * subscribed with bounded demand, each response is mapped to a chunk (text, tool calls, usage, metadata, id) and
 * gets a run id.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(4) // a fork's threads land on one core or two, at two speeds (see ChunkPipelineBenchmark.N1024): four forks show both
@State(Scope.Thread)
@OperationsPerInvocation(AdapterBenchmark.PIECES)
public class AdapterBenchmark {
    static final int PIECES = 1024;
    private static final ChatInput INPUT = ChatInput.of("go");

    private ExecutorService callbackThread;
    private StreamingChatModel langchain4j;
    private LangChain4jChatModel langchain4jThroughChatTck;
    private ChatRequest langchain4jRequest;
    private org.springframework.ai.chat.model.ChatModel springAi;
    private SpringAiChatModel springAiThroughChatTck;
    private Prompt prompt;

    /** Builds the models outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() {
        callbackThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "langchain4j-callbacks");
            t.setDaemon(true);
            return t;
        });
        List<String> pieces = new ArrayList<>(PIECES);
        for (int i = 0; i < PIECES; i++) {
            pieces.add(Fixtures.TOKEN);
        }
        langchain4j = new ZeroLatencyLangChain4j(pieces, callbackThread);
        langchain4jThroughChatTck = LangChain4jChatModel.builder().streamingModel(langchain4j).name("ZeroLatency")
                .build();
        langchain4jRequest = ChatRequest.builder().messages(dev.langchain4j.data.message.UserMessage.from("go")).build();
        springAi = new ZeroLatencySpringAi(pieces);
        springAiThroughChatTck = SpringAiChatModel.builder().model(springAi).name("ZeroLatency").build();
        prompt = new Prompt("go");
    }

    /** Stops the callback thread. */
    @TearDown(Level.Trial)
    public void tearDown() {
        callbackThread.shutdownNow();
    }

    /**
     * The LangChain4j model through its own handler: append each partial response, join at the end.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void langchain4jRawHandler(Blackhole bh) {
        StringBuilder text = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        langchain4j.chat(langchain4jRequest, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                text.append(partial);
                bh.consume(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        bh.consume(done.join());
        bh.consume(text.toString());
    }

    /**
     * The same LangChain4j model through {@code LangChain4jChatModel.stream()}.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void langchain4jThroughChatTck(Blackhole bh) {
        Fixtures.consume(langchain4jThroughChatTck.stream(INPUT, RunConfig.defaults()), bh);
    }

    /**
     * The Spring AI model's {@code Flux}, read directly: each response's text, then block for the last.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void springAiRawFlux(Blackhole bh) {
        StringBuilder text = new StringBuilder();
        org.springframework.ai.chat.model.ChatResponse last = springAi.stream(prompt).doOnNext(r -> {
            text.append(r.getResult().getOutput().getText());
            bh.consume(r);
        }).blockLast();
        bh.consume(last);
        bh.consume(text.toString());
    }

    /**
     * The same Spring AI model through {@code SpringAiChatModel.stream()}.
     *
     * @param bh the blackhole
     */
    @Benchmark
    public void springAiThroughChatTck(Blackhole bh) {
        Fixtures.consume(springAiThroughChatTck.stream(INPUT, RunConfig.defaults()), bh);
    }

    /**
     * A LangChain4j streaming model without I/O: on its callback thread, one {@code PartialResponse} per piece, then
     * the complete response, as a provider over a fast network would call its handler.
     */
    private static final class ZeroLatencyLangChain4j implements StreamingChatModel {
        private final List<String> pieces;
        private final String whole;
        private final ExecutorService callbacks;

        ZeroLatencyLangChain4j(List<String> pieces, ExecutorService callbacks) {
            this.pieces = pieces;
            this.whole = String.join("", pieces);
            this.callbacks = callbacks;
        }

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            callbacks.execute(() -> {
                Handle handle = new Handle();
                for (int i = 0, n = pieces.size(); i < n && !handle.cancelled; i++) {
                    handler.onPartialResponse(new PartialResponse(pieces.get(i)), new PartialResponseContext(handle));
                }
                if (!handle.cancelled) {
                    handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from(whole)).build());
                }
            });
        }
    }

    /** What LangChain4j hands a handler to cancel the request. */
    private static final class Handle implements StreamingHandle {
        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    /**
     * A Spring AI chat model without I/O: its {@code Flux} makes one response per piece as it is requested, as a
     * provider's client makes one per frame it reads (replaying a thousand prebuilt response graphs would measure
     * cache misses instead).
     */
    private static final class ZeroLatencySpringAi implements org.springframework.ai.chat.model.ChatModel {
        private final List<String> pieces;
        private final org.springframework.ai.chat.model.ChatResponse whole;

        ZeroLatencySpringAi(List<String> pieces) {
            this.pieces = pieces;
            whole = response(String.join("", pieces));
        }

        private static org.springframework.ai.chat.model.ChatResponse response(String text) {
            return new org.springframework.ai.chat.model.ChatResponse(
                    List.of(new Generation(AssistantMessage.builder().content(text).build())));
        }

        @Override
        public org.springframework.ai.chat.model.ChatResponse call(Prompt prompt) {
            return whole;
        }

        @Override
        public Flux<org.springframework.ai.chat.model.ChatResponse> stream(Prompt prompt) {
            return Flux.fromIterable(pieces).map(ZeroLatencySpringAi::response);
        }
    }
}
