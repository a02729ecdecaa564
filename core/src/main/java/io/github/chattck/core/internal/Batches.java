package io.github.chattck.core.internal;

import io.github.chattck.core.BatchResult;
import io.github.chattck.core.ChatModelException;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Runs a batch: a fixed number of workers ({@code min(maxConcurrency, inputs)}, the calling thread being one
 * of them) take the next input index until none is left, so at most {@code maxConcurrency} calls run at once
 * and no thread is created per input. Internal: not part of the API.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * Runs the batch; the first failure fails it.
     *
     * @param inputs the inputs
     * @param config the config of every call
     * @param invoke the call
     * @param <I>    input type
     * @param <O>    output type
     * @return the outputs in order
     */
    public static <I, O> List<O> run(List<? extends I> inputs, RunConfig config, BiFunction<I, RunConfig, O> invoke) {
        return values(execute(inputs, config, invoke, true));
    }

    /**
     * Runs the batch, keeping each failure in its slot.
     *
     * @param inputs the inputs
     * @param config the config of every call
     * @param invoke the call
     * @param <I>    input type
     * @param <O>    output type
     * @return one result per input, in order
     */
    public static <I, O> List<BatchResult<O>> runReturningExceptions(List<? extends I> inputs, RunConfig config,
                                                                     BiFunction<I, RunConfig, O> invoke) {
        return execute(inputs, config, invoke, false);
    }

    /**
     * Runs the batch with one config per input; the first failure fails it.
     *
     * @param inputs  the inputs
     * @param configs one config per input; the first one's {@code maxConcurrency} bounds the batch
     * @param invoke  the call
     * @param <I>     input type
     * @param <O>     output type
     * @return the outputs in order
     */
    public static <I, O> List<O> run(List<? extends I> inputs, List<RunConfig> configs, BiFunction<I, RunConfig, O> invoke) {
        return values(execute(inputs, perInput(inputs, configs), invoke, true));
    }

    /**
     * Runs the batch with one config per input, keeping each failure in its slot.
     *
     * @param inputs  the inputs
     * @param configs one config per input
     * @param invoke  the call
     * @param <I>     input type
     * @param <O>     output type
     * @return one result per input, in order
     */
    public static <I, O> List<BatchResult<O>> runReturningExceptions(List<? extends I> inputs, List<RunConfig> configs,
                                                                     BiFunction<I, RunConfig, O> invoke) {
        return execute(inputs, perInput(inputs, configs), invoke, false);
    }

    private static <O> List<O> values(List<BatchResult<O>> results) {
        List<O> outputs = new ArrayList<>(results.size());
        for (BatchResult<O> r : results) {
            outputs.add(r.value());
        }
        return outputs;
    }

    private static List<RunConfig> perInput(List<?> inputs, List<RunConfig> configs) {
        Checks.notNull(inputs, "inputs");
        List<RunConfig> copy = Checks.noNullElements(configs, "configs");
        Checks.argument(copy.size() == inputs.size(), "batch needs one config per input but got %d config(s) for %d "
                + "input(s)", copy.size(), inputs.size());
        Map<UUID, Integer> runIds = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            UUID id = copy.get(i).runId();
            Integer before = id == null ? null : runIds.putIfAbsent(id, i);
            Checks.argument(before == null, "runId %s is given to inputs %d and %d of the batch; each run needs its own "
                    + "id", id, before, i);
        }
        return copy;
    }

    private static <I, O> List<BatchResult<O>> execute(List<? extends I> inputs, RunConfig config,
                                                       BiFunction<I, RunConfig, O> invoke, boolean failFast) {
        Checks.notNull(inputs, "inputs");
        Checks.notNull(config, "config");
        Checks.argument(config.runId() == null || inputs.size() <= 1,
                "runId %s cannot be shared by the %d runs of a batch; leave it unset for fresh ids",
                config.runId(), inputs.size());
        return execute(inputs, Collections.nCopies(inputs.size(), config), invoke, failFast);
    }

    @SuppressWarnings("unchecked")
    private static <I, O> List<BatchResult<O>> execute(List<? extends I> inputs, List<RunConfig> configs,
                                                       BiFunction<I, RunConfig, O> invoke, boolean failFast) {
        List<I> items = Checks.noNullElements(inputs, "inputs");
        int n = items.size();
        if (n == 0) {
            return List.of();
        }
        BatchResult<O>[] results = (BatchResult<O>[]) new BatchResult<?>[n];
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Throwable[] firstFailure = new Throwable[1];
        FailureWatch watch = failFast ? new FailureWatch() : null;
        Runnable worker = () -> {
            int i;
            while ((!failFast || !failed.get() && !watch.failed) && (i = nextIndex.getAndIncrement()) < n) {
                try {
                    RunConfig config = failFast ? watch.watching(configs.get(i)) : configs.get(i);
                    results[i] = BatchResult.success(invoke.apply(items.get(i), config));
                } catch (Throwable t) {
                    results[i] = BatchResult.failure(t);
                    if (failed.compareAndSet(false, true)) {
                        synchronized (firstFailure) {
                            firstFailure[0] = t;
                        }
                    }
                }
            }
        };
        int workers = Math.min(configs.get(0).maxConcurrency(), n); // the first config's, as in LangChain
        CountDownLatch helpersDone = new CountDownLatch(workers - 1);
        for (int w = 1; w < workers; w++) {
            Threads.pool().execute(() -> {
                try {
                    worker.run();
                } finally {
                    helpersDone.countDown();
                }
            });
        }
        worker.run();
        try {
            helpersDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatModelException("interrupted while waiting for the batch", e);
        }
        if (failFast && (failed.get() || watch.failed)) {
            synchronized (firstFailure) {
                // a call whose run reported an error yet returned normally would leave later slots empty
                Throwable failure = firstFailure[0] != null ? firstFailure[0] : watch.firstError;
                throw ChatModelException.propagate("batch call", failure);
            }
        }
        return Arrays.asList(results);
    }

    /**
     * Sees the failure of a fail-fast batch's call as soon as the call reports it, through a listener called before
     * the call's other listeners (which may be slow), so that no worker starts another call meanwhile. Only the
     * runs of the batch's own calls count, not their child runs (whose failure their parent may survive).
     */
    private static final class FailureWatch {
        volatile boolean failed;
        volatile Throwable firstError;

        RunConfig watching(RunConfig config) {
            List<UUID> callParents = config.parentRunIds();
            return config.withFirstListener(new RunListener() {
                @Override
                public void onError(RunInfo run, Throwable error) {
                    if (!failed && run.parentIds().equals(callParents)) {
                        firstError = error;
                        failed = true;
                    }
                }
            });
        }
    }
}
