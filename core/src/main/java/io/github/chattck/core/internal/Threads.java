package io.github.chattck.core.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * How long a worker that has just run a producer lingers for the next one before it returns to the pool: spinning
     * for the first {@link #LINGER_SPIN_NANOS}, then yielding its core (so that it keeps no other thread from running).
     * As long as a {@link HandOff}'s consumer yields before it parks.
     */
    private static final long LINGER_NANOS = 100_000L;
    private static final long LINGER_SPIN_NANOS = 2_000L;
    /** The worker lingering for a producer now, if any (one at a time). */
    private static final AtomicReference<Lingering> LINGERING = new AtomicReference<>();
    /** Whether this thread is a worker running producers ({@link #runThenLinger}). */
    private static final ThreadLocal<Boolean> PRODUCER_WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** The offer this worker made before its producer's end ({@link #offerForNextProducer}), if any. */
    private static final ThreadLocal<Lingering> OFFERED = new ThreadLocal<>();

    private Threads() {
    }

    /**
     * Runs a push-style producer on a pool thread. A worker that has just run a producer lingers a little for the next
     * one (as long as a hand-off's consumer waits actively before it parks) and takes it without being woken: runs that
     * follow one another (a test suite streaming from fakes, a batch of streams) then start their producers without a
     * thread wake-up each, which costs tens of microseconds on a virtual machine, more than a short answer's chunks.
     * {@code cancel(true)} on the returned future interrupts the producer, as for a task of {@link #pool()}.
     *
     * @param producer the producer's task
     * @return its future
     */
    public static Future<?> startProducer(Runnable producer) {
        FutureTask<Void> task = new FutureTask<>(producer, null);
        Lingering idle = LINGERING.get();
        if (idle != null && LINGERING.compareAndSet(idle, null)) {
            idle.task = task; // the worker claimed waits for it, however late it comes
        } else {
            POOL.execute(() -> runThenLinger(task));
        }
        return task;
    }

    /**
     * Offers the worker running this producer for the next one, before the producer signals its end: a consumer that
     * starts its next run as soon as it hears the end then finds this worker, instead of waking a parked one while this
     * one lingers for nothing. What it is handed waits until the producer returns (a moment: signalling the end is
     * its last act). Does nothing off the producers' workers, or when a worker lingers already.
     */
    public static void offerForNextProducer() {
        if (!PRODUCER_WORKER.get() || OFFERED.get() != null) {
            return;
        }
        Lingering me = new Lingering();
        if (LINGERING.compareAndSet(null, me)) {
            OFFERED.set(me);
        }
    }

    private static void runThenLinger(Runnable first) {
        PRODUCER_WORKER.set(Boolean.TRUE);
        try {
            Runnable task = first;
            while (task != null) {
                task.run();
                // FutureTask.run returns only once a cancel's interrupt was delivered: clear it, it was meant for that
                // task
                Thread.interrupted();
                task = linger();
            }
        } finally {
            PRODUCER_WORKER.remove();
            OFFERED.remove();
        }
    }

    /** The next producer handed to this worker while it lingers, or null to return to the pool. */
    private static Runnable linger() {
        Lingering me = OFFERED.get();
        OFFERED.remove();
        if (me == null) {
            me = new Lingering();
            if (!LINGERING.compareAndSet(null, me)) {
                return null; // another worker lingers already
            }
        }
        long start = System.nanoTime();
        int spins = 0;
        while (true) {
            Runnable task = me.task;
            if (task != null) {
                return task;
            }
            if ((++spins & 63) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long waited = System.nanoTime() - start;
            if (waited >= LINGER_NANOS) {
                if (LINGERING.compareAndSet(me, null)) {
                    return null;
                }
                // claimed just now: its task follows at once
                while ((task = me.task) == null) {
                    Thread.yield();
                }
                return task;
            }
            if (waited >= LINGER_SPIN_NANOS) {
                Thread.yield();
            }
        }
    }

    /** A worker lingering for a producer: whoever claims it (taking it out of {@link #LINGERING}) hands it one. */
    private static final class Lingering {
        volatile Runnable task;
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
