#!/usr/bin/env node
// The npm package as a user gets it: `npm pack` of pkg/ (wasm/build.sh), the tarball
// installed offline into a scratch project in a temporary directory, then
//   - node, ESM (`import … from "carules"`) and CommonJS (`require("carules")`): every export
//     called on real requests (examples/*.yaml), the answers compared with the native engine
//     (`carules decide -`, when target/debug/carules is built) and with the JSON-text API;
//   - TypeScript: a consumer file type-checked against the installed declarations, under
//     `moduleResolution` nodenext and bundler, including calls that must be rejected;
//   - headless Chromium: a bundler-free page whose import map points "carules" at
//     node_modules/carules/index.js, calling every export.
//
//   node tests/package.mjs        (after wasm/build.sh)
// Prints `N passed, M failed` last; exits 1 on any failure.
import { execFileSync, spawnSync } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = resolve(here, "..");
const repo = resolve(wasmDir, "..");
const pkgDir = join(wasmDir, "pkg");
const require = createRequire(import.meta.url);

let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`);
  }
}
const work = mkdtempSync(join(tmpdir(), "carules-package-"));
function finish() {
  rmSync(work, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
process.on("uncaughtException", (e) => {
  check("the test ran to the end", false, e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : String(e));
  finish();
});

if (!existsSync(join(pkgDir, "package.json"))) {
  check("pkg/package.json exists (run wasm/build.sh)", false);
  finish();
}
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const cargoVersion = readFileSync(join(repo, "Cargo.toml"), "utf8").match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
check("package.json: version is Cargo.toml's", manifest.version === cargoVersion, `${manifest.version} vs ${cargoVersion}`);
check("package.json: license as in Cargo.toml", manifest.license === "MIT OR Apache-2.0", manifest.license);
check("package.json: types, exports for node and browsers", manifest.types === "./index.d.ts" && !!manifest.exports?.["."]?.node && !!manifest.exports?.["."]?.default);

// --- npm pack, then install the tarball offline ------------------------------------------
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const packed = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: pkgDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }))[0];
const tarball = join(work, packed.filename);
const shipped = new Set(packed.files.map((f) => f.path));
check("npm pack makes a tarball", existsSync(tarball), packed.filename);
for (const f of manifest.files) check(`the tarball holds ${f}`, shipped.has(f));
check("the tarball holds nothing else", [...shipped].every((f) => f === "package.json" || manifest.files.includes(f)), [...shipped].join(" "));
console.log(`     tarball ${packed.filename}: ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);

const project = join(work, "portal");
mkdirSync(project);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch-portal", private: true, version: "0.0.0" }, null, 2));
const install = spawnSync(npm, ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: project, encoding: "utf8" });
check("npm install --offline of the tarball", install.status === 0, (install.stderr || "").slice(0, 300));
const installed = join(project, "node_modules", "carules");
check("installed as node_modules/carules", existsSync(join(installed, "carules_wasm_bg.wasm")));

// --- the requests: the examples, as a portal would build them ----------------------------
const YAML = require("yaml");
const request = YAML.parse(readFileSync(join(repo, "examples", "qinghai-renewal-during-bidding.yaml"), "utf8"));
const query = YAML.parse(readFileSync(join(repo, "examples", "liaocheng-documents.yaml"), "utf8"));
writeFileSync(join(project, "inputs.json"), JSON.stringify({ request, query }));

// The native engine's answers, when it is built: the package must answer the same. The
// documents answer is the documents part of the service answer to the same query.
const native = join(repo, "target", "debug", "carules");
const nativeDecide = (input) => {
  if (!existsSync(native)) return null;
  const r = spawnSync(native, ["decide", "-"], { input: JSON.stringify(input), encoding: "utf8" });
  return JSON.parse(r.stdout);
};
function documentsPart(a) {
  if (!a) return null;
  const out = { region: a.region };
  if (a.asked_region) out.asked_region = a.asked_region;
  Object.assign(out, { service: a.service, documents: a.documents, documents_info: a.documents_info });
  const needs = (a.needs || []).filter((n) => n.affects.includes("documents"));
  if (needs.length) out.needs = needs;
  if (a.branches && a.branches.documents) out.branches = { documents: a.branches.documents };
  out.findings = a.findings;
  if (a.offices && a.offices.length) out.offices = a.offices;
  return out;
}
const expected = { decide: nativeDecide(request), documents: documentsPart(nativeDecide(query)) };
if (!expected.decide) console.log(`     (no ${native}: answers are not compared with the native engine)`);

