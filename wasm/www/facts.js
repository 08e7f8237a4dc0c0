// @ts-check
// The form's controls, generated from the rules: one per fact a request for the chosen region
// may give (`facts(region)` of the package), addressed by the fact's full dotted path
// (`refund.service`, never its last segment), each under the `data-fact` attribute of its
// control. A control left at 未说明 / empty sends nothing: the request carries only what the
// person chose. The controls of the main facts (service, as_of, applicant.kind) are the
// page's own markup and carry `data-fact` too.

import { h } from "./dom.js";

/** @typedef {import("carules").FactInfo} FactInfo */
/** @typedef {import("carules").Region} Region */

/** Facts whose controls are the page's own markup (index.html). */
export const FIXED = new Set(["service", "as_of", "applicant.kind"]);

/** The element id of a fact's control: `certificate.issued_in` → `fact-certificate-issued_in`. */
export const controlId = (/** @type {string} */ path) => `fact-${path.replaceAll(".", "-")}`;

/** The control (or, for a set, the fieldset of checkboxes) of the fact at `path`, if any. */
export function controlOf(/** @type {string} */ path) {
  return /** @type {HTMLElement | null} */ (document.querySelector(`#request-form [data-fact="${CSS.escape(path)}"]`));
}

/** "2026-11-21T10:00" (datetime-local) → "2026-11-21T10:00:00+08:00". */
export function asOfValue(/** @type {string} */ local) {
  if (!local) return "";
  const withSeconds = /T\d\d:\d\d$/.test(local) ? `${local}:00` : local;
  return `${withSeconds}+08:00`;
}

/** "2026-11-21T10:00:00+08:00" → "2026-11-21T10:00" (datetime-local, China Standard Time). */
function localOf(/** @type {string} */ t) {
  return t.slice(0, 16);
}

/**
 * One control for a fact, labelled with its zh-CN label.
 * @param {FactInfo} f
 * @param {Region[]} regions ordered for the region type
 * @param {(r: Region) => string} regionLabel
 */
export function control(f, regions, regionLabel) {
  const id = controlId(f.fact);
  const hint = f.default_zh !== undefined ? `不填则按${f.default_zh}` : null;
  if (f.type === "set") {
    const boxes = (f.choices || []).map((c) =>
      h("div", { class: "check" }, h("input", { type: "checkbox", id: `${id}-${c.id}`, value: String(c.id) }), h("label", { for: `${id}-${c.id}` }, c.label)));
    boxes.push(h("div", { class: "check" }, h("input", { type: "checkbox", id: `${id}--none`, value: "", "data-none": true }), h("label", { for: `${id}--none` }, "以上均无")));
    return h("fieldset", { class: "inner fact", "data-fact": f.fact, "data-type": f.type, id }, h("legend", {}, f.label), h("div", { class: "checks" }, boxes));
  }
  /** @type {HTMLElement} */
  let input;
  if (f.type === "bool" || f.type === "enum" || f.type === "region") {
    const items = f.type === "region" ? regions.map((r) => ({ id: r.code, label: regionLabel(r) })) : f.choices || [];
    input = h("select", { id, "data-fact": f.fact, "data-type": f.type },
      h("option", { value: "" }, "未说明"), items.map((c) => h("option", { value: String(c.id) }, c.label)));
  } else if (f.type === "date") {
    input = h("input", { id, type: "date", "data-fact": f.fact, "data-type": f.type });
  } else if (f.type === "time") {
    input = h("input", { id, type: "datetime-local", step: 60, "data-fact": f.fact, "data-type": f.type });
  } else if (f.type === "int") {
    input = h("input", { id, type: "number", step: 1, min: f.min ?? 0, inputmode: "numeric", placeholder: "未说明", "data-fact": f.fact, "data-type": f.type });
  } else if (f.type === "money") {
    input = h("input", { id, type: "text", inputmode: "decimal", pattern: "\\d+(\\.\\d{1,2})?", placeholder: "未说明（元，例如 300.00）", "data-fact": f.fact, "data-type": f.type });
  } else {
    input = h("input", { id, type: "text", placeholder: "未说明", "data-fact": f.fact, "data-type": f.type });
  }
  return h("div", { class: "field fact" }, h("label", { for: id }, f.label), input, hint ? h("small", {}, hint) : null);
}

/**
 * The value the control of a fact gives, as a request gives it, or undefined when the person
 * chose nothing.
 * @param {HTMLElement} el
 * @returns {unknown}
 */
