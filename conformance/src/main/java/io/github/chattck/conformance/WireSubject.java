package io.github.chattck.conformance;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.fakeserver.FakeLlmScope;

import java.util.List;
import java.util.Set;

/**
 * The subject of one rule when the provider is tested over the wire: models from the {@link WireTarget}'s factory,
 * pointed at a scope of the kit's fake server that plays {@link Scenarios#standard()}, so that every prompt is
 * there, answered the same way every time. For the rules that ask for a tool call, a model that declares
 * toolCalling gets {@link Scenarios#GET_WEATHER} bound, as an application binds its tools (only for those: a bound
 * model is a wrapper, and the other rules test the provider's own model, its own {@code batch} included). The WIRE
 * rules script the scope for themselves and read its journal.
 */
final class WireSubject implements Subject {
    /** The rules that ask for {@link Prompt#TOOL_CALLING} or send a tool-call history. */
    private static final Set<Rule> TOOL_RULES = Set.of(Rule.STR_10, Rule.STR_16, Rule.WIRE_3, Rule.WIRE_6);

    private final WireTarget target;
    private final Capabilities capabilities;
    private final FakeLlmScope scope;
    private final Endpoint endpoint;
    private final boolean offersTheTool;

    WireSubject(WireTarget target, Capabilities capabilities, FakeLlmScope scope, Rule rule) {
        this.target = target;
        this.offersTheTool = capabilities.has(Capability.TOOL_CALLING) && TOOL_RULES.contains(rule);
        this.capabilities = capabilities;
        this.scope = scope.script(Scenarios.standard());
        this.endpoint = new Endpoint(scope.baseUrl(), target.dialect(), Endpoint.API_KEY);
    }

    @Override
    public ChatModel newModel() {
        ChatModel model = unboundModel();
        return offersTheTool ? model.bindTools(List.of(Scenarios.GET_WEATHER)) : model;
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
