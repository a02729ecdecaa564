package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;
import io.github.chattck.core.message.ToolCall;
import io.github.chattck.core.message.ToolCallChunk;
import io.github.chattck.core.message.ToolMessage;
import io.github.chattck.core.message.UsageMetadata;
import io.github.chattck.fakes.Chunking;
import io.github.chattck.fakes.Turn;
import io.github.chattck.fakeserver.Dialect;
import io.github.chattck.fakeserver.Ending;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.RecordedRequest;
import io.github.chattck.fakeserver.Script;
import io.github.chattck.fakeserver.WireFault;
import io.github.chattck.fakeserver.WireTurn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The bodies of the rules that reach the provider's transport (WIRE-*, SPEC section 7), and the wire's view of two
 * section 5 rules (BAT-2 counts the requests in flight at the server, STR-5 compares frame send times with chunk
 * arrival times). Each WIRE rule scripts the scope of its {@link WireSubject} itself and reads the server's journal:
 * what the client sent, when each frame left the server, and how each request ended.
 */
final class WireRules {
    /** How soon after close the server must see the client go away (WIRE-1). */
    private static final Duration ABANDON_WITHIN = Duration.ofSeconds(1);
    /** Frames the server may still send after the consumer closed: the ones already on their way. */
    private static final int FEW_FRAMES = 3;
    /** WIRE-1's answer: long enough (25 frames, 50 ms apart) that a client reading on after close completes it late. */
    private static final int LONG_FRAMES = 25;
    private static final Duration LONG_GAP = Duration.ofMillis(50);
    private static final Duration TOOL_GAP = Duration.ofMillis(40);
    private static final int CUT_AFTER = 3;
    private static final int ERROR_AFTER = 3;
    private static final String SERVER_ERROR = "chat-tck: the model is overloaded (a scripted mid-stream error event)";
    private static final String REPORTED_MODEL = "chat-tck-model-7";
    private static final UsageMetadata REPORTED_USAGE = UsageMetadata.of(21, 5);
    private static final String HISTORY_CALL_ID = "call_chattck_6";
    private static final Map<String, Object> FRAGMENTED_ARGS = Map.of("city", "Paris", "unit", "celsius");

    private WireRules() {
    }

