package io.github.chattck.conformance;

import io.github.chattck.core.ChatModel;
import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakeserver.Dialect;

import java.util.function.Function;

/**
 * How the kit reaches a provider's transport (SPEC section 7): the wire format the provider's client speaks, and a
 * factory from a fake-server {@link Endpoint} to the model. Returned from
 * {@link ChatModelConformanceTests#wireTarget()}; the kit then starts a fake LLM server for the test class, scripts
 * every scenario itself (a multi-token answer, a slow stream, a failing call, tool calls with fragmented arguments,
 * usage, a stop sequence, HTTP errors, cut streams, mid-stream errors) and runs every rule, the WIRE rules included,
 * offline and deterministically.
 *
 * <pre>{@code
 * protected WireTarget wireTarget() {
 *     return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, endpoint ->
 *             new AcmeChatModel(AcmeConfig.builder().baseUrl(endpoint.openAiBaseUrl()).apiKey(endpoint.apiKey()).build()));
 * }
 * }</pre>
 * Immutable.
 */
public final class WireTarget {
    private final Dialect dialect;
    private final Function<Endpoint, ? extends ChatModel> factory;

    private WireTarget(Dialect dialect, Function<Endpoint, ? extends ChatModel> factory) {
        this.dialect = Checks.notNull(dialect, "dialect");
        this.factory = Checks.notNull(factory, "factory");
    }

    /**
     * A provider whose client speaks {@code dialect}, made for an endpoint by {@code factory}.
     *
     * @param dialect the wire format of the provider's API
     * @param factory a fresh model whose client talks to the endpoint (called at least once per rule)
     * @return the target
     */
    public static WireTarget of(Dialect dialect, Function<Endpoint, ? extends ChatModel> factory) {
        return new WireTarget(dialect, factory);
    }

    /**
     * The wire format of the provider's API.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * A fresh model talking to an endpoint.
     *
     * @param endpoint where the fake server answers
     * @return the model
     * @throws IllegalStateException if the factory returns null
     */
    public ChatModel newModel(Endpoint endpoint) {
        ChatModel model = factory.apply(Checks.notNull(endpoint, "endpoint"));
        if (model == null) {
            throw new IllegalStateException("the wire target's factory returned null for " + endpoint
                    + "; it must return a fresh model whose client talks to the endpoint");
        }
        return model;
    }

    @Override
    public String toString() {
        return "WireTarget{" + dialect + "}";
    }
}
