package io.github.chattck.fakeserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One server for a test class; each test takes a scope of its own ({@code server.newScope()}). */
abstract class SharedServerTest {
    static FakeLlmServer server;

    @BeforeAll
    static void startServer() {
        server = FakeLlmServer.builder().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /**
     * How a request ended, waiting for it: the server records the ending just after its last byte, so a client
     * may hold the whole answer a moment before the journal does.
     */
    static Ending ended(RecordedRequest request) {
        try {
            return request.awaitEnding(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
