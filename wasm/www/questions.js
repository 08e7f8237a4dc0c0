// @ts-check
// What the answer asks and what it took for granted: the verdict (including 本地规定未涉及),
// the next question and the others under 还需确认, and 本答复所作假设. Every question and
// every assumption leads to the control of exactly its fact (by full path).

import { $, cite, h, show } from "./dom.js";
import { controlOf, setValue } from "./facts.js";

/** @typedef {import("carules").Need} Need */
/** @typedef {import("carules").ServiceResponse} ServiceResponse */
/** @typedef {import("carules").SourceOut} SourceOut */
/** @typedef {import("carules").Assumed} Assumed a default the answer took for granted */
/** @typedef {import("carules").NotRegulated} NotRegulated the rules do not regulate the question */
/** @typedef {{label: (kind: string, id: string | boolean) => string, factLabel: (path: string) => string, rerun: () => void}} Page */

/** The dotted path of a fact named by a JSON pointer (`/refund/service` → `refund.service`). */
const dotted = (/** @type {string} */ pointer) => pointer.replace(/^\//, "").split("/").join(".");

/** Scrolls to the control of the fact at `path`, focuses it and marks it for a moment. */
export function focusFact(/** @type {string} */ path) {
  const el = controlOf(path);
  if (!el) return false;
  const target = /** @type {HTMLElement} */ (el.matches("fieldset") ? el.querySelector("input") || el : el);
  const row = /** @type {HTMLElement} */ (el.closest(".field") || el);
  row.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  for (const old of document.querySelectorAll(".asked")) old.classList.remove("asked");
  row.classList.add("asked");
  return true;
}

/** The answer's `assumed` (omitted when empty) and `not_regulated` (omitted when regulated). */
export function extras(/** @type {ServiceResponse} */ resp) {
  return { assumed: Array.isArray(resp.assumed) ? resp.assumed : [], notRegulated: resp.not_regulated ?? null };
}

/**
 * allowed: true → 允许办理, false → 不予办理, null → 还需确认 (never shown as allowed);
 * not regulated → 本地规定未涉及, neither allowed nor waiting on an answer.
 * @param {boolean | null | undefined} allowed
 * @param {NotRegulated | null} [notRegulated]
 */
export function verdictOf(allowed, notRegulated = null) {
  if (notRegulated && (allowed === null || allowed === undefined)) return { cls: "not_regulated", text: "本地规定未涉及" };
  if (allowed === true) return { cls: "allowed", text: "允许办理" };
  if (allowed === false) return { cls: "denied", text: "不予办理" };
  return { cls: "undetermined", text: "还需确认" };
}

/**
 * The question's choices as buttons that answer it, or one that leads to its control.
 * @param {Need} n
 * @param {Page} page
 */
function answers(n, page) {
  const control = controlOf(n.fact);
  const go = h("button", { type: "button", class: "goto secondary", "data-fact": n.fact, onclick: () => focusFact(n.fact) }, (n.choices || []).length ? "在表单中回答" : "去填写");
  if (!control) return [h("p", { class: "meta" }, "本页暂无法填写该信息，请向窗口咨询。")];
  const choices = (n.choices || []).map((c) =>
    h("button", { type: "button", class: "choice", "data-fact": n.fact, "data-value": String(c.id), onclick: () => answerFact(n.fact, c.id, page) }, c.label));
  return [h("p", { class: "choices" }, ...choices, go)];
}

/** Answers a question the engine asked: sets exactly that fact's control and decides again. */
function answerFact(/** @type {string} */ path, /** @type {unknown} */ value, /** @type {Page} */ page) {
  const el = controlOf(path);
  if (!el) return;
  setValue(el, value);
  page.rerun();
  focusFact(path);
}

/**
 * The next question (the first of `needs`) first and prominently, then every question, each
 * leading to its control.
 * @param {Need[]} needs
 * @param {Page} page
 */
export function renderNeeds(needs, page) {
  const next = $("next-question");
  next.replaceChildren();
  const first = needs[0];
  if (first) {
    next.append(h("p", { class: "next-head" }, h("span", { class: "k" }, "下一个问题："), h("strong", {}, first.label)), ...answers(first, page));
  }
  next.hidden = !first;
  const ol = $("needs");
  ol.replaceChildren();
  needs.forEach((n, i) => {
    ol.append(h("li", { class: i === 0 ? "need next" : "need", "data-fact": n.fact },
      h("p", { class: "need-head" },
        h("button", { type: "button", class: "need-label", "data-fact": n.fact, onclick: () => focusFact(n.fact) }, n.label), " ",
        h("span", { class: "meta" }, `影响：${n.affects.map((p) => page.label("answer.part", p)).join("、")}`)),
      ...answers(n, page),
      h("ul", { class: "waiting" }, (n.rules || []).map((w) =>
        h("li", {}, "若", w.condition, w.message ? `：${w.message}` : "", " ", cite(w.source))))));
  });
  show("needs-block", needs.length > 0);
}

/**
 * 本答复所作假设: each default the answer took for granted, with its citation and a way to
 * answer the fact explicitly (its own control).
 * @param {Assumed[]} assumed
 * @param {Page} page
 */
export function renderAssumed(assumed, page) {
  const ul = $("assumed");
  ul.replaceChildren();
  for (const a of assumed) {
    const path = a.fact || (a.path ? dotted(a.path) : "");
    const label = a.label || page.factLabel(path);
    const sentence = a.sentence || `假设：${label}为${a.value_zh ?? ""}`;
    ul.append(h("li", { class: "assumed", "data-fact": path },
      h("p", {}, sentence, " ", controlOf(path)
        ? h("button", { type: "button", class: "goto secondary", "data-fact": path, onclick: () => focusFact(path) }, "更改")
        : null),
      a.source ? h("p", { class: "cite-line" }, "依据：", cite(a.source)) : null));
  }
  show("assumed-block", assumed.length > 0);
}
