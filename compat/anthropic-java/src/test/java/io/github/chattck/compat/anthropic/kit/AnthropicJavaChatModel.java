package io.github.chattck.compat.anthropic.kit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.core.tool.ToolArguments;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A thin chat-tck provider on the official anthropic-java SDK (Messages), as a provider author would write one:
 * system prompt, messages (a tool call as a tool_use block, its result as a tool_result block), tools, tool choice
 * and stop sequences into the SDK's parameters; the SDK's message, or each event of its stream as it comes
 * ({@code text_delta}, {@code input_json_delta}, the usage of {@code message_start} and {@code message_delta}), back as
 * chat-tck's. The SDK's exceptions pass unchanged; closing the chat-tck stream closes the SDK's {@code StreamResponse}.
 */
final class AnthropicJavaChatModel extends BaseChatModel {
    private static final long MAX_TOKENS = 256;
    private static final TypeReference<Map<String, Object>> ARGS = new TypeReference<>() { };

    private final AnthropicClient client;
    private final String model;

    AnthropicJavaChatModel(AnthropicClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    protected String providerName() {
        return "anthropic";
    }

    @Override
    protected String modelName() {
        return model;
    }

    @Override
    protected Integer maxTokens() {
        return (int) MAX_TOKENS;
    }

    @Override
    protected AIMessage generate(List<io.github.chattck.core.message.Message> messages, CallOptions options) {
        Message answer = client.messages().create(params(messages, options));
        StringBuilder text = new StringBuilder();
        List<ToolCallChunk> calls = new ArrayList<>();
        for (int i = 0; i < answer.content().size(); i++) {
            ContentBlock block = answer.content().get(i);
            if (block.isText()) {
                text.append(block.asText().text());
            } else if (block.isToolUse()) {
                calls.add(new ToolCallChunk(i, block.asToolUse().id(), block.asToolUse().name(),
                        ToolArguments.toJson(block.asToolUse()._input().convert(ARGS))));
            }
        }
        UsageMetadata usage = UsageMetadata.of(answer.usage().inputTokens(), answer.usage().outputTokens());
        return new AIMessageChunk(text.toString(), calls, usage, metadata(answer.stopReason().map(r -> r.asString())
                .orElse(null), answer.model().asString()), answer.id()).toMessage();
    }

    @Override
    protected ChunkSource streamChunks(List<io.github.chattck.core.message.Message> messages, CallOptions options) {
        StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params(messages, options));
        Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
        return new ChunkSource() {
            private String id;
            private String modelName;

            @Override
            public AIMessageChunk next() {
                while (events.hasNext()) {
                    AIMessageChunk chunk = chunk(events.next());
                    if (chunk != null) {
                        return chunk;
                    }
                }
                return null;
            }

            /** One event as a chunk, or null for one that carries nothing for chat-tck (block stops, ping). */
            private AIMessageChunk chunk(RawMessageStreamEvent event) {
                if (event.isMessageStart()) {
                    Message start = event.asMessageStart().message();
                    id = start.id();
                    modelName = start.model().asString();
                    return new AIMessageChunk("", List.of(), UsageMetadata.of(start.usage().inputTokens(), 0), Map.of(), id);
                }
                if (event.isContentBlockStart() && event.asContentBlockStart().contentBlock().isToolUse()) {
                    var use = event.asContentBlockStart().contentBlock().asToolUse();
                    int index = (int) event.asContentBlockStart().index();
                    return new AIMessageChunk("", List.of(new ToolCallChunk(index, use.id(), use.name(), "")), null,
                            Map.of(), id);
                }
                if (event.isContentBlockDelta()) {
                    var delta = event.asContentBlockDelta();
                    if (delta.delta().isText()) {
                        return new AIMessageChunk(delta.delta().asText().text(), List.of(), null, Map.of(), id);
                    }
                    if (delta.delta().isInputJson()) {
                        return new AIMessageChunk("", List.of(ToolCallChunk.args((int) delta.index(),
                                delta.delta().asInputJson().partialJson())), null, Map.of(), id);
                    }
                }
                if (event.isMessageDelta()) {
                    var delta = event.asMessageDelta();
                    return new AIMessageChunk("", List.of(), UsageMetadata.of(0, delta.usage().outputTokens()),
                            metadata(delta.delta().stopReason().map(r -> r.asString()).orElse(null), modelName), id);
                }
                return null;
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    private static Map<String, Object> metadata(String stopReason, String model) {
        return stopReason == null ? Map.of("model_name", model) : Map.of("stop_reason", stopReason, "model_name", model);
    }

    private MessageCreateParams params(List<io.github.chattck.core.message.Message> messages, CallOptions options) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model(model).maxTokens(MAX_TOKENS);
        List<ContentBlockParam> results = new ArrayList<>();
        for (io.github.chattck.core.message.Message m : messages) {
            if (!(m instanceof ToolMessage) && !results.isEmpty()) {
                params.addMessage(MessageParam.ofUserOfContentBlockParams(List.copyOf(results)));
                results.clear();
            }
            if (m instanceof SystemMessage) {
                params.system(m.content());
            } else if (m instanceof HumanMessage) {
                params.addUserMessage(m.content());
            } else if (m instanceof ToolMessage) {
                // one user turn carries the results of one assistant turn's calls
                results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(((ToolMessage) m).toolCallId()).content(m.content()).build()));
            } else {
                AIMessage ai = (AIMessage) m;
                List<ContentBlockParam> blocks = new ArrayList<>();
                if (!ai.content().isEmpty()) {
                    blocks.add(ContentBlockParam.ofText(ai.content()));
                }
                for (ToolCall call : ai.toolCalls()) {
                    ToolUseBlockParam.Input.Builder input = ToolUseBlockParam.Input.builder();
                    call.args().forEach((k, v) -> input.putAdditionalProperty(k, JsonValue.from(v)));
                    blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id(call.id()).name(call.name())
                            .input(input.build()).build()));
                }
                params.addAssistantMessage(MessageContentParam.ofContentBlockParams(blocks));
            }
        }
        if (!results.isEmpty()) {
            params.addMessage(MessageParam.ofUserOfContentBlockParams(results));
        }
        if (!options.stop().isEmpty()) {
            params.stopSequences(options.stop());
        }
        for (ToolDefinition tool : options.tools()) {
            Tool.InputSchema.Builder schema = Tool.InputSchema.builder();
            tool.parameters().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
            params.addTool(Tool.builder().name(tool.name()).description(tool.description()).inputSchema(schema.build())
                    .build());
        }
        ToolChoice choice = options.toolChoice();
        if (choice != null) {
            switch (choice.mode()) {
                case NONE:
                    params.toolChoice(ToolChoiceNone.builder().build());
                    break;
                case REQUIRED:
                    params.toolChoice(ToolChoiceAny.builder().build());
                    break;
                case TOOL:
                    params.toolChoice(ToolChoiceTool.builder().name(choice.toolName()).build());
                    break;
                default:
                    params.toolChoice(ToolChoiceAuto.builder().build());
            }
        }
        return params.build();
    }
}
