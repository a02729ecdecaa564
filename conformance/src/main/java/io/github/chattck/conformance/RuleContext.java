package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a rule works with: fresh models and prompts from the subject, the rule's trace, recorders, uniform
 * expectations, and budgets that scale with the model's measured call time. Resolved by {@link ConformanceExtension}
 * as a parameter of each rule method; one per rule run.
 */
public final class RuleContext {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final Rule rule;
    private final Subject subject;
    private final RunTrace trace = new RunTrace();
    private final Duration timeout;
    private final AtomicLong slowestCallNanos = new AtomicLong();
    private final AtomicLong widestGapNanos = new AtomicLong();
    private final boolean parallelTests;

    RuleContext(Rule rule, Subject subject, Duration timeout, boolean parallelTests) {
        this.rule = rule;
        this.subject = subject;
        this.timeout = timeout;
        this.parallelTests = parallelTests;
    }

    /**
     * The rule being checked.
     *
     * @return the rule
     */
    public Rule rule() {
        return rule;
    }

    /**
     * The time a single call may stay silent before the kit calls it a hang ({@code chattck.timeout}).
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The trace of this rule's runs.
     *
     * @return the trace
     */
    public RunTrace trace() {
        return trace;
    }

    /**
     * A fresh model from the subject.
     *
     * @return the model
     */
    public ChatModel model() {
        return subject.newModel();
    }

    /**
     * A new recorder whose callbacks go into the trace.
     *
     * @return the recorder
     */
    public Recorder recorder() {
        return new Recorder(trace);
    }

    Subject subject() {
        return subject;
    }

    /** The rule's subject over the wire, or null when the model is given directly. */
    WireSubject wire() {
        return subject instanceof WireSubject ? (WireSubject) subject : null;
    }

    /** Whether other tests may run at the same time (JUnit parallel execution), so the JVM's threads are not all ours. */
    boolean parallelTests() {
        return parallelTests;
    }

    boolean has(Capability capability) {
        return subject.capabilities().has(capability);
    }

    /**
     * A prompt of the subject; one that the rule's capability promises must be there.
     *
     * @param kind the kind
     * @return the prompt
     */
    ChatInput prompt(Prompt kind) {
        return required(subject.prompt(kind), kind.hook());
    }

    /** The text of the multi-token prompt's last human message (or the prompt itself when it is a string). */
    String promptText() {
        ChatInput prompt = prompt(Prompt.MULTI_TOKEN);
        return prompt.raw() instanceof String ? (String) prompt.raw() : prompt.lastHumanText();
    }

    /**
     * A subject hook that the rule's capability makes mandatory.
     *
     * @param value the hook's value
     * @param hook  the hook's name, for the message
     * @param <T>   its type
     * @return the value
     */
    <T> T required(T value, String hook) {
        if (value == null) {
            throw new AssertionFailedError("the model declares the capabilities " + rule.needs() + " but " + hook
                    + " returns null; implement it to enable " + rule.id());
        }
        return value;
    }

    /**
     * Fails unless {@code condition} holds, with "expected ... but saw ...".
     *
     * @param condition the expectation
     * @param expected  what the rule wants, in words
     * @param saw       what was seen (computed only on failure)
     */
    public void expect(boolean condition, String expected, Supplier<?> saw) {
        if (!condition) {
            throw new AssertionFailedError("expected " + expected + "\n  but saw: " + RunTrace.describe(saw.get()));
        }
    }

