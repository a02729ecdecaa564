package io.github.chattck.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scorecard's sentence, verdict, text, JSON and HTML forms. */
class ScorecardTest {
    /** A detail as a failure may carry it: markup, an ampersand, both quotes, a line break. */
    static final String NASTY = "expected <\"a & b\"> but was <'c'></td></tr></table><script>alert(1)</script>\nsecond line";

    /** Rules of every kind: required and optional, some needing capabilities the card below lacks. */
    static final List<Rule> RULES = List.of(Rule.INV_1, Rule.INV_3, Rule.INV_5, Rule.BAT_3, Rule.STR_3, Rule.STR_5,
            Rule.STR_9, Rule.STR_10, Rule.STR_11, Rule.STR_14, Rule.STR_16, Rule.EVT_5, Rule.EVT_7, Rule.META_2);

    /** A card with every status: FakeListChatModel's capabilities, one failure, one exclusion, one rule that did not apply. */
    static Scorecard mixedCard() {
        Scorecard card = new Scorecard("com.acme.AcmeConformance", "ChatAcme <beta> & \"friends\"",
                Map.of("ls_provider", "acme", "ls_model_name", "acme-1", "ls_model_type", "chat", "ls_temperature", 0.5),
                Capabilities.builder().tokenStreaming().deterministic().concurrentCalls().build(), true);
        for (Rule rule : RULES) {
            boolean lacking = !card.missingCapabilities(rule).isEmpty();
            card.record(new Scorecard.Entry(rule, lacking ? Scorecard.Status.SKIPPED : Scorecard.Status.PASSED,
                    lacking ? "SKIPPED " + rule.id() + ": needs capability ..." : "", lacking ? 0 : 7));
        }
        card.record(new Scorecard.Entry(Rule.STR_3, Scorecard.Status.FAILED, NASTY, 12));
        card.record(new Scorecard.Entry(Rule.EVT_5, Scorecard.Status.EXCLUDED, "tags are the gateway's & not ours", 0));
        card.record(new Scorecard.Entry(Rule.STR_16, Scorecard.Status.SKIPPED,
                Scorecard.ABORTED + "STR-16 does not apply: the model answers in ASCII only", 3));
        return card;
    }

    @Test
    void theSummaryIsASentenceSayingWhatFailedAndWhyEachRuleWasSkippedGroupedByTheMissingCapability() {
        String summary = mixedCard().summary();

        assertThat(summary).startsWith("ChatAcme <beta> & \"friends\": 2 of 14 rules passed, 1 failed (STR-3 required); 10 skipped (")
                .contains("INV-5, BAT-3, STR-9 and EVT-7 need failureTrigger; ")
                .contains("STR-5 and STR-14 need slowStream; ")
                .contains("STR-10 needs toolCalling; STR-11 needs usageMetadata; META-2 needs stopSequences; ")
                .contains("STR-16 did not apply (the model answers in ASCII only)")
                .endsWith(", 1 excluded (EVT-5: tags are the gateway's & not ours).");
    }

    @Test
    void aCardWithNothingAmissSaysNoneForEachOtherResult() {
        Scorecard card = new Scorecard("S", "Model", Map.of(), Capabilities.none());
        card.record(new Scorecard.Entry(Rule.INV_1, Scorecard.Status.PASSED, "", 1));
        assertThat(card.summary()).isEqualTo("Model: 1 of 1 rule passed, none failed; none skipped, none excluded.");
        assertThat(new Scorecard("S", "Empty", Map.of(), Capabilities.none()).summary()).isEqualTo("Empty: no rule was run.");
        Scorecard skippedBoth = new Scorecard("S", "Parrot", Map.of(), Capabilities.none());
        skippedBoth.record(new Scorecard.Entry(Rule.STR_5, Scorecard.Status.SKIPPED, "", 0));
        assertThat(skippedBoth.summary()).contains("1 skipped (STR-5 needs tokenStreaming and slowStream)");
    }

    @Test
    void wireRulesWithoutAWireTargetAreSaidToNeedOneAndAWireCardKeepsItsDialect(@TempDir Path dir) {
        Scorecard direct = new Scorecard("S", "Direct", Map.of(), Capabilities.builder().tokenStreaming().build());
        direct.record(new Scorecard.Entry(Rule.WIRE_1, Scorecard.Status.SKIPPED, "SKIPPED WIRE-1: needs a wire target", 0));
        direct.record(new Scorecard.Entry(Rule.WIRE_4, Scorecard.Status.SKIPPED, "SKIPPED WIRE-4: needs a wire target", 0));
        assertThat(direct.summary()).contains("2 skipped (WIRE-1 and WIRE-4 need a wire target)");
        assertThat(Scorecard.verdict(List.of(direct))).isEqualTo("no required rule failed; 2 required rules were skipped"
                + " for lack of a wire target (WIRE-1 for Direct, WIRE-4 for Direct), so they were not checked");

        Scorecard wire = new Scorecard("S", "Wired", Map.of(), Capabilities.none(), true, "ANTHROPIC_MESSAGES");
        wire.record(new Scorecard.Entry(Rule.WIRE_4, Scorecard.Status.PASSED, "", 5));
        wire.writeTo(dir, "Wired");
        Scorecard back = Scorecard.readJson(dir.resolve("Wired.json"));
        assertThat(back.wireDialect()).isEqualTo("ANTHROPIC_MESSAGES");
        assertThat(back.toMarkdown()).contains("Tested over the wire: the kit's fake server spoke ANTHROPIC_MESSAGES");
        assertThat(back.toText()).contains("Tested over the wire: the kit's fake server spoke ANTHROPIC_MESSAGES");
        assertThat(back.toHtml()).contains("<code>ANTHROPIC_MESSAGES</code>");
        assertThat(Scorecard.readJson(writeDirect(dir, direct)).wireDialect()).isNull();
    }

