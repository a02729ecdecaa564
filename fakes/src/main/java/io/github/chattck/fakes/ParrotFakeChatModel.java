package io.github.chattck.fakes;

import io.github.chattck.core.message.Message;

/**
 * A fake that answers with the content of the last message it received, like Python's {@code langchain-core}
 * {@code ParrotFakeChatModel}: it implements generate only, so {@code stream()} yields the whole echo as one chunk
 * (the single-chunk fallback, SPEC 1.1), as LangChain's parrot does. Never runs out. Its name is
 * {@code ParrotFakeChatModel}. (LangChain JS has no parrot; its {@code FakeChatModel} echoes all messages joined.)
 */
public final class ParrotFakeChatModel {
    private ParrotFakeChatModel() {
    }

    /**
     * The model.
     *
     * @return the model
     */
    public static ScriptedChatModel create() {
        return builder().build();
    }

    /**
     * A builder preset as this fake; {@code streaming(true)} makes it stream the echo in whitespace-preserving words.
     *
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder() {
        return ScriptedChatModel.builder().name("ParrotFakeChatModel").provider("parrotfakechatmodel")
                .streaming(false).chunking(Chunking.words()).respondWith(call -> {
                    Message last = call.messages().get(call.messages().size() - 1);
                    return Turn.text(last.content());
                });
    }
}
