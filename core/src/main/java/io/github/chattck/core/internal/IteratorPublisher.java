package io.github.chattck.core.internal;

import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A single-subscriber {@link Flow.Publisher} over a single-use iterator, following the Reactive Streams rules:
 * demand is counted, delivery is serialised through a work-in-progress counter (so {@code request} from
 * inside {@code onNext} does not recurse), {@code request(n <= 0)} signals an error (rule 3.9), and
 * cancellation closes the source. It asks the iterator for the next item once on subscribe and after each
 * delivery, so the end and failures are signalled without demand (at most one item is held ahead of demand).
 * Internal: not part of the API.
 *
 * @param <T> the item type
 */
public final class IteratorPublisher<T> implements Flow.Publisher<T> {
    private final Supplier<Iterator<T>> iteratorSupplier;
    private final Runnable onCancel;
    private final Executor executor;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /**
     * Creates the publisher.
     *
     * @param iteratorSupplier gives the one iterator; may throw IllegalStateException if already iterated
     * @param onCancel         closes the source
     * @param executor         where the drain loop runs
     */
    public IteratorPublisher(Supplier<Iterator<T>> iteratorSupplier, Runnable onCancel, Executor executor) {
        this.iteratorSupplier = iteratorSupplier;
        this.onCancel = onCancel;
        this.executor = executor;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Checks.notNull(subscriber, "subscriber");
        Iterator<T> iterator = null;
        Throwable refusal = null;
        if (!subscribed.compareAndSet(false, true)) {
            refusal = new IllegalStateException("this publisher allows one subscriber; the stream is single-use");
        } else {
            try {
                iterator = iteratorSupplier.get();
            } catch (IllegalStateException e) {
                refusal = e;
            }
        }
        if (refusal != null) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(refusal);
            return;
        }
        new Delivery<>(subscriber, iterator, onCancel, executor).start();
    }

    private static final class Delivery<T> implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super T> subscriber;
        private final Iterator<T> iterator;
        private final Runnable onCancel;
        private final Executor executor;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile Throwable invalidRequest;
        private boolean terminated;

        Delivery(Flow.Subscriber<? super T> subscriber, Iterator<T> iterator, Runnable onCancel, Executor executor) {
            this.subscriber = subscriber;
            this.iterator = iterator;
            this.onCancel = onCancel;
            this.executor = executor;
        }

        void start() {
            // Hold the drain while onSubscribe runs: a request made inside it must not make an executor thread
            // call onNext before onSubscribe has returned (rule 1.3, signals are serial).
            wip.incrementAndGet();
            subscriber.onSubscribe(this);
            // then drain once even without demand: that starts the run, so a provider failing at once is
            // signalled without demand
            executor.execute(this);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                invalidRequest = new IllegalArgumentException(
                        "Reactive Streams rule 3.9: request must be positive but was " + n);
            } else {
                demand.getAndAccumulate(n, (current, add) -> {
                    long sum = current + add;
                    return sum < 0 ? Long.MAX_VALUE : sum;
                });
            }
            schedule();
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                onCancel.run();
            }
        }

        private void schedule() {
            if (wip.getAndIncrement() == 0) {
                executor.execute(this);
            }
        }

        @Override
        public void run() {
            int missed = 1;
            do {
                drain();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drain() {
            while (!terminated && !cancelled) {
                Throwable invalid = invalidRequest;
                if (invalid != null) {
                    terminate();
                    subscriber.onError(invalid);
                    return;
                }
                // Asking for the next item before there is demand for it keeps at most one item pulled ahead:
                // that is what lets the end and a failure be signalled without demand (rules 1.4, 1.5), as the
                // TCK requires, e.g. onComplete right after the last requested item.
                boolean hasNext;
                try {
                    hasNext = iterator.hasNext();
                } catch (Throwable t) {
                    if (!cancelled) {
                        terminate();
                        subscriber.onError(t);
                    }
                    return;
                }
                if (cancelled) {
                    return;
                }
                if (!hasNext) {
                    terminate();
                    subscriber.onComplete();
                    return;
                }
                if (demand.get() == 0) {
                    return;
                }
                T item = iterator.next();
                demand.decrementAndGet();
                subscriber.onNext(item);
            }
        }

        private void terminate() {
            terminated = true;
            cancelled = true;
            onCancel.run();
        }
    }
}
