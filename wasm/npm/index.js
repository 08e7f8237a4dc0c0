// carules — the typed API over the WebAssembly build (wasm-bindgen `--target web` glue in
// ./carules_wasm.js). Browser entry: `await init()` fetches carules_wasm_bg.wasm next to this
// file, then every function answers synchronously. Node's entry (./node.js) initialises from
// disk on import, so there `init()` is not needed.
//
// Two forms of each call:
//   decide(request object) -> answer object or the error object {error: {code, message, message_zh, path}}
//   decideJson(JSON text)  -> JSON text (the answer or the error object), exactly as the engine
//                             wrote it
// Bad input never throws: it comes back as the error object. Calling before the module is
// initialised throws an Error saying so (a programming error, not bad input).

import wasmInit, * as raw from "./carules_wasm.js";

let ready = false;

/**
 * Loads and instantiates the engine (browser: fetches `carules_wasm_bg.wasm` next to this
 * module, or what `module_or_path` names). Resolves once every function can be called;
 * calling it again is harmless.
 */
export default async function init(options) {
  const out = await wasmInit(options);
  ready = true;
  return out;
}

/** Instantiates the engine synchronously from the .wasm bytes or a compiled module. */
export function initSync(options) {
  const out = raw.initSync(options);
  ready = true;
  return out;
}

/** True once `init` or `initSync` has run (always true under node). */
export function isReady() {
  return ready;
}

function engine() {
  if (!ready) throw new Error("carules: the WebAssembly module is not initialised yet: `await init()` first (node's entry does it on import)");
  return raw;
}

/** The error object for a value that cannot be sent as JSON. */
function inputError(what, detail) {
  const zh = what === "the query" ? "查询应为一个 JSON 对象" : "请求应为一个 JSON 对象";
  return { error: { code: "request.invalid", message: `${what} must be a JSON object (${detail})`, message_zh: zh, path: "" } };
}

/** `{text}`: `value` as JSON text, or `{failed}`: the error object saying why it cannot be. */
function toJson(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    return { failed: inputError(what, `it cannot be written as JSON: ${e && e.message ? e.message : e}`) };
  }
  if (typeof text !== "string") return { failed: inputError(what, `got ${typeof value}`) };
  return { text };
}

/** Calls a string export with `value` written as JSON and parses its answer. */
function typed(fn, value, what) {
  const arg = toJson(value, what);
  if (arg.failed) return arg.failed;
  return JSON.parse(fn(arg.text));
}

/** Answers a decision request (docs/api.md): the answer, or the error object. */
export function decide(request) {
  return typed(engine().decide, request, "the request");
}

/** The clerk's documents query: `{region, service, documents, documents_info, needs?, branches?, findings}`, or the error object. */
export function documents(query) {
  return typed(engine().documents, query, "the query");
}

/** The 一次性告知单 for a service request: `{html}` (the A4 page `carules notice --format html` prints), or the error object. */
export function notice(request) {
  return typed(engine().notice, request, "the request");
}

/** The regions of the shipped rules: `[{code, name, aliases, parent, services}]`. */
export function regions() {
  return JSON.parse(engine().regions());
}

/** zh-CN labels of every closed set, for forms: `{enum name: [{id, label}]}`. */
export function vocabulary() {
  return JSON.parse(engine().vocabulary());
}

/** The facts a request for `region` may give, for building its form: `[{fact, path, label,
 * type, enum?, choices?, min?, default?, default_zh?, region}]`, or the error object. */
export function facts(region) {
  return JSON.parse(engine().facts(region));
}

/** The JSON Schema of `"request"` or `"response"`, or the error object for another name. */
export function schema(which) {
  return JSON.parse(engine().schema(which));
}

/** The carules engine version (equal to this package's version). */
export function version() {
  return engine().version();
}

/** `decide` on JSON text: the answer or the error object as JSON text. */
export function decideJson(request) {
  return engine().decide(request);
}

/** `documents` on JSON text: the answer or the error object as JSON text. */
export function documentsJson(query) {
  return engine().documents(query);
}

/** `notice` on JSON text: `{html}` or the error object as JSON text. */
export function noticeJson(request) {
  return engine().notice(request);
}

/** `regions()` as JSON text. */
export function regionsJson() {
  return engine().regions();
}

/** `vocabulary()` as JSON text. */
export function vocabularyJson() {
  return engine().vocabulary();
}

/** `facts(region)` as JSON text. */
export function factsJson(region) {
  return engine().facts(region);
}

/** `schema(which)` as JSON text. */
export function schemaJson(which) {
  return engine().schema(which);
}

/** True when `answer` is the error object `{error: {code, message, message_zh, path}}`. */
export function isError(answer) {
  return typeof answer === "object" && answer !== null && "error" in answer && typeof answer.error === "object" && answer.error !== null;
}
