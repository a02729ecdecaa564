package io.github.chattck.compat.openai.kit;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A thin chat-tck provider on the official openai-java SDK (Chat Completions), as a provider author would write one:
 * messages, tools, tool choice and stop sequences into the SDK's parameters; the SDK's answer, or each
 * {@code ChatCompletionChunk} of its stream as it comes, back as chat-tck's. The SDK's exceptions pass unchanged;
 * closing the chat-tck stream closes the SDK's {@code StreamResponse}.
 */
final class OpenAiJavaChatModel extends BaseChatModel {
    private final OpenAIClient client;
    private final String model;

    OpenAiJavaChatModel(OpenAIClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    protected String providerName() {
        return "openai";
    }

    @Override
    protected String modelName() {
        return model;
    }

    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) {
        ChatCompletion completion = client.chat().completions().create(params(messages, options).build());
        ChatCompletion.Choice choice = completion.choices().get(0);
        List<ToolCallChunk> calls = new ArrayList<>();
        List<ChatCompletionMessageToolCall> toolCalls = choice.message().toolCalls().orElse(List.of());
        for (int i = 0; i < toolCalls.size(); i++) {
            int index = i;
            toolCalls.get(i).function().ifPresent(f -> calls.add(new ToolCallChunk(index, f.id(), f.function().name(),
                    f.function().arguments())));
        }
        return new AIMessageChunk(choice.message().content().orElse(""), calls, usage(completion.usage()),
                metadata(choice.finishReason().asString(), completion.model()), completion.id()).toMessage();
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(messages, options)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        Iterator<ChatCompletionChunk> frames = stream.stream().iterator();
        return new ChunkSource() {
            @Override
            public AIMessageChunk next() {
                while (frames.hasNext()) {
                    AIMessageChunk chunk = chunk(frames.next());
                    if (chunk != null) {
                        return chunk;
                    }
                }
                return null;
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    /** One frame as a chunk, or null for a frame that carries nothing (the role delta). */
    private static AIMessageChunk chunk(ChatCompletionChunk frame) {
        String text = "";
        List<ToolCallChunk> calls = new ArrayList<>();
        Map<String, Object> metadata = Map.of();
        if (!frame.choices().isEmpty()) {
            ChatCompletionChunk.Choice choice = frame.choices().get(0);
            text = choice.delta().content().orElse("");
            for (ChatCompletionChunk.Choice.Delta.ToolCall t : choice.delta().toolCalls().orElse(List.of())) {
                Optional<ChatCompletionChunk.Choice.Delta.ToolCall.Function> f = t.function();
                calls.add(new ToolCallChunk((int) t.index(), t.id().orElse(null),
                        f.flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name).orElse(null),
                        f.flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments).orElse("")));
            }
            metadata = choice.finishReason().map(r -> metadata(r.asString(), frame.model())).orElse(Map.of());
        }
        UsageMetadata usage = usage(frame.usage());
        if (text.isEmpty() && calls.isEmpty() && usage == null && metadata.isEmpty()) {
            return null;
        }
        return new AIMessageChunk(text, calls, usage, metadata, frame.id());
    }

    private static Map<String, Object> metadata(String finishReason, String model) {
        return Map.of("finish_reason", finishReason, "model_name", model);
    }

    private static UsageMetadata usage(Optional<CompletionUsage> usage) {
        return usage.map(u -> UsageMetadata.of(u.promptTokens(), u.completionTokens())).orElse(null);
    }

    private ChatCompletionCreateParams.Builder params(List<Message> messages, CallOptions options) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model);
        for (Message m : messages) {
            if (m instanceof SystemMessage) {
                params.addSystemMessage(m.content());
            } else if (m instanceof HumanMessage) {
                params.addUserMessage(m.content());
            } else if (m instanceof ToolMessage) {
                params.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(((ToolMessage) m).toolCallId())
                        .content(m.content()).build());
            } else {
                AIMessage ai = (AIMessage) m;
                ChatCompletionAssistantMessageParam.Builder assistant = ChatCompletionAssistantMessageParam.builder();
                if (!ai.content().isEmpty() || ai.toolCalls().isEmpty()) {
                    assistant.content(ai.content());
                }
                for (ToolCall call : ai.toolCalls()) {
                    assistant.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(call.id())
                            .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(call.name())
                                    .arguments(ToolArguments.toJson(call.args())).build()).build());
                }
                params.addMessage(assistant.build());
            }
        }
        if (!options.stop().isEmpty()) {
            params.stop(ChatCompletionCreateParams.Stop.ofStrings(options.stop()));
        }
        for (ToolDefinition tool : options.tools()) {
            FunctionParameters.Builder schema = FunctionParameters.builder();
            tool.parameters().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
            params.addFunctionTool(FunctionDefinition.builder().name(tool.name()).description(tool.description())
                    .parameters(schema.build()).build());
        }
        ToolChoice choice = options.toolChoice();
        if (choice != null && choice.mode() == ToolChoice.Mode.TOOL) {
            params.toolChoice(ChatCompletionNamedToolChoice.builder().function(ChatCompletionNamedToolChoice.Function
                    .builder().name(choice.toolName()).build()).build());
        } else if (choice != null) {
            params.toolChoice(ChatCompletionToolChoiceOption.Auto.of(choice.mode().name().toLowerCase(Locale.ROOT)));
        }
        return params;
    }
}
