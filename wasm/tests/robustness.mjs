#!/usr/bin/env node
// Bad and extreme input to every export of the npm package (pkg/node.js): each call of the
// JSON-text API must return a JSON object as text, each call of the typed API an object (an
// answer or the spec's error object); a thrown exception or a trap is a failure.
//   node tests/robustness.mjs        (after wasm/build.sh)
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const wasm = await import(pathToFileURL(join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "pkg", "node.js")).href);

const base = { region: "630000", as_of: "2026-11-21T10:00:00+08:00", service: "renewal", applicant: { kind: "organization" } };
const j = (patch) => JSON.stringify({ ...base, ...patch });
const inputs = [
  "", "null", "[]", "1e999", '"x"', "[".repeat(100000), "{".repeat(5000), "\ud800", "{\"region\":\"630000\"", "region: qinghai",
  '{"region":"630000","as_of":"2026-13-45T99:00:00+08:00"}', '{"region":"630000","as_of":"2026-11-21T10:00:00"}',
  j({ years: -1 }), j({ years: 1e300 }), j({ years: 2.5 }), j({ years: "3" }),
  j({ charged: "-5.00" }), j({ charged: "99999999999999999999999999999999.00" }), j({ charged: 300 }), j({ charged: "1e3" }),
  j({ applicant: { kind: "alien" } }), j({ applicant: { kind: "organization", main_keys_held: -3 } }),
  j({ applicant: { kind: "organization", main_keys_held: 9007199254740993 } }), j({ applicant: { kind: "organization", roles: "bidder" } }),
  j({ certificate: { expires_on: "0000-01-01" } }), j({ certificate: { expires_on: "9999-12-31" } }), j({ certificate: { issuer: "NOPE" } }),
  j({ as_of: "9999-12-31T23:59:59+08:00" }), j({ as_of: "0001-01-01T00:00:00-23:59" }), j({ as_of: 0 }),
  j({ submitted_documents: ["x".repeat(100000)] }), j({ submitted_documents: [1, 2] }), j({ region: "\u0000" }), j({ region: 630000 }), j({ region: "青海" }),
  j({ question: "evaluation", region: "152500", observations: { 1: "maybe" } }),
  j({ question: "evaluation", region: "152500", records: [{ channel: "onsite", received_at: "2026-11-21T10:00:00+08:00", completed_at: "2020-01-01T00:00:00+08:00" }] }),
  j({ question: "acceptance", certificate: { issuer: "CWCA", issued_in: "999999" } }),
  j({ explain: "yes" }), j({ unknown_field: true }),
];
let passed = 0, failed = 0;
/** Calls `f(arg)`; `want` checks its result (JSON text parsed, or the object itself). */
function call(name, f, arg, want = (v) => v !== null && typeof v === "object") {
  try {
    const out = f(arg);
    const v = typeof out === "string" ? JSON.parse(out) : out;
    if (v === null || typeof v !== "object") throw new Error("not a JSON object");
    if (!want(v)) throw new Error(`unexpected answer ${JSON.stringify(v).slice(0, 160)}`);
    passed++;
  } catch (e) {
    failed++;
    let shown;
    try { shown = JSON.stringify(String(arg).slice(0, 60)); } catch { shown = typeof arg; }
    console.log(`FAIL ${name}(${shown}): ${e && e.message ? e.message : e}`);
  }
}
const isError = (v) => wasm.isError(v) && v.error.code === "request.invalid" && typeof v.error.message === "string" && typeof v.error.message_zh === "string" && typeof v.error.path === "string";
for (const x of inputs) call("decideJson", wasm.decideJson, x);
for (const x of inputs) call("documentsJson", wasm.documentsJson, x);
for (const x of inputs) call("noticeJson", wasm.noticeJson, x);
// Not a string at all (a portal passing the object instead of its JSON text): the error
// object, never a trap ("memory access out of bounds") or a TypeError.
const notText = [undefined, null, 42, true, { region: "630000" }, ["630000"], () => 1, Symbol("x"), 10n];
for (const x of notText) call("decideJson", wasm.decideJson, x, isError);
for (const x of notText) call("documentsJson", wasm.documentsJson, x, isError);
for (const x of notText) call("noticeJson", wasm.noticeJson, x, isError);
for (const x of notText) call("schemaJson", wasm.schemaJson, x, isError);
for (const x of notText) call("factsJson", wasm.factsJson, x, isError);
for (const x of ["", "\u0000", "nope", "x".repeat(1000000)]) call("factsJson", wasm.factsJson, x, isError);
call("factsJson", wasm.factsJson, "630000", (v) => Array.isArray(v) && v.some((f) => f.fact === "bidding.closed"));
for (const x of ["", "\u0000", "x".repeat(1000000)]) call("schemaJson", wasm.schemaJson, x, isError);
for (const x of ["request", "response"]) call("schemaJson", wasm.schemaJson, x, (v) => typeof v.$schema === "string");
call("regionsJson", wasm.regionsJson, undefined, Array.isArray);
call("vocabularyJson", wasm.vocabularyJson);

