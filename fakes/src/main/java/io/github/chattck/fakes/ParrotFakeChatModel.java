package io.github.chattck.fakes;

import io.github.chattck.core.message.Message;

/**
 * A fake that answers with the content of the last message it received, streamed in whitespace-preserving words
 * (LangChain's {@code ParrotFakeChatModel} echoes the same way). Never runs out. Its name is
 * {@code ParrotFakeChatModel}.
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
     * A builder preset as this fake.
     *
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder() {
        return ScriptedChatModel.builder().name("ParrotFakeChatModel").provider("ParrotFakeChatModel")
                .chunking(Chunking.words()).respondWith(call -> {
                    Message last = call.messages().get(call.messages().size() - 1);
                    return Turn.text(last.content());
                });
    }
}
