package io.github.chattck.fakeserver;

/**
 * A provider's wire format, chosen by the request's path. Each dialect answers streaming and non-streaming
 * requests the way its provider's published API does.
 */
public enum Dialect {
    /** OpenAI Chat Completions: {@code POST /v1/chat/completions}, SSE {@code data:} frames ending in {@code [DONE]}. */
    OPENAI_CHAT_COMPLETIONS("/v1/chat/completions"),
    /** OpenAI Responses: {@code POST /v1/responses}, SSE with {@code event:} lines from {@code response.created} to {@code response.completed}. */
    OPENAI_RESPONSES("/v1/responses"),
    /** Anthropic Messages: {@code POST /v1/messages}, SSE with {@code event:} lines from {@code message_start} to {@code message_stop}. */
    ANTHROPIC_MESSAGES("/v1/messages"),
    /** Ollama chat: {@code POST /api/chat}, NDJSON lines, the last with {@code "done": true}. */
    OLLAMA_CHAT("/api/chat");

    private final String path;

    Dialect(String path) {
        this.path = path;
    }

    /**
     * The path this dialect answers, relative to a scope's base URL.
     *
     * @return the path, e.g. {@code /v1/chat/completions}
     */
    public String path() {
        return path;
    }

    /**
     * The dialect that answers a path.
     *
     * @param path the request path, relative to the scope
     * @return the dialect, or null if none answers it
     */
    public static Dialect forPath(String path) {
        for (Dialect d : values()) {
            if (d.path.equals(path)) {
                return d;
            }
        }
        return null;
    }
}
