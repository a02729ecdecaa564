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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a rule method works with: fresh models from the subject, the rule's trace, recorders, and uniform
 * expectations. Resolved by {@link ConformanceExtension} as a parameter of each rule method; one per rule run.
 */
public final class RuleContext {
    private final Rule rule;
    private final ChatModelConformanceTests subject;
    private final RunTrace trace = new RunTrace();
    private final Duration timeout;

    RuleContext(Rule rule, ChatModelConformanceTests subject, Duration timeout) {
        this.rule = rule;
        this.subject = subject;
        this.timeout = timeout;
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
     * The per-rule timeout in force.
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
     * A fresh model from the subject's factory.
     *
     * @return the model
     */
    public ChatModel model() {
        ChatModel model = subject.createModel();
        if (model == null) {
            throw new AssertionFailedError("createModel() returned null; it must return a fresh model for every call");
        }
        return model;
    }

    /**
     * A new recorder whose callbacks go into the trace.
     *
     * @return the recorder
     */
    public Recorder recorder() {
        return new Recorder(trace);
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
            throw new AssertionFailedError("the model declares the capability " + rule.needs() + " but " + hook
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
        if (!java.util.Objects.equals(expected, actual)) {
            throw new AssertionFailedError(what + ": expected " + RunTrace.describe(expected) + "\n  but saw: "
                    + RunTrace.describe(actual), expected, actual);
        }
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
        AIMessage answer = model.invoke(input, config);
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
        try (RunStream<AIMessageChunk> stream = model.stream(input, config)) {
            for (AIMessageChunk chunk : stream) {
                trace.chunk(chunks.size(), chunk);
                chunks.add(chunk);
            }
        }
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
        try (RunStream<StreamEvent> stream = model.streamEvents(input, config, filter)) {
            for (StreamEvent event : stream) {
                trace.event(event);
                events.add(event);
            }
        }
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

    ChatModelConformanceTests subject() {
        return subject;
    }
}
