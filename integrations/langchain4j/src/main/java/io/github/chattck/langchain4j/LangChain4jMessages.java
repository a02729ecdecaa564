package io.github.chattck.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.InvalidToolCall;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The translation between chat-tck's messages and LangChain4j's, both ways, in one place: what one direction
 * writes the other reads back equal.
 */
final class LangChain4jMessages {
    /** chat-tck's response metadata keys, as LangChain names them. */
    static final String FINISH_REASON = "finish_reason";
    static final String MODEL_NAME = "model_name";

    private LangChain4jMessages() {
    }

    // ---------------------------------------------------------------- messages

    static List<ChatMessage> toLangChain4j(List<Message> messages) {
        // LangChain4j names the tool of a result: a result without its name takes it from the call it answers
        Map<String, String> toolNames = new HashMap<>();
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (m instanceof SystemMessage s) {
                out.add(dev.langchain4j.data.message.SystemMessage.from(s.content()));
            } else if (m instanceof HumanMessage h) {
                out.add(UserMessage.from(h.content()));
            } else if (m instanceof AIMessage a) {
                List<ToolExecutionRequest> requests = toolRequests(a);
                requests.forEach(r -> toolNames.put(r.id(), r.name()));
                out.add(requests.isEmpty() ? AiMessage.from(a.content())
                        : AiMessage.from(a.content().isEmpty() ? null : a.content(), requests));
            } else if (m instanceof ToolMessage t) {
                String name = t.toolName() != null ? t.toolName() : toolNames.get(t.toolCallId());
                out.add(ToolExecutionResultMessage.from(t.toolCallId(), name, t.content()));
            } else {
                throw new IllegalArgumentException("a message of type " + m.type() + " has no LangChain4j form: " + m);
            }
        }
        return out;
    }

    static List<ToolExecutionRequest> toolRequests(AIMessage message) {
        List<ToolExecutionRequest> requests = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
            requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.argsJson()).build());
        }
        // the model's malformed arguments go back verbatim: the history shows what it really said
        for (InvalidToolCall call : message.invalidToolCalls()) {
            requests.add(ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.args()).build());
        }
        return requests;
    }

    static List<Message> fromLangChain4j(List<ChatMessage> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (m instanceof dev.langchain4j.data.message.SystemMessage s) {
                out.add(new SystemMessage(s.text()));
            } else if (m instanceof UserMessage u) {
                if (!u.hasSingleText()) {
                    throw new IllegalArgumentException("chat-tck messages are text only, but this user message has "
                            + u.contents().size() + " content part(s) of types " + u.contents().stream()
                            .map(c -> c.type().toString()).toList() + ": " + u);
                }
                out.add(new HumanMessage(u.singleText()));
            } else if (m instanceof AiMessage a) {
                out.add(fromAiMessage(a, null, null, null));
            } else if (m instanceof ToolExecutionResultMessage t) {
                String name = t.toolName() == null || t.toolName().isBlank() ? null : t.toolName();
                out.add(new ToolMessage(t.text(), t.id(), name));
            } else {
                throw new IllegalArgumentException("a LangChain4j " + m.type() + " message has no chat-tck form: " + m);
            }
        }
        return out;
    }

    /** A LangChain4j answer as a chat-tck one; arguments are parsed, malformed ones become invalid tool calls. */
    static AIMessage fromAiMessage(AiMessage message, UsageMetadata usage, Map<String, Object> metadata, String id) {
        List<ToolCallChunk> calls = new ArrayList<>();
        List<ToolExecutionRequest> requests = message.toolExecutionRequests();
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest r = requests.get(i);
            calls.add(new ToolCallChunk(i, r.id(), r.name(), r.arguments()));
        }
        String text = message.text() == null ? "" : message.text();
        return new AIMessageChunk(text, calls, usage, metadata, id).toMessage();
    }

    static AiMessage toAiMessage(AIMessage message) {
        List<ToolExecutionRequest> requests = toolRequests(message);
        return requests.isEmpty() ? AiMessage.from(message.content())
                : AiMessage.from(message.content().isEmpty() ? null : message.content(), requests);
    }

    // ---------------------------------------------------------------- responses

    static AIMessage fromResponse(ChatResponse response) {
        return fromAiMessage(response.aiMessage(), usage(response.tokenUsage()), metadata(response), response.id());
    }

    /**
     * A chat-tck answer as LangChain4j's response.
     *
     * @param message the answer
     * @param runId   the chat-tck run that produced it: an id {@code run-<runId>} is chat-tck's stand-in for a
     *                provider id that was never given, so the response carries none
     */
    static ChatResponse toResponse(AIMessage message, UUID runId) {
        String id = ("run-" + runId).equals(message.id()) ? null : message.id();
        return ChatResponse.builder()
                .aiMessage(toAiMessage(message))
                .id(id)
                .modelName(stringOrNull(message.responseMetadata().get(MODEL_NAME)))
                .tokenUsage(tokenUsage(message.usageMetadata()))
                .finishReason(finishReason(message))
                .build();
    }

    static Map<String, Object> metadata(ChatResponse response) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (response.modelName() != null) {
            metadata.put(MODEL_NAME, response.modelName());
        }
        if (response.finishReason() != null) {
            metadata.put(FINISH_REASON, response.finishReason().name().toLowerCase(Locale.ROOT));
        }
        return metadata;
    }

    static UsageMetadata usage(TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        long input = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long output = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        long total = usage.totalTokenCount() == null ? input + output : usage.totalTokenCount();
        return new UsageMetadata(input, output, total, null, null);
    }

    static TokenUsage tokenUsage(UsageMetadata usage) {
        return usage == null ? null : new TokenUsage(Math.toIntExact(usage.inputTokens()),
                Math.toIntExact(usage.outputTokens()), Math.toIntExact(usage.totalTokens()));
    }

    /**
     * The finish reason of a chat-tck answer in LangChain4j's five values: the OpenAI, Anthropic and Ollama names
     * map to their meaning, any other name to {@code OTHER}; none given is read from the answer (tool calls or not),
     * as LangChain4j's own providers do when the API omits it.
     */
    static FinishReason finishReason(AIMessage message) {
        Object reason = message.responseMetadata().get(FINISH_REASON);
        if (reason == null) {
            return message.toolCalls().isEmpty() && message.invalidToolCalls().isEmpty() ? FinishReason.STOP
                    : FinishReason.TOOL_EXECUTION;
        }
        switch (reason.toString().toLowerCase(Locale.ROOT)) {
            case "stop":
            case "end_turn":
            case "stop_sequence":
                return FinishReason.STOP;
            case "length":
            case "max_tokens":
                return FinishReason.LENGTH;
            case "tool_calls":
            case "tool_use":
            case "function_call":
            case "tool_execution":
                return FinishReason.TOOL_EXECUTION;
            case "content_filter":
                return FinishReason.CONTENT_FILTER;
            default:
                return FinishReason.OTHER;
        }
    }

    private static String stringOrNull(Object value) {
        return value == null ? null : value.toString();
    }

    // ---------------------------------------------------------------- requests

    /**
     * The per-call options that both libraries carry, under LangChain's names in chat-tck's
     * {@link CallOptions#options()}, with the LangChain4j parameter each one is.
     */
    private static final List<Option> OPTIONS = List.of(
            new Option("model", ChatRequestParameters::modelName, (b, v) -> b.modelName((String) v), String.class),
            new Option("temperature", ChatRequestParameters::temperature,
                    (b, v) -> b.temperature(((Number) v).doubleValue()), Number.class),
            new Option("top_p", ChatRequestParameters::topP, (b, v) -> b.topP(((Number) v).doubleValue()), Number.class),
            new Option("top_k", ChatRequestParameters::topK, (b, v) -> b.topK(((Number) v).intValue()), Number.class),
            new Option("frequency_penalty", ChatRequestParameters::frequencyPenalty,
                    (b, v) -> b.frequencyPenalty(((Number) v).doubleValue()), Number.class),
            new Option("presence_penalty", ChatRequestParameters::presencePenalty,
                    (b, v) -> b.presencePenalty(((Number) v).doubleValue()), Number.class),
            new Option("max_tokens", ChatRequestParameters::maxOutputTokens,
                    (b, v) -> b.maxOutputTokens(((Number) v).intValue()), Number.class));

    private record Option(String key, Function<ChatRequestParameters, Object> read,
                          BiConsumer<DefaultChatRequestParameters.Builder<?>, Object> write, Class<?> type) {
    }

    static ChatRequest toRequest(List<Message> messages, CallOptions options) {
        DefaultChatRequestParameters.Builder<?> parameters = ChatRequestParameters.builder();
        if (!options.stop().isEmpty()) {
            parameters.stopSequences(options.stop());
        }
        options.options().forEach((key, value) -> {
            Option option = OPTIONS.stream().filter(o -> o.key.equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("the option '" + key + "' has no LangChain4j request parameter; "
                            + "supported: " + OPTIONS.stream().map(Option::key).toList()));
            if (value != null) {
                if (!option.type.isInstance(value)) {
                    throw new IllegalArgumentException("the option '" + key + "' must be a " + option.type.getSimpleName()
                            + " but was " + value + " (" + value.getClass().getName() + ")");
                }
                option.write.accept(parameters, value);
            }
        });
        LangChain4jTools.toRequest(options, parameters);
        return ChatRequest.builder().messages(toLangChain4j(messages)).parameters(parameters.build()).build();
    }

    /** The run config that carries a LangChain4j request's parameters to a chat-tck model, for the run {@code runId}. */
    static RunConfig toRunConfig(ChatRequest request, UUID runId) {
        RunConfig.Builder config = RunConfig.builder().runId(runId);
        List<String> stop = request.parameters().stopSequences();
        if (stop != null && !stop.isEmpty()) {
            config.stop(stop.toArray(String[]::new));
        }
        for (Option option : OPTIONS) {
            Object value = option.read.apply(request.parameters());
            if (value != null) {
                config.option(option.key, value);
            }
        }
        LangChain4jTools.toRunConfig(request.parameters(), config);
        return config.build();
    }
}
