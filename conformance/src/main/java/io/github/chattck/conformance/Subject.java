package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;

/**
 * What the rules check: where fresh models and the prompts for each capability come from. Today a subject is the
 * hooks of a {@link ChatModelConformanceTests} subclass ({@link HookSubject}); a subject that scripts a fake server
 * itself, and so has every prompt, fits the same shape. Rule bodies see only this, never the test class.
 */
interface Subject {
    /**
     * A fresh model; rules that compare two calls ask for two.
     *
     * @return the model, never null
     */
    ChatModel newModel();

    /**
     * The capability profile.
     *
     * @return the capabilities
     */
    Capabilities capabilities();

    /**
     * A prompt of a kind.
     *
     * @param kind the kind
     * @return the prompt, or null when the subject has none
     */
    ChatInput prompt(Prompt kind);

    /**
     * The stop sequence that {@link Prompt#STOP_SEQUENCE}'s answer contains.
     *
     * @return the sequence, or null
     */
    String stopSequence();

    /**
     * The model's description for failure messages.
     *
     * @return a line
     */
    String describe();
}
