//! Request JSON → typed facts, with the spec's error object for bad input.
//!
//! The request shape is not hard-coded: every `fact` of the rule set names its JSON path,
//! and the engine reads exactly those paths plus the structural keys of the decision API
//! (`region`, `question`, `submitted_documents`, `observations`, `records`, `explain`).
//! Unknown keys are errors (with "did you mean"), so a misspelt fact is never ignored.

use super::error::ApiError;
use crate::ir::lookup::Shape;
use crate::ir::{AsStr, FactId, RegionId, RuleSet, Type, Value};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The three questions of the decision API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Service: allowed, findings, fee, documents, deadline …
    Service,
    /// Acceptance of a certificate.
    Acceptance,
    /// A checklist evaluation.
    Evaluation,
}

/// A service record (for derived checklist items).
#[derive(Debug, Clone)]
pub struct Record {
    /// Facts of the record (`channel`, …); `as_of` holds `received_at`.
    pub facts: Vec<Option<Value>>,
    /// When it was received.
    pub received_at: DateTime<FixedOffset>,
    /// When it was completed, if it was.
    pub completed_at: Option<DateTime<FixedOffset>>,
}

/// A parsed, validated request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The declared region whose rules answer.
    pub region: RegionId,
    /// The GB/T 2260 code asked about, when it is an undeclared lower level of `region`.
    pub asked: Option<u32>,
    /// Question.
    pub question: Question,
    /// Fact values by [`FactId`]; `None` = unknown.
    pub facts: Vec<Option<Value>>,
    /// `submitted_documents`, if given.
    pub submitted: Option<Vec<String>>,
    /// Checklist observations by item id (true = 是).
    pub observations: BTreeMap<String, bool>,
    /// Service records.
    pub records: Vec<Record>,
    /// The other certificates applied for in the same visit (`together`): the facts each one
    /// gives of its own.
    pub lines: Vec<crate::engine::env::Line>,
    /// Include the trace of rules consulted.
    pub explain: bool,
}

const STRUCTURAL: [&str; 7] = ["region", "question", "submitted_documents", "observations", "records", "explain", "together"];

/// The keys a certificate applied for `together` may give: its service, reason, term,
/// quantity and the facts of the certificate itself. Everything else (applicant, channel,
/// bidding, as_of) is the visit's, shared with the main certificate.
pub(crate) const LINE_KEYS: [&str; 5] = ["service", "reason", "years", "quantity", "certificate"];

fn pointer(path: &str) -> String {
    format!("/{}", path.replace('.', "/"))
}

/// Validates `json` against the rule set's facts. `require_as_of`: the decision API needs
/// `as_of`; the clerk's `documents` query may omit it (rules are then not date-filtered).
pub fn parse(rs: &RuleSet, json: &Json, require_as_of: bool) -> Result<Request, ApiError> {
    let obj = json.as_object().ok_or_else(|| ApiError::new("", "the request must be an object"))?;
    let crate::ir::RegionMatch { region, asked } = region(rs, obj.get("region"))?;
    let question = question(obj.get("question"))?;
    let explain = match obj.get("explain") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(_) => return Err(ApiError::new("/explain", "explain must be true or false")),
    };
    let mut facts: Vec<Option<Value>> = vec![None; rs.facts.len()];
    read_object(rs, region, obj, &rs.lookup.get(rs).shape, "", &mut facts, &STRUCTURAL)?;
    // Defaults: region's (ancestors merged), then the fact's own.
    let defaults = rs.regions.get(region).map(|r| &r.defaults);
    for (i, f) in rs.facts.iter().enumerate() {
        if let Some(slot) = facts.get_mut(i)
            && slot.is_none()
            && rs.visible(f.scope, region)
        {
            *slot = defaults.and_then(|d| crate::ir::sorted_get(d, &i)).cloned().or_else(|| f.default.clone());
        }
    }
    if require_as_of && facts.get(rs.known.as_of).is_none_or(|v| v.is_none()) {
        return Err(ApiError::new(
            "/as_of",
            "missing required field `as_of` (RFC 3339 with offset, e.g. \"2026-11-21T10:00:00+08:00\"): the engine never reads a clock",
        ));
    }
    let submitted = submitted(obj.get("submitted_documents"))?;
    let observations = observations(obj.get("observations"))?;
    let mut records = Vec::new();
    match obj.get("records") {
        None | Some(Json::Null) => {}
        Some(Json::Array(a)) => {
            for (i, r) in a.iter().enumerate() {
                records.push(record(rs, region, r, i)?);
            }
        }
        Some(_) => return Err(ApiError::new("/records", "records must be a list")),
    }
    let lines = match obj.get("together") {
        None | Some(Json::Null) => vec![],
        Some(Json::Array(a)) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, x) in a.iter().enumerate() {
                out.push(line(rs, region, x, i)?);
            }
            out
        }
        Some(_) => return Err(ApiError::new("/together", "together must be a list of the other certificates applied for in the same visit")),
    };
    Ok(Request { region, asked, question, facts, submitted, observations, records, explain, lines })
}

