package io.github.chattck.core;

/**
 * Wraps a checked exception thrown by a provider, so that it can reach the caller through the unchecked
 * {@code invoke} / {@code stream} methods. The provider's exception is the {@linkplain #getCause() cause};
 * unchecked provider exceptions are never wrapped.
 */
public final class ChatModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the provider's exception
     */
    public ChatModelException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns {@code t} unchanged when it is unchecked, wrapped otherwise.
     *
     * @param what what failed, for the message of a wrapper
     * @param t    the exception
     * @return a runtime exception to throw
     */
    public static RuntimeException propagate(String what, Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ChatModelException(what + " failed: " + t, t);
    }
}
