package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.core.ChatModel;

import java.lang.reflect.Constructor;

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
        Capabilities.Builder builder = Capabilities.builder();
        for (String id : System.getProperty(CAPABILITIES_PROPERTY, "").split(",")) {
            if (!id.isBlank()) {
                builder.with(Capability.byId(id));
            }
        }
        return builder.build();
    }
}
