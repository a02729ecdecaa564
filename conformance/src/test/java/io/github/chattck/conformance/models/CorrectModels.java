package io.github.chattck.conformance.models;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.Rule;
import io.github.chattck.core.ChatModel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

/**
 * Correct models that are unusual in one way each, as real integrations are: the kit must pass every rule they
 * honestly declare ({@link CorrectModelsTest}). A false alarm here is a kit defect.
 */
final class CorrectModels {
    private CorrectModels() {
    }

    /** Rules the kit reports as not applicable to this model (aborted with a reason), rather than passed. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface NotApplicable {
        Rule[] value();
    }

    /** Only these rules are run for this model (it is slow: the others have nothing to say about its slowness). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface OnlyRules {
        Rule[] value();
    }

    private static Capabilities everything() {
        return Capabilities.builder().tokenStreaming().toolCalling().usageMetadata().stopSequences().deterministic()
                .failureTrigger().slowStream().concurrentCalls().build();
    }

    private static Capabilities everythingBut(io.github.chattck.conformance.Capability missing) {
        Capabilities.Builder b = Capabilities.builder();
        everything().asSet().stream().filter(c -> c != missing).forEach(b::with);
        return b.build();
    }

    /** A pull-style integration with everything: the realistic reference. */
    static final class PullStreaming extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story()));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** A classifier: one token per answer, so one chunk. */
    @NotApplicable(Rule.STR_3)
    static final class OneTokenClassifier extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().answer("positive")));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** About a second per call: 400 ms before the first token, 55 ms between tokens, 1 s per completion. */
    @OnlyRules({Rule.STR_5, Rule.STR_6, Rule.STR_13, Rule.STR_14, Rule.CONC_1})
    static final class OneSecondPerCall extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story()
                    .latency(Duration.ofMillis(400), Duration.ofMillis(55), Duration.ofSeconds(1))
                    .slowTokens(Duration.ofMillis(60))));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** Answers vary between calls, and so do message ids. */
    static final class Nondeterministic extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().randomly("A robot dreamt of electric sheep.",
                    "Robots write poems at night.", "Beep boop, said the little robot, and went to sleep.")));
        }

        @Override
        protected Capabilities capabilities() {
            return everythingBut(Capability.DETERMINISTIC);
        }
    }

    /** Implements ChatModel directly, done right. */
    static final class DirectDoneRight extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeDirectChatModel(new AcmeApi(AcmeApi.Script.story()));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** The provider's message id arrives on the last, content-free chunk only. */
    static final class ProviderIdOnLastChunk extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().idOnLastEvent()));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /**
     * Push style, its client calling back from a single thread of its own: a second stream waits for the first. Its
     * answer is longer than the base's hand-off holds, so streams pulled in turn would deadlock a naive kit.
     */
    static final class PushOnItsOwnSingleThread extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmePushChatModel(new AcmeApi(AcmeApi.Script.story().answer(longStory())), 1);
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** Push style, its client calling back from a fixed pool of four threads, made lazily. */
    static final class PushOnAFixedPool extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmePushChatModel(new AcmeApi(AcmeApi.Script.story()), 4);
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** Emoji and other characters outside the BMP, streamed in whole tokens. */
    static final class EmojiStory extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().answer(EMOJI)));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** No streaming (the single-chunk fallback), with emoji in the answer. */
    static final class FallbackWithEmoji extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().answer(EMOJI)), false);
        }

        @Override
        protected Capabilities capabilities() {
            // a fallback's stream is one chunk: no slow stream to declare
            Capabilities.Builder b = Capabilities.builder();
            everything().asSet().stream().filter(c -> c != Capability.TOKEN_STREAMING && c != Capability.SLOW_STREAM)
                    .forEach(b::with);
            return b.build();
        }
    }

    /** The slow prompt thinks 300 ms before its first token, then streams quickly: late, but not held back. */
    static final class ThinksBeforeAnswering extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            return new AcmeChatModel(new AcmeApi(AcmeApi.Script.story().slowThinking(Duration.ofMillis(300))));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    /** Its client keeps a background thread of its own, started with the model and alive after every call. */
    static final class ClientWithABackgroundThread extends AcmeSubject {
        @Override
        protected ChatModel createModel() {
            Thread keepAlive = new Thread(() -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "acme-keep-alive");
            keepAlive.setDaemon(true);
            keepAlive.start();
            return new AcmeDirectChatModel(new AcmeApi(AcmeApi.Script.story()));
        }

        @Override
        protected Capabilities capabilities() {
            return everything();
        }
    }

    static final String EMOJI = "Robots \uD83E\uDD16 dream of \uD83C\uDF19 and \uD83D\uDC11, \uD835\uDD4A\uD835\uDD65\uD835\uDD60\uD835\uDD63\uD835\uDD6A \uD83C\uDF89 ends.";

    static String longStory() {
        StringBuilder sb = new StringBuilder("Once");
        for (int i = 0; i < 45; i++) {
            sb.append(" robot").append(i);
        }
        return sb.append('.').toString();
    }
}
