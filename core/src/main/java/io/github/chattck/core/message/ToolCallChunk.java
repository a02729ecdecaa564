package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;

/**
 * A fragment of a tool call as it streams. Fragments with the same {@code index} belong to one call:
 * {@code id} and {@code name} usually come with the first fragment, {@code args} is a piece of the
 * JSON text of the arguments.
 *
 * @param index the position of the call in the message, {@code >= 0}
 * @param id    the call's id, or null if this fragment does not carry it
 * @param name  the tool's name, or null if this fragment does not carry it
 * @param args  a fragment of the arguments' JSON text, never null (null is read as "")
 */
public record ToolCallChunk(int index, String id, String name, String args) {
    /**
     * Creates a tool call fragment.
     *
     * @param index the position of the call, {@code >= 0}
     * @param id    the call's id, may be null
     * @param name  the tool's name, may be null
     * @param args  the fragment of the arguments, null read as ""
     */
    public ToolCallChunk {
        Checks.argument(index >= 0, "index must be >= 0 but was %d", index);
        args = args == null ? "" : args;
    }

    /**
     * A fragment that carries only arguments text, for the chunks after the first.
     *
     * @param index the call's position
     * @param args  the fragment
     * @return the fragment
     */
    public static ToolCallChunk args(int index, String args) {
        return new ToolCallChunk(index, null, null, args);
    }
}
