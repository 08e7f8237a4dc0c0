// @ts-check
// Portal page for the carules WebAssembly checker. No build step: an ES module that imports
// the npm package `carules` (../pkg/, from wasm/build.sh) through the page's import map, and
// uses its typed API (objects in, objects out). Every answer comes from the engine; the page
// only collects the request and lays out the response. Type-checked by `tsc -p www`
// (www/tsconfig.json) against the package's declarations.

import init, { decide, facts, isError, notice, regions, vocabulary, version } from "carules";
import { $, cite, h, show } from "./dom.js";
import { buildControls, controlOf, onSetTick, put, valueOf } from "./facts.js";
import { extras, focusFact, renderAssumed, renderNeeds, verdictOf } from "./questions.js";

/** @typedef {import("carules").Request} Request */
/** @typedef {import("carules").ServiceResponse} ServiceResponse */
/** @typedef {import("carules").Region} Region */
/** @typedef {import("carules").Vocabulary} Vocabulary */
/** @typedef {import("carules").Label} Label */
/** @typedef {import("carules").SourceOut} SourceOut */
/** @typedef {import("carules").Finding} Finding */
/** @typedef {import("carules").Obligation} Obligation */
/** @typedef {import("carules").FactInfo} FactInfo */
/** @typedef {import("carules").Fee} Fee */
/** @typedef {import("carules").DocumentOut} DocumentOut */
/** @typedef {import("carules").DocumentsInfo} DocumentsInfo */
/** @typedef {import("carules").Deadline} Deadline */
/** @typedef {import("carules").OfficeHours} OfficeHours */
/** @typedef {import("carules").CertificateOut} CertificateOut */
/** @typedef {{condition?: string | null, still_needs?: string[] | null}} AnyBranch the common part of every branch */

/** A form control of the page, by id. */
const field = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/** @type {Vocabulary} */
let vocab = {};
/** @type {Region[]} */
let regionList = [];
/** The facts a request for the chosen region may give (`facts(region)`). @type {FactInfo[]} */
let factList = [];
/** The zh-CN label of a fact by its dotted path (never the path itself). */
const factLabel = (/** @type {string} */ path) => factList.find((f) => f.fact === path)?.label ?? "其他信息";
// Labels: the rule set's vocabulary and the engine's own values (`answer.*`), one table
// shared with the CLI text view.
const label = (/** @type {string} */ kind, /** @type {string | boolean} */ id) => (vocab[kind] || []).find((x) => x.id === id)?.label ?? String(id);

/** State of the document checklist: ticked ids; `touched` once the user ticked anything. */
const checklist = { ticked: /** @type {Set<string>} */ (new Set()), touched: false };

/**
 * @param {HTMLElement} select
 * @param {Label[]} items
 * @param {{empty?: string}} [opts]
 */
function options(select, items, { empty } = {}) {
  select.replaceChildren();
  if (empty !== undefined) select.append(h("option", { value: "" }, empty));
  for (const it of items) select.append(h("option", { value: it.id }, it.label));
}

function regionLabel(/** @type {Region} */ r) {
  return `${r.parent ? "\u3000" : ""}${r.name}（${r.code}）`;
}

/** Regions ordered parent first, children after their parent. */
function orderedRegions() {
  const top = regionList.filter((r) => !r.parent || !regionList.some((p) => p.code === r.parent));
  /** @type {Region[]} */
  const out = [];
  const walk = (/** @type {Region} */ r) => {
    out.push(r);
    regionList.filter((c) => c.parent === r.code).forEach(walk);
  };
  top.forEach(walk);
  return out;
}

function fillServices() {
  const sel = /** @type {HTMLSelectElement} */ ($("service"));
  const prev = sel.value;
  const region = regionList.find((r) => r.code === field("region").value);
  const offered = new Set(region ? region.services : []);
  const all = factList.find((f) => f.fact === "service")?.choices || [];
  sel.replaceChildren();
  const inRegion = h("optgroup", { label: "本地区规定的业务" });
  const other = h("optgroup", { label: "本地区规则未涉及" });
  for (const s of all) (offered.has(String(s.id)) ? inRegion : other).append(h("option", { value: String(s.id) }, s.label));
  if (inRegion.children.length) sel.append(inRegion);
  if (other.children.length) sel.append(other);
  if ([...sel.options].some((o) => o.value === prev)) sel.value = prev;
}

