package io.github.chattck.core.message;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.tool.ToolArguments;
import io.github.chattck.core.tool.ToolArgumentsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a sequence of chunks into one, in time linear in their total size. The rules (SPEC 1.3):
 * <ul>
 *   <li>text concatenates in order;</li>
 *   <li>tool call fragments merge by {@code index}, in order of first appearance: {@code id} and {@code name}
 *       take the first non-empty value, {@code args} concatenate; {@link #toMessage()} parses each call's
 *       arguments once, and arguments that are not a JSON object become {@link InvalidToolCall}s;</li>
 *   <li>usage sums field by field ({@link UsageMetadata#plus});</li>
 *   <li>response metadata merges key by key: nested maps recursively, lists concatenate, any other value is
 *       replaced by a later non-null one (so equal strings such as {@code "stop"} are never doubled);</li>
 *   <li>{@code id}: a provider id beats a run id (SPEC 1.3, as Python's {@code langchain-core} merges ids): the first
 *       id that does not start with {@code run-}, else the first id.</li>
 * </ul>
 * Mutable and not thread-safe: one aggregator per stream.
 */
public final class ChunkAggregator {
    private final StringBuilder content = new StringBuilder();
    private final Map<Integer, ToolCallAccumulator> toolCalls = new LinkedHashMap<>();
    private UsageMetadata usage;
    private Map<String, Object> metadata;
    private String id;
    /** Whether {@link #id} is a run id: kept, so that a stream of chunks stamped with the run id costs no check each. */
    private boolean idIsRunId;
    private int count;

    /** Creates an empty aggregator. */
    public ChunkAggregator() {
    }

    /**
     * Adds the next chunk.
     *
     * @param chunk the chunk, not null
     * @return this aggregator
     */
    public ChunkAggregator add(AIMessageChunk chunk) {
        Checks.notNull(chunk, "chunk");
        count++;
        content.append(chunk.content());
        List<ToolCallChunk> fragments = chunk.toolCallChunks();
        for (int i = 0, n = fragments.size(); i < n; i++) {
            ToolCallChunk fragment = fragments.get(i);
            toolCalls.computeIfAbsent(fragment.index(), ToolCallAccumulator::new).add(fragment);
        }
        if (chunk.usageMetadata() != null) {
            usage = usage == null ? chunk.usageMetadata() : usage.plus(chunk.usageMetadata());
        }
        if (!chunk.responseMetadata().isEmpty()) {
            if (metadata == null) {
                metadata = new LinkedHashMap<>();
            }
            MetadataMerge.mergeInto(metadata, chunk.responseMetadata());
        }
        String chunkId = chunk.id();
        if (chunkId != null && (id == null || idIsRunId && chunkId != id && !isRunId(chunkId))) {
            id = chunkId;
            idIsRunId = isRunId(chunkId);
        }
        return this;
    }

    /**
     * How many chunks were added.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * The id of the sum so far: the first provider id seen, else the first run id ({@code run-...}).
     *
     * @return the id, or null when no chunk had one
     */
    public String id() {
        return id;
    }

    /**
     * The sum so far as one chunk, with one merged fragment per tool call index.
     *
     * @return the chunk
     */
    public AIMessageChunk toChunk() {
        List<ToolCallChunk> merged = new ArrayList<>(toolCalls.size());
        for (ToolCallAccumulator call : toolCalls.values()) {
            merged.add(new ToolCallChunk(call.index, call.id, call.name, call.args.toString()));
        }
        return new AIMessageChunk(content.toString(), merged, usage, metadata, id);
    }

    /**
     * The sum so far as a complete answer: each tool call's arguments parsed once.
     *
     * @return the message
     */
    public AIMessage toMessage() {
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        List<InvalidToolCall> invalid = new ArrayList<>(0);
        for (ToolCallAccumulator call : toolCalls.values()) {
            call.parseInto(calls, invalid);
        }
        return new AIMessage(content.toString(), calls, invalid, usage, metadata, id);
    }

    /** Ids that chat-tck stamps on chunks without a provider id ({@code run-<runId>}). */
    private static boolean isRunId(String id) {
        return id.startsWith("run-");
    }

    private static final class ToolCallAccumulator {
        final int index;
        String id;
        String name;
        final StringBuilder args = new StringBuilder();

        ToolCallAccumulator(int index) {
            this.index = index;
        }

        void add(ToolCallChunk fragment) {
            if (isEmpty(id) && !isEmpty(fragment.id())) {
                id = fragment.id();
            }
            if (isEmpty(name) && !isEmpty(fragment.name())) {
                name = fragment.name();
            }
            args.append(fragment.args());
        }

        void parseInto(List<ToolCall> calls, List<InvalidToolCall> invalid) {
            String text = args.toString();
            if (isEmpty(name)) {
                invalid.add(new InvalidToolCall(id, name, text, "tool call at index " + index + " has no name"));
                return;
            }
            try {
                calls.add(new ToolCall(id, name, ToolArguments.parse(text)));
            } catch (ToolArgumentsException e) {
                invalid.add(new InvalidToolCall(id, name, text, "Malformed args: " + e.reason()));
            }
        }

        private static boolean isEmpty(String s) {
            return s == null || s.isEmpty();
        }
    }
}
