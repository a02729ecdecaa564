package io.github.chattck.core.internal;

/**
 * The one policy for failures of code the kit calls but does not own (listeners, a source's {@code close()}, a
 * cancel action): they are logged and the run goes on, whatever they throw (checked exceptions thrown sneakily
 * included), except a {@link VirtualMachineError} or a {@link ThreadDeath}, which propagate: the JVM, or the
 * thread, cannot go on. Internal: not part of the API.
 */
public final class Faults {
    private static final String CHUNK_SOURCE_LOGGER = "io.github.chattck.core.ChunkSource";

    private Faults() {
    }

    /**
     * Rethrows {@code t} if nothing should survive it.
     *
     * @param t a failure that was caught
     * @throws VirtualMachineError if {@code t} is one
     * @throws ThreadDeath         if {@code t} is one
     */
    public static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
        if (t instanceof ThreadDeath) {
            throw (ThreadDeath) t;
        }
    }

    /**
     * Closes a provider's resource; a failure is logged as a warning (logger {@code io.github.chattck.core.ChunkSource})
     * and never changes how the run ends.
     *
     * @param resource the resource, not null
     * @param owner    whose resource it is, for the message
     */
    public static void closeLogging(AutoCloseable resource, String owner) {
        try {
            resource.close();
        } catch (Throwable t) {
            rethrowIfFatal(t);
            System.getLogger(CHUNK_SOURCE_LOGGER).log(System.Logger.Level.WARNING, "closing the chunk source of "
                    + owner + " failed; the run ends as it would have without this failure", t);
        }
    }
}
