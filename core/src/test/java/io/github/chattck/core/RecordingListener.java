package io.github.chattck.core;

import java.util.ArrayList;
import java.util.List;

/** Records every callback, in order, as a short line plus the raw values; thread-safe. */
final class RecordingListener implements RunListener {
    private final List<String> calls = new ArrayList<>();
    private final List<RunInfo> infos = new ArrayList<>();
    private final List<Object> inputs = new ArrayList<>();
    private final List<Object> chunks = new ArrayList<>();
    private final List<Object> outputs = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();

    @Override
    public synchronized void onStart(RunInfo run, Object input) {
        calls.add("start " + run.runType());
        infos.add(run);
        inputs.add(input);
    }

    @Override
    public synchronized void onChunk(RunInfo run, Object chunk) {
        calls.add("chunk " + run.runType());
        chunks.add(chunk);
    }

    @Override
    public synchronized void onEnd(RunInfo run, Object output) {
        calls.add("end " + run.runType());
        outputs.add(output);
    }

    @Override
    public synchronized void onError(RunInfo run, Throwable error) {
        calls.add("error " + run.runType());
        errors.add(error);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<RunInfo> infos() {
        return List.copyOf(infos);
    }

    synchronized List<Object> inputs() {
        return List.copyOf(inputs);
    }

    synchronized List<Object> chunks() {
        return List.copyOf(chunks);
    }

    synchronized List<Object> outputs() {
        return List.copyOf(outputs);
    }

    synchronized List<Throwable> errors() {
        return List.copyOf(errors);
    }
}
