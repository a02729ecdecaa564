package io.github.chattck.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Shared JSON helpers: one {@link ObjectMapper} for plain values and deep immutable copies of JSON-like values.
 * Internal: not part of the API.
 */
public final class Json {
    /**
     * How deep a JSON-like value may nest, the outermost map being level 1: ample for metadata, options and tool
     * arguments, far below what would exhaust a thread's stack in the recursive operations on them (copying,
     * merging, equality, serialization), and below Jackson's own nesting limits. A value that contains itself
     * always exceeds it.
     */
    public static final int MAX_DEPTH = 100;

    /**
     * The mapper, made on first use: making one is Jackson's slow start (a tenth of a second in a fresh JVM), which
     * code that only builds messages and chunks (a test with the scripted fakes) never needs to pay.
     */
    private static final class Mappers {
        static final ObjectMapper PLAIN = new ObjectMapper();
        // one value and nothing after it: '{"a":1}{"b":2}' must not quietly read as {"a":1}
        static final ObjectReader ONE_VALUE = PLAIN.readerFor(Object.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

        private Mappers() {
        }
    }

    private Json() {
    }

    /**
     * The mapper used for plain JSON values (tool-call arguments).
     *
     * @return a shared, thread-safe mapper; do not reconfigure it
     */
    public static ObjectMapper plainMapper() {
        return Mappers.PLAIN;
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON text
     * @return the object as an immutable map
     * @throws JsonProcessingException if the text is not JSON
     * @throws IllegalArgumentException if the text is JSON but not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        Object value = parseValue(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object but got " + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        return freeze((Map<String, Object>) value);
    }

    /**
     * Parses one JSON value; text after it is an error.
     *
     * @param text the JSON text
     * @return maps, lists, strings, numbers, booleans or null, as Jackson reads them (mutable)
     * @throws JsonProcessingException if the text is not one JSON value
     */
    public static Object parseValue(String text) throws JsonProcessingException {
        return Mappers.ONE_VALUE.readValue(text);
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value the value
     * @return its JSON text
     */
    public static String write(Object value) {
        try {
            return Mappers.PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
    }

    /**
     * Whether {@link #freeze(Map)} would return the map itself: the empty map or a frozen one.
     *
     * @param map the map, may be null
     * @return true if the map is already deeply immutable and checked
     */
    public static boolean isFrozen(Map<String, ?> map) {
        return map == EMPTY || map instanceof FrozenMap;
    }

    /**
     * Deep immutable copy of a string-keyed map whose values are JSON-like (maps, lists, scalars, null).
     * Insertion order is kept; null values are allowed.
     *
     * @param map the map, may be null (gives an empty map)
     * @return an unmodifiable deep copy
     * @throws IllegalArgumentException if the map nests deeper than {@link #MAX_DEPTH} levels or contains itself
     */
    public static Map<String, Object> freeze(Map<String, ?> map) {
        Map<String, Object> frozen = alreadyFrozen(map);
        return frozen != null ? frozen : freeze(map, "map", null, 1);
    }

    /**
     * {@link #freeze(Map)}, naming the map in the exception of a value nested too deeply.
     *
     * @param map  the map, may be null (gives an empty map)
     * @param name what the map is, e.g. {@code "metadata"}
     * @return an unmodifiable deep copy
     * @throws IllegalArgumentException if the map nests deeper than {@link #MAX_DEPTH} levels or contains itself
     */
    public static Map<String, Object> freeze(Map<String, ?> map, String name) {
        Map<String, Object> frozen = alreadyFrozen(map);
        return frozen != null ? frozen : freeze(map, name, null, 1);
    }

    /**
     * The map itself if it needs no copy and no check at the top level: null or the empty map, or a frozen map (its
     * depth was checked when it was made). Small, so that it is inlined where a value is re-wrapped per chunk.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> alreadyFrozen(Map<String, ?> map) {
        if (map == null) {
            return EMPTY;
        }
        return isFrozen(map) ? (Map<String, Object>) map : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, ?> map, String name, String topKey, int level) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (map instanceof FrozenMap) {
            // already a deep immutable copy: sharing it is safe and keeps per-chunk events allocation-free
            checkDepth(level + ((FrozenMap) map).depth - 1, name, topKey);
            return (Map<String, Object>) map;
        }
        checkDepth(level, name, topKey);
        if (isJdkImmutable(map) && hasNoCollectionValue(map)) {
            // Map.of(...) holding only scalars and records (e.g. {"chunk": chunk}) is already deeply immutable
            return (Map<String, Object>) map;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        int depth = 1;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            String key = Checks.notNull(e.getKey(), "map key");
            Object frozen = freezeValue(e.getValue(), name, topKey == null ? key : topKey, level + 1);
            copy.put(key, frozen);
            depth = Math.max(depth, 1 + depthOf(frozen));
        }
        return new FrozenCopy(copy, depth);
    }

    private static void checkDepth(int level, String name, String topKey) {
        if (level > MAX_DEPTH) {
            throw new IllegalArgumentException(name + " under key '" + topKey + "' nests deeper than " + MAX_DEPTH
                    + " levels, or contains itself; a JSON-like value may nest at most " + MAX_DEPTH + " levels");
        }
    }

    /** The levels of a frozen value: 0 for a scalar. */
    private static int depthOf(Object frozen) {
        if (frozen instanceof FrozenMap) {
            return ((FrozenMap) frozen).depth;
        }
        if (frozen instanceof FrozenList) {
            return ((FrozenList) frozen).depth;
        }
        return frozen instanceof Map || frozen instanceof List ? 1 : 0;
    }

    /**
     * A frozen one-entry map, for the data of per-chunk events: {@link #freeze} passes it through without copying.
     *
     * @param key   the key
     * @param value a deeply immutable value (a record such as a chunk, a string, a number)
     * @return the map
     */
    public static Map<String, Object> frozenEntry(String key, Object value) {
        return new FrozenEntry(key, value);
    }

    private static final Map<String, Object> EMPTY = Map.of();
    private static final Class<?> MAP_0 = Map.of().getClass();
    private static final Class<?> MAP_1 = Map.of("k", "v").getClass();
    private static final Class<?> MAP_N = Map.of("k", "v", "k2", "v2").getClass();

    private static boolean isJdkImmutable(Map<String, ?> map) {
        Class<?> type = map.getClass();
        return type == MAP_1 || type == MAP_N || type == MAP_0;
    }

    private static boolean hasNoCollectionValue(Map<String, ?> map) {
        for (Object value : map.values()) {
            if (value instanceof Map || value instanceof List) {
                return false;
            }
        }
        return true;
    }

    /**
     * A deep-frozen map: the marker lets {@link #freeze} skip copying what is already frozen, and its depth lets it
     * check the nesting without walking it again.
     */
    private abstract static class FrozenMap extends AbstractMap<String, Object> {
        final int depth;

        FrozenMap(int depth) {
            this.depth = depth;
        }
    }

    /** A frozen copy of a map. */
    private static final class FrozenCopy extends FrozenMap {
        private final Map<String, Object> delegate;

        FrozenCopy(Map<String, Object> delegate, int depth) {
            super(depth);
            this.delegate = isJdkImmutable(delegate) ? delegate : Collections.unmodifiableMap(delegate);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return delegate.entrySet();
        }

        @Override
        public Object get(Object key) {
            return delegate.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return delegate.containsKey(key);
        }

        @Override
        public int size() {
            return delegate.size();
        }
    }

    /** A map of one entry whose value is already immutable: one object, made once per streamed chunk. */
    private static final class FrozenEntry extends FrozenMap {
        private final String key;
        private final Object value;

        FrozenEntry(String key, Object value) {
            super(1);
            this.key = Objects.requireNonNull(key, "key");
            this.value = Objects.requireNonNull(value, "value");
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Set.of(new SimpleImmutableEntry<>(key, value));
        }

        @Override
        public Object get(Object k) {
            return key.equals(k) ? value : null;
        }

        @Override
        public boolean containsKey(Object k) {
            return key.equals(k);
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** A deep-frozen list, carrying its depth like {@link FrozenMap}. */
    private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
        private final Object[] items;
        final int depth;

        FrozenList(Object[] items, int depth) {
            this.items = items;
            this.depth = depth;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value, String name, String topKey, int level) {
        if (value instanceof Map) {
            return freeze((Map<String, ?>) value, name, topKey, level);
        }
        if (value instanceof FrozenList) {
            checkDepth(level + ((FrozenList) value).depth - 1, name, topKey);
            return value;
        }
        if (value instanceof List) {
            checkDepth(level, name, topKey);
            List<?> list = (List<?>) value;
            Object[] copy = new Object[list.size()];
            int depth = 1;
            int i = 0;
            for (Object o : list) {
                Object frozen = freezeValue(o, name, topKey, level + 1);
                copy[i++] = frozen;
                depth = Math.max(depth, 1 + depthOf(frozen));
            }
            return new FrozenList(copy, depth);
        }
        return value;
    }
}
