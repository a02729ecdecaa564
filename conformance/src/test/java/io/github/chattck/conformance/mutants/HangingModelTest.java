package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.RuleContext;
import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.Message;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * A model that goes silent fails every rule that calls it, as a hang, and the build goes on; a model that keeps
 * delivering is stopped too, but never called hung.
 */
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

    /** Streams a chunk every 10 ms, forever: never silent, never done. */
    static final class NeverEnds extends ChatModelConformanceTests {
        @Override
        protected ChatModel createModel() {
            return new BaseChatModel() {
                @Override
                protected AIMessage generate(List<Message> messages, CallOptions options) {
                    return AIMessage.of("tick");
                }

                @Override
                protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
                    return () -> {
                        Thread.sleep(10);
                        return AIMessageChunk.of("tick ");
                    };
                }
            };
        }

        @Override
        protected Capabilities capabilities() {
            return Capabilities.builder().tokenStreaming().build();
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
    void aModelThatKeepsDeliveringIsStoppedWithoutBeingCalledHung() {
        System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, "100ms");
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(NeverEnds.class, "required_STR_1_streamYieldsChunks", RuleContext.class.getName()))
                .execute().testEvents();

        assertThat(tests.failed().list()).singleElement().satisfies(e -> assertThat(e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .contains("not finished after", "although the model kept delivering (not a hang)")
                .doesNotContain("hang: nothing happened"));
    }

    @Test
    void aHangingModelFailsEveryRuleThatCallsItByTimeout() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(HangsForever.class)).execute().testEvents();

        long applicable = Arrays.stream(Rule.values()).filter(r -> r.needs().isEmpty() && !r.needsWireTarget()).count();
        // INV-4 passes: bad input is rejected before the model is ever called
        assertThat(tests.succeeded().count()).isEqualTo(1);
        assertThat(tests.failed().count()).isEqualTo(applicable - 1);
        assertThat(tests.failed().list()).allSatisfy(e -> assertThat(e.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse(""))
                .contains("hang: nothing happened for PT0.3S (chattck.timeout)"));
    }
}
