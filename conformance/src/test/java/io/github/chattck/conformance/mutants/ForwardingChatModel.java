package io.github.chattck.conformance.mutants;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.LsParams;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.List;

/** A model that forwards everything to a good one; each mutant overrides the one behaviour it breaks. */
class ForwardingChatModel implements ChatModel {
    final ChatModel delegate;

    ForwardingChatModel(ChatModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public List<String> tags() {
        return delegate.tags();
    }

    @Override
    public LsParams lsParams(CallOptions options) {
        return delegate.lsParams(options);
    }

    @Override
    public AIMessage invoke(ChatInput input, RunConfig config) {
        return delegate.invoke(input, config);
    }

    @Override
    public RunStream<AIMessageChunk> stream(ChatInput input, RunConfig config) {
        return delegate.stream(input, config);
    }

    /** The source's items, each passed through {@code map} (null drops it), then {@code tail}'s items. */
    static <T> RunStream<T> mapped(RunStream<T> source, ItemMapper<T> map, java.util.function.Function<T, T> tail) {
        return mapped(source, map, tail, () -> { });
    }

    /** {@link #mapped(RunStream, ItemMapper, java.util.function.Function)}, running {@code onClose} when closed. */
    static <T> RunStream<T> mapped(RunStream<T> source, ItemMapper<T> map, java.util.function.Function<T, T> tail,
                                   Runnable onClose) {
        return RunStream.of(new RunStream.Pull<>() {
            private java.util.Iterator<T> it;
            private int index;
            private T first;
            private boolean tailDone;

            @Override
            public T next() {
                if (it == null) {
                    it = source.iterator();
                }
                while (it.hasNext()) {
                    T item = it.next();
                    if (first == null) {
                        first = item;
                    }
                    T out = map.map(index++, item);
                    if (out != null) {
                        return out;
                    }
                }
                if (!tailDone && tail != null && first != null) {
                    tailDone = true;
                    return tail.apply(first);
                }
                return null;
            }

            @Override
            public void close() {
                source.close();
                onClose.run();
            }
        });
    }

    /** {@link #mapped(RunStream, ItemMapper, java.util.function.Function)} without a tail. */
    static <T> RunStream<T> mapped(RunStream<T> source, ItemMapper<T> map) {
        return mapped(source, map, null);
    }

    /** Maps the i-th item. */
    interface ItemMapper<T> {
        T map(int index, T item);
    }
}