    /**
     * Fails unless the two values are equal.
     *
     * @param expected the expected value
     * @param actual   the actual value
     * @param what     what is compared, in words
     */
    public void expectEqual(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionFailedError(what + ": expected " + RunTrace.describe(expected) + "\n  but saw: "
                    + RunTrace.describe(actual), expected, actual);
        }
    }

    /**
     * Stops the rule as not applicable to what the model did (a skip with the reason, never a pass), e.g. a rule
     * that needs a multi-token answer got a one-token one.
     *
     * @param reason why, and how to make the rule apply
     * @return never returns; declared for {@code throw ctx.abort(...)}
     */
    TestAbortedException abort(String reason) {
        throw new TestAbortedException(rule.id() + " does not apply: " + reason);
    }

    /**
     * Invokes and records.
     *
     * @param model  the model
     * @param input  the input
     * @param config the config
     * @return the answer
     */
    public AIMessage invoke(ChatModel model, ChatInput input, RunConfig config) {
        trace.input("invoke", input.raw());
        long start = System.nanoTime();
        AIMessage answer = model.invoke(input, config);
        measured(start);
        trace.output(answer);
        return answer;
    }

    /**
     * Streams to the end and records the chunks.
     *
     * @param model  the model
     * @param input  the input
     * @param config the config
     * @return the chunks
     */
    public List<AIMessageChunk> stream(ChatModel model, ChatInput input, RunConfig config) {
        trace.input("stream", input.raw());
        List<AIMessageChunk> chunks = new ArrayList<>();
        long start = System.nanoTime();
        long last = -1;
        try (RunStream<AIMessageChunk> stream = model.stream(input, config)) {
            for (AIMessageChunk chunk : stream) {
                long now = System.nanoTime();
                if (last >= 0) {
                    long gap = now - last;
                    widestGapNanos.accumulateAndGet(gap, Math::max);
                }
                last = now;
                trace.chunk(chunks.size(), chunk);
                chunks.add(chunk);
            }
        }
        measured(start);
        return chunks;
    }

    /**
     * Streams the events to the end and records them.
     *
     * @param model  the model
     * @param input  the input
     * @param config the config
     * @param filter the filter
     * @return the events
     */
    public List<StreamEvent> events(ChatModel model, ChatInput input, RunConfig config, EventFilter filter) {
        trace.input("streamEvents", input.raw());
        List<StreamEvent> events = new ArrayList<>();
        long start = System.nanoTime();
        try (RunStream<StreamEvent> stream = model.streamEvents(input, config, filter)) {
            for (StreamEvent event : stream) {
                trace.event(event);
                events.add(event);
            }
        }
        measured(start);
        return events;
    }

    /**
     * {@link #events(ChatModel, ChatInput, RunConfig, EventFilter)} keeping every event.
     *
     * @param model  the model
     * @param input  the input
     * @param config the config
     * @return the events
     */
    public List<StreamEvent> events(ChatModel model, ChatInput input, RunConfig config) {
        return events(model, input, config, EventFilter.all());
    }

    /**
     * Invokes a call that should fail.
     *
     * @return what it threw, or null if it answered
     */
    Throwable failureOfInvoke(ChatModel model, ChatInput input, RunConfig config) {
        trace.input("invoke (expected to fail)", input.raw());
        try {
            trace.output(model.invoke(input, config));
            return null;
        } catch (RuntimeException | Error e) {
            trace.note("  threw " + Failures.chain(e));
            return e;
        }
    }

    /**
     * Streams a call that should fail, collecting what arrives before the failure.
     *
     * @param delivered receives the chunks
     * @return what the iterator threw, or null if the stream ended normally
     */
    Throwable failureOfStream(ChatModel model, ChatInput input, RunConfig config, List<AIMessageChunk> delivered) {
        trace.input("stream (expected to fail)", input.raw());
        return failureOf(() -> model.stream(input, config), c -> trace.chunk(delivered.size(), c), delivered);
    }

    /**
     * Streams the events of a call that should fail, collecting what arrives before the failure.
     *
     * @param delivered receives the events
     * @return what the iterator threw, or null if the stream ended normally
     */
    Throwable failureOfEvents(ChatModel model, ChatInput input, RunConfig config, List<StreamEvent> delivered) {
        trace.input("streamEvents (expected to fail)", input.raw());
        return failureOf(() -> model.streamEvents(input, config), trace::event, delivered);
    }

    private <T> Throwable failureOf(Supplier<RunStream<T>> open, java.util.function.Consumer<T> traced, List<T> delivered) {
        try (RunStream<T> stream = open.get()) {
            for (T item : stream) {
                traced.accept(item);
                delivered.add(item);
            }
            return null;
        } catch (RuntimeException | Error e) {
            trace.note("  threw " + Failures.chain(e));
            return e;
        }
    }

    /** Records how long a complete call took, from {@code startNanos} until now. */
    void measured(long startNanos) {
        slowestCallNanos.accumulateAndGet(System.nanoTime() - startNanos, Math::max);
    }

    /**
     * The longest complete call seen in this rule so far.
     *
     * @return the duration, zero before any call
     */
    Duration slowestCall() {
        return Duration.ofNanos(slowestCallNanos.get());
    }

    /**
     * How long a released call may take to let go of its threads: {@code floor}, or three times the widest gap seen
     * between two chunks (a producer notices a close at its next chunk at the latest), whichever is longer. Not the
     * whole call's time: a producer that keeps running to the end of its answer after a close is what this catches.
     *
     * @param floor the least
     * @return the grace period
     */
    Duration releaseGrace(Duration floor) {
        Duration scaled = Duration.ofNanos(widestGapNanos.get()).multipliedBy(3);
        return scaled.compareTo(floor) > 0 ? scaled : floor;
    }

    /**
     * A wait that scales with the model: {@code floor}, or {@code factor} times the slowest call seen, whichever is
     * longer. A correct model that takes a second per call gets seconds, a fast one the floor.
     *
     * @param floor  the least
     * @param factor times the slowest call
     * @return the budget
     */
    Duration budget(Duration floor, int factor) {
        Duration scaled = slowestCall().multipliedBy(factor);
        return scaled.compareTo(floor) > 0 ? scaled : floor;
    }

    /**
     * Waits on purpose (the watchdog knows it is the kit, not the model, that is quiet).
     *
     * @param duration how long
     * @throws InterruptedException if interrupted
     */
    void pause(Duration duration) throws InterruptedException {
        trace.quietFor(duration.toNanos());
        Thread.sleep(Math.max(1, duration.toMillis()));
    }

    /**
     * Polls {@code condition} until it holds or {@code limit} passed.
     *
     * @param condition what to wait for
     * @param limit     the longest wait
     * @return whether it held
     * @throws InterruptedException if interrupted
     */
    boolean awaitTrue(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        trace.quietFor(limit.toNanos());
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_NANOS / 1_000_000);
        }
        return true;
    }
}
