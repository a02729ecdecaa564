package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a run is, as listeners, providers and steps see it, and the handle through which code running inside the run
 * dispatches custom events into it (SPEC 4, LangChain's {@code dispatchCustomEvent}): a provider gets it as
 * {@link CallOptions#run()}, a listener with every callback, a step function as its second argument
 * ({@link FunctionStep#withRun}). The handle is explicit on purpose: a provider that pushes chunks from its own
 * thread dispatches through it as well as one that does not.
 * <pre>{@code
 * protected AIMessage generate(List<Message> messages, CallOptions options) {
 *     options.run().dispatchCustomEvent("retrying", Map.of("attempt", 2));
 *     ...
 * }
 * }</pre>
 * Immutable and thread-safe. Equality is the run's identity (the six values below), not the handle.
 */
public final class RunInfo {
    private final UUID runId;
    private final List<UUID> parentIds;
    private final String name;
    private final String runType;
    private final List<String> tags;
    private final Map<String, Object> metadata;
    private final CustomEventSink customEvents;

    /**
     * Where the custom events of a run go: implemented by whoever reports the run to its listeners.
     */
    @FunctionalInterface
    public interface CustomEventSink {
        /**
         * Delivers one custom event of the run to its listeners.
         *
         * @param run     the run
         * @param name    the event's name
         * @param payload the event's data, a frozen JSON object
         * @return false if the run has already ended, so the event went nowhere
         */
        boolean dispatch(RunInfo run, String name, Map<String, Object> payload);
    }

    /**
     * Creates the identity of a run that has no listeners to dispatch to (for tests and hand-made options):
     * {@link #dispatchCustomEvent} on it throws.
     *
     * @param runId     the run's id, not null
     * @param parentIds the parents, root first, not null
     * @param name      the name, not null
     * @param runType   the type, not null
     * @param tags      the tags, not null
     * @param metadata  the metadata, not null
     */
    public RunInfo(UUID runId, List<UUID> parentIds, String name, String runType, List<String> tags,
                   Map<String, Object> metadata) {
        this(runId, parentIds, name, runType, tags, metadata, null);
    }

    /**
     * Creates the identity of a run whose custom events go to {@code customEvents}; for implementations of
     * {@link Chainable} that report their own runs.
     *
     * @param runId        the run's id, not null
     * @param parentIds    the parents, root first, not null
     * @param name         the name, not null
     * @param runType      the type, not null
     * @param tags         the tags, not null
     * @param metadata     the metadata, not null
     * @param customEvents where {@link #dispatchCustomEvent} delivers, or null for a run that cannot take any
     */
    public RunInfo(UUID runId, List<UUID> parentIds, String name, String runType, List<String> tags,
                   Map<String, Object> metadata, CustomEventSink customEvents) {
        this.runId = Checks.notNull(runId, "runId");
        this.parentIds = Checks.noNullElements(parentIds, "parentIds");
        this.name = Checks.notNull(name, "name");
        this.runType = Checks.notNull(runType, "runType");
        this.tags = Checks.noNullElements(tags, "tags");
        this.metadata = Json.freeze(Checks.notNull(metadata, "metadata"));
        this.customEvents = customEvents;
    }

    /**
     * The run's id.
     *
     * @return the id
     */
    public UUID runId() {
        return runId;
    }

    /**
     * Ids of the enclosing runs, root first.
     *
     * @return the parent ids; empty at the root
     */
    public List<UUID> parentIds() {
        return parentIds;
    }

    /**
     * The run's name: the config's {@code runName}, else the component's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The run's type.
     *
     * @return {@code "chat_model"}, {@code "chain"} or {@code "parser"}
     */
    public String runType() {
        return runType;
    }

    /**
     * The run's tags: config tags, then the component's own tags.
     *
     * @return the tags
     */
    public List<String> tags() {
        return tags;
    }

    /**
     * The run's metadata: config metadata, then (for chat models) the ls parameters, then the component's own.
     *
     * @return the metadata
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * Whether this run is a root run (no parents).
     *
     * @return true at the root
     */
    public boolean isRoot() {
        return parentIds.isEmpty();
    }

    /**
     * Dispatches a custom event from code running inside this run: every listener of the run gets
     * {@link RunListener#onCustomEvent}, and {@code streamEvents} emits {@code on_custom_event} with this run's id,
     * tags, metadata and parents, in order with the run's other events (filters treat it as an event of this run).
     * Callable from any thread while the run is going on.
     *
     * @param eventName the event's name (its {@code name} in {@code streamEvents}), non-blank
     * @param payload   the event's data, a JSON object (its {@code data}); copied deeply
     * @return true if the run's listeners got it; false if the run had already ended (for instance its stream was
     *         closed), so the event went nowhere
     * @throws IllegalStateException if this run info was built by hand and belongs to no run
     */
    public boolean dispatchCustomEvent(String eventName, Map<String, ?> payload) {
        Checks.argument(eventName != null && !eventName.isBlank(), "a custom event needs a non-blank name but got %s",
                eventName == null ? "null" : "'" + eventName + "'");
        Map<String, Object> data = Json.freeze(Checks.notNull(payload, "payload of custom event '" + eventName + "'"));
        if (customEvents == null) {
            throw new IllegalStateException("custom event '" + eventName + "' cannot be dispatched: this RunInfo of "
                    + name + " (" + runId + ") was built by hand and belongs to no run");
        }
        return customEvents.dispatch(this, eventName, data);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RunInfo)) {
            return false;
        }
        RunInfo other = (RunInfo) o;
        return runId.equals(other.runId) && parentIds.equals(other.parentIds) && name.equals(other.name)
                && runType.equals(other.runType) && tags.equals(other.tags) && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, parentIds, name, runType, tags, metadata);
    }

    @Override
    public String toString() {
        return "RunInfo[runId=" + runId + ", parentIds=" + parentIds + ", name=" + name + ", runType=" + runType
                + ", tags=" + tags + ", metadata=" + metadata + "]";
    }
}