/// `region`: a declared region's code, name or alias, or a GB/T 2260 code below one.
fn region(rs: &RuleSet, v: Option<&Json>) -> Result<crate::ir::RegionMatch, ApiError> {
    let region_s = match v {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Number(n)) => n.to_string(),
        Some(_) => return Err(ApiError::new("/region", "region must be a GB/T 2260 code string such as \"630000\"")),
        None => return Err(ApiError::new("/region", "missing required field `region`")),
    };
    rs.resolve_region(&region_s).ok_or_else(|| {
        let names = rs.regions.iter().flat_map(|r| std::iter::once(&r.code).chain(std::iter::once(&r.name)).chain(r.aliases.iter()));
        let hint = crate::diag::suggest(&region_s, names.map(|s| s.as_str())).map(|s| format!("; {s}")).unwrap_or_default();
        let known: Vec<&str> = rs.regions.iter().map(|r| r.code.as_str()).collect();
        ApiError::new(
            "/region",
            format!("unknown region `{region_s}`: no rules are encoded for it or for a region containing it (known: {}){hint}", known.join(", ")),
        )
    })
}

/// `question`: service (the default), acceptance or evaluation.
fn question(v: Option<&Json>) -> Result<Question, ApiError> {
    Ok(match v {
        None | Some(Json::Null) => Question::Service,
        Some(Json::String(s)) => match s.as_str() {
            "service" => Question::Service,
            "acceptance" => Question::Acceptance,
            "evaluation" => Question::Evaluation,
            other => return Err(ApiError::new("/question", format!("unknown question `{other}`: expected service, acceptance or evaluation"))),
        },
        Some(_) => return Err(ApiError::new("/question", "question must be a string")),
    })
}

/// `submitted_documents`: a list of document item ids.
fn submitted(v: Option<&Json>) -> Result<Option<Vec<String>>, ApiError> {
    Ok(match v {
        None | Some(Json::Null) => None,
        Some(Json::Array(a)) => {
            let mut v = Vec::new();
            for (i, x) in a.iter().enumerate() {
                match x {
                    Json::String(s) => v.push(s.clone()),
                    _ => return Err(ApiError::new(&format!("/submitted_documents/{i}"), "document ids are strings")),
                }
            }
            Some(v)
        }
        Some(_) => return Err(ApiError::new("/submitted_documents", "submitted_documents must be a list of document ids")),
    })
}

/// `observations`: checklist answers by item id, true (是) or false (否).
fn observations(v: Option<&Json>) -> Result<BTreeMap<String, bool>, ApiError> {
    let mut observations = BTreeMap::new();
    match v {
        None | Some(Json::Null) => {}
        Some(Json::Object(m)) => {
            for (k, v) in m {
                let b = match v {
                    Json::Bool(b) => *b,
                    Json::String(s) if s == "是" => true,
                    Json::String(s) if s == "否" => false,
                    _ => return Err(ApiError::new(&format!("/observations/{k}"), "an observation is true (是) or false (否)")),
                };
                observations.insert(k.clone(), b);
            }
        }
        Some(_) => return Err(ApiError::new("/observations", "observations must be an object keyed by checklist item id")),
    }
    Ok(observations)
}

