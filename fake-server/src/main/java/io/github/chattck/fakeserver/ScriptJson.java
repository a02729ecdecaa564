package io.github.chattck.fakeserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.Turn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a {@link Script} from JSON, for the command line and for apps that are not on the JVM. Strict: an
 * unknown field is an error naming it (a typo must not silently change a test). The format:
 * <pre>{@code
 * {
 *   "sequencing": "queue",                       // or "cycle", "repeatLast"
 *   "chunking": "words",                         // default chunking: "words", "perCodePoint", "whole", {"fixedSize": 4}
 *   "firstChunkDelayMs": 0, "perChunkDelayMs": 0, // default delays (decimals allowed: 0.5 = 500 microseconds)
 *   "failFirstCalls": {"count": 1, "fault": {"status": 503}},
 *   "turns": [
 *     {"text": "Hello world", "chunks": ["Hello", " world"], "usage": {"input": 5, "output": 2}},
 *     {"toolCalls": [{"name": "get_weather", "args": {"city": "Paris"}}], "toolArgsChunkSize": 4},
 *     {"fault": {"status": 429, "retryAfterMs": 100}},
 *     {"text": "a b c d", "perChunkDelayMs": 20, "fault": {"cutAfterFrames": 2}}
 *   ],
 *   "rules": [
 *     {"when": {"lastUserMessage": "ping"}, "turn": {"text": "pong"}},
 *     {"when": {"model": "gpt-4o-mini", "toolOffered": "get_weather"}, "turn": {"text": "no tools today"}}
 *   ]
 * }
 * }</pre>
 * A turn's fields: {@code text}, {@code chunks} (explicit, must add up to the text), {@code chunking},
 * {@code toolCalls} ({@code name}, {@code args}, optional {@code id}), {@code toolArgsChunkSize}, {@code usage}
 * ({@code input}, {@code output}), {@code finishReason}, {@code model}, {@code id}, {@code responseMetadata},
 * {@code firstChunkDelayMs}, {@code perChunkDelayMs}, {@code fault}. A fault is one of {@code {"status": 429}}
 * (with optional {@code message}, {@code errorType}, {@code retryAfterMs}, {@code headers}),
 * {@code {"cutAfterFrames": k}}, {@code {"stallAfterFrames": k}}, {@code {"malformedFrameAfter": k}},
 * {@code {"errorEventAfterFrames": k, "message": "..."}}.
 */
final class ScriptJson {
    private static final Set<String> SCRIPT_FIELDS = Set.of("sequencing", "chunking", "firstChunkDelayMs",
            "perChunkDelayMs", "failFirstCalls", "turns", "rules");
    private static final Set<String> TURN_FIELDS = Set.of("text", "chunks", "chunking", "toolCalls", "toolArgsChunkSize",
            "usage", "finishReason", "model", "id", "responseMetadata", "firstChunkDelayMs", "perChunkDelayMs", "fault");
    private static final Set<String> FAULT_FIELDS = Set.of("status", "message", "errorType", "retryAfterMs", "headers",
            "cutAfterFrames", "stallAfterFrames", "malformedFrameAfter", "errorEventAfterFrames");

    private ScriptJson() {
    }

