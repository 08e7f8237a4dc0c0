#!/usr/bin/env node
// Compares the WebAssembly answers with the native engine's, request by request.
//   node tests/parity.mjs OUT/answers.jsonl --requests OUT/requests.jsonl
//   node tests/native-diff.mjs OUT/requests.jsonl OUT/answers.jsonl [CARULES_BINARY]
// Runs `CARULES_BINARY decide -` (default: ../target/debug/carules) on each request line and
// compares its JSON with the line of answers.jsonl as data (key order and whitespace aside).
// Prints `N passed, M failed`; exits 1 when any answer differs.
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const [reqFile, ansFile, binArg] = process.argv.slice(2);
if (!reqFile || !ansFile) {
  console.error("usage: node tests/native-diff.mjs REQUESTS.jsonl ANSWERS.jsonl [CARULES_BINARY]");
  process.exit(2);
}
const bin = binArg || resolve(here, "..", "..", "target", "debug", "carules");
if (!existsSync(bin)) {
  console.error(`native-diff.mjs: no native binary at ${bin} (cargo build first)`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const lines = (f) => readFileSync(f, "utf8").split("\n").filter((l) => l.trim() !== "");
const requests = lines(reqFile);
const answers = lines(ansFile);
let passed = 0, failed = 0;
if (requests.length !== answers.length) {
  failed++;
  console.log(`FAIL ${requests.length} requests but ${answers.length} answers`);
}
const n = Math.min(requests.length, answers.length);
for (let i = 0; i < n; i++) {
  const r = spawnSync(bin, ["decide", "-"], { input: requests[i], encoding: "utf8" });
  let native, wasm;
  try {
    native = JSON.parse(r.stdout);
    wasm = JSON.parse(answers[i]);
  } catch (e) {
    failed++;
    console.log(`FAIL line ${i + 1}: ${e.message} (native exit ${r.status}, stderr ${String(r.stderr).slice(0, 200)})`);
    continue;
  }
  if (isDeepStrictEqual(native, wasm)) passed++;
  else {
    failed++;
    console.log(`FAIL line ${i + 1}: the answers differ\n  request: ${requests[i].slice(0, 200)}\n  native:  ${JSON.stringify(native).slice(0, 300)}\n  wasm:    ${answers[i].slice(0, 300)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
