package io.github.chattck.compat.openai.kit;

import io.github.chattck.compat.CompatKit;
import org.junit.jupiter.api.Test;

/** openai-java through the whole kit over the wire: it fails exactly its documented findings. */
class CompatMatrixTest {
    @Test
    void openAiJavaFailsExactlyItsFindings() {
        CompatKit.assertFindings(OpenAiJavaConformance.class);
    }
}
