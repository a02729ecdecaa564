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
}
