package io.github.chattck.conformance.models;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatInput;

/** A subject for an integration of {@link AcmeApi}: every prompt hook, as a provider author would write them. */
public abstract class AcmeSubject extends ChatModelConformanceTests {
    /** The declared capabilities, for the kit's own tests. */
    Capabilities declared() {
        return capabilities();
    }

    @Override
    protected ChatInput multiTokenPrompt() {
        return ChatInput.of(AcmeApi.STORY_PROMPT);
    }

    @Override
    protected ChatInput failingPrompt() {
        return ChatInput.of(AcmeApi.FAIL_PROMPT);
    }

    @Override
    protected ChatInput slowPrompt() {
        return ChatInput.of(AcmeApi.SLOW_PROMPT);
    }

    @Override
    protected ChatInput toolCallingPrompt() {
        return ChatInput.of(AcmeApi.TOOL_PROMPT);
    }

    @Override
    protected ChatInput stopSequencePrompt() {
        return ChatInput.of(AcmeApi.STOP_PROMPT);
    }

    @Override
    protected String stopSequence() {
        return "STOP";
    }
}
