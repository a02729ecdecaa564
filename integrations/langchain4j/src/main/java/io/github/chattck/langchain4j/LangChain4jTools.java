package io.github.chattck.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.RunConfig;

/** Tool definitions and the tool choice, both ways. */
final class LangChain4jTools {
    private LangChain4jTools() {
    }

    static void toRequest(CallOptions options, DefaultChatRequestParameters.Builder<?> parameters) {
        // PENDING: chat-tck tool definitions (SPEC 1.5) land with the core tools API
    }

    static void toRunConfig(ChatRequestParameters parameters, RunConfig.Builder config) {
        // PENDING: chat-tck tool definitions (SPEC 1.5) land with the core tools API
    }
}
