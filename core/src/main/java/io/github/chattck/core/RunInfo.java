package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who a run is, as listeners and events see it.
 *
 * @param runId     the run's id
 * @param parentIds ids of the enclosing runs, root first; empty at the root
 * @param name      the run's name: the config's {@code runName}, else the component's name
 * @param runType   {@code "chat_model"}, {@code "chain"} or {@code "parser"}
 * @param tags      config tags, then the component's own tags
 * @param metadata  config metadata, then (for chat models) the ls parameters, then the component's own metadata
 */
public record RunInfo(UUID runId, List<UUID> parentIds, String name, String runType,
                      List<String> tags, Map<String, Object> metadata) {
    /**
     * Creates run info; collections are copied.
     *
     * @param runId     the run's id, not null
     * @param parentIds the parents, root first, not null
     * @param name      the name, not null
     * @param runType   the type, not null
     * @param tags      the tags, not null
     * @param metadata  the metadata, not null
     */
    public RunInfo {
        Checks.notNull(runId, "runId");
        parentIds = Checks.noNullElements(parentIds, "parentIds");
        Checks.notNull(name, "name");
        Checks.notNull(runType, "runType");
        tags = Checks.noNullElements(tags, "tags");
        metadata = Json.freeze(Checks.notNull(metadata, "metadata"));
    }

    /**
     * Whether this run is a root run (no parents).
     *
     * @return true at the root
     */
    public boolean isRoot() {
        return parentIds.isEmpty();
    }
}
