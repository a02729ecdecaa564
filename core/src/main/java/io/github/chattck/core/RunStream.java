package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.IteratorPublisher;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The items of one run as they are produced: pull-based, single-use, closeable.
 * <ul>
 *   <li>Iterate it once (for-each, {@link #toList()}, {@link #toStream()} or {@link #toPublisher()});
 *       a second iteration throws {@link IllegalStateException}.</li>
 *   <li>Nothing is produced ahead of the consumer: each {@code hasNext()} pulls at most one item from the
 *       provider.</li>
 *   <li>{@link #close()} (try-with-resources) stops the provider and releases it; after it, nothing more is
 *       delivered. Closing is idempotent and may be called from any thread.</li>
 *   <li>A failure of the provider is thrown by {@code hasNext()}/{@code next()}, after the items already
 *       delivered.</li>
 * </ul>
 *
 * @param <T> the item type: {@link io.github.chattck.core.message.AIMessageChunk} for a chat model's
 *            {@code stream}, {@link io.github.chattck.core.event.StreamEvent} for {@code streamEvents}
 */
public final class RunStream<T> implements Iterable<T>, AutoCloseable {

    /**
     * The pull side a stream reads from. Implementations come from the kit's runs; users do not normally
     * implement it.
     *
     * @param <T> the item type
     */
    public interface Pull<T> {
        /**
         * The next item, blocking until it exists.
         *
         * @return the item, or null at the end
         */
        T next();

        /** Stops producing and releases resources; called at most once, from any thread. */
        void close();
    }

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(RunStream.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Pull<T> pull;
    private final AtomicBoolean iterated = new AtomicBoolean();
    /** A field, not an AtomicBoolean: it is read twice per item, and one load is cheaper than two. */
    private volatile boolean closed;

    private RunStream(Pull<T> pull) {
        this.pull = pull;
    }

    /**
     * A stream over a pull.
     *
     * @param pull the pull side
     * @param <T>  the item type
     * @return the stream
     */
    public static <T> RunStream<T> of(Pull<T> pull) {
        return new RunStream<>(Checks.notNull(pull, "pull"));
    }

    /**
     * The pull side of a stream that nobody else will iterate, for {@code streamEvents}, which pulls the items of the
     * run it streams the events of straight from it: the events' own stream then is the only iterator on the path (two
     * nested iterators of this class would be one method twice in the JIT's inlining, which it declines).
     *
     * @throws IllegalStateException if the stream was already iterated
     */
    static <T> Pull<T> pullOf(RunStream<T> stream) {
        if (!stream.iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("this RunStream was already iterated");
        }
        return stream.pull;
    }

    /**
     * The one iterator of this stream.
     *
     * @return the iterator
     * @throws IllegalStateException if the stream was already iterated (or viewed as a Stream or Publisher)
     */
    @Override
    public Iterator<T> iterator() {
        if (!iterated.compareAndSet(false, true)) {
            throw new IllegalStateException("this RunStream was already iterated; a stream is single-use, "
                    + "call stream() again for a new run");
        }
        return new Iterator<>() {
            private T lookahead;
            private boolean done;

            // hasNext and next stay small, so that the JIT inlines them into the caller's loop; the pull is one call
            @Override
            public boolean hasNext() {
                return lookahead != null || pullNext();
            }

            @Override
            public T next() {
                T item = lookahead;
                if (item == null) {
                    if (!pullNext()) {
                        throw new NoSuchElementException("the stream has no more items");
                    }
                    item = lookahead;
                }
                lookahead = null;
                return item;
            }

            private boolean pullNext() {
                if (done || closed) {
                    return false;
                }
                T item;
                try {
                    item = pull.next();
                } catch (RuntimeException | Error e) {
                    done = true;
                    throw e;
                }
                if (item == null || closed) {
                    done = true;
                    return false;
                }
                lookahead = item;
                return true;
            }
        };
    }

    /**
     * Reads the whole stream into a list, then closes it.
     *
     * @return the items, in order
     */
    public List<T> toList() {
        List<T> items = new ArrayList<>();
        try (this) {
            for (T item : this) {
                items.add(item);
            }
        }
        return items;
    }

    /**
     * A sequential {@link Stream} view; closing it closes this stream.
     *
     * @return the stream view
     */
    public Stream<T> toStream() {
        Spliterator<T> spliterator = Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(this::close);
    }

    /**
     * A {@link Flow.Publisher} view for one subscriber, delivering on the thread that calls {@code subscribe}
     * or {@code request}. It honours demand (no {@code onNext} beyond it) and cancellation (closes this stream).
     * The run starts when the subscriber subscribes, and the view keeps at most one item pulled ahead of demand,
     * so that it can signal the end and failures without demand as Reactive Streams requires (a provider that
     * fails at once gets {@code onError} right after {@code onSubscribe}; the last item is followed by
     * {@code onComplete} without a further request).
     * A second subscriber, or a subscriber after iteration, receives {@code onError(IllegalStateException)}.
     *
     * @return the publisher view
     */
    public Flow.Publisher<T> toPublisher() {
        return new IteratorPublisher<>(this::iterator, this::close, Runnable::run);
    }

    /**
     * A {@link Flow.Publisher} view that delivers on {@code executor} (for example, to keep the provider's
     * blocking reads off the subscriber's thread).
     *
     * @param executor where items are pulled and delivered
     * @return the publisher view
     */
    public Flow.Publisher<T> toPublisher(Executor executor) {
        return new IteratorPublisher<>(this::iterator, this::close, Checks.notNull(executor, "executor"));
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the provider and releases it; nothing is delivered after it. Idempotent, thread-safe. */
    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, false, true)) {
            pull.close();
        }
    }
}
