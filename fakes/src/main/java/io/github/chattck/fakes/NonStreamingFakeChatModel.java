package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

/**
 * A fake that implements generate only, cycling through its responses: {@code stream()} yields the single-chunk
 * fallback of the base class (the whole answer in one chunk), exactly as a provider without streaming support
 * does. Its name is {@code NonStreamingFakeChatModel}.
 */
public final class NonStreamingFakeChatModel {
    private NonStreamingFakeChatModel() {
    }

    /**
     * The model.
     *
     * @param responses the responses, cycled
     * @return the model
     */
    public static ScriptedChatModel of(String... responses) {
        return builder(responses).build();
    }

    /**
     * A builder preset as this fake.
     *
     * @param responses the responses, cycled, at least one
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder(String... responses) {
        Checks.argument(Checks.notNull(responses, "responses").length > 0,
                "NonStreamingFakeChatModel needs at least one response");
        return ScriptedChatModel.builder().name("NonStreamingFakeChatModel").provider("nonstreamingfakechatmodel")
                .streaming(false).cycle().replies(responses);
    }
}
