//! A readable zh-CN view of answers, for a clerk at the service window, rendered from the
//! typed answer. An undetermined answer reads "还需确认", never "可以办理".

use super::labels::Labelled;
use crate::answer::*;
use crate::ir::{AsStr, RuleSet};
use std::fmt::Write;

use super::labels::member as label;

pub use super::labels::when;

/// The zh-CN name of document item `id`: from the answer's list, else from any list of the
/// rule set (the id only if no list names it).
fn doc_name<'a>(rs: &'a RuleSet, listed: Option<&'a [DocumentOut]>, id: &'a str) -> &'a str {
    if let Some(d) = listed.and_then(|l| l.iter().find(|d| d.id == id)) {
        return &d.name;
    }
    rs.rules
        .iter()
        .find_map(|r| match &r.body {
            crate::ir::Body::Documents(crate::ir::DocList::Items(items, _)) => items.iter().find(|i| i.id.as_str() == id).map(|i| i.name.as_str()),
            _ => None,
        })
        .unwrap_or(id)
}

fn cite(s: Option<&SourceOut>) -> String {
    match s {
        Some(src) => format!("（依据：{} {}）", src.document, src.article),
        None => String::new(),
    }
}

fn list(o: &mut String, rs: &RuleSet, docs: &Option<Vec<DocumentOut>>, info: &DocumentsInfo, indent: &str) {
    match (docs, info.status) {
        (_, ListStatus::Undetermined) => {
            let _ = writeln!(o, "{indent}所需材料：还需确认（取决于请求未提供的信息，见下）");
        }
        (Some(items), _) if items.is_empty() => {
            let why = info.why.as_deref().map(|w| format!("（{w}）")).unwrap_or_default();
            let _ = writeln!(o, "{indent}所需材料：无需提交材料{why}{}", cite(info.cited.source.as_ref()));
        }
        (Some(items), _) => {
            let _ = writeln!(o, "{indent}所需材料：{}", cite(info.cited.source.as_ref()));
            for (i, d) in items.iter().enumerate() {
                let copies = d.copies.map(|n| format!("{n}份")).unwrap_or_else(|| "份数未规定".to_string());
                let forms = crate::api::labels::forms(rs, &d.forms);
                let req: Vec<&str> =
                    std::iter::once(forms.as_str()).filter(|f| !f.is_empty()).chain(d.requires.iter().map(|r| label(rs, "requirement", r))).collect();
                let req = if req.is_empty() { String::new() } else { format!("，{}", req.join("、")) };
                let cond = d.condition.as_deref().map(|c| format!("【{c}】")).unwrap_or_default();
                let _ = writeln!(o, "{indent}  {}. {}（{copies}{req}）{cond}{}", i + 1, d.name, cite(Some(&d.source)));
            }
            if let Some(w) = &info.incomplete {
                let _ = writeln!(o, "{indent}  （所列材料不完整：{w}）");
            }
        }
        (None, _) => {
            let why = info.why.as_deref().map(|w| format!("：{w}")).unwrap_or_default();
            let _ = writeln!(o, "{indent}所需材料：规定未列明{why}{}", cite(info.cited.source.as_ref()));
        }
    }
    for n in info.cited.notes.iter() {
        let _ = writeln!(o, "{indent}  注：{n}");
    }
    for a in info.cited.assumptions.iter() {
        let _ = writeln!(o, "{indent}  假设：{a}");
    }
}

/// The certificate's validity: the term, and the last day where the answer gives it.
fn validity(o: &mut String, v: Option<&Validity>) {
    let Some(v) = v else { return };
    let term = if v.months % 12 == 0 { format!("{}年", v.months / 12) } else { format!("{}个月", v.months) };
    let until = v.expires_on.as_ref().map(|d| format!("，至{d}")).unwrap_or_default();
    let from = v.counts_from.as_ref().map(|e| format!("，自{}{}起算", e.label, when(&e.at))).unwrap_or_default();
    let _ = writeln!(o, "证书有效期：{term}{until}（{}{from}）{}", v.basis, cite(Some(&v.cited.source)));
}

