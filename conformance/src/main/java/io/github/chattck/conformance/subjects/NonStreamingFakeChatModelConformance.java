package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.NonStreamingFakeChatModel;

/** {@link NonStreamingFakeChatModel}: generate only, so every stream is the single-chunk fallback. */
public class NonStreamingFakeChatModelConformance extends ChatModelConformanceTests {
    /** Created by JUnit. */
    public NonStreamingFakeChatModelConformance() {
    }

    @Override
    protected ChatModel createModel() {
        return NonStreamingFakeChatModel.of("A robot wrote a whole story at once.");
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().deterministic().concurrentCalls().build();
    }
}
