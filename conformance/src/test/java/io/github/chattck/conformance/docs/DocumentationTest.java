package io.github.chattck.conformance.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The README and the guides in {@code docs/} cannot rot: every Java sample in them is part of a source file that
 * this build compiles (and mostly runs), every JSON sample is a resource file a test reads, and every Maven or Gradle
 * coordinate they show names this build's version.
 *
 * <p>A sample matches a source file when its lines, trimmed and without blank lines, appear one after the other in
 * that file, trimmed the same way: indentation may differ, nothing else may.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of(System.getProperty("chattck.repository.root", "..")).normalize();
    private static final String VERSION = System.getProperty("chattck.project.version", "unknown");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```\\s*$");
    /** Files whose code blocks are not samples: the specification's interface outline and the design notes. */
    private static final List<String> NOT_SAMPLES = List.of("docs/SPEC.md", "docs/DESIGN.md");

    @TestFactory
    Stream<DynamicTest> everyJavaAndJsonSampleIsInACompiledOrTestedFile() {
        Map<String, List<List<String>>> sources = Map.of(
                "java", normalizedFiles(".java"),
                "json", normalizedFiles(".json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : documents()) {
            int index = 0;
            for (Sample sample : samples(doc)) {
                index++;
                List<List<String>> candidates = sources.get(sample.language());
                if (candidates == null) {
                    continue;
                }
                String name = ROOT.relativize(doc) + " sample " + index + " (" + sample.language() + ", line "
                        + sample.line() + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    List<String> lines = normalize(sample.text());
                    if (lines.isEmpty() || candidates.stream().noneMatch(file -> Collections.indexOfSubList(file, lines) >= 0)) {
                        fail("%s is in no source file of the build; first line: %s%nAdd it to a compiled example "
                                + "(or correct the text so that it matches one) so the documentation cannot rot",
                                name, lines.isEmpty() ? "(empty)" : lines.get(0));
                    }
                }));
            }
        }
        assertThat(tests).as("samples found in the README and docs/").hasSizeGreaterThan(10);
        return tests.stream();
    }

    @Test
    void everyCoordinateShownNamesThisVersion() {
        Pattern coordinate = Pattern.compile(
                "io\\.github\\.chattck:chat-tck-[a-z0-9-]+:([^\"'\\s)]+)|<artifactId>chat-tck-[a-z0-9-]+</artifactId>\\s*"
                        + "<version>([^<]+)</version>");
        List<String> wrong = new ArrayList<>();
        int seen = 0;
        for (Path doc : documents()) {
            Matcher m = coordinate.matcher(read(doc));
            while (m.find()) {
                seen++;
                String version = m.group(1) != null ? m.group(1) : m.group(2);
                if (!version.equals(VERSION) && !version.startsWith("$")) {
                    wrong.add(ROOT.relativize(doc) + ": " + m.group());
                }
            }
        }
        assertThat(seen).as("coordinates shown").isPositive();
        assertThat(wrong).as("coordinates not naming version %s", VERSION).isEmpty();
    }

    @Test
    void theGuidesProviderSamplePassesWhatItDeclaresAndReportsItsExclusion() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(AcmeChatModelConformanceTest.class))
                .execute().testEvents();

        assertThat(tests.failed().count()).as("rules the sample failed").isZero();
        assertThat(tests.succeeded().count()).as("rules the sample passed").isGreaterThanOrEqualTo(30);
        assertThat(tests.skipped().stream().map(e -> e.getPayload(String.class).orElse("")))
                .anyMatch(reason -> reason.contains("STR-11") && reason.contains("ACME-123"));
    }

    private static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !NOT_SAMPLES.contains(ROOT.relativize(p).toString().replace('\\', '/')))
                    .sorted()
                    .forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static List<Sample> samples(Path doc) {
        String text = read(doc);
        List<Sample> samples = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            samples.add(new Sample(m.group(1), m.group(2), line));
        }
        return samples;
    }

    /** Every file with this ending under a {@code src} folder of the repository (build output left out). */
    private static List<List<String>> normalizedFiles(String ending) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(ending))
                    .filter(p -> {
                        String relative = ROOT.relativize(p).toString().replace('\\', '/');
                        return (relative.startsWith("src/") || relative.contains("/src/"))
                                && !relative.contains("/target/") && !relative.contains("node_modules/");
                    })
                    .map(p -> normalize(read(p)))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> normalize(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Sample(String language, String text, int line) {
    }
}
