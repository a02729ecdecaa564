package io.github.chattck.fakeserver.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.chattck.core.internal.Json;

import java.io.IOException;
import java.util.Map;

/**
 * Request bodies read into Jackson trees and frames written from them with Jackson's streaming parser and generator
 * alone: the trees and bytes {@code ObjectMapper.readTree} and {@code ObjectMapper.writeTree} give (a property test
 * holds them to it), without making an {@code ObjectMapper}. The first mapper of a JVM costs some 70 ms and 500
 * classes, most of a fake server's start in a fresh JVM, and a request that has no tool calls (the usual first one)
 * needs none of what it adds.
 */
public final class JsonTrees {
    /** The factory of every parser and generator: the defaults of an {@code ObjectMapper}'s own. */
    static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /**
     * Reads one JSON value, as {@code ObjectMapper.readTree(byte[])} does: the first value (what follows it is not
     * read), {@link MissingNode} for a body with none, the parser's exception for malformed JSON.
     *
     * @param body the JSON text as UTF-8
     * @return the tree
     * @throws JsonProcessingException if the text is not JSON
     */
    public static JsonNode read(byte[] body) throws JsonProcessingException {
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            return first == null ? MissingNode.getInstance() : value(p, first);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed: " + e, e); // no I/O to fail
        }
    }

    /** The value starting at the current token; the parser bounds the nesting (StreamReadConstraints), so the recursion. */
    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    object.replace(name, value(p, p.nextToken())); // a repeated name: the last value, as the mapper
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue()); // JSON text has no float type of its own: a double
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + token + " at " + p.currentLocation());
        }
    }

    /**
     * Writes a tree, as {@code ObjectMapper.writeTree} does with its defaults. The node kinds a parsed body or a
     * codec's frame holds are written here; any other (a POJO node) is left to the mapper.
     *
     * @param g    the generator
     * @param node the tree
     * @throws IOException if writing fails
     */
    public static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT: {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
                return;
            }
            case ARRAY: {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
                return;
            }
            case STRING:
                g.writeString(node.textValue());
                return;
            case NUMBER:
                number(g, node);
                return;
            case BOOLEAN:
                g.writeBoolean(node.booleanValue());
                return;
            case NULL:
                g.writeNull();
                return;
            default:
                Json.plainMapper().writeTree(g, node);
        }
    }

    private static void number(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT:
                g.writeNumber(node.intValue());
                return;
            case LONG:
                g.writeNumber(node.longValue());
                return;
            case BIG_INTEGER:
                g.writeNumber(node.bigIntegerValue());
                return;
            case FLOAT:
                g.writeNumber(node.floatValue());
                return;
            case DOUBLE:
                g.writeNumber(node.doubleValue());
                return;
            default:
                Json.plainMapper().writeTree(g, node); // BigDecimal: its plain or scientific form is the mapper's call
        }
    }
}
