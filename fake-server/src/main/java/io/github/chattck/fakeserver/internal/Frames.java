package io.github.chattck.fakeserver.internal;

import java.util.List;

/**
 * A streamed answer as bytes: the opening frames, one step per scripted chunk (the chunk's delta, preceded by any
 * frames that open a new content block), and the closing frames. Each byte array is one frame, written and flushed
 * on its own.
 *
 * @param prologue before the first chunk (e.g. {@code message_start}, the role frame)
 * @param steps    one entry per scripted chunk; an entry may be empty (Ollama sends a tool call whole)
 * @param epilogue after the last chunk (finish reason, usage, the terminal frame)
 */
public record Frames(List<byte[]> prologue, List<List<byte[]>> steps, List<byte[]> epilogue) {
    /**
     * Copies the lists.
     *
     * @param prologue opening frames
     * @param steps    chunk steps
     * @param epilogue closing frames
     */
    public Frames {
        prologue = List.copyOf(prologue);
        steps = List.copyOf(steps);
        epilogue = List.copyOf(epilogue);
    }

    /**
     * How many frames come before step {@code k} (for dialects that number their events).
     *
     * @param k the step index, 0..steps
     * @return the frame count
     */
    public int framesBefore(int k) {
        int n = prologue.size();
        for (int i = 0; i < k && i < steps.size(); i++) {
            n += steps.get(i).size();
        }
        return n;
    }
}
