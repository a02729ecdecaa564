package io.github.chattck.conformance;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The failures a rule provokes on purpose (CB-2's throwing listener: unchecked, checked, an Error). They have no
 * stack trace, so a model that logs it
 * as it should logs one line, not forty; and while a rule provokes it, {@link #quietLogs()} lets only the first such
 * record through the JDK's log handlers, so a provider's build log shows the one line that matters.
 */
final class ProvokedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProvokedFailure(String where) {
        super(message(where), null, false, false);
    }

    private static String message(String where) {
        return "chat-tck " + where + " fails on purpose (rule CB-2: a throwing listener must not break the call)";
    }

    /** A checked exception a listener throws sneakily, as Kotlin code or Lombok's {@code @SneakyThrows} do. */
    static final class Checked extends Exception {
        private static final long serialVersionUID = 1L;

        Checked(String where) {
            super(message(where), null, false, false);
        }
    }

    /** An Error of a listener that is no {@link VirtualMachineError}: a call must survive it too. */
    static final class Fatal extends Error {
        private static final long serialVersionUID = 1L;

        Fatal(String where) {
            super(message(where), null, false, false);
        }
    }

    /**
     * The kinds of failure CB-2 provokes, each made from where it is thrown.
     *
     * @return unchecked, checked, Error
     */
    static List<Function<String, Throwable>> kinds() {
        return List.of(ProvokedFailure::new, Checked::new, Fatal::new);
    }

    /**
     * Whether a provoked failure is this throwable or one of its causes.
     *
     * @param t the throwable
     * @return true if the kit provoked it
     */
    static boolean isProvoked(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProvokedFailure || c instanceof Checked || c instanceof Fatal) {
                return true;
            }
        }
        return false;
    }

    /** Throws a checked exception no signature declares. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * Until closed, the JDK logging handlers drop records caused by a provoked failure after the first. Logging
     * backends other than java.util.logging are left alone; they print the failure in one line anyway.
     *
     * @return what restores the handlers' filters
     */
    static AutoCloseable quietLogs() {
        Handler[] handlers = Logger.getLogger("").getHandlers();
        Filter[] previous = new Filter[handlers.length];
        AtomicBoolean shownOne = new AtomicBoolean();
        for (int i = 0; i < handlers.length; i++) {
            Filter before = handlers[i].getFilter();
            previous[i] = before;
            handlers[i].setFilter(record -> (!provoked(record) || shownOne.compareAndSet(false, true))
                    && (before == null || before.isLoggable(record)));
        }
        return () -> {
            for (int i = 0; i < handlers.length; i++) {
                handlers[i].setFilter(previous[i]);
            }
        };
    }

    private static boolean provoked(LogRecord record) {
        return record.getThrown() != null && isProvoked(record.getThrown());
    }
}
