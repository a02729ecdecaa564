package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

/**
 * A fake that plays its messages once each, in order, streaming whitespace-preserving words like LangChain's
 * {@code GenericFakeChatModel}: {@code "hello  big\nworld"} streams {@code hello, " ", "", " ", big, "\n", world}.
 * A call after the last message fails, naming the call. Its name is {@code GenericFakeChatModel}.
 */
public final class GenericFakeChatModel {
    private GenericFakeChatModel() {
    }

    /**
     * The model.
     *
     * @param messages the answers, one per call
     * @return the model
     */
    public static ScriptedChatModel of(String... messages) {
        return builder(messages).build();
    }

    /**
     * A builder preset as this fake.
     *
     * @param messages the answers, one per call, at least one
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder(String... messages) {
        Checks.argument(Checks.notNull(messages, "messages").length > 0, "GenericFakeChatModel needs at least one message");
        return ScriptedChatModel.builder().name("GenericFakeChatModel").provider("genericfakechatmodel")
                .chunking(Chunking.words()).queue().replies(messages);
    }
}
