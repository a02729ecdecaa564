package io.github.chattck.conformance;

/**
 * The kinds of prompt the rules ask a {@link Subject} for. A subject that has no prompt of a kind lacks the
 * capability that needs it.
 */
enum Prompt {
    /** A prompt with a multi-token answer; every subject has one. */
    MULTI_TOKEN("multiTokenPrompt()", null),
    /** A prompt that makes the call fail. */
    FAILING("failingPrompt()", Capability.FAILURE_TRIGGER),
    /** A prompt whose stream spreads over time and several chunks. */
    SLOW("slowPrompt()", Capability.SLOW_STREAM),
    /** A prompt answered with at least one tool call. */
    TOOL_CALLING("toolCallingPrompt()", Capability.TOOL_CALLING),
    /** A prompt whose answer contains the subject's stop sequence. */
    STOP_SEQUENCE("stopSequencePrompt()", Capability.STOP_SEQUENCES);

    private final String hook;
    private final Capability capability;

    Prompt(String hook, Capability capability) {
        this.hook = hook;
        this.capability = capability;
    }

    /** The hook of {@link ChatModelConformanceTests} that supplies it, for messages. */
    String hook() {
        return hook;
    }

    /** The capability that promises it, or null when every subject has it. */
    Capability capability() {
        return capability;
    }
}
