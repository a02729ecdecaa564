package io.github.chattck.compat.anthropic.kit;

import io.github.chattck.compat.CompatKit;
import org.junit.jupiter.api.Test;

/** anthropic-java through the whole kit over the wire: it fails exactly its documented findings. */
class CompatMatrixTest {
    @Test
    void anthropicJavaFailsExactlyItsFindings() {
        CompatKit.assertFindings(AnthropicJavaConformance.class);
    }
}
