package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;

import java.lang.reflect.Constructor;
import java.util.Locale;

/**
 * The subject the runner uses for {@code --model-class} naming a {@link ChatModel} (not a test class): the model
 * is made with its public no-arg constructor and the capabilities come from {@code --capabilities}.
 */
public class CommandLineSubject extends ChatModelConformanceTests {
    static final String MODEL_CLASS_PROPERTY = "chattck.cli.modelClass";
    static final String CAPABILITIES_PROPERTY = "chattck.cli.capabilities";

    /** Created by JUnit. */
    public CommandLineSubject() {
    }

    @Override
    protected ChatModel createModel() {
        String name = System.getProperty(MODEL_CLASS_PROPERTY);
        try {
            Constructor<?> constructor = Class.forName(name).getConstructor();
            return (ChatModel) constructor.newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("--model-class " + name
                    + " must be a ChatModel with a public no-arg constructor", e);
        }
    }

    @Override
    protected Capabilities capabilities() {
        return parseCapabilities(System.getProperty(CAPABILITIES_PROPERTY, ""));
    }

    /**
     * Reads a comma-separated list of capability ids ({@code tokenStreaming,deterministic}).
     *
     * @param list the list, may be blank
     * @return the capabilities
     * @throws IllegalArgumentException naming an unknown capability
     */
    static Capabilities parseCapabilities(String list) {
        Capabilities.Builder builder = Capabilities.builder();
        for (String raw : list.split(",")) {
            String id = raw.trim();
            if (id.isEmpty()) {
                continue;
            }
            Capability found = null;
            for (Capability c : Capability.values()) {
                if (c.id().toLowerCase(Locale.ROOT).equals(id.toLowerCase(Locale.ROOT))) {
                    found = c;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown capability '" + id + "'; known: tokenStreaming, toolCalling, "
                        + "usageMetadata, stopSequences, deterministic, failureTrigger, slowStream, concurrentCalls");
            }
            builder.with(found);
        }
        return builder.build();
    }
}
