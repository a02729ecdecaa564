package io.github.chattck.core.internal;

import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessageChunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A bounded hand-off from producer threads to the consumer: a {@link ChunkSource} on one side, a
 * {@link ChunkSink} on the other. Nothing is lost or reordered (one FIFO ring, one terminal signal after all
 * chunks), and nothing grows without bound (a producer waits while {@code capacity} chunks wait for the consumer).
 * Internal: not part of the API.
 * <p>
 * How it stays cheap when the consumer keeps up: producers claim a slot of a ring with one compare-and-set and
 * write the chunk into it; the consumer reads slots in order with no lock at all, and tells producers which slots
 * are free again only once per batch of chunks (a quarter of the capacity). A side with nothing to do (the consumer
 * with nothing to take, a producer with no room) spins for a couple of microseconds, then yields its core for up to
 * a tenth of a millisecond, and only then parks; the other side wakes it only if it really parked. So a producer and
 * a consumer that keep pace hand chunks over in batches without waking a thread, and a consumer waiting for the
 * network parks as it would on a blocking queue.
 * <p>
 * A provider that calls the sink from inside its start callback, on the consumer's own thread, cannot wait for the
 * consumer: the chunks beyond the ring's room are then kept in order in a list until the consumer takes them
 * (a synchronous provider has produced them anyway; waiting would hang).
 */
public final class HandOff extends HandOffIndexes implements ChunkSource, ChunkSink {
    /** How many chunks may wait for the consumer before a producer waits. */
    public static final int DEFAULT_CAPACITY = 32;
    private static final int MAX_CAPACITY = 1 << 20;

    /**
     * How long a side with nothing to do spins before it yields: what the other side needs for a batch of chunks when
     * both run at once, on two cores.
     */
    private static final long SPIN_NANOS = 2_000L;
    /**
     * Until when it then yields its core before it parks: when both sides share one core (a scheduler may put a
     * thread where the one that woke it runs), spinning would only keep the other side from running, and parking
     * would cost a wake-up per batch; yielding lets it run at once. Little CPU to burn while waiting for a network
     * that takes milliseconds.
     */
    private static final long YIELD_NANOS = 100_000L;
    /** Spinning reads the clock once per this many + 1 turns (reading it costs more than a turn). */
    private static final int CLOCK_EVERY = 63;
    /** A producer waiting for room re-checks at least this often (a notify from the consumer normally wakes it). */
    private static final long ROOM_WAIT_MILLIS = 10;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(AIMessageChunk[].class);
    /**
     * Unused slots before and after the ring's own: the array's length (read by every bounds check on both sides)
     * and whatever lies next to the array stay off the lines producers write.
     */
    private static final int RING_PAD = 16;
    private static final VarHandle CANCELLED;

