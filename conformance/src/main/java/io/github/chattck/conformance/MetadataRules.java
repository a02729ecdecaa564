package io.github.chattck.conformance;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;

import java.util.List;
import java.util.Map;

/** The bodies of the metadata rules (META-*), called by {@link ChatModelConformanceTests}. */
final class MetadataRules {
    private static final String STOP = "\n\nEND";

    private MetadataRules() {
    }

    /** META-1. */
    static void lsParameters(RuleContext ctx) {
        ChatModel model = ctx.model();
        checkLsParameters(ctx, model.lsParams(CallOptions.NONE).toMetadata(), List.of(), "lsParams without stop");
        checkLsParameters(ctx, model.lsParams(new CallOptions(List.of(STOP), Map.of())).toMetadata(),
                List.of(STOP), "lsParams with stop");
        StreamEvent start = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults()).get(0);
        checkLsParameters(ctx, start.metadata(), List.of(), "the start event's metadata without stop");
        StreamEvent stopped = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().stop(STOP).build()).get(0);
        checkLsParameters(ctx, stopped.metadata(), List.of(STOP), "the start event's metadata with stop");
    }

    /** META-2. */
    static void stopSequenceIsHonoured(RuleContext ctx) {
        ChatInput prompt = ctx.prompt(Prompt.STOP_SEQUENCE);
        String stop = ctx.required(ctx.subject().stopSequence(), "stopSequence()");
        AIMessage unstopped = ctx.invoke(ctx.model(), prompt, RunConfig.defaults());
        ctx.expect(unstopped.content().contains(stop), "the stop-sequence prompt's answer to contain '" + stop
                + "' without stop (check the subject's hooks)", () -> unstopped);
        RunConfig config = RunConfig.builder().stop(stop).build();
        AIMessage stopped = ctx.invoke(ctx.model(), prompt, config);
        ctx.expect(!stopped.content().contains(stop), "invoke's answer to stop before '" + stop + "'", () -> stopped);
        AIMessage streamed = Answers.aggregate(ctx.stream(ctx.model(), prompt, config));
        ctx.expect(!streamed.content().contains(stop), "the streamed answer to stop before '" + stop + "' too (the"
                + " stop sequence must reach streamChunks, not only generate)", () -> streamed);
        StreamEvent start = ctx.events(ctx.model(), prompt, config).get(0);
        ctx.expectEqual(List.of(stop), start.metadata().get("ls_stop"), "ls_stop in the event metadata");
    }

    static void checkLsParameters(RuleContext ctx, Map<String, Object> metadata, List<String> stop, String where) {
        Object provider = metadata.get("ls_provider");
        Object modelName = metadata.get("ls_model_name");
        ctx.expect(provider instanceof String && !((String) provider).isBlank(), "a non-blank string ls_provider in " + where,
                () -> metadata);
        ctx.expect(modelName instanceof String && !((String) modelName).isBlank(), "a non-blank string ls_model_name in "
                + where, () -> metadata);
        ctx.expectEqual("chat", metadata.get("ls_model_type"), "ls_model_type in " + where);
        Object temperature = metadata.get("ls_temperature");
        ctx.expect(temperature == null || temperature instanceof Number, "ls_temperature absent or a number in " + where,
                () -> metadata);
        Object maxTokens = metadata.get("ls_max_tokens");
        ctx.expect(maxTokens == null || maxTokens instanceof Integer || maxTokens instanceof Long,
                "ls_max_tokens absent or an integer in " + where, () -> metadata);
        if (stop.isEmpty()) {
            ctx.expect(!metadata.containsKey("ls_stop"), "no ls_stop without stop sequences in " + where, () -> metadata);
        } else {
            ctx.expectEqual(stop, metadata.get("ls_stop"), "ls_stop in " + where);
        }
    }
}
