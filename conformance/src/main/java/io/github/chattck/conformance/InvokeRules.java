package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The bodies of the invoke rules (INV-*), called by {@link ChatModelConformanceTests}. */
final class InvokeRules {
    private InvokeRules() {
    }

    /** INV-1. */
    static void invokeStringAnswers(RuleContext ctx) {
        String text = ctx.promptText();
        ctx.trace().input("invoke(String)", text);
        long start = System.nanoTime();
        AIMessage answer = ctx.model().invoke(text);
        ctx.measured(start);
        ctx.expect(answer != null, "invoke(String) to return an AIMessage", () -> null);
        ctx.trace().output(answer);
        ctx.expect(!answer.content().isEmpty() || !answer.toolCalls().isEmpty(), "an answer with text or tool calls",
                () -> answer);
    }

    /** INV-2. */
    static void invokeMessagesAcceptsAHistory(RuleContext ctx) {
        List<Message> history = List.of(new SystemMessage("You are a helpful assistant."),
                new HumanMessage("Hi, my name is Ada."), AIMessage.of("Hello Ada, how can I help?"),
                new HumanMessage(ctx.promptText()));
        AIMessage answer = ctx.invoke(ctx.model(), ChatInput.of(history), RunConfig.defaults());
        ctx.expect(answer != null && (!answer.content().isEmpty() || !answer.toolCalls().isEmpty()),
                "an AI answer with text or tool calls to a four-message history", () -> answer);
    }

    /** INV-3. */
    static void finalMessageHasAnId(RuleContext ctx) {
        UUID runId = UUID.randomUUID();
        Recorder recorder = ctx.recorder();
        AIMessage answer = ctx.invoke(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN),
                RunConfig.builder().runId(runId).listener(recorder).build());
        ctx.expect(answer.id() != null && !answer.id().isBlank(), "a non-blank message id", answer::id);
        ctx.expect(!answer.id().startsWith("run-") || answer.id().equals("run-" + runId),
                "a run id to be run-" + runId + " (the config's runId)", answer::id);
        ctx.expect(recorder.endOutputs().size() == 1 && answer.equals(recorder.endOutputs().get(0)),
                "the end callback to report the same message, id included", recorder::endOutputs);
    }

    /** INV-4. */
    static void badInputFailsFast(RuleContext ctx) {
        ChatModel model = ctx.model();
        Recorder recorder = ctx.recorder();
        RunConfig config = RunConfig.builder().listener(recorder).build();
        expectThrows(ctx, NullPointerException.class, "invoke((String) null)", () -> model.invoke((String) null, config));
        expectThrows(ctx, NullPointerException.class, "invoke((ChatInput) null)", () -> model.invoke((ChatInput) null, config));
        expectThrows(ctx, IllegalArgumentException.class, "invoke(empty list)", () -> model.invoke(List.of(), config));
        expectThrows(ctx, NullPointerException.class, "invoke([human, null])",
                () -> model.invoke(Arrays.asList(new HumanMessage("hi"), null), config));
        expectThrows(ctx, NullPointerException.class, "stream((ChatInput) null)", () -> model.stream((ChatInput) null, config));
        expectThrows(ctx, IllegalArgumentException.class, "stream(empty list)", () -> model.stream(List.of(), config));
        ctx.expect(recorder.calls().isEmpty(), "no run to start for bad input (the provider must not be called)",
                recorder::calls);
    }

    /** INV-5. */
    static void failingInvokeKeepsItsFailure(RuleContext ctx) throws InterruptedException {
        ChatInput failing = ctx.prompt(Prompt.FAILING);
        Recorder recorder = ctx.recorder();
        Throwable thrown = ctx.failureOfInvoke(ctx.model(), failing, RunConfig.builder().listener(recorder).build());
        ctx.expect(thrown != null, "invoke(failingPrompt()) to throw the provider's failure", () -> "an answer");
        // a run reports its end before the call returns; a little slack for a model that reports from its own thread
        ctx.awaitTrue(() -> recorder.terminals() > 0, ctx.budget(Duration.ofMillis(200), 1));
        ctx.expect(recorder.callbacks("error").size() == 1, "exactly one error callback for the failed invoke",
                recorder::calls);
        ctx.expect(recorder.callbacks("end").isEmpty(), "no end callback for the failed invoke", recorder::calls);
        Throwable streamed = ctx.failureOfStream(ctx.model(), failing, RunConfig.defaults(), new ArrayList<>());
        Failures.expectKept(ctx, "invoke()", thrown, recorder.errors(),
                streamed == null ? Map.of() : Map.of("stream()", streamed));
    }

    static void expectThrows(RuleContext ctx, Class<? extends Throwable> type, String call, Executable action) {
        Throwable thrown = null;
        try {
            action.execute();
        } catch (Throwable t) {
            thrown = t;
        }
        Throwable seen = thrown;
        ctx.expect(type.isInstance(seen), call + " to throw " + type.getSimpleName(), () -> seen == null ? "no exception" : seen);
        ctx.expect(seen.getMessage() != null && !seen.getMessage().isBlank(), call + " to throw with a message naming the bad value",
                () -> seen);
        ctx.trace().note(call + " threw " + seen);
    }
}
