package io.github.chattck.conformance;

import java.util.StringJoiner;

/** What a model under test can do; a rule needing a capability the model lacks is skipped with a reason. */
public enum Capability {
    /** The provider streams chunks as they are produced (false: the single-chunk fallback). */
    TOKEN_STREAMING("tokenStreaming", "declare tokenStreaming() if the provider implements streamChunks"),
    /** The model can answer with tool calls. */
    TOOL_CALLING("toolCalling", "declare toolCalling() and return a prompt that makes the model call a tool from toolCallingPrompt()"),
    /** The model reports token usage. */
    USAGE_METADATA("usageMetadata", "declare usageMetadata() if the provider reports token counts"),
    /** The model honours stop sequences. */
    STOP_SEQUENCES("stopSequences", "declare stopSequences() and return a prompt whose answer contains stopSequence() from stopSequencePrompt()"),
    /** Same input, same output on fresh instances: allows comparing two calls. */
    DETERMINISTIC("deterministic", "declare deterministic() if two fresh models give the same answer to the same input"),
    /** A way to make one call fail. */
    FAILURE_TRIGGER("failureTrigger", "declare failureTrigger() and return a prompt that makes the call fail from failingPrompt()"),
    /** A prompt whose stream takes long enough to measure timing. */
    SLOW_STREAM("slowStream", "declare slowStream() and return a prompt whose stream takes at least ~100 ms over several chunks from slowPrompt()"),
    /** The model serves concurrent calls. */
    CONCURRENT_CALLS("concurrentCalls", "declare concurrentCalls() if one model instance may serve calls from several threads");

    private final String id;
    private final String howToEnable;

    Capability(String id, String howToEnable) {
        this.id = id;
        this.howToEnable = howToEnable;
    }

    /**
     * The capability's name as the spec writes it.
     *
     * @return e.g. {@code tokenStreaming}
     */
    public String id() {
        return id;
    }

    /**
     * Finds a capability by its spec name, ignoring case.
     *
     * @param id e.g. {@code tokenStreaming}
     * @return the capability
     * @throws IllegalArgumentException naming the id and the known ones if there is none
     */
    public static Capability byId(String id) {
        for (Capability c : values()) {
            if (c.id.equalsIgnoreCase(id.trim())) {
                return c;
            }
        }
        StringJoiner known = new StringJoiner(", ");
        for (Capability c : values()) {
            known.add(c.id);
        }
        throw new IllegalArgumentException("unknown capability '" + id + "'; known: " + known);
    }

    /**
     * What a provider author does to enable the rules that need it.
     *
     * @return a sentence
     */
    public String howToEnable() {
        return howToEnable;
    }
}