    static {
        try {
            CANCELLED = MethodHandles.lookup().findVarHandle(HandOff.class, "cancelled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Object COMPLETE = new Object();

    /**
     * The deadline of a {@link #poll(long)} (or of another wait of the run) passed. A type of its own, so that
     * the run's timeout is never confused with a {@link TimeoutException} thrown by the provider itself.
     */
    public static final class DeadlinePassed extends TimeoutException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public DeadlinePassed() {
            super("the run's deadline passed");
        }
    }

    private final AIMessageChunk[] ring;
    private final int mask;
    private final int capacity;
    /** The consumer frees slots for producers once per this many chunks taken (and whenever it has to wait). */
    private final int releaseBatch;
    private final Consumer<HandOff> starter;
    private final AtomicBoolean terminated = new AtomicBoolean();
    /** {@link #COMPLETE} or a {@link Failure}, set after the last chunk was handed over. */
    private volatile Object terminal;
    private volatile boolean cancelled;
    private volatile Runnable cancelAction;
    private final AtomicBoolean cancelActionRan = new AtomicBoolean();
    private volatile Future<?> producerTask;
    /** The consumer while it parks, for producers (and a close) to wake. */
    private volatile Thread parkedConsumer;
    /** Producers waiting in {@link #roomLock} for the consumer to free slots. */
    private final AtomicInteger waitingProducers = new AtomicInteger();
    private final Object roomLock = new Object();
    /** The consumer's thread while it runs the start callback (a producer on it must not wait for itself). */
    private Thread startingThread;

    private HandOff(Consumer<HandOff> starter, int capacity) {
        Checks.argument(capacity > 0 && capacity <= MAX_CAPACITY, "capacity must be in 1..%d but was %d", MAX_CAPACITY,
                capacity);
        this.starter = starter;
        this.capacity = capacity;
        int size = 1;
        while (size < capacity) {
            size <<= 1; // a power of two, so that a slot is an index masked, not divided
        }
        this.ring = new AIMessageChunk[RING_PAD + size + RING_PAD];
        this.mask = size - 1;
        this.releaseBatch = Math.max(1, capacity / 4);
        this.producerLimit = capacity;
    }

    /**
     * A hand-off fed by callbacks registered by {@code start}.
     *
     * @param start    registers the callbacks; called on the first pull
     * @param capacity the bound
     * @return the source
     */
    public static HandOff fromCallbacks(Consumer<ChunkSink> start, int capacity) {
        return new HandOff(start::accept, capacity);
    }

    /**
     * A hand-off fed by a blocking producer on a pool thread.
     *
     * @param producer the producer
     * @param capacity the bound
     * @return the source
     */
    public static HandOff onThread(ChunkSource.Producer producer, int capacity) {
        return new HandOff(self -> {
            self.producerTask = Threads.startProducer(() -> {
                try {
                    producer.produce(self);
                    // before the end is signalled: the consumer may start its next run as soon as it hears it
                    Threads.offerForNextProducer();
                    self.complete();
                } catch (Throwable t) {
                    Threads.offerForNextProducer();
                    self.error(t);
                }
            });
            if (self.cancelled) {
                // closed from another thread before the task was assigned: close() could not interrupt it
                self.producerTask.cancel(true);
            }
        }, capacity);
    }

    /**
     * A hand-off that drives any source on a pool thread, so that the consumer can wait with a deadline.
     *
     * @param source the source to drive
     * @return the source
     */
    public static HandOff driving(ChunkSource source) {
        AtomicBoolean sourceClosed = new AtomicBoolean();
        Runnable closeSource = () -> {
            if (sourceClosed.compareAndSet(false, true)) {
                // as without a timeout: a failing close is logged and the run ends as it would have
                Faults.closeLogging(source, "the provider");
            }
        };
        return onThread(sink -> {
            // a close (consumer or timeout) closes the source at once: a read blocked in next() that ignores
            // interrupts (a socket read) only returns when its resource is closed
            sink.onCancel(closeSource);
            try {
                AIMessageChunk chunk;
                while ((chunk = source.next()) != null) {
                    if (!sink.next(chunk)) {
                        return;
                    }
                }
            } finally {
                closeSource.run();
            }
        }, DEFAULT_CAPACITY);
    }

    @Override
    public AIMessageChunk next() throws Exception {
        return poll(Long.MAX_VALUE);
    }

    /**
     * The next chunk, waiting at most until {@code deadlineNanos} ({@link System#nanoTime()} based). Consumer side:
     * one consumer thread at a time.
     *
     * @param deadlineNanos the deadline, or {@code Long.MAX_VALUE} for none
     * @return the chunk, or null at the end (or once closed)
     * @throws DeadlinePassed       if the deadline passes first
     * @throws InterruptedException if the consumer's thread is interrupted while it waits
     * @throws Exception            the producer's failure
     */
    public AIMessageChunk poll(long deadlineNanos) throws Exception {
        if (finished) {
            return null;
        }
        if (!started) {
            start();
        }
        long c = consumerIndex;
        if (spilled != null && c == spillIndex) {
            AIMessageChunk early = spilled.pollFirst();
            if (early != null && !cancelled) {
                return early;
            }
            spilled = null;
        }
        int slot = RING_PAD + ((int) c & mask);
        AIMessageChunk chunk = (AIMessageChunk) SLOT.getAcquire(ring, slot);
        if (chunk == null || cancelled) {
            chunk = await(c, slot, deadlineNanos);
            if (chunk == null) {
                return null;
            }
        }
        ring[slot] = null; // producers see it with the next release, which publishes the slot as free
        consumerIndex = ++c;
        if (c - releasedByConsumer >= releaseBatch) {
            release(c);
        }
        return chunk;
    }

    /**
     * Frees every slot the consumer has taken so far, at once: a producer waiting for room goes on. For consumers
     * that must not leave taken slots counted as full, e.g. before asking a publisher for more.
     */
    public void releaseTaken() {
        if (releasedByConsumer != consumerIndex) {
            release(consumerIndex);
        }
    }

    private void start() {
        started = true;
        if (cancelled) {
            return; // never after a close: the provider would start a request nobody reads
        }
        startingThread = Thread.currentThread();
        try {
            starter.accept(this);
        } finally {
            startingThread = null;
        }
    }

    /** Waits for slot {@code c}: the chunk, or null at the end or once closed. */
    private AIMessageChunk await(long c, int slot, long deadlineNanos) throws Exception {
        releaseTaken(); // before waiting, so that a producer waiting for room is not waiting for this consumer
        long spinStart = System.nanoTime();
        int spins = 0;
        while (true) {
            if (cancelled) {
                finished = true;
                return null;
            }
            AIMessageChunk chunk = (AIMessageChunk) SLOT.getAcquire(ring, slot);
            if (chunk != null) {
                return chunk;
            }
            // the producers' index is on a line they write for every chunk: read it only when the end has come
            // (the terminal signal is set after the last claim, so read it first, then look for claims once more)
            Object end = terminal;
            if (end != null && producerIndex == c) {
                finished = true;
                return ended(end);
            }
            if ((++spins & CLOCK_EVERY) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long now = System.nanoTime();
            if (deadlineNanos != Long.MAX_VALUE && now - deadlineNanos >= 0) {
                throw new DeadlinePassed();
            }
            if (!idle(now - spinStart)) {
                park(c, deadlineNanos);
            }
        }
    }

    /** After waiting so long: true to go on waiting actively (spinning, then yielding), false to park. */
    private static boolean idle(long waitedNanos) {
        if (waitedNanos < SPIN_NANOS) {
            return true;
        }
        if (waitedNanos < YIELD_NANOS) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /** Parks until a producer, the end or a close wakes the consumer (or the deadline, or an interrupt). */
    private void park(long c, long deadlineNanos) throws InterruptedException {
        parkedConsumer = Thread.currentThread();
        try {
            // re-check after announcing the park: a producer that claimed before it did not see the announcement
            if (cancelled || producerIndex != c || terminal != null) {
                return;
            }
            if (deadlineNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, deadlineNanos - System.nanoTime());
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the provider's next chunk");
            }
        } finally {
            parkedConsumer = null;
        }
    }

    private static AIMessageChunk ended(Object end) throws Exception {
        if (end == COMPLETE) {
            return null;
        }
        Throwable t = ((Failure) end).error;
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        throw (Error) t;
    }

    private void release(long upTo) {
        releasedByConsumer = upTo;
        releasedIndex = upTo;
        if (waitingProducers.get() != 0) {
            synchronized (roomLock) {
                roomLock.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        if (!CANCELLED.compareAndSet(this, false, true)) {
            return;
        }
        Future<?> task = producerTask;
        if (task != null) {
            task.cancel(true);
        }
        runCancelAction();
        // a consumer waiting on another thread must return now, not wait for chunks the cancelled producer will no
        // longer hand over; a producer waiting for room must give up
        Thread consumer = parkedConsumer;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
        if (waitingProducers.get() != 0) {
            synchronized (roomLock) {
                roomLock.notifyAll();
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code chunk} is null; the consumer receives the same exception, so that the
     *                              provider's mistake never leaves it waiting
     */
    @Override
    public boolean next(AIMessageChunk chunk) {
        if (chunk == null) {
            throw failConsumer(new NullPointerException("the chunk handed to ChunkSink.next must not be null"));
        }
        if (terminated.get()) {
            throw new IllegalStateException("chunk handed over after complete() or error(): " + chunk);
        }
        while (true) {
            if (cancelled) {
                return false;
            }
            long p = producerIndex;
            if (p >= producerLimit) {
                long limit = releasedIndex + capacity;
                if (p >= limit) {
                    if (Thread.currentThread() == startingThread) {
                        spill(chunk, p);
                        return true;
                    }
                    if (!awaitRoom(p)) {
                        return false;
                    }
                    continue;
                }
                producerLimit = limit;
            }
            if (PRODUCER_INDEX.compareAndSet(this, p, p + 1)) {
                SLOT.setRelease(ring, RING_PAD + ((int) p & mask), chunk);
                // read after the claim: a consumer that announced its park before the claim is woken, and one that
                // announces it later sees the claim and does not park
                Thread consumer = parkedConsumer;
                if (consumer != null) {
                    LockSupport.unpark(consumer);
                }
                return true;
            }
        }
    }

    /**
     * A chunk handed over on the consumer's thread inside its start callback, with the ring full (and it stays full
     * until the callback returns, since the consumer takes nothing meanwhile: every later chunk of the callback
     * comes here too, in order).
     */
    private void spill(AIMessageChunk chunk, long at) {
        if (spilled == null) {
            spilled = new ArrayDeque<>();
            spillIndex = at;
        }
        spilled.addLast(chunk);
    }

    /** Waits until slot {@code p} is within the room; false if the consumer closed or the thread was interrupted. */
    private boolean awaitRoom(long p) {
        long spinStart = System.nanoTime();
        int spins = 0;
        while (releasedIndex + capacity <= p) {
            if (cancelled) {
                return false;
            }
            if ((++spins & CLOCK_EVERY) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (idle(System.nanoTime() - spinStart)) {
                continue;
            }
            waitingProducers.incrementAndGet();
            try {
                synchronized (roomLock) {
                    // bounded waits: also notice a close promptly should a notify ever be missed
                    while (!cancelled && releasedIndex + capacity <= p) {
                        roomLock.wait(ROOM_WAIT_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waitingProducers.decrementAndGet();
            }
        }
        return !cancelled;
    }

    @Override
    public void complete() {
        terminate(COMPLETE);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException if {@code error} is null; the consumer receives the same exception
     */
    @Override
    public void error(Throwable error) {
        if (error == null) {
            throw failConsumer(new NullPointerException("the failure handed to ChunkSink.error must not be null"));
        }
        terminate(new Failure(error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error));
    }

    /** Ends the stream with the provider's misuse, so that the consumer gets it too; returns it for the provider. */
    private NullPointerException failConsumer(NullPointerException misuse) {
        terminate(new Failure(misuse));
        return misuse;
    }

    private void terminate(Object signal) {
        if (!terminated.compareAndSet(false, true) || cancelled) {
            return;
        }
        terminal = signal; // after every chunk handed over before it: the consumer delivers those first
        Thread consumer = parkedConsumer;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable action) {
        Checks.notNull(action, "action");
        cancelAction = action;
        if (cancelled) {
            runCancelAction();
        }
    }

    private void runCancelAction() {
        Runnable action = cancelAction;
        if (action == null || !cancelActionRan.compareAndSet(false, true)) {
            return;
        }
        try {
            action.run();
        } catch (Throwable t) {
            Faults.rethrowIfFatal(t);
            System.getLogger(HandOff.class.getName()).log(System.Logger.Level.WARNING, "cancel action failed", t);
        }
    }

    private static final class Failure {
        final Throwable error;

        Failure(Throwable error) {
            this.error = error;
        }
    }
}
