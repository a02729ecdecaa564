package io.github.chattck.core;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Small providers for the core tests (the scripted fakes live in their own module, which depends on core).
 * Each one counts how it was called, so that tests can check "provider not called" and "stopped early".
 */
final class TestModels {
    /** How long a test waits for something that should happen at once; only reached when a test fails. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private TestModels() {
    }

    /** Awaits a latch within {@link #PATIENCE}, failing with {@code what} if it does not open. */
    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Text-only chunks, one per string. */
    static List<AIMessageChunk> chunks(String... texts) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        for (String t : texts) {
            chunks.add(AIMessageChunk.of(t));
        }
        return chunks;
    }

    /** A provider that implements only generate: it answers with a fixed message. */
    static class GenerateOnly extends BaseChatModel {
        final AIMessage answer;
        final AtomicInteger generateCalls = new AtomicInteger();
        final List<List<Message>> seenMessages = Collections.synchronizedList(new ArrayList<>());
        final List<CallOptions> seenOptions = Collections.synchronizedList(new ArrayList<>());

        GenerateOnly(AIMessage answer) {
            this.answer = answer;
        }

        GenerateOnly(String text) {
            this(AIMessage.of(text));
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) throws Exception {
            generateCalls.incrementAndGet();
            seenMessages.add(messages);
            seenOptions.add(options);
            return answer;
        }
    }

    /** A pull-style streaming provider over fixed chunks; generate aggregates them. */
    static class Streaming extends BaseChatModel {
        final List<AIMessageChunk> chunks;
        final AtomicInteger generateCalls = new AtomicInteger();
        final AtomicInteger streamCalls = new AtomicInteger();
        final List<CallOptions> seenOptions = Collections.synchronizedList(new ArrayList<>());

        Streaming(List<AIMessageChunk> chunks) {
            this.chunks = List.copyOf(chunks);
        }

        Streaming(String... texts) {
            this(chunks(texts));
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            generateCalls.incrementAndGet();
            seenOptions.add(options);
            ChunkAggregator aggregator = new ChunkAggregator();
            chunks.forEach(aggregator::add);
            return aggregator.toMessage();
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            streamCalls.incrementAndGet();
            seenOptions.add(options);
            return ChunkSource.of(chunks);
        }

        int providerCalls() {
            return generateCalls.get() + streamCalls.get();
        }
    }

    /** A provider whose source is made by the test, for each call. */
    static class WithSource extends BaseChatModel {
        private final Supplier<ChunkSource> source;
        final AtomicInteger streamCalls = new AtomicInteger();

        WithSource(Supplier<ChunkSource> source) {
            this.source = source;
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            throw new AssertionError("this provider streams; generate must not be called");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            streamCalls.incrementAndGet();
            return source.get();
        }
    }

    /**
     * A pull-style source of {@code limit} numbered chunks ("c0", "c1", ...) made on demand, counting how many
     * it produced and whether it was closed.
     */
    static final class CountingSource implements ChunkSource {
        private final long limit;
        final AtomicInteger produced = new AtomicInteger();
        final AtomicInteger closeCalls = new AtomicInteger();

        CountingSource(long limit) {
            this.limit = limit;
        }

        @Override
        public AIMessageChunk next() {
            if (produced.get() >= limit) {
                return null;
            }
            return AIMessageChunk.of("c" + produced.getAndIncrement());
        }

        @Override
        public void close() {
            closeCalls.incrementAndGet();
        }
    }

    /** An endless iterator of numbered chunks, counting what it produced. */
    static final class CountingIterator implements Iterator<AIMessageChunk> {
        final AtomicInteger produced = new AtomicInteger();
        private final long limit;

        CountingIterator(long limit) {
            this.limit = limit;
        }

        @Override
        public boolean hasNext() {
            return produced.get() < limit;
        }

        @Override
        public AIMessageChunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return AIMessageChunk.of("c" + produced.getAndIncrement());
        }
    }

    /** A flag that tells whether something was released, set once. */
    static final class Released implements AutoCloseable {
        final AtomicInteger count = new AtomicInteger();
        final AtomicBoolean flag = new AtomicBoolean();

        @Override
        public void close() {
            count.incrementAndGet();
            flag.set(true);
        }
    }
}
