package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.FakeListChatModel;

/** {@link FakeListChatModel}: per code point streaming, one response (so fresh instances agree). */
public class FakeListChatModelConformance extends ChatModelConformanceTests {
    /** Created by JUnit. */
    public FakeListChatModelConformance() {
    }

    @Override
    protected ChatModel createModel() {
        return FakeListChatModel.of("Beep boop, I am a robot.");
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
    }
}
