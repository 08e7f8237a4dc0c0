#!/usr/bin/env node
// Times one decision in the WebAssembly build under node, JSON in -> JSON out, on the same
// 青海 renewal request as the native criterion bench (benches/qinghai-renewal.json).
//   node wasm/tests/bench.mjs [ROUNDS]
// Prints the cold start (load + compile + instantiate the module, then the first decide) and
// the median of ROUNDS rounds of 2,000 calls each, in microseconds per call.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const request = readFileSync(resolve(here, "..", "..", "benches", "qinghai-renewal.json"), "utf8");
const c0 = process.hrtime.bigint();
const wasm = await import(pathToFileURL(join(resolve(here, ".."), "pkg", "node.js")).href);
const c1 = process.hrtime.bigint();
const first = wasm.decideJson(request);
const c2 = process.hrtime.bigint();
console.log(`wasm cold start: ${(Number(c2 - c0) / 1e6).toFixed(2)} ms (load + instantiate ${(Number(c1 - c0) / 1e6).toFixed(2)} ms, ` +
  `first decide ${(Number(c2 - c1) / 1e6).toFixed(2)} ms; ${first.length} bytes)`);

const rounds = Number(process.argv[2] ?? 31);
const perRound = 2000;
let sink = 0;
for (let i = 0; i < 5000; i++) sink += wasm.decideJson(request).length; // warm-up
const times = [];
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) sink += wasm.decideJson(request).length;
  times.push(Number(process.hrtime.bigint() - t0) / 1000 / perRound);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`wasm decide (JSON in -> JSON out), node ${process.version}: median ${median.toFixed(2)} µs/call ` +
  `(min ${times[0].toFixed(2)}, max ${times[times.length - 1].toFixed(2)}; ${rounds} rounds x ${perRound}; ${sink > 0 ? "ok" : "?"})`);