    private static Path writeDirect(Path dir, Scorecard card) {
        card.writeTo(dir, "Direct");
        return dir.resolve("Direct.json");
    }

    @Test
    void theVerdictCountsRequiredRulesThatWereNotCheckedInsteadOfCallingThemPassed() {
        List<Scorecard> cards = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            Scorecard card = new Scorecard("S" + name, name, Map.of(), Capabilities.builder().deterministic().build());
            card.record(new Scorecard.Entry(Rule.INV_1, Scorecard.Status.PASSED, "", 1));
            card.record(new Scorecard.Entry(Rule.STR_5, Scorecard.Status.SKIPPED, "", 0));
            card.record(new Scorecard.Entry(Rule.BAT_3, Scorecard.Status.SKIPPED, "", 0));   // optional: not counted
            cards.add(card);
        }
        cards.get(0).record(new Scorecard.Entry(Rule.BAT_2, Scorecard.Status.SKIPPED, "", 0));
        cards.get(1).record(new Scorecard.Entry(Rule.EVT_5, Scorecard.Status.EXCLUDED, "gateway tags", 0));

        assertThat(Scorecard.verdict(cards)).isEqualTo("no required rule failed; 2 required rules were skipped for lack of"
                + " a capability (BAT-2 for A, STR-5 for 3 models), so they were not checked; 1 required rule was excluded"
                + " by the subject (EVT-5 for B), so it was not checked");

        cards.get(2).record(new Scorecard.Entry(Rule.STR_3, Scorecard.Status.FAILED, "one chunk", 1));
        cards.get(1).record(new Scorecard.Entry(Rule.STR_3, Scorecard.Status.FAILED, "one chunk", 1));
        assertThat(Scorecard.verdict(cards)).startsWith("1 required rule failed (STR-3 for B and C); 2 required rules were skipped");