// The typed API: the same inputs as values (parsed where they are JSON, else the text itself,
// which is not a request object), and values JSON cannot carry.
const asValue = (x) => {
  try {
    return JSON.parse(x);
  } catch {
    return x;
  }
};
for (const x of inputs) call("decide", wasm.decide, asValue(x));
for (const x of inputs) call("documents", wasm.documents, asValue(x));
const cyclic = { region: "630000" };
cyclic.self = cyclic;
const unwritable = [undefined, () => 1, Symbol("x"), 10n, cyclic, { years: 10n }];
for (const x of unwritable) call("decide", wasm.decide, x, isError);
for (const x of unwritable) call("documents", wasm.documents, x, isError);
for (const x of [null, 42, true, "630000", ["630000"], "x".repeat(100000)]) call("decide", wasm.decide, x, isError);
for (const x of [null, 42, true, "630000", ["630000"]]) call("documents", wasm.documents, x, isError);
for (const x of [...notText, "", "nope"]) call("schema", wasm.schema, x, isError);
for (const x of ["request", "response"]) call("schema", wasm.schema, x, (v) => typeof v.$schema === "string");
for (const x of [...notText, "", "nope"]) call("facts", wasm.facts, x, isError);
call("facts", wasm.facts, "630100", (v) => Array.isArray(v) && v.length > 0);
call("regions", wasm.regions, undefined, (v) => Array.isArray(v) && v.length > 0);
call("vocabulary", wasm.vocabulary, undefined, (v) => Array.isArray(v.service));
// A typed answer is the JSON-text answer, parsed.
const good = j({ channel: "onsite", certificate: { issuer: "BJCA", expires_on: "2026-12-10" }, bidding: { encrypted_bid_uploaded: true, closed: false } });
call("decide = JSON.parse(decideJson)", (x) => wasm.decide(JSON.parse(x)), good, (v) => JSON.stringify(v) === JSON.stringify(JSON.parse(wasm.decideJson(good))) && v.allowed === false);

// The request limits (docs/api.md, "Limits"): the error object at the right place, its
// message short (a 100 MB value is never echoed back); a byte order mark is ignored.
function refused(name, f, arg, path) {
  try {
    const v = JSON.parse(f(arg));
    const e = v && v.error;
    if (!e || e.code !== "request.invalid") throw new Error(`not the error object: ${JSON.stringify(v).slice(0, 200)}`);
    if (e.path !== path) throw new Error(`path ${JSON.stringify(e.path)}, expected ${JSON.stringify(path)}: ${e.message.slice(0, 200)}`);
    if (e.message.length > 200) throw new Error(`a message of ${e.message.length} characters`);
    passed++;
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err && err.message ? err.message : err}`);
  }
}
const huge = "6".repeat(100 * 1024 * 1024);
for (const [fname, f] of [["decideJson", wasm.decideJson], ["documentsJson", wasm.documentsJson]]) {
  refused(`${fname}: a 100 MB region`, f, j({ region: huge }), "");
  refused(`${fname}: a 2,000-byte region`, f, j({ region: "6".repeat(2000) }), "/region");
  refused(`${fname}: a 2,000-byte key`, f, j({ ["k".repeat(2000)]: 1 }), "");
  refused(`${fname}: 100,000 levels of nesting`, f, `{"region":"630000","together":${"[".repeat(100000)}${"]".repeat(100000)}}`, "");
  refused(`${fname}: 1,000,000 together items`, f, j({ together: new Array(1000000).fill({}) }), "");
  refused(`${fname}: 1,001 together items`, f, j({ together: new Array(1001).fill({}) }), "/together");
  refused(`${fname}: 1,001 observation keys`, f, j({ observations: Object.fromEntries([...Array(1001).keys()].map((i) => [String(i), true])) }), "/observations");
}
try {
  const v = JSON.parse(wasm.decideJson("\ufeff" + j({})));
  if (!v.region || v.region.code !== "630000") throw new Error(JSON.stringify(v).slice(0, 200));
  passed++;
} catch (e) { failed++; console.log(`FAIL decideJson: a byte order mark: ${e.message}`); }
try { if (typeof wasm.version() !== "string" || !wasm.version()) throw new Error("empty"); passed++; } catch (e) { failed++; console.log(`FAIL version: ${e.message}`); }
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
