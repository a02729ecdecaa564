package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.ChatModelConformanceTests;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Every red-team subject runs through the whole kit (JUnit Platform TestKit): a broken one must fail exactly the rules
 * of its {@link Fails} (with a message naming the rule and the fix), a correct one every rule it declares. Subjects
 * marked {@link Undetectable} are left out, with the reason; those not marked {@link InEveryBuild} run with
 * {@code -Dchattck.redteam=all} (or a regular expression of subject names).
 * <p>
 * Blind result (phase 1, the kit of main at 9ddeed5, before any change to it; the models were written from SPEC
 * sections 1-5 and 7, the README and the public API only, without reading the kit's own mutants): 30 of 31 broken
 * models caught (97%), 0 of 12 correct models failed.
 * <table>
 * <caption>Blind run</caption>
 * <tr><th>subject</th><th>defect</th><th>kind</th><th>failed rules</th></tr>
 * <tr><td>B01PoolLeakOnClose</td><td>connection returned only when read to the end</td><td>base</td><td>STR-13</td></tr>
 * <tr><td>B02WatchdogOutlivesClose</td><td>per-stream watchdog thread stopped on completion only</td><td>base</td><td>STR-6, STR-13</td></tr>
 * <tr><td>B03BufferedBehindEmptyFirstChunk</td><td>empty role chunk, then all text in one chunk</td><td>base</td><td>STR-3, STR-5</td></tr>
 * <tr><td>B04FailureLosesCause</td><td>provider failure rewrapped without cause</td><td>base</td><td>MISSED</td></tr>
 * <tr><td>B05StopOnlyOnInvoke</td><td>stop sequences not sent when streaming</td><td>base</td><td>META-2</td></tr>
 * <tr><td>B06ToolDeltasIgnoreIndex</td><td>every tool delta at index 0</td><td>base</td><td>STR-10</td></tr>
 * <tr><td>B07CumulativeUsageAsDeltas</td><td>cumulative output tokens passed on as deltas</td><td>base</td><td>STR-4, STR-11</td></tr>
 * <tr><td>B08HoldBackSplitsSurrogates</td><td>CRLF normaliser holds back the last char</td><td>base</td><td>STR-16</td></tr>
 * <tr><td>B09PublisherCancelKeepsConnection</td><td>Flow.Publisher cancel() leaves connection and emitter</td><td>base</td><td>STR-13</td></tr>
 * <tr><td>B10StreamDropsFinalUsage</td><td>reader stops at the finish event, drops usage</td><td>base</td><td>STR-4, STR-11</td></tr>
 * <tr><td>B11PerEventIds</td><td>chunk id from the SSE event sequence</td><td>base</td><td>STR-7</td></tr>
 * <tr><td>B12SharedCarryBuffer</td><td>word-smoothing carry buffer in a model field</td><td>base</td><td>CONC-1</td></tr>
 * <tr><td>B13InvokeToolArgsMisparsed</td><td>strict args parser on invoke: valid calls invalid</td><td>base</td><td>STR-10</td></tr>
 * <tr><td>D01InvokeIgnoresRunId</td><td>invoke ignores RunConfig.runId</td><td>direct</td><td>CB-3</td></tr>
 * <tr><td>D02InvokeFailureUnreported</td><td>failing invoke: no error callback</td><td>direct</td><td>INV-5, STR-14</td></tr>
 * <tr><td>D03CloseReportsNothing</td><td>early close: neither end nor error callback</td><td>direct</td><td>STR-6, CB-1</td></tr>
 * <tr><td>D04StreamIgnoresTimeout</td><td>timeout honoured by invoke only</td><td>direct</td><td>STR-14</td></tr>
 * <tr><td>D05EagerRequest</td><td>request and start callback before the first pull</td><td>direct</td><td>STR-15, CONC-1</td></tr>
 * <tr><td>D06ChunkListenerFailureBreaksStream</td><td>onChunk listener failure not caught</td><td>direct</td><td>CB-2</td></tr>
 * <tr><td>D07FinalIdIsRunId</td><td>final message id run-&lt;runId&gt; despite provider ids</td><td>direct</td><td>STR-2, STR-7, EVT-6, EVT-8, CONC-1</td></tr>
 * <tr><td>D08ModelTagsFirst</td><td>model tags before config tags</td><td>direct</td><td>EVT-5, CB-3</td></tr>
 * <tr><td>D09BatchIgnoresMaxConcurrency</td><td>batch fans out on a cached pool</td><td>direct</td><td>BAT-2</td></tr>
 * <tr><td>D10EndIsLastChunk</td><td>end callback carries the last chunk</td><td>direct</td><td>STR-2, STR-10, EVT-6, EVT-8, CONC-1</td></tr>
 * <tr><td>D11RunNameIgnored</td><td>runName ignored</td><td>direct</td><td>EVT-4, CB-3</td></tr>
 * <tr><td>D12ErrorEndsStreamQuietly</td><td>mid-stream error ends the stream normally</td><td>direct</td><td>STR-9, EVT-7</td></tr>
 * <tr><td>D13FakeStreamingBySplitting</td><td>whole completion cut every 5 chars</td><td>direct</td><td>STR-5, STR-14</td></tr>
 * <tr><td>D14LsStopMissing</td><td>ls parameters cached: no ls_stop</td><td>direct</td><td>META-1, META-2</td></tr>
 * <tr><td>D15ReaderThreadLeaks</td><td>reader thread blocked after close</td><td>direct</td><td>STR-6, STR-13, STR-14</td></tr>
 * <tr><td>D16InvokeDropsUsage</td><td>invoke drops usage</td><td>direct</td><td>STR-4, STR-11</td></tr>
 * <tr><td>D17ParentIdsDropped</td><td>parent run ids dropped</td><td>direct</td><td>EVT-9, CB-3</td></tr>
 * <tr><td>D18ChunksWithoutId</td><td>content-free chunks yielded without id</td><td>direct</td><td>STR-7</td></tr>
 * <tr><td>C01 .. C12 (correct)</td><td>usage-only first chunk, empty chunks, odd name, interleaved tool deltas, slow
 * first token, varying threads, direct implementation, graphemes split at code points, tags/metadata/sampling,
 * publisher one event per request, no provider ids, text before tool calls</td><td>base / direct (C07, C11)</td>
 * <td>none</td></tr>
 * </table>
 * <p>
 * Second round (after the blind run; {@link ProbeModels}, {@link WireProbes}): 17 more broken models, 3 missed by the
 * kit of main (D21: batch with one config per input ran under the first config; B21: a response id kept in a model
 * field swapped ids between overlapping streams; plus one correct model failed: C16, fresh tool-call ids per
 * response, failed STR-10). CB-3 now checks batch with one config per input, CONC-1 that no stream carries the
 * provider id of another, and answers of two calls compare tool calls by name and arguments when the provider mints
 * fresh call ids. Left as {@link Undetectable} (the SPEC forbids them, but no rule can see them through the standard
 * interface without an oracle): B04 (a message-keeping rewrap on every path), B14 (one event of look-ahead; over the
 * wire W01 fails WIRE-8), B15 (running usage totals on a model not declared deterministic; over the wire WIRE-7),
 * B23 (a retry that replays a failed stream's chunks; over the wire WIRE-8).
 */
class RedTeamTest {
    private static final String TIMEOUT = "2s";

    @BeforeAll
    static void shortSilenceTimeout() {
        System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, TIMEOUT);
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, "target/chat-tck-redteam");
    }

    @AfterAll
    static void restore() {
        System.clearProperty(ConformanceExtension.TIMEOUT_PROPERTY);
        System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
    }

    static List<Class<?>> everySubject() {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> holder : List.of(BrokenModels.class, ProbeModels.class, UnusualModels.class, WireProbes.class)) {
            for (Class<?> c : holder.getDeclaredClasses()) {
                if (ChatModelConformanceTests.class.isAssignableFrom(c)) {
                    out.add(c);
                }
            }
        }
        out.sort(Comparator.comparing(Class::getSimpleName));
        return out;
    }

    static List<Class<?>> subjects() {
        String which = System.getProperty("chattck.redteam", "");
        return everySubject().stream().filter(c -> !c.isAnnotationPresent(Undetectable.class))
                .filter(c -> which.equals("all") || (which.isEmpty() ? c.isAnnotationPresent(InEveryBuild.class)
                        : c.getSimpleName().matches(which))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aBrokenModelFailsExactlyItsRulesACorrectOneNone(Class<?> subject) throws Exception {
        Set<Rule> expected = subject.isAnnotationPresent(Fails.class)
                ? EnumSet.copyOf(Arrays.asList(subject.getAnnotation(Fails.class).value())) : EnumSet.noneOf(Rule.class);
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(subject)).execute().testEvents();
        Map<Rule, String> failed = new LinkedHashMap<>();
        for (Event e : tests.failed().list()) {
            failed.put(ruleOf(e), e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                    .map(Throwable::getMessage).orElse(""));
        }
        assertThat(failed.keySet()).as("rules failed by %s (messages: %s)", subject.getSimpleName(), failed)
                .containsExactlyInAnyOrderElementsOf(expected);
        failed.forEach((rule, message) -> assertThat(message).as("the failure message of %s", rule)
                .startsWith("[" + rule.id() + "] " + rule.statement())
                .contains("if this fails, check: " + rule.ifThisFailsCheck()));
        assertThat(tests.aborted().count()).as("rules reported not applicable to %s", subject.getSimpleName()).isZero();
        Capabilities declared = ((Declares) subject.getDeclaredConstructor().newInstance()).declared();
        boolean wire = subject.getSuperclass() == io.github.chattck.conformance.wire.OpenAiHttpSubject.class;
        Set<Capability> has = EnumSet.noneOf(Capability.class);
        has.addAll(declared.asSet());
        if (wire) { // the fake server provides these (SPEC 7)
            has.addAll(List.of(Capability.DETERMINISTIC, Capability.FAILURE_TRIGGER, Capability.SLOW_STREAM));
        }
        long applicable = Arrays.stream(Rule.values())
                .filter(r -> (wire || !r.needsWireTarget()) && has.containsAll(r.needs())).count();
        assertThat(tests.succeeded().count()).as("rules passed by %s", subject.getSimpleName())
                .isEqualTo(applicable - expected.size());
    }

    @Test
    void everyBrokenSubjectSaysWhatItBreaksOrWhyNoRuleCanSeeIt() {
        for (Class<?> c : everySubject()) {
            boolean broken = c.isAnnotationPresent(BrokenModels.Defect.class);
            assertThat(broken).as("%s: a @Defect has @Fails or @Undetectable, a correct model neither", c.getSimpleName())
                    .isEqualTo(c.isAnnotationPresent(Fails.class) || c.isAnnotationPresent(Undetectable.class));
        }
    }

    private static Rule ruleOf(Event event) {
        org.junit.platform.engine.support.descriptor.MethodSource source =
                (org.junit.platform.engine.support.descriptor.MethodSource) event.getTestDescriptor().getSource().orElseThrow();
        return source.getJavaMethod().getAnnotation(ConformanceRule.class).value();
    }
}
