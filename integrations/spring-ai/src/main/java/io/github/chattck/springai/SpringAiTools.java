package io.github.chattck.springai;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

import java.util.ArrayList;
import java.util.List;

/**
 * Tool definitions both ways. Spring AI offers tools as {@link ToolCallback}s whose definition carries the JSON
 * Schema as text; since Spring AI 2.0 a {@code ChatModel} only returns the tool calls (the {@code ChatClient}'s
 * tool calling advisor runs them), so chat-tck's definitions go as callbacks that are never called. Spring AI's
 * portable options have no tool choice: {@code none} is sent as no tools, {@code auto} as the default, and
 * {@code required} or a named tool are refused, naming the limitation.
 */
final class SpringAiTools {
    private SpringAiTools() {
    }

    static void toOptions(CallOptions options, ToolCallingChatOptions.Builder<?> builder) {
        ToolChoice choice = options.toolChoice();
        if (choice != null && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.TOOL)) {
            throw new IllegalArgumentException("the tool choice " + choice + " has no portable Spring AI form: "
                    + "ToolCallingChatOptions has no tool choice (set it in the provider's own chat options)");
        }
        if (options.tools().isEmpty() || choice != null && choice.mode() == ToolChoice.Mode.NONE) {
            return;
        }
        List<ToolCallback> callbacks = new ArrayList<>();
        for (ToolDefinition tool : options.tools()) {
            callbacks.add(new DefinitionOnly(new Definition(tool.name(), tool.description(), tool.parametersJson())));
        }
        builder.toolCallbacks(callbacks);
    }

    static void toRunConfig(ToolCallingChatOptions options, RunConfig.Builder config) {
        List<ToolCallback> callbacks = options.getToolCallbacks();
        if (callbacks == null || callbacks.isEmpty()) {
            return;
        }
        List<ToolDefinition> tools = new ArrayList<>(callbacks.size());
        for (ToolCallback callback : callbacks) {
            org.springframework.ai.tool.definition.ToolDefinition d = callback.getToolDefinition();
            tools.add(ToolDefinition.fromJson(d.name(), d.description() == null ? "" : d.description(), d.inputSchema()));
        }
        config.tools(tools);
    }

    /** A Spring AI tool definition that, unlike Spring AI's own, allows an empty description as chat-tck does. */
    record Definition(String name, String description, String inputSchema)
            implements org.springframework.ai.tool.definition.ToolDefinition {
    }

    /** A tool offered to the model and executed by chat-tck's caller, never by Spring AI. */
    static final class DefinitionOnly implements ToolCallback {
        private final org.springframework.ai.tool.definition.ToolDefinition definition;

        DefinitionOnly(org.springframework.ai.tool.definition.ToolDefinition definition) {
            this.definition = definition;
        }

        @Override
        public org.springframework.ai.tool.definition.ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(String toolInput) {
            throw new UnsupportedOperationException("the tool '" + definition.name() + "' is a chat-tck tool "
                    + "definition: the caller of the chat-tck model executes its calls, not Spring AI (input "
                    + toolInput + ")");
        }
    }
}
