package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.ConformanceRule;
import io.github.chattck.conformance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Proves the kit: every mutant fails exactly the rules it breaks, with a message that names the rule and what to
 * check, and every rule of the catalogue is proven able to fail by at least one mutant.
 */
class MutantsTest {
    private static String previousScorecardDir;

    @BeforeAll
    static void keepMutantScorecardsApart() {
        previousScorecardDir = System.getProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, "target/chat-tck-mutants");
    }

    @AfterAll
    static void restore() {
        if (previousScorecardDir == null) {
            System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
        } else {
            System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, previousScorecardDir);
        }
    }

    static List<Class<?>> mutants() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> holder : List.of(Mutants.class, DefectMutants.class, WireMutants.class)) {
            for (Class<?> c : holder.getDeclaredClasses()) {
                if (c.isAnnotationPresent(Breaks.class)) {
                    out.add(c);
                }
            }
        }
        out.sort((a, b) -> a.getSimpleName().compareTo(b.getSimpleName()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void theMutantFailsExactlyTheRulesItBreaks(Class<?> mutant) {
        Set<Rule> expected = EnumSet.copyOf(Arrays.asList(mutant.getAnnotation(Breaks.class).value()));

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(mutant)).execute().testEvents();
        Map<Rule, String> failed = new LinkedHashMap<>();
        for (Event e : tests.failed().list()) {
            failed.put(ruleOf(e), e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage).orElse(""));
        }

        assertThat(failed.keySet()).as("rules failed by %s (messages: %s)", mutant.getSimpleName(), failed)
                .containsExactlyInAnyOrderElementsOf(expected);
        failed.forEach((rule, message) -> assertThat(message).as("the failure message of %s", rule)
                .startsWith("[" + rule.id() + "] " + rule.statement())
                .contains("if this fails, check: " + rule.ifThisFailsCheck())
                .contains("last run:"));
    }

    @Test
    void everyRuleIsProvenAbleToFailByAMutant() {
        Set<Rule> covered = EnumSet.noneOf(Rule.class);
        for (Class<?> m : mutants()) {
            covered.addAll(Arrays.asList(m.getAnnotation(Breaks.class).value()));
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).as("rules no mutant breaks").isEmpty();
    }

    @Test
    void everyClassOfDefectHasRealisticMutants() {
        Map<Integer, List<String>> byClass = new java.util.TreeMap<>();
        for (Class<?> m : mutants()) {
            DefectClass defect = m.getAnnotation(DefectClass.class);
            if (defect != null) {
                byClass.computeIfAbsent(defect.value(), k -> new ArrayList<>())
                        .add(m.getSimpleName() + (defect.direct() ? " (direct)" : " (on BaseChatModel)"));
            }
        }
        assertThat(byClass.keySet()).as("classes of defect with a realistic mutant: %s", byClass)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    private static Rule ruleOf(Event event) {
        org.junit.platform.engine.TestSource source = event.getTestDescriptor().getSource().orElseThrow();
        org.junit.platform.engine.support.descriptor.MethodSource method =
                (org.junit.platform.engine.support.descriptor.MethodSource) source;
        Method javaMethod = method.getJavaMethod();
        return javaMethod.getAnnotation(ConformanceRule.class).value();
    }
}
