package io.github.chattck.conformance;

import io.github.chattck.core.RunInfo;
import io.github.chattck.core.RunListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener that records the callbacks of the runs it sees, in order and thread-safely, into the rule's trace.
 * Rules use it to observe what the model reports (CB-1, STR-2, BAT-2 ...).
 */
public final class Recorder implements RunListener {
    /**
     * One callback as received.
     *
     * @param kind    {@code start}, {@code chunk}, {@code end} or {@code error}
     * @param run     the run it reported
     * @param payload the input (start), chunk, output (end) or error
     */
    record Callback(String kind, RunInfo run, Object payload) {
    }

    private final RunTrace trace;
    private final List<String> calls = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private volatile boolean closedByConsumer;
    private final AtomicInteger callbacksAfterClose = new AtomicInteger();

    Recorder(RunTrace trace) {
        this.trace = trace;
    }

    @Override
    public void onStart(RunInfo run, Object input) {
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
        add("start", run, input, "start " + run.runType());
    }

    @Override
    public void onChunk(RunInfo run, Object chunk) {
        if (closedByConsumer) {
            callbacksAfterClose.incrementAndGet();
        }
        add("chunk", run, chunk, "chunk " + run.runType());
    }

    @Override
    public void onEnd(RunInfo run, Object output) {
        open.decrementAndGet();
        add("end", run, output, "end " + run.runType());
    }

    @Override
    public void onError(RunInfo run, Throwable error) {
        open.decrementAndGet();
        add("error", run, error, "error " + run.runType() + " (" + error + ")");
    }

    private void add(String kind, RunInfo run, Object payload, String call) {
        synchronized (calls) {
            calls.add(call);
            callbacks.add(new Callback(kind, run, payload));
        }
        trace.note("  callback " + call + " run_id=" + run.runId());
    }

    /**
     * The callbacks so far, e.g. {@code ["start chat_model", "chunk chat_model", "end chat_model"]} (errors carry
     * their exception in parentheses).
     *
     * @return a snapshot
     */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Every callback so far, with its run and payload. */
    List<Callback> callbacks() {
        synchronized (calls) {
            return List.copyOf(callbacks);
        }
    }

    /** The callbacks of one kind. */
    List<Callback> callbacks(String kind) {
        List<Callback> out = new ArrayList<>();
        for (Callback c : callbacks()) {
            if (c.kind().equals(kind)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The outputs of the end callbacks so far.
     *
     * @return a snapshot
     */
    public List<Object> endOutputs() {
        List<Object> out = new ArrayList<>();
        callbacks("end").forEach(c -> out.add(c.payload()));
        return out;
    }

    /**
     * The failures reported so far.
     *
     * @return a snapshot
     */
    public List<Throwable> errors() {
        List<Throwable> out = new ArrayList<>();
        callbacks("error").forEach(c -> out.add((Throwable) c.payload()));
        return out;
    }

    /**
     * How many runs ended, by an end or an error callback.
     *
     * @return the count
     */
    public int terminals() {
        return callbacks("end").size() + callbacks("error").size();
    }

    /**
     * The largest number of runs open at once (started, not yet ended or failed).
     *
     * @return the maximum
     */
    public int maxOpenRuns() {
        return maxOpen.get();
    }

    /** From now on, chunk callbacks count as arriving after the consumer closed the stream. */
    public void markClosed() {
        closedByConsumer = true;
    }

    /**
     * Chunk callbacks received after {@link #markClosed()}.
     *
     * @return the count
     */
    public int chunkCallbacksAfterClose() {
        return callbacksAfterClose.get();
    }

    /**
     * How many callbacks with this exact text were recorded.
     *
     * @param call e.g. {@code "end chat_model"}
     * @return the count
     */
    public long count(String call) {
        return calls().stream().filter(call::equals).count();
    }

    /**
     * How many callbacks starting with this text were recorded.
     *
     * @param prefix e.g. {@code "error chat_model"}
     * @return the count
     */
    public long countStartingWith(String prefix) {
        return calls().stream().filter(c -> c.startsWith(prefix)).count();
    }
}