export function valueOf(el) {
  const type = el.dataset.type || "";
  if (type === "set") {
    const ticked = [...el.querySelectorAll("input:checked")].map((c) => /** @type {HTMLInputElement} */ (c));
    if (!ticked.length) return undefined;
    return ticked.filter((c) => !c.dataset.none).map((c) => c.value);
  }
  const raw = /** @type {HTMLInputElement} */ (el).value.trim();
  if (raw === "") return undefined;
  if (type === "bool") return raw === "true";
  if (type === "int") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (type === "money") return /^\d+$/.test(raw) ? `${raw}.00` : raw;
  if (type === "time") return asOfValue(raw);
  return raw;
}

/**
 * Puts a value into the control of a fact (an answer to a question the engine asked).
 * @param {HTMLElement} el
 * @param {unknown} value
 */
export function setValue(el, value) {
  const type = el.dataset.type || "";
  if (type === "set") {
    const want = new Set(Array.isArray(value) ? value.map(String) : [String(value)]);
    for (const c of el.querySelectorAll("input")) {
      const box = /** @type {HTMLInputElement} */ (c);
      box.checked = box.dataset.none ? want.size === 0 : want.has(box.value);
    }
    return;
  }
  const input = /** @type {HTMLInputElement} */ (el);
  input.value = type === "time" && typeof value === "string" ? localOf(value) : String(value ?? "");
}

/**
 * Ticking 以上均无 clears the other boxes of a set, and the other way round.
 * @param {Event} ev
 */
export function onSetTick(ev) {
  const box = /** @type {HTMLInputElement} */ (ev.target);
  const set = box.closest('[data-type="set"]');
  if (!set || !box.checked) return;
  for (const c of set.querySelectorAll("input")) {
    const other = /** @type {HTMLInputElement} */ (c);
    if (other !== box && (box.dataset.none ? true : !!other.dataset.none)) other.checked = false;
  }
}

/**
 * Sets `value` at the dotted `path` of the nested request: `refund.service` →
 * `{"refund": {"service": value}}`.
 * @param {Record<string, any>} req
 * @param {string} path
 * @param {unknown} value
 */
export function put(req, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  if (last === undefined) return;
  let at = req;
  for (const k of keys) {
    if (typeof at[k] !== "object" || at[k] === null) at[k] = {};
    at = at[k];
  }
  at[last] = value;
}

/**
 * Where a generated control goes: the region's own facts in the section of the region that
 * declares them; the shared ones in the fieldset of their group.
 * @param {FactInfo} f
 * @returns {string} the id of the container
 */
export function placeOf(f) {
  if (f.region !== null) return `region-facts-${f.region}`;
  const group = f.fact.includes(".") ? f.fact.split(".")[0] : "";
  if (group === "applicant" || group === "certificate" || group === "bidding") return `facts-${group}`;
  if (f.fact === "charged") return "facts-charged";
  return group === "" ? "facts-main" : "facts-other";
}

/**
 * Builds every control for the region's facts into the form, keeping the values already
 * chosen (by path) where the new control can hold them.
 * @param {FactInfo[]} facts
 * @param {Region[]} regions ordered
 * @param {(r: Region) => string} regionLabel
 */
export function buildControls(facts, regions, regionLabel) {
  /** @type {Map<string, unknown>} */
  const kept = new Map();
  for (const el of document.querySelectorAll("#request-form .generated [data-fact]")) {
    const v = valueOf(/** @type {HTMLElement} */ (el));
    if (v !== undefined) kept.set(/** @type {HTMLElement} */ (el).dataset.fact || "", v);
  }
  for (const box of document.querySelectorAll("#request-form .generated")) box.replaceChildren();
  const own = $region();
  own.replaceChildren();
  for (const f of facts) {
    if (FIXED.has(f.fact)) continue;
    let box = document.getElementById(placeOf(f));
    if (!box && f.region !== null) {
      const r = regions.find((x) => x.code === f.region);
      box = h("div", { class: "generated", id: placeOf(f) });
      own.append(h("fieldset", { class: "region-facts", "data-region": f.region }, h("legend", {}, `${r ? r.name : ""}规定涉及的情况`), box));
    }
    if (!box) continue;
    const c = control(f, regions, regionLabel);
    box.append(c);
    const el = c.matches("[data-fact]") ? c : /** @type {HTMLElement} */ (c.querySelector("[data-fact]"));
    const v = kept.get(f.fact);
    if (v !== undefined) {
      setValue(el, v);
      if (valueOf(el) === undefined) setValue(el, "");
    }
  }
  own.hidden = own.children.length === 0;
  for (const box of document.querySelectorAll("#request-form > fieldset .generated")) {
    const set = /** @type {HTMLElement} */ (box.closest("fieldset"));
    set.hidden = set.querySelectorAll(".field, fieldset.fact").length === 0;
  }
}

const $region = () => /** @type {HTMLElement} */ (document.getElementById("region-facts"));
