package io.github.chattck.fakes;

import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.ChunkAggregator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkingProperties {

    @Provide
    Arbitrary<Chunking> chunkings() {
        return Arbitraries.oneOf(Arbitraries.of(Chunking.whole(), Chunking.perCodePoint(), Chunking.words()),
                Arbitraries.integers().between(1, 9).map(Chunking::fixedSize));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("ab \n\t\u00e9\ud83d\ude00").ofMaxLength(40));
    }

    @Property
    void everyChunkingConcatenatesBackToTheText(@ForAll("texts") String text, @ForAll("chunkings") Chunking chunking) {
        assertThat(String.join("", chunking.split(text))).isEqualTo(text);
    }

    @Property
    void aStreamedTurnAggregatesToWhatInvokeReturns(@ForAll("texts") String text, @ForAll("chunkings") Chunking chunking) {
        ScriptedChatModel model = ScriptedChatModel.builder().turn(Turn.text(text).chunkedBy(chunking).usage(3, 4))
                .repeatLast().recordCalls(false).build();
        ChunkAggregator aggregator = new ChunkAggregator();
        List<AIMessageChunk> chunks = model.stream("x").toList();
        chunks.forEach(aggregator::add);

        assertThat(aggregator.toMessage().content()).isEqualTo(model.invoke("x").content());
        assertThat(aggregator.toMessage().usageMetadata()).isEqualTo(model.invoke("x").usageMetadata());
    }

    @Property
    void perCodePointNeverSplitsASurrogatePair(@ForAll("texts") String text) {
        assertThat(Chunking.perCodePoint().split(text)).allSatisfy(piece -> assertThat(piece.codePointCount(0, piece.length())).isEqualTo(1));
    }
}