// Every export called on the inputs, into `out` (the same in node and in the browser page).
const CALLS = `
out.ready = api.isReady();
out.version = api.version();
out.decide = api.decide(request);
out.decideJson = JSON.parse(api.decideJson(JSON.stringify(request)));
out.documents = api.documents(query);
out.documentsJson = JSON.parse(api.documentsJson(JSON.stringify(query)));
out.regions = api.regions();
out.regionsJson = JSON.parse(api.regionsJson());
out.vocabulary = api.vocabulary();
out.vocabularyJson = JSON.parse(api.vocabularyJson());
out.facts = api.facts("吉林");
out.factsJson = JSON.parse(api.factsJson("220000"));
out.factsBad = api.facts("nope");
out.schemaRequest = api.schema("request");
out.schemaResponse = api.schema("response");
out.schemaJson = JSON.parse(api.schemaJson("response"));
out.schemaBad = api.schema("nope");
out.bad = [api.decide({ region: "630000" }), api.decide(undefined), api.decide(null), api.decide(10n), api.documents("not an object"), JSON.parse(api.decideJson("{"))];
out.isError = [api.isError(out.bad[0]), api.isError(out.decide)];
`;

// One script, run as ESM and as CommonJS: calls every export and reports what it got.
const probe = (load) => `
${load}
const { request, query } = JSON.parse(fs.readFileSync(__dir + "/inputs.json", "utf8"));
const out = { exports: Object.keys(api).sort() };
(async () => {
  await api.default();
${CALLS}  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;
writeFileSync(join(project, "esm.mjs"), probe(`import * as api from "carules";\nimport fs from "node:fs";\nconst __dir = import.meta.dirname ?? new URL(".", import.meta.url).pathname;`));
writeFileSync(join(project, "cjs.cjs"), probe(`const api = require("carules");\nconst fs = require("node:fs");\nconst __dir = __dirname;`));

const exportsWanted = ["decide", "decideJson", "default", "documents", "documentsJson", "facts", "factsJson", "initSync", "isError", "isReady", "notice", "noticeJson", "regions", "regionsJson", "schema", "schemaJson", "version", "vocabulary", "vocabularyJson"];
let esmOut = null;
for (const [kind, file] of [["ESM", "esm.mjs"], ["CommonJS", "cjs.cjs"]]) {
  const r = spawnSync(process.execPath, [file], { cwd: project, encoding: "utf8" });
  let out = null;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    check(`node ${kind}: the script runs`, false, `exit ${r.status}: ${(r.stderr || "").slice(0, 400)}`);
    continue;
  }
  check(`node ${kind}: nothing on stderr (no warning)`, (r.stderr || "") === "", (r.stderr || "").slice(0, 200));
  verify(`node ${kind}`, out);
  if (kind === "ESM") esmOut = out;
}

/** Checks what one environment's probe got. */
function verify(where, out) {
  const names = out.exports.filter((n) => n !== "module.exports" && n !== "__esModule");
  check(`${where}: exports exactly ${exportsWanted.length} functions`, isDeepStrictEqual(names, exportsWanted), names.join(","));
  check(`${where}: isReady() after init`, out.ready === true);
  check(`${where}: version() is the package version`, out.version === manifest.version, out.version);
  const d = out.decide;
  check(`${where}: decide denies the 青海 renewal during bidding`, d && d.allowed === false && (d.findings || []).some((f) => f.code === "bidding.in_progress"), JSON.stringify(d).slice(0, 200));
  check(`${where}: decide cites 四 注 of the 青海 guide`, (d.findings || []).some((f) => f.code === "bidding.in_progress" && f.source && String(f.source.article).includes("四")));
  check(`${where}: decideJson answers the same`, isDeepStrictEqual(out.decideJson, d));
  if (expected.decide) check(`${where}: decide answers as the native engine`, isDeepStrictEqual(d, expected.decide));
  const docs = out.documents;
  check(`${where}: documents lists 聊城's change documents`, docs && docs.region && docs.region.code === "371500" && Array.isArray(docs.documents) && docs.documents.length > 0, JSON.stringify(docs).slice(0, 200));
  check(`${where}: documentsJson answers the same`, isDeepStrictEqual(out.documentsJson, docs));
  if (expected.documents) check(`${where}: documents answers as the native engine`, isDeepStrictEqual(docs, expected.documents));
  check(`${where}: regions lists 青海 630000`, Array.isArray(out.regions) && out.regions.some((r) => r.code === "630000" && r.name === "青海省"));
  check(`${where}: regionsJson answers the same`, isDeepStrictEqual(out.regionsJson, out.regions));
  check(`${where}: vocabulary labels the services`, (out.vocabulary.service || []).some((s) => s.id === "renewal" && typeof s.label === "string" && s.label !== ""));
  check(`${where}: vocabularyJson answers the same`, isDeepStrictEqual(out.vocabularyJson, out.vocabulary));
  check(`${where}: facts lists 吉林's refund.service with its choices`, Array.isArray(out.facts) && out.facts.some((f) => f.fact === "refund.service" && f.path === "/refund/service" && f.region === "220000" && (f.choices || []).some((c) => c.id === "refund")));
  check(`${where}: factsJson answers the same`, isDeepStrictEqual(out.factsJson, out.facts));
  check(`${where}: facts("nope") is the error object`, out.factsBad?.error?.code === "request.invalid");
  check(`${where}: schema("request") is a JSON Schema with region`, out.schemaRequest.title === "carules request" && !!out.schemaRequest.properties.region);
  check(`${where}: schema("response") is the committed schema`, isDeepStrictEqual(out.schemaResponse, JSON.parse(readFileSync(join(repo, "schemas", "response.schema.json"), "utf8"))));
  check(`${where}: schemaJson answers the same`, isDeepStrictEqual(out.schemaJson, out.schemaResponse));
  check(`${where}: schema("nope") is the error object`, out.schemaBad?.error?.code === "request.invalid");
  const bad = out.bad || [];
  check(`${where}: bad input gives the error object, never throws`, bad.length === 6 && bad.every((b) => b && b.error && b.error.code === "request.invalid" && typeof b.error.message === "string" && typeof b.error.message_zh === "string" && typeof b.error.path === "string"), JSON.stringify(bad).slice(0, 300));
  check(`${where}: isError tells errors from answers`, isDeepStrictEqual(out.isError, [true, false]));
}

