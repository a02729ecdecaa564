package io.github.chattck.core.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Key-by-key merge of response metadata, see {@link ChunkAggregator}. */
final class MetadataMerge {
    private MetadataMerge() {
    }

    /**
     * Merges {@code source} into {@code target}. Nested maps and lists put into {@code target} are always
     * fresh mutable copies owned by it, so later merges can extend them in place (linear, not quadratic).
     */
    @SuppressWarnings("unchecked")
    static void mergeInto(Map<String, Object> target, Map<String, ?> source) {
        for (Map.Entry<String, ?> entry : source.entrySet()) {
            String key = entry.getKey();
            Object incoming = entry.getValue();
            if (incoming == null) {
                target.putIfAbsent(key, null);
                continue;
            }
            Object existing = target.get(key);
            if (existing instanceof Map && incoming instanceof Map) {
                mergeInto((Map<String, Object>) existing, (Map<String, ?>) incoming);
            } else if (existing instanceof List && incoming instanceof List) {
                ((List<Object>) existing).addAll(mutableCopy((List<?>) incoming));
            } else {
                target.put(key, mutableCopyOf(incoming));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object mutableCopyOf(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            mergeInto(copy, (Map<String, ?>) value);
            return copy;
        }
        if (value instanceof List) {
            return mutableCopy((List<?>) value);
        }
        return value;
    }

    private static List<Object> mutableCopy(List<?> list) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object o : list) {
            copy.add(mutableCopyOf(o));
        }
        return copy;
    }
}
