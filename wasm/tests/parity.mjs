#!/usr/bin/env node
// Parity of the WebAssembly build (the npm package's node entry, pkg/node.js) with the native
// engine.
//
// Mode 1 — the shipped cases:
//   node tests/parity.mjs ANSWERS.jsonl [--requests REQUESTS.jsonl] [--cases DIR]
//   For every case in DIR (default: rules/tests/*.yaml, files in name order, cases in file
//   order) calls decideJson(JSON.stringify(request)) and writes each answer, exactly as decideJson
//   returned it, as one line of ANSWERS.jsonl. With --requests, also writes each request as
//   one JSON line, in the same order, so the native side can answer the very same text
//   (`carules::host::decide(line)` per line) and CI can diff the two answer files.
//
// Mode 2 — a JSON-lines file of requests:
//   node tests/parity.mjs --from REQUESTS.jsonl ANSWERS.jsonl
//   Each non-empty line is passed to decideJson() as it is (not re-serialized).
//
// A failure is a thrown exception (a trap included) or an answer that is not JSON.
// The last line printed is `N passed, M failed`; the exit code is 1 when M > 0.

import { createRequire } from "node:module";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = resolve(here, "..");
const require = createRequire(import.meta.url);

function usage(msg) {
  if (msg) console.error(`parity.mjs: ${msg}`);
  console.error("usage: node tests/parity.mjs ANSWERS.jsonl [--requests REQUESTS.jsonl] [--cases DIR]\n" +
    "       node tests/parity.mjs --from REQUESTS.jsonl ANSWERS.jsonl");
  process.exit(2);
}

const args = process.argv.slice(2);
let from = null, requestsOut = null, casesDir = resolve(wasmDir, "..", "rules", "tests"), out = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--from") from = args[++i] ?? usage("--from needs a file");
  else if (a === "--requests") requestsOut = args[++i] ?? usage("--requests needs a file");
  else if (a === "--cases") casesDir = resolve(args[++i] ?? usage("--cases needs a directory"));
  else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (out === null) out = a;
  else usage(`unexpected argument ${a}`);
}
if (out === null) usage("the answers file is required");

let wasm;
try {
  wasm = await import(pathToFileURL(join(wasmDir, "pkg", "node.js")).href);
} catch (e) {
  console.error(`parity.mjs: cannot load pkg/node.js (run wasm/build.sh first): ${e.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

/** @type {{label: string, text: string}[]} */
const inputs = [];
if (from !== null) {
  const lines = readFileSync(from, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line.trim() !== "") inputs.push({ label: `${from}:${i + 1}`, text: line });
  });
} else {
  const YAML = require("yaml");
  const files = readdirSync(casesDir).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  for (const f of files) {
    const doc = YAML.parse(readFileSync(join(casesDir, f), "utf8"));
    const cases = Array.isArray(doc) ? doc : [];
    cases.forEach((c, i) => {
      if (c && typeof c === "object" && "request" in c) {
        inputs.push({ label: `${f} #${i + 1} ${c.name ?? ""}`.trim(), text: JSON.stringify(c.request) });
      }
    });
  }
}

let passed = 0, failed = 0;
const answers = [];
for (const { label, text } of inputs) {
  let answer;
  try {
    answer = wasm.decideJson(text);
  } catch (e) {
    failed++;
    console.error(`FAIL ${label}: threw ${e && e.message ? e.message : e}`);
    answers.push(JSON.stringify({ error: { code: "wasm.threw", message: String(e && e.message ? e.message : e), path: "" } }));
    continue;
  }
  try {
    if (typeof answer !== "string") throw new Error(`answer is a ${typeof answer}, not a string`);
    const v = JSON.parse(answer);
    if (v === null || typeof v !== "object") throw new Error("answer is not a JSON object");
    if (answer.includes("\n")) throw new Error("answer spans lines");
  } catch (e) {
    failed++;
    console.error(`FAIL ${label}: ${e.message}`);
    answers.push(JSON.stringify({ error: { code: "wasm.not_json", message: e.message, path: "" } }));
    continue;
  }
  passed++;
  answers.push(answer);
}

mkdirSync(dirname(resolve(out)), { recursive: true });
writeFileSync(out, answers.map((a) => a + "\n").join(""));
if (requestsOut !== null) {
  mkdirSync(dirname(resolve(requestsOut)), { recursive: true });
  writeFileSync(requestsOut, inputs.map((x) => x.text + "\n").join(""));
}
console.error(`parity.mjs: carules ${wasm.version()}, ${inputs.length} request(s), answers in ${out}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
