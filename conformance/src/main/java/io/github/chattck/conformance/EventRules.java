package io.github.chattck.conformance;

import io.github.chattck.core.ChatInput;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.RunConfig;
import io.github.chattck.core.RunStream;
import io.github.chattck.core.StrOutputParser;
import io.github.chattck.core.event.ChatJson;
import io.github.chattck.core.event.EventFilter;
import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.AIMessageChunk;
import io.github.chattck.core.message.HumanMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.SystemMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The bodies of the event rules (EVT-*), called by {@link ChatModelConformanceTests}. */
final class EventRules {
    static final String CONFIG_TAG_A = "conformance-a";
    static final String CONFIG_TAG_B = "conformance-b";

    private EventRules() {
    }

    /** EVT-1. */
    static void oneStartFirstOneEndLast(RuleContext ctx) {
        List<StreamEvent> events = ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        expectOneStartFirstOneEndLast(ctx, events, "");
    }

    private static void expectOneStartFirstOneEndLast(RuleContext ctx, List<StreamEvent> events, String where) {
        ctx.expect(!events.isEmpty() && events.get(0).event().equals(StreamEvent.ON_CHAT_MODEL_START),
                "on_chat_model_start first" + where, () -> Events.names(events));
        ctx.expect(events.get(events.size() - 1).event().equals(StreamEvent.ON_CHAT_MODEL_END),
                "on_chat_model_end last" + where, () -> Events.names(events));
        ctx.expect(Events.count(events, StreamEvent.ON_CHAT_MODEL_START) == 1
                        && Events.count(events, StreamEvent.ON_CHAT_MODEL_END) == 1,
                "exactly one start and one end" + where, () -> Events.names(events));
    }

    /** EVT-2. */
    static void streamEventsAreTheChunks(RuleContext ctx) {
        List<AIMessageChunk> chunks = ctx.stream(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        List<StreamEvent> events = ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        ctx.expectEqual(StreamRules.withoutIds(chunks), StreamRules.withoutIds(Events.chunksOf(events)),
                "stream()'s chunks vs the on_chat_model_stream chunks (ids aside: two runs)");
    }

    /** EVT-3. */
    static void oneRunIdForAllEvents(RuleContext ctx) {
        UUID runId = UUID.randomUUID();
        List<StreamEvent> given = ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().runId(runId).build());
        for (StreamEvent e : given) {
            ctx.expect(runId.equals(e.runId()), "run_id " + runId + " (the config's) on " + e.event(), e::runId);
        }
        List<StreamEvent> fresh = ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        Set<UUID> ids = new LinkedHashSet<>();
        fresh.forEach(e -> ids.add(e.runId()));
        ctx.expect(ids.size() == 1, "one run_id for all events of a run", () -> ids);
    }

