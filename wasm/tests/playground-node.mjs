#!/usr/bin/env node
// The playground's WebAssembly module (playground/pkg/, after wasm/playground/build.sh) under
// node, without a browser: every shipped region file checks and passes its own case file in
// the module (the interpreter compiled to WebAssembly); a broken file gets the diagnostics
// `carules check --format json` gives for it (code, severity, line, column, message), when
// the native binary is built; bad input of every kind — not text, too large, nested too
// deep, YAML aliases, not JSON — is answered with an error, never a throw or a trap.
//
//   node tests/playground-node.mjs [path/to/carules]   (default ../target/debug/carules)
//
// Prints `N passed, M failed` last; exits 1 on any failure.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const pkg = join(root, "playground", "pkg");
let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`); }
}
function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
if (!existsSync(join(pkg, "carules_playground.js"))) {
  check("playground/pkg/ is built (run wasm/playground/build.sh)", false);
  finish();
}
const pg = await import(pathToFileURL(join(pkg, "carules_playground.js")).href);
pg.initSync({ module: readFileSync(join(pkg, "carules_playground_bg.wasm")) });
/** Calls `f`, parses its JSON; a throw (or a trap, which throws a RuntimeError) is a failure. */
function call(name, f) {
  try {
    return JSON.parse(f());
  } catch (e) {
    check(`${name} answers`, false, String(e));
    return null;
  }
}
const rules = (name) => readFileSync(join(root, "..", "rules", name), "utf8");

// --- every shipped region, checked and its cases run in the module ---
const examples = call("examples()", () => pg.examples());
check("examples() lists the shipped region files", Array.isArray(examples) && examples.length >= 16, JSON.stringify(examples)?.slice(0, 100));
for (const { name } of examples || []) {
  const ex = call(`example(${name})`, () => pg.example(name));
  const diags = call(`check(${name})`, () => pg.check(ex.rules));
  const errors = (diags || []).filter((d) => d.severity === "error");
  check(`${name} checks over the embedded prelude and calendar`, errors.length === 0, JSON.stringify(errors).slice(0, 300));
  if (!ex.cases) continue;
  const report = call(`runCases(${name})`, () => pg.runCases(ex.rules, ex.cases));
  // A parent's case file also tests its child regions (安徽's 宣城, 山东's 聊城), whose files a
  // file alone does not hold (as with `carules test rules/FILE`): those cases are answered by
  // the parent, saying so (asked_region.local_rules false), and may fail; every other passes.
  // The national layer's cases ask the provinces it answers for (山东), and 新疆's ask 阿勒泰
  // with 阿勒泰's own facts: alone in the module those requests name regions or fields the
  // file does not hold, and are refused as invalid; they are excused the same way.
  const asksBelow = new Set(["100000-national.carules", "650000-xinjiang.carules"]);
  const child = (c) =>
    c.answer?.asked_region?.local_rules === false || (asksBelow.has(name) && String(c.failure).startsWith("the request is invalid"));
  const bad = (report?.cases || []).filter((c) => !c.passed && !child(c)).map((c) => `${c.name}: ${c.failure}`);
  const own = (report?.cases || []).filter((c) => !child(c)).length;
  check(`${name}: its ${own} cases of its own region pass in the module`, report && bad.length === 0 && report.passed > 0, bad.slice(0, 2).join(" | "));
}

// --- a broken file: the same diagnostics as the native `carules check --format json` ---
const qinghai = rules("630000-qinghai.carules");
// A syntax error in one rule (bidding.in_progress) and a misspelt fact in another
// (bidding.reupload.tenderer): both reported.
const broken = qinghai
  .replace(/(finding bidding\.reupload\.tenderer \{[^}]*?)and bidding\.encrypted_bid_uploaded/, "$1and bidding.encrypted_bid_uplodaed")
  .replace("  deny bidding.in_progress", "  deny deny bidding.in_progress");
const mine = call("check(broken)", () => pg.check(broken)) || [];
check("a broken file has its errors, located", mine.some((d) => d.code === "E0101" && d.line > 1 && d.end_column > d.column) && mine.some((d) => d.code === "E0001"), JSON.stringify(mine).slice(0, 300));
const native = resolve(process.argv[2] || join(root, "..", "target", "debug", "carules"));
if (existsSync(native)) {
  const dir = mkdtempSync(join(tmpdir(), "carules-playground-"));
  const file = join(dir, "630000-qinghai.carules");
  writeFileSync(file, broken);
  let out = "";
  try {
    out = execFileSync(native, ["check", "--format", "json", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    out = e.stdout; // exit 1: the file has errors
  }
  rmSync(dir, { recursive: true, force: true });
  const key = (d) => JSON.stringify([d.code, d.severity, d.line, d.column, d.message, d.help ?? null]);
  const theirs = JSON.parse(out).filter((d) => d.file.endsWith("630000-qinghai.carules")).map(key);
  const ours = mine.filter((d) => d.file === "playground.carules").map(key);
  check("the module's diagnostics are the native checker's", theirs.length > 0 && JSON.stringify(theirs) === JSON.stringify(ours), `native ${theirs.join(" ")} / wasm ${ours.join(" ")}`);
} else {
  console.log(`skipped: native comparison (no ${native}: run cargo build first)`);
}

// --- bad input ---
const request = JSON.parse(call("example()", () => pg.example("630000-qinghai.carules")).request);
const errorCode = (v) => v?.error?.code;
for (const [name, f] of [
  ["check(undefined)", () => pg.check(undefined)],
  ["decide(1, {})", () => pg.decide(1, {})],
  ["runCases(null, 2)", () => pg.runCases(null, 2)],
  ["example(undefined)", () => pg.example(undefined)],
  ["example('nope')", () => pg.example("nope")],
  ["decide(rules, '{')", () => pg.decide(qinghai, "{")],
  ["runCases(rules, aliases)", () => pg.runCases(qinghai, "- &a {name: x}\n- *a\n")],
  ["runCases(rules, deep flow)", () => pg.runCases(qinghai, "[".repeat(100000))],
  ["runCases(rules, not a case list)", () => pg.runCases(qinghai, "just: text")],
]) {
  const v = call(name, f);
  check(`${name} is an error object`, errorCode(v) === "request.invalid", JSON.stringify(v)?.slice(0, 200));
}
check("decide(broken, request) is rules.invalid", errorCode(call("decide(broken)", () => pg.decide(broken, JSON.stringify(request)))) === "rules.invalid");
const deep = call("check(deep)", () => pg.check(`finding x {\n  when ${"(".repeat(200000)}true${")".repeat(200000)}\n}\n`));
check("a condition nested 200,000 deep is E0002, no trap", (deep || []).some((d) => d.code === "E0002"), JSON.stringify(deep)?.slice(0, 200));
const huge = call("check(2 MiB)", () => pg.check("#".repeat(2 << 20)));
check("a 2 MiB file is refused (E0501)", huge?.[0]?.code === "E0501", JSON.stringify(huge)?.slice(0, 200));
const after = call("decide(qinghai) after all that", () => pg.decide(qinghai, JSON.stringify(request)));
check("the module still answers after bad input", after?.allowed === false, JSON.stringify(after)?.slice(0, 200));
finish();
