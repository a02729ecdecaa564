package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;
import io.github.chattck.conformance.Endpoint;
import io.github.chattck.conformance.Rule;
import io.github.chattck.conformance.wire.OpenAiHttpChatModel;
import io.github.chattck.conformance.wire.OpenAiHttpSubject;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.AIMessageChunk;

import java.io.InputStream;

/** Red-team probes over the wire: defects of the reference HTTP provider that hook mode cannot see. */
final class WireProbes {
    private WireProbes() {
    }

    /**
     * Reads one SSE frame ahead of the consumer (to know whether the chunk in hand is the last): B14 over the wire.
     * STR-5's frame comparison allows it (a lag of one frame gap is below its bound), but reading ahead meets the error
     * frame before the chunk in hand was handed over, so the run fails with one chunk too few (WIRE-8).
     */
    @BrokenModels.Defect("HTTP client reads one SSE frame ahead of the consumer")
    @Fails(Rule.WIRE_8)
    public static class W01LookAheadOneFrame extends OpenAiHttpSubject implements Declares {
        @Override
        public Capabilities declared() {
            return capabilities();
        }

        @Override
        protected OpenAiHttpChatModel model(Endpoint endpoint) {
            return new OpenAiHttpChatModel(endpoint) {
                @Override
                protected ChunkSource frames(InputStream body) {
                    ChunkSource frames = super.frames(body);
                    return new ChunkSource() {
                        private AIMessageChunk ahead;
                        private boolean primed;

                        @Override
                        public AIMessageChunk next() throws Exception {
                            if (!primed) {
                                primed = true;
                                ahead = frames.next();
                            }
                            AIMessageChunk current = ahead;
                            ahead = current == null ? null : frames.next();
                            return current;
                        }

                        @Override
                        public void close() {
                            frames.close();
                        }
                    };
                }
            };
        }
    }
}
