package io.github.chattck.fakeserver;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakes.Fault;
import io.github.chattck.fakes.Turn;

/**
 * One scripted answer as it goes on the wire: a {@link Turn} of {@code chat-tck-fakes} (text, chunking, tool
 * calls, usage, metadata, delays) and optionally a {@link WireFault}. Immutable.
 * <p>
 * A turn's own fakes fault is played at the HTTP level too: {@code hangAfterChunk(k)} stalls after k frames,
 * {@code failAfterChunk(k, e)} sends the dialect's error event with the exception's message after k frames
 * ({@code k = 0}: status 500 with that message). A turn cannot carry both a fakes fault and a wire fault.
 */
public final class WireTurn {
    private final Turn turn;
    private final WireFault fault;

    private WireTurn(Turn turn, WireFault fault) {
        this.turn = Checks.notNull(turn, "turn");
        Checks.argument(fault == null || turn.fault() == null,
                "a turn has either a fakes fault (%s) or a wire fault (%s), not both", turn.fault(), fault);
        this.fault = fault;
    }

    /**
     * A turn played as scripted.
     *
     * @param turn the turn
     * @return the wire turn
     */
    public static WireTurn of(Turn turn) {
        return new WireTurn(turn, null);
    }

    /**
     * An answer that is an HTTP error status with the dialect's error body ({@link WireFault#status(int)}).
     *
     * @param code 400..599
     * @return the wire turn
     */
    public static WireTurn status(int code) {
        return failing(WireFault.status(code));
    }

    /**
     * An answer that is this fault, with no content (for status faults, e.g.
     * {@code WireTurn.failing(WireFault.status(429).retryAfter(Duration.ofMillis(50)))}).
     *
     * @param fault the fault
     * @return the wire turn
     */
    public static WireTurn failing(WireFault fault) {
        return new WireTurn(Turn.text(""), Checks.notNull(fault, "fault"));
    }

    /**
     * This turn with a wire fault (replacing any other wire fault).
     *
     * @param scripted the fault
     * @return a new wire turn
     */
    public WireTurn fault(WireFault scripted) {
        return new WireTurn(turn, Checks.notNull(scripted, "fault"));
    }

    /**
     * Cuts the connection after {@code k} frames ({@link WireFault#cutAfterFrames(int)}).
     *
     * @param k frames before the cut
     * @return a new wire turn
     */
    public WireTurn cutAfterFrames(int k) {
        return fault(WireFault.cutAfterFrames(k));
    }

    /**
     * Stalls after {@code k} frames until the client goes away ({@link WireFault#stallAfterFrames(int)}).
     *
     * @param k frames before the stall
     * @return a new wire turn
     */
    public WireTurn stallAfterFrames(int k) {
        return fault(WireFault.stallAfterFrames(k));
    }

    /**
     * Sends a malformed frame after {@code k} frames ({@link WireFault#malformedFrameAfter(int)}).
     *
     * @param k frames before the malformed one
     * @return a new wire turn
     */
    public WireTurn malformedFrameAfter(int k) {
        return fault(WireFault.malformedFrameAfter(k));
    }

    /**
     * Ends the stream with the dialect's error event after {@code k} frames
     * ({@link WireFault#errorEventAfterFrames(int)}).
     *
     * @param k       frames before the error
     * @param message the error's message
     * @return a new wire turn
     */
    public WireTurn errorEventAfterFrames(int k, String message) {
        return fault(WireFault.errorEventAfterFrames(k).message(message));
    }

    /**
     * The turn.
     *
     * @return the turn
     */
    public Turn turn() {
        return turn;
    }

    /**
     * The wire fault as scripted, or null.
     *
     * @return the fault or null
     */
    public WireFault fault() {
        return fault;
    }

    /**
     * The fault this answer plays: the wire fault, else the turn's fakes fault translated (a hang stalls, a
     * failure after k chunks is an error event, before the first chunk a status 500), else null. A fakes fault's
     * exception is made anew for each call, as the scripted model does.
     *
     * @return the fault or null
     */
    WireFault effectiveFault() {
        if (fault != null) {
            return fault;
        }
        Fault fakes = turn.fault();
        if (fakes == null) {
            return null;
        }
        if (fakes.hangs()) {
            return WireFault.stallAfterFrames(fakes.afterChunks());
        }
        String message = String.valueOf(fakes.newError().getMessage());
        return fakes.afterChunks() == 0 ? WireFault.status(500).message(message)
                : WireFault.errorEventAfterFrames(fakes.afterChunks()).message(message);
    }

    @Override
    public String toString() {
        return fault == null ? turn.toString() : turn.text().isEmpty() && turn.toolCalls().isEmpty()
                && fault.kind() == WireFault.Kind.STATUS ? "WireTurn{" + fault + "}" : "WireTurn{" + turn + ", " + fault + "}";
    }
}
