// Records @langchain/core's behaviour for the scenarios the Java comparison test replays
// (conformance/src/test/java/.../reference/LangChainComparisonTest.java). Run: npm ci && node record.mjs
// Output: ../resources/reference/transcripts/<scenario>.json, with UUIDs normalised to <UUID_n>.
import { writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeListChatModel, FakeChatModel } from "@langchain/core/utils/testing";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, AIMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { RunnableLambda } from "@langchain/core/runnables";
import { dispatchCustomEvent } from "@langchain/core/callbacks/dispatch";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "resources", "reference", "transcripts");
const coreVersion = JSON.parse(readFileSync(join(here, "node_modules", "@langchain", "core", "package.json"), "utf8")).version;
mkdirSync(out, { recursive: true });

/** A message, chunk, string or error as plain JSON, with the fields chat-tck compares. */
function plain(v) {
  if (v === null || v === undefined) return v ?? null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Error) return { _error: v.constructor.name, message: v.message };
  if (typeof v._getType === "function" || typeof v.getType === "function") {
    const type = typeof v.getType === "function" ? v.getType() : v._getType();
    const m = { _class: v.constructor.name, type, content: v.content };
    if (v.id !== undefined) m.id = v.id;
    if (v.tool_calls !== undefined) m.tool_calls = plain(v.tool_calls);
    if (v.tool_call_chunks !== undefined) m.tool_call_chunks = plain(v.tool_call_chunks);
    if (v.invalid_tool_calls !== undefined) m.invalid_tool_calls = plain(v.invalid_tool_calls);
    if (v.usage_metadata !== undefined) m.usage_metadata = plain(v.usage_metadata);
    if (v.response_metadata !== undefined) m.response_metadata = plain(v.response_metadata);
    return m;
  }
  const o = {};
  // a key whose value is undefined is absent, as in LangChain's own JSON (ls_stop without stop sequences)
  for (const [k, val] of Object.entries(v)) if (val !== undefined) o[k] = plain(val);
  return o;
}

function normalise(value) {
  const ids = new Map();
  const text = JSON.stringify(value, null, 2).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => {
    if (!ids.has(u)) ids.set(u, `<UUID_${ids.size + 1}>`);
    return ids.get(u);
  });
  return JSON.parse(text);
}

function save(name, call, result) {
  const file = join(out, `${name}.json`);
  writeFileSync(file, JSON.stringify({ meta: { core_version: coreVersion, node: process.version, scenario: name, call },
    result: normalise(plain(result)) }, null, 2) + "\n");
  console.log("recorded", name);
}

async function collect(iterable) {
  const items = [];
  try {
    for await (const item of await iterable) items.push(item);
    return { items };
  } catch (e) {
    return { items, error: e };
  }
}

/** text + two tool-call fragments + usage + finish metadata, like a real streaming provider */
class RichStreamingModel extends BaseChatModel {
  _llmType() { return "rich"; }
  async _generate() { throw new Error("not used"); }
  async *_streamResponseChunks() {
    const chunks = [
      new AIMessageChunk({ content: "Hi", response_metadata: { model_name: "rich-1" }, usage_metadata: { input_tokens: 7, output_tokens: 0, total_tokens: 7 } }),
      new AIMessageChunk({ content: " there", tool_call_chunks: [{ index: 0, id: "call_1", name: "add", args: "{\"a\":" }] }),
      new AIMessageChunk({ content: "", tool_call_chunks: [{ index: 0, args: " 1, \"b\": 2}" }] }),
      new AIMessageChunk({ content: "", response_metadata: { finish_reason: "tool_calls" }, usage_metadata: { input_tokens: 0, output_tokens: 5, total_tokens: 5 } }),
    ];
    for (const c of chunks) yield new ChatGenerationChunk({ message: c, text: c.content });
  }
}

/** streams "a", "b", then fails */
class FailsAfterTwo extends BaseChatModel {
  _llmType() { return "fails-after-two"; }
  async _generate() { throw new Error("not used"); }
  async *_streamResponseChunks() {
    for (const t of ["a", "b"]) yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: t }), text: t });
    throw new Error("failed after two chunks");
  }
}

