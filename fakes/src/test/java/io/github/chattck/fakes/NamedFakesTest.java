package io.github.chattck.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.SystemMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named fakes reproduce LangChain's recorded chunk sequences for the same inputs. */
class NamedFakesTest {

    private static List<String> recordedContents(String resource, String path) throws IOException {
        try (InputStream in = NamedFakesTest.class.getResourceAsStream("/reference/" + resource)) {
            JsonNode items = new ObjectMapper().readTree(in).path("normalized").at(path);
            List<String> contents = new ArrayList<>();
            items.forEach(item -> contents.add(item.get("content").asText()));
            assertThat(contents).as("recorded items in %s", resource).isNotEmpty();
            return contents;
        }
    }

    private static List<String> contents(List<AIMessageChunk> chunks) {
        List<String> out = new ArrayList<>();
        chunks.forEach(c -> out.add(c.content()));
        return out;
    }

    @Test
    void fakeListStreamsPerCodePointAsLangChainJsDoes() throws IOException {
        List<String> reference = recordedContents("stream_fake_list_streaming.json", "/items");

        assertThat(contents(FakeListChatModel.of("hey you").stream("hello").toList())).isEqualTo(reference);
    }

    @Test
    void genericFakeStreamsWhitespacePreservingWordsAsLangChainPythonDoes() throws IOException {
        List<String> reference = recordedContents("stream_generic_fake_whitespace_split.json", "/items");

        assertThat(contents(GenericFakeChatModel.of("hello  big\nworld").stream("hi").toList())).isEqualTo(reference);
    }

    @Test
    void fakeListCyclesItsResponsesAsLangChainJsDoes() throws IOException {
        ScriptedChatModel model = FakeListChatModel.of("one", "two");
        JsonNode recorded;
        try (InputStream in = getClass().getResourceAsStream("/reference/invoke_fake_list_cycling.json")) {
            recorded = new ObjectMapper().readTree(in).path("normalized");
        }

        assertThat(model.invoke("x").content()).isEqualTo(recorded.at("/first/content").asText());
        assertThat(model.invoke("x").content()).isEqualTo(recorded.at("/second/content").asText());
        assertThat(model.invoke("x").content()).isEqualTo(recorded.at("/third_cycles_back/content").asText());
    }

    @Test
    void fakeListSleepIsAppliedBeforeEveryChunk() {
        VirtualClock clock = new VirtualClock();
        ScriptedChatModel model = FakeListChatModel.builder(Duration.ofMillis(10), "abc").clock(clock).build();

        model.stream("x").toList();

        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @Test
    void genericFakePlaysEachMessageOnceThenFailsLoudly() {
        ScriptedChatModel model = GenericFakeChatModel.of("only");
        model.invoke("a");

        assertThatThrownBy(() -> model.invoke("b")).hasMessageContaining("call #2");
    }

    @Test
    void parrotEchoesTheLastMessage() {
        ScriptedChatModel parrot = ParrotFakeChatModel.create();

        assertThat(parrot.invoke(List.of(new SystemMessage("s"), new HumanMessage("polly wants a cracker"))).content())
                .isEqualTo("polly wants a cracker");
        assertThat(contents(parrot.stream("say it back").toList())).as("one chunk, by the fallback, as Python's parrot")
                .containsExactly("say it back");
        assertThat(parrot.calls()).extracting(RecordedCall::streamed).containsExactly(false, false);
        assertThat(contents(ParrotFakeChatModel.builder().streaming(true).build().stream("say it back").toList()))
                .containsExactly("say", " ", "it", " ", "back");
    }

    @Test
    void theListFakesLsProviderIsPythons() throws IOException {
        JsonNode start;
        try (InputStream in = getClass().getResourceAsStream("/reference/py_events_v2_fake_list_streaming.json")) {
            start = new ObjectMapper().readTree(in).path("normalized").path("items").get(0);
        }

        assertThat(FakeListChatModel.of("x").streamEvents("hi").toList().get(0).metadata().get("ls_provider"))
                .isEqualTo(start.path("metadata").path("ls_provider").asText())
                .isEqualTo("fakelistchatmodel");
    }

    @Test
    void listFakeIgnoresStopSequencesAsPythonDoes() {
        ScriptedChatModel model = FakeListChatModel.of("one STOP two");
        RunConfig stop = RunConfig.builder().stop("STOP").build();

        assertThat(model.invoke("a", stop).content()).isEqualTo("one STOP two");
        assertThat(contents(model.stream("a", stop).toList())).hasSize(12).containsSequence("S", "T", "O", "P");
        assertThat(model.streamEvents("a", stop).toList().get(0).metadata()).containsEntry("ls_stop", List.of("STOP"));
        assertThat(model.lastCall().options().stop()).containsExactly("STOP");
        assertThat(ScriptedChatModel.builder().replies("one STOP two").build().invoke("a", stop).content())
                .as("the scripted model honours stop sequences").isEqualTo("one ");
    }

    @Test
    void nonStreamingFakeYieldsTheWholeAnswerAsOneChunk() {
        ScriptedChatModel model = NonStreamingFakeChatModel.of("the whole answer", "second");

        List<AIMessageChunk> chunks = model.stream("x").toList();
        AIMessage next = model.invoke("y");

        assertThat(chunks).singleElement().extracting(AIMessageChunk::content).isEqualTo("the whole answer");
        assertThat(next.content()).isEqualTo("second");
        assertThat(model.name()).isEqualTo("NonStreamingFakeChatModel");
    }

    @Test
    void namedFakesKeepTheirNamesAndAcceptSettings() {
        assertThat(FakeListChatModel.of("x").name()).isEqualTo("FakeListChatModel");
        assertThat(GenericFakeChatModel.of("x").name()).isEqualTo("GenericFakeChatModel");
        assertThat(ParrotFakeChatModel.create().name()).isEqualTo("ParrotFakeChatModel");
        assertThat(FakeListChatModel.builder("x").name("Mine").tags("t").build().tags()).containsExactly("t");
    }
}
