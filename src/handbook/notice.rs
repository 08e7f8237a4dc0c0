//! The 一次性告知单: one page, for one applicant and service, that a window hands over — the
//! verdict with what refuses or obliges, what to bring (numbered, copies, seal), what is
//! missing, the fee, when it will be done, office hours, what is still to be confirmed, and
//! every article cited (as 〔n〕 references, listed at the foot), with lines for the clerk's
//! and the applicant's signatures. HTML printable on A4 (`@page`), or Markdown.
//!
//! Written by hand (no template engine), so the WebAssembly build renders the same notice as
//! the CLI (`host::notice`).

use super::view::{Case, Condition, DocList, FeeView, Guide, SILENT, applying};
use super::{CSS, Where, esc, label};
use crate::answer::{Response, ServiceResponse};
use crate::api::labels::{Labelled, when};
use crate::api::{ApiError, Rules};
use serde::Serialize;
use serde_json::Value as Json;

/// The notice's content, all zh-CN.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    /// Region name ("青海省").
    pub region: String,
    /// When the code asked about has no rules of its own: which region answers.
    pub asked_region: Option<String>,
    /// Applicant kind ("单位"), when the request says.
    pub applicant: Option<String>,
    /// Service ("续期").
    pub service: String,
    /// The time of application: "2026年11月21日 10:00".
    pub as_of: String,
    /// "可以办理", "不予办理", "还需确认", or for a question the rules do not regulate
    /// "本地规定未涉及该业务，请向窗口咨询".
    pub verdict: String,
    /// Whether the answer refuses.
    pub refused: bool,
    /// What applies: refusals, warnings, advice, obligations.
    pub conditions: Vec<Condition>,
    /// What is still to be confirmed: each missing fact with the refusals and advice that
    /// wait on it.
    pub needs: Vec<NeedLine>,
    /// The parts.
    pub guide: Guide,
    /// The documents not handed in (when `submitted_documents` was given), by name.
    pub missing: Option<Vec<String>>,
    /// Where to go: the offices of the answer.
    #[serde(rename = "where")]
    pub where_: Vec<Where>,
}

/// A fact the request lacks: its label, what it decides, and the rules waiting on it that
/// say something to the applicant (their condition as `when`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeedLine {
    /// "证书到期日".
    pub label: String,
    /// "能否办理、所需材料".
    pub affects: String,
    /// The findings waiting on it.
    pub rules: Vec<Condition>,
}

/// The notice for `request` (a service request, as for `api::decide`).
///
/// Errors: [`ApiError`] `request.invalid` as `api::decide`; a request that asks another
/// question than `service`.
pub fn build(rules: Rules<'_>, request: &Json) -> Result<Notice, ApiError> {
    answer(rules, crate::request::parse(rules.set, request, true)?)
}

/// [`build`] for request text, decoded in one pass (as `api::decide_text`).
///
/// Errors: as [`build`], and text that is not JSON.
pub fn build_text(rules: Rules<'_>, request: &str) -> Result<Notice, ApiError> {
    answer(rules, crate::request::parse_str(rules.set, request, true)?)
}

fn answer(rules: Rules<'_>, mut req: crate::request::Request) -> Result<Notice, ApiError> {
    // The trace tells which fee rules an undecided fee still waits on.
    req.explain = true;
    let rs = rules.set;
    let kind = match req.facts.get(rs.known.kind) {
        Some(Some(crate::ir::Value::Enum(m))) => rs.enums.get(rs.known.kind_enum).and_then(|e| e.members.get(usize::from(*m))).map(|m| m.label.to_string()),
        _ => None,
    };
    match crate::engine::answer(rs, &req, rules.conds) {
        Response::Service(s) => Ok(of(rs, &s, kind)),
        _ => Err(ApiError::new("/question", "a notice answers `question: service` only").with_zh("一次性告知单只适用于证书服务的办理")),
    }
}