        Scorecard clean = new Scorecard("S", "Clean", Map.of(), Capabilities.none());
        clean.record(new Scorecard.Entry(Rule.INV_1, Scorecard.Status.PASSED, "", 1));
        clean.record(new Scorecard.Entry(Rule.STR_9, Scorecard.Status.FAILED, "optional: not the verdict's", 1));
        assertThat(Scorecard.verdict(List.of(clean))).isEqualTo("every required rule passed");
    }

    @Test
    void theTextFormPutsEachStatementBesideItsIdAndSaysWhyARuleDidNotPass() {
        String text = mixedCard().toText();

        assertThat(text).startsWith("## ChatAcme <beta> & \"friends\"\n" + mixedCard().summary() + "\n")
                .contains("capabilities: tokenStreaming, deterministic, concurrentCalls")
                .contains("ls parameters: ls_model_name=acme-1, ls_model_type=chat, ls_provider=acme, ls_temperature=0.5")
                .containsPattern("\\npassed +INV-1 +required +7  " + java.util.regex.Pattern.quote(Rule.INV_1.statement()) + "\\n")
                .containsPattern("\\nFAILED +STR-3 +required +12  " + java.util.regex.Pattern.quote(Rule.STR_3.statement()))
                .contains("-> expected <\"a & b\"> but was <'c'></td></tr></table><script>alert(1)</script> second line")
                .containsPattern("\\nskipped +STR-5 +required +  " + java.util.regex.Pattern.quote(Rule.STR_5.statement())
                        + "  \\[needs slowStream\\]\\n")
                .contains("-> did not apply: the model answers in ASCII only")
                .containsPattern("\\nexcluded +EVT-5 .*\\n +-> tags are the gateway's & not ours\\n");
    }

    @Test
    void theJsonReadsBackToTheSameScorecard(@TempDir Path dir) {
        Scorecard card = mixedCard();
        card.writeTo(dir, "Acme");

        Scorecard read = Scorecard.readJson(dir.resolve("Acme.json"));

        assertThat(read.toMap()).isEqualTo(card.toMap());
        assertThat(read.entries()).isEqualTo(card.entries());
        assertThat(read.summary()).isEqualTo(card.summary());
        assertThat(read.toText()).isEqualTo(card.toText());
        assertThat(dir.resolve("Acme.md")).exists();
        assertThat(dir.resolve("Acme.html")).content().isEqualTo(card.toHtml());
    }

    @Test
    void theJsonKeepsEveryFieldOfVersionOneAndOnlyAddsFields(@TempDir Path dir) throws IOException {
        mixedCard().writeTo(dir, "Acme");
        JsonNode root = new ObjectMapper().readTree(dir.resolve("Acme.json").toFile());

        assertThat(root.fieldNames()).toIterable().containsSubsequence("subject", "model", "ls_parameters",
                "built_on_base_chat_model", "capabilities", "totals", "rules");
        assertThat(root.path("totals").fieldNames()).toIterable().containsExactly("passed", "failed", "skipped", "excluded");
        assertThat(root.path("totals").path("failed").asLong()).isEqualTo(1);
        JsonNode str3 = rule(root, "STR-3");
        assertThat(str3.fieldNames()).toIterable().containsSubsequence("id", "level", "needs", "statement",
                "guaranteed_by_base_chat_model", "result", "detail", "elapsed_ms");
        assertThat(str3.path("id").asText()).isEqualTo("STR-3");
        assertThat(str3.path("result").asText()).isEqualTo("failed");
        assertThat(str3.path("detail").asText()).isEqualTo(NASTY);
        assertThat(str3.path("elapsed_ms").isIntegralNumber()).isTrue();
        // added in 0.2
        assertThat(root.path("summary").asText()).isEqualTo(mixedCard().summary());
        assertThat(root.path("chat_tck_version").asText()).isNotBlank();
        assertThat(rule(root, "STR-5").path("missing_capabilities").get(0).asText()).isEqualTo("slowStream");
    }

    private static JsonNode rule(JsonNode root, String id) {
        for (JsonNode r : root.path("rules")) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in " + root);
    }

    @Test
    void aScorecardWrittenBeforeTheAddedFieldsStillReads(@TempDir Path dir) throws IOException {
        Path old = dir.resolve("Old.json");
        Files.writeString(old, "{\"subject\":\"S\",\"model\":\"Old\",\"ls_parameters\":{\"ls_provider\":\"old\"},"
                + "\"built_on_base_chat_model\":false,\"capabilities\":[\"tokenStreaming\"],"
                + "\"totals\":{\"passed\":1,\"failed\":0,\"skipped\":1,\"excluded\":0},\"rules\":["
                + "{\"id\":\"INV-1\",\"level\":\"required\",\"needs\":[],\"statement\":\"...\",\"guaranteed_by_base_chat_model\":false,"
                + "\"result\":\"passed\",\"detail\":\"\",\"elapsed_ms\":4},"
                + "{\"id\":\"STR-5\",\"level\":\"required\",\"needs\":[\"slowStream\",\"tokenStreaming\"],\"statement\":\"...\","
                + "\"guaranteed_by_base_chat_model\":false,\"result\":\"skipped\",\"detail\":\"SKIPPED\",\"elapsed_ms\":0}]}");

        Scorecard read = Scorecard.readJson(old);

        assertThat(read.summary()).isEqualTo("Old: 1 of 2 rules passed, none failed; 1 skipped (STR-5 needs slowStream), none excluded.");
        assertThat(read.chatTckVersion()).isEqualTo("unknown");
    }

    @Test
    void aFileThatIsNoScorecardIsNamed(@TempDir Path dir) throws IOException {
        Path notOne = dir.resolve("package.json");
        Files.writeString(notOne, "{\"name\":\"left-pad\"}");
        assertThatThrownBy(() -> Scorecard.readJson(notOne)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("package.json is not a chat-tck scorecard");
        Path badRule = dir.resolve("bad.json");
        Files.writeString(badRule, "{\"subject\":\"S\",\"model\":\"M\",\"ls_parameters\":{},\"capabilities\":[],"
                + "\"rules\":[{\"id\":\"STR-99\",\"result\":\"passed\"}]}");
        assertThatThrownBy(() -> Scorecard.readJson(badRule)).hasMessageContaining("bad.json").hasMessageContaining("'STR-99'");
    }

    @Test
    void theHtmlEscapesEveryTextItShowsAndFetchesNothing() {
        String html = mixedCard().toHtml();

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<title>chat-tck scorecard: ChatAcme &lt;beta&gt; &amp; &quot;friends&quot;</title>")
                .contains("<td class=\"detail\">expected &lt;&quot;a &amp; b&quot;&gt; but was &lt;&#39;c&#39;&gt;"
                        + "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(1)&lt;/script&gt;\nsecond line</td>")
                .contains("<td class=\"result\">failed</td>").contains("<td class=\"result\">excluded</td>")
                .contains("<td class=\"statement\">" + ScorecardHtml.escape(Rule.INV_3.statement()) + "</td>")
                .contains("tags are the gateway&#39;s &amp; not ours")
                .contains("<p class=\"summary failed\">");
        assertThat(html).doesNotContain("<script", "src=", "href=", "@import", "url(", "http://", "https://");
        assertThat(ScorecardHtml.escape("<a title=\"x\" data-y='z'>&amp;</a>"))
                .isEqualTo("&lt;a title=&quot;x&quot; data-y=&#39;z&#39;&gt;&amp;amp;&lt;/a&gt;");
    }
}
