package io.github.chattck.fakes;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.RunInfo;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One call a scripted fake received: its number, messages, options (stop sequences, tools offered, tool choice) and
 * run (id, name, tags, metadata), whether it streamed, and when each chunk was due on the fake's clock. Also what
 * request matchers see.
 */
public final class RecordedCall {
    private final int number;
    private final List<Message> messages;
    private final CallOptions options;
    private final boolean streamed;
    private final long startNanos;
    private final List<Duration> chunkTimes = new ArrayList<>();

    RecordedCall(int number, List<Message> messages, CallOptions options, boolean streamed, long startNanos) {
        this.number = number;
        this.messages = List.copyOf(messages);
        this.options = options;
        this.streamed = streamed;
        this.startNanos = startNanos;
    }

    /**
     * The call's number on its model, from 1.
     *
     * @return the number
     */
    public int number() {
        return number;
    }

    /**
     * The messages the model received.
     *
     * @return the messages
     */
    public List<Message> messages() {
        return messages;
    }

    /**
     * The call's options (stop sequences, provider options) and its run.
     *
     * @return the options
     */
    public CallOptions options() {
        return options;
    }

    /**
     * The run of the call: its id, name, tags, metadata and parents, as the run config made them.
     *
     * @return the run
     */
    public RunInfo run() {
        return options.run();
    }

    /**
     * The tools the call offered the model (from the config or a {@code bindTools}).
     *
     * @return the tools, in order; empty when none
     */
    public List<ToolDefinition> tools() {
        return options.tools();
    }

    /**
     * The names of the tools the call offered.
     *
     * @return the names, in order
     */
    public List<String> toolNames() {
        List<String> names = new ArrayList<>(options.tools().size());
        for (ToolDefinition t : options.tools()) {
            names.add(t.name());
        }
        return names;
    }

    /**
     * The tool choice of the call.
     *
     * @return the choice, or null when none was set
     */
    public ToolChoice toolChoice() {
        return options.toolChoice();
    }

    /**
     * Whether the call streamed ({@code stream}, {@code streamEvents}) rather than generated ({@code invoke},
     * {@code batch}, or the single-chunk fallback).
     *
     * @return true for a streamed call
     */
    public boolean streamed() {
        return streamed;
    }

    /**
     * The text of the last human message, or null if there is none.
     *
     * @return the text or null
     */
    public String lastHumanMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof HumanMessage) {
                return messages.get(i).content();
            }
        }
        return null;
    }

    /**
     * When each delivered chunk was due, measured on the fake's clock from the call's start; with a
     * {@link VirtualClock} these are exact sums of the scripted delays.
     *
     * @return a snapshot, in chunk order
     */
    public List<Duration> chunkTimes() {
        synchronized (chunkTimes) {
            return List.copyOf(chunkTimes);
        }
    }

    void chunkDue(long nowNanos) {
        synchronized (chunkTimes) {
            chunkTimes.add(Duration.ofNanos(nowNanos - startNanos));
        }
    }

    @Override
    public String toString() {
        return "call #" + number + (streamed ? " (stream)" : " (generate)") + " last human message: "
                + (lastHumanMessage() == null ? "none" : "\"" + lastHumanMessage() + "\"")
                + (options.tools().isEmpty() ? "" : ", tools offered: " + toolNames())
                + (options.toolChoice() == null ? "" : ", tool choice: " + options.toolChoice());
    }
}
