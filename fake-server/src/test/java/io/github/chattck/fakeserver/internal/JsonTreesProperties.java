package io.github.chattck.fakeserver.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JsonTrees} reads and writes what an {@code ObjectMapper} with its defaults does: the same tree (node types
 * included: {@code JsonNode.equals} tells an int from a long and a double), the same bytes, the same errors.
 */
class JsonTreesProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 300)
    void readsTheTreeTheMapperReads(@ForAll long seed) throws IOException {
        JsonNode tree = tree(new Random(seed), 0);
        for (String text : new String[] {MAPPER.writeValueAsString(tree),
                MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)}) {
            assertThat(JsonTrees.read(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(MAPPER.readTree(text));
        }
    }

    @Property(tries = 300)
    void writesTheBytesTheMapperWrites(@ForAll long seed) throws IOException {
        JsonNode tree = tree(new Random(seed), 0);
        // bytes, as the server writes them: a UTF-8 generator escapes a surrogate pair, a character one does not
        assertThat(new String(written(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void failsOnBrokenJsonAsTheMapperDoes(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        String text = MAPPER.writeValueAsString(tree(random, 0));
        String broken = random.nextBoolean() ? text.substring(0, random.nextInt(text.length() + 1))
                : new StringBuilder(text).insert(random.nextInt(text.length() + 1), "{}[]:,\"x1-e.\\ \u0000".charAt(random.nextInt(15))).toString();
        sameOutcome(broken);
    }

    @Example
    void edgeCasesReadAsTheMapperReadsThem() throws IOException {
        for (String text : new String[] {"", "  \n", "null", "true", "1", "\"s\"", "[]", "{}", "{\"a\":1} trailing",
                "{\"a\":1,\"a\":[2]}", "{\"a\":1,\"b\":2,\"a\":3}", "2147483648", "-9223372036854775809", "1e400", "-0.0", "1.0",
                "0.1", "1E2", "[1,", "{\"a\"}", "{'a':1}", "[01]", "NaN", "\"\\ud800\"", "[" .repeat(1001) + "]".repeat(1001),
                "{\"a\":" .repeat(999) + "1" + "}".repeat(999)}) {
            sameOutcome(text);
        }
    }

    private static void sameOutcome(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode expected;
        try {
            expected = MAPPER.readTree(bytes);
        } catch (JsonProcessingException mapperFailure) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(JsonProcessingException.class, () -> JsonTrees.read(bytes)))
                    .as("reading %s", text).isNotNull()
                    .extracting(JsonProcessingException::getOriginalMessage).isEqualTo(mapperFailure.getOriginalMessage());
            return;
        }
        assertThat(JsonTrees.read(bytes)).as("reading %s", text).isEqualTo(expected);
    }

    private static byte[] written(JsonNode tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonTrees.FACTORY.createGenerator(out)) {
            JsonTrees.write(g, tree);
        }
        return out.toByteArray();
    }

    /** A random tree of the node kinds JSON text reads into, nested at most four levels. */
    private static JsonNode tree(Random random, int depth) {
        int kind = random.nextInt(depth >= 4 ? 8 : 10);
        switch (kind) {
            case 0: return NODES.nullNode();
            case 1: return NODES.booleanNode(random.nextBoolean());
            case 2: return NODES.numberNode(random.nextInt());
            case 3: return NODES.numberNode(random.nextLong());
            case 4: return NODES.numberNode(BigInteger.valueOf(random.nextLong()).shiftLeft(64 + random.nextInt(40)));
            case 5: return NODES.numberNode(doubleValue(random));
            case 6:
            case 7: return NODES.textNode(text(random));
            case 8: {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(tree(random, depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(text(random), tree(random, depth + 1));
                }
                return object;
            }
        }
    }

    private static double doubleValue(Random random) {
        switch (random.nextInt(5)) {
            case 0: return random.nextDouble();
            case 1: return -0.0;
            case 2: return random.nextInt(1000);
            case 3: return Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL); // finite, any magnitude
            default: return random.nextGaussian() * 1e-300;
        }
    }

    private static String text(Random random) {
        String alphabet = "ab \"\\/\n\t\r\u0000\u001f\u007f\u00e9\u4f60\ud83e\udd16<>&'";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(alphabet.length());
            if (Character.isHighSurrogate(alphabet.charAt(at))) {
                s.append(alphabet, at, at + 2);
            } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                s.append(alphabet.charAt(at));
            }
        }
        return s.toString();
    }
}
