package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.Rule;
import io.github.chattck.core.ChatModel;
import io.github.chattck.fakes.ScriptedChatModel;
import io.github.chattck.fakes.Turn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** A model that hangs fails every rule that calls it, by timeout, and the build goes on. */
class HangingModelTest {

    /** Every call hangs until cancelled. */
    static final class HangsForever extends ChatModelConformanceTests {
        @Override
        protected ChatModel createModel() {
            return ScriptedChatModel.builder().name("HangsForever").turn(Turn.text("never").hangAfterChunk(0)).repeatLast().build();
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.none();
        }
    }

    @BeforeEach
    void shortTimeout() {
        System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, "300ms");
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, "target/chat-tck-mutants");
    }

    @AfterEach
    void restore() {
        System.clearProperty(ConformanceExtension.TIMEOUT_PROPERTY);
        System.clearProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY);
    }

    @Test
    void aHangingModelFailsEveryRuleThatCallsItByTimeout() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(HangsForever.class)).execute().testEvents();

        long applicable = Arrays.stream(Rule.values()).filter(r -> r.needs().isEmpty()).count();
        // INV-4 passes: bad input is rejected before the model is ever called
        assertThat(tests.succeeded().count()).isEqualTo(1);
        assertThat(tests.failed().count()).isEqualTo(applicable - 1);
        assertThat(tests.failed().list()).allSatisfy(e -> assertThat(e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .contains("hang: nothing happened for PT0.3S (chattck.timeout)"));
    }
}
