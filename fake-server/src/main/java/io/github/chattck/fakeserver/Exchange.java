package io.github.chattck.fakeserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.internal.Answer;
import io.github.chattck.fakeserver.internal.ChatRequest;
import io.github.chattck.fakeserver.internal.Connection;
import io.github.chattck.fakeserver.internal.DialectCodec;
import io.github.chattck.fakeserver.internal.Frames;
import io.github.chattck.fakeserver.internal.HttpRequestHead;
import io.github.chattck.fakeserver.internal.InvalidRequestException;
import io.github.chattck.fakeserver.internal.JsonTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves one request: routes it to a scope and a dialect, journals it, picks the turn and plays it on the
 * connection with its delays and fault, and records how it ended.
 */
final class Exchange {
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "openai-api-key", "x-goog-api-key", "cookie", "set-cookie");
    private static final String SCOPES = "/scopes/";

    private final FakeLlmServer server;
    private final AtomicLong ids = new AtomicLong();

    Exchange(FakeLlmServer server) {
        this.server = server;
    }

    /** Serves one request; returns whether the connection may serve another. */
    boolean serve(Connection connection, HttpRequestHead head, byte[] body) throws IOException {
        String path = head.path();
        FakeLlmScope scope = server.rootScope();
        if (path.startsWith(SCOPES)) {
            int end = path.indexOf('/', SCOPES.length());
            String name = end < 0 ? path.substring(SCOPES.length()) : path.substring(SCOPES.length(), end);
            scope = server.scope(name);
            path = end < 0 ? "" : path.substring(end);
            if (scope == null) {
                RecordedRequest r = record(server.rootScope(), head, head.path(), body, null, null, null);
                return refuse(connection, r, null, 404, "chat-tck fake server: no scope named '" + name
                        + "' (it was closed, or never made with newScope())", null);
            }
        }
        Dialect dialect = Dialect.forPath(path);
        if (dialect == null) {
            RecordedRequest r = record(scope, head, path, body, null, null, null);
            return refuse(connection, r, null, 404, "chat-tck fake server: nothing answers " + head.method() + " " + path
                    + "; the endpoints are POST /v1/chat/completions, /v1/responses, /v1/messages and /api/chat"
                    + (scope.name().isEmpty() ? "" : " under " + SCOPES + scope.name()), null);
        }
        DialectCodec codec = DialectCodec.of(dialect);
        JsonNode json = null;
        String problem = null;
        String param = null;
        ChatRequest request = null;
        if (!"POST".equals(head.method())) {
            problem = "chat-tck fake server: " + dialect.path() + " takes POST, not " + head.method();
        } else {
            try {
                json = JsonTrees.read(body);
                if (json == null || !json.isObject()) {
                    problem = "We could not parse the JSON body of your request: expected a JSON object but got "
                            + (json == null || json.isMissingNode() ? "an empty body" : json.getNodeType().name().toLowerCase(Locale.ROOT));
                } else {
                    request = codec.parse(json);
                }
            } catch (JsonProcessingException e) {
                problem = "We could not parse the JSON body of your request: " + e.getOriginalMessage()
                        .replaceAll("\\[Source: [^;]*; ", "[")
                        + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr());
            } catch (InvalidRequestException e) {
                problem = e.getMessage();
                param = e.param();
            } catch (RuntimeException e) {
                problem = "chat-tck fake server could not read this " + dialect + " request: " + e;
            }
        }
        RecordedRequest r = record(scope, head, path, body, json, dialect, request);
        if (request == null) {
            return refuse(connection, r, codec, "POST".equals(head.method()) ? 400 : 405, problem, param);
        }
        FakeLlmScope.Player player = scope.player();
        WireTurn turn;
        try {
            turn = player.select(r);
        } catch (FakeLlmScope.NoTurnException e) {
            return refuse(connection, r, codec, 400, "chat-tck fake server: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            return refuse(connection, r, codec, 500, "chat-tck fake server: the script failed to choose a turn for "
                    + r.describe() + ": " + e, null);
        }
        r.answeredBy(turn);
        try {
            return play(connection, r, codec, request, turn, player.script, head.keepAlive());
        } catch (RuntimeException e) {
            if (r.status() == 0 && !connection.isClosed()) {
                // nothing sent yet: the client gets the dialect's error naming the failure, not a dropped connection
                return refuse(connection, r, codec, 500, "chat-tck fake server failed to play " + turn + " for "
                        + r.describe() + ": " + e, null);
            }
            // a failure after the first byte (the connection's own code, or a frame rendered as it is sent)
            r.problem("chat-tck fake server failed in the middle of the answer: " + e);
            r.end(Ending.STOPPED_BY_SERVER);
            throw e;
        }
    }

    private RecordedRequest record(FakeLlmScope scope, HttpRequestHead head, String path, byte[] body, JsonNode json,
                                   Dialect dialect, ChatRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : head.headers().entrySet()) {
            List<String> values = h.getValue();
            if (CREDENTIAL_HEADERS.contains(h.getKey())) {
                List<String> redacted = new ArrayList<>(values.size());
                for (String v : values) {
                    int space = v.indexOf(' ');
                    redacted.add(h.getKey().endsWith("authorization") && space > 0 ? v.substring(0, space) + " [redacted]" : "[redacted]");
                }
                values = redacted;
            }
            headers.put(h.getKey(), List.copyOf(values));
        }
        Map<String, List<String>> frozen = Collections.unmodifiableMap(headers);
        String text = new String(body, StandardCharsets.UTF_8);
        return scope.record(n -> new RecordedRequest(n, head.method(), path, frozen, text, json, dialect,
                request != null && request.stream(), request == null ? textField(json, "model") : request.model(),
                request == null ? List.of() : request.messages(), request == null ? List.of() : request.toolsOffered(),
                request == null ? List.of() : request.stop()));
    }

    private static String textField(JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Answers a request the server could not hand to the script. */
    private boolean refuse(Connection c, RecordedRequest r, DialectCodec codec, int status, String problem, String param)
            throws IOException {
        r.problem(problem);
        byte[] body = codec != null ? codec.errorBody(status, problem, null, param)
                : DialectCodec.of(Dialect.OPENAI_CHAT_COMPLETIONS).errorBody(status, problem, null, param);
        return guarded(r, () -> {
            writeError(c, r, codec, status, body, null);
            r.end(Ending.FAILED_BY_STATUS);
        });
    }

    private boolean play(Connection c, RecordedRequest r, DialectCodec codec, ChatRequest request, WireTurn wireTurn,
                         Script script, boolean keepAlive) throws IOException {
        Turn turn = wireTurn.turn();
        WireFault fault = wireTurn.effectiveFault();
        long firstDelay = turn.firstChunkDelayOr(script.firstChunkDelay()).toNanos();
        long perDelay = turn.perChunkDelayOr(script.perChunkDelay()).toNanos();
        return guarded(r, () -> {
            if (firstDelay > 0 && c.awaitClientGone(firstDelay)) {
                r.end(Ending.ABANDONED_BY_CLIENT);
                return;
            }
            if (fault != null && fault.kind() == WireFault.Kind.STATUS) {
                writeError(c, r, codec, fault.status(), codec.errorBody(fault.status(), fault.message(), fault.errorType(), null), fault);
                r.end(Ending.FAILED_BY_STATUS);
                return;
            }
            Answer answer = answer(codec, request, r, turn, script);
            if (request.stream()) {
                stream(c, r, codec, answer, fault, perDelay);
            } else {
                whole(c, r, codec, answer, fault);
            }
        }) && keepAlive;
    }

    private void whole(Connection c, RecordedRequest r, DialectCodec codec, Answer answer, WireFault fault) throws IOException {
        WireFault.Kind kind = fault == null ? null : fault.kind();
        if (kind == WireFault.Kind.CUT) {
            c.close();
            r.end(Ending.CUT_BY_SCRIPT);
            return;
        }
        if (kind == WireFault.Kind.STALL) {
            stall(c, r);
            return;
        }
        if (kind == WireFault.Kind.ERROR_EVENT) {
            writeError(c, r, codec, 500, codec.errorBody(500, fault.message(), fault.errorType(), null), fault);
            r.end(Ending.FAILED_BY_STATUS);
            return;
        }
        byte[] body = codec.body(answer);
        if (kind == WireFault.Kind.MALFORMED_FRAME) {
            body = Arrays.copyOf(body, body.length / 2);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("content-length", Integer.toString(body.length));
        requestId(codec, headers);
        long sent = System.nanoTime();
        r.finishing();
        c.writeHead(200, "OK", headers);
        r.statusSent(200);
        c.writeRaw(body);
        r.frameWritten(sent);
        r.end(Ending.COMPLETED);
    }

    private void stream(Connection c, RecordedRequest r, DialectCodec codec, Answer answer, WireFault fault, long perDelay)
            throws IOException {
        Frames frames = codec.stream(answer);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", codec.streamContentType());
        headers.put("transfer-encoding", "chunked");
        headers.put("cache-control", "no-cache");
        requestId(codec, headers);
        // frames that follow each other at once go out together, a socket write per buffer instead of per frame; with
        // a delay between frames, each frame is sent as it comes, so that the client sees the script's timing
        boolean together = perDelay == 0;
        c.bufferHead(200, "OK", headers);
        if (!together) {
            c.flush();
        }
        r.statusSent(200);
        for (byte[] frame : frames.prologue()) {
            send(c, frame, together);
        }
        List<List<byte[]>> steps = frames.steps();
        for (int k = 0; k <= steps.size(); k++) {
            boolean faultHere = fault != null && fault.afterFrames() == k;
            if (k > 0 && (k < steps.size() || faultHere) && perDelay > 0 && c.awaitClientGone(perDelay)) {
                r.end(Ending.ABANDONED_BY_CLIENT);
                return;
            }
            if (faultHere) {
                c.flush(); // the frames before the fault reach the client before it strikes
                if (fault(c, r, codec, frames, fault, k)) {
                    return;
                }
            }
            if (k == steps.size()) {
                break;
            }
            long sent = System.nanoTime();
            for (byte[] frame : steps.get(k)) {
                send(c, frame, together);
            }
            r.frameWritten(sent);
        }
        r.finishing();
        for (byte[] frame : frames.epilogue()) {
            send(c, frame, together);
        }
        c.endChunks();
        r.end(Ending.COMPLETED);
    }

    private static void send(Connection c, byte[] frame, boolean together) throws IOException {
        if (together) {
            c.bufferChunk(frame);
        } else {
            c.writeChunk(frame);
        }
    }

    /** Plays a mid-stream fault at frame k; returns true if it ended the answer. */
    private boolean fault(Connection c, RecordedRequest r, DialectCodec codec, Frames frames, WireFault fault, int k)
            throws IOException {
        switch (fault.kind()) {
            case CUT:
                c.close();
                r.end(Ending.CUT_BY_SCRIPT);
                return true;
            case STALL:
                stall(c, r);
                return true;
            case ERROR_EVENT:
                r.finishing();
                c.writeChunk(codec.errorEvent(fault.message(), fault.errorType(), frames.framesBefore(k)));
                c.endChunks();
                r.end(Ending.FAILED_MID_STREAM);
                return true;
            case MALFORMED_FRAME:
                c.writeChunk(codec.malformedFrame());
                return false;
            default:
                throw new AssertionError(fault);
        }
    }

    private void stall(Connection c, RecordedRequest r) throws IOException {
        if (c.awaitClientGone(Long.MAX_VALUE)) {
            r.end(Ending.ABANDONED_BY_CLIENT);
        }
    }

    private Answer answer(DialectCodec codec, ChatRequest request, RecordedRequest r, Turn turn, Script script) {
        AIMessage message = turn.message();
        String id = message.id() != null ? message.id() : codec.idPrefix() + ids.incrementAndGet();
        Object modelName = message.responseMetadata().get("model_name");
        if (modelName == null) {
            modelName = message.responseMetadata().get("model");
        }
        String model = modelName != null ? modelName.toString() : request.model() != null ? request.model() : "chat-tck-fake";
        Object finish = message.responseMetadata().get("finish_reason");
        String finishReason = finish != null ? finish.toString() : message.toolCalls().isEmpty() ? "stop" : "tool_calls";
        return new Answer(id, model, System.currentTimeMillis() / 1000, turn.chunks(script.chunking()), message,
                finishReason, request.includeUsage());
    }

    private void writeError(Connection c, RecordedRequest r, DialectCodec codec, int status, byte[] body, WireFault fault)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("content-length", Integer.toString(body.length));
        if (codec != null) {
            requestId(codec, headers);
        }
        Duration retryAfter = fault == null ? null : fault.retryAfter();
        if (retryAfter != null) {
            long millis = retryAfter.toMillis();
            headers.put("retry-after", Long.toString((millis + 999) / 1000));
            if (codec != null && codec.sendsRetryAfterMillis()) {
                headers.put("retry-after-ms", Long.toString(millis));
            }
        }
        if (status == 429 && codec != null) {
            headers.putAll(codec.rateLimitHeaders(retryAfter == null ? Duration.ZERO : retryAfter));
        }
        if (fault != null) {
            headers.putAll(fault.headers());
        }
        r.finishing();
        c.writeHead(status, reason(status), headers);
        r.statusSent(status);
        c.writeRaw(body);
    }

    private void requestId(DialectCodec codec, Map<String, String> headers) {
        if (codec.requestIdHeader() != null) {
            headers.put(codec.requestIdHeader(), "req_chattck_" + ids.incrementAndGet());
        }
    }

    /** Runs an answer, recording how it ended when the connection fails under it. */
    private boolean guarded(RecordedRequest r, IoAction action) throws IOException {
        try {
            action.run();
        } catch (IOException e) {
            r.end(server.isClosing() ? Ending.STOPPED_BY_SERVER : Ending.ABANDONED_BY_CLIENT);
            throw e;
        }
        if (r.ending() == null) {
            // a stall or wait ended without the client leaving: only the server's stop does that
            r.end(server.isClosing() ? Ending.STOPPED_BY_SERVER : Ending.ABANDONED_BY_CLIENT);
        }
        Ending e = r.ending();
        return e == Ending.COMPLETED || e == Ending.FAILED_BY_STATUS || e == Ending.FAILED_MID_STREAM;
    }

    private static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 422: return "Unprocessable Content";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Error";
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
