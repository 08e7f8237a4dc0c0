//! One service answer as the parts a printed page shows, in zh-CN: fee, documents, time
//! limit, office hours and certificate media, each as labelled cases (one case without a
//! label when the request decides it; the answer's branches otherwise), every line with its
//! citation. Built from the typed answer only: no rule logic here.

use super::{cite, cite_opt, label};
use crate::answer::*;
use crate::api::labels::{Labelled, when};
use crate::ir::RuleSet;
use serde::Serialize;

/// What the page says where the regulation is silent.
pub const SILENT: &str = "规定未明确";

/// One case of a part: `when` is the zh-CN condition of a branch, `None` when the request
/// decides the part.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Case<T> {
    /// The branch's condition ("办理方式：现场办理；…"), or none.
    pub when: Option<String>,
    /// The part in that case.
    pub value: T,
}

/// A document to present.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocLine {
    /// Its name.
    pub name: String,
    /// "1份", or "份数未规定".
    pub copies: String,
    /// What it must carry (加盖公章、原件…), joined; empty when nothing.
    pub requires: String,
    /// "仅当…时提交", when the item is listed only under a condition the request leaves open.
    pub condition: Option<String>,
    /// Its article: "《…》 四（一）1".
    pub cite: String,
}

/// A documents list: its status in zh-CN ("已列明", "无需提交", "规定未明确", "还需确认").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocList {
    /// The list's status, zh-CN.
    pub status: String,
    /// The items, numbered in order (empty unless listed).
    pub items: Vec<DocLine>,
    /// Why nothing is listed, or why nothing is needed.
    pub why: Option<String>,
    /// Why the regulation's list is open-ended ("等").
    pub incomplete: Option<String>,
    /// Notes and labelled assumptions of the rule.
    pub notes: Vec<String>,
    /// The article of the list.
    pub cite: Option<String>,
}

/// A fee.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeeView {
    /// Status, zh-CN ("免费", "限价（最高不超过）", "规定未明确", …).
    pub status: String,
    /// "300.00 元" (the total, or the cap), when there is one.
    pub amount: Option<String>,
    /// Items: "证书费 300.00 元（每年）× 1".
    pub items: Vec<String>,
    /// Notes and assumptions.
    pub notes: Vec<String>,
    /// The fee's (or the cap's) article.
    pub cite: Option<String>,
    /// When the fee is undecided: every fee the rules give that can still apply, each with
    /// its condition and article (empty otherwise).
    pub options: Vec<super::reach::FeeOption>,
}

/// A processing time limit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeadlineView {
    /// The regulation's wording ("5个工作日内办结").
    pub basis: String,
    /// When it falls for this request: "2026年11月27日 23:59".
    pub due: String,
    /// Notes and assumptions.
    pub notes: Vec<String>,
    /// Its article.
    pub cite: String,
}

/// Office hours.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HoursView {
    /// "夏季 上午 9:00-12:00，下午 14:30-17:30（法定工作日）": the season of the request's date.
    pub text: String,
    /// Every season of the rule ("夏季 …；冬季 …"), when it has more than one: what a guide
    /// for the whole year shows.
    pub seasons: Option<String>,
    /// What the rule assumes, where the regulation is silent.
    pub notes: Vec<String>,
    /// Its article.
    pub cite: String,
}

/// A refusal, warning, advice, obligation or referral that applies or can apply.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Condition {
    /// "不予办理", "注意", "提示", "须履行" or "另行办理".
    pub severity: String,
    /// When it applies, zh-CN; none when it applies to this request.
    pub when: Option<String>,
    /// The regulation's words.
    pub message: String,
    /// What to do about it.
    pub remedy: Option<String>,
    /// Its article.
    pub cite: String,
}

/// The parts of one service answer a page shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Guide {
    /// Fee, by case.
    pub fee: Vec<Case<FeeView>>,
    /// Documents, by case.
    pub documents: Vec<Case<DocList>>,
    /// Time limit by case (`None`: the regulation sets none).
    pub deadline: Vec<Case<Option<DeadlineView>>>,
    /// Office hours by case (`None`: the regulation sets none).
    pub hours: Vec<Case<Option<HoursView>>>,
    /// Certificate media, with its article.
    pub media: Option<String>,
    /// How long the certificate issued is valid, with its article.
    pub validity: Option<String>,
    /// What the answer assumed where the request is silent (本答复所作假设), each sentence
    /// ("假设：…") with its article; empty when the answer assumed nothing.
    pub assumed: Vec<Assumed>,
}

/// An assumption the answer made: its sentence and the article it rests on.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Assumed {
    /// "假设：…", as the answer words it.
    pub sentence: String,
    /// Its article: "《…》 二（一）".
    pub cite: String,
}

/// The assumptions of answer `s`: each default it used (its `assumed` part), as the
/// sentence a clerk reads and its citation (empty for an uncited default).
pub fn assumed(s: &ServiceResponse<'_>) -> Vec<Assumed> {
    s.assumed.iter().map(|a| Assumed { sentence: a.sentence.to_string(), cite: a.source.as_ref().map(cite).unwrap_or_default() }).collect()
}

