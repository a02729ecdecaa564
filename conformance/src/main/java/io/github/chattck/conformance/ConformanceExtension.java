package io.github.chattck.conformance;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChatModel;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JUnit Jupiter extension behind {@link ChatModelConformanceTests}: it skips rules whose capability the model
 * lacks, rules the subject excludes and the WIRE rules of a class without a wire target (each with its reason), gives
 * every rule method its {@link RuleContext} (over the wire: on a fresh scope of the class's fake server, closed after
 * the rule; the server is closed after the class),
 * runs each rule on a thread of its own under a watchdog (a model that goes silent fails the rule as a hang, never
 * the build; a slow model that keeps delivering is given the time it needs), turns a failure into a message naming
 * the rule, what was expected and seen, what to check and the last run's trace, and writes the scorecard after the
 * class.
 * <p>
 * Settings (system property, else environment variable): {@code chattck.timeout} / {@code CHATTCK_TIMEOUT}, how long
 * a call may stay silent (no chunk, event, callback or answer) before it counts as a hang ({@code 10s}, {@code 500ms}
 * or ISO-8601, default 10 s); {@code chattck.scorecard.dir} /
 * {@code CHATTCK_SCORECARD_DIR}, where scorecards go (default {@code target/chat-tck}).
 */
public final class ConformanceExtension implements ExecutionCondition, ParameterResolver, InvocationInterceptor,
        BeforeTestExecutionCallback, AfterEachCallback, TestWatcher, AfterAllCallback {
    /** The system property of the per-rule timeout. */
    public static final String TIMEOUT_PROPERTY = "chattck.timeout";
    /** The system property of the scorecard directory. */
    public static final String SCORECARD_DIR_PROPERTY = "chattck.scorecard.dir";
    /** The per-rule timeout when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConformanceExtension.class);
    private static final String SCORECARD = "scorecard";
    private static final String RULE_CONTEXT = "ruleContext";
    private static final String STARTED = "started";
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(50);
    /** A rule that keeps receiving items this many timeouts long is stopped, with a message that it was not a hang. */
    private static final int FLOWING_CAP_FACTOR = 30;

    /** Created by JUnit through {@code @ExtendWith}. */
    public ConformanceExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a rule");
        }
        Rule rule = ruleOf(method.get());
        ChatModelConformanceTests subject = subject(context);
        String exclusion = subject.exclusions().get(rule);
        if (exclusion != null) {
            scorecard(context).record(new Scorecard.Entry(rule, Scorecard.Status.EXCLUDED, exclusion, 0));
            return ConditionEvaluationResult.disabled("EXCLUDED " + rule.id() + ": " + exclusion);
        }
        if (rule.needsWireTarget() && subject.wire() == null) {
            String reason = "SKIPPED " + rule.id() + ": needs a wire target (to enable: override wireTarget() to give the"
                    + " kit the dialect of your client and a factory from a fake-server endpoint to your model; SPEC"
                    + " section 7)";
            scorecard(context).record(new Scorecard.Entry(rule, Scorecard.Status.SKIPPED, reason, 0));
            return ConditionEvaluationResult.disabled(reason);
        }
        Capabilities capabilities = subject.effectiveCapabilities();
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        for (Capability c : rule.needs()) {
            if (!capabilities.has(c)) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            StringBuilder reason = new StringBuilder("SKIPPED " + rule.id() + ": needs capability ");
            String sep = "";
            for (Capability c : missing) {
                reason.append(sep).append(c.id()).append(" (to enable: ").append(c.howToEnable()).append(')');
                sep = ", ";
            }
            scorecard(context).record(new Scorecard.Entry(rule, Scorecard.Status.SKIPPED, reason.toString(), 0));
            return ConditionEvaluationResult.disabled(reason.toString());
        }
        return ConditionEvaluationResult.enabled(rule.id() + " applies");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RuleContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        Rule rule = ruleOf(context.getRequiredTestMethod());
        boolean parallel = context.getConfigurationParameter("junit.jupiter.execution.parallel.enabled")
                .map(Boolean::parseBoolean).orElse(false);
        RuleContext ruleContext = new RuleContext(rule, subject(context).subjectFor(rule), timeout(), parallel);
        context.getStore(NAMESPACE).put(RULE_CONTEXT, ruleContext);
        return ruleContext;
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(NAMESPACE).put(STARTED, System.nanoTime());
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Rule rule = ruleOf(invocationContext.getExecutable());
        RuleContext ruleContext = context.getStore(NAMESPACE).get(RULE_CONTEXT, RuleContext.class);
        Duration timeout = timeout();
        CompletableFuture<Void> result = new CompletableFuture<>();
        // a thread group of its own: threads the model starts during the rule inherit it (see ThreadCensus)
        ThreadGroup group = new ThreadGroup(ThreadCensus.KIT_THREAD_PREFIX + rule.id());
        Thread worker = new Thread(group, () -> {
            try {
                invocation.proceed();
                result.complete(null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, ThreadCensus.KIT_THREAD_PREFIX + rule.id());
        worker.setDaemon(true); // a model that hangs must not keep the JVM alive
        worker.start();
        long started = System.nanoTime();
        long cap = timeout.multipliedBy(FLOWING_CAP_FACTOR).toNanos();
        while (true) {
            try {
                result.get(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long quiet = ruleContext == null ? now - started : now - ruleContext.trace().lastActivityNanos();
                if (quiet > timeout.toNanos()) {
                    worker.interrupt();
                    throw enriched(rule, ruleContext, "hang: nothing happened for " + timeout + " (" + TIMEOUT_PROPERTY
                            + "): no chunk, event, callback or answer arrived; last seen: " + lastSeen(ruleContext)
                            + ". A call that hangs must end with an error, honour close() and RunConfig.timeout", null,
                            context);
                }
                if (now - started > cap) {
                    worker.interrupt();
                    throw enriched(rule, ruleContext, "not finished after " + Duration.ofNanos(now - started).toSeconds()
                            + " s (" + FLOWING_CAP_FACTOR + " x " + TIMEOUT_PROPERTY + "), although the model kept"
                            + " delivering (not a hang); last seen: " + lastSeen(ruleContext)
                            + ". A stream that never ends must end, or raise " + TIMEOUT_PROPERTY, null, context);
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TestAbortedException) {
                    throw cause;
                }
                String what = cause instanceof AssertionError ? cause.getMessage()
                        : "the model threw " + Failures.chain(cause) + " where the rule expected it to work";
                throw enriched(rule, ruleContext, what, cause, context);
            }
        }
    }

    private static String lastSeen(RuleContext ruleContext) {
        return ruleContext == null ? "(nothing)" : ruleContext.trace().lastLine();
    }

    private AssertionFailedError enriched(Rule rule, RuleContext ruleContext, String what, Throwable cause,
                                          ExtensionContext context) {
        String model = "model: " + (ruleContext != null ? ruleContext.subject() : subject(context).subject()).describe();
        String trace = ruleContext == null ? "(no trace)" : ruleContext.trace().render();
        String message = "[" + rule.id() + "] " + rule.statement() + "\n  " + what + "\n  if this fails, check: "
                + rule.ifThisFailsCheck() + "\n  " + model + "\n  last run:\n" + trace;
        AssertionFailedError error = cause instanceof AssertionFailedError && ((AssertionFailedError) cause).isExpectedDefined()
                ? new AssertionFailedError(message, ((AssertionFailedError) cause).getExpected().getValue(),
                ((AssertionFailedError) cause).getActual().getValue(), cause)
                : new AssertionFailedError(message, cause);
        return error;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RuleContext ruleContext = context.getStore(NAMESPACE).get(RULE_CONTEXT, RuleContext.class);
        if (ruleContext != null && ruleContext.wire() != null) {
            ruleContext.wire().close();
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, Scorecard.Status.PASSED, "");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        int firstLine = message.indexOf('\n');
        int secondLine = firstLine < 0 ? -1 : message.indexOf('\n', firstLine + 1);
        record(context, Scorecard.Status.FAILED, secondLine < 0 ? message : message.substring(firstLine + 1, secondLine).trim());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, Scorecard.Status.SKIPPED, Scorecard.ABORTED + cause.getMessage());
    }

    private void record(ExtensionContext context, Scorecard.Status status, String detail) {
        Optional<Method> method = context.getTestMethod();
        if (method.isEmpty() || method.get().getAnnotation(ConformanceRule.class) == null) {
            return;
        }
        Long started = context.getStore(NAMESPACE).get(STARTED, Long.class);
        long elapsed = started == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        scorecard(context).record(new Scorecard.Entry(ruleOf(method.get()), status, detail, elapsed));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            Scorecard card = scorecard(context);
            Path md = card.writeTo(scorecardDirectory(), context.getRequiredTestClass().getSimpleName());
            context.publishReportEntry("chat-tck scorecard", md.toAbsolutePath().toString());
        } finally {
            subject(context).closeWire();
        }
    }

    /**
     * The directory scorecards are written to.
     *
     * @return the configured directory, default {@code target/chat-tck}
     */
    public static Path scorecardDirectory() {
        return Path.of(setting(SCORECARD_DIR_PROPERTY, "CHATTCK_SCORECARD_DIR", "target/chat-tck"));
    }

    /**
     * The per-rule timeout in force.
     *
     * @return the configured timeout, default 10 s
     * @throws IllegalArgumentException naming the value if it cannot be read
     */
    public static Duration timeout() {
        String value = setting(TIMEOUT_PROPERTY, "CHATTCK_TIMEOUT", null);
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return parseTimeout(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TIMEOUT_PROPERTY + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a per-rule timeout written as the {@code chattck.timeout} setting takes it: {@code 10s}, {@code 1.5s},
     * {@code 500ms}, {@code PT10S}, or bare milliseconds.
     *
     * @param value the text
     * @return the timeout, positive
     * @throws IllegalArgumentException naming the value if it cannot be read or is not positive
     */
    public static Duration parseTimeout(String value) {
        String v = value.trim();
        Duration parsed;
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                parsed = Duration.parse(v);
            } else if (v.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                parsed = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            } else {
                parsed = Duration.ofMillis(Long.parseLong(v));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a timeout must be like 10s, 500ms or PT10S but was '" + value + "'", e);
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException("a timeout must be positive but was '" + value + "'");
        }
        return parsed;
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value;
    }

    private static Rule ruleOf(Method method) {
        ConformanceRule annotation = method.getAnnotation(ConformanceRule.class);
        if (annotation == null) {
            throw new IllegalStateException(method + " is not a conformance rule method (no @ConformanceRule)");
        }
        return annotation.value();
    }

    private static ChatModelConformanceTests subject(ExtensionContext context) {
        Object instance = context.getRequiredTestInstance();
        if (!(instance instanceof ChatModelConformanceTests)) {
            throw new IllegalStateException("the conformance extension serves subclasses of ChatModelConformanceTests, not "
                    + instance.getClass().getName());
        }
        return (ChatModelConformanceTests) instance;
    }

    private static Scorecard scorecard(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(SCORECARD, key -> {
            ChatModelConformanceTests subject = subject(classContext);
            Map<String, Object> ls;
            String name;
            boolean onBase;
            try {
                ChatModel model = subject.sampleModel();
                name = model.name();
                ls = model.lsParams(CallOptions.NONE).toMetadata();
                onBase = model instanceof BaseChatModel;
            } catch (RuntimeException e) {
                name = "(" + (subject.wire() == null ? "createModel" : "the wire target's factory") + " failed: " + e + ")";
                ls = Map.of();
                onBase = false;
            }
            WireBench wire = subject.wire();
            return new Scorecard(classContext.getRequiredTestClass().getName(), name, ls, subject.effectiveCapabilities(),
                    onBase, wire == null ? null : wire.target().dialect().name());
        }, Scorecard.class);
    }

}
