package io.github.chattck.conformance.models;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.ConformanceRule;
import io.github.chattck.conformance.Rule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No false alarms: every correct-but-unusual model passes every rule it declares, under a short silence timeout
 * ({@value #TIMEOUT}) that a model taking a second per call must never hit, because budgets apply per call.
 */
class CorrectModelsTest {
    private static final String TIMEOUT = "2s";

    @BeforeAll
    static void shortSilenceTimeout() {
        System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, TIMEOUT);
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, "target/chat-tck-correct");
    }

    @AfterAll
    static void restore() {
        System.clearProperty(ConformanceExtension.TIMEOUT_PROPERTY);
        System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
    }

    static List<Class<?>> subjects() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : CorrectModels.class.getDeclaredClasses()) {
            if (ChatModelConformanceTests.class.isAssignableFrom(c)) {
                out.add(c);
            }
        }
        out.sort((a, b) -> a.getSimpleName().compareTo(b.getSimpleName()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aCorrectModelPassesEveryRuleItDeclares(Class<?> subject) throws Exception {
        Set<Rule> only = subject.isAnnotationPresent(CorrectModels.OnlyRules.class)
                ? EnumSet.copyOf(Arrays.asList(subject.getAnnotation(CorrectModels.OnlyRules.class).value()))
                : EnumSet.allOf(Rule.class);
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Method m : ChatModelConformanceTests.class.getDeclaredMethods()) {
            ConformanceRule rule = m.getAnnotation(ConformanceRule.class);
            if (rule != null && only.contains(rule.value())) {
                selectors.add(DiscoverySelectors.selectMethod(subject, m.getName(), m.getParameterTypes()[0].getName()));
            }
        }
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectors.toArray(new DiscoverySelector[0]))
                .execute().testEvents();

        List<String> failures = tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName() + " -> "
                        + e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage).orElse(""))
                .collect(Collectors.toList());
        assertThat(failures).as("rules a correct model (%s) failed", subject.getSimpleName()).isEmpty();

        Set<Rule> notApplicable = subject.isAnnotationPresent(CorrectModels.NotApplicable.class)
                ? EnumSet.copyOf(Arrays.asList(subject.getAnnotation(CorrectModels.NotApplicable.class).value()))
                : EnumSet.noneOf(Rule.class);
        Set<Rule> aborted = EnumSet.noneOf(Rule.class);
        for (Event e : tests.aborted().list()) {
            aborted.add(ruleOf(e));
        }
        assertThat(aborted).as("rules reported not applicable to %s", subject.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(notApplicable);

        Capabilities capabilities = ((AcmeSubject) subject.getDeclaredConstructor().newInstance()).declared();
        long applicable = only.stream().filter(r -> !r.needsWireTarget() && r.needs().stream().allMatch(capabilities::has))
                .count();
        assertThat(tests.succeeded().count()).as("rules passed by %s", subject.getSimpleName())
                .isEqualTo(applicable - notApplicable.size());
    }

    private static Rule ruleOf(Event event) {
        org.junit.platform.engine.support.descriptor.MethodSource source =
                (org.junit.platform.engine.support.descriptor.MethodSource) event.getTestDescriptor().getSource().orElseThrow();
        return source.getJavaMethod().getAnnotation(ConformanceRule.class).value();
    }
}
