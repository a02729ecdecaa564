package io.github.chattck.core;

import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
import org.reactivestreams.tck.TestEnvironment;

import java.util.List;

/** The publishers and the environment shared by the two Reactive Streams TCK runs. */
final class PublisherTckSupport {
    /** Generous for expected signals (only reached on failure), short for "no signal" waits (always reached). */
    static final long DEFAULT_TIMEOUT_MILLIS = 2_000;
    static final long NO_SIGNALS_TIMEOUT_MILLIS = 50;

    private PublisherTckSupport() {
    }

    static TestEnvironment environment() {
        return new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS);
    }

    /** A small chat model that streams {@code n} chunks, made on demand (n may be huge). */
    static final class NChunks extends BaseChatModel {
        private final long n;

        NChunks(long n) {
            this.n = n;
        }

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            throw new AssertionError("the TCK only streams");
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return new TestModels.CountingSource(n);
        }
    }

    /** A chat model whose provider fails: it cannot open its stream. */
    static final class Failing extends BaseChatModel {
        static final IllegalStateException FAILURE = new IllegalStateException("provider unavailable");

        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            throw FAILURE;
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            throw FAILURE;
        }
    }

    static RunStream<AIMessageChunk> streamOf(long elements) {
        return new NChunks(elements).stream("tck");
    }

    static RunStream<AIMessageChunk> failingStream() {
        return new Failing().stream("tck");
    }
}
