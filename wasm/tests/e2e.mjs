#!/usr/bin/env node
// Browser test of the portal page (www/) in real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core). Serves wasm/ itself on 127.0.0.1 (a free port), fills in a 青海
// (630000) organization renewal while an encrypted bid is uploaded and the transaction is
// open, and checks that the denial, its message and its citation are on screen; then the
// document checklist and an allowed case. Saves tests/output/portal.png.
//
//   node tests/e2e.mjs            (after wasm/build.sh)
//   CHROMIUM=/path/to/chromium node tests/e2e.mjs
//
// Prints `N passed, M failed` last; exits 1 on any failure.

import http from "node:http";
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assumedAndNotRegulated, hunanValidityAndForms, jilinRefund, regionFacts, scan } from "./e2e-facts.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const outDir = join(here, "output");
const require = createRequire(import.meta.url);
/** The control of a fact, by its full dotted path. */
const F = (path) => `#request-form [data-fact="${path}"]`;

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
function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}

// --- static server on loopback ----------------------------------------------------------
const MIME = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain; charset=utf-8",
  ".png": "image/png", ".svg": "image/svg+xml",
};
function serve() {
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let p = normalize(join(root, decodeURIComponent(url.pathname)));
      if (p !== root && !p.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(p) && statSync(p).isDirectory()) p = join(p, "index.html");
      if (!existsSync(p)) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": MIME[extname(p)] || "application/octet-stream", "cache-control": "no-store" });
      res.end(readFileSync(p));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((ok, ko) => {
    server.once("error", ko);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}

if (!existsSync(join(root, "pkg", "carules_wasm.js"))) {
  check("pkg/ is built (run wasm/build.sh)", false);
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
const port = server.address().port;
const base = `http://127.0.0.1:${port}`;
const profile = mkdtempSync(join(tmpdir(), "carules-e2e-"));
mkdirSync(outDir, { recursive: true });

let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
} catch (e) {
  check(`Chromium starts (${executablePath})`, false, e.message.split("\n")[0]);
  server.close();
  rmSync(profile, { recursive: true, force: true });
  finish(1);
}

const offsite = [];
const consoleErrors = [];
try {
  // The page may load nothing from outside this machine.
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "blob:") return route.continue();
    offsite.push(u.href);
    return route.abort();
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  await page.goto(`${base}/www/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  check("the engine loads in the page", true);

  const regionCount = await page.locator("#region option").count();
  check("regions() fills the region list", regionCount >= 6, `${regionCount} options`);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("form input, form select, #documents input")].filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id || el.name));
  check("every form control has a label", unlabelled.length === 0, unlabelled.join(", "));

  // --- 青海: organization renewal while an encrypted bid is uploaded, transaction open ---
  await page.selectOption("#region", "630000");
  await page.selectOption(F("service"), "renewal");
  await page.selectOption(F("channel"), "onsite");
  await page.selectOption(F("applicant.kind"), "organization");
  await page.check(`${F("applicant.roles")} input[value="bidder"]`);
  await page.selectOption(F("applicant.registered"), "true");
  await page.fill("#as_of", "2026-11-21T10:00");
  await page.selectOption(F("certificate.issuer"), "BJCA");
  await page.fill(F("certificate.expires_on"), "2026-12-10");
  await page.selectOption(F("certificate.key"), "main");
  await page.selectOption(F("bidding.encrypted_bid_uploaded"), "true");
  await page.selectOption(F("bidding.closed"), "false");
  await page.click("#submit");

  const sent = JSON.parse(await page.textContent("#raw-request"));
  check("as_of is sent in +08:00", sent.as_of === "2026-11-21T10:00:00+08:00", sent.as_of);
  check("the request carries the bidding state", sent.bidding && sent.bidding.encrypted_bid_uploaded === true && sent.bidding.closed === false, JSON.stringify(sent.bidding));

  const verdict = page.locator("#verdict");
  check("不予办理 is shown", (await verdict.textContent()).includes("不予办理"), await verdict.textContent());
  check("the verdict is visible", await verdict.isVisible());

  // The engine's own answer for the same request (the package under node), to compare the on-screen text.
  let expected = null;
  try {
    const wasm = await import(pathToFileURL(join(root, "pkg", "node.js")).href);
    expected = wasm.decide(sent);
  } catch (e) {
    check("the package's node entry answers the same request", false, e.message);
  }
  const want = expected && (expected.findings || []).find((f) => f.code === "bidding.in_progress");
  check("the engine denies with bidding.in_progress", !!want && expected.allowed === false);

  const finding = page.locator('#findings li.deny[data-code="bidding.in_progress"]');
  check("the bidding.in_progress finding is on screen", (await finding.count()) === 1 && (await finding.isVisible()));
  const ftext = (await finding.count()) ? await finding.innerText() : "";
  check("its message is shown", !!want && ftext.includes(want.message), ftext.slice(0, 120));
  check("its remedy is shown", !!want && (!want.remedy || ftext.includes(want.remedy)));
  check("its label from vocabulary() is shown", ftext.includes("招投标期间"));
  check("it cites the 青海 guide", ftext.includes("《青海省公共资源交易平台CA数字证书办理指南》"), ftext.slice(-80));
  check("it cites article 四 注", ftext.includes("四 注"));
  check("the badge says 不予办理", (await finding.locator(".badge").textContent()) === "不予办理");
  const oblige = page.locator('#findings li.oblige[data-code="bidding.in_progress"]');
  const wantOb = expected && (expected.obligations || []).find((o) => o.code === "bidding.in_progress");
  check("the obligation (撤回并重新上传) is shown as 须履行", !!wantOb && (await oblige.count()) === 1 && (await oblige.innerText()).includes(wantOb.message) && (await oblige.locator(".badge").textContent()) === "须履行");

  const citations = await page.locator("#citations").innerText();
  check("the citations list the 青海 guide", citations.includes("青海省公共资源交易平台CA数字证书办理指南") && citations.includes("四 注"));
  const fee = await page.locator("#fee").innerText();
  check("the fee is shown with its status", expected && fee.includes(expected.fee.status === "self_paid" ? "自行缴费" : "") && fee.includes("依据"), fee.slice(0, 80));
  check("the certificate media is shown", (await page.locator("#certificate").innerText()).includes("UKey"));
  check("the deadline block is shown", await page.locator("#deadline-block").isVisible());
  check("the office-hours block is shown", await page.locator("#hours-block").isVisible());
  const offices = await page.locator("#offices").innerText();
  const wantOffice = expected && (expected.offices || [])[0];
  check("the offices (办理地点) are shown with the answer's first office", !!wantOffice && (await page.locator("#offices-block").isVisible()) && offices.includes(wantOffice.name), offices.slice(0, 120));

  await scan(page, check, "青海 renewal denied");
  const sentKeys = JSON.stringify(sent);
  check("nothing is sent that was not chosen (no empty roles, no false defaults)", !sentKeys.includes("free_certificate_received") && !sentKeys.includes("delegated") && !("charged" in sent) && !("years" in sent), sentKeys);
  await page.screenshot({ path: join(outDir, "portal.png"), fullPage: true });
  check("screenshot saved", existsSync(join(outDir, "portal.png")));

  // --- 打印告知单: the engine's notice for the same request, in a print window ---
  let wantNotice = null;
  try {
    const wasm = await import(pathToFileURL(join(root, "pkg", "node.js")).href);
    wantNotice = wasm.notice(sent);
  } catch (e) {
    check("the package's node entry renders the notice", false, e.message);
  }
  check("the engine renders the notice", !!wantNotice && typeof wantNotice.html === "string" && wantNotice.html.includes("一次性告知单"));
  const [popup] = await Promise.all([context.waitForEvent("page", { timeout: 10000 }), page.click("#print-notice")]);
  await popup.waitForLoadState();
  await popup.waitForFunction(() => document.body && document.body.innerText.includes("一次性告知单"), null, { timeout: 10000 });
  const ntext = await popup.locator("body").innerText();
  check("打印告知单 opens the notice", ntext.includes("一次性告知单") && ntext.includes("青海省"), ntext.slice(0, 80));
  check("the notice says 不予办理 with the ban", ntext.includes("不予办理") && !!want && ntext.includes(want.message));
  check("the notice lists what to bring", ntext.includes("所需材料") && ntext.includes("法人授权委托书"));
  check("the notice cites 四 注", ntext.includes("四 注"));
  check("the notice has the clerk's signature line", ntext.includes("告知人（签字）"));
  check("the notice shows the time as 2026年11月21日 10:00", ntext.includes("2026年11月21日 10:00"));
  let refText = "";
  if (wantNotice && typeof wantNotice.html === "string") {
    const ref = await context.newPage();
    await ref.setContent(wantNotice.html);
    refText = await ref.locator("body").innerText();
    await ref.close();
  }
  check("the notice is the engine's for the form's request", refText !== "" && ntext === refText, `${ntext.length} vs ${refText.length} characters`);
  check("the notice prints on A4", (await popup.evaluate(() => document.querySelector("style")?.textContent || "")).includes("size: A4"));
  await popup.setViewportSize({ width: 794, height: 1123 });
  await popup.screenshot({ path: join(outDir, "notice.png"), fullPage: true });
  await popup.close();

  // --- the document checklist: ticking re-runs decide with submitted_documents ---
  const docs = page.locator("#documents input[type=checkbox]");
  const nDocs = await docs.count();
  check("the document checklist is listed", nDocs > 0 && !!expected && nDocs === (expected.documents || []).length, `${nDocs}`);
  if (nDocs > 0) {
    const firstId = await docs.first().getAttribute("value");
    await docs.first().check();
    const sent2 = JSON.parse(await page.textContent("#raw-request"));
    check("ticking sends submitted_documents", Array.isArray(sent2.submitted_documents) && sent2.submitted_documents.includes(firstId));
    const missing = await page.locator("#missing-list li").evaluateAll((els) => els.map((e) => e.dataset.id));
    check("the missing documents are listed", missing.length === nDocs - 1 && !missing.includes(firstId), missing.join(","));
    await page.screenshot({ path: join(outDir, "portal-checklist.png"), fullPage: true });
    const docsFinding = await page.locator('#findings li[data-code="documents.missing"]').count();
    check("a documents.missing finding is shown", nDocs === 1 || docsFinding === 1);
    for (let i = 0; i < nDocs; i++) await docs.nth(i).check();
    check("all ticked: 材料已齐全", (await page.locator("#missing").innerText()).includes("材料已齐全"));
  }

  // --- the transaction closed and online, the term chosen (青海 五: 1 or 2 years, no
  // default — the page asks for it): allowed ---
  await page.selectOption(F("bidding.closed"), "true");
  await page.selectOption(F("channel"), "online");
  await page.fill(F("years"), "1");
  await page.click("#submit");
  check("closed transaction, online: 允许办理", (await verdict.textContent()).includes("允许办理"), await verdict.textContent());
  check("no bidding.in_progress finding then", (await page.locator('#findings li.deny[data-code="bidding.in_progress"]').count()) === 0);

  // --- undetermined: the transaction's state not given → 还需确认, never 允许办理 ---
  await page.selectOption(F("channel"), "onsite");
  await page.selectOption(F("bidding.closed"), "");
  await page.click("#submit");
  const boxes = page.locator("#documents input[type=checkbox]");
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
  const vtext = await verdict.textContent();
  check("transaction state not given: 还需确认", vtext.includes("还需确认"), vtext);
  check("an undetermined answer is never shown as allowed", !vtext.includes("允许办理"), vtext);
  check("the page state is undetermined", (await page.getAttribute("body", "data-state")) === "undetermined");
  const need = page.locator('#needs li[data-fact="bidding.closed"]');
  check("the portal asks exactly for the missing fact", (await need.count()) === 1 && (await need.innerText()).includes("该项交易已结束"));
  check("the question cites 四 注", (await need.innerText()).includes("四 注"));
  check("the next question is shown first", (await page.locator("#next-question").isVisible()) && (await page.locator("#next-question").innerText()).includes("该项交易已结束"));
  await need.locator("button.need-label").click();
  check("the question leads to its control", (await page.evaluate(() => document.activeElement?.getAttribute("data-fact"))) === "bidding.closed");
  await scan(page, check, "还需确认");
  await page.screenshot({ path: join(outDir, "portal-undetermined.png"), fullPage: true });
  await need.locator('button[data-value="false"]').click();
  check("answering 否 decides it: 不予办理", (await verdict.textContent()).includes("不予办理"), await verdict.textContent());
  check("the answer is put in the form", (await page.inputValue(F("bidding.closed"))) === "false");

  // --- documents that depend on facts not given: each case, never 规定未列明 ---
  await page.selectOption(F("bidding.closed"), "true");
  await page.selectOption(F("channel"), "");
  await page.selectOption(F("certificate.issuer"), "");
  await page.click("#submit");
  const docsText = await page.locator("#docs-block").innerText();
  check("documents are listed by case when channel and issuer are not given", docsText.includes("若") && docsText.includes("证书签发机构") && docsText.includes("法人授权委托书"), docsText.slice(0, 160));
  check("the region is not said to list no documents", !(await page.locator("#docs-help").innerText()).includes("该地区规定未列明"));
  await page.screenshot({ path: join(outDir, "portal-branches.png"), fullPage: true });

  // --- every region's own facts, 吉林's refund, assumptions and 本地规定未涉及 ---
  const wasmNode = await import(pathToFileURL(join(root, "pkg", "node.js")).href);
  await regionFacts(page, check, wasmNode);
  await jilinRefund(page, check);
  await hunanValidityAndForms(page, check);
  await page.screenshot({ path: join(outDir, "portal-region.png"), fullPage: true });
  await assumedAndNotRegulated(context, base, check);

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