/** The national layer's region code (GB/T 2260 100000, 中华人民共和国). */
const NATIONAL = "100000";

/** The chosen region's facts, its service list and the controls of its facts. */
function loadRegion() {
  const got = facts(field("region").value);
  // The national layer's facts (declared by 100000, e.g. 网络共享数字证书) are read only by its
  // `accept` rules, which answer the acceptance question; this page asks service questions.
  factList = isError(got) ? [] : got.filter((f) => f.region !== NATIONAL);
  fillServices();
  const kinds = factList.find((f) => f.fact === "applicant.kind")?.choices || [];
  const kind = /** @type {HTMLSelectElement} */ ($("kind"));
  const prevKind = kind.value;
  options(kind, kinds.map((c) => ({ id: String(c.id), label: c.label })), { empty: "未说明" });
  if ([...kind.options].some((o) => o.value === prevKind)) kind.value = prevKind;
  buildControls(factList, orderedRegions(), regionLabel);
}

/** Now in China Standard Time, for the datetime-local default. */
function nowInChina() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 16);
}

/**
 * The request the form describes: the region, the question and, of the facts, only what the
 * person chose — each control by its fact's full path (nothing for a control left 未说明).
 * @returns {Request}
 */
function buildRequest() {
  /** @type {Record<string, any>} */
  const req = { region: field("region").value, question: "service", explain: true };
  for (const el of document.querySelectorAll("#request-form [data-fact]")) {
    const control = /** @type {HTMLElement} */ (el);
    if (control.parentElement?.closest("[data-fact]")) continue;
    const v = valueOf(control);
    if (v !== undefined) put(req, control.dataset.fact || "", v);
  }
  if (checklist.touched) req.submitted_documents = [...checklist.ticked];
  return /** @type {Request} */ (req);
}

function money(/** @type {string | null | undefined} */ a) {
  return a === null || a === undefined ? "—" : `¥${a}`;
}

/** Labelled assumptions and notes of a part of the answer. */
function qualifiers(/** @type {{assumptions?: string[] | null, notes?: string[] | null} | null | undefined} */ part) {
  /** @type {HTMLElement[]} */
  const out = [];
  for (const a of (part && part.assumptions) || []) out.push(h("p", { class: "note assumption" }, "假设：", a));
  for (const n of (part && part.notes) || []) out.push(h("p", { class: "note" }, n));
  return out;
}

/** The branches of an undetermined part: "若 <condition>" then the part in that case. */
/**
 * @template {AnyBranch} B
 * @param {HTMLElement} box
 * @param {B[] | null | undefined} branches
 * @param {(b: B) => Node} renderOne
 */
function renderBranches(box, branches, renderOne) {
  const ol = h("ol", { class: "branches" });
  for (const b of branches || []) {
    const li = h("li", { class: "branch" }, h("p", { class: "branch-when" }, "若 ", h("strong", {}, b.condition || "其他情形")));
    if (b.still_needs && b.still_needs.length) li.append(h("p", { class: "meta" }, "仍取决于：", b.still_needs.map(factLabel).join("、")));
    else li.append(renderOne(b));
    ol.append(li);
  }
  box.append(ol);
}

