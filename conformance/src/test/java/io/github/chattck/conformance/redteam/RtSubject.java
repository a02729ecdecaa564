package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatInput;

/** A conformance subject for an integration of {@link RtApi}: every prompt hook, as a provider author writes them. */
public abstract class RtSubject extends ChatModelConformanceTests implements Declares {
    /** For subclasses. */
    protected RtSubject() {
    }

    /** Everything {@link RtApi} can do. */
    static Capabilities.Builder all() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().deterministic()
                .failureTrigger().slowStream().concurrentCalls();
    }

    /** Everything the API can do; a subject that claims less overrides this. */
    @Override
    protected Capabilities capabilities() {
        return all().build();
    }

    @Override
    public Capabilities declared() {
        return capabilities();
    }

    @Override
    protected ChatInput multiTokenPrompt() {
        return ChatInput.of(RtApi.STORY);
    }

    @Override
    protected ChatInput failingPrompt() {
        return ChatInput.of(RtApi.FAIL);
    }

    @Override
    protected ChatInput slowPrompt() {
        return ChatInput.of(RtApi.SLOW);
    }

    @Override
    protected ChatInput toolCallingPrompt() {
        return ChatInput.of(RtApi.TOOL);
    }

    @Override
    protected ChatInput stopSequencePrompt() {
        return ChatInput.of(RtApi.STOP_PROMPT);
    }

    @Override
    protected String stopSequence() {
        return RtApi.STOP;
    }
}
