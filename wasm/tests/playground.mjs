#!/usr/bin/env node
// Browser test of the playground page (playground/www/) in real headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core), as e2e.mjs tests the portal: serves wasm/
// on 127.0.0.1, loads the page (青海's rule file, case file and first request, from the
// module's embedded files), types a misspelt fact and sees the located error (line, column,
// and a click that selects exactly the misspelt name), types the fix over that selection and
// gets the answer back, runs the case file, edits a rule so that the answer changes, and
// round-trips the state through a share URL; a broken share link falls back to the example.
// Saves tests/output/playground.png.
//
//   node tests/playground.mjs      (after wasm/playground/build.sh)
//   CHROMIUM=/path/to/chromium node tests/playground.mjs
//
// Prints `N passed, M failed` last; exits 1 on any failure.

import http from "node:http";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const outDir = join(here, "output");
const require = createRequire(import.meta.url);
const QINGHAI = readFileSync(join(root, "..", "rules", "630000-qinghai.carules"), "utf8");
const CASES = readFileSync(join(root, "..", "rules", "tests", "630000-qinghai.yaml"), "utf8");

let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? `: ${detail}` : ""}`); }
}
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm" };
function serve() {
  const server = http.createServer((req, res) => {
    try {
      let p = normalize(join(root, decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname)));
      if (p !== root && !p.startsWith(root + sep)) return res.writeHead(403).end();
      if (existsSync(p) && statSync(p).isDirectory()) p = join(p, "index.html");
      if (!existsSync(p)) return res.writeHead(404).end("not found");
      res.writeHead(200, { "content-type": MIME[extname(p)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(readFileSync(p));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((ok, ko) => { server.once("error", ko); server.listen(0, "127.0.0.1", () => ok(server)); });
}

if (!existsSync(join(root, "playground", "pkg", "carules_playground.js"))) {
  check("playground/pkg/ is built (run wasm/playground/build.sh)", false);
  finish(1);
}
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch (e) {
  check("playwright-core is installed (npm ci in wasm/)", false, e.message);
  finish(1);
}

const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/playground/www/`;
const profile = mkdtempSync(join(tmpdir(), "carules-playground-"));
mkdirSync(outDir, { recursive: true });
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath, headless: true, viewport: { width: 1400, height: 1000 }, locale: "zh-CN", timezoneId: "Asia/Shanghai",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"],
  });
} catch (e) {
  check(`Chromium starts (${executablePath})`, false, e.message.split("\n")[0]);
  server.close();
  rmSync(profile, { recursive: true, force: true });
  finish(1);
}

const offsite = [];
const consoleErrors = [];
/** The answer JSON the page shows. */
const answerOf = async (page) => JSON.parse(await page.textContent("#answer"));
const codes = (answer) => (answer.findings || []).map((f) => f.code);

async function open(url) {
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30000 });
  return page;
}

