package io.github.chattck.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The threads that appeared since a snapshot: how the kit sees that a call released what it started. Threads that
 * existed before (the JVM's, the test framework's, pools the model made earlier), the kit's own and the JVM's
 * lazily started helpers never count. A new thread parked idle in a pool ({@code ThreadPoolExecutor},
 * {@code ForkJoinPool}) is a pooled resource, not a running leftover; it counts only towards {@link #newThreads()}.
 */
final class ThreadCensus {
    /** Threads the kit itself starts (rule workers, concurrent consumers): never the model's. */
    static final String KIT_THREAD_PREFIX = "chat-tck-rule-";
    static final String KIT_HELPER_PREFIX = "chat-tck-kit-";
    /** The threads of chat-tck's fake LLM server (its acceptor and one per connection). */
    static final String FAKE_SERVER_PREFIX = "chat-tck-fake-server-";

    private final Set<Thread> before;
    private final ThreadGroup scope;

    private ThreadCensus(Set<Thread> before, ThreadGroup scope) {
        this.before = before;
        this.scope = scope;
    }

    /**
     * Takes a snapshot of the live threads. When tests run in parallel, only threads of the rule's own thread group
     * (which threads started by the call inherit) are counted, so that other tests' threads never are.
     *
     * @param ctx the rule's context
     * @return the census
     */
    static ThreadCensus take(RuleContext ctx) {
        Set<Thread> now = Collections.newSetFromMap(new IdentityHashMap<>());
        now.addAll(Thread.getAllStackTraces().keySet());
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        boolean scoped = ctx.parallelTests() && group != null && group.getName().startsWith(KIT_THREAD_PREFIX);
        return new ThreadCensus(now, scoped ? group : null);
    }

    /**
     * New threads that are doing something (running, sleeping, blocked, waiting outside a pool's idle wait).
     *
     * @return the threads
     */
    List<Thread> busyNewThreads() {
        return collect(true);
    }

    /**
     * Every new thread, idle pool workers included.
     *
     * @return the threads
     */
    List<Thread> newThreads() {
        return collect(false);
    }

    private List<Thread> collect(boolean busyOnly) {
        List<Thread> out = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (before.contains(t) || !t.isAlive() || ignored(t) || (busyOnly && idleInPool(e.getValue()))) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    private boolean ignored(Thread t) {
        String name = t.getName();
        // the kit's own, and the fake server's (a connection's thread lives as long as the client keeps it open: WIRE-1
        // judges that, not the model's thread count)
        if (name.startsWith(KIT_THREAD_PREFIX) || name.startsWith(KIT_HELPER_PREFIX) || name.startsWith(FAKE_SERVER_PREFIX)) {
            return true;
        }
        ThreadGroup group = t.getThreadGroup();
        if (group == null) {
            return true; // terminated meanwhile
        }
        // the JVM's own lazily started helpers (Common-Cleaner, process reaper, attach listener ...)
        if (group.getName().equals("system") || group.getName().equals("InnocuousThreadGroup")
                || name.equals("Common-Cleaner") || name.equals("Attach Listener")) {
            return true;
        }
        return scope != null && !within(group, scope);
    }

    private static boolean within(ThreadGroup group, ThreadGroup scope) {
        for (ThreadGroup g = group; g != null; g = g.getParent()) {
            if (g == scope) {
                return true;
            }
        }
        return false;
    }

    /** Parked in a pool waiting for work: a pool keeps such threads on purpose. */
    static boolean idleInPool(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String cls = frame.getClassName();
            String method = frame.getMethodName();
            if ((cls.equals("java.util.concurrent.ThreadPoolExecutor") && method.equals("getTask"))
                    || (cls.equals("java.util.concurrent.ForkJoinPool") && method.equals("awaitWork"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The threads by name, each with what it was doing (its top frames), for a failure message.
     *
     * @param threads the threads
     * @return e.g. {@code "acme-sse-1" (TIMED_WAITING at java.lang.Thread.sleep <- com.acme.Sse.pump)}
     */
    static String describe(List<Thread> threads) {
        List<String> out = new ArrayList<>();
        for (Thread t : threads) {
            StackTraceElement[] stack = t.getStackTrace();
            List<String> frames = new ArrayList<>();
            for (StackTraceElement f : Arrays.asList(stack).subList(0, Math.min(3, stack.length))) {
                frames.add(f.getClassName() + "." + f.getMethodName());
            }
            out.add("\"" + t.getName() + "\" (" + t.getState() + (frames.isEmpty() ? "" : " at " + String.join(" <- ", frames))
                    + ")");
        }
        return String.join(", ", out);
    }
}
