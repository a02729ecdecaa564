package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;

/**
 * The per-call model options a provider receives with the messages, and the run they belong to.
 *
 * @param stop    stop sequences, empty when none were given
 * @param options other provider options from {@link RunConfig#options()} (e.g. {@code temperature}), never null
 * @param run     the run this call belongs to (id, name, tags, metadata, parents), for tracing or recording; null
 *                only for options built by hand outside a run
 */
public record CallOptions(List<String> stop, Map<String, Object> options, RunInfo run) {
    /** No stop sequences, no options, no run. */
    public static final CallOptions NONE = new CallOptions(List.of(), Map.of());

    /**
     * Creates call options; collections are copied.
     *
     * @param stop    stop sequences, not null, no null element
     * @param options other options, not null
     * @param run     the run, may be null outside a run
     */
    public CallOptions {
        stop = Checks.noNullElements(stop, "stop");
        options = Json.freeze(Checks.notNull(options, "options"));
    }

    /**
     * Call options outside a run.
     *
     * @param stop    stop sequences
     * @param options other options
     */
    public CallOptions(List<String> stop, Map<String, Object> options) {
        this(stop, options, null);
    }

    /**
     * These options for a given run.
     *
     * @param runInfo the run
     * @return a copy with {@code run} set
     */
    public CallOptions withRun(RunInfo runInfo) {
        return new CallOptions(stop, options, runInfo);
    }
}
