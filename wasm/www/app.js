// Portal page for the carules WebAssembly checker. No build step: an ES module that imports
// the wasm-bindgen output (../pkg/, from wasm/build.sh). Every answer comes from the engine;
// the page only collects the request and lays out the response.

import init, { decide, regions, vocabulary, version } from "../pkg/carules_wasm.js";

const $ = (id) => document.getElementById(id);

/** Creates an element: h("p", {class: "x"}, "text", child, …). Text is never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Labels the vocabulary does not carry (fixed by the API contract).
const FEE_STATUS = { free: "免费", capped: "限价（最高不超过）", fixed: "固定收费", self_paid: "自行缴费（规定未设收费标准）", unspecified: "规定未涉及" };
const SEVERITY = { deny: "不予办理", warn: "注意", info: "提示" };
const PER = { year: "每年", item: "每项", once: "每次", key: "每把", certificate: "每张" };
const TRACE_RESULT = { applied: "适用", overridden: "被覆盖", not_applicable: "不适用", unknown: "信息不足", not_in_force: "未施行" };

let vocab = {};
let regionList = [];
const label = (kind, id) => (vocab[kind] || []).find((x) => x.id === id)?.label ?? id;

/** State of the document checklist: ticked ids; `touched` once the user ticked anything. */
const checklist = { ticked: new Set(), touched: false };

function options(select, items, { empty } = {}) {
  select.replaceChildren();
  if (empty !== undefined) select.append(h("option", { value: "" }, empty));
  for (const it of items) select.append(h("option", { value: it.id }, it.label));
}

function triState(select) {
  select.replaceChildren(h("option", { value: "" }, "未说明"), h("option", { value: "true" }, "是"), h("option", { value: "false" }, "否"));
}

function regionLabel(r) {
  return `${r.parent ? "\u3000" : ""}${r.name}（${r.code}）`;
}

/** Regions ordered parent first, children after their parent. */
function orderedRegions() {
  const top = regionList.filter((r) => !r.parent || !regionList.some((p) => p.code === r.parent));
  const out = [];
  const walk = (r) => {
    out.push(r);
    regionList.filter((c) => c.parent === r.code).forEach(walk);
  };
  top.forEach(walk);
  return out;
}

function fillServices() {
  const sel = $("service");
  const prev = sel.value;
  const region = regionList.find((r) => r.code === $("region").value);
  const offered = new Set(region ? region.services : []);
  const all = vocab.service || [];
  sel.replaceChildren();
  const inRegion = h("optgroup", { label: "本地区规定的业务" });
  const other = h("optgroup", { label: "本地区规则未涉及" });
  for (const s of all) (offered.has(s.id) ? inRegion : other).append(h("option", { value: s.id }, s.label));
  if (inRegion.children.length) sel.append(inRegion);
  if (other.children.length) sel.append(other);
  if ([...sel.options].some((o) => o.value === prev)) sel.value = prev;
}

