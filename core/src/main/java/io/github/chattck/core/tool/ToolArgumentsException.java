package io.github.chattck.core.tool;

/**
 * Tool-call argument text that is not a JSON object. The message names the problem and quotes the text (shortened
 * when long); {@link #text()} holds all of it, for an {@link io.github.chattck.core.message.InvalidToolCall}.
 */
public final class ToolArgumentsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * The text that failed to parse.
     *
     * @serial
     */
    private final String text;
    /**
     * What was wrong with it.
     *
     * @serial
     */
    private final String reason;

    ToolArgumentsException(String reason, String text, Throwable cause) {
        super("tool call arguments must be a JSON object but " + reason + ": " + quote(text), cause);
        this.text = text;
        this.reason = reason;
    }

    /**
     * The text that failed to parse, in full.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * What was wrong with the text, without the text itself (e.g. {@code "the text ends inside a value"}).
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    private static final int SHOWN = 200;

    private static String quote(String text) {
        if (text.length() <= SHOWN) {
            return '"' + text + '"';
        }
        return '"' + text.substring(0, SHOWN) + "\"... (" + text.length() + " characters in all)";
    }
}
