package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.util.function.Supplier;

/**
 * A scripted failure of one turn: fail before the first chunk, fail after chunk k, or hang until the call is
 * cancelled (closed, timed out or interrupted). A fresh exception is made for every call that hits the fault.
 */
public final class Fault {
    private final int afterChunks;
    private final boolean hang;
    private final Supplier<? extends Exception> error;

    private Fault(int afterChunks, boolean hang, Supplier<? extends Exception> error) {
        this.afterChunks = afterChunks;
        this.hang = hang;
        this.error = error;
    }

    /**
     * Fails before the first chunk (and {@code invoke} fails).
     *
     * @param error makes the exception
     * @return the fault
     */
    public static Fault beforeFirstChunk(Supplier<? extends Exception> error) {
        return afterChunk(0, error);
    }

    /**
     * Delivers {@code k} chunks, then fails ({@code invoke} fails too).
     *
     * @param k     chunks delivered before the failure, {@code >= 0}
     * @param error makes the exception
     * @return the fault
     */
    public static Fault afterChunk(int k, Supplier<? extends Exception> error) {
        Checks.argument(k >= 0, "the fault's chunk index must be >= 0 but was %d", k);
        return new Fault(k, false, Checks.notNull(error, "error"));
    }

    /**
     * Delivers {@code k} chunks, then blocks until the call is cancelled; {@code invoke} blocks too. For timeout
     * tests.
     *
     * @param k chunks delivered before hanging, {@code >= 0}
     * @return the fault
     */
    public static Fault hangAfterChunk(int k) {
        Checks.argument(k >= 0, "the fault's chunk index must be >= 0 but was %d", k);
        return new Fault(k, true, null);
    }

    /**
     * How many chunks are delivered before the fault.
     *
     * @return {@code >= 0}
     */
    public int afterChunks() {
        return afterChunks;
    }

    /**
     * Whether this fault hangs rather than fails.
     *
     * @return true for a hang
     */
    public boolean hangs() {
        return hang;
    }

    /**
     * The exception for one call.
     *
     * @return a new exception
     * @throws IllegalStateException for a hang, which has no exception
     */
    public Exception newError() {
        if (hang) {
            throw new IllegalStateException("a hang has no exception");
        }
        return Checks.notNull(error.get(), "the fault's exception");
    }

    @Override
    public String toString() {
        return (hang ? "hangAfterChunk(" : "failAfterChunk(") + afterChunks + ")";
    }
}
