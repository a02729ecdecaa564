package com.example.provider;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;

class EchoModelConformanceTest extends ChatModelConformanceTests {
    @Override
    protected ChatModel createModel() {
        return new EchoModel();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().usageMetadata().deterministic().concurrentCalls().build();
    }
}
