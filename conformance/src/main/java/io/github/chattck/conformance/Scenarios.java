package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.tool.ToolDefinition;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.fakeserver.RecordedRequest;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireFault;
import io.github.chattck.fakeserver.WireTurn;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the kit's fake server answers when a provider is tested over the wire ({@link WireSubject}): one prompt per
 * capability, each answered the same way every time (so every rule that compares two calls may), and the turns the
 * WIRE rules script for themselves. One scripted chunk is one frame on the wire.
 */
final class Scenarios {
    static final String STORY_PROMPT = "Tell me a short story about a robot.";
    static final String SLOW_PROMPT = "Count slowly from one to ten.";
    static final String FAILING_PROMPT = "This prompt fails on purpose (chat-tck).";
    static final String TOOL_PROMPT = "What is the weather in Paris? Use the get_weather tool.";
    static final String STOP_PROMPT = "Count to five, and say STOP after three.";
    static final String STOP = "STOP";

    /** The tool a model that declares toolCalling is given for every call. */
    static final ToolDefinition GET_WEATHER = ToolDefinition.of("get_weather", "The current weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"),
                    "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit"))), "required", List.of("city")));

    /** Ten frames of one word each, one of them a character outside the BMP (two UTF-16 units, four UTF-8 bytes). */
    static final List<String> STORY_CHUNKS = List.of("A", " robot", " named", " Ada", " painted", " the", " sea",
            " \uD83C\uDF0A", " at", " dawn.");
    /** A millisecond between frames, so that calls of a batch overlap at the server when they run together. */
    static final Turn STORY = text(STORY_CHUNKS).usage(16, 10).perChunkDelay(Duration.ofMillis(1));
    /** The story for a request that does not stream: the whole answer after as long as the stream takes. */
    static final Turn STORY_WHOLE = text(STORY_CHUNKS).usage(16, 10).firstChunkDelay(Duration.ofMillis(10));

    static final List<String> SLOW_CHUNKS = List.of("One", " two", " three", " four", " five", " six", " seven",
            " eight", " nine", " ten.");
    static final Duration SLOW_GAP = Duration.ofMillis(30);
    static final Turn SLOW_STREAMED = text(SLOW_CHUNKS).usage(14, 10).perChunkDelay(SLOW_GAP);
    /** A request that does not stream gets the whole answer after as long as the stream takes. */
    static final Turn SLOW_WHOLE = text(SLOW_CHUNKS).usage(14, 10).firstChunkDelay(SLOW_GAP.multipliedBy(10));

    static final String FAILURE_MESSAGE = "chat-tck: this prompt fails on purpose (a scripted 400)";
    static final WireTurn FAILING = WireTurn.failing(WireFault.status(400).message(FAILURE_MESSAGE));

    static final Map<String, Object> WEATHER_ARGS = Map.of("city", "Paris");
    static final Turn TOOL_CALL = Turn.toolCall("get_weather", WEATHER_ARGS).toolArgsChunkSize(5).usage(24, 11);

    static final Turn UNSTOPPED = text(List.of("one", " two", " three", " STOP", " four", " five")).usage(13, 6);
    static final Turn STOPPED = text(List.of("one", " two", " three")).usage(13, 3);

    private Scenarios() {
    }

    private static Turn text(List<String> chunks) {
        return Turn.text(String.join("", chunks)).chunks(chunks.toArray(new String[0]));
    }

    /** The prompt of a kind, as the rules ask for it. */
    static ChatInput prompt(Prompt kind) {
        switch (kind) {
            case MULTI_TOKEN:
                return ChatInput.of(STORY_PROMPT);
            case FAILING:
                return ChatInput.of(FAILING_PROMPT);
            case SLOW:
                return ChatInput.of(SLOW_PROMPT);
            case TOOL_CALLING:
                return ChatInput.of(TOOL_PROMPT);
            case STOP_SEQUENCE:
                return ChatInput.of(STOP_PROMPT);
            default:
                throw new IllegalArgumentException("no scripted prompt for " + kind);
        }
    }

    /**
     * The script of section 5's rules: each prompt by its last user message, a stop sequence honoured as the
     * provider would (the answer ends before it when the request carries it), anything else the story.
     */
    static Script standard() {
        return Script.builder()
                .when(r -> SLOW_PROMPT.equals(r.lastUserMessage()) && r.streaming(), SLOW_STREAMED)
                .when(SLOW_PROMPT, SLOW_WHOLE)
                .when(r -> FAILING_PROMPT.equals(r.lastUserMessage()), FAILING)
                .when(TOOL_PROMPT, TOOL_CALL)
                .when(r -> STOP_PROMPT.equals(r.lastUserMessage()) && r.stopSequences().contains(STOP), STOPPED)
                .when(STOP_PROMPT, UNSTOPPED)
                .respondWith(r -> r.streaming() ? STORY : STORY_WHOLE)
                .build();
    }

    /** A request of the rule's journal by its last user message, the latest one. */
    static RecordedRequest lastRequestFor(List<RecordedRequest> journal, String lastUserMessage) {
        for (int i = journal.size() - 1; i >= 0; i--) {
            if (lastUserMessage.equals(journal.get(i).lastUserMessage())) {
                return journal.get(i);
            }
        }
        return null;
    }

    /** The response id a dialect's API would give, or null for one whose API has none (Ollama). */
    static String responseId(Dialect dialect, String suffix) {
        switch (dialect) {
            case OPENAI_CHAT_COMPLETIONS:
                return "chatcmpl-chattck" + suffix;
            case OPENAI_RESPONSES:
                return "resp_chattck" + suffix;
            case ANTHROPIC_MESSAGES:
                return "msg_chattck" + suffix;
            default:
                return null;
        }
    }
}
