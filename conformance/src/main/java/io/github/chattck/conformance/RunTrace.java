package io.github.chattck.conformance;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the model did during one rule (inputs, chunks, events, callbacks), kept to be appended to a failure
 * message so that a provider author sees the run that broke the rule. Thread-safe; bounded in memory.
 */
public final class RunTrace {
    private static final int MAX_LINES = 400;
    private static final int SHOWN_LINES = 30;
    private static final int MAX_LINE_CHARS = 160;

    private final List<String> lines = new ArrayList<>();
    private int dropped;
    /** When the model last showed a sign of life (a line was traced), for telling a hang from a slow model. */
    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());

    RunTrace() {
    }

    /** Counts as activity without a line: the kit itself is waiting on purpose, or something flowed. */
    void touch() {
        quietFor(0);
    }

    /** Keeps the watchdog quiet until {@code nanos} from now: the kit is about to wait that long on purpose. */
    void quietFor(long nanos) {
        long until = System.nanoTime() + nanos;
        lastActivityNanos.accumulateAndGet(until, (a, b) -> a - b >= 0 ? a : b);
    }

    long lastActivityNanos() {
        return lastActivityNanos.get();
    }

    /**
     * The last traced line, for a message about what happened last.
     *
     * @return the line, or "(nothing)"
     */
    String lastLine() {
        synchronized (lines) {
            return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1).trim();
        }
    }

    /**
     * Adds a free-form line.
     *
     * @param line the line
     */
    public void note(String line) {
        touch();
        synchronized (lines) {
            if (lines.size() >= MAX_LINES) {
                dropped++;
                return;
            }
            lines.add(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line);
        }
    }

    void input(String call, Object input) {
        note(call + " input=" + describe(input));
    }

    void chunk(int index, AIMessageChunk chunk) {
        note("  chunk " + index + ": " + describe(chunk));
    }

    void event(StreamEvent event) {
        note("  event " + event.event() + " name=" + event.name() + " run_id=" + event.runId()
                + (event.parentIds().isEmpty() ? "" : " parent_ids=" + event.parentIds()));
    }

    void output(AIMessage message) {
        note("  output: " + describe(message));
    }

    /**
     * The trace as text: the last lines, with a note of what was cut.
     *
     * @return the rendering, or "(nothing ran)"
     */
    public String render() {
        synchronized (lines) {
            if (lines.isEmpty()) {
                return "(nothing ran)";
            }
            StringBuilder sb = new StringBuilder();
            int from = Math.max(0, lines.size() - SHOWN_LINES);
            if (from > 0 || dropped > 0) {
                sb.append("  ... ").append(from + dropped).append(" earlier line(s) cut\n");
            }
            for (int i = from; i < lines.size(); i++) {
                sb.append("  ").append(lines.get(i)).append('\n');
            }
            return sb.toString();
        }
    }

    static String describe(Object value) {
        if (value instanceof AIMessageChunk) {
            AIMessageChunk c = (AIMessageChunk) value;
            return "AIMessageChunk{content=\"" + c.content() + "\", id=" + c.id()
                    + (c.toolCallChunks().isEmpty() ? "" : ", toolCallChunks=" + c.toolCallChunks())
                    + (c.usageMetadata() == null ? "" : ", usage=" + c.usageMetadata())
                    + (c.responseMetadata().isEmpty() ? "" : ", responseMetadata=" + c.responseMetadata()) + "}";
        }
        if (value instanceof AIMessage) {
            AIMessage m = (AIMessage) value;
            return "AIMessage{content=\"" + m.content() + "\", id=" + m.id()
                    + (m.toolCalls().isEmpty() ? "" : ", toolCalls=" + m.toolCalls())
                    + (m.usageMetadata() == null ? "" : ", usage=" + m.usageMetadata()) + "}";
        }
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }
}
