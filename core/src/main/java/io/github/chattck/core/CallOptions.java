package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.internal.ToolChecks;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.List;
import java.util.Map;

/**
 * The per-call model options a provider receives with the messages, and the run they belong to.
 *
 * @param stop       stop sequences, empty when none were given
 * @param options    other provider options from {@link RunConfig#options()} (e.g. {@code temperature}), never null
 * @param run        the run this call belongs to (id, name, tags, metadata, parents), for tracing or recording; null
 *                   only for options built by hand outside a run
 * @param tools      the tools the model may call (SPEC 1.5), from the config or {@link ChatModel#bindTools}; empty
 *                   when none; distinct names
 * @param toolChoice whether and which tool the model must call, or null when the caller set none (send nothing:
 *                   the API's default applies, {@code auto} for every major API)
 */
public record CallOptions(List<String> stop, Map<String, Object> options, RunInfo run,
                          List<ToolDefinition> tools, ToolChoice toolChoice) {
    /** No stop sequences, no options, no tools, no run. */
    public static final CallOptions NONE = new CallOptions(List.of(), Map.of());

    /**
     * Creates call options; collections are copied.
     *
     * @param stop       stop sequences, not null, no null element
     * @param options    other options, not null
     * @param run        the run, may be null outside a run
     * @param tools      the tools, not null, distinct names
     * @param toolChoice the tool choice, or null; {@code required} and a named tool need tools, and a named tool
     *                   must be one of them
     * @throws IllegalArgumentException if two tools share a name, or the choice cannot be honoured with the tools
     */
    public CallOptions {
        stop = Checks.noNullElements(stop, "stop");
        options = Json.freeze(Checks.notNull(options, "options"));
        tools = ToolChecks.distinct(tools);
        ToolChecks.honourable(toolChoice, tools);
    }

    /**
     * Call options without tools.
     *
     * @param stop    stop sequences
     * @param options other options
     * @param run     the run, may be null outside a run
     */
    public CallOptions(List<String> stop, Map<String, Object> options, RunInfo run) {
        this(stop, options, run, List.of(), null);
    }

    /**
     * Call options outside a run, without tools.
     *
     * @param stop    stop sequences
     * @param options other options
     */
    public CallOptions(List<String> stop, Map<String, Object> options) {
        this(stop, options, null);
    }

    /**
     * The options a run config asks for: its stop sequences, provider options, tools and tool choice; no run yet.
     *
     * @param config the config
     * @return the options
     * @throws IllegalArgumentException if the config's tool choice cannot be honoured with its tools
     */
    public static CallOptions from(RunConfig config) {
        Checks.notNull(config, "config");
        return new CallOptions(config.stop(), config.options(), null, config.tools(), config.toolChoice());
    }

    /**
     * These options for a given run.
     *
     * @param runInfo the run
     * @return a copy with {@code run} set
     */
    public CallOptions withRun(RunInfo runInfo) {
        return new CallOptions(stop, options, runInfo, tools, toolChoice);
    }

    /**
     * These options with other tools.
     *
     * @param newTools  the tools, distinct names
     * @param newChoice the tool choice, or null for none
     * @return a copy with {@code tools} and {@code toolChoice} replaced
     */
    public CallOptions withTools(List<ToolDefinition> newTools, ToolChoice newChoice) {
        return new CallOptions(stop, options, run, newTools, newChoice);
    }
}
