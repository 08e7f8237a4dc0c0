// The portal's generated controls in Chromium (called by tests/e2e.mjs): for every shipped
// region, every fact only its rules (or its parent's) ask about is answered through its own
// control and changes the answer; a question under 还需确认 leads to exactly its fact's
// control; 吉林's refund question leaves the main service alone; nothing on the page shows an
// id, a code, a fact path or English (the leak scan of tests/zh.rs, on document.body.innerText);
// 本答复所作假设 and 本地规定未涉及 are drawn from a stub of the engine when the engine does not
// give them yet.

const AS_OF = "2026-11-21T10:00:00+08:00";
const F = (path) => `#request-form [data-fact="${path}"]`;

/** Latin-script words a zh-CN page may show: proper names the regulations use (tests/zh.rs). */
const PROPER = new Set(["CA", "CWCA", "JSON", "YAML", "UTF", "UKey", "USBKey", "USBkey", "USB", "Key", "CRL", "APP", "PDF", "VPN", "U盾"]);

/** The ids, rule ids, codes, paths and English words of `text` (as tests/zh.rs `leaks`). */
export function leaks(text) {
  let unquoted = "";
  let depth = 0;
  for (const c of text) {
    if (c === "“") depth++;
    else if (c === "”") depth = Math.max(0, depth - 1);
    else if (depth === 0) unquoted += c;
  }
  const out = [];
  for (const raw of unquoted.split(/[^A-Za-z0-9_./:\-@?=&%#~]/)) {
    if (raw.includes("://") || raw.startsWith("www.")) continue;
    for (const w of raw.split(/[^A-Za-z0-9_/]/)) {
      const hasLetter = /[A-Za-z]/.test(w);
      const ruleId = /^\d{6}\/./.test(w);
      const code = /^[A-Z]{1,2}[0-9-]+$/.test(w);
      if ((hasLetter || ruleId) && !PROPER.has(w) && !code) out.push(w);
    }
  }
  return out;
}

/** `value` at the dotted `path` of a nested request. */
function put(req, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let at = req;
  for (const k of keys) at = at[k] ??= {};
  at[last] = value;
}
const flat = (req, prefix = "") => Object.entries(req).flatMap(([k, v]) =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]);

/** Values worth trying for a fact. */
function candidates(f) {
  if (f.type === "bool" || f.type === "enum") return (f.choices || []).map((c) => c.id);
  if (f.type === "set") return (f.choices || []).map((c) => [c.id]);
  if (f.type === "date") return ["2026-11-21", "2025-06-01", "2027-12-31", "2026-10-01", "2024-01-01"];
  if (f.type === "int") return [f.min ?? 0, (f.min ?? 0) + 1, 3, 10];
  if (f.type === "money") return ["0.00", "100.00", "1000.00"];
  if (f.type === "time") return [AS_OF];
  return [];
}

/** What a person sees of an answer: the verdict, findings, obligations, referrals, fee, documents, deadline, validity, media. */
const digest = (a) => JSON.stringify([a.allowed, a.findings, a.obligations, a.referrals, a.fee, a.documents, a.documents_info?.status, a.deadline, a.validity, a.certificate, a.branches]);

/**
 * A request of `region` in which `fact` is asked (in `needs`), or — for a fact with a
 * default — fully answered, and a value of `fact` that changes the answer: found by following
 * the engine's questions from each service and applicant kind, answering each with its first
 * value, as a person on the page would.
 */
function scenario(wasm, region, fact, facts) {
  // The region's services first, then the others (a rule may speak of those too).
  const own = wasm.regions().find((r) => r.code === region).services;
  const all = (facts.find((f) => f.fact === "service")?.choices || []).map((c) => c.id);
  const services = [...own, ...all.filter((s) => !own.includes(s))];
  const reasons = [undefined, ...(facts.find((f) => f.fact === "reason")?.choices || []).map((c) => c.id)];
  // First a request that asks for the fact; failing that (a fact with a default is never
  // asked), one where giving it changes the answer.
  for (const mustAsk of [true, false]) {
    for (const reason of reasons) {
      for (const service of services) {
        for (const kind of ["organization", "individual"]) {
          const req = { region, as_of: AS_OF, question: "service", service, applicant: { kind } };
          if (reason !== undefined) req.reason = reason;
          const found = walk(wasm, req, fact, facts, mustAsk);
          if (found) return found;
        }
      }
    }
  }
  // Answering every question with its first value can close the path to a fact (云南's
  // centre level is asked only of centre staff, a role no first value picks): start again
  // from each value of each other closed-set fact.
  for (const mustAsk of [true, false]) {
    for (const other of facts.filter((f) => f.fact !== fact.fact && Array.isArray(f.choices))) {
      for (const seed of candidates(other)) {
        for (const service of own) {
          for (const kind of ["organization", "individual"]) {
            const req = { region, as_of: AS_OF, question: "service", service, applicant: { kind } };
            put(req, other.fact, seed);
            const found = walk(wasm, req, fact, facts, mustAsk);
            if (found) return found;
          }
        }
      }
    }
  }
  return null;
}

/** Follows the engine's questions from `req`, answering each with its first value. */
function walk(wasm, req, fact, facts, mustAsk) {
  for (let step = 0; step < 14; step++) {
    const a = wasm.decide(req);
    if (wasm.isError(a)) return null;
    const needs = a.needs || [];
    const asked = needs.some((n) => n.fact === fact.fact);
    if (asked || !mustAsk) {
      for (const v of candidates(fact)) {
        const with_ = structuredClone(req);
        put(with_, fact.fact, v);
        const b = wasm.decide(with_);
        if (!wasm.isError(b) && digest(b) !== digest(a) && !(b.needs || []).some((n) => n.fact === fact.fact)) return { req: structuredClone(req), value: v, asked };
      }
    }
    const n = needs.find((x) => x.fact !== fact.fact);
    if (!n) return null;
    const info = facts.find((x) => x.fact === n.fact);
    const v = info && candidates(info)[0];
    if (v === undefined) return null;
    put(req, n.fact, v);
  }
  return null;
}

/** Sets the control of the fact at `path` to `value`, as a person would. */
async function setFact(page, path, value) {
  const el = page.locator(F(path));
  const type = await el.getAttribute("data-type");
  if (type === "set") {
    for (const v of value) await el.locator(`input[value="${v}"]`).check();
  } else if (type === "bool" || type === "enum" || type === "region") {
    await el.selectOption(String(value));
  } else {
    await el.fill(type === "time" ? String(value).slice(0, 16) : String(value));
    await el.blur();
    await el.dispatchEvent("change");
  }
}

/** The page set to a request: a fresh form, then each fact through its control. */
async function fillRequest(page, req) {
  await page.click("#reset");
  await page.waitForTimeout(20);
  await page.selectOption("#region", req.region);
  for (const [path, v] of flat(req)) if (!["region", "question", "explain"].includes(path)) await setFact(page, path, v);
}

const sentOf = async (page) => JSON.parse(await page.textContent("#raw-request"));
const answerOf = async (page) => JSON.parse(await page.textContent("#raw-response"));
const shown = (page) => page.locator("#verdict, #findings-block, #fee-block, #docs-block, #deadline-block, #media-block").evaluateAll((els) => els.map((e) => (e.hidden ? "" : e.innerText)).join("\n"));

/** The leak scan of the page's visible text. */
export async function scan(page, check, when) {
  const l = leaks(await page.evaluate(() => document.body.innerText));
  check(`no id, code, fact path or English on the page (${when})`, l.length === 0, [...new Set(l)].slice(0, 12).join(" "));
}

/** One test per shipped region: its own facts answered through their controls. */
export async function regionFacts(page, check, wasm) {
  for (const region of wasm.regions()) {
    const facts = wasm.facts(region.code);
    // The national layer's facts (declared by 100000) serve the acceptance question, which
    // the portal does not ask: it shows no control for them (app.js, loadRegion).
    const own = facts.filter((f) => f.region !== null && f.region !== "100000");
    const fails = [];
    await page.selectOption("#region", region.code);
    if (await page.locator('[data-fact="certificate.network_shared"]').count()) fails.push("a control for the national layer's certificate.network_shared");
    const section = await page.locator("#region-facts").isVisible();
    if ((section ? 1 : 0) !== (own.length ? 1 : 0)) fails.push(`region section ${section ? "shown" : "hidden"}`);
    for (const f of own) {
      const s = scenario(wasm, region.code, f, facts);
      if (!s) {
        fails.push(`${f.fact}: no request found where it changes the answer`);
        continue;
      }
      await fillRequest(page, s.req);
      const sent = await sentOf(page);
      delete sent.explain;
      if (JSON.stringify(Object.fromEntries(flat(sent).sort())) !== JSON.stringify(Object.fromEntries(flat(s.req).sort()))) fails.push(`${f.fact}: the page sent ${JSON.stringify(sent)} for ${JSON.stringify(s.req)}`);
      const pill = page.locator(`#needs li[data-fact="${f.fact}"]`);
      if (s.asked) {
        if ((await pill.count()) !== 1) fails.push(`${f.fact}: not asked under 还需确认`);
        await pill.locator("button.need-label").click();
        const focused = await page.evaluate(() => document.activeElement?.closest("[data-fact]")?.getAttribute("data-fact"));
        if (focused !== f.fact) fails.push(`${f.fact}: its question leads to ${focused}`);
      }
      const before = await shown(page);
      await setFact(page, f.fact, s.value);
      const after = await answerOf(page);
      if ((await pill.count()) !== 0) fails.push(`${f.fact}: still asked once answered`);
      if ((await shown(page)) === before) fails.push(`${f.fact}: answering ${JSON.stringify(s.value)} left the answer as it was`);
      if (after.service !== s.req.service) fails.push(`${f.fact}: the answer's service became ${after.service}`);
      const l = leaks(await page.evaluate(() => document.body.innerText));
      if (l.length) fails.push(`${f.fact}: the page shows ${[...new Set(l)].join(" ")}`);
    }
    check(`${region.name}: each of its ${own.length} own facts is answered by its control and changes the answer`, fails.length === 0, fails.join("; "));
  }
}

/** 吉林's refund question: its own control, never the main service. */
export async function jilinRefund(page, check) {
  await page.click("#reset");
  await page.waitForTimeout(20);
  await page.selectOption("#region", "220000");
  await page.selectOption(F("service"), "refund");
  await page.selectOption(F("applicant.kind"), "organization");
  const pill = page.locator('#needs li[data-fact="refund.service"]');
  check("吉林 退费: the refund's service is asked", (await pill.count()) === 1);
  const choice = pill.locator('button.choice[data-value="new"]');
  if (await choice.count()) await choice.click();
  else await page.selectOption(F("refund.service"), "new");
  const sent = await sentOf(page);
  const answer = await answerOf(page);
  check("吉林 退费: the answer to it is sent as refund.service", sent.refund?.service === "new" && sent.service === "refund", JSON.stringify(sent));
  check("吉林 退费: the main service control is left alone", (await page.inputValue(F("service"))) === "refund" && (await page.inputValue(F("refund.service"))) === "new");
  check("吉林 退费: the answer is still about 退费", answer.service === "refund" && !(await page.locator("#verdict").innerText()).includes("新办"), await page.locator("#verdict").innerText());
  await scan(page, check, "吉林 退费");
}

/** 湖南's new institution certificate (issue 20): the validity part (证书有效期：1个月, no
 * expiry day guessed) under 办结时限, the item's form (扫描件) beside the document, the
 * deadline counted from the review, and their citations. */
export async function hunanValidityAndForms(page, check) {
  await fillRequest(page, {
    region: "430000",
    as_of: "2026-06-05T10:00:00+08:00",
    service: "new",
    channel: "online",
    applicant: { kind: "organization" },
    hn: { reviewed_at: "2026-06-05T10:00", platform: "sanzi", pickup: "express" },
    certificate: { type: "institution" },
  });
  const answer = await answerOf(page);
  const validity = (await page.locator("#validity").count()) ? await page.locator("#validity").innerText() : "";
  check("湖南 机构证书: the validity is shown (1个月, no expiry day guessed)", answer.validity?.months === 1 && validity.includes("1个月") && validity.includes("无法给出"), validity || JSON.stringify(answer.validity));
  const docs = await page.locator("#documents").innerText();
  check("湖南 申请表: its form is shown beside it (扫描件)", docs.includes("扫描件"), docs);
  const deadline = await page.locator("#deadline").innerText();
  check("湖南 快递寄出: the deadline says it counts from the review", deadline.includes("起算"), deadline);
  check("湖南: the citations list the validity's", (await page.locator("#citations").innerText()).includes("证书有效期"));
  await scan(page, check, "湖南 机构证书");
}

/** A stub of the package whose service answers carry `assumed` and `not_regulated` when the
 * engine does not give them yet (the shapes of the engine's coming answer parts). */
const STUB = `
export * from "/pkg/index.js";
export { default } from "/pkg/index.js";
import { decide as real, regions } from "/pkg/index.js";
export function decide(req) {
  const a = real(req);
  if (!a || a.question !== "service") return a;
  const r = regions().find((x) => x.code === a.region.code);
  if (!("not_regulated" in a) && r && req.service && !r.services.includes(req.service)) {
    a.allowed = null;
    a.not_regulated = { reason: "service", message: "本地规定未涉及该业务，请向窗口咨询" };
  }
  if (!("assumed" in a) && req.quantity === undefined) {
    a.assumed = [{ fact: "quantity", path: "/quantity", label: "数量（把、个、套）", value: 1, value_zh: "1", sentence: "假设：数量（把、个、套）为1",
      source: { doc: "qh_ca_guide", document: "《青海省公共资源交易平台CA数字证书办理指南》", article: "三" } }];
  }
  return a;
}`;

/** 本答复所作假设 and 本地规定未涉及, on a page whose engine is the stub above. */
export async function assumedAndNotRegulated(context, base, check) {
  const page = await context.newPage();
  await page.route("**/www/index.html", async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace('"carules": "../pkg/index.js"', '"carules": "/tests/stub-carules.js"');
    await route.fulfill({ response: res, body: html });
  });
  await page.route("**/tests/stub-carules.js", (route) => route.fulfill({ contentType: "text/javascript", body: STUB }));
  await page.goto(`${base}/www/index.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  await page.selectOption("#region", "630000");
  await page.selectOption(F("service"), "renewal");
  const block = page.locator("#assumed-block");
  const text = (await block.isVisible()) ? await block.innerText() : "";
  check("本答复所作假设 lists each assumption with its citation", text.includes("假设：数量（把、个、套）为1") && text.includes("《青海省公共资源交易平台CA数字证书办理指南》"), text.slice(0, 120));
  await block.locator('button[data-fact="quantity"]').click();
  check("更改 leads to the assumed fact's control", (await page.evaluate(() => document.activeElement?.getAttribute("data-fact"))) === "quantity");
  await setFact(page, "quantity", 2);
  check("answering it explicitly re-answers without the assumption", (await sentOf(page)).quantity === 2 && !(await block.isVisible()));
  const unregulated = await page.locator(`${F("service")} optgroup[label="本地区规则未涉及"] option`).first().getAttribute("value");
  await page.selectOption(F("service"), unregulated);
  const v = await page.locator("#verdict").innerText();
  check("a service the rules do not regulate: 本地规定未涉及, with the message", v.includes("本地规定未涉及") && v.includes("请向窗口咨询") && !v.includes("允许办理") && !v.includes("还需确认"), v);
  check("its page state is not_regulated", (await page.getAttribute("body", "data-state")) === "not_regulated");
  await scan(page, check, "assumptions and 本地规定未涉及");
  await page.close();
}