/// One certificate applied for together with the main one: the visit's facts with its own
/// service, reason, years, quantity and certificate facts over them.
fn line(rs: &RuleSet, region: RegionId, x: &Json, i: usize) -> Result<crate::engine::env::Line, ApiError> {
    let at = format!("/together/{i}");
    let obj = x.as_object().ok_or_else(|| ApiError::new(&at, "a certificate applied for together is an object {service, certificate, quantity, …}"))?;
    for k in obj.keys() {
        if !LINE_KEYS.contains(&k.as_str()) {
            let hint = crate::diag::suggest(k, LINE_KEYS).map(|h| format!("; {h}")).unwrap_or_default();
            return Err(ApiError::new(
                &format!("{at}/{k}"),
                format!("unknown field `{k}`: a certificate applied for together gives only {}{hint}", LINE_KEYS.join(", ")),
            ));
        }
    }
    let mut own: Vec<Option<Value>> = vec![None; rs.facts.len()];
    read_object(rs, region, obj, &rs.lookup.get(rs).shape, "", &mut own, &[]).map_err(|e| ApiError { path: format!("{at}{}", e.path), ..e })?;
    // Facts under `certificate.` not given for this line are this line's unknowns (or
    // defaults), not the main certificate's values; its quantity is 1 unless given; the rest
    // (service, years, …) are the visit's.
    let mut facts = Vec::new();
    for (j, f) in rs.facts.iter().enumerate() {
        let given = own.get(j).cloned().flatten();
        if given.is_some() {
            facts.push((j, given));
        } else if f.path.starts_with("certificate.") {
            facts.push((j, f.default.clone()));
        } else if f.path == "quantity" {
            facts.push((j, Some(Value::Int(1))));
        }
    }
    Ok(facts)
}

fn record(rs: &RuleSet, region: RegionId, r: &Json, i: usize) -> Result<Record, ApiError> {
    let base = format!("/records/{i}");
    let obj = r.as_object().ok_or_else(|| ApiError::new(&base, "a record is an object {channel, received_at, completed_at}"))?;
    let mut facts = vec![None; rs.facts.len()];
    let mut received_at = None;
    let mut completed_at = None;
    for (k, v) in obj {
        let path = format!("{base}/{k}");
        match k.as_str() {
            "received_at" => received_at = Some(time(v, &path)?),
            "completed_at" => {
                if !v.is_null() {
                    completed_at = Some(time(v, &path)?)
                }
            }
            _ => match rs.fact(k).filter(|f| rs.facts.get(*f).is_some_and(|x| rs.visible(x.scope, region))) {
                Some(f) => {
                    if let Some(slot) = facts.get_mut(f) {
                        *slot = value(rs, region, f, v, &path)?;
                    }
                }
                None => return Err(ApiError::new(&path, format!("unknown record field `{k}`: a record has channel, received_at, completed_at"))),
            },
        }
    }
    let received_at = received_at.ok_or_else(|| ApiError::new(&format!("{base}/received_at"), "missing required field `received_at`"))?;
    if let Some(slot) = facts.get_mut(rs.known.as_of) {
        *slot = Some(Value::Time(received_at));
    }
    Ok(Record { facts, received_at, completed_at })
}

/// What `prefix.key` names: a fact, an object holding facts, or nothing.
enum Slot<'s> {
    Fact(FactId),
    Object(&'s Shape),
    Unknown,
}