/// The notice of answer `s`; `applicant` is the zh-CN label of the applicant kind the request
/// gave.
pub fn of(rs: &crate::ir::RuleSet, s: &ServiceResponse<'_>, applicant: Option<String>) -> Notice {
    let service = s.service.as_deref().map(|x| label(rs, "service", x).to_string()).unwrap_or_default();
    let verdict = match (s.allowed, &s.not_regulated) {
        (Some(true), _) => "可以办理",
        (Some(false), _) => "不予办理",
        (None, Some(_)) => "本地规定未涉及该业务，请向窗口咨询",
        (None, None) => "还需确认",
    };
    let needs = need_lines(s);
    let guide = Guide::of(rs, s);
    let missing = s.missing_documents.as_ref().map(|m| m.iter().map(|id| doc_name(s, id)).collect());
    Notice {
        region: s.region.name.to_string(),
        asked_region: s.asked_region.as_ref().map(|a| a.note.to_string()),
        applicant,
        service,
        as_of: s.as_of.as_deref().map(when).unwrap_or_default(),
        verdict: verdict.into(),
        refused: s.allowed == Some(false),
        conditions: applying(s),
        needs,
        guide,
        missing,
        where_: s.offices.iter().chain(s.referrals.iter().filter_map(|r| r.to.as_ref())).map(Where::of).collect(),
    }
}

/// What is still to be confirmed: one line per fact (the first mention of a label), each
/// rule waiting on it said once — under the first fact it waits on, not again under the
/// others.
fn need_lines(s: &ServiceResponse<'_>) -> Vec<NeedLine> {
    let mut said: Vec<(String, String)> = Vec::new();
    let mut out: Vec<NeedLine> = Vec::new();
    for n in &s.needs {
        if out.iter().any(|x| x.label == n.label.as_ref()) {
            continue;
        }
        let mut rules = Vec::new();
        for w in &n.rules {
            let Some(m) = &w.message else { continue };
            let key = (w.condition.to_string(), m.to_string());
            if said.contains(&key) {
                continue;
            }
            said.push(key);
            rules.push(Condition {
                severity: w.severity.map(|x| x.zh()).unwrap_or_default().into(),
                when: Some(w.condition.to_string()),
                message: m.to_string(),
                remedy: None,
                cite: super::cite(&w.source),
            });
        }
        let affects: Vec<&str> = n.affects.iter().map(|p| p.zh()).collect();
        out.push(NeedLine { label: n.label.to_string(), affects: affects.join("、"), rules });
    }
    out
}

/// The name of a missing document: from the answer's list or its branches.
fn doc_name(s: &ServiceResponse<'_>, id: &str) -> String {
    let own = s.documents.iter().flatten();
    let branched = s.branches.documents.iter().flatten().filter_map(|b| b.value.as_ref()).flat_map(|v| v.documents.iter().flatten());
    own.chain(branched).find(|d| d.id == id).map(|d| d.name.to_string()).unwrap_or_else(|| "（未列名的材料）".into())
}

/// Citations in order of first appearance, numbered from 1.
#[derive(Default)]
struct Refs(Vec<String>);

impl Refs {
    fn n(&mut self, cite: &str) -> usize {
        match self.0.iter().position(|c| c == cite) {
            Some(i) => i + 1,
            None => {
                self.0.push(cite.to_string());
                self.0.len()
            }
        }
    }
    fn mark(&mut self, cite: Option<&str>) -> String {
        match cite {
            Some(c) if !c.is_empty() => format!("〔{}〕", self.n(c)),
            _ => String::new(),
        }
    }
}

/// An output format's few primitives: the notice is written once, as calls on these.
trait Out {
    fn heading(&mut self, text: &str);
    fn para(&mut self, text: &str, class: &str);
    fn items(&mut self, items: &[String]);
    fn docs(&mut self, rows: &[[String; 5]]);
    fn raw(&mut self) -> &mut String;
}

struct Html(String);
/// Markdown: the CLI's (the WebAssembly build prints HTML only, which keeps it small).
#[cfg(feature = "cli")]
struct Md(String);

