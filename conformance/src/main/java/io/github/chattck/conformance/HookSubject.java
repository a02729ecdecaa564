package io.github.chattck.conformance;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import org.opentest4j.AssertionFailedError;

/** The subject a provider author describes by overriding the hooks of {@link ChatModelConformanceTests}. */
final class HookSubject implements Subject {
    private final ChatModelConformanceTests hooks;

    HookSubject(ChatModelConformanceTests hooks) {
        this.hooks = hooks;
    }

    @Override
    public ChatModel newModel() {
        ChatModel model = hooks.createModel();
        if (model == null) {
            throw new AssertionFailedError("createModel() returned null; it must return a fresh model for every call");
        }
        return model;
    }

    @Override
    public Capabilities capabilities() {
        return hooks.capabilities();
    }

    @Override
    public ChatInput prompt(Prompt kind) {
        switch (kind) {
            case MULTI_TOKEN:
                return hooks.multiTokenPrompt();
            case FAILING:
                return hooks.failingPrompt();
            case SLOW:
                return hooks.slowPrompt();
            case TOOL_CALLING:
                return hooks.toolCallingPrompt();
            case STOP_SEQUENCE:
                return hooks.stopSequencePrompt();
            default:
                throw new IllegalArgumentException("no hook for the prompt " + kind);
        }
    }

    @Override
    public String stopSequence() {
        return hooks.stopSequence();
    }

    @Override
    public String describe() {
        try {
            ChatModel model = hooks.createModel();
            return model.name() + " " + model.lsParams(CallOptions.NONE).toMetadata() + ", " + hooks.capabilities()
                    + (model instanceof io.github.chattck.core.BaseChatModel ? ", built on BaseChatModel"
                    : ", implements ChatModel directly");
        } catch (RuntimeException e) {
            return "(createModel failed: " + e + ")";
        }
    }
}