/// What `key` is at the level `shape` of the request: a fact visible in `region` (the first
/// declared), an object holding visible facts, or unknown.
fn slot<'s>(rs: &RuleSet, region: RegionId, shape: &'s Shape, key: &str) -> Slot<'s> {
    let Some(node) = shape.keys.get(key) else { return Slot::Unknown };
    let visible = |f: &FactId| rs.facts.get(*f).is_some_and(|x| rs.visible(x.scope, region));
    if let Some(f) = node.facts.iter().find(|f| visible(f)) {
        return Slot::Fact(*f);
    }
    if node.below.iter().any(visible) { Slot::Object(&node.children) } else { Slot::Unknown }
}

fn read_object(
    rs: &RuleSet,
    region: RegionId,
    obj: &serde_json::Map<String, Json>,
    shape: &Shape,
    prefix: &str,
    facts: &mut [Option<Value>],
    structural: &[&str],
) -> Result<(), ApiError> {
    for (k, v) in obj {
        if prefix.is_empty() && structural.contains(&k.as_str()) {
            continue;
        }
        match slot(rs, region, shape, k) {
            Slot::Fact(f) => {
                let val = match value(rs, region, f, v, "") {
                    Ok(val) => val,
                    // The pointer is built only for the error message.
                    Err(e) => return Err(ApiError { path: format!("{}{}", pointer(&join(prefix, k)), e.path), ..e }),
                };
                if let Some(slot) = facts.get_mut(f) {
                    *slot = val;
                }
            }
            Slot::Object(below) => match v {
                Json::Object(m) => read_object(rs, region, m, below, &join(prefix, k), facts, structural)?,
                Json::Null => {}
                _ => {
                    let path = join(prefix, k);
                    return Err(ApiError::new(&pointer(&path), format!("`{path}` must be an object")));
                }
            },
            Slot::Unknown => {
                let siblings: Vec<String> = rs
                    .facts
                    .iter()
                    .filter(|f| rs.visible(f.scope, region))
                    .filter_map(|f| {
                        let rest = if prefix.is_empty() { Some(f.path.as_str()) } else { f.path.strip_prefix(&format!("{prefix}.")) };
                        rest.map(|r| r.split('.').next().unwrap_or(r).to_string())
                    })
                    .chain(if prefix.is_empty() { STRUCTURAL.iter().map(|s| s.to_string()).collect() } else { vec![] })
                    .collect();
                let hint = crate::diag::suggest(k, siblings.iter().map(|s| s.as_str())).map(|s| format!("; {s}")).unwrap_or_default();
                return Err(ApiError::new(&pointer(&join(prefix, k)), format!("unknown field `{k}`{hint}")));
            }
        }
    }
    Ok(())
}

fn join(prefix: &str, k: &str) -> String {
    if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") }
}

fn time(v: &Json, path: &str) -> Result<DateTime<FixedOffset>, ApiError> {
    let s = v.as_str().ok_or_else(|| ApiError::new(path, "a time is an RFC 3339 string with offset, e.g. \"2026-11-21T10:00:00+08:00\""))?;
    let t = DateTime::parse_from_rfc3339(s)
        .map_err(|_| ApiError::new(path, format!("`{s}` is not an RFC 3339 time with offset (e.g. \"2026-11-21T10:00:00+08:00\")")))?;
    Ok(t.with_timezone(&cst()))
}

/// China Standard Time, +08:00.
pub fn cst() -> FixedOffset {
    use chrono::Offset;
    FixedOffset::east_opt(8 * 3600).unwrap_or(chrono::Utc.fix())
}

