package io.github.chattck.conformance;

import io.github.chattck.fakeserver.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/** The wire target's parts, and a test class that gives the kit no model at all. */
class WireTargetTest {

    @Test
    void anEndpointNamesEachClientsBaseUrl() {
        Endpoint endpoint = new Endpoint("http://127.0.0.1:8080/scopes/s1", Dialect.ANTHROPIC_MESSAGES, Endpoint.API_KEY);
        assertThat(endpoint.openAiBaseUrl()).isEqualTo("http://127.0.0.1:8080/scopes/s1/v1");
        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:8080/scopes/s1/v1/messages");
        assertThatThrownBy(() -> new Endpoint(null, Dialect.OLLAMA_CHAT, "k")).hasMessageContaining("baseUrl");
    }

    @Test
    void aFactoryThatReturnsNullIsNamed() {
        WireTarget target = WireTarget.of(Dialect.OLLAMA_CHAT, endpoint -> null);
        assertThatThrownBy(() -> target.newModel(new Endpoint("http://127.0.0.1:1", Dialect.OLLAMA_CHAT, "k")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("factory returned null");
    }

    @Test
    void aTestClassWithNeitherHookFailsEachRuleNamingBoth() {
        String message = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(NoModel.class, "required_INV_1_invokeStringAnswers", RuleContext.class.getName()))
                .execute().testEvents().failed().list().get(0).getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
        assertThat(message).contains("[INV-1]", "overrides neither createModel() nor wireTarget()");
    }

    /** Forgot both hooks. */
    static final class NoModel extends ChatModelConformanceTests {
        @Override
        protected Capabilities capabilities() {
            return Capabilities.none();
        }
    }
}