// --- TypeScript: the installed declarations, as a consumer sees them --------------------
const tsc = join(wasmDir, "node_modules", ".bin", "tsc");
if (!existsSync(tsc)) {
  console.log("     (typescript is not installed in wasm/node_modules: the declarations are not checked)");
} else {
  writeFileSync(join(project, "consumer.ts"), `
import init, { decide, documents, regions, vocabulary, schema, version, decideJson, isError } from "carules";
import type { Request, Answer, ApiError, DocumentsAnswer, Region, ServiceResponse } from "carules";

export async function main(): Promise<string> {
  await init();
  const request: Request = { region: "630000", as_of: "2026-11-21T10:00:00+08:00", service: "renewal", applicant: { kind: "organization", roles: ["bidder"] } };
  const answer: Answer | ApiError = decide(request);
  if (isError(answer)) return answer.error.message;
  const allowed: boolean | null | undefined = answer.question === "service" ? answer.allowed : undefined;
  const service: ServiceResponse | null = answer.question === "service" ? answer : null;
  const docs: DocumentsAnswer | ApiError = documents({ region: "371500", service: "change", applicant: { kind: "organization" } });
  const names: string[] = isError(docs) ? [] : (docs.documents ?? []).map((d) => d.name);
  const rs: Region[] = regions();
  const labels: string = (vocabulary()["service"] ?? []).map((l) => l.label).join();
  const text: string = decideJson(JSON.stringify(request));
  void schema("request");
  // @ts-expect-error an unknown applicant kind is not a Request
  decide({ region: "630000", applicant: { kind: "alien" } });
  // @ts-expect-error a field the request does not have
  decide({ region: "630000", unknown_field: true });
  // @ts-expect-error decideJson takes JSON text
  decideJson(request);
  return [version(), String(allowed), service?.fee.status, names.join(), rs.length, labels, text.length].join(" ");
}
`);
  for (const resolution of ["nodenext", "bundler"]) {
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "es2022", module: resolution === "bundler" ? "esnext" : "nodenext", moduleResolution: resolution, lib: ["es2022", "dom"], types: [], strict: true, noEmit: true, skipLibCheck: false },
      files: ["consumer.ts"],
    }));
    const r = spawnSync(tsc, ["-p", "."], { cwd: project, encoding: "utf8" });
    check(`TypeScript (${resolution}): the installed declarations type a consumer, and reject wrong calls`, r.status === 0, `${r.stdout}${r.stderr}`.slice(0, 600));
  }
}

