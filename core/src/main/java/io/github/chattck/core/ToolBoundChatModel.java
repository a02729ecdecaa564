package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.ToolChecks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.List;

/**
 * A chat model with tools bound ({@link ChatModel#bindTools}): each call's config gets the bound tools and choice
 * where it sets none, then goes to the original model, which therefore names, tags, traces and streams the run as
 * it always does.
 */
final class ToolBoundChatModel implements ChatModel {
    private final ChatModel model;
    private final List<ToolDefinition> tools;
    private final ToolChoice choice;

    ToolBoundChatModel(ChatModel model, List<ToolDefinition> tools, ToolChoice choice) {
        this.model = Checks.notNull(model, "model");
        this.tools = ToolChecks.distinct(tools);
        this.choice = ToolChecks.honourable(choice, this.tools);
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public List<String> tags() {
        return model.tags();
    }

    @Override
    public LsParams lsParams(CallOptions options) {
        return model.lsParams(options);
    }

    @Override
    public AIMessage invoke(ChatInput input, RunConfig config) {
        return model.invoke(input, bound(config));
    }

    @Override
    public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
        return model.stream(input, bound(config));
    }

    @Override
    public ChatModel bindTools(List<ToolDefinition> newTools) {
        return model.bindTools(newTools);
    }

    @Override
    public ChatModel bindTools(List<ToolDefinition> newTools, ToolChoice newChoice) {
        return model.bindTools(newTools, newChoice);
    }

    private RunConfig bound(RunConfig config) {
        Checks.notNull(config, "config");
        boolean addTools = config.tools().isEmpty() && !tools.isEmpty();
        boolean addChoice = config.toolChoice() == null && choice != null;
        if (!addTools && !addChoice) {
            return config;
        }
        RunConfig.Builder b = config.toBuilder();
        if (addTools) {
            b.tools(tools);
        }
        if (addChoice) {
            b.toolChoice(choice);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return model + " with tools " + ToolChecks.names(tools) + (choice == null ? "" : " (choice " + choice + ")");
    }
}