function renderError(/** @type {import("carules").ApiError["error"]} */ err) {
  $("verdict").className = "verdict error-verdict";
  $("verdict").textContent = "请求有误，无法判断";
  const box = $("error");
  box.hidden = false;
  box.replaceChildren(h("p", {}, err.message_zh || "未知错误"));
  const at = err.path ? err.path.replace(/^\//, "").split("/").join(".") : "";
  if (at && controlOf(at)) box.append(h("p", {}, h("button", { type: "button", class: "goto secondary", "data-fact": at, onclick: () => focusFact(at) }, "修改该项")));
  $("next-question").hidden = true;
  for (const b of ["findings-block", "needs-block", "assumed-block", "fee-block", "docs-block", "offices-block", "deadline-block", "hours-block", "media-block", "cites-block"]) show(b, false);
}

/** @param {Finding[]} findings @param {Obligation[]} obligations @param {import("carules").Referral[]} [referrals] */
function renderFindings(findings, obligations, referrals) {
  const ol = $("findings");
  ol.replaceChildren();
  const sent = (referrals || []).map((r) => ({ ...r, severity: "refer", message: r.to ? `${r.message}（${r.to.name}）` : r.message }));
  for (const f of [...findings, ...(obligations || []).map((o) => ({ ...o, severity: "oblige" })), ...sent]) {
    ol.append(
      h("li", { class: `finding ${f.severity}`, "data-code": f.code },
        h("p", { class: "finding-head" },
          h("span", { class: `badge ${f.severity}` }, (f.severity === "oblige" ? label("answer.obligation", "oblige") : f.severity === "refer" ? label("answer.referral", "refer") : label("answer.severity", f.severity))),
          " ",
          h("strong", {}, label("finding_code", f.code))),
        h("p", { class: "message" }, f.message),
        f.remedy ? h("p", { class: "remedy" }, h("span", { class: "k" }, "办理建议："), f.remedy) : null,
        ...qualifiers(f),
        f.source ? h("p", { class: "cite-line" }, "依据：", cite(f.source)) : null));
  }
  show("findings-block", ol.children.length > 0);
}

function feeTable(/** @type {HTMLElement} */ box, /** @type {Fee} */ fee) {
  const dl = h("dl", { class: "kv" },
    h("dt", {}, "收费方式"), h("dd", { "data-fee-status": fee.status }, label("answer.fee_status", fee.status)),
    h("dt", {}, "金额"), h("dd", { class: "amount" }, fee.amount === null ? "规定未设金额" : `${money(fee.amount)}（${fee.currency === "CNY" ? "人民币" : "外币"}）`));
  box.append(dl);
  if (fee.items && fee.items.length) {
    box.append(h("table", { class: "items" },
      h("caption", { class: "visually-hidden" }, "收费明细"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "项目"), h("th", { scope: "col" }, "单价"), h("th", { scope: "col" }, "数量"))),
      h("tbody", {}, fee.items.map((it) => h("tr", {}, h("td", {}, it.label), h("td", {}, `${money(it.amount)} ${it.per ? label("answer.per", it.per) : ""}`), h("td", {}, String(it.quantity)))))));
  }
  box.append(...qualifiers(fee));
  if (fee.source) box.append(h("p", { class: "cite-line" }, "依据：", cite(fee.source)));
}

/** @param {Fee | null | undefined} fee @param {import("carules").FeeBranch[] | null | undefined} branches */
function renderFee(fee, branches) {
  const box = $("fee");
  box.replaceChildren();
  if (!fee) {
    show("fee-block", false);
    return;
  }
  if (fee.status === "undetermined") {
    box.append(h("p", { class: "undetermined" }, label("answer.fee_status", "undetermined")));
    renderBranches(box, branches, (b) => {
      const d = h("div", {});
      if (b.fee) feeTable(d, b.fee);
      return d;
    });
  } else {
    feeTable(box, fee);
  }
  show("fee-block", true);
}

/** A read-only documents list (for the branches of an undetermined list). */
/** @param {DocumentOut[] | null | undefined} docs @param {DocumentsInfo | null | undefined} info */
function docList(docs, info) {
  if (!info || info.status === "unspecified") return h("p", {}, "规定未列明需提交的材料", info && info.why ? `（${info.why}）` : "。");
  if (info.status === "none") return h("p", {}, "无需提交材料", info.why ? `（${info.why}）` : "。");
  return h("div", {},
    h("ul", { class: "branch-docs" }, (docs || []).map((d) => h("li", {}, d.name, d.condition ? h("span", { class: "meta" }, `（${d.condition}）`) : null, " ", cite(d.source)))),
    info.incomplete ? h("p", { class: "note" }, `所列材料不完整：${info.incomplete}`) : null,
    ...qualifiers(info));
}

