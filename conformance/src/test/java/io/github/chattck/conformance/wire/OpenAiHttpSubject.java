package io.github.chattck.conformance.wire;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.Endpoint;
import io.github.chattck.conformance.WireTarget;
import io.github.chattck.fakeserver.Dialect;

import java.net.http.HttpClient;

/**
 * The kit over the wire for {@link OpenAiHttpChatModel} and its broken variants: one test class, a wire target and the
 * client's capabilities, nothing else (no createModel, no prompt hooks).
 */
public abstract class OpenAiHttpSubject extends ChatModelConformanceTests {
    /** One client for every model, as a provider's users share one. */
    protected static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    protected final WireTarget wireTarget() {
        return WireTarget.of(Dialect.OPENAI_CHAT_COMPLETIONS, this::model);
    }

    /**
     * The model for an endpoint; a broken variant returns its own.
     *
     * @param endpoint where the kit's fake server answers
     * @return the model
     */
    protected OpenAiHttpChatModel model(Endpoint endpoint) {
        return new OpenAiHttpChatModel(endpoint);
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().concurrentCalls()
                .build();
    }
}
