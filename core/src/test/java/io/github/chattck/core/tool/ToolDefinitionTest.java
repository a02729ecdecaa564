package io.github.chattck.core.tool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolDefinitionTest {
    private static final Map<String, Object> CITY = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"));

    @Test
    void holdsNameDescriptionAndAnImmutableCopyOfTheSchema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("city", new LinkedHashMap<>(Map.of("type", "string")));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        ToolDefinition tool = ToolDefinition.of("get_weather", "The weather in a city", schema);
        properties.put("country", Map.of("type", "string"));

        assertThat(tool.name()).isEqualTo("get_weather");
        assertThat(tool.description()).isEqualTo("The weather in a city");
        assertThat(tool.parameters()).isEqualTo(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
        assertThatThrownBy(() -> tool.parameters().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(tool.parametersJson()).isEqualTo("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
    }

    @Test
    void aToolWithoutArgumentsHasAnEmptyObjectSchema() {
        assertThat(ToolDefinition.of("now", "The time").parameters()).isEqualTo(Map.of("type", "object", "properties", Map.of()));
    }

    @Test
    void theSchemaCanBeGivenAsJsonText() {
        ToolDefinition tool = ToolDefinition.fromJson("get_weather", "", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        assertThat(tool.parameters()).isEqualTo(CITY);
        assertThatThrownBy(() -> ToolDefinition.fromJson("t", "", "{\"type\":"))
                .isInstanceOf(ToolArgumentsException.class).hasMessageContaining("{\\\"type\\\":".replace("\\", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "get weather", "météo", "a.b", "x/y"})
    void aNameOutsideWhatProvidersAcceptIsRejectedByName(String name) {
        assertThatThrownBy(() -> ToolDefinition.of(name, "d", CITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'").hasMessageContaining("1 to 64");
    }

    @Test
    void nameLengthIsAtMost64() {
        assertThat(ToolDefinition.of("a".repeat(64), "d").name()).hasSize(64);
        assertThatThrownBy(() -> ToolDefinition.of("a".repeat(65), "d")).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> ToolDefinition.of(null, "d")).hasMessageContaining("but was null");
        assertThatThrownBy(() -> ToolDefinition.of("t", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("description of tool 't'");
    }

    @Test
    void theSchemaMustBeAnObjectSchema() {
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("type", "string")))
                .hasMessageContaining("tool 't'").hasMessageContaining("\"type\": \"object\"").hasMessageContaining("\"string\"");
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("properties", Map.of())))
                .hasMessageContaining("its type was absent");
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("type", "object", "properties", List.of("city"))))
                .hasMessageContaining("\"properties\" of tool 't'").hasMessageContaining("[\"city\"]");
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("type", "object", "properties", Map.of("city", "string"))))
                .hasMessageContaining("property 'city' of tool 't'");
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("type", "object", "required", "city")))
                .hasMessageContaining("\"required\" of tool 't'");
        assertThatThrownBy(() -> ToolDefinition.of("t", "d", Map.of("type", "object",
                "properties", Map.of("city", Map.of()), "required", List.of("country"))))
                .hasMessageContaining("requires \"country\"").hasMessageContaining("[city]");
    }

    @Test
    void choicesAreValuesWithReadableNames() {
        assertThat(ToolChoice.auto().mode()).isEqualTo(ToolChoice.Mode.AUTO);
        assertThat(ToolChoice.none()).hasToString("none");
        assertThat(ToolChoice.required()).hasToString("required");
        assertThat(ToolChoice.tool("get_weather")).isEqualTo(ToolChoice.tool("get_weather")).hasToString("tool:get_weather")
                .isNotEqualTo(ToolChoice.tool("other")).isNotEqualTo(ToolChoice.auto());
        assertThat(ToolChoice.tool("get_weather").hashCode()).isEqualTo(ToolChoice.tool("get_weather").hashCode());
        assertThat(ToolChoice.tool("get_weather").toolName()).isEqualTo("get_weather");
        assertThat(ToolChoice.auto().toolName()).isNull();
        assertThatThrownBy(() -> ToolChoice.tool("no spaces")).hasMessageContaining("'no spaces'");
    }

    @Test
    void argumentsParseToAnImmutableObjectInTextOrder() {
        Map<String, Object> args = ToolArguments.parse("{\"b\": 1, \"a\": [true, null, 2.5, \"x\"], \"n\": {\"k\": 12345678901}}");
        assertThat(new ArrayList<>(args.keySet())).containsExactly("b", "a", "n");
        assertThat(args.get("a")).isEqualTo(java.util.Arrays.asList(true, null, 2.5, "x"));
        assertThat(args.get("n")).isEqualTo(Map.of("k", 12345678901L));
        assertThatThrownBy(() -> args.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ToolArguments.toJson(args)).isEqualTo("{\"b\":1,\"a\":[true,null,2.5,\"x\"],\"n\":{\"k\":12345678901}}");
        assertThat(ToolArguments.parse(ToolArguments.toJson(args))).isEqualTo(args);
    }

    @Test
    void blankArgumentsAreTheEmptyObject() {
        assertThat(ToolArguments.parse("")).isEmpty();
        assertThat(ToolArguments.parse("  \n")).isEmpty();
    }

    @Test
    void badArgumentsFailNamingTheTextAndWhatIsWrong() {
        assertThatThrownBy(() -> ToolArguments.parse("{\"city\": "))
                .isInstanceOf(ToolArgumentsException.class).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tool call arguments must be a JSON object but it is not valid JSON")
                .hasMessageEndingWith(": \"{\"city\": \"");
        assertThatThrownBy(() -> ToolArguments.parse("[1, 2]")).hasMessage("tool call arguments must be a JSON object but it is an array: \"[1, 2]\"");
        assertThatThrownBy(() -> ToolArguments.parse("\"x\"")).hasMessageContaining("it is a string");
        assertThatThrownBy(() -> ToolArguments.parse("null")).hasMessageContaining("it is null");
        assertThatThrownBy(() -> ToolArguments.parse("{\"a\":1}{\"b\":2}")).hasMessageContaining("not valid JSON")
                .hasMessageContaining("{\"a\":1}{\"b\":2}");
        assertThatThrownBy(() -> ToolArguments.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aLongBadTextIsShortenedInTheMessageButKeptWhole() {
        String text = "{\"story\": \"" + "x".repeat(1000);
        ToolArgumentsException e = org.junit.jupiter.api.Assertions.assertThrows(ToolArgumentsException.class, () -> ToolArguments.parse(text));
        assertThat(e.getMessage()).contains("(1011 characters in all)").hasSizeLessThan(400);
        assertThat(e.text()).isEqualTo(text);
        assertThat(e.reason()).startsWith("it is not valid JSON");
    }
}