/**
 * @param {DocumentOut[] | null | undefined} docs
 * @param {string[] | null | undefined} missing
 * @param {DocumentsInfo} info
 * @param {import("carules").DocumentsBranch[] | null | undefined} branches
 */
function renderDocuments(docs, missing, info, branches) {
  const ul = $("documents");
  ul.replaceChildren();
  const ids = new Set((docs || []).map((d) => d.id));
  for (const id of [...checklist.ticked]) if (!ids.has(id)) checklist.ticked.delete(id);
  const missingSet = new Set(missing || []);
  for (const d of docs || []) {
    const cid = `doc-${d.id}`;
    const req = (d.requires || []).map((r) => label("requirement", r));
    const forms = formsText(d);
    const isMissing = missingSet.has(d.id);
    ul.append(h("li", { class: isMissing ? "doc missing-doc" : "doc" },
      h("input", { type: "checkbox", id: cid, value: d.id, checked: checklist.ticked.has(d.id), onchange: onTick }),
      h("label", { for: cid },
        h("span", { class: "doc-name" }, d.name),
        h("span", { class: "doc-meta" },
          d.copies ? `${d.copies}份` : null,
          req.length ? `${d.copies ? "，" : ""}${req.join("、")}` : null,
          forms ? `${d.copies || req.length ? "，" : ""}${forms}` : null,
          d.condition ? `（${d.condition}）` : null)),
      h("span", { class: "doc-cite" }, cite(d.source))));
  }
  const box = $("missing");
  box.replaceChildren();
  if (missing) {
    const byId = new Map((docs || []).map((d) => [d.id, d.name]));
    if (missing.length) {
      box.append(h("p", { class: "missing-head" }, `尚缺 ${missing.length} 项材料：`),
        h("ul", { id: "missing-list" }, missing.map((id) => h("li", { "data-id": id }, byId.get(id) || id))));
    } else if (info && info.status === "listed" && !info.incomplete && !(docs || []).some((d) => d.condition)) {
      box.append(h("p", { class: "complete" }, "材料已齐全。"));
    } else if (info && info.status === "listed") {
      box.append(h("p", { class: "undetermined" }, "已交齐所列材料，但规定所列材料不完整或部分材料取决于尚未提供的信息，请向窗口确认。"));
    }
  }
  const extra = $("docs-extra");
  extra.replaceChildren();
  if (info && info.status === "undetermined") {
    $("docs-help").textContent = "所需材料取决于尚未提供的信息（见“还需确认”），各情形如下：";
    renderBranches(extra, branches, (b) => docList(b.documents, b.documents_info));
    show("docs-block", true);
  } else if (docs === null || docs === undefined) {
    $("docs-help").textContent = `该地区规定未列明需提交的材料${info && info.why ? `（${info.why}）` : ""}。`;
    show("docs-block", true);
  } else if (docs.length === 0) {
    $("docs-help").textContent = "无需提交材料。";
    show("docs-block", true);
  } else {
    $("docs-help").textContent = "勾选已备齐的材料，系统会重新核对并列出尚缺的材料。";
    show("docs-block", true);
  }
  if (info) {
    if (info.incomplete) extra.append(h("p", { class: "note" }, `所列材料不完整：${info.incomplete}`));
    extra.append(...qualifiers(info));
  }
}

/** The forms an item is accepted in, as the printed notice words them: 原件或复印件（复印件：加盖公章）. */
function formsText(/** @type {DocumentOut} */ d) {
  const forms = d.forms || [];
  if (!forms.length) return null;
  const own = forms.filter((f) => (f.requires || []).length).map((f) => `${f.label}：${f.requires.map((r) => label("requirement", r)).join("、")}`);
  return `${forms.map((f) => f.label).join("或")}${own.length ? `（${own.join("；")}）` : ""}`;
}

/** When an event the request gives is the start of a limit or a term: its label and time. */
const countsFrom = (/** @type {import("carules").EventOut | null | undefined} */ e) => (e ? [h("dt", {}, "起算"), h("dd", {}, `${e.label}：${e.at.replace("T", " ").slice(0, 16)}`)] : []);

