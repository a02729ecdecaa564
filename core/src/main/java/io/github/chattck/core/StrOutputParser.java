package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;

/** Reads the text of a chat model's answer, and of each chunk when streaming (LangChain's {@code StrOutputParser}). */
public final class StrOutputParser implements OutputParser<AIMessage, AIMessageChunk, String> {
    private static final StrOutputParser INSTANCE = new StrOutputParser();

    private StrOutputParser() {
    }

    /**
     * The parser (stateless, shared).
     *
     * @return the parser
     */
    public static StrOutputParser create() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "StrOutputParser";
    }

    @Override
    public String parse(AIMessage output) {
        return Checks.notNull(output, "output").content();
    }

    @Override
    public String parseChunk(AIMessageChunk chunk) {
        return Checks.notNull(chunk, "chunk").content();
    }
}
