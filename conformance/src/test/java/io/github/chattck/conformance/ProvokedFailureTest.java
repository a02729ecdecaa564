package io.github.chattck.conformance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener failures CB-2 provokes reach a provider's log as one short record, not a stack trace each. */
class ProvokedFailureTest {

    @Test
    void everyKindOfProvokedFailureHasNoStackTraceAndIsKnownAsProvoked() {
        assertThat(ProvokedFailure.kinds()).hasSize(3).allSatisfy(kind -> {
            Throwable t = kind.apply("listener.onStart");
            assertThat(t.getStackTrace()).isEmpty();
            assertThat(ProvokedFailure.isProvoked(new IllegalStateException("wrapped", t))).isTrue();
        });
        assertThat(ProvokedFailure.kinds()).extracting(k -> (Object) k.apply("x").getClass().getSuperclass())
                .containsExactly(RuntimeException.class, Exception.class, Error.class);
        assertThat(ProvokedFailure.isProvoked(new IllegalStateException("a real one"))).isFalse();
    }

    @Test
    void whileQuietOnlyTheFirstProvokedRecordReachesTheHandlersAndOthersPassAsBefore() throws Exception {
        List<LogRecord> published = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (isLoggable(record)) {
                    published.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Handler[] console = root.getHandlers(); // kept out of the build log while this test logs on purpose
        for (Handler h : console) {
            root.removeHandler(h);
        }
        root.addHandler(capture);
        Logger logger = Logger.getLogger("chat-tck.provoked-failure-test");
        try {
            AutoCloseable quietLogs = ProvokedFailure.quietLogs();
            try (quietLogs) {
                for (int i = 0; i < 3; i++) {
                    logger.log(Level.SEVERE, "listener threw; the call goes on", new ProvokedFailure("listener.onChunk"));
                }
                logger.log(Level.SEVERE, "a real problem", new IllegalStateException("real"));
            }
            logger.log(Level.SEVERE, "after the rule", new ProvokedFailure("listener.onEnd"));
        } finally {
            root.removeHandler(capture);
            for (Handler h : console) {
                root.addHandler(h);
            }
        }
        assertThat(published).extracting(LogRecord::getMessage)
                .containsExactly("listener threw; the call goes on", "a real problem", "after the rule");
    }
}