impl Out for Html {
    fn heading(&mut self, text: &str) {
        self.0.push_str(&format!("<h2>{}</h2>\n", esc(text)));
    }
    fn para(&mut self, text: &str, class: &str) {
        self.0.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(text)));
    }
    fn items(&mut self, items: &[String]) {
        self.0.push_str("<ul>\n");
        for i in items {
            self.0.push_str(&format!("<li>{}</li>\n", esc(i)));
        }
        self.0.push_str("</ul>\n");
    }
    fn docs(&mut self, rows: &[[String; 5]]) {
        self.0.push_str("<table class=\"docs\"><thead><tr><th class=\"n\">序号</th><th>材料名称</th><th class=\"c\">份数</th><th class=\"r\">要求</th><th class=\"s\">依据</th></tr></thead><tbody>\n");
        for r in rows {
            self.0.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td>{}</td><td class=\"c\">{}</td><td class=\"r\">{}</td><td class=\"s\">{}</td></tr>\n",
                esc(&r[0]),
                esc(&r[1]),
                esc(&r[2]),
                esc(&r[3]),
                esc(&r[4])
            ));
        }
        self.0.push_str("</tbody></table>\n");
    }
    fn raw(&mut self) -> &mut String {
        &mut self.0
    }
}

#[cfg(feature = "cli")]
impl Out for Md {
    fn heading(&mut self, text: &str) {
        self.0.push_str(&format!("## {text}\n\n"));
    }
    fn para(&mut self, text: &str, _class: &str) {
        self.0.push_str(&format!("{text}\n\n"));
    }
    fn items(&mut self, items: &[String]) {
        for i in items {
            self.0.push_str(&format!("- {i}\n"));
        }
        self.0.push('\n');
    }
    fn docs(&mut self, rows: &[[String; 5]]) {
        self.0.push_str("| 序号 | 材料名称 | 份数 | 要求 | 依据 |\n|---:|---|---|---|---|\n");
        for r in rows {
            let cells: Vec<String> = r.iter().map(|c| c.replace('|', "｜")).collect();
            self.0.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        self.0.push('\n');
    }
    fn raw(&mut self) -> &mut String {
        &mut self.0
    }
}

fn label_case(o: &mut dyn Out, when: &Option<String>) {
    if let Some(w) = when {
        o.para(&format!("若 {w}："), "case");
    }
}

fn doc_list(o: &mut dyn Out, refs: &mut Refs, l: &DocList) {
    let head = match (&l.why, l.items.is_empty()) {
        (Some(w), true) => format!("{}：{w}", l.status),
        (None, true) => l.status.clone(),
        _ => String::new(),
    };
    if !head.is_empty() {
        let m = refs.mark(l.cite.as_deref());
        o.para(&format!("{head}{m}"), "");
    }
    if !l.items.is_empty() {
        let rows: Vec<[String; 5]> = l
            .items
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let name = match &d.condition {
                    Some(c) => format!("{}（{c}）", d.name),
                    None => d.name.clone(),
                };
                [(i + 1).to_string(), name, d.copies.clone(), d.requires.clone(), refs.mark(Some(&d.cite))]
            })
            .collect();
        o.docs(&rows);
    }
    let mut notes = l.notes.clone();
    if let Some(w) = &l.incomplete {
        notes.insert(0, format!("所列材料不完整：{w}"));
    }
    if !notes.is_empty() {
        o.items(&notes);
    }
}

fn fee(o: &mut dyn Out, refs: &mut Refs, f: &FeeView) {
    let amount = f.amount.as_deref().map(|a| format!(" {a}")).unwrap_or_default();
    let m = refs.mark(f.cite.as_deref());
    o.para(&format!("{}{amount}{m}", f.status), "");
    let mut lines: Vec<String> = f.items.iter().chain(f.notes.iter()).cloned().collect();
    for x in &f.options {
        let amount = x.fee.amount.as_deref().map(|a| format!(" {a}")).unwrap_or_default();
        let items: String = x.fee.items.iter().map(|i| format!("；{i}")).collect();
        let notes: String = x.fee.notes.iter().map(|n| format!("（{n}）")).collect();
        let when = x.when.as_deref().map(|w| format!("若{w}")).unwrap_or_else(|| "其他情形".into());
        lines.push(format!("{when}：{}{amount}{}{items}{notes}", x.fee.status, refs.mark(x.fee.cite.as_deref())));
    }
    if !lines.is_empty() {
        o.items(&lines);
    }
}

