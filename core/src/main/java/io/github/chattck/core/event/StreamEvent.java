package io.github.chattck.core.event;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One event of {@code streamEvents}, schema v2 (SPEC 4). Serializes with {@link ChatJson} to LangChain's
 * JSON shape ({@code event, name, run_id, parent_ids, tags, metadata, data}).
 *
 * @param event     the event name, e.g. {@code on_chat_model_stream}
 * @param name      the run's name: the config's {@code runName}, else the component's name; for
 *                  {@code on_custom_event}, the custom event's name
 * @param runId     the run's id
 * @param parentIds enclosing runs' ids, root first; empty at the root
 * @param tags      config tags, then the component's tags
 * @param metadata  config metadata, then ls parameters (chat models), then the component's metadata
 * @param data      {@code input} (start), {@code chunk} (stream), {@code output} and, below the root, {@code input}
 *                  (end); the payload itself for {@code on_custom_event}
 */
public record StreamEvent(String event, String name, UUID runId, List<UUID> parentIds, List<String> tags,
                          Map<String, Object> metadata, Map<String, Object> data) {
    /** Start of a chat model run. */
    public static final String ON_CHAT_MODEL_START = "on_chat_model_start";
    /** A chunk of a chat model run. */
    public static final String ON_CHAT_MODEL_STREAM = "on_chat_model_stream";
    /** End of a chat model run. */
    public static final String ON_CHAT_MODEL_END = "on_chat_model_end";
    /** Start of a chain (pipeline) run. */
    public static final String ON_CHAIN_START = "on_chain_start";
    /** An item of a chain run. */
    public static final String ON_CHAIN_STREAM = "on_chain_stream";
    /** End of a chain run. */
    public static final String ON_CHAIN_END = "on_chain_end";
    /**
     * A custom event dispatched inside a run ({@link io.github.chattck.core.RunInfo#dispatchCustomEvent}): its
     * {@code name} is the event's name, its run id, tags, metadata and parents the run's, its data the payload.
     */
    public static final String ON_CUSTOM_EVENT = "on_custom_event";

    /**
     * Creates an event; collections are copied.
     *
     * @param event     not null
     * @param name      not null
     * @param runId     not null
     * @param parentIds not null
     * @param tags      not null
     * @param metadata  not null
     * @param data      not null
     */
    public StreamEvent {
        Checks.notNull(event, "event");
        Checks.notNull(name, "name");
        Checks.notNull(runId, "runId");
        // the kit's own events come with checked, frozen values: tested first, so that the copying calls below
        // stay cold in this constructor's profile and the JIT keeps it small enough to inline once per chunk
        if (!Checks.isImmutableList(parentIds)) {
            parentIds = Checks.noNullElements(parentIds, "parentIds");
        }
        if (!Checks.isImmutableList(tags)) {
            tags = Checks.noNullElements(tags, "tags");
        }
        if (!Json.isFrozen(metadata)) {
            metadata = Json.freeze(Checks.notNull(metadata, "metadata"));
        }
        if (!Json.isFrozen(data)) {
            data = Json.freeze(Checks.notNull(data, "data"));
        }
    }

    /**
     * The run type this event belongs to, read from its name ({@code chat_model}, {@code chain}, {@code parser});
     * {@code custom} for {@code on_custom_event}, whose name does not tell the type of its run.
     *
     * @return the run type
     */
    public String runType() {
        int first = event.indexOf('_');
        int last = event.lastIndexOf('_');
        return first < last ? event.substring(first + 1, last) : event;
    }

    /**
     * The phase: {@code start}, {@code stream} or {@code end}; {@code event} for {@code on_custom_event}.
     *
     * @return the phase
     */
    public String phase() {
        return event.substring(event.lastIndexOf('_') + 1);
    }

    /**
     * The event name for a run type and phase, e.g. {@code ("chat_model", "stream")} gives {@code on_chat_model_stream}.
     *
     * @param runType the run type
     * @param phase   start, stream or end
     * @return the event name
     */
    public static String eventName(String runType, String phase) {
        String known = KNOWN_NAMES.get(runType + '/' + phase);
        return known != null ? known : "on_" + runType + "_" + phase;
    }

    /**
     * The event name for a run type and phase, without building a string for the known run types (it is called
     * once per streamed chunk).
     *
     * @param runType the run type
     * @param phase   0 for start, 1 for stream, 2 for end
     * @return the event name
     */
    public static String eventName(String runType, int phase) {
        switch (runType) {
            case "chat_model":
                return CHAT_MODEL_NAMES[phase];
            case "chain":
                return CHAIN_NAMES[phase];
            case "parser":
                return PARSER_NAMES[phase];
            default:
                return "on_" + runType + "_" + PHASES[phase];
        }
    }

    private static final String[] PHASES = {"start", "stream", "end"};
    private static final String[] CHAT_MODEL_NAMES = {ON_CHAT_MODEL_START, ON_CHAT_MODEL_STREAM, ON_CHAT_MODEL_END};
    private static final String[] CHAIN_NAMES = {ON_CHAIN_START, ON_CHAIN_STREAM, ON_CHAIN_END};
    private static final String[] PARSER_NAMES = {"on_parser_start", "on_parser_stream", "on_parser_end"};
    private static final java.util.Map<String, String> KNOWN_NAMES = java.util.Map.of(
            "chat_model/start", ON_CHAT_MODEL_START, "chat_model/stream", ON_CHAT_MODEL_STREAM,
            "chat_model/end", ON_CHAT_MODEL_END, "chain/start", ON_CHAIN_START, "chain/stream", ON_CHAIN_STREAM,
            "chain/end", ON_CHAIN_END);
}
