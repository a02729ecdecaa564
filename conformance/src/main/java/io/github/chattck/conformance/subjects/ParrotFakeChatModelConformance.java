package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.ParrotFakeChatModel;

/** {@link ParrotFakeChatModel}: echoes the last message, generate only (one chunk through the fallback). */
public class ParrotFakeChatModelConformance extends ChatModelConformanceTests {
    /** Created by JUnit. */
    public ParrotFakeChatModelConformance() {
    }

    @Override
    protected ChatModel createModel() {
        return ParrotFakeChatModel.create();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().deterministic().concurrentCalls().build();
    }
}
