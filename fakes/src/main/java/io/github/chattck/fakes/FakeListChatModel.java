package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.time.Duration;

/**
 * A fake that cycles through string responses and streams each one per code point, like LangChain's
 * {@code FakeListChatModel}: {@code FakeListChatModel.of("hey you")} streams {@code h, e, y, " ", y, o, u}.
 * Its name is {@code FakeListChatModel} and its {@code ls_provider} {@code fakelistchatmodel} (the default of SPEC 1.4,
 * as Python names it); everything else is settable on the builder.
 * <p>
 * Stop sequences are ignored, as Python's {@code langchain-core} {@code FakeListChatModel} ignores them: the response
 * is played whole (the stop sequences still reach {@code ls_stop} and the recorded call). This preset follows Python
 * on purpose: LangChain JS's answers the first stop sequence itself from {@code invoke}, without taking a response,
 * but ignores it when streaming, so that its {@code invoke} and {@code stream} disagree (SPEC STR-4). For a fake that
 * cuts at stop sequences as a real provider does, use {@link ScriptedChatModel}.
 */
public final class FakeListChatModel {
    private FakeListChatModel() {
    }

    /**
     * The model, with no delay.
     *
     * @param responses the responses, cycled
     * @return the model
     */
    public static ScriptedChatModel of(String... responses) {
        return builder(responses).build();
    }

    /**
     * A builder preset as this fake; set a delay between chunks with {@link #builder(Duration, String...)} or
     * {@code perChunkDelay}, and the name, ls parameters or tags as on any {@link ScriptedChatModel.Builder}.
     *
     * @param responses the responses, cycled, at least one
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder(String... responses) {
        Checks.argument(Checks.notNull(responses, "responses").length > 0, "FakeListChatModel needs at least one response");
        return ScriptedChatModel.builder().name("FakeListChatModel").provider("fakelistchatmodel")
                .chunking(Chunking.perCodePoint()).cycle().honourStop(false).replies(responses);
    }

    /**
     * A builder preset as this fake, sleeping {@code sleep} before each chunk (LangChain's {@code sleep} option).
     *
     * @param sleep     the delay before every chunk, not negative
     * @param responses the responses, cycled
     * @return the builder
     */
    public static ScriptedChatModel.Builder builder(Duration sleep, String... responses) {
        return builder(responses).firstChunkDelay(sleep).perChunkDelay(sleep);
    }
}