fn needs(o: &mut String, needs: &[Need]) {
    if needs.is_empty() {
        return;
    }
    let _ = writeln!(o, "还需确认：");
    for n in needs {
        let choices = n.choices.as_ref().map(|c| format!("（{}）", c.iter().map(|x| x.label.as_ref()).collect::<Vec<_>>().join("／"))).unwrap_or_default();
        let affects: Vec<&str> = n.affects.iter().map(|p| part_label(*p)).collect();
        let _ = writeln!(o, "  - {}{choices} —— 影响：{}", n.label, affects.join("、"));
        for w in &n.rules {
            let what = w.message.as_deref().map(|m| format!("：{m}")).unwrap_or_default();
            let _ = writeln!(o, "      若{}{what}{}", w.condition, cite(Some(&w.source)));
        }
    }
}

/// 现场办理时间: the season's periods, the assumption that picked the season, and what the
/// text leaves open about holidays.
fn hours(o: &mut String, h: &OfficeHours) {
    let _ = writeln!(o, "现场办理时间：{} {}{}", h.season_label, h.periods.join("，"), cite(Some(&h.cited.source)));
    if let Some(a) = &h.assumption {
        let _ = writeln!(o, "  （假设：{a}）");
    }
    if let Some(x) = &h.holidays {
        let _ = writeln!(o, "  {x}");
    }
}

/// 本答复所作假设: each default the answer used, with its citation (a clerk who knows
/// better answers the fact and asks again).
fn assumed(o: &mut String, assumed: &[Assumed]) {
    if assumed.is_empty() {
        return;
    }
    let _ = writeln!(o, "本答复所作假设（如与实际不符，请说明后重新判断）：");
    for a in assumed {
        let _ = writeln!(o, "  - {}{}", a.sentence, cite(a.source.as_ref()));
    }
}

fn part_label(p: Part) -> &'static str {
    p.zh()
}

fn fee(o: &mut String, fee: &Fee, indent: &str) {
    let status = fee.status.zh();
    let amount = fee.amount.map(|a| format!(" {a} 元")).unwrap_or_default();
    let _ = writeln!(o, "{indent}费用：{status}{amount}{}", cite(fee.cited.source.as_ref()));
    for it in &fee.items {
        let per = it.per.zh();
        let _ = writeln!(o, "{indent}  - {} {} 元（{per}）× {}", it.label, it.amount, it.quantity);
    }
    for n in fee.cited.notes.iter() {
        let _ = writeln!(o, "{indent}  注：{n}");
    }
    for a in fee.cited.assumptions.iter() {
        let _ = writeln!(o, "{indent}  假设：{a}");
    }
}

fn deadline(o: &mut String, d: &Option<Deadline>, indent: &str) {
    match d {
        Some(d) => {
            let from = d.counts_from.as_ref().map(|e| format!("，自{}{}起算", e.label, when(&e.at))).unwrap_or_default();
            let _ = writeln!(o, "{indent}办结时限：{}（{}{from}）{}", when(&d.due), d.basis, cite(Some(&d.cited.source)));
        }
        None => {
            let _ = writeln!(o, "{indent}办结时限：规定未明确");
        }
    }
}

fn findings(o: &mut String, fs: &[Finding]) {
    for x in fs {
        let sev = x.severity.zh();
        let _ = writeln!(o, "  【{sev}】{}{}", x.message, cite(x.cited.source.as_ref()));
        if let Some(rem) = &x.remedy {
            let _ = writeln!(o, "        处理办法：{rem}");
        }
        for a in x.cited.assumptions.iter() {
            let _ = writeln!(o, "        假设：{a}");
        }
    }
}

