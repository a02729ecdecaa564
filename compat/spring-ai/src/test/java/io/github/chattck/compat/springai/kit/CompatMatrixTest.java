package io.github.chattck.compat.springai.kit;

import io.github.chattck.compat.CompatKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each Spring AI model through the whole kit over the wire: it fails exactly its documented findings. */
class CompatMatrixTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {SpringAiOpenAiConformance.class, SpringAiAnthropicConformance.class,
            SpringAiOllamaConformance.class})
    void theClientFailsExactlyItsFindings(Class<?> client) {
        CompatKit.assertFindings(client);
    }
}
