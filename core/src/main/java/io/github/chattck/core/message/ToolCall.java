package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.tool.ToolArguments;

import java.util.Map;

/**
 * A request from the model to call a tool, with its arguments parsed from JSON.
 *
 * @param id   the provider's id for the call, may be null when the provider gives none
 * @param name the tool's name, not null
 * @param args the arguments, a JSON object as an immutable map (nested maps, lists, strings, numbers, booleans, null)
 */
public record ToolCall(String id, String name, Map<String, Object> args) {
    /**
     * Creates a tool call; {@code args} is deep-copied.
     *
     * @param id   the provider's id, may be null
     * @param name the tool's name, not null
     * @param args the arguments, null meaning none
     */
    public ToolCall {
        Checks.notNull(name, "name");
        args = Json.freeze(args);
    }

    /**
     * The arguments as compact JSON text.
     *
     * @return the JSON text of {@link #args()}
     */
    public String argsJson() {
        return ToolArguments.toJson(args);
    }
}
