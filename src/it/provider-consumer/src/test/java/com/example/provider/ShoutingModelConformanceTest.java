package com.example.provider;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;

/** The README's first conformance test: one class runs every rule of the spec against the provider. */
class ShoutingModelConformanceTest extends ChatModelConformanceTests {
    @Override
    protected ChatModel createModel() {
        return new ShoutingModel();
    }

    @Override
    protected Capabilities capabilities() {   // what the model can do: the rules that need more are skipped, saying why
        return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
    }
}
