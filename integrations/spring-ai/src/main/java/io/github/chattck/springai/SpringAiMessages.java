package io.github.chattck.springai;

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
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The translation between chat-tck's messages and Spring AI's, both ways, in one place: what one direction writes
 * the other reads back equal.
 */
final class SpringAiMessages {
    static final String FINISH_REASON = "finish_reason";
    static final String MODEL_NAME = "model_name";
    /** LangChain's names of the cache details of the input tokens. */
    static final String CACHE_READ = "cache_read";
    static final String CACHE_CREATION = "cache_creation";

    private SpringAiMessages() {
    }

    // ---------------------------------------------------------------- messages

    static List<org.springframework.ai.chat.messages.Message> toSpring(List<Message> messages) {
        // Spring AI names the tool of a result: a result without its name takes it from the call it answers
        Map<String, String> toolNames = new HashMap<>();
        List<org.springframework.ai.chat.messages.Message> out = new ArrayList<>(messages.size());
        List<ToolResponseMessage.ToolResponse> results = new ArrayList<>();
        for (Message m : messages) {
            if (!(m instanceof ToolMessage) && !results.isEmpty()) {
                out.add(ToolResponseMessage.builder().responses(List.copyOf(results)).build());
                results.clear();
            }
            if (m instanceof SystemMessage s) {
                out.add(new org.springframework.ai.chat.messages.SystemMessage(s.content()));
            } else if (m instanceof HumanMessage h) {
                out.add(new UserMessage(h.content()));
            } else if (m instanceof AIMessage a) {
                AssistantMessage assistant = toAssistant(a);
                assistant.getToolCalls().forEach(c -> toolNames.put(c.id(), c.name()));
                out.add(assistant);
            } else if (m instanceof ToolMessage t) {
                // consecutive results of one turn are one Spring AI message, as its tool calling manager makes them
                String name = t.toolName() != null ? t.toolName() : toolNames.get(t.toolCallId());
                results.add(new ToolResponseMessage.ToolResponse(t.toolCallId(), name, t.content()));
            }
        }
        if (!results.isEmpty()) {
            out.add(ToolResponseMessage.builder().responses(List.copyOf(results)).build());
        }
        return out;
    }

