package io.github.chattck.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared JSON helpers: one {@link ObjectMapper} for plain values and deep immutable copies of JSON-like values.
 * Internal: not part of the API.
 */
public final class Json {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    // one value and nothing after it: '{"a":1}{"b":2}' must not quietly read as {"a":1}
    private static final ObjectReader ONE_VALUE = PLAIN.readerFor(Object.class)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * The mapper used for plain JSON values (tool-call arguments).
     *
     * @return a shared, thread-safe mapper; do not reconfigure it
     */
    public static ObjectMapper plainMapper() {
        return PLAIN;
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
        return ONE_VALUE.readValue(text);
    }

    /**
     * Writes a value as compact JSON.
     *
     * @param value the value
     * @return its JSON text
     */
    public static String write(Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
    }

    /**
     * Deep immutable copy of a string-keyed map whose values are JSON-like (maps, lists, scalars, null).
     * Insertion order is kept; null values are allowed.
     *
     * @param map the map, may be null (gives an empty map)
     * @return an unmodifiable deep copy
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> freeze(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        if (map instanceof FrozenMap) {
            // already a deep immutable copy: sharing it is safe and keeps per-chunk events allocation-free
            return (Map<String, Object>) map;
        }
        if (isJdkImmutable(map) && hasNoCollectionValue(map)) {
            // Map.of(...) holding only scalars and records (e.g. {"chunk": chunk}) is already deeply immutable
            return (Map<String, Object>) map;
        }
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<String, ?> e : map.entrySet()) {
            copy.put(Checks.notNull(e.getKey(), "map key"), freezeValue(e.getValue()));
        }
        return new FrozenMap(copy);
    }

    /**
     * A frozen one-entry map, for the data of per-chunk events: {@link #freeze} passes it through without copying.
     *
     * @param key   the key
     * @param value a deeply immutable value (a record such as a chunk, a string, a number)
     * @return the map
     */
    public static Map<String, Object> frozenEntry(String key, Object value) {
        return new FrozenMap(Map.of(key, value));
    }

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

    /** A deep-frozen map: the marker lets {@link #freeze} skip copying what is already frozen. */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> delegate;

        FrozenMap(Map<String, Object> delegate) {
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

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object value) {
        if (value instanceof Map) {
            return freeze((Map<String, ?>) value);
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            List<Object> copy = new ArrayList<>(list.size());
            for (Object o : list) {
                copy.add(freezeValue(o));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
