package io.github.chattck.compat.langchain4j.kit;

import io.github.chattck.compat.CompatKit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each LangChain4j model through the whole kit over the wire: it fails exactly its documented findings. */
class CompatMatrixTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {LangChain4jOpenAiConformance.class, LangChain4jAnthropicConformance.class,
            LangChain4jOllamaConformance.class})
    void theClientFailsExactlyItsFindings(Class<?> client) {
        CompatKit.assertFindings(client);
    }
}