/** fails for the input "fail", echoes otherwise (no streaming) */
class FailsOnFail extends BaseChatModel {
  _llmType() { return "fails-on-fail"; }
  async _generate(messages) {
    const text = messages[messages.length - 1].content;
    if (text === "fail") throw new Error("failed on purpose");
    return { generations: [{ message: new AIMessage(text), text }] };
  }
}

const config = { version: "v2", tags: ["t-config"], metadata: { user_key: "user_value" }, runName: "MyRunName" };

save("stream_list_fake", "FakeListChatModel(['hey you']).stream('hello')",
  await collect(new FakeListChatModel({ responses: ["hey you"] }).stream("hello")));
save("events_list_fake_config", "FakeListChatModel(['hey you']).streamEvents('hello', {tags, metadata, runName})",
  await collect(new FakeListChatModel({ responses: ["hey you"] }).streamEvents("hello", config)));
save("events_fallback", "FakeChatModel({}).streamEvents('hello') (generate only)",
  await collect(new FakeChatModel({}).streamEvents("hello", { version: "v2" })));
save("stream_fallback", "FakeChatModel({}).stream('hello') (generate only)",
  await collect(new FakeChatModel({}).stream("hello")));
save("events_rich", "RichStreamingModel.streamEvents('hello')",
  await collect(new RichStreamingModel({}).streamEvents("hello", { version: "v2" })));
save("events_model_own_tags_metadata_stop", "FakeListChatModel({tags:['t-model'], metadata:{model_key}}).streamEvents('hello', {stop:['STOP']})",
  await collect(new FakeListChatModel({ responses: ["ok"], tags: ["t-model"], metadata: { model_key: "model_value" } })
    .streamEvents("hello", { version: "v2", tags: ["t-config"], stop: ["STOP"] })));

const pipeline = () => new FakeListChatModel({ responses: ["hi"], tags: ["t-model"] }).pipe(new StringOutputParser());
save("events_pipeline", "FakeListChatModel(['hi']).pipe(StringOutputParser).streamEvents('hello')",
  await collect(pipeline().streamEvents("hello", { version: "v2" })));
for (const [name, filter] of Object.entries({
  includeNames: { includeNames: ["FakeListChatModel"] },
  includeTypes: { includeTypes: ["chat_model"] },
  includeTags: { includeTags: ["t-model"] },
  excludeNames: { excludeNames: ["StrOutputParser", "StringOutputParser"] },
  excludeTypes: { excludeTypes: ["chain"] },
  excludeTags: { excludeTags: ["t-model"] },
})) {
  save(`events_pipeline_filter_${name}`, `pipeline.streamEvents('hello', {version:'v2'}, ${JSON.stringify(filter)})`,
    await collect(pipeline().streamEvents("hello", { version: "v2" }, filter)));
}

save("error_before_first_chunk", "FakeListChatModel thrownErrorString: stream and streamEvents", {
  stream: await collect(new FakeListChatModel({ responses: ["x"] }).stream("hello", { thrownErrorString: "fake list failure" })),
  streamEvents: await collect(new FakeListChatModel({ responses: ["x"] }).streamEvents("hello", { version: "v2", thrownErrorString: "fake list failure" })),
});
save("error_after_two_chunks", "FailsAfterTwo: stream and streamEvents", {
  stream: await collect(new FailsAfterTwo({}).stream("hello")),
  streamEvents: await collect(new FailsAfterTwo({}).streamEvents("hello", { version: "v2" })),
});
save("batch_max_concurrency_1", "FakeListChatModel(['r1','r2','r3']).batch([x,x,x], {maxConcurrency:1})",
  await new FakeListChatModel({ responses: ["r1", "r2", "r3"] }).batch(["a", "b", "c"], { maxConcurrency: 1 }));
save("batch_return_exceptions", "FailsOnFail.batch(['a','fail','b'], {}, {returnExceptions:true})",
  await new FailsOnFail({}).batch(["a", "fail", "b"], {}, { returnExceptions: true }));
const cycling = new FakeListChatModel({ responses: ["one", "two"] });
save("invoke_cycling", "FakeListChatModel(['one','two']).invoke x3",
  [await cycling.invoke("a"), await cycling.invoke("b"), await cycling.invoke("c")]);

// ---- 0.2: ids, steps, custom events, per-input batch configs, ls_provider, stop on the list fake

