package io.github.chattck.core.message;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The generators of the aggregation properties, in one place. They shrink towards small values: empty text,
 * no tool calls, no usage, no metadata.
 */
final class ChunkArbitraries {
    /** Marks a metadata entry that is left out of a generated chunk. */
    private static final String ABSENT = "<absent>";
    /** Marks a metadata entry present with a null value. */
    private static final String NULL = "<null>";

    private ChunkArbitraries() {
    }

    /** Any text, including characters outside the BMP and unpaired surrogates. */
    static Arbitrary<String> texts() {
        return Arbitraries.strings().all().ofMaxLength(30);
    }

    /** A text and one way of cutting it into consecutive pieces (possibly empty ones). */
    record Chunking(String text, List<String> pieces) {
    }

    static Arbitrary<Chunking> chunkings() {
        return texts().flatMap(text -> cutPoints(text.length()).map(cuts -> new Chunking(text, cut(text, cuts))));
    }

    /** Cut positions in {@code [0, length]}, repeated positions allowed (they make empty pieces). */
    static Arbitrary<List<Integer>> cutPoints(int length) {
        return Arbitraries.integers().between(0, length).list().ofMaxSize(8);
    }

    static List<String> cut(String text, List<Integer> cuts) {
        List<Integer> sorted = new ArrayList<>(cuts);
        sorted.sort(null);
        List<String> pieces = new ArrayList<>();
        int from = 0;
        for (int at : sorted) {
            pieces.add(text.substring(from, at));
            from = at;
        }
        pieces.add(text.substring(from));
        return pieces;
    }

    static Arbitrary<UsageMetadata> usages() {
        Arbitrary<Long> tokens = Arbitraries.longs().between(0, 10_000);
        return Combinators.combine(tokens, tokens, tokens, details().injectNull(0.5), details().injectNull(0.5))
                .as(UsageMetadata::new);
    }

    static Arbitrary<Map<String, Long>> details() {
        return Arbitraries.maps(Arbitraries.of("cache_read", "audio", "reasoning"), Arbitraries.longs().between(0, 100))
                .ofMaxSize(3);
    }

    static Arbitrary<ToolCallChunk> toolCallChunks() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.of("call_a", "call_b", "").injectNull(0.5),
                Arbitraries.of("search", "lookup", "").injectNull(0.5),
                Arbitraries.strings().withChars("{}[]\":, ab1").ofMaxLength(6))
                .as(ToolCallChunk::new);
    }

    /**
     * Response metadata as providers send it: each key keeps one JSON type across chunks (a string, a nested
     * map, a list), and may be absent or null in a chunk.
     */
    static Arbitrary<Map<String, Object>> responseMetadata() {
        Arbitrary<String> finishReason = Arbitraries.of(ABSENT, NULL, "stop", "length", "tool_calls");
        Arbitrary<String> modelName = Arbitraries.of(ABSENT, "m-1", "m-2");
        Arbitrary<Map<String, String>> nested = Arbitraries.maps(Arbitraries.of("x", "y"), Arbitraries.of("1", "2"))
                .ofMaxSize(2).injectNull(0.5);
        Arbitrary<List<Integer>> logprobs = Arbitraries.integers().between(-5, 0).list().ofMaxSize(2).injectNull(0.5);
        return Combinators.combine(finishReason, modelName, nested, logprobs).as((f, m, n, l) -> {
            Map<String, Object> map = new LinkedHashMap<>();
            if (!f.equals(ABSENT)) {
                map.put("finish_reason", f.equals(NULL) ? null : f);
            }
            if (!m.equals(ABSENT)) {
                map.put("model_name", m);
            }
            if (n != null) {
                map.put("nested", n);
            }
            if (l != null) {
                map.put("logprobs", l);
            }
            return map;
        });
    }

    static Arbitrary<AIMessageChunk> chunks() {
        return Combinators.combine(
                texts(),
                toolCallChunks().list().ofMaxSize(2),
                usages().injectNull(0.6),
                responseMetadata(),
                Arbitraries.of("id-1", "id-2").injectNull(0.7))
                .as(AIMessageChunk::new);
    }

    /** JSON-object tool arguments: string keys, values that are numbers, strings, booleans, lists or objects. */
    static Arbitrary<Map<String, Object>> toolArgs() {
        Arbitrary<String> keys = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> strings = Arbitraries.strings().withCharRange(' ', '~').withChars("é漢\n\t").ofMaxLength(8);
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 1000).map(i -> (Object) i),
                strings.map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> values = Arbitraries.oneOf(
                scalars,
                scalars.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(keys, scalars).ofMaxSize(2).map(m -> (Object) m));
        return Arbitraries.maps(keys, values).ofMaxSize(4);
    }

    /** Sorted distinct cut points, for splitting JSON text into fragments. */
    static Arbitrary<TreeSet<Integer>> distinctCuts(int length) {
        return Arbitraries.integers().between(0, length).set().ofMaxSize(10).map(TreeSet::new);
    }
}