/// The document checklist of a clerk's query.
pub fn documents(a: &DocumentsAnswer, rs: &RuleSet) -> String {
    let mut o = String::new();
    if a.documents_info.status == ListStatus::Undetermined && a.branches.documents.is_none() {
        let labels: Vec<&str> = a.needs.iter().map(|n| n.label.as_ref()).collect();
        let _ = writeln!(o, "所需材料：还需确认（尚需：{}）", labels.join("、"));
    } else {
        list(&mut o, rs, &a.documents, &a.documents_info, "");
    }
    if let Some(bs) = &a.branches.documents {
        for b in bs {
            let _ = writeln!(o, "【若 {}】", b.condition);
            match &b.value {
                Some(v) => list(&mut o, rs, &v.documents, &v.documents_info, "  "),
                None => {
                    let _ = writeln!(o, "  所需材料：还需确认（尚需：{}）", still_needs(rs, &b.still_needs, &a.needs));
                }
            }
        }
    }
    needs(&mut o, &a.needs);
    assumed(&mut o, &a.assumed);
    offices(&mut o, &a.offices);
    for x in &a.findings {
        let _ = writeln!(o, "  【{}】{}", x.severity.zh(), x.message);
    }
    o
}

/// The labels of the facts a branch still needs, those among `needs` (the facts deciding
/// the part) when any is, joined.
fn still_needs(rs: &RuleSet, still: &[Str], needs: &[Need]) -> String {
    let deciding: Vec<&Str> = still.iter().filter(|f| needs.iter().any(|n| n.fact == **f)).collect();
    let shown: Vec<&Str> = if deciding.is_empty() { still.iter().collect() } else { deciding };
    let labels: Vec<String> =
        shown.iter().map(|f| rs.fact(f).and_then(|i| rs.facts.get(i)).map(|x| x.label.to_string()).unwrap_or_else(|| f.to_string())).collect();
    labels.join("、")
}

/// Obligations (须履行) and referrals elsewhere (另行办理, with the office a referral names).
fn duties(o: &mut String, obligations: &[Obligation], referrals: &[Referral]) {
    for ob in obligations {
        let _ = writeln!(o, "  【{}】{}{}", super::labels::OBLIGE, ob.message, cite(Some(&ob.cited.source)));
        if let Some(rem) = &ob.remedy {
            let _ = writeln!(o, "        办法：{rem}");
        }
    }
    for r in referrals {
        let to = r.to.as_ref().map(|x| format!("（{}）", x.name)).unwrap_or_default();
        let _ = writeln!(o, "  【{}】{}{to}{}", super::labels::REFER, r.message, cite(Some(&r.cited.source)));
        if let Some(rem) = &r.remedy {
            let _ = writeln!(o, "        办法：{rem}");
        }
    }
    offices(o, &referrals.iter().filter_map(|r| r.to.clone()).collect::<Vec<_>>());
}

/// Where to go and whom to call: each office with its address, window, hotlines, online
/// service and forms, and its citation; one whose condition is undetermined under 【若 …】.
fn offices(o: &mut String, offices: &[OfficeOut]) {
    for x in offices {
        let when = x.condition.as_deref().map(|c| format!("【若 {c}】")).unwrap_or_default();
        let _ = writeln!(o, "办理地点：{when}{}{}", x.name, cite(Some(&x.cited.source)));
        let show = |o: &mut String, what: &str, lines: &[ContactLine]| {
            if !lines.is_empty() {
                let _ = writeln!(o, "  {what}：{}", lines.iter().map(ContactLine::shown).collect::<Vec<_>>().join("；"));
            }
        };
        if let Some(a) = &x.address {
            let _ = writeln!(o, "  地址：{a}");
        }
        if let Some(w) = &x.window {
            let _ = writeln!(o, "  窗口：{w}");
        }
        show(o, "咨询电话", &x.hotlines);
        show(o, "在线办理", &x.online);
        show(o, "表格下载", &x.forms);
        show(o, "电子邮箱", &x.emails);
        show(o, "微信", &x.wechat);
        show(o, "小程序", &x.mini_programs);
        for n in x.cited.notes.iter() {
            let _ = writeln!(o, "  注：{n}");
        }
    }
}