function deadlineBox(/** @type {Deadline | null | undefined} */ dl) {
  if (!dl) return h("p", {}, "该情形规定未设办结时限。");
  return h("div", {}, h("dl", { class: "kv" },
    h("dt", {}, "应办结日期"), h("dd", {}, h("time", { datetime: dl.due }, dl.due_date), `（${dl.due.slice(11, 16)} 前）`),
    ...countsFrom(dl.counts_from),
    h("dt", {}, "规定"), h("dd", {}, dl.basis)),
    ...qualifiers(dl),
    h("p", { class: "cite-line" }, "依据：", cite(dl.source)));
}

/** The certificate's validity (证书有效期): the term, and its last day where the request gives the event it counts from. */
function validityBox(/** @type {import("carules").Validity} */ v) {
  const term = v.months % 12 === 0 ? `${v.months / 12}年` : `${v.months}个月`;
  return h("div", { id: "validity" }, h("h3", {}, "证书有效期"), h("dl", { class: "kv" },
    h("dt", {}, "有效期"), h("dd", {}, term),
    h("dt", {}, "到期日"), h("dd", {}, v.expires_on ? h("time", { datetime: v.expires_on }, v.expires_on) : "规定未载明起算之日，无法给出"),
    ...countsFrom(v.counts_from),
    h("dt", {}, "规定"), h("dd", {}, v.basis)),
    ...qualifiers(v),
    h("p", { class: "cite-line" }, "依据：", cite(v.source)));
}

/**
 * @param {Deadline | null | undefined} dl @param {import("carules").DeadlineBranch[] | null | undefined} branches
 * @param {import("carules").Validity | null | undefined} [validity]
 */
function renderDeadline(dl, branches, validity) {
  const box = $("deadline");
  box.replaceChildren();
  if (branches) renderBranches(box, branches, (b) => deadlineBox(b.deadline));
  else box.append(deadlineBox(dl));
  if (validity) box.append(validityBox(validity));
  show("deadline-block", true);
}

function hoursBox(/** @type {OfficeHours | null | undefined} */ oh) {
  if (!oh) return h("p", {}, "规定未载明办公时间。");
  const open = oh.open_at_as_of === null ? "无法判断（工作日历未覆盖）" : oh.open_at_as_of ? "申请时间在办公时间内" : "申请时间不在办公时间内";
  return h("div", {}, h("dl", { class: "kv" },
    h("dt", {}, "作息"), h("dd", {}, oh.season_label),
    h("dt", {}, "时间"), h("dd", {}, oh.periods.join("，"), `（${label("answer.days", oh.days)}）`),
    h("dt", {}, "申请时"), h("dd", {}, open)),
    oh.assumption ? h("p", { class: "note" }, oh.assumption) : null,
    ...qualifiers(oh),
    h("p", { class: "cite-line" }, "依据：", cite(oh.source)));
}

/** @param {OfficeHours | null | undefined} oh @param {import("carules").OfficeHoursBranch[] | null | undefined} branches */
function renderHours(oh, branches) {
  const box = $("hours");
  box.replaceChildren();
  if (branches) renderBranches(box, branches, (b) => hoursBox(b.office_hours));
  else box.append(hoursBox(oh));
  show("hours-block", true);
}

/** Where to go and whom to call: each office that applies, one with a pending condition under
 * 若…; web addresses as links.
 * @param {import("carules").OfficeOut[] | undefined} offices */
