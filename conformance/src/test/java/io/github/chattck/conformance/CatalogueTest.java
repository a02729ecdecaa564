package io.github.chattck.conformance;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The front door is the catalogue: one final method per rule, named after its level and id, names kept stable. */
class CatalogueTest {

    @Test
    void everyRuleHasExactlyOneFinalMethodNamedAfterItsLevelAndId() {
        Map<Rule, List<String>> methods = new EnumMap<>(Rule.class);
        for (Method m : ChatModelConformanceTests.class.getDeclaredMethods()) {
            ConformanceRule rule = m.getAnnotation(ConformanceRule.class);
            if (rule != null) {
                methods.computeIfAbsent(rule.value(), r -> new ArrayList<>()).add(m.getName());
                assertThat(Modifier.isFinal(m.getModifiers()) && Modifier.isPublic(m.getModifiers()))
                        .as("%s is public final", m.getName()).isTrue();
                assertThat(m.getName()).startsWith(rule.value().level().prefix() + "_" + rule.value().name() + "_");
            }
        }
        assertThat(methods.keySet()).containsExactlyInAnyOrder(Rule.values());
        methods.forEach((rule, names) -> assertThat(names).as("methods of %s", rule).hasSize(1));
    }

    @Test
    void theNamesScorecardsAndExclusionsUseAreKept() {
        List<String> names = new ArrayList<>();
        for (Method m : ChatModelConformanceTests.class.getDeclaredMethods()) {
            names.add(m.getName());
        }
        assertThat(names).contains("required_INV_1_invokeStringAnswers", "required_BAT_1_batchKeepsSizeAndOrder",
                "required_STR_3_fallbackYieldsOneChunkTokenStreamingSeveral", "required_STR_6_closeStopsDelivery",
                "optional_STR_9_failureSurfacesAfterTheChunks", "optional_STR_10_toolCallChunksAreConsistent",
                "optional_EVT_7_failureEndsTheEventsWithoutEnd", "required_EVT_8_filters",
                "required_CB_2_throwingListenerDoesNotBreakTheCall", "optional_META_2_stopSequenceIsHonoured",
                "required_CONC_1_concurrentStreamsStayApart");
    }

    @Test
    void theRulesBaseChatModelGuaranteesAreMarked() {
        assertThat(Rule.CB_1.guaranteedByBaseChatModel()).isTrue();
        assertThat(Rule.STR_6.guaranteedByBaseChatModel()).as("threads are the provider's").isFalse();
        Scorecard card = new Scorecard("Subject", "Model", Map.of(), Capabilities.none(), true);
        card.record(new Scorecard.Entry(Rule.CB_1, Scorecard.Status.PASSED, "", 1));
        card.record(new Scorecard.Entry(Rule.STR_6, Scorecard.Status.PASSED, "", 1));
        assertThat(card.toMarkdown()).contains("| CB-1 | " + Rule.CB_1.statement() + " | required | base | passed |")
                .contains("| STR-6 | " + Rule.STR_6.statement() + " | required |  | passed |")
                .contains("built on `BaseChatModel`");
        assertThat(card.toMap().get("built_on_base_chat_model")).isEqualTo(true);
    }
}
