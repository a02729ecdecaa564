package io.github.chattck.fakeserver.internal;

import java.io.IOException;

/** A request that is not valid HTTP/1.1 (answered 400 and the connection closed). */
public final class BadHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the bad value
     */
    public BadHttpException(String message) {
        super(message);
    }
}
