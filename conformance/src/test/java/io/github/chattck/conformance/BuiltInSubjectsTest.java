package io.github.chattck.conformance;

import io.github.chattck.conformance.subjects.BuiltInSubjects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Every fake of chat-tck-fakes passes every rule it declares, and skips only what it does not declare, and the WIRE
 * rules (no wire target), naming the hook that enables them. So does the correct provider whose id arrives last
 * ({@link LateProviderIdSubject}). Run through the TestKit, so that the skips are asserted here rather than printed
 * by the build as warnings.
 */
class BuiltInSubjectsTest {

    static List<Class<? extends ChatModelConformanceTests>> subjects() {
        List<Class<? extends ChatModelConformanceTests>> subjects = new java.util.ArrayList<>(BuiltInSubjects.all());
        subjects.add(LateProviderIdSubject.class);
        return subjects;
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void everyBuiltInFakePassesEveryRuleItDeclares(Class<? extends ChatModelConformanceTests> subject) throws Exception {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(subject)).execute().testEvents();
        Capabilities capabilities = subject.getDeclaredConstructor().newInstance().capabilities();

        List<String> failures = tests.failed().stream()
                .map(e -> e.getTestDescriptor().getDisplayName() + " -> "
                        + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .collect(Collectors.toList());
        assertThat(failures).as("failed rules of %s", subject.getSimpleName()).isEmpty();

        long applicable = java.util.Arrays.stream(Rule.values())
                .filter(r -> !r.needsWireTarget() && r.needs().stream().allMatch(capabilities::has)).count();
        assertThat(tests.succeeded().count()).as("rules passed by %s", subject.getSimpleName()).isEqualTo(applicable);
        assertThat(tests.skipped().count()).isEqualTo(Rule.values().length - applicable);
        for (Event skipped : tests.skipped().list()) {
            String reason = skipped.getPayload(String.class).orElse("");
            if (reason.startsWith("SKIPPED WIRE-")) {
                assertThat(reason).contains("needs a wire target").contains("override wireTarget()");
            } else {
                assertThat(reason).contains("needs capability");
            }
        }
        assertThat(tests.skipped().list().stream().filter(e -> e.getPayload(String.class).orElse("")
                .startsWith("SKIPPED WIRE-")).count()).as("WIRE rules skipped without a wire target")
                .isEqualTo(java.util.Arrays.stream(Rule.values()).filter(Rule::needsWireTarget).count());
    }
}
