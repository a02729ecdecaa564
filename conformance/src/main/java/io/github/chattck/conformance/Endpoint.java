package io.github.chattck.conformance;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakeserver.Dialect;

/**
 * Where the kit's fake server answers a model under test: what a {@link WireTarget}'s factory points the provider's
 * client at. Each rule gets an endpoint of its own (a fresh scope of the server, with its own script and journal).
 *
 * @param baseUrl the scope's base URL, {@code http://127.0.0.1:PORT/scopes/NAME}, without a trailing slash: what
 *                the Anthropic SDK and Ollama clients take as their base URL
 * @param dialect the wire format the server speaks here
 * @param apiKey  a credential to configure the client with (the server accepts any and redacts it in its journal)
 */
public record Endpoint(String baseUrl, Dialect dialect, String apiKey) {
    /** The credential every endpoint hands out. */
    public static final String API_KEY = "chat-tck-test-key";

    /**
     * Checks the parts.
     *
     * @param baseUrl the base URL
     * @param dialect the dialect
     * @param apiKey  the credential
     */
    public Endpoint {
        Checks.notNull(baseUrl, "baseUrl");
        Checks.notNull(dialect, "dialect");
        Checks.notNull(apiKey, "apiKey");
    }

    /**
     * {@link #baseUrl()} plus {@code /v1}: the base URL OpenAI clients take (openai-java, LangChain4j's OpenAI and
     * Anthropic models, Spring AI's OpenAI model).
     *
     * @return the URL
     */
    public String openAiBaseUrl() {
        return baseUrl + "/v1";
    }

    /**
     * The dialect's full URL, for a client that takes the endpoint itself (plain HTTP code).
     *
     * @return e.g. {@code http://127.0.0.1:PORT/scopes/s1/v1/chat/completions}
     */
    public String url() {
        return baseUrl + dialect.path();
    }
}
