package io.github.chattck.core.internal;

import io.github.chattck.core.ChunkSink;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A bounded hand-off from producer threads to the consumer: a {@link ChunkSource} on one side, a
 * {@link ChunkSink} on the other. Nothing is lost or reordered (one FIFO queue, one terminal signal after all
 * chunks), and nothing grows without bound (the producer blocks while the queue is full).
 * Internal: not part of the API.
 */
public final class HandOff implements ChunkSource, ChunkSink {
    /** How many chunks may wait for the consumer before the producer blocks. */
    public static final int DEFAULT_CAPACITY = 32;

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

    private final BlockingQueue<Object> queue;
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Consumer<HandOff> starter;
    private volatile Runnable cancelAction;
    private final AtomicBoolean cancelActionRan = new AtomicBoolean();
    private volatile Future<?> producerTask;
    private boolean finished;

    private HandOff(Consumer<HandOff> starter, int capacity) {
        this.starter = starter;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
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
            self.producerTask = Threads.pool().submit(() -> {
                try {
                    producer.produce(self);
                    self.complete();
                } catch (Throwable t) {
                    self.error(t);
                }
            });
            if (self.cancelled.get()) {
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
     * The next chunk, waiting at most until {@code deadlineNanos} ({@link System#nanoTime()} based).
     *
     * @param deadlineNanos the deadline, or {@code Long.MAX_VALUE} for none
     * @return the chunk, or null at the end
     * @throws DeadlinePassed  if the deadline passes first
     * @throws Exception        the producer's failure
     */
    public AIMessageChunk poll(long deadlineNanos) throws Exception {
        if (finished) {
            return null;
        }
        if (started.compareAndSet(false, true) && !cancelled.get()) {
            starter.accept(this); // never after a close: the provider would start a request nobody reads
        }
        Object item;
        if (deadlineNanos == Long.MAX_VALUE) {
            item = queue.take();
        } else {
            item = queue.poll(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new DeadlinePassed();
            }
        }
        if (item == COMPLETE) {
            finished = true;
            return null;
        }
        if (item instanceof Failure) {
            finished = true;
            Throwable t = ((Failure) item).error;
            if (t instanceof Exception) {
                throw (Exception) t;
            }
            throw (Error) t;
        }
        return (AIMessageChunk) item;
    }

    @Override
    public void close() {
        if (cancelled.compareAndSet(false, true)) {
            Future<?> task = producerTask;
            if (task != null) {
                task.cancel(true);
            }
            runCancelAction();
            queue.clear();
            // wake a consumer blocked in poll on another thread: it must return, not wait for chunks that the
            // cancelled producer will no longer hand over (the slot is free, the queue was just cleared)
            queue.offer(COMPLETE);
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
        try {
            while (!cancelled.get()) {
                // bounded wait so a producer blocked on a full queue notices a close promptly
                if (queue.offer(chunk, 10, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        if (!terminated.compareAndSet(false, true) || cancelled.get()) {
            return;
        }
        // the queue has one slot more than the bound, kept for the terminal signal, but a producer may have
        // filled it; wait for the consumer rather than drop the signal
        try {
            while (!cancelled.get() && !queue.offer(signal, 10, TimeUnit.MILLISECONDS)) {
                // keep waiting for room or a close
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void onCancel(Runnable action) {
        Checks.notNull(action, "action");
        cancelAction = action;
        if (cancelled.get()) {
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