try {
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "blob:") return route.continue();
    offsite.push(u.href);
    return route.abort();
  });
  const page = await open(base);
  check("the playground loads in Chromium", true);
  check("the editor starts with 青海's rule file", (await page.inputValue("#rules")) === QINGHAI);
  check("the cases box starts with 青海's case file", (await page.inputValue("#cases")) === CASES);
  check("the shipped file checks", (await page.textContent("#check-status")).startsWith("检查通过"), await page.textContent("#check-status"));
  const first = await answerOf(page);
  check("the first case's request is answered: 不予办理 (四 注)", first.allowed === false && codes(first).includes("bidding.in_progress"), JSON.stringify(first).slice(0, 200));
  check("the verdict reads 不予办理", (await page.textContent("#verdict")) === "不予办理");

  // --- a broken rule: a misspelt fact, located ---
  const wrong = "bidding.encrypted_bid_uplodaed";
  const lines = QINGHAI.split("\n");
  const lineNo = lines.findIndex((l) => l.includes("when service in [renewal, change] and bidding.encrypted_bid_uploaded")) + 1;
  const column = lines[lineNo - 1].indexOf("bidding.encrypted_bid_uploaded") + 1;
  // Typed: the caret put right after `uplo` of the name on that line, then `d` deleted and
  // `dae` typed, as an author would misspell it.
  const at = QINGHAI.split("\n").slice(0, lineNo - 1).join("\n").length + 1 + lines[lineNo - 1].indexOf("uploaded") + "uploaded".length;
  await page.focus("#rules");
  await page.evaluate((i) => { const t = document.getElementById("rules"); t.setSelectionRange(i, i); }, at);
  for (let i = 0; i < 4; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type("daed");
  check("the typing made the misspelling", (await page.inputValue("#rules")).includes(wrong));
  const item = page.locator("#diagnostics li", { hasText: "E0101" }).first();
  await item.waitFor({ timeout: 10000 });
  const text = await item.innerText();
  check("the checker's error is shown with its line and column", text.includes(`第 ${lineNo} 行，第 ${column} 列`) && text.includes(wrong), text);
  check("the status counts the error", /^\d+ 个错误/.test(await page.textContent("#check-status")), await page.textContent("#check-status"));
  check("the line number is marked in the gutter", (await page.locator("#gutter .bad").allInnerTexts()).includes(String(lineNo)));
  check("no answer from rules that do not check", (await answerOf(page)).error?.code === "rules.invalid");
  await item.locator("button").click();
  const sel = await page.evaluate(() => { const t = document.getElementById("rules"); return t.value.slice(t.selectionStart, t.selectionEnd); });
  check("clicking the error selects the misspelt name", sel === wrong, JSON.stringify(sel));

  // --- the fix, typed over the selection ---
  await page.keyboard.type("bidding.encrypted_bid_uploaded");
  await page.waitForFunction(() => document.getElementById("check-status").textContent.startsWith("检查通过"), null, { timeout: 10000 });
  check("the fixed file checks", (await page.inputValue("#rules")) === QINGHAI);
  const fixed = await answerOf(page);
  check("the fixed rules answer the request again", fixed.allowed === false && codes(fixed).includes("bidding.in_progress"));

  // --- the case file ---
  await page.click("#run-cases");
  const n = CASES.split("\n").filter((l) => l.startsWith("- name:")).length;
  check(`the case file runs: 通过 ${n} 个，失败 0 个`, (await page.textContent("#cases-summary")) === `通过 ${n} 个，失败 0 个`, await page.textContent("#cases-summary"));

  // --- an edit that changes the answer: the ban lifted while bidding ---
  const lifted = QINGHAI.replace("and bidding.encrypted_bid_uploaded and not bidding.closed\n  note \"四 注", "and bidding.encrypted_bid_uploaded and bidding.closed\n  note \"四 注");
  await page.fill("#rules", lifted);
  await page.waitForFunction(() => !document.getElementById("verdict").textContent.includes("不予办理"), null, { timeout: 10000 }).catch(() => {});
  const edited = await answerOf(page);
  check("the edited rules answer the request: the ban no longer applies", !codes(edited).includes("bidding.in_progress") && edited.allowed !== false, JSON.stringify(edited).slice(0, 200));
  await page.click("#run-cases");
  check("the cases of the ban now fail", /失败 [1-9]\d* 个/.test(await page.textContent("#cases-summary")), await page.textContent("#cases-summary"));
  await page.screenshot({ path: join(outDir, "playground.png"), fullPage: true });

  // --- sharing ---
  const request = await page.inputValue("#request");
  await page.click("#share");
  await page.waitForFunction(() => document.getElementById("share-url").value.includes("#s="), null, { timeout: 10000 });
  const url = await page.inputValue("#share-url");
  check("the share URL holds the state in its fragment", url.startsWith(base) && /#s=[A-Za-z0-9_-]+$/.test(url), url.slice(0, 120));
  check("the share URL is compressed (shorter than the rule file)", url.length < lifted.length, `${url.length} vs ${lifted.length}`);
  const shared = await open(url);
  check("the shared page restores the rule file", (await shared.inputValue("#rules")) === lifted);
  check("the shared page restores the request and the cases", (await shared.inputValue("#request")) === request && (await shared.inputValue("#cases")) === CASES);
  check("the shared page answers as the page that shared it", JSON.stringify(await answerOf(shared)) === JSON.stringify(edited));
  await shared.close();

  const broken = await open(`${base}#s=AAAA-not-a-state`);
  check("a broken share link says so", (await broken.textContent("#engine-status")).includes("分享链接无法读取"));
  check("and loads the example instead", (await broken.inputValue("#rules")) === QINGHAI);
  // A share link followed in the same tab (only the fragment changes: no reload).
  await broken.evaluate((h) => { location.hash = h; }, new URL(url).hash);
  await broken.waitForFunction((n) => document.getElementById("rules").value.length === n, lifted.length, { timeout: 10000 }).catch(() => {});
  check("a share link followed in the same tab restores its state", (await broken.inputValue("#rules")) === lifted && (await broken.textContent("#engine-status")).includes("已从分享链接恢复"));
  await broken.close();

  check("no request left the machine", offsite.length === 0, offsite.join(" "));
  check("no console errors", consoleErrors.length === 0, consoleErrors.join(" | "));
} catch (e) {
  check("the test ran to the end", false, e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : String(e));
} finally {
  await context.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
finish();
