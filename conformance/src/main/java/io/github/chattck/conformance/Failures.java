package io.github.chattck.conformance;

import io.github.chattck.core.ChatModelException;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Whether the exception a caller sees keeps the provider's failure. The kit cannot know what the provider threw,
 * but it sees the same failing prompt fail on several paths (the error callback, invoke, stream, streamEvents,
 * batch): a path that shows a bare wrapper (a generic exception with no cause) where another path shows the real
 * failure has dropped it.
 */
final class Failures {
    /** Exception types that say nothing by themselves: thrown without a cause, they hide what went wrong. */
    private static final Set<Class<?>> GENERIC = Set.of(Throwable.class, Exception.class, RuntimeException.class,
            Error.class, IllegalStateException.class, ChatModelException.class, CompletionException.class,
            ExecutionException.class, UndeclaredThrowableException.class);

    private Failures() {
    }

    /**
     * Expects {@code thrown}, what the caller of {@code path} saw, to keep the failure: the errors its run reported
     * to {@code onError} are in its cause chain (or it in theirs), and it is not a bare wrapper where a reference
     * path shows the provider's own failure.
     *
     * @param ctx        the rule's context
     * @param path       what was called, e.g. {@code "stream()"}
     * @param thrown     what the caller saw
     * @param reported   the errors the run reported to its listeners
     * @param references other paths' failures for the same prompt, by path
     */
    static void expectKept(RuleContext ctx, String path, Throwable thrown, List<Throwable> reported,
                           Map<String, Throwable> references) {
        for (Throwable r : reported) {
            ctx.expect(inChain(thrown, r) || inChain(r, thrown), "the exception " + path + " throws to keep the failure"
                    + " its run reported to onError (" + chain(r) + "), as itself or as a cause",
                    () -> chain(thrown) + " (the provider's failure was replaced, not wrapped)");
        }
        for (Map.Entry<String, Throwable> ref : references.entrySet()) {
            Throwable other = root(ref.getValue());
            boolean dropped = bare(thrown) && !same(thrown, other) && !GENERIC.contains(other.getClass());
            ctx.expect(!dropped, path + " to throw the provider's failure or keep it as the cause, as "
                    + ref.getKey() + " does for the same prompt (" + chain(ref.getValue()) + ")",
                    () -> "a bare " + chain(thrown) + " with no cause");
        }
    }

    /** The innermost cause. */
    static Throwable root(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable r = t;
        while (r.getCause() != null && seen.add(r)) {
            r = r.getCause();
        }
        return r;
    }

    /** A generic exception without a cause. */
    static boolean bare(Throwable t) {
        return t.getCause() == null && GENERIC.contains(t.getClass());
    }

    /** Whether {@code target} (or an equal failure: same type, same message) is {@code t} or one of its causes. */
    static boolean inChain(Throwable t, Throwable target) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c == target || same(c, target)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(Throwable a, Throwable b) {
        return a.getClass() == b.getClass() && Objects.equals(a.getMessage(), b.getMessage());
    }

    /** The exception and its causes, outermost first. */
    static String chain(Throwable t) {
        List<String> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            out.add(c.toString());
        }
        return String.join(" <- caused by ", out);
    }

    /** Whether the failure is a timeout: a timeout exception (of any library) is it or one of its causes. */
    static boolean isTimeout(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c.getClass().getSimpleName().contains("Timeout") || c instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