    static Script parse(String text) {
        JsonNode root;
        try {
            root = Json.plainMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the script is not JSON: " + e.getOriginalMessage(), e);
        }
        require(root != null && root.isObject(), "the script must be a JSON object");
        onlyFields(root, SCRIPT_FIELDS, "the script");
        Script.Builder b = Script.builder();
        String sequencing = root.path("sequencing").asText("queue");
        switch (sequencing) {
            case "queue": b.queue(); break;
            case "cycle": b.cycle(); break;
            case "repeatLast": b.repeatLast(); break;
            default: throw new IllegalArgumentException("sequencing must be \"queue\", \"cycle\" or \"repeatLast\" but was \"" + sequencing + "\"");
        }
        if (root.has("chunking")) {
            b.chunking(chunking(root.get("chunking"), "chunking"));
        }
        if (root.has("firstChunkDelayMs")) {
            b.firstChunkDelay(millis(root.get("firstChunkDelayMs"), "firstChunkDelayMs"));
        }
        if (root.has("perChunkDelayMs")) {
            b.perChunkDelay(millis(root.get("perChunkDelayMs"), "perChunkDelayMs"));
        }
        if (root.has("failFirstCalls")) {
            JsonNode ff = root.get("failFirstCalls");
            require(ff.isObject() && ff.path("count").canConvertToInt() && ff.has("fault"),
                    "failFirstCalls must be {\"count\": n, \"fault\": {...}}");
            onlyFields(ff, Set.of("count", "fault"), "failFirstCalls");
            b.failFirstCalls(ff.get("count").intValue(), fault(ff.get("fault"), "failFirstCalls.fault"));
        }
        JsonNode turns = root.path("turns");
        require(turns.isMissingNode() || turns.isArray(), "turns must be an array");
        for (int i = 0; i < turns.size(); i++) {
            b.turn(turn(turns.get(i), "turns[" + i + "]"));
        }
        JsonNode rules = root.path("rules");
        require(rules.isMissingNode() || rules.isArray(), "rules must be an array");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String where = "rules[" + i + "]";
            require(rule.isObject() && rule.path("when").isObject() && rule.has("turn"), where + " must be {\"when\": {...}, \"turn\": {...}}");
            onlyFields(rule, Set.of("when", "turn"), where);
            b.when(matcher(rule.get("when"), where + ".when"), turn(rule.get("turn"), where + ".turn"));
        }
        return b.build();
    }

    private static Predicate<RecordedRequest> matcher(JsonNode when, String where) {
        onlyFields(when, Set.of("lastUserMessage", "model", "toolOffered"), where);
        require(when.size() > 0, where + " needs at least one of lastUserMessage, model, toolOffered");
        Predicate<RecordedRequest> all = r -> true;
        if (when.has("lastUserMessage")) {
            String text = string(when, "lastUserMessage", where);
            all = all.and(r -> text.equals(r.lastUserMessage()));
        }
        if (when.has("model")) {
            String model = string(when, "model", where);
            all = all.and(r -> model.equals(r.model()));
        }
        if (when.has("toolOffered")) {
            String tool = string(when, "toolOffered", where);
            all = all.and(r -> r.toolsOffered().contains(tool));
        }
        return all;
    }

    private static WireTurn turn(JsonNode node, String where) {
        require(node.isObject(), where + " must be an object");
        onlyFields(node, TURN_FIELDS, where);
        Turn turn = Turn.text(node.has("text") ? string(node, "text", where) : "");
        try {
            JsonNode calls = node.path("toolCalls");
            require(calls.isMissingNode() || calls.isArray(), where + ".toolCalls must be an array");
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                String w = where + ".toolCalls[" + i + "]";
                onlyFields(call, Set.of("name", "args", "id"), w);
                @SuppressWarnings("unchecked")
                Map<String, Object> args = call.has("args") ? Json.plainMapper().convertValue(call.get("args"), Map.class) : Map.of();
                turn = turn.withToolCall(string(call, "name", w), args);
                if (call.has("id")) {
                    throw new IllegalArgumentException(w + ".id: tool-call ids are call_1, call_2 ... in a turn; they cannot be set");
                }
            }
            if (node.has("chunks")) {
                JsonNode chunks = node.get("chunks");
                require(chunks.isArray(), where + ".chunks must be an array of strings");
                List<String> pieces = new ArrayList<>();
                chunks.forEach(c -> pieces.add(c.asText()));
                turn = turn.chunks(pieces.toArray(new String[0]));
            }
            if (node.has("chunking")) {
                turn = turn.chunkedBy(chunking(node.get("chunking"), where + ".chunking"));
            }
            if (node.has("toolArgsChunkSize")) {
                turn = turn.toolArgsChunkSize(node.get("toolArgsChunkSize").asInt());
            }
            if (node.has("usage")) {
                JsonNode usage = node.get("usage");
                onlyFields(usage, Set.of("input", "output"), where + ".usage");
                turn = turn.usage(UsageMetadata.of(usage.path("input").asLong(), usage.path("output").asLong()));
            }
            if (node.has("finishReason")) {
                turn = turn.responseMetadata("finish_reason", string(node, "finishReason", where));
            }
            if (node.has("model")) {
                turn = turn.responseMetadata("model_name", string(node, "model", where));
            }
            if (node.has("id")) {
                turn = turn.id(string(node, "id", where));
            }
            if (node.has("responseMetadata")) {
                for (Map.Entry<String, JsonNode> f : node.get("responseMetadata").properties()) {
                    turn = turn.responseMetadata(f.getKey(), Json.plainMapper().convertValue(f.getValue(), Object.class));
                }
            }
            if (node.has("firstChunkDelayMs")) {
                turn = turn.firstChunkDelay(millis(node.get("firstChunkDelayMs"), where + ".firstChunkDelayMs"));
            }
            if (node.has("perChunkDelayMs")) {
                turn = turn.perChunkDelay(millis(node.get("perChunkDelayMs"), where + ".perChunkDelayMs"));
            }
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        WireTurn wire = WireTurn.of(turn);
        return node.has("fault") ? wire.fault(fault(node.get("fault"), where + ".fault")) : wire;
    }

    private static WireFault fault(JsonNode node, String where) {
        require(node.isObject(), where + " must be an object");
        onlyFields(node, FAULT_FIELDS, where);
        WireFault fault;
        if (node.has("status")) {
            fault = WireFault.status(node.get("status").asInt());
            if (node.has("retryAfterMs")) {
                fault = fault.retryAfter(millis(node.get("retryAfterMs"), where + ".retryAfterMs"));
            }
        } else if (node.has("cutAfterFrames")) {
            fault = WireFault.cutAfterFrames(node.get("cutAfterFrames").asInt());
        } else if (node.has("stallAfterFrames")) {
            fault = WireFault.stallAfterFrames(node.get("stallAfterFrames").asInt());
        } else if (node.has("malformedFrameAfter")) {
            fault = WireFault.malformedFrameAfter(node.get("malformedFrameAfter").asInt());
        } else if (node.has("errorEventAfterFrames")) {
            fault = WireFault.errorEventAfterFrames(node.get("errorEventAfterFrames").asInt());
        } else {
            throw new IllegalArgumentException(where + " needs one of status, cutAfterFrames, stallAfterFrames, "
                    + "malformedFrameAfter, errorEventAfterFrames");
        }
        if (node.has("message")) {
            fault = fault.message(string(node, "message", where));
        }
        if (node.has("errorType")) {
            fault = fault.errorType(string(node, "errorType", where));
        }
        if (node.has("headers")) {
            for (Map.Entry<String, JsonNode> f : node.get("headers").properties()) {
                fault = fault.header(f.getKey(), f.getValue().asText());
            }
        }
        return fault;
    }

    private static Chunking chunking(JsonNode node, String where) {
        if (node.isObject() && node.has("fixedSize")) {
            return Chunking.fixedSize(node.get("fixedSize").asInt());
        }
        switch (node.asText()) {
            case "words": return Chunking.words();
            case "perCodePoint": return Chunking.perCodePoint();
            case "whole": return Chunking.whole();
            default:
                throw new IllegalArgumentException(where + " must be \"words\", \"perCodePoint\", \"whole\" or "
                        + "{\"fixedSize\": n} but was " + node);
        }
    }

    private static Duration millis(JsonNode node, String where) {
        require(node.isNumber() && node.doubleValue() >= 0, where + " must be a number of milliseconds >= 0 but was " + node);
        return Duration.ofNanos(Math.round(node.doubleValue() * 1_000_000));
    }

    private static String string(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        require(value != null && value.isTextual(), where + "." + field + " must be a string but was " + value);
        return value.asText();
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        require(node.isObject(), where + " must be an object");
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            require(allowed.contains(name), where + " has an unknown field \"" + name + "\"; known: " + new java.util.TreeSet<>(allowed));
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
