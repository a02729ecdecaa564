package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model description used for tracing (SPEC 1.4), copied into the metadata of every event of a chat
 * model run under the keys {@code ls_provider}, {@code ls_model_name}, {@code ls_model_type},
 * {@code ls_temperature}, {@code ls_max_tokens}, {@code ls_stop}.
 *
 * @param provider    the provider, non-blank (e.g. {@code "openai"})
 * @param modelName   the model, non-blank (e.g. {@code "gpt-4o"})
 * @param temperature the sampling temperature, a finite number, or null when not set
 * @param maxTokens   the output token limit, or null when not set
 * @param stop        the stop sequences of this call, empty when none were given
 */
public record LsParams(String provider, String modelName, Double temperature, Integer maxTokens, List<String> stop) {
    /** The value of {@code ls_model_type} for every chat model. */
    public static final String MODEL_TYPE_CHAT = "chat";

    /**
     * Creates ls parameters.
     *
     * @param provider    non-blank provider
     * @param modelName   non-blank model name
     * @param temperature may be null, else a finite number (JSON has no NaN nor infinity)
     * @param maxTokens   may be null, else {@code >= 0}
     * @param stop        not null
     */
    public LsParams {
        Checks.argument(provider != null && !provider.isBlank(), "provider must be non-blank but was %s", quote(provider));
        Checks.argument(modelName != null && !modelName.isBlank(), "modelName must be non-blank but was %s", quote(modelName));
        Checks.argument(temperature == null || Double.isFinite(temperature),
                "temperature must be a finite number but was %s", temperature);
        Checks.argument(maxTokens == null || maxTokens >= 0, "maxTokens must be >= 0 but was %s", maxTokens);
        stop = Checks.noNullElements(stop, "stop");
    }

    /**
     * The parameters as event metadata: absent values are left out, {@code ls_stop} is present only when
     * stop sequences were given.
     *
     * @return an ordered map of {@code ls_*} keys
     */
    public Map<String, Object> toMetadata() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ls_provider", provider);
        map.put("ls_model_name", modelName);
        map.put("ls_model_type", MODEL_TYPE_CHAT);
        if (temperature != null) {
            map.put("ls_temperature", temperature);
        }
        if (maxTokens != null) {
            map.put("ls_max_tokens", maxTokens);
        }
        if (!stop.isEmpty()) {
            map.put("ls_stop", stop);
        }
        return map;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
