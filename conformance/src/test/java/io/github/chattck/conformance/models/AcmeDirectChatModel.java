package io.github.chattck.conformance.models;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChatModelException;
import io.github.chattck.core.LsParams;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.RunTimeoutException;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A correct integration of {@link AcmeApi} that implements {@link ChatModel} directly, without {@code BaseChatModel}:
 * it owns its run ids, listeners, ids, lazy start, close, timeouts and failures, as the standard interface requires.
 * Batch and events come from the interface's defaults. The broken direct models of the kit's tests override one of
 * its steps.
 */
public class AcmeDirectChatModel implements ChatModel {
    private static final System.Logger LOG = System.getLogger(AcmeDirectChatModel.class.getName());

    protected final AcmeApi api;

    /**
     * An integration.
     *
     * @param api the API
     */
    public AcmeDirectChatModel(AcmeApi api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "AcmeDirect";
    }

    @Override
    public List<String> tags() {
        return List.of("acme");
    }

    @Override
    public LsParams lsParams(CallOptions options) {
        return new LsParams("acme", "acme-direct-1", 0.2, 512, options.stop());
    }

    @Override
    public AIMessage invoke(ChatInput input, RunConfig config) {
        Objects.requireNonNull(input, "input must not be null");
        Objects.requireNonNull(config, "config must not be null");
        Run run = run(config, true);
        run.start(input.raw());
        try {
            AIMessage answer = AcmeChatModel.message(api.complete(request(input, config, false), deadline(config)));
            answer = answer.id() == null ? answer.withId("run-" + run.info.runId()) : answer;
            run.end(answer);
            return answer;
        } catch (Throwable t) {
            RuntimeException failure = failure(t, run, config);
            invokeFailed(run, failure instanceof RunTimeoutException ? failure : t);
            throw failure;
        }
    }

