package io.github.chattck.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider call made on the consumer's own thread that another thread can cancel: {@link #cancel()} prevents a
 * call that has not begun and interrupts one that is running, and only that call: the interrupt never outlives
 * it (a consumer's thread is not left interrupted once the call returned). This is how a close() from another
 * thread releases a consumer blocked opening a provider's stream, without a thread hop on every stream.
 * Internal: not part of the API.
 */
public final class InterruptibleCall {
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int INTERRUPTING = 2;
    private static final int CANCELLED = 3;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile Thread runner;

    /**
     * Runs {@code call} on the calling thread, unless this was cancelled.
     *
     * @param call the provider call
     * @param <T>  its result type
     * @return its result (also when it ignored a cancel and returned anyway: the caller checks whether it was closed)
     * @throws CancellationException if {@link #cancel()} came first
     * @throws Exception             what the call throws (an {@link InterruptedException} when a cancel
     *                               interrupted it)
     */
    public <T> T call(Callable<T> call) throws Exception {
        runner = Thread.currentThread();
        if (!state.compareAndSet(IDLE, RUNNING)) {
            runner = null;
            throw new CancellationException("closed before the provider was called");
        }
        try {
            return call.call();
        } finally {
            if (!state.compareAndSet(RUNNING, IDLE)) {
                // cancelled while running: wait until the interrupt was delivered, then take it back, so that it
                // cannot hit the consumer's own code after this call
                while (state.get() == INTERRUPTING) {
                    Thread.onSpinWait();
                }
                Thread.interrupted();
            }
            runner = null;
        }
    }

    /** Prevents any later call and interrupts the running one, if any. Idempotent; any thread. */
    public void cancel() {
        while (true) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, CANCELLED)) {
                    return;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, INTERRUPTING)) {
                    try {
                        runner.interrupt();
                    } finally {
                        state.set(CANCELLED);
                    }
                    return;
                }
            } else {
                return;
            }
        }
    }
}
