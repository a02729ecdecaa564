package io.github.chattck.fakeserver.internal;

/** A request body the dialect cannot take: answered 400 with the dialect's error body naming the problem. */
public final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String param;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the bad value
     * @param param   the offending field's path (OpenAI's {@code param}), or null
     */
    public InvalidRequestException(String message, String param) {
        super(message);
        this.param = param;
    }

    /**
     * The offending field's path.
     *
     * @return e.g. {@code messages[2].role}, or null
     */
    public String param() {
        return param;
    }
}