    @Override
    public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
        Objects.requireNonNull(input, "input must not be null");
        Objects.requireNonNull(config, "config must not be null");
        return RunStream.of(newStreamRun(input, config));
    }

    /** The pull side of one stream. */
    protected StreamRun newStreamRun(ChatInput input, RunConfig config) {
        return new StreamRun(input, config);
    }

    /** Tells the listeners that an invoke failed. */
    protected void invokeFailed(Run run, Throwable failure) {
        run.error(failure);
    }

    /** The request for a call. */
    protected AcmeApi.Request request(ChatInput input, RunConfig config, boolean streaming) {
        return new AcmeApi.Request(input.messages().get(input.messages().size() - 1).content(), config.stop());
    }

    /** One streamed event as a chunk. */
    protected AIMessageChunk chunk(AcmeApi.Event event) {
        return AcmeChatModel.chunkOf(event);
    }

    /** The run of a call, from the caller's config. */
    protected Run run(RunConfig config, boolean invoke) {
        UUID id = config.runId() != null ? config.runId() : UUID.randomUUID();
        List<String> tags = new ArrayList<>(config.tags());
        tags.addAll(tags());
        Map<String, Object> metadata = new LinkedHashMap<>(config.metadata());
        metadata.putAll(lsParams(new CallOptions(config.stop(), config.options())).toMetadata());
        return new Run(new RunInfo(id, config.parentRunIds(), config.runName() != null ? config.runName() : name(),
                "chat_model", tags, metadata), config.listeners());
    }

    /** What the caller sees when the provider fails: the provider's exception, or a wrapper with it as cause. */
    protected RuntimeException failure(Throwable providerFailure, Run run, RunConfig config) {
        if (providerFailure instanceof TimeoutException) {
            RunTimeoutException timeout = new RunTimeoutException(run.info.name(), run.info.runId(), config.timeout());
            timeout.initCause(providerFailure);
            return timeout;
        }
        if (providerFailure instanceof Error) {
            throw (Error) providerFailure;
        }
        return ChatModelException.propagate(name() + " call", providerFailure);
    }

    /** When a call must give up: now plus the config's timeout, or never. */
    protected long deadline(RunConfig config) {
        return config.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + config.timeout().toNanos();
    }

    /** One run's identity and listeners: start once, chunks, then exactly one of end / error; listeners isolated. */
    protected static final class Run {
        final RunInfo info;
        private final List<RunListener> listeners;
        private final AtomicBoolean ended = new AtomicBoolean();

        /**
         * A run.
         *
         * @param info      its identity
         * @param listeners its listeners
         */
        public Run(RunInfo info, List<RunListener> listeners) {
            this.info = info;
            this.listeners = listeners;
        }

        void start(Object input) {
            each(l -> l.onStart(info, input), "onStart");
        }

        void chunk(AIMessageChunk chunk) {
            if (!ended.get()) {
                each(l -> l.onChunk(info, chunk), "onChunk");
            }
        }

        void end(AIMessage output) {
            if (ended.compareAndSet(false, true)) {
                each(l -> l.onEnd(info, output), "onEnd");
            }
        }

        void error(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                each(l -> l.onError(info, error), "onError");
            }
        }

        private void each(java.util.function.Consumer<RunListener> call, String what) {
            for (RunListener l : listeners) {
                try {
                    call.accept(l);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable t) { // whatever a listener throws, checked exceptions thrown sneakily included
                    LOG.log(System.Logger.Level.WARNING, "listener " + what + " failed; the call goes on", t);
                }
            }
        }
    }

    /** One stream: starts on the first pull, stamps one id, aggregates for the end, reports close as cancellation. */
    protected class StreamRun implements RunStream.Pull<AIMessageChunk> {
        private final ChatInput input;
        private final RunConfig config;
        private final Run run;
        private final ChunkAggregator aggregator = new ChunkAggregator();
        private volatile AcmeApi.Connection connection;
        private volatile boolean started;
        private volatile boolean finished;
        private long deadline;
        private String streamId;
        private boolean pulling;
        private boolean closedWhilePulling;

        public StreamRun(ChatInput input, RunConfig config) {
            this.input = input;
            this.config = config;
            this.run = run(config, false);
        }

        @Override
        public AIMessageChunk next() {
            synchronized (this) {
                if (finished) {
                    return null;
                }
                pulling = true;
            }
            try {
                return pull();
            } finally {
                boolean report;
                synchronized (this) {
                    pulling = false;
                    report = closedWhilePulling;
                    closedWhilePulling = false;
                }
                if (report) {
                    reportClosed(); // after the chunk callback in progress returned, never overtaking it
                }
            }
        }

        private AIMessageChunk pull() {
            AcmeApi.Event event;
            try {
                if (!started) {
                    open();
                }
                event = connection.next(deadline);
            } catch (Throwable t) {
                if (finished) {
                    return null;
                }
                finished = true;
                release();
                RuntimeException failure = failure(t, run, config);
                run.error(failure instanceof RunTimeoutException ? failure : t);
                throw failure;
            }
            if (finished) {
                return null;
            }
            if (event == null) {
                finished = true;
                release();
                run.end(aggregator.toMessage().withId(streamId != null ? streamId : "run-" + run.info.runId()));
                return null;
            }
            AIMessageChunk chunk = chunk(event);
            streamId = streamId != null ? streamId : chunk.id() != null ? chunk.id() : "run-" + run.info.runId();
            chunk = chunk.withId(streamId);
            aggregator.add(chunk);
            run.chunk(chunk);
            return chunk;
        }

        /** Starts the run and sends the request. */
        public void open() throws InterruptedException {
            started = true;
            run.start(input.raw());
            deadline = deadline(config);
            connection = api.stream(request(input, config, true));
        }

        /** Tells the listeners that the consumer closed the stream. */
        protected void reportClosed() {
            run.error(new CancellationException("stream closed by its consumer"));
        }

        /** Closes the request when the consumer closes the stream early. */
        protected void closeConnection() {
            release();
        }

        /** Returns the connection to the pool. */
        protected void release() {
            AcmeApi.Connection c = connection;
            if (c != null) {
                c.close();
            }
        }

        @Override
        public void close() {
            boolean reportNow;
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                if (!started) {
                    return;
                }
                // a close from another thread while the consumer is inside next(): the consumer reports it
                closedWhilePulling = pulling;
                reportNow = !pulling;
            }
            closeConnection();
            if (reportNow) {
                reportClosed();
            }
        }
    }
}
