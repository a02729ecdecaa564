package io.github.chattck.springai;

import io.github.chattck.conformance.subjects.ScriptedChatModelConformance;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;

/**
 * SPEC 8, both ways at once: a scripted model exposed as a Spring AI {@code ChatModel} (call and a demand-honouring
 * {@code Flux}), wrapped back as a chat-tck model, passes the whole kit with every capability it has
 * (SpringAiRoundTripConformanceTest runs it). The scenarios, capabilities and prompt hooks are the reference
 * subject's; a provider built on Spring AI writes the same kind of class with its own models in
 * {@link #createModel()}.
 */
public class SpringAiRoundTripSubject extends ScriptedChatModelConformance {

    /** Created by JUnit. */
    public SpringAiRoundTripSubject() {
    }

    @Override
    protected ChatModel createModel() {
        ScriptedChatModel script = withScenarios(ScriptedChatModel.builder().modelName("scripted-over-spring-ai"))
                .turn(Turn.text("Once upon a time, a small robot learned to write stories.").usage(9, 12)
                        .responseMetadata("finish_reason", "stop").responseMetadata("model_name", "scripted"))
                .repeatLast()
                .build();
        return SpringAiChatModel.of(SpringAiFake.of(script));
    }
}
