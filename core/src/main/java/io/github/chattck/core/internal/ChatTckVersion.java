package io.github.chattck.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of chat-tck that is running, for command lines ({@code --version}) and scorecards. Internal: not part
 * of the API.
 */
public final class ChatTckVersion {
    private static final String RESOURCE = "chat-tck-version.properties";

    private ChatTckVersion() {
    }

    /**
     * The version: the {@code Implementation-Version} of the jar that holds {@code anchor}, else the version the build
     * wrote into core's resource (classes run from a directory have no manifest), else {@code "unknown"}.
     *
     * @param anchor a class of the module asking
     * @return e.g. {@code 0.2.0}
     */
    public static String of(Class<?> anchor) {
        String fromManifest = anchor.getPackage() == null ? null : anchor.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = ChatTckVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            // an unfiltered copy (an IDE that ignores Maven's filtering) still says ${project.version}
            return version.isBlank() || version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