fn cases<T>(o: &mut dyn Out, refs: &mut Refs, cs: &[Case<T>], each: impl Fn(&mut dyn Out, &mut Refs, &T)) {
    for c in cs {
        label_case(o, &c.when);
        each(o, refs, &c.value);
    }
}

fn conditions(o: &mut dyn Out, refs: &mut Refs, n: &Notice) {
    let mut lines = Vec::new();
    for c in &n.conditions {
        let remedy = c.remedy.as_deref().map(|r| format!("（处理办法：{r}）")).unwrap_or_default();
        lines.push(format!("【{}】{}{remedy}{}", c.severity, c.message, refs.mark(Some(&c.cite))));
    }
    if !lines.is_empty() {
        o.items(&lines);
    }
}

/// The section numbers, in order.
const NUMBERS: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];

/// Numbers the notice's sections in the order they are written.
#[derive(Default)]
struct Sections(usize);

impl Sections {
    fn next(&mut self, o: &mut dyn Out, title: &str) {
        let n = NUMBERS.get(self.0).copied().unwrap_or("");
        self.0 += 1;
        o.heading(&format!("{n}、{title}"));
    }
}

/// 还需确认: one line per fact, with the refusals and advice that wait on it.
fn questions(o: &mut dyn Out, refs: &mut Refs, n: &Notice) {
    let lines: Vec<String> = n
        .needs
        .iter()
        .map(|x| {
            let why: Vec<String> =
                x.rules.iter().map(|c| format!("若{}：{}{}", c.when.as_deref().unwrap_or(""), c.message, refs.mark(Some(&c.cite)))).collect();
            if why.is_empty() { format!("{}（影响{}）", x.label, x.affects) } else { format!("{}（影响{}）：{}", x.label, x.affects, why.join("；")) }
        })
        .collect();
    o.items(&lines);
}

/// Writes the body shared by both formats: the verdict, then what is still to be confirmed
/// (the questions to ask first), then documents, fee, time limit, office hours, offices.
fn body(o: &mut dyn Out, n: &Notice) -> Refs {
    let mut refs = Refs::default();
    let mut no = Sections::default();
    o.heading("办理结论");
    o.para(&n.verdict, if n.refused { "verdict deny" } else { "verdict" });
    if let Some(a) = &n.asked_region {
        o.para(a, "note");
    }
    conditions(o, &mut refs, n);
    if !n.needs.is_empty() {
        no.next(o, "还需确认");
        questions(o, &mut refs, n);
    }
    if !n.guide.assumed.is_empty() {
        no.next(o, "本答复所作假设");
        let lines: Vec<String> = n.guide.assumed.iter().map(|a| format!("{}{}", a.sentence, refs.mark(Some(&a.cite)))).collect();
        o.items(&lines);
    }
    no.next(o, "所需材料");
    cases(o, &mut refs, &n.guide.documents, doc_list);
    if let Some(m) = &n.missing {
        no.next(o, "尚缺材料");
        if m.is_empty() {
            o.para("无（所列材料已齐全）", "");
        } else {
            o.para(&format!("共{}项：{}", m.len(), m.join("、")), "deny");
        }
    }
    no.next(o, "收费");
    cases(o, &mut refs, &n.guide.fee, fee);
    no.next(o, "办结时限");
    cases(o, &mut refs, &n.guide.deadline, |o, refs, d| match d {
        Some(d) => o.para(&format!("{}前办结（{}）{}", d.due, d.basis, refs.mark(Some(&d.cite))), ""),
        None => o.para(SILENT, ""),
    });
    if let Some(v) = &n.guide.validity {
        no.next(o, "证书有效期");
        o.para(v, "");
    }
    no.next(o, "办理时间");
    cases(o, &mut refs, &n.guide.hours, |o, refs, h| match h {
        Some(h) => {
            o.para(&format!("{}{}", h.text, refs.mark(Some(&h.cite))), "");
            if !h.notes.is_empty() {
                o.items(&h.notes);
            }
        }
        None => o.para(SILENT, ""),
    });
    if !n.where_.is_empty() {
        o.heading("办理地点");
        // One line per office, so that the notice stays on one A4 page.
        let offices: Vec<String> = n
            .where_
            .iter()
            .map(|w| {
                let when = w.condition.as_deref().map(|c| format!("（若{c}）")).unwrap_or_default();
                let lines: Vec<String> = w.lines.iter().map(|l| format!("{}：{}", l.label, l.text)).collect();
                format!("{}{when}{}：{}", w.name, refs.mark(w.cite.as_deref()), lines.join("；"))
            })
            .collect();
        o.items(&offices);
    }
    refs
}