/** "2026-11-21T10:00" (datetime-local) → "2026-11-21T10:00:00+08:00". */
function asOfValue(local) {
  if (!local) return null;
  const withSeconds = /T\d\d:\d\d$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}+08:00`;
}

/** Now in China Standard Time, for the datetime-local default. */
function nowInChina() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16);
}

function boolOf(id) {
  const v = $(id).value;
  return v === "" ? undefined : v === "true";
}

function buildRequest() {
  const req = { region: $("region").value, as_of: asOfValue($("as_of").value), question: "service", explain: true };
  req.service = $("service").value;
  if ($("channel").value) req.channel = $("channel").value;
  if ($("reason").value) req.reason = $("reason").value;
  const years = $("years").value.trim();
  if (years !== "") req.years = Number(years);

  const applicant = { kind: $("kind").value };
  applicant.roles = [...document.querySelectorAll("#roles input:checked")].map((c) => c.value);
  for (const f of ["registered", "in_expert_pool", "delegated", "free_certificate_received"]) {
    const b = boolOf(f);
    if (b !== undefined) applicant[f] = b;
  }
  const keys = $("main_keys_held").value.trim();
  if (keys !== "") applicant.main_keys_held = Number(keys);
  req.applicant = applicant;

  const cert = {};
  for (const f of ["issuer", "issued_in", "expires_on", "key", "media"]) if ($(f).value) cert[f] = $(f).value;
  for (const f of ["obtained_free", "used_in_bidding"]) {
    const b = boolOf(f);
    if (b !== undefined) cert[f] = b;
  }
  if (Object.keys(cert).length) req.certificate = cert;

  const bidding = {};
  for (const f of ["encrypted_bid_uploaded", "closed"]) {
    const b = boolOf(f);
    if (b !== undefined) bidding[f] = b;
  }
  if (Object.keys(bidding).length) req.bidding = bidding;

  const charged = $("charged").value.trim();
  if (charged !== "") req.charged = /^\d+$/.test(charged) ? `${charged}.00` : charged;
  if (checklist.touched) req.submitted_documents = [...checklist.ticked];
  return req;
}

function cite(source) {
  if (!source) return null;
  const doc = source.document || source.doc || "";
  return h("cite", { class: "source" }, doc, source.article ? ` ${source.article}` : "");
}

function show(id, on) {
  $(id).hidden = !on;
}

function money(a) {
  return a === null || a === undefined ? "—" : `¥${a}`;
}

function renderError(err) {
  $("verdict").className = "verdict error-verdict";
  $("verdict").textContent = "请求有误，无法判断";
  const box = $("error");
  box.hidden = false;
  box.replaceChildren(h("p", {}, err.message || "未知错误"), err.path ? h("p", { class: "meta" }, `位置：${err.path}`) : null);
  for (const b of ["findings-block", "fee-block", "docs-block", "deadline-block", "hours-block", "media-block", "cites-block"]) show(b, false);
}

function renderFindings(findings) {
  const ol = $("findings");
  ol.replaceChildren();
  for (const f of findings) {
    ol.append(
      h("li", { class: `finding ${f.severity}`, "data-code": f.code },
        h("p", { class: "finding-head" },
          h("span", { class: `badge ${f.severity}` }, SEVERITY[f.severity] || f.severity),
          " ",
          h("strong", {}, label("finding_code", f.code)),
          h("code", { class: "code" }, f.code)),
        h("p", { class: "message" }, f.message),
        f.remedy ? h("p", { class: "remedy" }, h("span", { class: "k" }, "办理建议："), f.remedy) : null,
        f.source ? h("p", { class: "cite-line" }, "依据：", cite(f.source)) : null));
  }
  show("findings-block", findings.length > 0);
}

function renderFee(fee) {
  const box = $("fee");
  box.replaceChildren();
  if (!fee) {
    show("fee-block", false);
    return;
  }
  const dl = h("dl", { class: "kv" },
    h("dt", {}, "收费方式"), h("dd", { "data-fee-status": fee.status }, FEE_STATUS[fee.status] || fee.status),
    h("dt", {}, "金额"), h("dd", { class: "amount" }, fee.amount === null ? "规定未设金额" : `${money(fee.amount)}（${fee.currency}）`));
  box.append(dl);
  if (fee.items && fee.items.length) {
    box.append(h("table", { class: "items" },
      h("caption", { class: "visually-hidden" }, "收费明细"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "项目"), h("th", { scope: "col" }, "单价"), h("th", { scope: "col" }, "数量"))),
      h("tbody", {}, fee.items.map((it) => h("tr", {}, h("td", {}, it.label), h("td", {}, `${money(it.amount)} ${PER[it.per] || it.per || ""}`), h("td", {}, String(it.quantity)))))));
  }
  for (const n of fee.notes || []) box.append(h("p", { class: "note" }, n));
  if (fee.source) box.append(h("p", { class: "cite-line" }, "依据：", cite(fee.source)));
  show("fee-block", true);
}

function renderDocuments(docs, missing) {
  const ul = $("documents");
  ul.replaceChildren();
  const ids = new Set((docs || []).map((d) => d.id));
  for (const id of [...checklist.ticked]) if (!ids.has(id)) checklist.ticked.delete(id);
  const missingSet = new Set(missing || []);
  for (const d of docs || []) {
    const cid = `doc-${d.id}`;
    const req = (d.requires || []).map((r) => label("requirement", r));
    const isMissing = missingSet.has(d.id);
    ul.append(h("li", { class: isMissing ? "doc missing-doc" : "doc" },
      h("input", { type: "checkbox", id: cid, value: d.id, checked: checklist.ticked.has(d.id), onchange: onTick }),
      h("label", { for: cid },
        h("span", { class: "doc-name" }, d.name),
        h("span", { class: "doc-meta" },
          d.copies ? `${d.copies}份` : null,
          req.length ? `${d.copies ? "，" : ""}${req.join("、")}` : null)),
      h("span", { class: "doc-cite" }, cite(d.source))));
  }
  const box = $("missing");
  box.replaceChildren();
  if (missing) {
    const byId = new Map((docs || []).map((d) => [d.id, d.name]));
    if (missing.length) {
      box.append(h("p", { class: "missing-head" }, `尚缺 ${missing.length} 项材料：`),
        h("ul", { id: "missing-list" }, missing.map((id) => h("li", { "data-id": id }, byId.get(id) || id))));
    } else {
      box.append(h("p", { class: "complete" }, "材料已齐全。"));
    }
  }
  if (docs === null || docs === undefined) {
    $("docs-help").textContent = "该地区规定未列明需提交的材料。";
    show("docs-block", true);
  } else if (docs.length === 0) {
    $("docs-help").textContent = "无需提交材料。";
    show("docs-block", true);
  } else {
    $("docs-help").textContent = "勾选已备齐的材料，系统会重新核对并列出尚缺的材料。";
    show("docs-block", true);
  }
}

function renderDeadline(dl) {
  const box = $("deadline");
  box.replaceChildren();
  if (!dl) {
    box.append(h("p", {}, "该情形规定未设办结时限。"));
  } else {
    box.append(h("dl", { class: "kv" },
      h("dt", {}, "应办结日期"), h("dd", {}, h("time", { datetime: dl.due }, dl.due_date), `（${dl.due.slice(11, 16)} 前）`),
      h("dt", {}, "规定"), h("dd", {}, dl.basis)),
      h("p", { class: "cite-line" }, "依据：", cite(dl.source)));
  }
  show("deadline-block", true);
}

function renderHours(oh) {
  const box = $("hours");
  box.replaceChildren();
  if (!oh) {
    box.append(h("p", {}, "规定未载明办公时间。"));
  } else {
    const open = oh.open_at_as_of === null ? "无法判断（工作日历未覆盖）" : oh.open_at_as_of ? "申请时间在办公时间内" : "申请时间不在办公时间内";
    box.append(h("dl", { class: "kv" },
      h("dt", {}, "作息"), h("dd", {}, oh.season_label),
      h("dt", {}, "时间"), h("dd", {}, oh.periods.join("，"), oh.working_days_only ? "（工作日）" : ""),
      h("dt", {}, "申请时"), h("dd", {}, open)));
    if (oh.assumption) box.append(h("p", { class: "note" }, oh.assumption));
    box.append(h("p", { class: "cite-line" }, "依据：", cite(oh.source)));
  }
  show("hours-block", true);
}

function renderCertificate(c) {
  const box = $("certificate");
  box.replaceChildren();
  if (!c) {
    box.append(h("p", {}, "规定未指定证书介质。"));
  } else {
    box.append(h("p", {}, "发放：", h("strong", {}, label("media", c.media))), h("p", { class: "cite-line" }, "依据：", cite(c.source)));
  }
  show("media-block", true);
}

function renderCitations(resp) {
  const seen = new Map();
  const add = (src, what) => {
    if (!src) return;
    const key = `${src.document || src.doc}\u0000${src.article || ""}`;
    if (!seen.has(key)) seen.set(key, { src, what: new Set() });
    seen.get(key).what.add(what);
  };
  for (const f of resp.findings || []) add(f.source, label("finding_code", f.code));
  if (resp.fee) add(resp.fee.source, "收费");
  for (const d of resp.documents || []) add(d.source, "材料");
  if (resp.deadline) add(resp.deadline.source, "办结时限");
  if (resp.office_hours) add(resp.office_hours.source, "办公时间");
  if (resp.certificate) add(resp.certificate.source, "证书介质");
  for (const t of resp.trace || []) if (t.result === "applied") add(t.source, "适用规则");
  const ul = $("citations");
  ul.replaceChildren();
  for (const { src, what } of seen.values()) ul.append(h("li", {}, cite(src), h("span", { class: "what" }, ` — ${[...what].join("、")}`)));
  const tbody = $("trace").querySelector("tbody");
  tbody.replaceChildren();
  for (const t of resp.trace || []) {
    tbody.append(h("tr", { class: `r-${t.result}` }, h("td", {}, h("code", {}, t.rule)), h("td", {}, TRACE_RESULT[t.result] || t.result), h("td", {}, cite(t.source))));
  }
  show("cites-block", seen.size > 0 || (resp.trace || []).length > 0);
}

function render(resp) {
  $("error").hidden = true;
  const region = resp.region ? `${resp.region.name}` : "";
  const svc = resp.service ? label("service", resp.service) : "";
  const v = $("verdict");
  v.className = `verdict ${resp.allowed ? "allowed" : "denied"}`;
  v.replaceChildren(h("span", { class: "big" }, resp.allowed ? "允许办理" : "不予办理"), h("span", { class: "ctx" }, `${region} · ${svc}`));
  renderFindings(resp.findings || []);
  renderFee(resp.fee);
  renderDocuments(resp.documents, resp.missing_documents);
  renderDeadline(resp.deadline);
  renderHours(resp.office_hours);
  renderCertificate(resp.certificate);
  renderCitations(resp);
}

function run() {
  const req = buildRequest();
  const text = JSON.stringify(req);
  $("raw-request").textContent = JSON.stringify(req, null, 2);
  let resp;
  try {
    resp = JSON.parse(decide(text));
  } catch (e) {
    resp = { error: { message: `引擎异常：${e && e.message ? e.message : e}`, path: "" } };
  }
  $("raw-response").textContent = JSON.stringify(resp, null, 2);
  if (resp.error) renderError(resp.error);
  else render(resp);
  document.body.dataset.state = resp.error ? "error" : resp.allowed ? "allowed" : "denied";
}

function onTick(ev) {
  const cb = ev.target;
  checklist.touched = true;
  if (cb.checked) checklist.ticked.add(cb.value);
  else checklist.ticked.delete(cb.value);
  run();
  const again = document.getElementById(cb.id);
  if (again) again.focus();
}

async function main() {
  await init();
  vocab = JSON.parse(vocabulary());
  regionList = JSON.parse(regions());
  $("version").textContent = ` 规则引擎 carules ${version()}。`;

  const regionSel = $("region");
  regionSel.replaceChildren(...orderedRegions().map((r) => h("option", { value: r.code }, regionLabel(r))));
  const issued = $("issued_in");
  issued.replaceChildren(h("option", { value: "" }, "未说明"), ...orderedRegions().map((r) => h("option", { value: r.code }, regionLabel(r))));
  fillServices();
  options($("channel"), vocab.channel || [], { empty: "未说明" });
  options($("reason"), vocab.reason || [], { empty: "无" });
  options($("kind"), vocab.kind || []);
  options($("issuer"), vocab.ca || [], { empty: "未说明" });
  options($("key"), vocab.key || [], { empty: "未说明" });
  options($("media"), vocab.media || [], { empty: "未说明" });
  document.querySelectorAll("select.tri").forEach(triState);
  const roles = $("roles");
  roles.replaceChildren(...(vocab.role || []).map((r) =>
    h("div", { class: "check" }, h("input", { type: "checkbox", id: `role-${r.id}`, name: "roles", value: r.id }), h("label", { for: `role-${r.id}` }, r.label))));
  $("as_of").value = nowInChina();

  const form = $("request-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
    $("result").focus();
  });
  form.addEventListener("change", (e) => {
    if (e.target === regionSel) fillServices();
    run();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      checklist.ticked.clear();
      checklist.touched = false;
      fillServices();
      $("as_of").value = nowInChina();
      run();
    });
  });
  $("engine-status").textContent = `规则引擎已加载，收录 ${regionList.length} 个地区的规定。`;
  document.body.dataset.ready = "true";
  run();
}

main().catch((e) => {
  $("engine-status").textContent = `规则引擎加载失败：${e && e.message ? e.message : e}`;
  $("engine-status").classList.add("failed");
});
