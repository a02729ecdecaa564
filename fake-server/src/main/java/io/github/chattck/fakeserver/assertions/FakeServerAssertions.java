package io.github.chattck.fakeserver.assertions;

import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.RecordedRequest;

/**
 * Entry point of the AssertJ assertions on the fake server:
 * {@code assertThat(server).receivedRequests(2).lastRequest().offersTools("get_weather")}. Needs
 * {@code org.assertj:assertj-core} on the test classpath (an optional dependency of this module).
 */
public final class FakeServerAssertions {
    private FakeServerAssertions() {
    }

    /**
     * Assertions on what the server's own scope (its root URL) received.
     *
     * @param server the server
     * @return the assertion
     */
    public static FakeLlmScopeAssert assertThat(FakeLlmServer server) {
        return new FakeLlmScopeAssert(server == null ? null : server.rootScope());
    }

    /**
     * Assertions on what a scope received.
     *
     * @param scope the scope
     * @return the assertion
     */
    public static FakeLlmScopeAssert assertThat(FakeLlmScope scope) {
        return new FakeLlmScopeAssert(scope);
    }

    /**
     * Assertions on one recorded request.
     *
     * @param request the request
     * @return the assertion
     */
    public static RecordedRequestAssert assertThat(RecordedRequest request) {
        return new RecordedRequestAssert(request);
    }
}