/** text chunks without an id, then the provider's id from the second chunk on (as OpenAI's first delta may lack it) */
class ProviderIdLater extends BaseChatModel {
  _llmType() { return "provider-id-later"; }
  async _generate() { return { generations: [{ message: new AIMessage({ content: "Hello", id: "chatcmpl-42" }), text: "Hello" }] }; }
  async *_streamResponseChunks() {
    const chunks = [
      new AIMessageChunk({ content: "Hel" }),
      new AIMessageChunk({ content: "lo", id: "chatcmpl-42" }),
      new AIMessageChunk({ content: "", id: "chatcmpl-42", response_metadata: { finish_reason: "stop" } }),
    ];
    for (const c of chunks) yield new ChatGenerationChunk({ message: c, text: c.content });
  }
}
save("events_provider_id_later_chunk", "ProviderIdLater: streamEvents, then invoke", {
  streamEvents: await collect(new ProviderIdLater({}).streamEvents("hello", { version: "v2" })),
  invoke: { items: [await new ProviderIdLater({}).invoke("hello")] },
});

const steps = () => RunnableLambda.from((x) => x.toUpperCase())
  .pipe(new FakeListChatModel({ responses: ["hi there"], tags: ["t-model"] }))
  .pipe(new StringOutputParser())
  .pipe(RunnableLambda.from((s) => `<${s}>`));
const outer = { version: "v2", tags: ["outer"], metadata: { user_key: "user_value" } };
save("events_lambda_model_parser_formatter", "lambda | FakeListChatModel | StringOutputParser | lambda: streamEvents with config tags, then invoke", {
  streamEvents: await collect(steps().streamEvents("hello", outer)),
  invoke: { items: [await steps().invoke("hello", { tags: ["outer"] })] },
});

const progress = () => RunnableLambda.from(async (x, config) => {
  await dispatchCustomEvent("progress", { step: 1 }, config);
  await dispatchCustomEvent("progress", { step: 2 }, config);
  return x;
}).pipe(new FakeListChatModel({ responses: ["ok"], emitCustomEvent: true, tags: ["t-model"] }));
const customParts = { all: await collect(progress().streamEvents("hello", outer)) };
for (const [name, filter] of Object.entries({
  includeTypes: { includeTypes: ["chat_model"] },
  includeNames: { includeNames: ["RunnableLambda"] },
  excludeTags: { excludeTags: ["t-model"] },
  includeEventName: { includeNames: ["progress"] },
})) {
  customParts[name] = await collect(progress().streamEvents("hello", { version: "v2" }, filter));
}
save("events_custom", "lambda dispatching 'progress' twice | FakeListChatModel(emitCustomEvent): streamEvents, unfiltered and filtered", customParts);

const echoConfig = RunnableLambda.from((x, config) => `${x}|${config.runName}|${JSON.stringify(config.tags)}|${JSON.stringify(config.metadata)}`);
let sizesDiffer;
try {
  sizesDiffer = { items: await echoConfig.batch(["a", "b"], [{ tags: ["first"] }]) };
} catch (e) {
  sizesDiffer = { items: [], error: e };
}
save("batch_per_input_configs", "lambda echoing its config: batch(['a','b'], [config a, config b]), then one config for two inputs", {
  perInput: { items: await echoConfig.batch(["a", "b"], [
    { tags: ["first"], metadata: { n: 1 }, runName: "one" },
    { tags: ["second"], metadata: { n: 2 }, runName: "two" }]) },
  sizesDiffer,
});

/** a provider named as providers name their classes, setting no ls_provider */
class ChatAcme extends BaseChatModel {
  _llmType() { return "acme"; }
  async _generate() { return { generations: [{ message: new AIMessage("hi"), text: "hi" }] }; }
}
save("events_ls_provider_chat_prefix", "ChatAcme (sets no provider).streamEvents('hello')",
  await collect(new ChatAcme({}).streamEvents("hello", { version: "v2" })));

const stopList = new FakeListChatModel({ responses: ["r1", "r2"] });
save("list_fake_stop", "FakeListChatModel(['r1','r2']).invoke with stop ['STOP'], then without; FakeListChatModel(['one two']).stream with stop [' ']", {
  invoke: { items: [await stopList.invoke("a", { stop: ["STOP"] }), await stopList.invoke("b")] },
  stream: await collect(new FakeListChatModel({ responses: ["one two"] }).stream("a", { stop: [" "] })),
});
