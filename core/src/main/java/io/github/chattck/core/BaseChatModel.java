package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Faults;
import io.github.chattck.core.internal.HandOff;
import io.github.chattck.core.internal.InterruptibleCall;
import io.github.chattck.core.internal.RunContext;
import io.github.chattck.core.internal.Threads;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.Message;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The template every provider extends. A provider implements {@link #generate} (messages in, final answer out)
 * and, if it can stream, {@link #streamChunks}; this class does everything else the standard interface
 * promises (SPEC 1-4): input validation, run ids, listeners, ls parameters, the single-chunk fallback, ids on
 * every chunk, aggregation for the end of the run, events, batching and timeouts.
 * <p>
 * Ids (SPEC 1.3): a chunk the provider gives an id keeps it, any other chunk carries {@code run-<runId>}; the final
 * message (end callback, end event) carries the first provider id of any chunk, else {@code run-<runId>}. A provider
 * whose id arrives only at the end of the stream yields it on a last, content-free chunk.
 *
 * <pre>{@code
 * final class EchoModel extends BaseChatModel {
 *     protected AIMessage generate(List<Message> messages, CallOptions options) {
 *         return AIMessage.of(messages.get(messages.size() - 1).content());
 *     }
 * }
 * }</pre>
 * Instances should be immutable and thread-safe: one model serves concurrent calls.
 */
public abstract class BaseChatModel implements ChatModel {

    /** For subclasses. */
    protected BaseChatModel() {
    }

    /**
     * Produces the complete answer (required). Called once per {@code invoke}, on the caller's thread (on a thread
     * of the kit's pool when the config has a timeout), and once per {@code stream} when the provider does not
     * stream, on a thread of the kit's pool: a close of the stream from another thread interrupts it and releases
     * the consumer at once, even if generate does not stop.
     *
     * @param messages the conversation, never empty
     * @param options  stop sequences and other options of this call
     * @return the answer; its id may be null (the run's id is used then)
     * @throws Exception the provider's failure, which reaches the caller unchanged (checked ones wrapped in
     *                   {@link ChatModelException})
     */
    protected abstract AIMessage generate(List<Message> messages, CallOptions options) throws Exception;

    /**
     * Produces the answer as chunks, as the provider streams them (optional). The default returns null, which
     * makes {@code stream} fall back to one chunk holding the whole answer of {@link #generate}.
     * <p>
     * Called at the stream's first pull, on the consumer's thread (on a thread of the kit's pool when the config
     * has a timeout). A close of the stream from another thread meanwhile interrupts the call: a provider that
     * blocks while opening (connecting, waiting for the response headers) should let an interrupt end that wait,
     * as {@code java.net.http.HttpClient.send} does; a source it returns anyway is closed at once.
     *
     * @param messages the conversation, never empty
     * @param options  stop sequences and other options of this call
     * @return the chunks, or null if this provider does not stream
     * @throws Exception the provider's failure when opening the stream
     */
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) throws Exception {
        return null;
    }

    /**
     * The id this class gives a message or chunk of the call's run that has no provider id (SPEC 1.3):
     * {@code run-<runId>}. A provider that builds its chunks itself may give this id to the chunks that have no id of
     * the provider's, so that {@code stream} need not copy each of them to stamp it; the stream is the same either way.
     *
     * @param options the options of a call, as {@link #streamChunks} or {@link #generate} receives them
     * @return the id, or null for options built by hand outside a run
     */
    protected static String runMessageId(CallOptions options) {
        RunInfo run = Checks.notNull(options, "options").run();
        return run == null ? null : runMessageId(run);
    }

    private static String runMessageId(RunInfo run) {
        return "run-" + run.runId();
    }

    /**
     * Whether streaming is switched off for this instance, so that {@code stream} uses the single-chunk
     * fallback even if the provider can stream (LangChain's {@code disableStreaming}). Default false.
     *
     * @return true to disable token streaming
     */
    public boolean isStreamingDisabled() {
        return false;
    }

    /**
     * The model's name in runs and events. Default: the class's simple name.
     *
     * @return the name
     */
    @Override
    public String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? "ChatModel" : simple;
    }

    /**
     * The model's own tags. Default: none.
     *
     * @return the tags
     */
    @Override
    public List<String> tags() {
        return List.of();
    }

    /**
     * The model's own metadata, added after the config's metadata and the ls parameters in every event.
     * Default: none.
     *
     * @return the metadata
     */
    public Map<String, Object> metadata() {
        return Map.of();
    }

    /**
     * The provider's name for {@code ls_provider}. Default (SPEC 1.4, as Python's {@code langchain-core}):
     * {@link #name()} without a leading {@code Chat}, lower-cased: {@code ChatAcme} gives {@code acme},
     * {@code AcmeModel} gives {@code acmemodel}. Providers should return their own name ({@code "openai"}).
     *
     * @return a non-blank name
     */
    protected String providerName() {
        String name = name();
        String withoutChat = name.startsWith("Chat") && name.length() > "Chat".length() ? name.substring("Chat".length()) : name;
        return withoutChat.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The model's name for {@code ls_model_name}. Default: {@link #name()}.
     *
     * @return a non-blank name
     */
    protected String modelName() {
        return name();
    }

    /**
     * The sampling temperature for {@code ls_temperature}, or null (default) when the model has none.
     *
     * @return the temperature or null
     */
    protected Double temperature() {
        return null;
    }

    /**
     * The output token limit for {@code ls_max_tokens}, or null (default) when the model has none.
     *
     * @return the limit or null
     */
    protected Integer maxTokens() {
        return null;
    }

    @Override
    public LsParams lsParams(CallOptions options) {
        return new LsParams(providerName(), modelName(), temperature(), maxTokens(), options.stop());
    }

    @Override
    public final AIMessage invoke(ChatInput input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        CallOptions unbound = CallOptions.from(config);
        RunContext run = newRun(config, unbound);
        CallOptions options = unbound.withRun(run.info());
        run.start(input.raw());
        try {
            AIMessage message = config.timeout() == null
                    ? generate(input.messages(), options)
                    : generateWithin(input.messages(), options, config.timeout(), run);
            message = checkedAnswer(message, run);
            run.end(message);
            return message;
        } catch (Throwable t) {
            run.error(t);
            throw ChatModelException.propagate(name() + ".generate", t);
        }
    }

    @Override
    public final RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
        Checks.notNull(input, "input");
        Checks.notNull(config, "config");
        CallOptions unbound = CallOptions.from(config);
        RunContext run = newRun(config, unbound);
        return RunStream.of(new ChatRun(input, config, unbound.withRun(run.info()), run));
    }

    private RunContext newRun(RunConfig config, CallOptions options) {
        Map<String, Object> metadata = new LinkedHashMap<>(lsParams(options).toMetadata());
        metadata.putAll(metadata());
        return RunContext.create(config, name(), "chat_model", tags(), metadata);
    }

    private AIMessage checkedAnswer(AIMessage message, RunContext run) {
        if (message == null) {
            throw new IllegalStateException(getClass().getName() + ".generate returned null; it must return the answer");
        }
        return message.id() == null ? message.withId(runMessageId(run)) : message;
    }

    private static String runMessageId(RunContext run) {
        return runMessageId(run.info());
    }

    private AIMessage generateWithin(List<Message> messages, CallOptions options, Duration timeout, RunContext run)
            throws Exception {
        Future<AIMessage> call = Threads.pool().submit(() -> generate(messages, options));
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RunTimeoutException(run.info().name(), run.info().runId(), timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    /** The pull side of one {@code stream} run: lazy start, id stamping, aggregation, listeners, close. */
    private final class ChatRun implements RunStream.Pull<AIMessageChunk> {
        private final ChatInput input;
        private final RunConfig config;
        private final CallOptions options;
        private final RunContext run;
        private final ChunkAggregator aggregator = new ChunkAggregator();
        // source is read by close(), which may run on another thread
        private volatile ChunkSource source;
        /** The same source, for the consumer's own reads: a plain field is cheaper to read once per chunk. */
        private ChunkSource pulled;
        private SingleChunkFallback fallback;
        private long deadlineNanos = Long.MAX_VALUE;
        private String runMessageId;
        private boolean started;
        private volatile boolean finished;
        /** Opening the provider's stream runs on the consumer's thread; a close() from another thread interrupts it. */
        private final InterruptibleCall opening = new InterruptibleCall();
        private final AtomicBoolean sourceClosed = new AtomicBoolean();
        private final boolean observed;

        ChatRun(ChatInput input, RunConfig config, CallOptions options, RunContext run) {
            this.input = input;
            this.config = config;
            this.options = options;
            this.run = run;
            this.observed = run.hasListeners(); // unobserved runs skip the aggregation nobody would see
        }

        // next stays under the JIT's size limit for inlining hot methods (FreqInlineSize, 325 bytes): the first pull,
        // the end and the failures are methods of their own
        @Override
        public AIMessageChunk next() {
            if (finished) {
                return null;
            }
            AIMessageChunk chunk;
            try {
                ChunkSource from = pulled;
                if (from == null && (from = open()) == null) {
                    return null;
                }
                chunk = deadlineNanos == Long.MAX_VALUE ? from.next() : ((HandOff) from).poll(deadlineNanos);
            } catch (Throwable t) {
                return failed(t);
            }
            if (finished) {
                return null;
            }
            if (chunk == null) {
                complete();
                return null;
            }
            if (chunk.id() == null) {
                chunk = chunk.withId(runMessageId()); // each chunk keeps its own provider id (SPEC 1.3)
            }
            if (observed) {
                aggregator.add(chunk);
                run.chunk(chunk);
            }
            return chunk;
        }

        /** The first pull: starts the run and opens the provider's stream; null if there is nothing to pull. */
        private ChunkSource open() throws Exception {
            if (started) {
                return null; // opening failed, and the failure was thrown by the pull that tried
            }
            started = true;
            if (!run.start(input.raw())) {
                finished = true; // closed before it started: nothing is opened, nothing reported
                return null;
            }
            ChunkSource from = opening.call(this::openSource);
            source = from;
            pulled = from;
            if (finished) {
                closeSource(); // closed by the consumer while the source was opening
                return null;
            }
            return from;
        }

        /** A failure of opening or pulling: thrown, unless the consumer closed the stream meanwhile. */
        private AIMessageChunk failed(Throwable t) {
            if (t instanceof HandOff.DeadlinePassed) {
                throw fail(new RunTimeoutException(run.info().name(), run.info().runId(), config.timeout()));
            }
            if (finished) {
                return null; // closed by the consumer meanwhile: what the provider threw then is not news
            }
            throw fail(t);
        }

        /** The provider's stream ended: close it and report the end. */
        private void complete() {
            finished = true;
            closeSource();
            // the fallback's end is generate's own answer: re-aggregating its one chunk would re-parse the
            // arguments of invalid tool calls and lose the provider's error text
            if (observed) {
                // SPEC 1.3: the first provider id of any chunk, else run-<runId> (the aggregator prefers
                // provider ids to the run ids stamped by next)
                AIMessage output = fallback != null && fallback.answer != null ? fallback.answer : aggregator.toMessage();
                run.end(output.id() != null ? output : output.withId(runMessageId()));
            }
        }

        private String runMessageId() {
            if (runMessageId == null) {
                runMessageId = BaseChatModel.runMessageId(run);
            }
            return runMessageId;
        }

        private ChunkSource openSource() throws Exception {
            if (config.timeout() == null) {
                return openProviderSource();
            }
            deadlineNanos = System.nanoTime() + config.timeout().toNanos();
            ChunkSource opened = openProviderSourceBefore(deadlineNanos);
            return opened instanceof HandOff ? opened : HandOff.driving(opened);
        }

        private ChunkSource openProviderSource() throws Exception {
            List<Message> messages = input.messages();
            ChunkSource opened = isStreamingDisabled() ? null : streamChunks(messages, options);
            if (opened == null) {
                fallback = new SingleChunkFallback(messages, options, run);
                // generate runs where it can be abandoned, as a push source's producer does: a close() from another
                // thread then releases a consumer waiting for a generate that hangs, interrupts generate, and the
                // consumer goes on without it (one thread hop per fallback run, next to a whole provider call)
                opened = HandOff.driving(fallback);
            }
            return opened;
        }

        /**
         * Opens the provider's stream on a pool thread, so that the timeout also bounds opening it (connecting,
         * waiting for the response headers). A source that opens after the deadline is closed.
         */
        private ChunkSource openProviderSourceBefore(long deadline) throws Exception {
            CompletableFuture<ChunkSource> opened = new CompletableFuture<>();
            Future<?> task = Threads.pool().submit(() -> {
                try {
                    opened.complete(openProviderSource());
                } catch (Throwable t) {
                    opened.completeExceptionally(t);
                }
            });
            try {
                return opened.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                task.cancel(true);
                opened.thenAccept(ChunkSource::close);
                if (e instanceof TimeoutException) {
                    throw new HandOff.DeadlinePassed();
                }
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw (Exception) cause;
            }
        }

        private RuntimeException fail(Throwable t) {
            finished = true;
            closeSource();
            run.error(t);
            return ChatModelException.propagate(name() + " stream", t);
        }

        private void closeSource() {
            ChunkSource s = source;
            if (s != null && sourceClosed.compareAndSet(false, true)) {
                Faults.closeLogging(s, name()); // one behaviour with or without a timeout: logged, the outcome stands
            }
        }

        /**
         * Stops the run from any thread, without waiting for a listener: a run not started yet never starts (nothing
         * is opened, nothing reported); an open in progress on the consumer's thread is interrupted; the source is
         * closed, which releases a consumer blocked in it; the error callback follows the callback running, if any.
         */
        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            opening.cancel();
            closeSource();
            run.error(new CancellationException("stream closed by its consumer after "
                    + aggregator.count() + " chunk(s)"));
        }
    }

    /** The fallback of SPEC 1.1: one chunk carrying the whole answer of generate, never split. */
    private final class SingleChunkFallback implements ChunkSource {
        private final List<Message> messages;
        private final CallOptions options;
        private final RunContext run;
        private boolean delivered;
        /** The answer of generate, once delivered; may be written on a pool thread (timeout). */
        volatile AIMessage answer;

        SingleChunkFallback(List<Message> messages, CallOptions options, RunContext run) {
            this.messages = messages;
            this.options = options;
            this.run = run;
        }

        @Override
        public AIMessageChunk next() throws Exception {
            if (delivered) {
                return null;
            }
            delivered = true;
            answer = checkedAnswer(generate(messages, options), run);
            return answer.toChunk();
        }
    }
}
