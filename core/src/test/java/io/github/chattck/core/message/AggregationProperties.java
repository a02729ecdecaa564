package io.github.chattck.core.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC 1.3 as laws: aggregation is a fold of an associative concat, over any chunking. */
class AggregationProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AIMessageChunk fold(List<AIMessageChunk> chunks) {
        AIMessageChunk sum = AIMessageChunk.of(""); // the empty chunk: concat's identity
        for (AIMessageChunk c : chunks) {
            sum = sum.concat(c);
        }
        return sum;
    }

    private static ChunkAggregator aggregate(List<AIMessageChunk> chunks) {
        ChunkAggregator aggregator = new ChunkAggregator();
        chunks.forEach(aggregator::add);
        return aggregator;
    }

    @Provide
    Arbitrary<AIMessageChunk> chunks() {
        return ChunkArbitraries.chunks();
    }

    @Provide
    Arbitrary<List<AIMessageChunk>> chunkLists() {
        return ChunkArbitraries.chunks().list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<ChunkArbitraries.Chunking> chunkings() {
        return ChunkArbitraries.chunkings();
    }

    @Provide
    Arbitrary<List<UsageMetadata>> usageLists() {
        return ChunkArbitraries.usages().injectNull(0.3).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Map<String, Object>>> toolArgsLists() {
        return ChunkArbitraries.toolArgs().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> metadataStrings() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(10);
    }

    @Property
    void concatIsAssociative(@ForAll("chunks") AIMessageChunk a, @ForAll("chunks") AIMessageChunk b,
                             @ForAll("chunks") AIMessageChunk c) {
        assertThat(a.concat(b).concat(c)).isEqualTo(a.concat(b.concat(c)));
    }

    @Property
    void aggregatingAnyChunkingOfATextGivesTheText(@ForAll("chunkings") ChunkArbitraries.Chunking chunking) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        chunking.pieces().forEach(p -> chunks.add(AIMessageChunk.of(p)));

        assertThat(aggregate(chunks).toMessage().content()).isEqualTo(chunking.text());
        assertThat(fold(chunks).content()).isEqualTo(chunking.text());
    }

    @Property
    void theAggregatorEqualsFoldingConcat(@ForAll("chunkLists") List<AIMessageChunk> chunks) {
        ChunkAggregator aggregator = aggregate(chunks);
        AIMessageChunk folded = fold(chunks);

        assertThat(aggregator.toChunk()).isEqualTo(folded);
        assertThat(aggregator.toMessage()).isEqualTo(folded.toMessage());
        assertThat(aggregator.count()).isEqualTo(chunks.size());
    }

    @Provide
    Arbitrary<List<String>> idLists() {
        return Arbitraries.of("run-1", "run-2", "chatcmpl-1", "msg_2").injectNull(0.3).list().ofMaxSize(6);
    }

    @Property
    void aProviderIdBeatsARunIdWhereverItComes(@ForAll("idLists") List<String> ids) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        ids.forEach(id -> chunks.add(AIMessageChunk.builder().content("x").id(id).build()));
        String firstProviderId = ids.stream().filter(id -> id != null && !id.startsWith("run-")).findFirst().orElse(null);
        String firstId = ids.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
        String expected = firstProviderId != null ? firstProviderId : firstId;

        assertThat(aggregate(chunks).id()).isEqualTo(expected);
        assertThat(aggregate(chunks).toMessage().id()).isEqualTo(expected);
        assertThat(fold(chunks).id()).isEqualTo(expected);
    }

    @Property
    void usageSumsFieldByFieldAndDetailByDetail(@ForAll("usageLists") List<UsageMetadata> usages) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        usages.forEach(u -> chunks.add(AIMessageChunk.builder().usage(u).build()));

        UsageMetadata sum = aggregate(chunks).toMessage().usageMetadata();

        List<UsageMetadata> present = usages.stream().filter(u -> u != null).toList();
        if (present.isEmpty()) {
            assertThat(sum).isNull();
            return;
        }
        assertThat(sum.inputTokens()).isEqualTo(present.stream().mapToLong(UsageMetadata::inputTokens).sum());
        assertThat(sum.outputTokens()).isEqualTo(present.stream().mapToLong(UsageMetadata::outputTokens).sum());
        assertThat(sum.totalTokens()).isEqualTo(present.stream().mapToLong(UsageMetadata::totalTokens).sum());
        assertDetailsSum(sum.inputTokenDetails(), present.stream().map(UsageMetadata::inputTokenDetails).toList());
        assertDetailsSum(sum.outputTokenDetails(), present.stream().map(UsageMetadata::outputTokenDetails).toList());
    }

    private static void assertDetailsSum(Map<String, Long> sum, List<Map<String, Long>> parts) {
        List<Map<String, Long>> present = parts.stream().filter(p -> p != null).toList();
        if (present.isEmpty()) {
            assertThat(sum).as("details absent everywhere stay absent").isNull();
            return;
        }
        Map<String, Long> expected = new java.util.HashMap<>();
        present.forEach(p -> p.forEach((k, v) -> expected.merge(k, v, Long::sum)));
        assertThat(sum).isEqualTo(expected);
    }

    @Property
    void toolArgsSplitAtAnyPointsAggregateBackToTheSameArgs(@ForAll("toolArgsLists") List<Map<String, Object>> argsList,
                                                           @ForAll Random random) throws Exception {
        // each call's JSON cut at random points; the calls' fragments interleaved at random, each call in order
        List<List<ToolCallChunk>> perCall = new ArrayList<>();
        for (int i = 0; i < argsList.size(); i++) {
            String json = JSON.writeValueAsString(argsList.get(i));
            List<Integer> cuts = new ArrayList<>();
            for (int k = random.nextInt(6); k > 0; k--) {
                cuts.add(random.nextInt(json.length() + 1));
            }
            List<String> pieces = ChunkArbitraries.cut(json, cuts);
            List<ToolCallChunk> fragments = new ArrayList<>();
            for (int p = 0; p < pieces.size(); p++) {
                fragments.add(p == 0 ? new ToolCallChunk(i, "call_" + i, "tool_" + i, pieces.get(p))
                        : ToolCallChunk.args(i, pieces.get(p)));
            }
            perCall.add(fragments);
        }
        List<AIMessageChunk> chunks = new ArrayList<>();
        int[] next = new int[perCall.size()];
        int remaining = perCall.stream().mapToInt(List::size).sum();
        while (remaining > 0) {
            int call = random.nextInt(perCall.size());
            if (next[call] < perCall.get(call).size()) {
                chunks.add(AIMessageChunk.builder().toolCallChunk(perCall.get(call).get(next[call]++)).build());
                remaining--;
            }
        }

        AIMessage message = aggregate(chunks).toMessage();

        assertThat(message.invalidToolCalls()).isEmpty();
        assertThat(message.toolCalls()).hasSize(argsList.size());
        for (int i = 0; i < argsList.size(); i++) {
            int index = i;
            ToolCall call = message.toolCalls().stream().filter(c -> c.id().equals("call_" + index)).findFirst()
                    .orElseThrow();
            assertThat(call.name()).isEqualTo("tool_" + i);
            assertThat(call.args()).isEqualTo(argsList.get(i));
        }
    }

    @Property
    void argsThatAreNotAJsonObjectBecomeAnInvalidToolCallNeverAnException(
            @ForAll("chunkLists") List<AIMessageChunk> chunks) {
        AIMessage message = aggregate(chunks).toMessage();

        AIMessageChunk sum = aggregate(chunks).toChunk();
        assertThat(message.toolCalls().size() + message.invalidToolCalls().size())
                .isEqualTo(sum.toolCallChunks().size());
        for (ToolCallChunk merged : sum.toolCallChunks()) {
            boolean parsedOk = message.toolCalls().stream().anyMatch(c -> java.util.Objects.equals(c.id(), merged.id())
                    && c.name().equals(merged.name()));
            boolean invalid = message.invalidToolCalls().stream().anyMatch(c -> c.args().equals(merged.args())
                    && java.util.Objects.equals(c.name(), merged.name()));
            assertThat(parsedOk || invalid).as("merged fragment %s is a tool call or an invalid tool call", merged)
                    .isTrue();
        }
    }

    @Property
    void equalMetadataStringsAreNeverDoubled(@ForAll("metadataStrings") String value,
                                             @ForAll("chunkLists") List<AIMessageChunk> others,
                                             @ForAll Random random) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        int carriers = 0;
        for (AIMessageChunk other : others) {
            if (random.nextBoolean()) {
                chunks.add(AIMessageChunk.builder().content(other.content()).responseMetadata("finish_reason", value)
                        .responseMetadata("system_fingerprint", value).build());
                carriers++;
            } else {
                chunks.add(AIMessageChunk.of(other.content()));
            }
        }
        chunks.add(AIMessageChunk.builder().responseMetadata("finish_reason", value)
                .responseMetadata("system_fingerprint", value).build());
        carriers++;

        Map<String, Object> merged = aggregate(chunks).toMessage().responseMetadata();

        assertThat(carriers).isPositive();
        assertThat(merged).containsEntry("finish_reason", value).containsEntry("system_fingerprint", value);
        assertThat(fold(chunks).responseMetadata()).containsEntry("finish_reason", value);
    }
}
