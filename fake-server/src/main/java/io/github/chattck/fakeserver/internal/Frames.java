package io.github.chattck.fakeserver.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntFunction;

/**
 * A streamed answer as bytes: the opening frames, one step per scripted chunk (the chunk's delta, preceded by any
 * frames that open a new content block), and the closing frames. Each byte array is one frame. The steps may be
 * rendered as they are sent ({@link #onDemand}), so that a long answer's first frames reach the client while the
 * server renders the next.
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
        steps = steps instanceof OnDemand ? steps : List.copyOf(steps);
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

    /**
     * Steps rendered when they are asked for, each time: rendering must give the same frames every time (an answer's
     * id and times are fixed before).
     *
     * @param size   the number of steps
     * @param render renders step k
     * @return the steps, an unmodifiable list
     */
    public static List<List<byte[]>> onDemand(int size, IntFunction<List<byte[]>> render) {
        return new OnDemand(size, render);
    }

    /** The unmodifiable list of {@link #onDemand}. */
    private static final class OnDemand extends AbstractList<List<byte[]>> implements RandomAccess {
        private final int size;
        private final IntFunction<List<byte[]>> render;

        OnDemand(int size, IntFunction<List<byte[]>> render) {
            this.size = size;
            this.render = render;
        }

        @Override
        public List<byte[]> get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("step " + index + " of " + size);
            }
            return render.apply(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
