package io.github.chattck.core.tool;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tool the model may call: its name, what it does, and its parameters as a JSON Schema object (LangChain's tool
 * definition, OpenAI's {@code function}, Anthropic's {@code tool}). Providers translate it to their API.
 * <pre>{@code
 * ToolDefinition weather = ToolDefinition.of("get_weather", "The current weather in a city",
 *         Map.of("type", "object",
 *                "properties", Map.of("city", Map.of("type", "string")),
 *                "required", List.of("city")));
 * }</pre>
 * The name is what every major API accepts: 1 to 64 ASCII letters, digits, {@code _} or {@code -}. The parameters
 * are a JSON Schema of {@code "type": "object"}: if it has {@code properties}, that is an object of schemas, and if
 * it has {@code required}, that is a list of property names it defines. Anything else in the schema is passed on
 * as given. Immutable; the schema is deep-copied.
 *
 * @param name        the tool's name, as the model calls it
 * @param description what the tool does, for the model (may be empty, never null)
 * @param parameters  the JSON Schema of the arguments, an object schema as an immutable map
 */
public record ToolDefinition(String name, String description, Map<String, Object> parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Creates a tool definition, checking the name and the schema.
     *
     * @param name        1 to 64 letters, digits, {@code _} or {@code -}
     * @param description not null (may be empty)
     * @param parameters  a JSON Schema object with {@code "type": "object"}, not null
     * @throws IllegalArgumentException naming the tool and the bad value, if the name or the schema is not valid
     */
    public ToolDefinition {
        checkName(name, "tool name");
        Checks.notNull(description, "description of tool '" + name + "'");
        parameters = Json.freeze(Checks.notNull(parameters, "parameters of tool '" + name + "'"));
        checkSchema(name, parameters);
    }

    /**
     * A tool with the given parameters.
     *
     * @param name        the tool's name
     * @param description what it does
     * @param parameters  the JSON Schema object of its arguments
     * @return the definition
     */
    public static ToolDefinition of(String name, String description, Map<String, ?> parameters) {
        return new ToolDefinition(name, description, Json.freeze(Checks.notNull(parameters, "parameters")));
    }

    /**
     * A tool that takes no arguments (its schema is an object without properties).
     *
     * @param name        the tool's name
     * @param description what it does
     * @return the definition
     */
    public static ToolDefinition of(String name, String description) {
        return new ToolDefinition(name, description, Map.of("type", "object", "properties", Map.of()));
    }

    /**
     * A tool whose parameter schema is given as JSON text.
     *
     * @param name           the tool's name
     * @param description    what it does
     * @param parametersJson the JSON Schema object, as text
     * @return the definition
     * @throws ToolArgumentsException if the text is not a JSON object
     */
    public static ToolDefinition fromJson(String name, String description, String parametersJson) {
        return new ToolDefinition(name, description, ToolArguments.parse(Checks.notNull(parametersJson, "parametersJson")));
    }

    /**
     * The parameter schema as compact JSON text, as most APIs send it.
     *
     * @return the JSON text of {@link #parameters()}
     */
    public String parametersJson() {
        return ToolArguments.toJson(parameters);
    }

    /**
     * Checks that a name is one every major API accepts as a tool name.
     *
     * @param name the name
     * @param what what the name names, for the message
     * @return the name
     * @throws IllegalArgumentException if it is null, blank, too long, or has other characters
     */
    static String checkName(String name, String what) {
        Checks.argument(name != null && NAME.matcher(name).matches(),
                "%s must be 1 to 64 ASCII letters, digits, '_' or '-' (what OpenAI, Anthropic and Gemini accept) "
                        + "but was %s", what, name == null ? "null" : "'" + name + "'");
        return name;
    }

    private static void checkSchema(String tool, Map<String, Object> schema) {
        Checks.argument("object".equals(schema.get("type")),
                "the parameters of tool '%s' must be a JSON Schema with \"type\": \"object\" but its type was %s: %s",
                tool, schema.containsKey("type") ? Json.write(schema.get("type")) : "absent", Json.write(schema));
        Object properties = schema.get("properties");
        Checks.argument(properties == null || properties instanceof Map,
                "the \"properties\" of tool '%s' must be an object of schemas but was %s", tool, Json.write(properties));
        if (properties != null) {
            for (Map.Entry<?, ?> p : ((Map<?, ?>) properties).entrySet()) {
                Checks.argument(p.getValue() instanceof Map, "property '%s' of tool '%s' must be a schema (a JSON object) but was %s",
                        p.getKey(), tool, Json.write(p.getValue()));
            }
        }
        Object required = schema.get("required");
        if (required == null) {
            return;
        }
        Checks.argument(required instanceof List, "the \"required\" of tool '%s' must be a list of property names but was %s",
                tool, Json.write(required));
        for (Object r : (List<?>) required) {
            Checks.argument(r instanceof String && properties != null && ((Map<?, ?>) properties).containsKey(r),
                    "tool '%s' requires %s, which is not one of its properties %s", tool, Json.write(r),
                    properties == null ? "[]" : ((Map<?, ?>) properties).keySet());
        }
    }
}
