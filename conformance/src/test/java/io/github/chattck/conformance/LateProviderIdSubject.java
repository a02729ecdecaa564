package io.github.chattck.conformance;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import io.github.chattck.core.message.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * A correct provider whose id arrives only with the end of the stream (LangChain4j's {@code onCompleteResponse}):
 * its text chunks carry {@code run-<runId>}, a last content-free chunk the provider's id, and it passes every rule
 * it declares, STR-7 included (SPEC 1.3). Run through the TestKit by {@link BuiltInSubjectsTest}, which also checks
 * that it skips exactly what it does not declare.
 */
public class LateProviderIdSubject extends ChatModelConformanceTests {

    /** Created by JUnit. */
    public LateProviderIdSubject() {
    }

    /** Streams the last message's words, then the id and the finish reason on a chunk of their own. */
    static final class LateIdModel extends BaseChatModel {
        @Override
        protected AIMessage generate(List<Message> messages, CallOptions options) {
            ChunkAggregator aggregator = new ChunkAggregator();
            chunks(messages).forEach(aggregator::add);
            return aggregator.toMessage();
        }

        @Override
        protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
            return ChunkSource.of(chunks(messages));
        }

        private static List<AIMessageChunk> chunks(List<Message> messages) {
            List<AIMessageChunk> chunks = new ArrayList<>();
            for (String word : ("You said: " + messages.get(messages.size() - 1).content()).split("(?<= )")) {
                chunks.add(AIMessageChunk.of(word));
            }
            chunks.add(AIMessageChunk.builder().responseMetadata("finish_reason", "stop").id("chatcmpl-7").build());
            return chunks;
        }
    }

    @Override
    protected ChatModel createModel() {
        return new LateIdModel();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build();
    }
}