function renderOffices(offices) {
  const box = $("offices");
  box.replaceChildren();
  const list = offices || [];
  /** @param {string} what @param {import("carules").ContactLine[] | undefined} lines @param {boolean} links */
  const lines = (what, lines, links) =>
    lines && lines.length
      ? [h("dt", {}, what), h("dd", {}, ...lines.flatMap((l, i) => [i ? "；" : "", links ? h("a", { href: l.value, rel: "noopener" }, l.label || l.value) : `${l.value}${l.label ? `（${l.label}）` : ""}`]))]
      : [];
  for (const o of list) {
    box.append(
      h("div", { class: "office", "data-rule": o.rule },
        h("p", {}, o.condition ? h("span", { class: "meta" }, `若${o.condition}：`) : "", h("strong", {}, o.name)),
        h("dl", {},
          ...(o.address ? [h("dt", {}, "地址"), h("dd", {}, o.address)] : []),
          ...(o.window ? [h("dt", {}, "窗口"), h("dd", {}, o.window)] : []),
          ...lines("电话", o.hotlines, false),
          ...lines("在线办理", o.online, true),
          ...(o.forms && o.forms.length ? [h("dt", {}, "表格下载"), h("dd", {}, ...o.forms.flatMap((f, i) => [i ? "；" : "", f.label ? h("a", { href: f.label, rel: "noopener" }, f.value) : f.value]))] : []),
          ...lines("电子邮箱", o.emails, false),
          ...lines("微信", o.wechat, false),
          ...lines("小程序", o.mini_programs, false)),
        h("p", { class: "cite-line" }, "依据：", cite(o.source))));
  }
  show("offices-block", list.length > 0);
}

function certificateBox(/** @type {CertificateOut | null | undefined} */ c) {
  if (!c) return h("p", {}, "规定未指定证书介质。");
  return h("div", {}, h("p", {}, "发放：", h("strong", {}, label("media", c.media))), ...qualifiers(c), h("p", { class: "cite-line" }, "依据：", cite(c.source)));
}

/** @param {CertificateOut | null | undefined} c @param {import("carules").CertificateBranch[] | null | undefined} branches */
function renderCertificate(c, branches) {
  const box = $("certificate");
  box.replaceChildren();
  if (branches) renderBranches(box, branches, (b) => certificateBox(b.certificate));
  else box.append(certificateBox(c));
  show("media-block", true);
}

function renderCitations(/** @type {ServiceResponse} */ resp) {
  /** @type {Map<string, {src: SourceOut, what: Set<string>}>} */
  const seen = new Map();
  const add = (/** @type {SourceOut | null | undefined} */ src, /** @type {string} */ what) => {
    if (!src) return;
    const key = `${src.document || src.doc}\u0000${src.article || ""}`;
    const entry = seen.get(key) ?? { src, what: new Set() };
    entry.what.add(what);
    seen.set(key, entry);
  };
  for (const f of resp.findings || []) add(f.source, label("finding_code", f.code));
  if (resp.fee) add(resp.fee.source, "收费");
  for (const d of resp.documents || []) add(d.source, "材料");
  if (resp.deadline) add(resp.deadline.source, "办结时限");
  if (resp.validity) add(resp.validity.source, "证书有效期");
  for (const r of resp.referrals || []) add(r.source, "另行办理");
  if (resp.office_hours) add(resp.office_hours.source, "办公时间");
  if (resp.certificate) add(resp.certificate.source, "证书介质");
  for (const t of resp.trace || []) if (t.result === "applied") add(t.source, "适用规则");
  const ul = $("citations");
  ul.replaceChildren();
  for (const { src, what } of seen.values()) ul.append(h("li", {}, cite(src), h("span", { class: "what" }, ` — ${[...what].join("、")}`)));
  const tbody = /** @type {HTMLTableSectionElement} */ ($("trace").querySelector("tbody"));
  tbody.replaceChildren();
  for (const t of resp.trace || []) {
    tbody.append(h("tr", { class: `r-${t.result}`, "data-rule": t.rule }, h("td", {}, t.condition_zh || "无条件"), h("td", {}, label("answer.trace_result", t.result)), h("td", {}, cite(t.source))));
  }
  show("cites-block", seen.size > 0 || (resp.trace || []).length > 0);
}

