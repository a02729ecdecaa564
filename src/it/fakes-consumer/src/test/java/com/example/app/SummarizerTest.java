package com.example.app;

import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.github.chattck.fakes.assertions.FakeAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class SummarizerTest {

    @Test
    void streamsTheSummaryTokenByTokenAndRetriesOnceAfterAFailure() {
        ScriptedChatModel model = ScriptedChatModel.builder()
                .turn(Turn.text("Half an ans").failAfterChunk(1, () -> new IllegalStateException("connection reset")))
                .turn(Turn.text("A short summary.").chunkedBy(Chunking.words()))
                .build();
        List<String> tokens = new ArrayList<>();

        String summary = new Summarizer(model).summarize("a long text", tokens::add);

        assertThat(summary).isEqualTo("A short summary.");
        assertThat(tokens).containsExactly("Half", "A", " ", "short", " ", "summary.");
        assertThat(model).wasCalledTimes(2).lastHumanMessageIs("Summarize: a long text").lastCallTaggedWith("summarizer");
    }
}
