package io.github.chattck.conformance.subjects;

import io.github.chattck.conformance.ChatModelConformanceTests;

import java.util.List;

/** The reference fakes the command-line runner checks by default, and the kit's own known-good models. */
public final class BuiltInSubjects {
    private BuiltInSubjects() {
    }

    /**
     * The subjects, one per fake of chat-tck-fakes.
     *
     * @return their test classes
     */
    public static List<Class<? extends ChatModelConformanceTests>> all() {
        return List.of(ScriptedChatModelConformance.class, FakeListChatModelConformance.class,
                GenericFakeChatModelConformance.class, ParrotFakeChatModelConformance.class,
                NonStreamingFakeChatModelConformance.class);
    }
}