// --- headless Chromium: a bundler-free page with an import map --------------------------
await browser();
finish();

async function browser() {
  if (process.env.CARULES_NO_BROWSER) {
    console.log(`skipped: headless Chromium: ${process.env.CARULES_NO_BROWSER}`);
    return;
  }
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    check(`Chromium is installed (${executablePath}; tests/install-browser.sh)`, false);
    return;
  }
  let chromium;
  try {
    ({ chromium } = require("playwright-core"));
  } catch (e) {
    check("playwright-core is installed (npm ci in wasm/)", false, e.message);
    return;
  }
  writeFileSync(join(project, "index.html"), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>carules package</title>
<script type="importmap">{"imports": {"carules": "./node_modules/carules/index.js"}}</script>
<script type="module">
import init, * as api from "carules";
const inputs = await (await fetch("./inputs.json")).json();
const { request, query } = inputs;
const out = { exports: Object.keys(api).sort() };
out.readyBefore = api.isReady();
try { api.decide(request); out.before = "answered"; } catch (e) { out.before = String(e.message); }
await init();
${CALLS}window.result = out;
document.body.dataset.done = "true";
</script></head><body></body></html>`);
  const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json" };
  const server = http.createServer((req, res) => {
    const p = normalize(join(project, decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname)));
    if (!p.startsWith(project + sep) || !existsSync(p) || statSync(p).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(p)] || "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(p));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const profile = join(work, "chromium-profile");
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const offsite = [];
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === "127.0.0.1") return route.continue();
      offsite.push(u.href);
      return route.abort();
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitForSelector("body[data-done=true]", { timeout: 20000 }).catch(() => {});
    const out = await page.evaluate(() => /** @type {any} */ (window).result ?? null);
    check("Chromium: the import-map page ran", out !== null, errors.join(" | "));
    if (out) {
      check("Chromium: a call before init() throws a clear error", out.readyBefore === false && /await init\(\)/.test(out.before), out.before);
      verify("Chromium", out);
      if (esmOut) check("Chromium: the same answers as node", isDeepStrictEqual(out.decide, esmOut.decide) && isDeepStrictEqual(out.documents, esmOut.documents));
    }
    check("Chromium: no request left the machine", offsite.length === 0, offsite.join(" "));
    check("Chromium: no page errors", errors.length === 0, errors.join(" | "));
  } catch (e) {
    check("Chromium: the page test ran", false, e && e.message ? e.message.split("\n")[0] : String(e));
  } finally {
    if (context) await context.close().catch(() => {});
    server.close();
  }
}