/// `--explain`: each rule consulted, in zh-CN — result, kind and citation, its condition
/// described, the facts it read with their values, and the rules an exception set aside
/// (named by their citations; no rule ids).
fn trace(o: &mut String, trace: Option<&[TraceEntry]>) {
    let Some(trace) = trace else { return };
    let _ = writeln!(o, "判断过程（共 {} 条规定）：", trace.len());
    for t in trace {
        let _ = writeln!(o, "  [{}] {}：{} {}", t.result.zh(), t.kind.zh(), t.source.document, t.source.article);
        let _ = writeln!(o, "      条件：{}", if t.condition_zh.is_empty() { "无（总是适用）" } else { &t.condition_zh });
        if !t.facts.is_empty() {
            let read: Vec<String> = t.facts.iter().map(|f| format!("{}＝{}", f.label, f.value_zh.as_deref().unwrap_or("（未提供）"))).collect();
            let _ = writeln!(o, "      已知：{}", read.join("；"));
        }
        if !t.overrode.is_empty() {
            let cites: Vec<String> = t
                .overrode
                .iter()
                .filter_map(|id| trace.iter().find(|x| x.rule == *id))
                .map(|x| format!("{} {}", x.source.document, x.source.article))
                .collect();
            let _ = writeln!(o, "      优先于：{}", cites.join("；"));
        }
    }
}

/// Renders any answer as zh-CN text; labels come from the rule set's vocabulary.
pub fn render(r: &Response, rs: &RuleSet) -> String {
    let mut o = String::new();
    match r {
        Response::Service(s) => {
            let _ = writeln!(o, "地区：{}（{}）", s.region.name, s.region.code);
            if let Some(a) = &s.asked_region {
                let _ = writeln!(o, "  {}", a.note);
            }
            let _ = writeln!(
                o,
                "服务：{}    受理时间：{}",
                s.service.as_deref().map(|x| label(rs, "service", x)).unwrap_or(""),
                s.as_of.as_deref().map(when).unwrap_or_default()
            );
            let verdict = match (s.allowed, &s.not_regulated) {
                (Some(true), _) => "可以办理".to_string(),
                (Some(false), _) => "不予办理".to_string(),
                (None, Some(n)) => format!("本地规定未涉及（{}）", n.message),
                (None, None) => "还需确认（尚缺判断所需信息，见“还需确认”）".to_string(),
            };
            let _ = writeln!(o, "结论：{verdict}");
            findings(&mut o, &s.findings);
            duties(&mut o, &s.obligations, &s.referrals);
            needs(&mut o, &s.needs);
            assumed(&mut o, &s.assumed);
            fee(&mut o, &s.fee, "");
            if let Some(bs) = &s.branches.fee {
                for b in bs {
                    let _ = writeln!(o, "【若 {}】", b.condition);
                    if let Some(v) = &b.value {
                        fee(&mut o, &v.fee, "  ");
                    }
                }
            }
            list(&mut o, rs, &s.documents, &s.documents_info, "");
            if let Some(bs) = &s.branches.documents {
                for b in bs {
                    let _ = writeln!(o, "【若 {}】", b.condition);
                    if let Some(v) = &b.value {
                        list(&mut o, rs, &v.documents, &v.documents_info, "  ");
                    }
                }
            }
            if let Some(m) = &s.missing_documents {
                let names: Vec<&str> = m.iter().map(|id| doc_name(rs, s.documents.as_deref(), id)).collect();
                let _ = writeln!(o, "缺少材料：{}", if names.is_empty() { "无".into() } else { names.join("、") });
            }
            deadline(&mut o, &s.deadline, "");
            if let Some(bs) = &s.branches.deadline {
                for b in bs {
                    let _ = writeln!(o, "【若 {}】", b.condition);
                    if let Some(v) = &b.value {
                        deadline(&mut o, &v.deadline, "  ");
                    }
                }
            }
            if let Some(c) = &s.certificate {
                let _ = writeln!(o, "证书介质：{}{}", label(rs, "media", &c.media), cite(Some(&c.cited.source)));
            }
            validity(&mut o, s.validity.as_ref());
            if let Some(h) = &s.office_hours {
                hours(&mut o, h);
            }
            offices(&mut o, &s.offices);
            trace(&mut o, s.trace.as_deref());
        }
        Response::Acceptance(a) => {
            let _ = writeln!(o, "地区：{}（{}）", a.region.name, a.region.code);
            let verdict = match a.accepted {
                Some(true) => "认可",
                Some(false) => "不认可",
                None if a.branches.accepted.is_some() => "还需确认",
                None => "规定未明确",
            };
            let _ = writeln!(o, "证书互认：{verdict}{}", cite(a.cited.source.as_ref()));
            needs(&mut o, &a.needs);
            trace(&mut o, a.trace.as_deref());
        }
        Response::Evaluation(e) => {
            let _ = writeln!(o, "地区：{}（{}）", e.region.name, e.region.code);
            let _ = writeln!(o, "考评表：{}", e.checklist.as_deref().unwrap_or(""));
            for it in &e.items {
                let res = match it.result {
                    CheckResult::Pass => "通过",
                    CheckResult::Fail => "不通过",
                    CheckResult::Unknown => "未知",
                };
                let _ = writeln!(o, "  {}. {} —— {res}", it.id, it.text);
            }
            let _ = writeln!(o, "通过 {}，不通过 {}，未知 {}", e.passed, e.failed, e.unknown);
        }
    }
    o
}

