package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;

/**
 * One slot of a batch run with exceptions returned: the output, or the exception of that input.
 *
 * @param <O> the output type
 */
public final class BatchResult<O> {
    private final O value;
    private final Throwable error;

    private BatchResult(O value, Throwable error) {
        this.value = value;
        this.error = error;
    }

    /**
     * A successful slot.
     *
     * @param value the output
     * @param <O>   the output type
     * @return the slot
     */
    public static <O> BatchResult<O> success(O value) {
        return new BatchResult<>(Checks.notNull(value, "value"), null);
    }

    /**
     * A failed slot.
     *
     * @param error the failure
     * @param <O>   the output type
     * @return the slot
     */
    public static <O> BatchResult<O> failure(Throwable error) {
        return new BatchResult<>(null, Checks.notNull(error, "error"));
    }

    /**
     * Whether this slot holds an output.
     *
     * @return true on success
     */
    public boolean isSuccess() {
        return error == null;
    }

    /**
     * The output.
     *
     * @return the output
     * @throws IllegalStateException if the slot failed (the failure is the cause)
     */
    public O value() {
        if (error != null) {
            throw new IllegalStateException("this batch slot failed: " + error, error);
        }
        return value;
    }

    /**
     * The failure, or null on success.
     *
     * @return the failure or null
     */
    public Throwable error() {
        return error;
    }

    @Override
    public String toString() {
        return isSuccess() ? "success(" + value + ")" : "failure(" + error + ")";
    }
}
