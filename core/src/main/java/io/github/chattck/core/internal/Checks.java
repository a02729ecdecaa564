package io.github.chattck.core.internal;

import java.util.List;

/**
 * Preconditions with uniform messages, checked at the public boundary. Internal: not part of the API.
 */
public final class Checks {
    private static final Class<?> LIST_12 = List.of(1).getClass();
    private static final Class<?> LIST_N = List.of(1, 2, 3).getClass();
    private Checks() {
    }

    /**
     * Returns {@code value}, or throws a {@link NullPointerException} naming it.
     *
     * @param value the value to check
     * @param name  the name of the parameter, used in the message
     * @param <T>   the value's type
     * @return the value
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            // no message supplier: this runs several times per streamed chunk and must not allocate
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * Throws an {@link IllegalArgumentException} with the formatted message unless {@code condition} holds.
     *
     * @param condition the condition that must hold
     * @param format    a {@link String#format} pattern
     * @param args      its arguments
     */
    public static void argument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    /**
     * Returns {@code value}, or throws an {@link IllegalArgumentException} naming it if it is null or blank.
     *
     * @param value the value to check
     * @param name  the name of the parameter, used in the message
     * @return the value
     */
    public static String nonBlank(String value, String name) {
        argument(value != null && !value.isBlank(), "%s must be non-blank but was %s", name,
                value == null ? "null" : "'" + value + "'");
        return value;
    }

    /**
     * Whether a list is one of the JDK's immutable lists ({@code List.of}, {@code List.copyOf}), which hold no null
     * by construction: {@link #noNullElements} returns those as they are.
     *
     * @param list the list, may be null
     * @return true if it needs no copy and no check
     */
    public static boolean isImmutableList(List<?> list) {
        Class<?> type = list == null ? null : list.getClass();
        return type == LIST_12 || type == LIST_N;
    }

    /**
     * Copies a list that must not be null nor contain null elements.
     *
     * @param list the list
     * @param name the parameter's name, used in the message
     * @param <T>  the element type
     * @return an unmodifiable copy
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> noNullElements(List<? extends T> list, String name) {
        if (isImmutableList(notNull(list, name))) {
            return (List<T>) list; // List.of / List.copyOf results: immutable and null-free by construction
        }
        // apart, so that the check above stays small enough to be inlined where values are re-wrapped per chunk
        return copyWithoutNulls(list, name);
    }

    private static <T> List<T> copyWithoutNulls(List<? extends T> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new NullPointerException(name + " must not contain null, but element " + i + " is null");
            }
        }
        return List.copyOf(list);
    }
}