fn value(rs: &RuleSet, region: RegionId, f: FactId, v: &Json, path: &str) -> Result<Option<Value>, ApiError> {
    if v.is_null() {
        return Ok(None);
    }
    let fact = rs.facts.get(f);
    let ty = fact.map(|x| x.ty).unwrap_or(Type::Str);
    let wrong = |what: &str| ApiError::new(path, format!("expected {what}, found {}", json_kind(v)));
    let val = match ty {
        Type::Bool => Value::Bool(v.as_bool().ok_or_else(|| wrong("true or false"))?),
        Type::Int => {
            let n = v.as_i64().ok_or_else(|| wrong("a whole number"))?;
            let min = fact.and_then(|x| x.min).unwrap_or(0);
            if n < min {
                let what = fact.map(|x| format!("`{}` ({})", x.path, x.label)).unwrap_or_default();
                return Err(ApiError::new(path, format!("{n} is below the smallest value of {what}, {min}")));
            }
            Value::Int(n)
        }
        Type::Money(_) => {
            let s = match v {
                Json::String(s) => s.clone(),
                Json::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                _ => return Err(wrong("a decimal string such as \"300.00\"")),
            };
            let d = Decimal::from_str(s.trim()).map_err(|_| ApiError::new(path, format!("`{s}` is not an amount in yuan (e.g. \"300.00\")")))?;
            if d.is_sign_negative() && !d.is_zero() {
                return Err(ApiError::new(path, format!("`{s}` is negative: amounts are never below zero")));
            }
            Value::Money(d)
        }
        Type::Date => {
            let s = v.as_str().ok_or_else(|| wrong("a date \"YYYY-MM-DD\""))?;
            Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ApiError::new(path, format!("`{s}` is not a date (YYYY-MM-DD)")))?)
        }
        Type::Time => Value::Time(time(v, path)?),
        Type::TimeOfDay => {
            let s = v.as_str().ok_or_else(|| wrong("a time of day \"HH:MM\""))?;
            Value::TimeOfDay(chrono::NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| ApiError::new(path, format!("`{s}` is not a time of day (HH:MM)")))?)
        }
        Type::Region => {
            let s = match v {
                Json::String(s) => s.clone(),
                Json::Number(n) => n.to_string(),
                _ => return Err(wrong("a GB/T 2260 region code such as \"371500\"")),
            };
            if let Some(r) = rs.region(&s) {
                Value::Region(rs.regions.get(r).map(|x| x.code_num()).unwrap_or(0))
            } else if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0') {
                Value::Region(s.parse().unwrap_or(0))
            } else {
                return Err(ApiError::new(path, format!("`{s}` is not a GB/T 2260 region code or a known region name")));
            }
        }
        Type::Str => Value::Str(v.as_str().ok_or_else(|| wrong("text"))?.to_string().into()),
        Type::Enum(e) => {
            let s = v.as_str().ok_or_else(|| wrong("a string"))?;
            Value::Enum(member(rs, region, e, s, path)?)
        }
        Type::Set(e) => {
            let a = v.as_array().ok_or_else(|| wrong("a list"))?;
            let mut bits = 0u64;
            for (i, x) in a.iter().enumerate() {
                let at = |e: ApiError| ApiError { path: format!("{path}/{i}{}", e.path.strip_prefix(path).unwrap_or("")), ..e };
                let s = x.as_str().ok_or_else(|| at(ApiError::new(path, format!("expected a string, found {}", json_kind(x)))))?;
                bits |= 1u64 << (member(rs, region, e, s, path).map_err(at)? as u64 & 63);
            }
            Value::Set(bits)
        }
        Type::Days | Type::Minutes | Type::Months => Value::Int(v.as_i64().ok_or_else(|| wrong("a whole number"))?),
    };
    Ok(Some(val))
}

fn member(rs: &RuleSet, region: RegionId, e: usize, s: &str, path: &str) -> Result<u16, ApiError> {
    let en = rs.enums.get(e).ok_or_else(|| ApiError::new(path, "internal: unknown enum"))?;
    rs.member(e, s, region).ok_or_else(|| {
        let ids: Vec<&str> = en.members.iter().filter(|m| rs.visible(m.scope, region)).map(|m| m.id.as_str()).collect();
        let hint = crate::diag::suggest(s, ids.iter().copied()).map(|h| format!("; {h}")).unwrap_or_default();
        ApiError::new(path, format!("unknown {} `{s}`: expected one of {}{hint}", en.name, ids.join(", ")))
    })
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "an object",
    }
}