fn meta(n: &Notice) -> Vec<String> {
    let mut m = vec![format!("地区：{}", n.region)];
    if let Some(a) = &n.applicant {
        m.push(format!("申请人：{a}"));
    }
    m.push(format!("办理事项：{}", n.service));
    m.push(format!("受理时间：{}", n.as_of));
    m
}

/// The citations grouped by document: (`《…》`, "〔1〕四 注　〔2〕四（一）2"), documents in order
/// of first citation.
fn grouped(refs: &Refs) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (i, c) in refs.0.iter().enumerate() {
        let (doc, art) = match c.rfind('》') {
            Some(p) => c.split_at(p + '》'.len_utf8()),
            None => (c.as_str(), ""),
        };
        let item = format!("〔{}〕{}", i + 1, art.trim());
        match out.iter_mut().find(|(d, _)| d == doc) {
            Some((_, a)) => {
                a.push('　');
                a.push_str(&item);
            }
            None => out.push((doc.to_string(), item)),
        }
    }
    out
}

const SIGN: &str = "告知人（签字）：＿＿＿＿＿＿　　申请人（签收）：＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日";
const FOOT: &str = "本告知单依据所引规定一次性告知所需材料及办理要求；规定未明确之处以受理窗口解释为准。";

/// The notice as a complete HTML page (A4, printable).
pub fn html(n: &Notice) -> String {
    let mut o = Html(String::new());
    let title = format!("一次性告知单 {} {}", n.region, n.service);
    o.0.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body class=\"notice\">\n<h1>一次性告知单</h1>\n<p class=\"meta\">",
        esc(&title)
    ));
    for m in meta(n) {
        o.0.push_str(&format!("<span>{}</span>", esc(&m)));
    }
    o.0.push_str("</p>\n");
    let refs = body(&mut o, n);
    // The citations, signature lines and footer stay together, and with what comes before
    // (print.css `.end`): never a last page holding only the footer.
    o.0.push_str("<div class=\"end\">\n<h2>依据</h2>\n<ul class=\"cites\">\n");
    for (doc, arts) in grouped(&refs) {
        o.0.push_str(&format!("<li>{}：{}</li>\n", esc(&doc), esc(&arts)));
    }
    o.0.push_str("</ul>\n");
    o.raw().push_str(&format!("<p class=\"sign\">{}</p>\n<p class=\"foot\">{}</p>\n</div>\n</body>\n</html>\n", esc(SIGN), esc(FOOT)));
    o.0
}

/// The notice as Markdown (feature `cli`).
#[cfg(feature = "cli")]
pub fn md(n: &Notice) -> String {
    let mut o = Md(String::new());
    o.0.push_str("# 一次性告知单\n\n");
    o.0.push_str(&meta(n).join("　"));
    o.0.push_str("\n\n");
    let refs = body(&mut o, n);
    o.0.push_str("## 依据\n\n");
    for (doc, arts) in grouped(&refs) {
        o.0.push_str(&format!("- {doc}：{arts}\n"));
    }
    o.raw().push_str(&format!("\n{SIGN}\n\n{FOOT}\n"));
    o.0
}