    /** WIRE-1. */
    static void closeAbandonsTheRequest(RuleContext ctx) throws InterruptedException {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < LONG_FRAMES; i++) {
            words.add(i == 0 ? "Once" : " upon");
        }
        FakeLlmScope scope = ctx.wire().scope().script(Script.builder()
                .turn(Turn.text(String.join("", words)).chunks(words.toArray(new String[0])).perChunkDelay(LONG_GAP))
                .repeatLast().build());
        ChatModel model = ctx.model();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.trace().input("stream, closed after the first chunk (the server sends " + LONG_FRAMES + " frames "
                + LONG_GAP.toMillis() + " ms apart)", prompt.raw());
        long closedAt;
        RunStream<AIMessageChunk> stream = model.stream(prompt);
        try {
            Iterator<AIMessageChunk> it = stream.iterator();
            ctx.expect(it.hasNext(), "a first chunk", () -> "none");
            ctx.trace().chunk(0, it.next());
        } finally {
            closedAt = System.nanoTime();
            stream.close();
        }
        RecordedRequest request = streamingRequest(ctx, scope);
        long waited = System.nanoTime() - closedAt;
        Ending ending = awaitEnding(ctx, request, ABANDON_WITHIN.minusNanos(waited));
        long sentAfterClose = request.frameSentNanos().stream().filter(t -> t - closedAt > 0).count();
        int frames = request.framesWritten();
        ctx.expect(ending != Ending.COMPLETED || request.endedNanos() - closedAt > 0, "the request to be in flight when"
                + " the consumer closed the stream after its first chunk", () -> "the server had already sent all "
                + frames + " frames: the client read the whole answer before handing over its first chunk");
        ctx.expect(ending != null, "the server to see the client go away within " + ABANDON_WITHIN.toMillis()
                + " ms of close", () -> "the request still in flight after " + ABANDON_WITHIN.toMillis() + " ms, "
                + sentAfterClose + " frame(s) sent after close: the client keeps the HTTP stream open (reading on,"
                + " or not closing the response)");
        ctx.expect(ending == Ending.ABANDONED_BY_CLIENT, "the server to see the client go away (abandoned) after close",
                () -> "the request " + ending + " after " + frames + " of " + LONG_FRAMES + " frames, " + sentAfterClose
                        + " of them sent after close: the client read on after close");
        long seenAfter = request.endedNanos() - closedAt;
        ctx.expect(seenAfter <= ABANDON_WITHIN.toNanos(), "the server to see the client go away within "
                + ABANDON_WITHIN.toMillis() + " ms of close", () -> "it went away " + millis(seenAfter) + " ms after close");
        ctx.expect(sentAfterClose <= FEW_FRAMES, "at most " + FEW_FRAMES + " frames sent after close", () -> sentAfterClose
                + " frames sent after close before the client went away: it kept reading");
    }

    /** WIRE-2. */
    static void textArrivesAsTheServerSendsIt(RuleContext ctx) {
        FakeLlmScope scope = ctx.wire().scope();
        Timed timed = streamTimed(ctx, ctx.model(), ctx.prompt(Prompt.SLOW));
        RecordedRequest request = Scenarios.lastRequestFor(scope.requests(), Scenarios.SLOW_PROMPT);
        ctx.expect(request != null && request.streaming(), "stream() of a token-streaming model to send a streaming"
                + " request", () -> request == null ? "no request" : "a request without streaming");
        List<Long> sent = request.frameSentNanos();
        ctx.expect(sent.size() == Scenarios.SLOW_CHUNKS.size(), "the server to send all " + Scenarios.SLOW_CHUNKS.size()
                + " frames", () -> sent.size() + " frames, ended " + request.ending());
        ctx.expect(timed.firstTextNanos != 0, "chunks carrying text", () -> timed.chunks);
        long last = sent.get(sent.size() - 1);
        long first = sent.get(0);
        ctx.expect(timed.firstTextNanos - last < 0, "the first text to reach the consumer before the server sent the last"
                        + " frame (" + Scenarios.SLOW_CHUNKS.size() + " frames " + Scenarios.SLOW_GAP.toMillis() + " ms apart)",
                () -> "it arrived " + millis(timed.firstTextNanos - first) + " ms after the first frame was sent, "
                        + millis(timed.firstTextNanos - last) + " ms after the last: the answer was read whole before"
                        + " its first chunk was handed over");
    }

    /** WIRE-3. */
    static void toolArgumentsStream(RuleContext ctx) {
        Dialect dialect = ctx.wire().dialect();
        if (dialect == Dialect.OLLAMA_CHAT) {
            throw ctx.abort("the Ollama API sends a tool call whole, in one frame: there are no argument fragments to"
                    + " stream");
        }
        Turn fragmented = Turn.toolCall("get_weather", FRAGMENTED_ARGS).toolArgsChunkSize(6).perChunkDelay(TOOL_GAP);
        int fragments = fragmented.chunks(Chunking.whole()).size();
        FakeLlmScope scope = ctx.wire().scope().script(Script.builder().turn(fragmented).repeatLast().build());
        Timed timed = streamTimed(ctx, ctx.model(), ctx.prompt(Prompt.TOOL_CALLING));
        RecordedRequest request = streamingRequest(ctx, scope);
        List<Long> sent = request.frameSentNanos();
        AIMessage answer = Answers.aggregate(timed.chunks);
        ctx.expect(answer.toolCalls().size() == 1 && answer.toolCalls().get(0).name().equals("get_weather"),
                "one get_weather tool call", () -> answer);
        ctx.expectEqual(FRAGMENTED_ARGS, answer.toolCalls().get(0).args(), "the aggregated tool-call arguments vs the "
                + fragments + " fragments the server sent");
        ctx.expect(timed.argChunks.size() >= 2, "the arguments, sent in " + fragments + " fragments "
                + TOOL_GAP.toMillis() + " ms apart, to reach the consumer over at least 2 chunks", () -> timed.argChunks.size()
                + " chunk(s) carrying arguments: they were collected and handed over whole");
        long firstArgs = timed.argArrivals.get(0);
        long lastSent = sent.get(sent.size() - 1);
        ctx.expect(firstArgs - lastSent < 0, "the first argument fragment to reach the consumer before the server sent the"
                        + " last one", () -> "it arrived " + millis(firstArgs - lastSent) + " ms after the last fragment"
                        + " was sent: the arguments were held back until the call was complete");
    }

    /** WIRE-4. */
    static void httpErrorsSurface(RuleContext ctx) {
        FakeLlmScope scope = ctx.wire().scope();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        for (int status : new int[] {401, 429, 500}) {
            WireFault fault = WireFault.status(status);
            if (status != 401) {
                fault = fault.retryAfter(Duration.ofMillis(10)); // a client that retries does so quickly, then fails
            }
            scope.script(Script.builder().turn(WireTurn.failing(fault)).repeatLast().build());
            ChatModel model = ctx.model();
            ctx.trace().note("the server answers every request with " + status);
            Throwable invoked = ctx.failureOfInvoke(model, prompt, RunConfig.defaults());
            ctx.expect(invoked != null, "invoke() to fail on an HTTP " + status, () -> "an answer (the last run below):"
                    + " the error was turned into an answer");
            expectKeepsStatus(ctx, invoked, status, "invoke()");
            List<AIMessageChunk> delivered = new ArrayList<>();
            Throwable streamed = ctx.failureOfStream(model, prompt, RunConfig.defaults(), delivered);
            ctx.expect(streamed != null, "stream() to fail on an HTTP " + status, () -> delivered.size()
                    + " chunk(s) and a normal end: the error was turned into an answer");
            expectKeepsStatus(ctx, streamed, status, "stream()");
        }
    }

    private static final Map<Integer, Pattern> STATUS_TYPES = Map.of(
            401, Pattern.compile("Unauthori[sz]ed|Authentication|Unauthenticated"),
            429, Pattern.compile("RateLimit|TooManyRequests"),
            500, Pattern.compile("InternalServer|ServerError"));

    /** Whether a failure keeps the status: the code in a message of its chain, or a type named after it. */
    static void expectKeepsStatus(RuleContext ctx, Throwable failure, int status, String call) {
        Pattern code = Pattern.compile("(?<![0-9])" + status + "(?![0-9])");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && code.matcher(t.getMessage()).find()) {
                return;
            }
            for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                if (STATUS_TYPES.get(status).matcher(c.getSimpleName()).find()) {
                    return;
                }
            }
        }
        ctx.expect(false, "the exception " + call + " throws on an HTTP " + status + " to keep the status (in a message"
                + " or the type of its chain)", () -> Failures.chain(failure));
    }

    /** WIRE-5. */
    static void cutStreamFails(RuleContext ctx) throws InterruptedException {
        ctx.wire().scope().script(Script.builder().turn(WireTurn.of(Scenarios.STORY).cutAfterFrames(CUT_AFTER))
                .repeatLast().build());
        failedRun(ctx, "cut after " + CUT_AFTER + " of " + Scenarios.STORY_CHUNKS.size() + " frames, without its"
                + " terminal frame", "a shorter answer passed off as complete");
    }

    /** WIRE-6. */
    static void requestIsWellFormed(RuleContext ctx) {
        WireSubject wire = ctx.wire();
        FakeLlmScope scope = wire.scope();
        boolean tools = ctx.has(Capability.TOOL_CALLING);
        String question = Scenarios.STORY_PROMPT;
        List<Message> history = new ArrayList<>();
        history.add(new SystemMessage("You are a storyteller who checks the weather first."));
        history.add(new HumanMessage(tools ? "What is the weather in Paris?" : "Hi, my name is Ada."));
        if (tools) {
            ToolCall call = new ToolCall(HISTORY_CALL_ID, "get_weather", Scenarios.WEATHER_ARGS);
            history.add(AIMessage.builder().toolCall(call).build());
            history.add(ToolMessage.answering(call, "22 degrees and sunny"));
        } else {
            history.add(AIMessage.of("Hello Ada, how can I help?"));
            history.add(new HumanMessage(question));
        }
        ChatModel model = ctx.model();
        ctx.invoke(model, ChatInput.of(history), RunConfig.defaults());
        RecordedRequest request = wellFormed(ctx, scope, "the history");
        List<Message> sent = request.messages();
        ctx.expectEqual(kinds(history), kinds(sent), "the kinds of message sent, in order, vs the history given");
        for (int i = 0; i < history.size(); i++) {
            Message given = history.get(i);
            Message got = sent.get(i);
            int at = i;
            ctx.expectEqual(given.content(), got.content(), "the content of message " + at + " (" + kinds(history).get(at)
                    + ") as sent");
            if (given instanceof AIMessage && !((AIMessage) given).toolCalls().isEmpty()) {
                ctx.expectEqual(((AIMessage) given).toolCalls(), ((AIMessage) got).toolCalls(), "the tool calls of the AI"
                        + " message as sent (id, name, arguments)");
            }
            if (given instanceof ToolMessage) {
                ctx.expectEqual(HISTORY_CALL_ID, ((ToolMessage) got).toolCallId(), "the tool call id of the tool result"
                        + " as sent (the id of the call it answers)");
            }
        }
        if (tools) {
            ctx.expect(request.toolsOffered().contains("get_weather"), "the bound tool get_weather offered in the request",
                    request::toolsOffered);
        }
        if (ctx.has(Capability.STOP_SEQUENCES)) {
            RunConfig stop = RunConfig.builder().stop(Scenarios.STOP).build();
            ctx.invoke(model, ChatInput.of(question), stop);
            expectStopSent(ctx, wellFormed(ctx, scope, "invoke() with a stop sequence"), "invoke()");
            ctx.stream(model, ChatInput.of(question), stop);
            expectStopSent(ctx, wellFormed(ctx, scope, "stream() with a stop sequence"), "stream()");
        }
        if (ctx.has(Capability.TOKEN_STREAMING)) {
            ctx.stream(model, ChatInput.of(question), RunConfig.defaults());
            RecordedRequest streamed = wellFormed(ctx, scope, "stream()");
            ctx.expect(streamed.streaming(), "stream() of a token-streaming model to send a streaming request",
                    () -> "a request without streaming: " + streamed.body());
            if (tools) {
                ctx.expect(streamed.toolsOffered().contains("get_weather"), "the bound tool get_weather offered in the"
                        + " streaming request too", streamed::toolsOffered);
            }
            if (ctx.has(Capability.USAGE_METADATA) && wire.dialect() == Dialect.OPENAI_CHAT_COMPLETIONS) {
                ctx.expect(streamed.json().at("/stream_options/include_usage").asBoolean(false), "a Chat Completions"
                        + " stream to ask for usage (stream_options.include_usage: true), else the API sends none",
                        streamed::body);
            }
        }
    }

    private static void expectStopSent(RuleContext ctx, RecordedRequest request, String call) {
        ctx.expect(request.stopSequences().contains(Scenarios.STOP), "the stop sequence \"" + Scenarios.STOP + "\" of "
                + call + " in the request", () -> "stop sequences " + request.stopSequences() + " in " + request.body());
    }

    /** The latest request of the scope, which the server must have read as a request of its dialect. */
    private static RecordedRequest wellFormed(RuleContext ctx, FakeLlmScope scope, String what) {
        ctx.expect(scope.requestCount() > 0, "a request for " + what, () -> "none reached the fake server");
        RecordedRequest request = scope.lastRequest();
        ctx.expect(request.problem() == null, "the request for " + what + " to be a valid " + ctx.wire().dialect()
                + " request", () -> "the server answered " + request.status() + ": " + request.problem());
        return request;
    }

    private static List<String> kinds(List<Message> messages) {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            out.add(m instanceof SystemMessage ? "system" : m instanceof HumanMessage ? "human" : m instanceof AIMessage
                    ? (((AIMessage) m).toolCalls().isEmpty() ? "ai" : "ai with tool call") : m instanceof ToolMessage
                    ? "tool result" : m.getClass().getSimpleName());
        }
        return out;
    }

    /** WIRE-7. */
    static void whatTheServerReportsIsKept(RuleContext ctx) {
        Dialect dialect = ctx.wire().dialect();
        String id = Scenarios.responseId(dialect, "-wire7");
        List<String> chunks = List.of("What", " the", " server", " said.");
        Turn reported = Turn.text(String.join("", chunks)).chunks(chunks.toArray(new String[0]))
                .usage(REPORTED_USAGE.inputTokens(), REPORTED_USAGE.outputTokens())
                .responseMetadata("model_name", REPORTED_MODEL).responseMetadata("finish_reason", "length");
        ctx.wire().scope().script(Script.builder().turn(id == null ? reported : reported.id(id)).repeatLast().build());
        if (id == null) {
            ctx.trace().note("the " + dialect + " API has no response id: ids are not checked");
        }
        ChatModel model = ctx.model();
        AIMessage invoked = ctx.invoke(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        expectReported(ctx, invoked, id, "invoke()");
        AIMessage streamed = Answers.aggregate(ctx.stream(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults()));
        expectReported(ctx, streamed, id, "the aggregate of stream()");
    }

    private static void expectReported(RuleContext ctx, AIMessage m, String id, String where) {
        if (id != null) {
            ctx.expectEqual(id, m.id(), "the message id of " + where + " vs the response id the server sent");
        }
        if (ctx.has(Capability.USAGE_METADATA)) {
            UsageMetadata u = m.usageMetadata();
            ctx.expect(u != null && u.inputTokens() == REPORTED_USAGE.inputTokens()
                            && u.outputTokens() == REPORTED_USAGE.outputTokens()
                            && u.totalTokens() == REPORTED_USAGE.totalTokens(),
                    "the usage of " + where + " to be what the server reported, once: " + REPORTED_USAGE.inputTokens()
                            + " in, " + REPORTED_USAGE.outputTokens() + " out", () -> u + (u != null && u.inputTokens()
                            == 2 * REPORTED_USAGE.inputTokens() ? ": reported twice" : ""));
        }
        Object finish = Answers.finishReason(m);
        ctx.expect(finish != null && Set.of("length", "max_tokens", "max_output_tokens", "incomplete")
                        .contains(finish.toString().toLowerCase(Locale.ROOT)), "the finish reason the server reported"
                        + " (length; max_tokens, max_output_tokens or incomplete in the dialect's words) in the response"
                        + " metadata of " + where, () -> "finish reason " + finish + " in " + m.responseMetadata());
        Object model = m.responseMetadata().containsKey("model_name") ? m.responseMetadata().get("model_name")
                : m.responseMetadata().get("model");
        ctx.expectEqual(REPORTED_MODEL, model, "the model name (model_name) in the response metadata of " + where
                + " vs the model the server reported");
    }

    /** WIRE-8. */
    static void midStreamErrorFailsTheRun(RuleContext ctx) throws InterruptedException {
        ctx.wire().scope().script(Script.builder().turn(WireTurn.of(Scenarios.STORY).errorEventAfterFrames(ERROR_AFTER,
                SERVER_ERROR)).repeatLast().build());
        Failed failed = failedRun(ctx, "ended by an error event after " + ERROR_AFTER + " frames",
                "the error event was skipped");
        String before = String.join("", Scenarios.STORY_CHUNKS.subList(0, ERROR_AFTER));
        ctx.expectEqual(before, Answers.aggregate(failed.delivered).content(), "the text delivered before the error vs"
                + " the " + ERROR_AFTER + " frames the server sent before it");
        ctx.expect(inMessages(failed.failure, SERVER_ERROR), "the failure to carry the server's error message \""
                + SERVER_ERROR + "\"", () -> Failures.chain(failed.failure));
    }

    private static boolean inMessages(Throwable failure, String text) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** What a stream that had to fail delivered, and how it failed. */
    private record Failed(List<AIMessageChunk> delivered, Throwable failure) {
    }

    private static Failed failedRun(RuleContext ctx, String what, String otherwise) throws InterruptedException {
        Recorder recorder = ctx.recorder();
        List<AIMessageChunk> delivered = new ArrayList<>();
        Throwable failure = ctx.failureOfStream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN),
                RunConfig.builder().listener(recorder).build(), delivered);
        ctx.expect(failure != null, "the stream " + what + " to fail", () -> "it ended normally after "
                + delivered.size() + " chunk(s), " + RunTrace.describe(Answers.aggregate(delivered).content()) + ": "
                + otherwise);
        ctx.awaitTrue(() -> recorder.terminals() > 0, ctx.budget(Duration.ofMillis(200), 1));
        ctx.expect(recorder.callbacks("error").size() == 1 && recorder.callbacks("end").isEmpty(),
                "the run of the stream " + what + " to end with one error callback, no end", recorder::calls);
        return new Failed(delivered, failure);
    }

    // ---------------------------------------------------------------- the wire's view of section 5

    /**
     * BAT-2 over the wire: the requests of a batch that overlapped at the server, from each one's arrival until its
     * answer was over, never more than {@code maxConcurrency}.
     */
    static void expectAtMostInFlight(RuleContext ctx, long since, int maxConcurrency) throws InterruptedException {
        FakeLlmScope scope = ctx.wire().scope();
        List<RecordedRequest> batch = new ArrayList<>();
        for (RecordedRequest r : scope.requests()) {
            if (r.receivedNanos() - since >= 0) {
                batch.add(r);
            }
        }
        for (RecordedRequest r : batch) {
            awaitEnding(ctx, r, Duration.ofSeconds(1));
        }
        int most = 0;
        for (RecordedRequest r : batch) {
            int overlapping = 0;
            for (RecordedRequest other : batch) {
                long otherEnd = other.endedNanos() == 0 ? Long.MAX_VALUE : other.endedNanos();
                if (other.receivedNanos() - r.receivedNanos() <= 0 && (other.endedNanos() == 0
                        || otherEnd - r.receivedNanos() > 0)) {
                    overlapping++;
                }
            }
            most = Math.max(most, overlapping);
        }
        int seen = most;
        ctx.expect(seen <= maxConcurrency, "at most " + maxConcurrency + " requests in flight at the fake server at once"
                + " (maxConcurrency " + maxConcurrency + ")", () -> seen + " requests in flight at once among the batch's "
                + batch.size() + ": the runs were bounded but the requests were not (sent ahead of their runs?)");
    }

    /**
     * STR-5 over the wire: each text chunk of the slow prompt arrives soon after the server sent the frame that
     * completed its text. Held back (a median lag over a quarter of the stream's span) is buffering, whatever the
     * chunks' spacing when they are finally handed over.
     */
    static void expectChunksFollowTheFrames(RuleContext ctx, List<Long> textArrivals, List<AIMessageChunk> textChunks) {
        RecordedRequest request = Scenarios.lastRequestFor(ctx.wire().scope().requests(), Scenarios.SLOW_PROMPT);
        if (request == null || !request.streaming() || request.frameSentNanos().size() != Scenarios.SLOW_CHUNKS.size()) {
            ctx.trace().note("the slow prompt's frames cannot be matched with its chunks: " + request);
            return;
        }
        List<Long> sent = request.frameSentNanos();
        List<Integer> frameEnds = new ArrayList<>();
        int total = 0;
        for (String frame : Scenarios.SLOW_CHUNKS) {
            total += frame.length();
            frameEnds.add(total);
        }
        List<Long> lags = new ArrayList<>();
        int received = 0;
        for (int i = 0; i < textChunks.size(); i++) {
            received += textChunks.get(i).content().length();
            int frame = 0;
            while (frame < frameEnds.size() - 1 && frameEnds.get(frame) < received) {
                frame++;
            }
            lags.add(textArrivals.get(i) - sent.get(frame));
        }
        List<Long> sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2);
        long span = sent.get(sent.size() - 1) - sent.get(0);
        ctx.expect(median * 4 <= span, "the slow prompt's text chunks to reach the consumer as the server sends their"
                + " frames (a median lag within a quarter of the " + millis(span) + " ms the frames took)",
                () -> "a median lag of " + millis(median) + " ms between a frame's sending and the chunk with its text"
                        + " (lags " + millisList(lags) + "): the text was held back and handed over later, however"
                        + " spread");
    }

    // ---------------------------------------------------------------- helpers

    /** A stream read to its end, with the arrival of each chunk (System.nanoTime readings). */
    private static final class Timed {
        final List<AIMessageChunk> chunks = new ArrayList<>();
        final List<AIMessageChunk> argChunks = new ArrayList<>();
        final List<Long> argArrivals = new ArrayList<>();
        long firstTextNanos;
    }

    private static Timed streamTimed(RuleContext ctx, ChatModel model, ChatInput prompt) {
        Timed timed = new Timed();
        ctx.trace().input("stream (timed against the server's frames)", prompt.raw());
        long start = System.nanoTime();
        try (RunStream<AIMessageChunk> stream = model.stream(prompt)) {
            for (AIMessageChunk chunk : stream) {
                long now = System.nanoTime();
                ctx.trace().chunk(timed.chunks.size(), chunk);
                timed.chunks.add(chunk);
                if (!chunk.content().isEmpty() && timed.firstTextNanos == 0) {
                    timed.firstTextNanos = now;
                }
                for (ToolCallChunk t : chunk.toolCallChunks()) {
                    if (t.args() != null && !t.args().isEmpty()) {
                        timed.argChunks.add(chunk);
                        timed.argArrivals.add(now);
                        break;
                    }
                }
            }
        }
        ctx.measured(start);
        return timed;
    }

    /** The scope's latest request, which must be a streaming one. */
    private static RecordedRequest streamingRequest(RuleContext ctx, FakeLlmScope scope) {
        ctx.expect(scope.requestCount() > 0, "stream() to send a request to the fake server", () -> "none");
        RecordedRequest request = scope.lastRequest();
        ctx.expect(request.streaming(), "stream() of a token-streaming model to send a streaming request",
                () -> "a request without streaming: " + request.body());
        return request;
    }

    private static Ending awaitEnding(RuleContext ctx, RecordedRequest request, Duration limit) throws InterruptedException {
        Duration wait = limit.isNegative() ? Duration.ZERO : limit;
        ctx.trace().quietFor(wait.toNanos());
        return request.awaitEnding(wait);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static List<Long> millisList(List<Long> nanos) {
        List<Long> out = new ArrayList<>();
        nanos.forEach(n -> out.add(millis(n)));
        return out;
    }
}
