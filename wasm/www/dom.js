// @ts-check
// Small DOM helpers shared by the page's modules.

/** @typedef {string | number | Node | null | undefined | false} Child */
/** @typedef {import("carules").SourceOut} SourceOut */

/** An element of the page's own markup (it exists: the page is static). */
export const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Creates an element: h("p", {class: "x"}, "text", child, …). Text is never parsed as HTML.
 * @param {string} tag
 * @param {Record<string, any>} attrs
 * @param {(Child | Child[])[]} children
 */
export function h(tag, attrs = {}, ...children) {
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

/** A citation: 《document》 article. */
export function cite(/** @type {SourceOut | null | undefined} */ source) {
  if (!source) return null;
  const doc = source.document || source.doc || "";
  return h("cite", { class: "source" }, doc, source.article ? ` ${source.article}` : "");
}

export function show(/** @type {string} */ id, /** @type {boolean} */ on) {
  $(id).hidden = !on;
}