    /** EVT-4. */
    static void eventNameIsRunNameOrModelName(RuleContext ctx) {
        ChatModel model = ctx.model();
        List<StreamEvent> named = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().runName("ConformanceRun").build());
        for (StreamEvent e : named) {
            ctx.expectEqual("ConformanceRun", e.name(), "the name of " + e.event() + " with runName set");
        }
        List<StreamEvent> unnamed = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        for (StreamEvent e : unnamed) {
            ctx.expectEqual(model.name(), e.name(), "the name of " + e.event() + " without runName (the model's name)");
        }
    }

    /** EVT-5. */
    static void tagsAndMetadata(RuleContext ctx) {
        ChatModel model = ctx.model();
        RunConfig config = RunConfig.builder().tags(CONFIG_TAG_A, CONFIG_TAG_B).metadata("conformance_key", "v").build();
        List<StreamEvent> events = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), config);
        List<String> expectedTags = new ArrayList<>(List.of(CONFIG_TAG_A, CONFIG_TAG_B));
        expectedTags.addAll(model.tags());
        for (StreamEvent e : events) {
            ctx.expectEqual(expectedTags, e.tags(), "the tags of " + e.event() + " (config tags, then the model's)");
            ctx.expect("v".equals(e.metadata().get("conformance_key")), "the config metadata conformance_key=v on "
                    + e.event(), e::metadata);
            MetadataRules.checkLsParameters(ctx, e.metadata(), List.of(), "the metadata of " + e.event());
        }
    }

    /** EVT-6. */
    static void eventPayloads(RuleContext ctx) {
        String text = ctx.promptText();
        List<StreamEvent> fromText = ctx.events(ctx.model(), ChatInput.of(text), RunConfig.defaults());
        StreamEvent start = fromText.get(0);
        ctx.expectEqual(text, start.data().get("input"), "the start event's data.input for a String input");
        List<Message> messages = List.of(new SystemMessage("Be brief."), new HumanMessage(text));
        List<StreamEvent> fromList = ctx.events(ctx.model(), ChatInput.of(messages), RunConfig.defaults());
        ctx.expectEqual(messages, fromList.get(0).data().get("input"), "the start event's data.input for a message list");
        StreamEvent end = Events.last(fromText, StreamEvent.ON_CHAT_MODEL_END);
        ctx.expect(end != null, "an end event", () -> Events.names(fromText));
        ctx.expect(!end.data().containsKey("input"), "no input in the root end event", end::data);
        ctx.expect(end.data().get("output") instanceof AIMessage, "an AIMessage as the end event's output", end::data);
        ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")),
                Answers.whole(Answers.aggregate(Events.chunksOf(fromText))),
                "the end event's output vs the aggregate of the stream events' chunks");
    }

    /** EVT-7. */
    static void failureEndsTheEventsWithoutEnd(RuleContext ctx) {
        ChatInput failing = ctx.prompt(Prompt.FAILING);
        List<StreamEvent> events = new ArrayList<>();
        Recorder recorder = ctx.recorder();
        Throwable failure = ctx.failureOfEvents(ctx.model(), failing, RunConfig.builder().listener(recorder).build(), events);
        ctx.expect(failure != null, "the event iterator to throw the failure", () -> Events.names(events));
        ctx.expect(!events.isEmpty() && events.get(0).event().equals(StreamEvent.ON_CHAT_MODEL_START),
                "the start event before the failure", () -> Events.names(events));
        ctx.expect(Events.count(events, StreamEvent.ON_CHAT_MODEL_END) == 0, "no end event for a failed run",
                () -> Events.names(events));
        Map<String, Throwable> references = new LinkedHashMap<>();
        Throwable streamed = ctx.failureOfStream(ctx.model(), failing, RunConfig.defaults(), new ArrayList<>());
        if (streamed != null) {
            references.put("stream()", streamed);
        }
        Throwable invoked = ctx.failureOfInvoke(ctx.model(), failing, RunConfig.defaults());
        if (invoked != null) {
            references.put("invoke()", invoked);
        }
        Failures.expectKept(ctx, "streamEvents()'s iterator", failure, recorder.errors(), references);
    }

    /** EVT-8: each filter is checked against the events of its own run, so answers may vary between runs. */
    static void filters(RuleContext ctx) {
        ChatModel model = ctx.model();
        RunConfig tagged = RunConfig.builder().tags(CONFIG_TAG_A).build();
        Map<String, EventFilter> keepAll = new LinkedHashMap<>();
        keepAll.put("no filter", EventFilter.all());
        keepAll.put("includeNames(model name)", EventFilter.builder().includeNames(model.name()).build());
        keepAll.put("includeTypes(chat_model)", EventFilter.builder().includeTypes("chat_model").build());
        keepAll.put("includeTags(config tag)", EventFilter.builder().includeTags(CONFIG_TAG_A).build());
        keepAll.put("includeNames(other) + includeTypes(chat_model)",
                EventFilter.builder().includeNames("NoSuchRun").includeTypes("chat_model").build());
        keepAll.put("excludeNames(other)", EventFilter.builder().excludeNames("NoSuchRun").build());
        Map<String, EventFilter> keepNone = new LinkedHashMap<>();
        keepNone.put("includeNames(other)", EventFilter.builder().includeNames("NoSuchRun").build());
        keepNone.put("includeTypes(chain)", EventFilter.builder().includeTypes("chain").build());
        keepNone.put("includeTags(other)", EventFilter.builder().includeTags("no-such-tag").build());
        keepNone.put("excludeNames(model name)", EventFilter.builder().excludeNames(model.name()).build());
        keepNone.put("excludeTypes(chat_model)", EventFilter.builder().excludeTypes("chat_model").build());
        keepNone.put("excludeTags(config tag)", EventFilter.builder().excludeTags(CONFIG_TAG_A).build());
        keepNone.put("includeTypes(chat_model) + excludeTags(config tag)",
                EventFilter.builder().includeTypes("chat_model").excludeTags(CONFIG_TAG_A).build());
        for (Map.Entry<String, EventFilter> f : keepAll.entrySet()) {
            List<StreamEvent> kept = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), tagged, f.getValue());
            String where = " with filter " + f.getKey() + " (it keeps every event of the run)";
            expectOneStartFirstOneEndLast(ctx, kept, where);
            StreamEvent end = kept.get(kept.size() - 1);
            ctx.expectEqual(Answers.whole((AIMessage) end.data().get("output")),
                    Answers.whole(Answers.aggregate(Events.chunksOf(kept))),
                    "the end output vs the aggregate of the stream events kept" + where);
        }
        for (Map.Entry<String, EventFilter> f : keepNone.entrySet()) {
            int kept = ctx.events(model, ctx.prompt(Prompt.MULTI_TOKEN), tagged, f.getValue()).size();
            ctx.expect(kept == 0, "filter " + f.getKey() + " to keep no event", () -> kept + " kept");
        }
    }

    /** EVT-9. */
    static void parentIds(RuleContext ctx) {
        List<StreamEvent> root = ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.defaults());
        for (StreamEvent e : root) {
            ctx.expect(e.parentIds().isEmpty(), "parent_ids [] at the root on " + e.event(), e::parentIds);
        }
        List<StreamEvent> piped = new ArrayList<>();
        ChatInput prompt = ctx.prompt(Prompt.MULTI_TOKEN);
        ctx.trace().input("pipe(StrOutputParser).streamEvents", prompt.raw());
        try (RunStream<StreamEvent> stream = ctx.model().pipe(StrOutputParser.create()).streamEvents(prompt)) {
            for (StreamEvent e : stream) {
                ctx.trace().event(e);
                piped.add(e);
            }
        }
        StreamEvent chainStart = piped.stream().filter(e -> e.event().equals(StreamEvent.ON_CHAIN_START)).findFirst().orElse(null);
        ctx.expect(chainStart != null && chainStart.parentIds().isEmpty(), "a root on_chain_start", () -> Events.names(piped));
        List<StreamEvent> modelEvents = new ArrayList<>();
        piped.stream().filter(e -> e.runType().equals("chat_model")).forEach(modelEvents::add);
        ctx.expect(!modelEvents.isEmpty(), "the model's events inside the pipeline", () -> Events.names(piped));
        for (StreamEvent e : modelEvents) {
            ctx.expectEqual(List.of(chainStart.runId()), e.parentIds(), "parent_ids of the model's " + e.event()
                    + " inside a pipeline (the pipeline's run id)");
        }
    }

    /** EVT-10. */
    static void eventsRoundTripThroughJson(RuleContext ctx) throws Exception {
        Set<String> keys = Set.of("event", "name", "run_id", "parent_ids", "tags", "metadata", "data");
        for (StreamEvent e : ctx.events(ctx.model(), ctx.prompt(Prompt.MULTI_TOKEN), RunConfig.builder().tags(CONFIG_TAG_A).build())) {
            String json = ChatJson.toJson(e);
            Set<String> seen = new LinkedHashSet<>();
            ChatJson.mapper().readTree(json).fieldNames().forEachRemaining(seen::add);
            ctx.expectEqual(keys, seen, "the JSON keys of " + e.event());
            StreamEvent back = ChatJson.readEvent(json);
            ctx.expectEqual(e, back, "the event read back from " + json);
        }
    }
}
