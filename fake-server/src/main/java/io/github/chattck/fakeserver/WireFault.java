package io.github.chattck.fakeserver;

import io.github.chattck.core.internal.Checks;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fault of one answer at the HTTP level: an error status with the dialect's own error body, a connection cut
 * after k frames, a stall after k frames (until the client goes away), a malformed frame, or a mid-stream error
 * event. Immutable; the {@code with...}-style methods return new faults.
 * <p>
 * Frames are counted as the turn's chunks: frame k is the delta of the turn's k-th chunk (the dialect's opening
 * frames, such as Anthropic's {@code message_start}, come before frame 1). On a non-streaming request a cut, a
 * stall and a malformed frame apply to the whole body, and an error event answers with status 500.
 */
public final class WireFault {
    /** What the fault does. */
    public enum Kind {
        /** Answers with an HTTP error status and the dialect's error body. */
        STATUS,
        /** Closes the connection after k frames, without the terminal frame. */
        CUT,
        /** Sends k frames, then nothing, until the client goes away or the server stops. */
        STALL,
        /** Sends k frames, then one frame whose data is not valid JSON, then the rest of the answer. */
        MALFORMED_FRAME,
        /** Sends k frames, then the dialect's error event, and ends the stream. */
        ERROR_EVENT
    }

    private final Kind kind;
    private final int afterFrames;
    private final int status;
    private final String message;
    private final String errorType;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    private WireFault(Kind kind, int afterFrames, int status, String message, String errorType, Duration retryAfter,
                      Map<String, String> headers) {
        this.kind = kind;
        this.afterFrames = afterFrames;
        this.status = status;
        this.message = message;
        this.errorType = errorType;
        this.retryAfter = retryAfter;
        this.headers = headers;
    }

    /**
     * Answers with this HTTP status and the dialect's error body (OpenAI {@code {"error": {...}}}, Anthropic
     * {@code {"type": "error", "error": {...}}}, Ollama {@code {"error": "..."}}). A 429 carries
     * {@code retry-after} (1 s unless {@link #retryAfter(Duration)} says otherwise) and the provider's rate-limit
     * headers.
     *
     * @param code an error status, 400 to 599
     * @return the fault
     * @throws IllegalArgumentException for a status outside 400..599
     */
    public static WireFault status(int code) {
        Checks.argument(code >= 400 && code <= 599, "an error status must be 400..599 but was %d", code);
        return new WireFault(Kind.STATUS, 0, code, defaultMessage(code), null,
                code == 429 ? Duration.ofSeconds(1) : null, Map.of());
    }

    /**
     * Closes the connection after {@code k} frames, with no terminal frame (no {@code [DONE]}, no
     * {@code message_stop}, no last chunk of the chunked encoding): the client sees a stream that breaks off.
     *
     * @param k frames sent before the cut, {@code >= 0}
     * @return the fault
     */
    public static WireFault cutAfterFrames(int k) {
        return afterFrames(Kind.CUT, k, null);
    }

    /**
     * Sends {@code k} frames, then nothing, until the client goes away (seen within milliseconds: the journal
     * then says {@link Ending#ABANDONED_BY_CLIENT}) or the server stops. For a client's read timeout.
     *
     * @param k frames sent before the stall, {@code >= 0}
     * @return the fault
     */
    public static WireFault stallAfterFrames(int k) {
        return afterFrames(Kind.STALL, k, null);
    }

    /**
     * Sends {@code k} frames, then one frame whose data is not valid JSON, then the rest of the answer.
     *
     * @param k frames sent before the malformed one, {@code >= 0}
     * @return the fault
     */
    public static WireFault malformedFrameAfter(int k) {
        return afterFrames(Kind.MALFORMED_FRAME, k, null);
    }

    /**
     * Sends {@code k} frames, then the dialect's mid-stream error (OpenAI Chat Completions
     * {@code data: {"error": {...}}}, OpenAI Responses and Anthropic {@code event: error}, Ollama a line
     * {@code {"error": "..."}}), and ends the stream there.
     *
     * @param k frames sent before the error, {@code >= 0}
     * @return the fault
     */
    public static WireFault errorEventAfterFrames(int k) {
        return afterFrames(Kind.ERROR_EVENT, k, "The server had an error while processing your request (scripted by chat-tck)");
    }

    private static WireFault afterFrames(Kind kind, int k, String message) {
        Checks.argument(k >= 0, "the fault's frame count must be >= 0 but was %d", k);
        return new WireFault(kind, k, 0, message, null, null, Map.of());
    }

    /**
     * This fault with another error message (in the error body or event).
     *
     * @param text the message, not null
     * @return a new fault
     */
    public WireFault message(String text) {
        return new WireFault(kind, afterFrames, status, Checks.notNull(text, "message"), errorType, retryAfter, headers);
    }

    /**
     * This fault with another error type (OpenAI {@code error.type}, Anthropic {@code error.type}); by default the
     * dialect's type for the status ({@code rate_limit_error}, {@code invalid_request_error}, ...).
     *
     * @param type the type, not null
     * @return a new fault
     */
    public WireFault errorType(String type) {
        return new WireFault(kind, afterFrames, status, message, Checks.notNull(type, "errorType"), retryAfter, headers);
    }

    /**
     * This status fault with a {@code retry-after} header (whole seconds, rounded up, as RFC 9110 has it) and,
     * for the OpenAI and Anthropic dialects, {@code retry-after-ms} (which their SDKs read first).
     *
     * @param delay not negative
     * @return a new fault
     * @throws IllegalArgumentException if this is not a status fault
     */
    public WireFault retryAfter(Duration delay) {
        Checks.argument(kind == Kind.STATUS, "retryAfter applies to a status fault, not %s", this);
        Checks.argument(delay != null && !delay.isNegative(), "retryAfter must not be negative but was %s", delay);
        return new WireFault(kind, afterFrames, status, message, errorType, delay, headers);
    }

    /**
     * This fault with one more response header (e.g. {@code x-should-retry: false}).
     *
     * @param name  the header name
     * @param value its value
     * @return a new fault
     */
    public WireFault header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(Checks.notNull(name, "name").toLowerCase(java.util.Locale.ROOT), Checks.notNull(value, "value"));
        return new WireFault(kind, afterFrames, status, message, errorType, retryAfter, Collections.unmodifiableMap(more));
    }

    /**
     * What the fault does.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Frames sent before the fault (0 for a status).
     *
     * @return {@code >= 0}
     */
    public int afterFrames() {
        return afterFrames;
    }

    /**
     * The HTTP status of a status fault, else 0.
     *
     * @return the status or 0
     */
    public int status() {
        return status;
    }

    /**
     * The error message, or null for faults without one.
     *
     * @return the message or null
     */
    public String message() {
        return message;
    }

    /**
     * The error type set on this fault, or null for the dialect's default.
     *
     * @return the type or null
     */
    public String errorType() {
        return errorType;
    }

    /**
     * The retry-after delay, or null for none.
     *
     * @return the delay or null
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Extra response headers, lower-case names.
     *
     * @return the headers
     */
    public Map<String, String> headers() {
        return headers;
    }

    private static String defaultMessage(int code) {
        switch (code) {
            case 400: return "Invalid request (scripted by chat-tck)";
            case 401: return "Incorrect API key provided (scripted by chat-tck)";
            case 403: return "Permission denied (scripted by chat-tck)";
            case 404: return "The model does not exist or you do not have access to it (scripted by chat-tck)";
            case 429: return "Rate limit reached for requests (scripted by chat-tck)";
            case 500: return "The server had an error while processing your request (scripted by chat-tck)";
            case 503: return "The server is overloaded or not ready yet (scripted by chat-tck)";
            default: return "HTTP " + code + " (scripted by chat-tck)";
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case STATUS: return "status(" + status + ")";
            case CUT: return "cutAfterFrames(" + afterFrames + ")";
            case STALL: return "stallAfterFrames(" + afterFrames + ")";
            case MALFORMED_FRAME: return "malformedFrameAfter(" + afterFrames + ")";
            default: return "errorEventAfterFrames(" + afterFrames + ")";
        }
    }
}
