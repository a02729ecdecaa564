package io.github.chattck.conformance;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.fakeserver.FakeLlmScope;

import java.util.List;

/**
 * The subject of one rule when the provider is tested over the wire: models from the {@link WireTarget}'s factory,
 * pointed at a scope of the kit's fake server that plays {@link Scenarios#standard()}, so that every prompt is
 * there, answered the same way every time. A model that declares toolCalling gets {@link Scenarios#GET_WEATHER}
 * bound for every call, as an application binds its tools. The WIRE rules script the scope for themselves and read
 * its journal.
 */
final class WireSubject implements Subject {
    private final WireTarget target;
    private final Capabilities capabilities;
    private final FakeLlmScope scope;
    private final Endpoint endpoint;

    WireSubject(WireTarget target, Capabilities capabilities, FakeLlmScope scope) {
        this.target = target;
        this.capabilities = capabilities;
        this.scope = scope.script(Scenarios.standard());
        this.endpoint = new Endpoint(scope.baseUrl(), target.dialect(), Endpoint.API_KEY);
    }

    @Override
    public ChatModel newModel() {
        ChatModel model = unboundModel();
        return capabilities.has(Capability.TOOL_CALLING) ? model.bindTools(List.of(Scenarios.GET_WEATHER)) : model;
    }

    /** A fresh model without the kit's tool, for a rule that offers its own. */
    ChatModel unboundModel() {
        return target.newModel(endpoint);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public ChatInput prompt(Prompt kind) {
        return Scenarios.prompt(kind);
    }

    @Override
    public String stopSequence() {
        return Scenarios.STOP;
    }

    /** The rule's scope of the fake server: its script and journal. */
    FakeLlmScope scope() {
        return scope;
    }

    Dialect dialect() {
        return target.dialect();
    }

    /** Ends the rule: its scope goes (requests still in flight end with the server). */
    void close() {
        scope.close();
    }

    @Override
    public String describe() {
        return describe(target, unboundModel(), capabilities) + " at " + endpoint.baseUrl();
    }

    static String describe(WireTarget target, ChatModel model, Capabilities capabilities) {
        return model.name() + " " + model.lsParams(CallOptions.NONE).toMetadata() + ", " + capabilities
                + (model instanceof BaseChatModel ? ", built on BaseChatModel" : ", implements ChatModel directly")
                + ", over the kit's fake server in the " + target.dialect() + " dialect";
    }
}
