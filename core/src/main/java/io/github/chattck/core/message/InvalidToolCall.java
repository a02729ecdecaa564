package io.github.chattck.core.message;

/**
 * A tool call whose arguments could not be parsed as a JSON object. Kept rather than thrown, so a
 * malformed answer from a model never breaks the stream; the raw text is here to inspect.
 *
 * @param id    the call's id, may be null
 * @param name  the tool's name, may be null
 * @param args  the raw arguments text, never null
 * @param error why the arguments are invalid, never null
 */
public record InvalidToolCall(String id, String name, String args, String error) {
    /**
     * Creates an invalid tool call.
     *
     * @param id    the call's id, may be null
     * @param name  the tool's name, may be null
     * @param args  the raw text, null read as ""
     * @param error the reason, null read as ""
     */
    public InvalidToolCall {
        args = args == null ? "" : args;
        error = error == null ? "" : error;
    }
}
