//! A region's complete guide (办事指南): for each service the region covers and each kind of
//! applicant, the documents, fee, time limit, office hours and certificate media — as the
//! engine answers a request naming only the region, the date, the service and the applicant
//! kind, so what depends on facts not given comes as labelled cases — and the refusals,
//! warnings and obligations that can apply, each with its condition in zh-CN and its
//! article; then every source document with the articles the region's rules cite. Rendered
//! through `templates/handbook.html.j2` and `templates/handbook.md.j2` (minijinja).

use super::reach::refuted;
use super::view::{Condition, Guide};
use super::{CSS, Where, cite, label};
use crate::answer::{Response, TraceResult};
use crate::api::labels::Labelled;
use crate::api::{ApiError, Options, Rules};
use crate::ir::{AsStr, Body, Kind, RegionId, RuleId, RuleSet, Severity, Value};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The guide's content, all zh-CN.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Handbook {
    /// Region name.
    pub region: String,
    /// The region above it, when it has one ("内蒙古自治区").
    pub parent: Option<String>,
    /// The date whose rules the guide gives: "2026年11月21日".
    pub as_of: String,
    /// The services, in the order of the vocabulary.
    pub services: Vec<ServiceGuide>,
    /// The regions below it with rules of their own (their own guides), by name.
    pub children: Vec<String>,
    /// The source documents with the articles cited.
    pub sources: Vec<SourceDoc>,
    /// Where to go: the offices of the region's answers, each once (in the order met).
    #[serde(rename = "where")]
    pub where_: Vec<Where>,
}

/// One service.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceGuide {
    /// Its zh-CN label ("续期").
    pub service: String,
    /// One entry per applicant kind.
    pub kinds: Vec<KindGuide>,
}

/// One service for one kind of applicant.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KindGuide {
    /// "单位", "个人".
    pub applicant: String,
    /// The refusals, warnings and obligations that can apply, with their conditions.
    pub conditions: Vec<Condition>,
    /// Documents, fee, time limit, office hours, media.
    pub guide: Guide,
}

/// A source document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceDoc {
    /// "文号《title》".
    pub title: String,
    /// Issuer, date of issue and page address, as recorded, joined.
    pub about: String,
    /// The articles the region's rules cite, in order of first citation.
    pub articles: Vec<String>,
}

/// The guide of `region` (code, name or alias) under the rules in force on `as_of`.
///
/// Errors: [`ApiError`] `request.invalid` at `/region` for a region outside every region
/// with rules, or a place name several places share.
pub fn build(rules: Rules<'_>, region: &str, as_of: chrono::NaiveDate) -> Result<Handbook, ApiError> {
    let rs = rules.set;
    let m = rs.resolve_region(region).map_err(|m| crate::request::region_miss(rs, region, &m))?;
    let r = rs.regions.get(m.region).ok_or_else(|| ApiError::new("/region", "region out of range").with_zh("地区有误"))?;
    let code = r.code.to_string();
    let services = rs.enums.get(rs.known.service_enum);
    let kinds: Vec<(usize, String, String)> = rs
        .enums
        .get(rs.known.kind_enum)
        .map(|e| e.members.iter().enumerate().filter(|(_, k)| rs.visible(k.scope, m.region)).map(|(i, k)| (i, k.id.to_string(), k.label.to_string())).collect())
        .unwrap_or_default();
    let time = format!("{as_of}T10:00:00+08:00");
    let mut out = Vec::new();
    let mut offices: Vec<Where> = Vec::new();
    for &sm in rs.services(m.region) {
        let Some(service) = services.map(|e| e.id_of(sm).to_string()) else { continue };
        let mut answers = Vec::new();
        for (_, kind, _) in &kinds {
            let request = json!({"region": code, "as_of": time, "service": service, "applicant": {"kind": kind}});
            answers.push(crate::api::decide(rules, &request, Options { explain: true })?);
        }
        let traces: Vec<BTreeMap<&str, TraceResult>> = answers.iter().map(trace_of).collect();
        let mut entries = Vec::new();
        for (i, ((member, _, kind_label), a)) in kinds.iter().zip(&answers).enumerate() {
            let Response::Service(s) = a else { continue };
            // A referral's office (`refer … to`) is a place the page sends the applicant too.
            for o in s.offices.iter().chain(s.referrals.iter().filter_map(|r| r.to.as_ref())).map(Where::of) {
                if !offices.contains(&o) {
                    offices.push(o);
                }
            }
            let conditions = can_apply(rs, m.region, sm, (i, *member), &traces);
            entries.push(KindGuide { applicant: kind_label.clone(), conditions, guide: Guide::of(rs, s) });
        }
        out.push(ServiceGuide { service: label(rs, "service", &service).to_string(), kinds: entries });
    }
    Ok(Handbook {
        region: r.name.to_string(),
        parent: r.parent.and_then(|p| rs.regions.get(p)).map(|p| p.name.to_string()),
        as_of: format!("{}", as_of.format("%Y年%-m月%-d日")),
        services: out,
        children: rs.regions.iter().filter(|c| c.parent == Some(m.region)).map(|c| c.name.to_string()).collect(),
        sources: sources(rs, m.region),
        where_: offices,
    })
}

