package com.example.provider;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;

class WordStreamingModelConformanceTest extends ChatModelConformanceTests {
    @Override
    protected ChatModel createModel() {
        return new WordStreamingModel();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
    }
}