/// A request error for people: `请求有误：…` — the zh-CN message, which names the field by
/// its label.
pub fn error(e: &crate::api::ApiError) -> String {
    format!("请求有误：{}\n", e.message_zh)
}

#[cfg(test)]
mod tests {
    use crate::api::{Options, Rules, decide};
    use serde_json::json;

    /// The verdict line of the answer to a Qinghai renewal with `bidding` as given, and `allowed`.
    fn verdict(bidding: serde_json::Value) -> (String, serde_json::Value) {
        let mut request = json!({
            "region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite", "years": 1,
            "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
            "certificate": {"issuer": "BJCA", "issued_in": "630000", "expires_on": "2026-12-10", "key": "main"},
        });
        request["bidding"] = bidding;
        let rules = Rules::shipped();
        let Ok(answer) = decide(rules, &request, Options::default()) else { panic!("refused: {request}") };
        let text = super::render(&answer, rules.set);
        let line = text.lines().find(|l| l.starts_with("结论：")).unwrap_or("").to_string();
        (line, serde_json::to_value(&answer).map(|v| v["allowed"].clone()).unwrap_or_default())
    }

    /// A request error reads as the zh-CN message, after 请求有误.
    #[test]
    fn a_request_error_reads_in_chinese() {
        let e = crate::api::ApiError::new("/years", "years must be a whole number").with_zh("“年限”应为整数");
        assert_eq!(super::error(&e), "请求有误：“年限”应为整数\n");
    }

    /// A document the answer does not list is named from the rule set (its first item with
    /// that id); an id no rule names is shown as it is.
    #[test]
    fn unlisted_documents_are_named_from_the_rules() {
        let rs = crate::rules::test_support::rs();
        assert_eq!(super::doc_name(rs, None, "business_license_original"), "企业营业执照原件");
        assert_eq!(super::doc_name(rs, None, "business_license_copy"), "企业营业执照复印件");
        assert_eq!(super::doc_name(rs, Some(&[]), "no_such_document"), "no_such_document");
    }

    /// Guards the mutation "the text view prints 可以办理 for a refused request" (issue 10):
    /// each value of `allowed` has its own verdict (Qinghai refuses a renewal while a bid is
    /// open, 四 注; not knowing whether the bidding has closed, the refusal is pending).
    #[test]
    fn each_value_of_allowed_has_its_verdict() {
        assert_eq!(verdict(json!({"encrypted_bid_uploaded": true, "closed": false})), ("结论：不予办理".to_string(), json!(false)));
        assert_eq!(verdict(json!({"encrypted_bid_uploaded": false, "closed": true})), ("结论：可以办理".to_string(), json!(true)));
        let (line, allowed) = verdict(json!({"encrypted_bid_uploaded": true}));
        assert_eq!(allowed, json!(null));
        assert!(line.starts_with("结论：还需确认"), "{line}");
    }
}