    static AssistantMessage toAssistant(AIMessage message) {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
            calls.add(new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.argsJson()));
        }
        // the model's malformed arguments go back verbatim: the history shows what it really said
        for (InvalidToolCall call : message.invalidToolCalls()) {
            calls.add(new AssistantMessage.ToolCall(call.id(), "function", call.name(), call.args()));
        }
        return AssistantMessage.builder().content(message.content()).toolCalls(calls).build();
    }

    static List<Message> fromSpring(List<org.springframework.ai.chat.messages.Message> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (org.springframework.ai.chat.messages.Message m : messages) {
            if (m instanceof org.springframework.ai.chat.messages.SystemMessage s) {
                out.add(new SystemMessage(text(s.getText())));
            } else if (m instanceof UserMessage u) {
                if (!u.getMedia().isEmpty()) {
                    throw new IllegalArgumentException("chat-tck messages are text only, but this user message has "
                            + u.getMedia().size() + " media part(s) of types "
                            + u.getMedia().stream().map(media -> media.getMimeType().toString()).toList() + ": " + u);
                }
                out.add(new HumanMessage(text(u.getText())));
            } else if (m instanceof AssistantMessage a) {
                out.add(fromAssistant(a, null, null, null));
            } else if (m instanceof ToolResponseMessage t) {
                for (ToolResponseMessage.ToolResponse r : t.getResponses()) {
                    String name = r.name() == null || r.name().isBlank() ? null : r.name();
                    out.add(new ToolMessage(text(r.responseData()), r.id(), name));
                }
            } else {
                throw new IllegalArgumentException("a Spring AI " + m.getMessageType() + " message has no chat-tck form: " + m);
            }
        }
        return out;
    }

    /** A Spring AI answer as a chat-tck one; arguments are parsed, malformed ones become invalid tool calls. */
    static AIMessage fromAssistant(AssistantMessage message, UsageMetadata usage, Map<String, Object> metadata, String id) {
        List<ToolCallChunk> calls = new ArrayList<>();
        List<AssistantMessage.ToolCall> toolCalls = message.getToolCalls();
        for (int i = 0; i < toolCalls.size(); i++) {
            AssistantMessage.ToolCall c = toolCalls.get(i);
            calls.add(new ToolCallChunk(i, c.id(), c.name(), c.arguments()));
        }
        return new AIMessageChunk(text(message.getText()), calls, usage, metadata, id).toMessage();
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }

    // ---------------------------------------------------------------- responses

    static AIMessage fromResponse(ChatResponse response) {
        Generation result = response.getResult();
        AssistantMessage output = result == null ? new AssistantMessage("") : result.getOutput();
        ChatResponseMetadata metadata = response.getMetadata();
        return fromAssistant(output, usage(metadata.getUsage()), metadata(metadata, result), id(metadata));
    }

    static String id(ChatResponseMetadata metadata) {
        String id = metadata.getId();
        return id == null || id.isEmpty() ? null : id;
    }

    /**
     * The model name and finish reason of a response, from its metadata and its first generation (or null); the
     * immutable empty map when it has neither (most frames).
     */
    static Map<String, Object> metadata(ChatResponseMetadata response, Generation result) {
        String model = response.getModel();
        String reason = result == null ? null : result.getMetadata().getFinishReason();
        boolean hasModel = model != null && !model.isEmpty();
        boolean hasReason = reason != null && !reason.isEmpty();
        if (!hasModel && !hasReason) {
            return Map.of();
        }
        Map<String, Object> metadata = new LinkedHashMap<>(4);
        if (hasModel) {
            metadata.put(MODEL_NAME, model);
        }
        if (hasReason) {
            metadata.put(FINISH_REASON, reason);
        }
        return metadata;
    }

    static UsageMetadata usage(Usage usage) {
        if (usage == null) {
            return null;
        }
        long input = zeroIfNull(usage.getPromptTokens());
        long output = zeroIfNull(usage.getCompletionTokens());
        long total = usage.getTotalTokens() == null ? input + output : usage.getTotalTokens();
        if (input == 0 && output == 0 && total == 0) {
            return null; // Spring AI's EmptyUsage: the provider reported none
        }
        return new UsageMetadata(input, output, total, cacheDetails(usage.getCacheReadInputTokens(),
                usage.getCacheWriteInputTokens()), null);
    }

    static Map<String, Long> cacheDetails(Long read, Long write) {
        if (read == null && write == null) {
            return null;
        }
        Map<String, Long> details = new LinkedHashMap<>();
        if (read != null) {
            details.put(CACHE_READ, read);
        }
        if (write != null) {
            details.put(CACHE_CREATION, write);
        }
        return details;
    }

    static long zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }

    /**
     * A chat-tck answer, or a part of one, as a Spring AI response.
     *
     * @param content   the text
     * @param toolCalls complete tool calls (Spring AI has no fragments of one)
     * @param usage     the usage, or null
     * @param metadata  response metadata ({@code finish_reason}, {@code model_name})
     * @param id        the id, or null
     * @param runId     the chat-tck run: an id {@code run-<runId>} is chat-tck's stand-in for a provider id that was
     *                  never given, so the response carries none
     */
    static ChatResponse toResponse(String content, List<AssistantMessage.ToolCall> toolCalls, UsageMetadata usage,
                                   Map<String, Object> metadata, String id, UUID runId) {
        Object reason = metadata.get(FINISH_REASON);
        AssistantMessage output = AssistantMessage.builder().content(content).toolCalls(toolCalls).build();
        Generation generation = new Generation(output, ChatGenerationMetadata.builder()
                .finishReason(reason == null ? null : reason.toString()).build());
        ChatResponseMetadata.Builder responseMetadata = ChatResponseMetadata.builder();
        if (id != null && !("run-" + runId).equals(id)) {
            responseMetadata.id(id);
        }
        Object model = metadata.get(MODEL_NAME);
        if (model != null) {
            responseMetadata.model(model.toString());
        }
        if (usage != null) {
            Map<String, Long> details = usage.inputTokenDetails() == null ? Map.of() : usage.inputTokenDetails();
            responseMetadata.usage(new DefaultUsage(Math.toIntExact(usage.inputTokens()),
                    Math.toIntExact(usage.outputTokens()), Math.toIntExact(usage.totalTokens()), null,
                    details.get(CACHE_READ), details.get(CACHE_CREATION)));
        }
        return new ChatResponse(List.of(generation), responseMetadata.build());
    }

    static ChatResponse toResponse(AIMessage message, UUID runId) {
        return toResponse(message.content(), toAssistant(message).getToolCalls(), message.usageMetadata(),
                message.responseMetadata(), message.id(), runId);
    }

    // ---------------------------------------------------------------- requests

    /** The portable options of both libraries, under LangChain's names in chat-tck's {@link CallOptions#options()}. */
    private static final List<Option> OPTIONS = List.of(
            new Option("model", ChatOptions::getModel, (b, v) -> b.model((String) v), String.class),
            new Option("temperature", ChatOptions::getTemperature, (b, v) -> b.temperature(((Number) v).doubleValue()),
                    Number.class),
            new Option("top_p", ChatOptions::getTopP, (b, v) -> b.topP(((Number) v).doubleValue()), Number.class),
            new Option("top_k", ChatOptions::getTopK, (b, v) -> b.topK(((Number) v).intValue()), Number.class),
            new Option("frequency_penalty", ChatOptions::getFrequencyPenalty,
                    (b, v) -> b.frequencyPenalty(((Number) v).doubleValue()), Number.class),
            new Option("presence_penalty", ChatOptions::getPresencePenalty,
                    (b, v) -> b.presencePenalty(((Number) v).doubleValue()), Number.class),
            new Option("max_tokens", ChatOptions::getMaxTokens, (b, v) -> b.maxTokens(((Number) v).intValue()),
                    Number.class));

    private record Option(String key, Function<ChatOptions, Object> read,
                          BiConsumer<ChatOptions.Builder<?>, Object> write, Class<?> type) {
    }

    /**
     * The prompt for a call. Its options start from the model's own ({@code defaults.mutate()}, as {@code ChatClient}
     * does): a Spring AI 2.0 model takes a prompt's options whole, in its own options type, without merging its
     * defaults in (a portable options object makes OpenAI's model fail on a cast and Ollama's on the missing model).
     */
    static Prompt toPrompt(List<Message> messages, CallOptions options, ChatOptions defaults) {
        ChatOptions.Builder<?> builder = defaults != null ? defaults.mutate() : ToolCallingChatOptions.builder();
        if (!options.stop().isEmpty()) {
            builder.stopSequences(options.stop());
        }
        options.options().forEach((key, value) -> {
            Option option = OPTIONS.stream().filter(o -> o.key.equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("the option '" + key + "' has no portable Spring AI chat option; "
                            + "supported: " + OPTIONS.stream().map(Option::key).toList()));
            if (value != null) {
                if (!option.type.isInstance(value)) {
                    throw new IllegalArgumentException("the option '" + key + "' must be a " + option.type.getSimpleName()
                            + " but was " + value + " (" + value.getClass().getName() + ")");
                }
                option.write.accept(builder, value);
            }
        });
        if (!options.tools().isEmpty() || options.toolChoice() != null) {
            if (!(builder instanceof ToolCallingChatOptions.Builder<?> tools)) {
                throw new IllegalArgumentException("the call offers tools " + options.tools() + " but the model's options ("
                        + defaults.getClass().getName() + ") are not ToolCallingChatOptions: it takes no tools");
            }
            SpringAiTools.toOptions(options, tools);
        }
        return new Prompt(toSpring(messages), builder.build());
    }

    /** The run config that carries a Spring AI prompt's options to a chat-tck model, for the run {@code runId}. */
    static RunConfig toRunConfig(Prompt prompt, UUID runId) {
        RunConfig.Builder config = RunConfig.builder().runId(runId);
        ChatOptions options = prompt.getOptions();
        if (options != null) {
            List<String> stop = options.getStopSequences();
            if (stop != null && !stop.isEmpty()) {
                config.stop(stop.toArray(String[]::new));
            }
            for (Option option : OPTIONS) {
                Object value = option.read.apply(options);
                if (value != null) {
                    config.option(option.key, value);
                }
            }
            if (options instanceof ToolCallingChatOptions tools) {
                SpringAiTools.toRunConfig(tools, config);
            }
        }
        return config.build();
    }
}
