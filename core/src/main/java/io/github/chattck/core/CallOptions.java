package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;

import java.util.List;
import java.util.Map;

/**
 * The per-call model options a provider receives with the messages.
 *
 * @param stop    stop sequences, empty when none were given
 * @param options other provider options from {@link RunConfig#options()} (e.g. {@code temperature}), never null
 */
public record CallOptions(List<String> stop, Map<String, Object> options) {
    /** No stop sequences, no options. */
    public static final CallOptions NONE = new CallOptions(List.of(), Map.of());

    /**
     * Creates call options; collections are copied.
     *
     * @param stop    stop sequences, not null, no null element
     * @param options other options, not null
     */
    public CallOptions {
        stop = Checks.noNullElements(stop, "stop");
        options = Json.freeze(Checks.notNull(options, "options"));
    }
}
