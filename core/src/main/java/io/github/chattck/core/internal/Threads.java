package io.github.chattck.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kit's one thread pool: cached daemon threads for push-style producers, timeouts and batch workers.
 * Threads are reused across calls (creating one per call costs more than the work at high chunk rates) and
 * never keep the JVM alive. Internal: not part of the API.
 */
public final class Threads {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ThreadFactory FACTORY = r -> {
        Thread t = new Thread(r, "chat-tck-worker-" + COUNTER.incrementAndGet());
        t.setDaemon(true);
        return t;
    };
    private static final ExecutorService POOL = Executors.newCachedThreadPool(FACTORY);

    private Threads() {
    }

    /**
     * The shared pool.
     *
     * @return the executor
     */
    public static ExecutorService pool() {
        return POOL;
    }
}
