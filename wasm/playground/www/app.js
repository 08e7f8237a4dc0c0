// The carules playground: a rule file edited in the page, checked as it is typed (the
// checker's diagnostics, each moving the caret to its place), a request and a case file run
// against it by the interpreter, and the whole state shared in the URL's fragment
// (`#s=` + base64url of the deflate-raw compressed JSON, CompressionStream). The engine is
// the playground's own WebAssembly module (../pkg/carules_playground.js, built by
// wasm/playground/build.sh): JSON text in and out, never throws on bad input.

import init, * as engine from "../pkg/carules_playground.js";

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const rulesBox = /** @type {HTMLTextAreaElement} */ ($("rules"));
const requestBox = /** @type {HTMLTextAreaElement} */ ($("request"));
const casesBox = /** @type {HTMLTextAreaElement} */ ($("cases"));
const exampleSelect = /** @type {HTMLSelectElement} */ ($("example"));
const shareUrl = /** @type {HTMLInputElement} */ ($("share-url"));
const START = "630000-qinghai.carules";
/** The most a share link may unpack to (its text is the three boxes). */
const MAX_SHARED_BYTES = 4 << 20;
let fileName = START;

/** Element `tag` with text `text` and class `cls`. */
function el(tag, text = "", cls = "") {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** Calls `f` `ms` after the last of a burst of calls. */
function debounce(f, ms) {
  let t = 0;
  return () => { clearTimeout(t); t = setTimeout(f, ms); };
}

// --- the editor: line numbers, and a position (line, column in characters) → an offset ---
function drawGutter(badLines = new Set()) {
  const n = rulesBox.value.split("\n").length;
  const gutter = $("gutter");
  gutter.textContent = "";
  for (let i = 1; i <= n; i++) {
    const line = el("span", String(i), badLines.has(i) ? "bad" : "");
    gutter.append(line, "\n");
  }
  gutter.scrollTop = rulesBox.scrollTop;
}
rulesBox.addEventListener("scroll", () => { $("gutter").scrollTop = rulesBox.scrollTop; });

/** The UTF-16 offset of 1-based `line` and `column` (counted in characters, as the checker
 *  counts them) in `text`. */
function offsetOf(text, line, column) {
  let i = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  for (let c = 1; c < column && i < text.length && text[i] !== "\n"; c++) {
    i += text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  return i;
}

/** Selects the span of a diagnostic in the editor and scrolls to it. */
function goTo(d) {
  const text = rulesBox.value;
  const start = offsetOf(text, d.line, d.column);
  const end = Math.max(start, offsetOf(text, d.end_line ?? d.line, d.end_column ?? d.column));
  rulesBox.focus();
  rulesBox.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(rulesBox).lineHeight) || 18;
  rulesBox.scrollTop = Math.max(0, (d.line - 3) * lineHeight);
}

// --- checking ----------------------------------------------------------------------------
let rulesOk = false;

function showDiagnostics(diags) {
  const list = $("diagnostics");
  list.textContent = "";
  const bad = new Set();
  for (const d of diags) {
    const li = el("li", "", d.severity);
    const mine = d.file === "playground.carules";
    const where = mine ? `第 ${d.line} 行，第 ${d.column} 列` : `${d.file} 第 ${d.line} 行`;
    const label = `${where} · ${d.code} · ${d.message}`;
    if (mine) {
      bad.add(d.line);
      const b = el("button", label);
      b.type = "button";
      b.dataset.line = String(d.line);
      b.dataset.column = String(d.column);
      b.addEventListener("click", () => goTo(d));
      li.append(b);
    } else {
      li.append(el("span", label));
    }
    if (d.help) li.append(el("span", `提示：${d.help}`, "help"));
    list.append(li);
  }
  drawGutter(bad);
}

function check() {
  const t0 = performance.now();
  const diags = JSON.parse(engine.check(rulesBox.value));
  const ms = (performance.now() - t0).toFixed(0);
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.length - errors;
  rulesOk = errors === 0;
  const status = $("check-status");
  status.className = `status ${rulesOk ? "ok" : "bad"}`;
  const w = warnings ? `，${warnings} 个警告` : "";
  status.textContent = rulesOk ? `检查通过${w}（${ms} 毫秒）` : `${errors} 个错误${w}：点击错误可定位到规则文件中的位置`;
  showDiagnostics(diags);
  if (requestBox.value.trim()) runRequest();
}

// --- the request -------------------------------------------------------------------------
function verdictOf(answer) {
  if (answer.error) {
    const e = answer.error;
    return [e.code === "rules.invalid" ? "规则未通过检查，无法答复" : `请求有误：${e.message_zh || e.message}`, "deny"];
  }
  if (answer.not_regulated) return ["本地规定未涉及", "open"];
  if (answer.allowed === true) return ["可以办理", "ok"];
  if (answer.allowed === false) return ["不予办理", "deny"];
  if (answer.allowed === null) return ["还需确认", "open"];
  return ["已答复", "ok"];
}

function runRequest() {
  const text = engine.decide(rulesBox.value, requestBox.value);
  const answer = JSON.parse(text);
  const [label, cls] = verdictOf(answer);
  const v = $("verdict");
  v.textContent = label;
  v.className = `verdict ${cls}`;
  $("answer").textContent = JSON.stringify(answer, null, 2);
}

// --- the cases ---------------------------------------------------------------------------
function runCases() {
  const report = JSON.parse(engine.runCases(rulesBox.value, casesBox.value));
  const list = $("case-results");
  list.textContent = "";
  const summary = $("cases-summary");
  if (report.error) {
    summary.textContent = report.error.code === "rules.invalid" ? "规则未通过检查，无法运行用例" : `用例文件无法读取：${report.error.message}`;
    summary.className = "verdict deny";
    return;
  }
  summary.textContent = `通过 ${report.passed} 个，失败 ${report.failed} 个`;
  summary.className = `verdict ${report.failed ? "deny" : "ok"}`;
  for (const c of report.cases) {
    const li = el("li", `${c.passed ? "✓" : "✗"} ${c.name}`, c.passed ? "pass" : "fail");
    if (c.failure) li.append(el("span", c.failure, "failure"));
    list.append(li);
  }
}

// --- sharing: the state in the fragment ----------------------------------------------------
function toBase64url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pack(state) {
  const stream = new Blob([JSON.stringify(state)]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return toBase64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The state a fragment holds; throws on a fragment that is not one (or unpacks to more
 *  than MAX_SHARED_BYTES). */
async function unpack(fragment) {
  const stream = new Blob([fromBase64url(fragment)]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_SHARED_BYTES) {
      await reader.cancel();
      throw new Error("too large");
    }
    chunks.push(value);
  }
  const state = JSON.parse(await new Blob(chunks).text());
  for (const k of ["rules", "request", "cases"]) {
    if (typeof state[k] !== "string") throw new Error(`no ${k}`);
  }
  return state;
}

async function share() {
  const state = { v: 1, file: fileName, rules: rulesBox.value, request: requestBox.value, cases: casesBox.value };
  const url = new URL(location.href);
  url.hash = `s=${await pack(state)}`;
  history.replaceState(null, "", url);
  shareUrl.value = url.href;
  shareUrl.select();
  navigator.clipboard?.writeText(url.href).catch(() => {});
}

// --- start ---------------------------------------------------------------------------------
function loadExample(name) {
  const ex = JSON.parse(engine.example(name));
  if (ex.error) return false;
  fileName = ex.name;
  rulesBox.value = ex.rules;
  casesBox.value = ex.cases;
  requestBox.value = ex.request;
  exampleSelect.value = ex.name;
  return true;
}

async function restore() {
  const m = /^#s=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!m) return loadExample(START);
  try {
    const state = await unpack(m[1]);
    fileName = typeof state.file === "string" ? state.file : "";
    rulesBox.value = state.rules;
    requestBox.value = state.request;
    casesBox.value = state.cases;
    exampleSelect.value = fileName;
    $("engine-status").textContent = `规则引擎 carules ${engine.version()} 已就绪；已从分享链接恢复`;
    $("engine-status").classList.remove("failed");
    return true;
  } catch {
    loadExample(START);
    const status = $("engine-status");
    status.textContent = `规则引擎 carules ${engine.version()} 已就绪；分享链接无法读取，已载入内置示例`;
    status.classList.add("failed");
    return false;
  }
}

async function main() {
  try {
    await init();
  } catch (e) {
    const status = $("engine-status");
    status.textContent = `规则引擎加载失败：${e}`;
    status.classList.add("failed");
    return;
  }
  for (const ex of JSON.parse(engine.examples())) {
    const o = el("option", `${ex.name}（${ex.region.replace(/^region\s+/, "").replaceAll('"', "")}）`);
    o.value = ex.name;
    exampleSelect.append(o);
  }
  $("engine-status").textContent = `规则引擎 carules ${engine.version()} 已就绪`;
  await restore();
  check();
  const recheck = debounce(check, 250);
  rulesBox.addEventListener("input", () => { drawGutter(); recheck(); });
  requestBox.addEventListener("input", debounce(runRequest, 250));
  $("run-request").addEventListener("click", runRequest);
  $("run-cases").addEventListener("click", runCases);
  $("share").addEventListener("click", () => { share(); });
  exampleSelect.addEventListener("change", () => { if (loadExample(exampleSelect.value)) check(); });
  // A share link opened in this tab (share() itself replaces the address without this event).
  window.addEventListener("hashchange", () => { if (location.hash.startsWith("#s=")) restore().then(check); });
  document.body.dataset.ready = "true";
}

main();