function render(/** @type {ServiceResponse} */ resp) {
  $("error").hidden = true;
  const region = resp.region ? `${resp.region.name}` : "";
  const svc = resp.service ? label("service", resp.service) : "";
  const { assumed, notRegulated } = extras(resp);
  const v = $("verdict");
  const verdict = verdictOf(resp.allowed, notRegulated);
  v.className = `verdict ${verdict.cls}`;
  v.replaceChildren(...[h("span", { class: "big" }, verdict.text), h("span", { class: "ctx" }, `${region} · ${svc}`),
    notRegulated ? h("span", { class: "ctx", id: "not-regulated" }, notRegulated.message || "请向窗口咨询") : null,
    !notRegulated && resp.allowed === null ? h("span", { class: "ctx" }, "尚缺判断所需的信息，请回答下方“下一个问题”") : null,
    resp.asked_region ? h("span", { class: "ctx", id: "asked-region" }, resp.asked_region.note) : null].filter((x) => x !== null));
  const page = { label, factLabel, rerun: run };
  renderNeeds(resp.needs || [], page);
  renderAssumed(assumed, page);
  const br = resp.branches || {};
  renderFindings(resp.findings || [], resp.obligations || [], resp.referrals || []);
  renderFee(resp.fee, br.fee);
  renderDocuments(resp.documents, resp.missing_documents, resp.documents_info, br.documents);
  renderDeadline(resp.deadline, br.deadline, resp.validity);
  // A referral's office (`refer … to`) is where the applicant is sent: listed with the others.
  renderOffices([...(resp.offices || []), ...(resp.referrals || []).flatMap((r) => (r.to && !(resp.offices || []).some((o) => o.rule === r.to?.rule) ? [r.to] : []))]);
  renderHours(resp.office_hours, br.office_hours);
  renderCertificate(resp.certificate, br.certificate);
  renderCitations(resp);
}

function run() {
  const req = buildRequest();
  $("raw-request").textContent = JSON.stringify(req);
  /** @type {import("carules").Answer | import("carules").ApiError} */
  let resp;
  try {
    resp = decide(req);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    resp = { error: { code: "request.invalid", message: `engine error: ${detail}`, message_zh: "引擎异常，无法作答", path: "" } };
  }
  $("raw-response").textContent = JSON.stringify(resp);
  if (isError(resp)) {
    renderError(resp.error);
    document.body.dataset.state = "error";
  } else if (resp.question === "service") {
    render(resp);
    document.body.dataset.state = verdictOf(resp.allowed, extras(resp).notRegulated).cls;
  } else {
    renderError({ code: "request.invalid", message: `the engine answered a ${resp.question} question`, message_zh: "本页只显示证书服务的答复", path: "/question" });
    document.body.dataset.state = "error";
  }
}

/** The 一次性告知单 for the form's request, rendered by the engine (the page `carules notice`
 * prints), in a window of its own, then the browser's print dialog. */
function printNotice() {
  const req = buildRequest();
  const n = notice(req);
  if (isError(n)) {
    renderError(n.error);
    document.body.dataset.state = "error";
    return;
  }
  const w = window.open("", "carules-notice");
  if (!w) {
    renderError({ code: "request.invalid", message: "the browser blocked the print window", message_zh: "浏览器阻止了打印窗口，请允许本页弹出窗口后重试", path: "" });
    return;
  }
  w.document.open();
  w.document.write(n.html);
  w.document.close();
  w.focus();
  w.print();
}

function onTick(/** @type {Event} */ ev) {
  const cb = /** @type {HTMLInputElement} */ (ev.target);
  checklist.touched = true;
  if (cb.checked) checklist.ticked.add(cb.value);
  else checklist.ticked.delete(cb.value);
  run();
  const again = document.getElementById(cb.id);
  if (again) again.focus();
}

async function main() {
  await init();
  vocab = vocabulary();
  regionList = regions();
  $("version").textContent = ` 规则版本 ${version()}。`;

  const regionSel = $("region");
  regionSel.replaceChildren(...orderedRegions().map((r) => h("option", { value: r.code }, regionLabel(r))));
  loadRegion();
  field("as_of").value = nowInChina();

  const form = $("request-form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
    $("result").focus();
  });
  $("print-notice").addEventListener("click", printNotice);
  form.addEventListener("change", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (target === regionSel) loadRegion();
    if (target.matches('[data-type="set"] input')) onSetTick(e);
    run();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      checklist.ticked.clear();
      checklist.touched = false;
      loadRegion();
      field("as_of").value = nowInChina();
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
