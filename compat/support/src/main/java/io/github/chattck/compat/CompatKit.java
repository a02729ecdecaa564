package io.github.chattck.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.ConformanceRule;
import io.github.chattck.conformance.Rule;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs a real client through the whole kit, as {@code MutantsTest} runs a mutant, and asserts that it fails exactly
 * the rules its {@link CompatClient} documents: a new failure (a regression of the client, or a kit defect to
 * examine) and a finding that no longer fails (fixed upstream: update the matrix) both fail the build. The kit writes
 * the client's scorecard ({@code target/chat-tck/<Class>.json}); this writes its findings beside it
 * ({@code <Class>.findings.json}), for {@link MatrixRenderer}.
 */
public final class CompatKit {
    private CompatKit() {
    }

    /**
     * Runs the client's conformance class and asserts its findings.
     *
     * @param subject a {@link ChatModelConformanceTests} subclass annotated with {@link CompatClient}
     */
    public static void assertFindings(Class<?> subject) {
        assertThat(ChatModelConformanceTests.class.isAssignableFrom(subject)).as("%s extends ChatModelConformanceTests",
                subject.getName()).isTrue();
        CompatClient client = subject.getAnnotation(CompatClient.class);
        assertThat(client).as("%s is annotated with @CompatClient", subject.getName()).isNotNull();
        Map<Rule, Finding> documented = new EnumMap<>(Rule.class);
        for (Finding f : client.findings()) {
            assertThat(documented.put(f.rule(), f)).as("one finding per rule (%s)", f.rule()).isNull();
        }

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(subject)).execute().testEvents();
        Map<Rule, String> failed = new EnumMap<>(Rule.class);
        for (Event e : tests.failed().list()) {
            failed.put(ruleOf(e), e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage).orElse(""));
        }
        Set<Rule> wireSkipped = EnumSet.noneOf(Rule.class);
        for (Event e : tests.skipped().list()) {
            Rule rule = ruleOf(e);
            if (e.getPayload(String.class).orElse("").contains("needs a wire target")) {
                wireSkipped.add(rule);
            }
        }
        assertThat(wireSkipped).as("WIRE rules skipped for want of a wire target: %s must override wireTarget()",
                subject.getSimpleName()).isEmpty();
        writeFindings(subject, client, failed);
        assertThat(failed.keySet()).as("the rules %s (%s) fails; every failure is examined, then documented as a"
                + " @Finding or fixed. Failure messages: %s", client.value(), subject.getSimpleName(), failed)
                .containsExactlyInAnyOrderElementsOf(documented.keySet());
    }

    private static Rule ruleOf(Event event) {
        MethodSource source = (MethodSource) event.getTestDescriptor().getSource().orElseThrow();
        return source.getJavaMethod().getAnnotation(ConformanceRule.class).value();
    }

    private static void writeFindings(Class<?> subject, CompatClient client, Map<Rule, String> failed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client", client.value());
        out.put("configured", client.configured());
        out.put("subject", subject.getName());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : client.findings()) {
            Map<String, Object> finding = new LinkedHashMap<>();
            finding.put("rule", f.rule().id());
            finding.put("what", f.what());
            finding.put("see", f.see());
            String message = failed.getOrDefault(f.rule(), "");
            String[] lines = message.split("\n");
            finding.put("failed", failed.containsKey(f.rule()));
            finding.put("message", lines.length > 1 ? lines[1].trim() + (lines.length > 2 ? " " + lines[2].trim() : "")
                    : message);
            findings.add(finding);
        }
        out.put("findings", findings);
        Path dir = ConformanceExtension.scorecardDirectory();
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve(subject.getSimpleName() + ".findings.json").toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the findings of " + subject.getName() + " to " + dir, e);
        }
    }
}
