package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.GenericFakeChatModel;

/**
 * {@link io.github.chattck.fakes.GenericFakeChatModel}: whitespace-preserving word chunks. Its message queue is set to
 * repeat the last message, because a rule may call one model several times.
 */
public class GenericFakeChatModelConformance extends ChatModelConformanceTests {
    /** Created by JUnit. */
    public GenericFakeChatModelConformance() {
    }

    @Override
    protected ChatModel createModel() {
        return GenericFakeChatModel.builder("A robot wrote  a story\nabout robots.").repeatLast().build();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
    }
}
