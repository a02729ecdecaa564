package io.github.chattck.conformance.docs;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.models.AcmeApi;
import io.github.chattck.conformance.models.AcmeChatModel;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;

import java.util.Map;

/** The sample of docs/providers.md with a model given directly, hooks and an exclusion, run against the kit. */
class AcmeChatModelConformanceTest extends ChatModelConformanceTests {
    @Override
    protected ChatModel createModel() {               // a fresh model per call
        return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story()));
    }

    @Override
    protected Capabilities capabilities() {           // what your model can do; absent = rule SKIPPED, with the reason
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().concurrentCalls().build();
    }

    @Override
    protected ChatInput toolCallingPrompt() {         // hooks for the optional capabilities
        return ChatInput.of("What is the weather and the time in Paris? Use the tools.");
    }

    @Override
    protected Map<Rule, String> exclusions() {        // known gaps: EXCLUDED with the reason, in the scorecard
        return Map.of(Rule.STR_11, "the API reports usage only on invoke (ACME-123)");
    }
}
