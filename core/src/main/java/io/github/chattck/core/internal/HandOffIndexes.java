package io.github.chattck.core.internal;

import io.github.chattck.core.message.AIMessageChunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * The fields of a {@link HandOff} that change while chunks flow, grouped by who writes them, each group on cache
 * lines of its own: the producers' index (written for every chunk), the consumer's own state (written for every
 * chunk) and the released index (written by the consumer once per batch, read by producers). Were two of these
 * groups on one line, every chunk would move that line between the two cores. The padding fields are never read;
 * a superclass chain is the one way Java fixes the order of fields (the JVM lays out a superclass's fields before
 * a subclass's). Internal: not part of the API.
 */
abstract class HandOffIndexes extends HandOffReleasedIndex {
    /** The producers' index, for their compare-and-set. */
    static final VarHandle PRODUCER_INDEX;

    static {
        try {
            PRODUCER_INDEX = MethodHandles.lookup().findVarHandle(HandOffProducerFields.class, "producerIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next slot the consumer reads. */
    long consumerIndex;
    /** The value of {@code releasedIndex} the consumer last published. */
    long releasedByConsumer;
    /** The slot before which the {@link #spilled} chunks come. */
    long spillIndex;
    boolean started;
    boolean finished;
    /** Chunks a start callback handed over, on the consumer's thread, beyond the ring's room (see {@link HandOff}). */
    ArrayDeque<AIMessageChunk> spilled;
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6;
}

/** The padding before the producers' fields. */
abstract class HandOffLeadingPadding {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
}

/** What producers write for every chunk (or batch). */
abstract class HandOffProducerFields extends HandOffLeadingPadding {
    /** The next slot a producer claims (compare-and-set, so several producers may hand over at once). */
    volatile long producerIndex;
    /**
     * Producers' cached view of where the room ends: slots below it may be claimed without reading
     * {@code releasedIndex}. Racy on purpose: any value a producer reads was once true, and room only grows.
     */
    long producerLimit;
    @SuppressWarnings("unused")
    private long r1, r2, r3, r4, r5, r6;
}

/** What the consumer publishes once per batch for producers. */
abstract class HandOffReleasedIndex extends HandOffProducerFields {
    /** Slots below this index are free for producers again. */
    volatile long releasedIndex;
    @SuppressWarnings("unused")
    private long s1, s2, s3, s4, s5, s6, s7;
}
