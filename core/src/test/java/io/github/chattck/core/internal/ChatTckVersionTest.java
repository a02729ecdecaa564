package io.github.chattck.core.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the version comes from: a jar's manifest first, else the resource the build filtered. */
class ChatTckVersionTest {

    @Test
    void classesRunFromADirectoryReadTheVersionTheBuildWrote() {
        String built = System.getProperty("chattck.project.version");
        assertThat(built).as("surefire passes chattck.project.version").isNotBlank();

        assertThat(ChatTckVersion.of(ChatTckVersion.class)).isEqualTo(built);
    }

    @Test
    void aClassFromAJarWithAnImplementationVersionReadsItsManifest() {
        String jackson = ObjectMapper.class.getPackage().getImplementationVersion();
        assertThat(jackson).as("jackson-databind's manifest").isNotBlank();

        assertThat(ChatTckVersion.of(ObjectMapper.class)).isEqualTo(jackson);
    }
}
