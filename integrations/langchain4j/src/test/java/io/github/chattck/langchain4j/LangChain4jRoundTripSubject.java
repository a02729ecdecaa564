package io.github.chattck.langchain4j;

import io.github.chattck.conformance.subjects.ScriptedChatModelConformance;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;

/**
 * SPEC 8, both ways at once: a scripted model exposed as a LangChain4j {@code ChatModel} + {@code StreamingChatModel},
 * wrapped back as a chat-tck model, passes the whole kit with every capability it has
 * (LangChain4jRoundTripConformanceTest runs it). The scenarios, capabilities and prompt hooks are the reference
 * subject's; a provider built on LangChain4j writes the same kind of class with its own models in
 * {@link #createModel()}.
 */
public class LangChain4jRoundTripSubject extends ScriptedChatModelConformance {

    /** Created by JUnit. */
    public LangChain4jRoundTripSubject() {
    }

    @Override
    protected ChatModel createModel() {
        ScriptedChatModel script = withScenarios(ScriptedChatModel.builder().modelName("scripted-over-langchain4j"))
                .turn(Turn.text("Once upon a time, a small robot learned to write stories.").usage(9, 12)
                        .responseMetadata("finish_reason", "stop").responseMetadata("model_name", "scripted"))
                .repeatLast()
                .build();
        LangChain4jFake langChain4j = LangChain4jFake.of(script);
        return LangChain4jChatModel.of(langChain4j, langChain4j);
    }
}
