package io.github.chattck.conformance;

import io.github.chattck.core.BatchResult;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.HumanMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The bodies of the batch rules (BAT-*), called by {@link ChatModelConformanceTests}. */
final class BatchRules {
    private BatchRules() {
    }

    /** BAT-1. */
    @SuppressWarnings("StringOperationCanBeSimplified") // distinct String objects tell the runs apart
    static void batchKeepsSizeAndOrder(RuleContext ctx) {
        String text = ctx.promptText();
        // the same question three times, as three distinct objects: the run whose start callback received an input is
        // that input's run, so order is checked without comparing answers (a model need not be deterministic)
        List<ChatInput> inputs = List.of(ChatInput.of(new String(text)), ChatInput.of(List.of(new HumanMessage(text))),
                ChatInput.of(new String(text)));
        ChatModel model = ctx.model();
        Recorder recorder = ctx.recorder();
        ctx.trace().note("batch of " + inputs.size() + " x " + RunTrace.describe(text) + " (as String, [human], String)");
        long start = System.nanoTime();
        List<AIMessage> outputs = model.batch(inputs, RunConfig.builder().maxConcurrency(2).listener(recorder).build());
        ctx.measured(start);
        ctx.expect(outputs != null && outputs.size() == inputs.size(), inputs.size() + " outputs", () -> outputs);
        for (int i = 0; i < outputs.size(); i++) {
            AIMessage out = outputs.get(i);
            int slot = i;
            ctx.expect(out != null && (!out.content().isEmpty() || !out.toolCalls().isEmpty()),
                    "an answer in slot " + slot, () -> out);
        }
        expectEachSlotHoldsItsRunsAnswer(ctx, inputs, outputs, recorder);
        if (ctx.has(Capability.DETERMINISTIC)) {
            for (int i = 0; i < inputs.size(); i++) {
                AIMessage alone = ctx.invoke(ctx.model(), inputs.get(i), RunConfig.defaults());
                ctx.expectEqual(Answers.essence(alone, outputs.get(i)), Answers.essence(outputs.get(i), alone), "slot " + i + " of the batch"
                        + " (its own run's answer) vs invoking its input alone (deterministic model): the answer changed"
                        + " when calls ran together, so per-call state is shared between concurrent calls");
            }
        }
        Recorder emptyRecorder = ctx.recorder();
        List<AIMessage> empty = ctx.model().batch(List.of(), RunConfig.builder().listener(emptyRecorder).build());
        ctx.expect(empty != null && empty.isEmpty(), "an empty list for an empty batch", () -> empty);
        ctx.expect(emptyRecorder.calls().isEmpty(), "no run for an empty batch", emptyRecorder::calls);
    }

    private static void expectEachSlotHoldsItsRunsAnswer(RuleContext ctx, List<ChatInput> inputs, List<AIMessage> outputs,
                                                         Recorder recorder) {
        List<Recorder.Callback> starts = recorder.callbacks("start");
        List<Recorder.Callback> ends = recorder.callbacks("end");
        for (int i = 0; i < inputs.size(); i++) {
            Recorder.Callback run = runOf(inputs.get(i), starts);
            if (run == null) {
                ctx.trace().note("slot " + i + ": no start callback received its input as passed; order not checked");
                continue;
            }
            Object own = endOutput(run, ends);
            int slot = i;
            if (!Objects.equals(own, outputs.get(i))) {
                int other = -1;
                for (int j = 0; j < inputs.size(); j++) {
                    Recorder.Callback r = runOf(inputs.get(j), starts);
                    if (r != null && Objects.equals(endOutput(r, ends), outputs.get(i))) {
                        other = j;
                    }
                }
                int from = other;
                ctx.expect(false, "slot " + slot + " to hold the answer of the run that received input " + slot,
                        () -> from >= 0 ? "the answer of the run that received input " + from + " (outputs out of order)"
                                : RunTrace.describe(outputs.get(slot)) + ", which no run of the batch reported at its end");
            }
        }
    }

    /** The run whose start callback received this very input object (or its messages). */
    private static Recorder.Callback runOf(ChatInput input, List<Recorder.Callback> starts) {
        Recorder.Callback found = null;
        for (Recorder.Callback s : starts) {
            Object in = s.payload();
            if (in == input.raw() || in == input || in == input.messages()) {
                if (found != null) {
                    return null;
                }
                found = s;
            }
        }
        return found;
    }

    private static Object endOutput(Recorder.Callback start, List<Recorder.Callback> ends) {
        for (Recorder.Callback e : ends) {
            if (e.run().runId().equals(start.run().runId())) {
                return e.payload();
            }
        }
        return null;
    }

    /** BAT-2; over the wire, the requests in flight at the server are counted too. */
    static void batchHonoursMaxConcurrency(RuleContext ctx) throws InterruptedException {
        Recorder recorder = ctx.recorder();
        List<ChatInput> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(ctx.prompt(Prompt.MULTI_TOKEN));
        }
        ChatModel model = ctx.model();
        long since = System.nanoTime();
        List<AIMessage> outputs = model.batch(inputs, RunConfig.builder().maxConcurrency(2).listener(recorder).build());
        ctx.expect(outputs.size() == 8, "8 outputs", () -> outputs);
        ctx.expect(recorder.maxOpenRuns() <= 2, "at most 2 runs open at once (maxConcurrency 2)",
                () -> recorder.maxOpenRuns() + " runs open at once");
        ctx.expect(recorder.count("start chat_model") == 8 && recorder.count("end chat_model") == 8,
                "8 runs started and ended", recorder::calls);
        if (ctx.wire() != null) {
            WireRules.expectAtMostInFlight(ctx, since, 2);
        }
    }

    /** BAT-3. */
    static void batchReturnsExceptionsInTheirSlots(RuleContext ctx) {
        ChatInput failing = ctx.prompt(Prompt.FAILING);
        List<ChatInput> inputs = List.of(ctx.prompt(Prompt.MULTI_TOKEN), failing, ctx.prompt(Prompt.MULTI_TOKEN));
        ctx.trace().note("batchReturningExceptions [ok, failing, ok]");
        Recorder recorder = ctx.recorder();
        List<BatchResult<AIMessage>> results = ctx.model().batchReturningExceptions(inputs,
                RunConfig.builder().maxConcurrency(1).listener(recorder).build());
        ctx.expect(results.size() == 3, "3 results", () -> results);
        ctx.expect(results.get(0).isSuccess() && results.get(2).isSuccess(), "slots 0 and 2 to succeed", () -> results);
        ctx.expect(!results.get(1).isSuccess() && results.get(1).error() != null,
                "slot 1 (the failing prompt) to hold its exception", () -> results);
        Throwable invoked = ctx.failureOfInvoke(ctx.model(), failing, RunConfig.defaults());
        Failures.expectKept(ctx, "batchReturningExceptions (slot 1)", results.get(1).error(), recorder.errors(),
                invoked == null ? Map.of() : Map.of("invoke()", invoked));
    }
}
