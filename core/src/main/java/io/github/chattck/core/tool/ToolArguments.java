package io.github.chattck.core.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.Map;

/**
 * Tool-call arguments between their JSON text (as providers send them, and as {@code ToolCallChunk}s carry them) and
 * a JSON object (as {@link io.github.chattck.core.message.ToolCall#args()} holds them). The one place both directions
 * are defined, so that providers, adapters and the aggregation of chunks read arguments the same way.
 * <p>
 * A JSON object is an immutable {@code Map<String, Object>} whose values are maps, lists, strings, numbers
 * (Integer, Long, BigInteger or Double), booleans or null, in the order of the text.
 */
public final class ToolArguments {
    private ToolArguments() {
    }

    /**
     * Reads argument text as a JSON object. Blank text reads as the empty object (providers send {@code ""} for a
     * tool without arguments); anything after the object is an error, as in LangChain's {@code JSON.parse} /
     * {@code json.loads}.
     *
     * @param text the arguments' JSON text, not null
     * @return the object, immutable
     * @throws ToolArgumentsException if the text is not one JSON object, naming the problem and quoting the text
     */
    public static Map<String, Object> parse(String text) {
        Checks.notNull(text, "tool call arguments text");
        if (text.isBlank()) {
            return Map.of();
        }
        Object value;
        try {
            value = Json.parseValue(text);
        } catch (JsonProcessingException e) {
            throw new ToolArgumentsException("it is not valid JSON (" + e.getOriginalMessage() + ")", text, e);
        }
        if (!(value instanceof Map)) {
            throw new ToolArgumentsException("it is " + kind(value), text, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return Json.freeze(object);
    }

    /**
     * Writes arguments as compact JSON text.
     *
     * @param args a JSON object (maps, lists, strings, numbers, booleans, null), not null
     * @return its JSON text, keys in the map's order
     * @throws IllegalArgumentException if a value cannot be written as JSON
     */
    public static String toJson(Map<String, ?> args) {
        return Json.write(Checks.notNull(args, "tool call arguments"));
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof java.util.List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }
}