fn trace_of<'a>(a: &'a Response<'_>) -> BTreeMap<&'a str, TraceResult> {
    match a {
        Response::Service(s) => s.trace.iter().flatten().map(|t| (t.rule.as_ref(), t.result)).collect(),
        _ => BTreeMap::new(),
    }
}

/// The finding rules of the region that can apply to service `sm` for applicant kind
/// `(k, member)` (its index among the answers, its member of the kind enum): those the service does not exclude, less those the engine found not to apply
/// to this kind while applying (or waiting on a fact) for another kind — a rule for another
/// kind of applicant, or whose condition asks for another kind or service (through nested
/// conjunctions: [`super::reach::refuted`]). Conditions are described by
/// `engine::describe::cond`.
fn can_apply(rs: &RuleSet, region: RegionId, sm: u16, (k, member): (usize, usize), traces: &[BTreeMap<&str, TraceResult>]) -> Vec<Condition> {
    let Some(r) = rs.regions.get(region) else { return vec![] };
    let bit = 1u64.checked_shl(u32::from(sm)).unwrap_or(0);
    let mut out = Vec::new();
    for &id in r.rules_of(Kind::Finding) {
        let Some(rule) = rs.rules.get(id) else { continue };
        // `services` reads the top-level conjuncts; a `let` is inlined as a nested `and`.
        if rule.services & bit == 0 || refuted(&rule.when, rs.known.service, &[Value::Enum(sm)]) {
            continue;
        }
        let result = |t: &BTreeMap<&str, TraceResult>| t.get(rule.id.as_str()).copied();
        let mine = traces.get(k).and_then(result);
        let elsewhere = traces.iter().enumerate().any(|(j, t)| j != k && matches!(result(t), Some(TraceResult::Applied | TraceResult::Unknown)));
        let kind = u16::try_from(member).map(Value::Enum).ok();
        let other_kind = mine == Some(TraceResult::NotApplicable) && (elsewhere || kind.is_some_and(|v| refuted(&rule.when, rs.known.kind, &[v])));
        if mine == Some(TraceResult::NotInForce) || other_kind {
            continue;
        }
        if let Some(c) = condition(rs, id) {
            out.push(c);
        }
    }
    super::view::by_rank(out)
}

/// What finding rule `id` says, with its condition in zh-CN.
fn condition(rs: &RuleSet, id: RuleId) -> Option<Condition> {
    let rule = rs.rules.get(id)?;
    let Body::Finding { severity, message, remedy, .. } = &rule.body else { return None };
    let severity = match severity {
        Severity::Deny => crate::answer::Severity::Deny.zh(),
        Severity::Warn => crate::answer::Severity::Warn.zh(),
        Severity::Info => crate::answer::Severity::Info.zh(),
        Severity::Oblige => crate::api::labels::OBLIGE,
        Severity::Refer => crate::api::labels::REFER,
    };
    let when = crate::engine::describe::cond(rs, &rule.when);
    Some(Condition {
        severity: severity.into(),
        when: (!when.is_empty()).then_some(when),
        message: message.to_string(),
        remedy: remedy.as_ref().map(|r| r.to_string()),
        cite: cite(&crate::engine::source(rs, &rule.source)),
    })
}

/// The documents the region's rules cite, with the articles, in order of first citation.
fn sources(rs: &RuleSet, region: RegionId) -> Vec<SourceDoc> {
    let Some(r) = rs.regions.get(region) else { return vec![] };
    let mut order: Vec<usize> = Vec::new();
    let mut articles: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (_, ids) in r.rules.iter() {
        for &id in ids.iter() {
            let Some(rule) = rs.rules.get(id) else { continue };
            let d = rule.source.doc;
            if !order.contains(&d) {
                order.push(d);
            }
            let a = articles.entry(d).or_default();
            if !a.iter().any(|x| x == rule.source.article.as_str()) {
                a.push(rule.source.article.to_string());
            }
        }
    }
    order
        .into_iter()
        .filter_map(|d| {
            let doc = rs.documents.get(d)?;
            let mut about = Vec::new();
            if let Some(i) = &doc.issuer {
                about.push(i.to_string());
            }
            if let Some(t) = doc.date {
                about.push(format!("{}", t.format("%Y年%-m月%-d日")));
            }
            if let Some(u) = &doc.url {
                about.push(u.to_string());
            }
            Some(SourceDoc { title: doc.display.to_string(), about: about.join("，"), articles: articles.remove(&d).unwrap_or_default() })
        })
        .collect()
}

const HTML: &str = include_str!("../../templates/handbook.html.j2");
const MD: &str = include_str!("../../templates/handbook.md.j2");

fn render(name: &str, source: &str, h: &Handbook) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template(name, source).map_err(|e| e.to_string())?;
    let t = env.get_template(name).map_err(|e| e.to_string())?;
    t.render(minijinja::context! { h => h, css => CSS }).map_err(|e| e.to_string())
}

/// The guide as a complete HTML page (A4, printable). Errors: a template that fails to
/// render (a bug in the template).
pub fn html(h: &Handbook) -> Result<String, String> {
    render("handbook.html", HTML, h)
}

/// The guide as Markdown. Errors: as [`html`].
pub fn md(h: &Handbook) -> Result<String, String> {
    render("handbook.md", MD, h)
}
