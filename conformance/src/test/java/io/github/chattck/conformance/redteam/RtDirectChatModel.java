package io.github.chattck.conformance.redteam;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The correct integration of {@link RtApi} implementing {@link ChatModel} directly, as a provider that does not want
 * the base class would: it reports its own runs, stamps ids, aggregates, honours timeouts and closes its connection.
 * The broken direct models are variants of it, each overriding one step.
 */
class RtDirectChatModel implements ChatModel {
    private static final System.Logger LOG = System.getLogger(RtDirectChatModel.class.getName());
    /** Timed invokes run here; daemon threads that idle out. */
    static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rt-direct-call");
        t.setDaemon(true);
        return t;
    });

    final RtApi api;

    RtDirectChatModel(RtApi api) {
        this.api = api;
    }

    @Override
    public String name() {
        return "RtDirectChatModel";
    }

    @Override
    public List<String> tags() {
        return List.of("rt-direct");
    }

    @Override
    public LsParams lsParams(CallOptions options) {
        return new LsParams("redteam", RtApi.MODEL, null, null, options.stop());
    }

    /** One run as its listeners see it: callbacks serialized, at most one of end / error, listener failures logged. */
    class Run {
        final RunInfo info;
        final List<RunListener> listeners;
        private boolean over;

        Run(RunInfo info, List<RunListener> listeners) {
            this.info = info;
            this.listeners = listeners;
        }

        synchronized void start(Object input) {
            each(l -> l.onStart(info, input));
        }

        synchronized void chunk(AIMessageChunk chunk) {
            if (!over) {
                each(l -> l.onChunk(info, chunk));
            }
        }

        synchronized void end(AIMessage message) {
            if (!over) {
                over = true;
                each(l -> l.onEnd(info, message));
            }
        }

        synchronized void error(Throwable t) {
            if (!over) {
                over = true;
                each(l -> l.onError(info, t));
            }
        }

        void each(java.util.function.Consumer<RunListener> call) {
            for (RunListener l : listeners) {
                try {
                    call.accept(l);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.WARNING, "listener failed: " + e);
                }
            }
        }

        String runMessageId() {
            return "run-" + info.runId();
        }
    }

    Run newRun(RunConfig config, CallOptions options) {
        UUID id = config.runId() != null ? config.runId() : UUID.randomUUID();
        List<String> tags = new ArrayList<>(config.tags());
        tags.addAll(tags());
        Map<String, Object> metadata = new LinkedHashMap<>(config.metadata());
        metadata.putAll(lsParams(options).toMetadata());
        String name = config.runName() != null ? config.runName() : name();
        return new Run(new RunInfo(id, config.parentRunIds(), name, "chat_model", tags, metadata), config.listeners());
    }

    static String prompt(ChatInput input) {
        return input.messages().get(input.messages().size() - 1).content();
    }

    @Override
    public AIMessage invoke(ChatInput input, RunConfig config) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(config, "config");
        CallOptions options = CallOptions.from(config);
        Run run = newRun(config, options);
        run.start(input.raw());
        try {
            AIMessage answer = complete(input, config, options, run);
            if (answer.id() == null) {
                answer = answer.withId(run.runMessageId());
            }
            run.end(answer);
            return answer;
        } catch (Exception e) {
            invokeFailed(run, e);
            throw e instanceof RuntimeException r ? r : new ChatModelException(name() + " invoke failed", e);
        }
    }

    void invokeFailed(Run run, Exception e) {
        run.error(e);
    }

    AIMessage complete(ChatInput input, RunConfig config, CallOptions options, Run run) throws Exception {
        if (config.timeout() == null) {
            return RtApi.messageOf(api.complete(prompt(input), options.stop()));
        }
        Future<RtApi.Reply> call = CALLS.submit(() -> api.complete(prompt(input), options.stop()));
        try {
            return RtApi.messageOf(call.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new RunTimeoutException(run.info.name(), run.info.runId(), config.timeout());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    @Override
    public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(config, "config");
        CallOptions options = CallOptions.from(config);
        return RunStream.of(newPull(input, config, options, newRun(config, options)));
    }

    Pull newPull(ChatInput input, RunConfig config, CallOptions options, Run run) {
        return new Pull(input, config, options, run);
    }

    /** The pull side of one stream: opens the connection at the first pull, reads one event per chunk. */
    class Pull implements RunStream.Pull<AIMessageChunk> {
        final ChatInput input;
        final RunConfig config;
        final CallOptions options;
        final Run run;
        final ChunkAggregator aggregate = new ChunkAggregator();
        volatile RtApi.Connection connection;
        volatile boolean started;
        volatile boolean finished;
        long deadline = Long.MAX_VALUE;
        int count;

        Pull(ChatInput input, RunConfig config, CallOptions options, Run run) {
            this.input = input;
            this.config = config;
            this.options = options;
            this.run = run;
        }

        @Override
        public AIMessageChunk next() {
            if (finished) {
                return null;
            }
            RtApi.Ev ev;
            try {
                if (!started) {
                    started = true;
                    run.start(input.raw());
                    if (config.timeout() != null) {
                        deadline = System.nanoTime() + config.timeout().toNanos();
                    }
                    connection = api.open(prompt(input), options.stop());
                    if (finished) {
                        connection.close();
                        return null;
                    }
                }
                ev = read();
            } catch (TimeoutException e) {
                throw fail(new RunTimeoutException(run.info.name(), run.info.runId(), config.timeout()));
            } catch (Exception e) {
                if (finished) {
                    return null;
                }
                throw fail(e);
            }
            if (ev == null) {
                finished = true;
                connection.close();
                run.end(output());
                return null;
            }
            AIMessageChunk chunk = toChunk(ev);
            if (chunk.id() == null) {
                chunk = chunk.withId(run.runMessageId());
            }
            count++;
            aggregate.add(chunk);
            run.chunk(chunk);
            return chunk;
        }

        RtApi.Ev read() throws Exception {
            return connection.next(deadline);
        }

        AIMessageChunk toChunk(RtApi.Ev ev) {
            return RtApi.chunkOf(ev);
        }

        AIMessage output() {
            AIMessage out = aggregate.toMessage();
            return out.id() == null ? out.withId(run.runMessageId()) : out;
        }

        RuntimeException fail(Exception e) {
            finished = true;
            RtApi.Connection c = connection;
            if (c != null) {
                c.close();
            }
            run.error(e);
            return e instanceof RuntimeException r ? r : new ChatModelException(name() + " stream failed", e);
        }

        @Override
        public void close() {
            if (finished) {
                return;
            }
            finished = true;
            RtApi.Connection c = connection;
            if (c != null) {
                c.close();
            }
            if (started) {
                run.error(new CancellationException("stream closed by its consumer after " + count + " chunk(s)"));
            }
        }
    }
}
