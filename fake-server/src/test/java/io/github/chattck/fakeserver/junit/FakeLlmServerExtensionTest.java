package io.github.chattck.fakeserver.junit;

import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The extension, run through the JUnit Platform TestKit on example classes. */
class FakeLlmServerExtensionTest {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static final List<FakeLlmServer> SERVERS = new CopyOnWriteArrayList<>();

    static String post(String url, String user) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Example: a static extension, two tests. */
    static class SharedServer {
        @RegisterExtension
        static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.withScript(Script.builder().replies("scripted").build());

        FakeLlmScope fromBeforeEach;

        @BeforeEach
        void setUp(FakeLlmScope scope) {
            fromBeforeEach = scope;
        }

        @Test
        void first(FakeLlmScope scope, @FakeLlmBaseUrl String baseUrl, @FakeLlmBaseUrl(suffix = "/v1") URI v1, FakeLlmServer server) throws Exception {
            assertThat(scope).isSameAs(fromBeforeEach).isSameAs(fakeLlm.scope());
            assertThat(baseUrl).isEqualTo(scope.baseUrl()).startsWith(server.baseUrl() + "/scopes/first-");
            assertThat(v1).isEqualTo(URI.create(scope.openAiBaseUrl()));
            assertThat(post(v1 + "/chat/completions", "one")).contains("scripted");
            assertThat(scope.requests()).hasSize(1);
            SEEN.add(scope.baseUrl());
            SERVERS.add(server);
        }

        @Test
        void second(FakeLlmScope scope, FakeLlmServer server) throws Exception {
            assertThat(scope.requests()).isEmpty(); // a fresh journal, and the script from its first turn
            assertThat(post(scope.openAiBaseUrl() + "/chat/completions", "two")).contains("scripted");
            SEEN.add(scope.baseUrl());
            SERVERS.add(server);
        }
    }

    @Test
    void aStaticExtensionSharesOneServerAndGivesEachTestAFreshScope() {
        SEEN.clear();
        SERVERS.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SharedServer.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        assertThat(SERVERS).hasSize(2);
        assertThat(SERVERS.get(0)).isSameAs(SERVERS.get(1));
        assertThat(SERVERS.get(0).isRunning()).as("closed after the class").isFalse();
    }

    /** Example: an instance extension. */
    static class ServerPerTest {
        @RegisterExtension
        FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();

        @Test
        void one(FakeLlmScope scope, FakeLlmServer server) throws Exception {
            assertThat(scope).isSameAs(server.rootScope());
            assertThat(fakeLlm.server()).isSameAs(server);
            scope.turns(Turn.text("own"));
            assertThat(post(server.openAiBaseUrl() + "/chat/completions", "x")).contains("own");
            SERVERS.add(server);
        }

        @Test
        void two(FakeLlmServer server) {
            SERVERS.add(server);
        }
    }

    @Test
    void anInstanceExtensionStartsAServerPerTest() {
        SERVERS.clear();
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ServerPerTest.class)).execute()
                .testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(SERVERS).hasSize(2);
        assertThat(SERVERS.get(0)).isNotSameAs(SERVERS.get(1));
        assertThat(SERVERS).noneMatch(FakeLlmServer::isRunning);
    }
}
