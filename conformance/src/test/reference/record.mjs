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
  for (const [k, val] of Object.entries(v)) o[k] = plain(val);
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