fn notes(n: &[Str<'_>], a: &[Str<'_>]) -> Vec<String> {
    n.iter().map(|x| format!("注：{x}")).chain(a.iter().map(|x| format!("假设：{x}"))).collect()
}

/// A fee as shown.
pub fn fee(f: &Fee<'_>) -> FeeView {
    let status = if f.status == FeeStatus::Unspecified { SILENT } else { f.status.zh() };
    FeeView {
        status: status.to_string(),
        amount: f.amount.map(|a| format!("{a} 元")),
        items: f.items.iter().map(|i| format!("{} {} 元（{}）× {}", i.label, i.amount, i.per.zh(), i.quantity)).collect(),
        notes: notes(&f.cited.notes, &f.cited.assumptions),
        cite: cite_opt(f.cited.source.as_ref()),
        options: vec![],
    }
}

/// A documents list as shown; `rs` labels what items must carry.
pub fn documents(rs: &RuleSet, docs: Option<&[DocumentOut<'_>]>, info: &DocumentsInfo<'_>) -> DocList {
    let status = match info.status {
        ListStatus::Unspecified => SILENT,
        s => s.zh(),
    };
    let items = docs
        .unwrap_or(&[])
        .iter()
        .map(|d| DocLine {
            name: d.name.to_string(),
            copies: d.copies.map(|n| format!("{n}份")).unwrap_or_else(|| "份数未规定".into()),
            requires: std::iter::once(crate::api::labels::forms(rs, &d.forms))
                .filter(|f| !f.is_empty())
                .chain(d.requires.iter().map(|r| label(rs, "requirement", r).to_string()))
                .collect::<Vec<_>>()
                .join("、"),
            condition: d.condition.as_ref().map(|c| c.to_string()),
            cite: cite(&d.source),
        })
        .collect();
    DocList {
        status: status.to_string(),
        items,
        why: info.why.as_ref().map(|w| w.to_string()),
        incomplete: info.incomplete.as_ref().map(|w| w.to_string()),
        notes: notes(&info.cited.notes, &info.cited.assumptions),
        cite: cite_opt(info.cited.source.as_ref()),
    }
}

/// A time limit as shown.
pub fn deadline(d: Option<&Deadline<'_>>) -> Option<DeadlineView> {
    d.map(|d| DeadlineView { basis: d.basis.to_string(), due: when(&d.due), notes: notes(&d.cited.notes, &d.cited.assumptions), cite: cite(&d.cited.source) })
}

/// Office hours as shown; `rs` gives the other seasons of the rule.
pub fn hours(rs: &RuleSet, h: Option<&OfficeHours<'_>>) -> Option<HoursView> {
    h.map(|h| {
        let mut n = notes(&h.cited.notes, &h.cited.assumptions);
        if let Some(a) = &h.assumption {
            n.push(format!("假设：{a}"));
        }
        HoursView {
            text: format!("{} {}（{}）", h.season_label, h.periods.join("，"), h.days.zh()).trim().to_string(),
            seasons: seasons(rs, &h.cited.rule),
            notes: n,
            cite: cite(&h.cited.source),
        }
    })
}

/// Every season of hours rule `rule`, when it has more than one.
fn seasons(rs: &RuleSet, rule: &str) -> Option<String> {
    use crate::ir::{AsStr, Body};
    let r = rs.rules.iter().find(|r| r.id.as_str() == rule)?;
    let Body::Hours(h) = &r.body else { return None };
    if h.seasons.len() < 2 {
        return None;
    }
    let each: Vec<String> = h
        .seasons
        .iter()
        .map(|s| {
            let p: Vec<String> = s.periods.iter().map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M"))).collect();
            let days = DaySet::LABELS.iter().find(|(_, id, _)| *id == s.days.as_str()).map(|x| x.2).unwrap_or_default();
            format!("{} {}（{days}）", s.label, p.join("，"))
        })
        .collect();
    Some(each.join("；"))
}

/// The cases of a part: the answer's own value when there are no branches, else one case
/// per branch (a branch without a value is shown by `undecided`).
fn cases<B, T>(own: impl FnOnce() -> T, branches: Option<&[Branch<'_, B>]>, each: impl Fn(&B) -> T, undecided: impl Fn() -> T) -> Vec<Case<T>> {
    match branches {
        Some(bs) if !bs.is_empty() => {
            bs.iter().map(|b| Case { when: Some(b.condition.to_string()), value: b.value.as_ref().map(&each).unwrap_or_else(&undecided) }).collect()
        }
        _ => vec![Case { when: None, value: own() }],
    }
}

/// A documents case the answer leaves undecided: 还需确认, naming each fact it still needs
/// once — those among the answer's needs that decide the documents, when any is.
fn undecided_docs(rs: &RuleSet, s: &ServiceResponse<'_>, still: &[Str<'_>]) -> DocList {
    let deciding = |f: &Str<'_>| s.needs.iter().any(|n| n.fact == *f && n.affects.contains(&Part::Documents));
    let shown: Vec<&Str<'_>> = if still.iter().any(deciding) { still.iter().filter(|f| deciding(f)).collect() } else { still.iter().collect() };
    let mut labels: Vec<String> = Vec::new();
    for f in shown {
        let l = rs.fact(f).and_then(|i| rs.facts.get(i)).map(|x| x.label.to_string()).unwrap_or_else(|| f.to_string());
        if !labels.contains(&l) {
            labels.push(l);
        }
    }
    DocList {
        status: ListStatus::Undetermined.zh().into(),
        items: vec![],
        why: (!labels.is_empty()).then(|| format!("尚需{}", labels.join("、"))),
        incomplete: None,
        notes: vec![],
        cite: None,
    }
}

/// The fee by case: a branch the answer leaves undecided (or an undecided fee without
/// branches) lists every fee rule that can still apply, with its condition
/// ([`super::reach::fee_options`], from the answer's trace).
fn fee_cases(rs: &RuleSet, s: &ServiceResponse<'_>) -> Vec<Case<FeeView>> {
    let undecided = |when: &[Constraint<'_>]| FeeView {
        status: FeeStatus::Undetermined.zh().into(),
        amount: None,
        items: vec![],
        notes: vec![],
        cite: None,
        options: super::reach::fee_options(rs, s, when),
    };
    match s.branches.fee.as_deref() {
        Some(bs) if !bs.is_empty() => bs
            .iter()
            .map(|b| Case { when: Some(b.condition.to_string()), value: b.value.as_ref().map(|x| fee(&x.fee)).unwrap_or_else(|| undecided(&b.when)) })
            .collect(),
        _ if s.fee.status == FeeStatus::Undetermined => vec![Case { when: None, value: undecided(&[]) }],
        _ => vec![Case { when: None, value: fee(&s.fee) }],
    }
}

impl Guide {
    /// The parts of answer `s`, labelled by `rs`'s vocabulary.
    pub fn of(rs: &RuleSet, s: &ServiceResponse<'_>) -> Guide {
        let b = &s.branches;
        Guide {
            fee: fee_cases(rs, s),
            documents: match b.documents.as_deref() {
                Some(bs) if !bs.is_empty() => bs
                    .iter()
                    .map(|x| Case {
                        when: Some(x.condition.to_string()),
                        value: match &x.value {
                            Some(v) => documents(rs, v.documents.as_deref(), &v.documents_info),
                            None => undecided_docs(rs, s, &x.still_needs),
                        },
                    })
                    .collect(),
                _ => vec![Case { when: None, value: documents(rs, s.documents.as_deref(), &s.documents_info) }],
            },
            deadline: cases(|| deadline(s.deadline.as_ref()), b.deadline.as_deref(), |x| deadline(x.deadline.as_ref()), || None),
            hours: cases(|| hours(rs, s.office_hours.as_ref()), b.office_hours.as_deref(), |x| hours(rs, x.office_hours.as_ref()), || None),
            media: s.certificate.as_ref().map(|c| format!("{}（依据：{}）", label(rs, "media", &c.media), cite(&c.cited.source))),
            validity: s.validity.as_ref().map(|v| format!("{}（依据：{}）", v.basis, cite(&v.cited.source))),
            assumed: assumed(s),
        }
    }
}

/// The findings and obligations of answer `s` that apply to it, in order: refusals first.
pub fn applying(s: &ServiceResponse<'_>) -> Vec<Condition> {
    let mut out: Vec<Condition> = s
        .findings
        .iter()
        .map(|f| Condition {
            severity: f.severity.zh().into(),
            when: None,
            message: f.message.to_string(),
            remedy: f.remedy.as_ref().map(|r| r.to_string()),
            cite: cite_opt(f.cited.source.as_ref()).unwrap_or_default(),
        })
        .collect();
    out.extend(s.obligations.iter().map(|o| Condition {
        severity: crate::api::labels::OBLIGE.into(),
        when: None,
        message: o.message.to_string(),
        remedy: o.remedy.as_ref().map(|r| r.to_string()),
        cite: cite(&o.cited.source),
    }));
    out.extend(s.referrals.iter().map(|r| Condition {
        severity: crate::api::labels::REFER.into(),
        when: None,
        message: match &r.to {
            Some(o) => format!("{}（{}）", r.message, o.name),
            None => r.message.to_string(),
        },
        remedy: r.remedy.as_ref().map(|x| x.to_string()),
        cite: cite(&r.cited.source),
    }));
    by_rank(out)
}

/// `conditions` in [`rank`] order, stable within each rank (by buckets: no sort code in the
/// WebAssembly build).
pub fn by_rank(conditions: Vec<Condition>) -> Vec<Condition> {
    let mut buckets: [Vec<Condition>; 4] = Default::default();
    for c in conditions {
        let r = rank(&c.severity).min(3);
        if let Some(b) = buckets.get_mut(r) {
            b.push(c);
        }
    }
    buckets.into_iter().flatten().collect()
}

/// Refusals first, then obligations, warnings, advice (a stable order within each).
pub fn rank(severity: &str) -> usize {
    [Severity::Deny.zh(), crate::api::labels::OBLIGE, Severity::Warn.zh()].iter().position(|s| *s == severity).unwrap_or(3)
}
