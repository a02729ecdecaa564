package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.tool.ToolArguments;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool definitions and the tool choice, both ways. The schema crosses as JSON through LangChain4j's own
 * {@link ToolSpecification#fromJson} / {@link ToolSpecification#toJson}, which keep keywords LangChain4j has no type
 * for as raw schemas. LangChain4j's tool choice has no "this tool": chat-tck's {@code ToolChoice.tool(name)} is sent
 * as {@code REQUIRED} with that one tool offered, which obliges the model to call exactly it.
 */
final class LangChain4jTools {
    private LangChain4jTools() {
    }

    static void toRequest(CallOptions options, DefaultChatRequestParameters.Builder<?> parameters) {
        ToolChoice choice = options.toolChoice();
        List<ToolSpecification> specifications = new ArrayList<>();
        for (ToolDefinition tool : options.tools()) {
            if (choice == null || choice.mode() != ToolChoice.Mode.TOOL || choice.toolName().equals(tool.name())) {
                specifications.add(specification(tool));
            }
        }
        if (!specifications.isEmpty()) {
            parameters.toolSpecifications(specifications);
        }
        if (choice != null) {
            parameters.toolChoice(switch (choice.mode()) {
                case AUTO -> dev.langchain4j.model.chat.request.ToolChoice.AUTO;
                case NONE -> dev.langchain4j.model.chat.request.ToolChoice.NONE;
                case REQUIRED, TOOL -> dev.langchain4j.model.chat.request.ToolChoice.REQUIRED;
            });
        }
    }

    static ToolSpecification specification(ToolDefinition tool) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", tool.name());
        if (!tool.description().isEmpty()) {
            json.put("description", tool.description());
        }
        json.put("parameters", tool.parameters());
        try {
            return ToolSpecification.fromJson(ToolArguments.toJson(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the tool '" + tool.name() + "' has no LangChain4j form: " + e.getMessage()
                    + "; its parameters: " + tool.parametersJson(), e);
        }
    }

    static void toRunConfig(ChatRequestParameters parameters, RunConfig.Builder config) {
        List<ToolSpecification> specifications = parameters.toolSpecifications();
        if (specifications != null && !specifications.isEmpty()) {
            List<ToolDefinition> tools = new ArrayList<>(specifications.size());
            for (ToolSpecification specification : specifications) {
                tools.add(definition(specification));
            }
            config.tools(tools);
        }
        if (parameters.toolChoice() != null) {
            config.toolChoice(switch (parameters.toolChoice()) {
                case AUTO -> ToolChoice.auto();
                case NONE -> ToolChoice.none();
                case REQUIRED -> ToolChoice.required();
            });
        }
    }

    static ToolDefinition definition(ToolSpecification specification) {
        String description = specification.description() == null ? "" : specification.description();
        if (specification.parameters() == null) {
            return ToolDefinition.of(specification.name(), description);
        }
        Object parameters = ToolArguments.parse(specification.toJson()).get("parameters");
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) parameters;
        return ToolDefinition.of(specification.name(), description, schema);
    }
}
