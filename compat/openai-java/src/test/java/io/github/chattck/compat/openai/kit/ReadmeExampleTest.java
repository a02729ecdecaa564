package io.github.chattck.compat.openai.kit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README shows the wire target with this build's own class, to the character: the example compiles and runs. */
class ReadmeExampleTest {
    @Test
    void theReadmesWireTargetExampleIsThisBuildsClass() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/github/chattck/compat/openai/kit/OpenAiJavaConformance.java"),
                StandardCharsets.UTF_8);
        String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
        assertThat(readme).contains("```java\n" + source + "```");
    }
}
