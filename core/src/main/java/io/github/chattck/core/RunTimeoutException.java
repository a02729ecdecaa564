package io.github.chattck.core;

import java.time.Duration;
import java.util.UUID;

/** A call took longer than the {@link RunConfig#timeout()} it was given. */
public final class RunTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The id of the run that timed out. */
    private final UUID runId;
    /** The timeout that passed. */
    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param runName the run's name
     * @param runId   the run's id
     * @param timeout the timeout that passed
     */
    public RunTimeoutException(String runName, UUID runId, Duration timeout) {
        super("run '" + runName + "' (" + runId + ") did not finish within its timeout of " + timeout
                + " (RunConfig.timeout)");
        this.runId = runId;
        this.timeout = timeout;
    }

    /**
     * The run that timed out.
     *
     * @return its id
     */
    public UUID runId() {
        return runId;
    }

    /**
     * The timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
