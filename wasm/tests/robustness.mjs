#!/usr/bin/env node
// Bad and extreme input to every export of pkg-node/: each call must return a JSON object
// (an answer or the spec's error object); a thrown exception or a trap is a failure.
//   node tests/robustness.mjs        (after wasm/build.sh)
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const wasm = require(join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "pkg-node", "carules_wasm.js"));

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
function call(name, f, arg) {
  try {
    const out = f(arg);
    const v = JSON.parse(out);
    if (v === null || typeof v !== "object") throw new Error("not a JSON object");
    passed++;
  } catch (e) {
    failed++;
    let shown;
    try { shown = JSON.stringify(String(arg).slice(0, 60)); } catch { shown = typeof arg; }
    console.log(`FAIL ${name}(${shown}): ${e && e.message ? e.message : e}`);
  }
}
for (const x of inputs) call("decide", wasm.decide, x);
for (const x of inputs) call("documents", wasm.documents, x);
// Not a string at all (a portal passing the object instead of its JSON text): the error
// object, never a trap ("memory access out of bounds") or a TypeError.
const notText = [undefined, null, 42, true, { region: "630000" }, ["630000"], () => 1, Symbol("x"), 10n];
for (const x of notText) call("decide", wasm.decide, x);
for (const x of notText) call("documents", wasm.documents, x);
for (const x of notText) call("schema", wasm.schema, x);
for (const x of ["", "request", "response", "\u0000", "x".repeat(1000000)]) call("schema", wasm.schema, x);
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
for (const [fname, f] of [["decide", wasm.decide], ["documents", wasm.documents]]) {
  refused(`${fname}: a 100 MB region`, f, j({ region: huge }), "");
  refused(`${fname}: a 2,000-byte region`, f, j({ region: "6".repeat(2000) }), "/region");
  refused(`${fname}: a 2,000-byte key`, f, j({ ["k".repeat(2000)]: 1 }), "");
  refused(`${fname}: 100,000 levels of nesting`, f, `{"region":"630000","together":${"[".repeat(100000)}${"]".repeat(100000)}}`, "");
  refused(`${fname}: 1,000,000 together items`, f, j({ together: new Array(1000000).fill({}) }), "");
  refused(`${fname}: 1,001 together items`, f, j({ together: new Array(1001).fill({}) }), "/together");
  refused(`${fname}: 1,001 observation keys`, f, j({ observations: Object.fromEntries([...Array(1001).keys()].map((i) => [String(i), true])) }), "/observations");
}
try {
  const v = JSON.parse(wasm.decide("\ufeff" + j({})));
  if (!v.region || v.region.code !== "630000") throw new Error(JSON.stringify(v).slice(0, 200));
  passed++;
} catch (e) { failed++; console.log(`FAIL decide: a byte order mark: ${e.message}`); }
call("regions", wasm.regions);
call("vocabulary", wasm.vocabulary);
try { if (typeof wasm.version() !== "string" || !wasm.version()) throw new Error("empty"); passed++; } catch (e) { failed++; console.log(`FAIL version: ${e.message}`); }
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
