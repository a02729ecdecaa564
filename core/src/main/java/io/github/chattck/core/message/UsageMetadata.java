package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token counts of a call. Usage reported in pieces while streaming is summed field by field with
 * {@link #plus(UsageMetadata)}.
 *
 * @param inputTokens        tokens in the prompt, {@code >= 0}
 * @param outputTokens       tokens generated, {@code >= 0}
 * @param totalTokens        the total as the provider reports it, {@code >= 0}
 * @param inputTokenDetails  a breakdown of input tokens by kind (e.g. {@code cache_read}), or null when absent
 * @param outputTokenDetails a breakdown of output tokens by kind (e.g. {@code reasoning}), or null when absent
 */
public record UsageMetadata(long inputTokens, long outputTokens, long totalTokens,
                            Map<String, Long> inputTokenDetails, Map<String, Long> outputTokenDetails) {
    /**
     * Creates usage metadata; detail maps are copied.
     *
     * @param inputTokens        tokens in the prompt, {@code >= 0}
     * @param outputTokens       tokens generated, {@code >= 0}
     * @param totalTokens        the total, {@code >= 0}
     * @param inputTokenDetails  breakdown of input tokens, or null
     * @param outputTokenDetails breakdown of output tokens, or null
     */
    public UsageMetadata {
        Checks.argument(inputTokens >= 0, "inputTokens must be >= 0 but was %d", inputTokens);
        Checks.argument(outputTokens >= 0, "outputTokens must be >= 0 but was %d", outputTokens);
        Checks.argument(totalTokens >= 0, "totalTokens must be >= 0 but was %d", totalTokens);
        inputTokenDetails = copyDetails(inputTokenDetails, "inputTokenDetails");
        outputTokenDetails = copyDetails(outputTokenDetails, "outputTokenDetails");
    }

    /**
     * Usage with {@code totalTokens = inputTokens + outputTokens} and no details.
     *
     * @param inputTokens  tokens in the prompt
     * @param outputTokens tokens generated
     * @return the usage
     */
    public static UsageMetadata of(long inputTokens, long outputTokens) {
        return new UsageMetadata(inputTokens, outputTokens, inputTokens + outputTokens, null, null);
    }

    /**
     * The field-by-field sum; details are summed per key, and a detail map absent on both sides stays absent.
     *
     * @param other the usage to add, null meaning nothing
     * @return the sum
     */
    public UsageMetadata plus(UsageMetadata other) {
        if (other == null) {
            return this;
        }
        return new UsageMetadata(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                totalTokens + other.totalTokens,
                sumDetails(inputTokenDetails, other.inputTokenDetails),
                sumDetails(outputTokenDetails, other.outputTokenDetails));
    }

    static Map<String, Long> sumDetails(Map<String, Long> a, Map<String, Long> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Map<String, Long> sum = new LinkedHashMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    private static Map<String, Long> copyDetails(Map<String, Long> details, String name) {
        if (details == null) {
            return null;
        }
        Map<String, Long> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            Checks.notNull(k, name + " key");
            Checks.notNull(v, name + " value for key '" + k + "'");
            Checks.argument(v >= 0, "%s['%s'] must be >= 0 but was %d", name, k, v);
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
