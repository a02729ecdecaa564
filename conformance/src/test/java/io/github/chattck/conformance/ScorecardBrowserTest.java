package io.github.chattck.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML scorecard in a real browser: Debian's headless Chromium parses it (the DOM it built has every row, with its
 * status, and no element smuggled in by a detail) and paints it (a screenshot that shows each status's colour).
 * Without Chromium the test is skipped, unless {@code CHATTCK_REQUIRE_BROWSER=true} (CI sets it), then it fails.
 */
class ScorecardBrowserTest {
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void chromiumParsesEveryRowWithItsStatusAndPaintsEachStatusInItsColour(@TempDir Path dir) throws Exception {
        Path chromium = chromium();
        Scorecard card = ScorecardTest.mixedCard();
        Path html = dir.resolve("scorecard.html");
        Files.writeString(html, card.toHtml());

        String dom = run(chromium, dir, "dom", "--dump-dom", html.toUri().toString());

        Matcher rows = Pattern.compile("<tr class=\"(passed|failed|skipped|excluded)\" id=\"rule-([A-Z]+-\\d+)\">"
                + "<td class=\"id\" title=\"[^\"]*\">\\2</td>.*?<td class=\"result\">\\1</td>").matcher(dom);
        List<String> parsed = new ArrayList<>();
        while (rows.find()) {
            parsed.add(rows.group(2) + " " + rows.group(1));
        }
        List<String> expected = card.entries().stream()
                .map(e -> e.rule().id() + " " + e.status().name().toLowerCase(java.util.Locale.ROOT)).toList();
        assertThat(parsed).as("rows of the DOM Chromium built").isEqualTo(expected);
        assertThat(dom).as("a detail's markup stays text").doesNotContain("<script")
                .contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("<title>chat-tck scorecard: ChatAcme &lt;beta&gt; &amp; \"friends\"</title>");
        assertThat(count(dom, "<tr")).as("one header row and one row per rule").isEqualTo(card.entries().size() + 1);

        Path png = dir.resolve("scorecard.png");
        run(chromium, dir, "shot", "--screenshot=" + png, "--window-size=1280,2400", "--hide-scrollbars",
                html.toUri().toString());
        assertThat(png).as("the screenshot Chromium wrote").exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG").isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertThat(colours.size()).as("distinct colours of a page with text and coloured cells, not a blank one")
                .isGreaterThan(50);
        Matcher declared = Pattern.compile("tr\\.(\\w+) td\\.result \\{ background: #(\\p{XDigit}{6});")
                .matcher(ScorecardHtml.STYLE);
        List<String> statuses = new ArrayList<>();
        while (declared.find()) {
            int colour = Integer.parseInt(declared.group(2), 16);
            statuses.add(declared.group(1));
            assertThat(colours.stream().anyMatch(c -> near(c, colour)))
                    .as("a %s result cell painted #%06x", declared.group(1), colour).isTrue();
        }
        assertThat(statuses).as("the colours the page declares").containsExactlyInAnyOrder("passed", "failed", "skipped", "excluded");
    }

    /**
     * Chromium's binary ({@code chattck.chromium} names another), or a skip naming the package to install; a failure
     * instead of the skip when {@code CHATTCK_REQUIRE_BROWSER=true} (CI sets it, so that the check cannot vanish).
     */
    private static Path chromium() {
        String named = System.getProperty("chattck.chromium");
        Optional<Path> found = (named != null ? Stream.of(named) : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser"))
                .map(Path::of).filter(Files::isExecutable).findFirst();
        String missing = "Chromium is not installed" + (named != null ? " at " + named : "") + ": install Debian's package"
                + " (apt-get install -y chromium) to render the HTML scorecard in a real browser";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CHATTCK_REQUIRE_BROWSER"))) {
            fail(missing + " (CHATTCK_REQUIRE_BROWSER=true requires it)");
        }
        assumeTrue(found.isPresent(), missing);
        return found.get();
    }

    /**
     * Runs headless Chromium once, with a fresh profile and no network chatter, within a timeout.
     *
     * @return what it printed on stdout
     */
    private static String run(Path chromium, Path dir, String name, String... args) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(dir.resolve("profile-" + name));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n" + tail(err));
        }
        assertThat(process.exitValue()).as("Chromium's exit code for %s%n%s", command, tail(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static boolean near(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xff) - (expected >> shift & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
