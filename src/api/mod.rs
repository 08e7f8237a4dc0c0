//! The front door: one typed [`decide`] (rules, request, options → answer or [`ApiError`]),
//! with [`decide_json`] and [`decide_str`] named after it for hosts that hold JSON values
//! or text ([`decide_text`]: text in, typed answer out), and the same for the clerk's
//! [`documents`] query. Every host — CLI,
//! WebAssembly, tests, a server — goes through here, so every build answers the same
//! request the same way. Nothing here panics on any input.
//!
//! - [`request`] (re-exported from [`crate::request`], below the engine): request JSON →
//!   typed facts (driven by the rule set's fact declarations);
//! - [`response`] (re-exported from [`crate::answer`], below the engine): the answer types,
//!   serialised to the contract's JSON; [`error`]: the error object;
//! - [`schema`]: JSON Schemas; [`write`](mod@write): the answer as JSON text, from pieces
//!   rendered once per rule set; [`labels`]: the zh-CN labels of the answer's closed sets;
//!   `text`, `sample` (CLI): the zh-CN text view and the request generator.
//!
//! String-in/string-out over the shipped rules, and the one engine owner hosts share, are
//! [`crate::host`], above this module (ARCHITECTURE.md, "Layers").

pub mod labels;
#[cfg(feature = "cli")]
pub mod sample;
pub mod schema;
#[cfg(feature = "cli")]
pub mod text;
pub mod write;

/// The answer types ([`crate::answer`]), under the path hosts have always named them by.
pub use crate::answer as response;
/// The error object ([`crate::answer::error`]).
pub use crate::answer::error;
pub use crate::answer::{ApiError, ErrorCode};
/// The request reader ([`crate::request`]), under the path hosts have always named it by.
pub use crate::request;

use crate::answer::{DocumentsAnswer, Response};
use crate::engine::Conds;
use crate::ir::RuleSet;
use serde_json::{Value as Json, json};

/// A checked rule set with the evaluator of its conditions: the shipped rules compiled into
/// the crate ([`Rules::shipped`]), or any checked rule set interpreted ([`Rules::interpreted`]).
/// Both give byte-identical answers (tests/compiled.rs).
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    /// The rule set.
    pub set: &'a RuleSet,
    /// How its conditions are evaluated.
    pub conds: &'a dyn Conds,
}

impl Rules<'static> {
    /// The shipped rules, compiled (no checking at start-up).
    pub fn shipped() -> Rules<'static> {
        Rules { set: crate::compiled::rules(), conds: &crate::compiled::Compiled }
    }
}

impl<'a> Rules<'a> {
    /// A checked rule set evaluated by the interpreter.
    pub fn interpreted(set: &'a RuleSet) -> Rules<'a> {
        Rules { set, conds: &crate::engine::Interpreter }
    }
}

/// How to answer, apart from what the request says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Add the trace of the rules consulted, with their sources (also asked by the request's
    /// `explain: true`).
    pub explain: bool,
}

/// Answers a request (decision-api.md; docs/api.md).
///
/// Errors: [`ApiError`] `request.invalid` with the JSON pointer of the offending value.
pub fn decide<'a>(rules: Rules<'a>, request: &Json, options: Options) -> Result<Response<'a>, ApiError> {
    let mut req = request::parse(rules.set, request, true)?;
    req.explain |= options.explain;
    Ok(crate::engine::answer(rules.set, &req, rules.conds))
}

/// [`decide`] for hosts holding JSON values: the answer, or the error object
/// `{"error": {code, message, path}}`.
///
/// ```
/// use carules::api::{decide_json, Options, Rules};
/// let request = serde_json::json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal"});
/// let answer = decide_json(Rules::shipped(), &request, Options { explain: true });
/// // Who applies, and the certificate's expiry, are not given: undetermined, never "allowed".
/// assert_eq!(answer["allowed"], serde_json::Value::Null);
/// assert!(answer["needs"].as_array().is_some_and(|n| !n.is_empty()));
/// assert!(answer["trace"].is_array());
/// ```
pub fn decide_json(rules: Rules<'_>, request: &Json, options: Options) -> Json {
    to_json(decide(rules, request, options))
}

/// [`decide`] for request text, decoded in one pass straight into the facts (no
/// `serde_json::Value`; [`request::parse_str`]).
///
/// Errors: [`ApiError`] `request.invalid`: text that is not JSON or names a key twice in an
/// object, or a request that is not valid (as [`decide`]).
pub fn decide_text<'a>(rules: Rules<'a>, request: &str, options: Options) -> Result<Response<'a>, ApiError> {
    let mut req = request::parse_str(rules.set, request, true)?;
    req.explain |= options.explain;
    Ok(crate::engine::answer(rules.set, &req, rules.conds))
}

/// [`decide`] for hosts holding text ([`decide_text`]): `Ok(answer JSON)`, or
/// `Err(error object JSON)` for text that is not JSON or a request that is not valid.
///
/// The answer is written by [`write::response`]: the bytes `serde_json::to_string` would make
/// of it, with the rule set's text rendered once rather than on every answer.
pub fn decide_str(rules: Rules<'_>, request: &str, options: Options) -> Result<String, String> {
    match decide_text(rules, request, options) {
        Ok(answer) => Ok(write::response(rules.set, &answer)),
        Err(e) => Err(write::error(&e)),
    }
}

/// The clerk's question: which documents does this applicant need? The query is a request
/// whose `as_of` may be omitted: without it, the rules currently encoded as in force answer
/// (those of documents not repealed).
///
/// Errors: [`ApiError`] as for [`decide`].
pub fn documents<'a>(rules: Rules<'a>, query: &Json) -> Result<DocumentsAnswer<'a>, ApiError> {
    documents_of(rules, request::parse(rules.set, query, false)?)
}

/// [`documents`] for query text, decoded in one pass ([`request::parse_str`]).
///
/// Errors: as [`decide_text`].
pub fn documents_text<'a>(rules: Rules<'a>, query: &str) -> Result<DocumentsAnswer<'a>, ApiError> {
    documents_of(rules, request::parse_str(rules.set, query, false)?)
}

fn documents_of(rules: Rules<'_>, mut req: request::Request) -> Result<DocumentsAnswer<'_>, ApiError> {
    req.question = request::Question::Service;
    match crate::engine::answer(rules.set, &req, rules.conds) {
        Response::Service(s) => Ok(DocumentsAnswer::from_service(*s)),
        _ => Err(ApiError::new("/question", "the documents query answers `question: service` only").with_zh("材料清单只回答证书服务的问题")),
    }
}

/// [`documents`] for JSON values: the answer or the error object.
pub fn documents_json(rules: Rules<'_>, query: &Json) -> Json {
    to_json(documents(rules, query))
}

/// [`documents`] for text: `Ok(answer JSON)` or `Err(error object JSON)`, written by
/// [`write::documents`].
pub fn documents_str(rules: Rules<'_>, query: &str) -> Result<String, String> {
    match documents_text(rules, query) {
        Ok(answer) => Ok(write::documents(rules.set, &answer)),
        Err(e) => Err(write::error(&e)),
    }
}

/// Parses request text as JSON, for hosts that want the value (YAML is read by the CLI
/// only, so every build's API reads the same text the same way). An object naming a key
/// twice is refused here as on the text path ([`request::check_json`]), so a request read
/// this way is answered as [`decide_str`] answers its text.
///
/// Errors: `request.invalid` at path `""` naming the syntax problem and its position; at
/// the pointer of a duplicate key.
pub fn parse_json(text: &str) -> Result<Json, ApiError> {
    request::check_json(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Json>(text).map_err(|e| {
        ApiError::new("", format!("the request is not valid JSON: {e}")).with_zh(format!("请求不是有效的 JSON（第{}行第{}列）", e.line(), e.column()))
    })
}

fn to_json<T: serde::Serialize>(r: Result<T, ApiError>) -> Json {
    match r.and_then(|a| serde_json::to_value(a).map_err(|e| ApiError::new("", e.to_string()))) {
        Ok(v) => v,
        Err(e) => e.to_json(),
    }
}

/// The regions of the rule set: `[{code, name, aliases, parent, services}]`.
pub fn regions(rs: &RuleSet) -> Json {
    let services = rs.enums.get(rs.known.service_enum);
    Json::Array(
        rs.regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "code": r.code,
                    "name": r.name,
                    "aliases": r.aliases,
                    "parent": r.parent.and_then(|p| rs.regions.get(p)).map(|p| p.code.clone()),
                    "services": rs.services(i).iter().filter_map(|m| services.map(|e| e.id_of(*m).to_string())).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// Finding codes the engine gives that no rule file declares, with their zh-CN labels:
/// `fee.under_minimum` (a charge below a `fixed`, `minimum` or `package` price, issue 20).
const ENGINE_FINDING_CODES: [(&str, &str); 1] = [("fee.under_minimum", "收费低于规定标准")];

/// Every enum with its members' ids and zh-CN labels: `{name: [{id, label}]}` — the rule
/// set's vocabulary, and the engine's own values under `answer.*` ([`labels`]): the one
/// label table the CLI text view and the portal share.
pub fn vocabulary(rs: &RuleSet) -> Json {
    let mut m = serde_json::Map::new();
    for e in rs.enums.iter() {
        let mut members: Vec<Json> = e.members.iter().map(|x| json!({"id": x.id, "label": x.label})).collect();
        // The engine's own finding codes that no rule file declares (the `finding_code` enum is
        // at its 63-member bound), so a page never shows a bare code.
        if &*e.name == "finding_code" {
            for (id, label) in ENGINE_FINDING_CODES.iter().filter(|(id, _)| !e.members.iter().any(|x| &*x.id == *id)) {
                members.push(json!({"id": id, "label": label}));
            }
        }
        m.insert(e.name.to_string(), Json::Array(members));
    }
    m.extend(labels::tables());
    Json::Object(m)
}

/// The facts a request for `region` may give (a code, name or alias, as a request's
/// `region`): those of the prelude and of the region's files and its ancestors', in
/// declaration order — `[{fact, path, label, type, enum?, choices?, min?, default?,
/// region}]`, enough for a form to ask each one. `type` and `choices` are as in `needs`
/// (enum and set choices: the members visible in the region); `min` for numbers (0 when the
/// rules set none); `default` the value taken when the request leaves the fact out, in
/// request form (the region's own default, else the fact's; absent: none, the fact is
/// unknown until given), with `default_zh` and `default_source` (`{doc, document, article}`,
/// the text that justifies assuming it; null for an uncited default that only advice reads);
/// `region` the code of the declaring region, `null` for the prelude's.
///
/// Errors: [`ApiError`] `request.invalid` at `/region` for a region outside every region with
/// rules.
pub fn facts(rs: &RuleSet, region: &str) -> Result<Json, ApiError> {
    use crate::engine::{describe, parts, written};
    use crate::ir::{Type, Value};
    let Ok(m) = rs.resolve_region(region) else {
        let shown: String = region.chars().take(60).collect();
        return Err(ApiError::new("/region", format!("no rules for region `{shown}`")).with_zh("该地区没有收录的规定"));
    };
    let mut out = Vec::new();
    for (i, fact) in rs.facts.iter().enumerate() {
        // `region` is the request's own (always known): no form asks for it.
        if !rs.visible(fact.scope, m.region) || i == rs.known.region {
            continue;
        }
        let Some((need, en)) = parts::need_frame(rs, i as crate::ir::FactId) else { continue };
        let mut o = json!({"fact": need.fact, "path": need.path, "label": need.label, "type": need.ty});
        let Some(obj) = o.as_object_mut() else { continue };
        if let Some(name) = need.enum_name {
            obj.insert("enum".into(), json!(name));
        }
        let choices: Option<Vec<Json>> = match (fact.ty, en) {
            (Type::Bool, _) => Some(vec![json!({"id": true, "label": "是"}), json!({"id": false, "label": "否"})]),
            (_, Some(e)) => rs.enums.get(e).map(|x| {
                let visible = x.members.iter().enumerate().filter(|(_, mb)| rs.visible(mb.scope, m.region));
                visible
                    .map(|(j, _)| {
                        let j = j as crate::ir::MemberId;
                        let mut c = json!(parts::member_choice(rs, e, j));
                        // The region's own spellings of the member (`extend key { main alias
                        // "业务主锁" }`) are how its forms name it: `主锁（业务主锁）`.
                        let own: Vec<&str> = x.scoped_aliases(j, |s| s.is_some() && rs.visible(s, m.region)).collect();
                        if let (false, Some(Json::String(l))) = (own.is_empty(), c.get_mut("label")) {
                            *l = format!("{l}（{}）", own.join("、"));
                        }
                        c
                    })
                    .collect()
            }),
            _ => None,
        };
        if let Some(c) = choices {
            obj.insert("choices".into(), Json::Array(c));
        }
        if matches!(fact.ty, Type::Int | Type::Days | Type::Minutes | Type::Months) {
            obj.insert("min".into(), json!(fact.min.unwrap_or(0)));
        }
        let reg = rs.regions.get(m.region);
        let (default, cited) = match reg.and_then(|r| r.default_of(i)) {
            Some(d) => (Some(d), reg.and_then(|r| r.default_source_of(i))),
            None => (fact.default.as_ref(), fact.default_source.as_ref()),
        };
        if let Some(d) = default.filter(|d| !matches!(d, Value::Absent)) {
            obj.insert("default".into(), written::request_form(rs, i as crate::ir::FactId, Some(d)));
            obj.insert("default_zh".into(), json!(describe::value(rs, d, en)));
            obj.insert("default_source".into(), json!(cited.map(|s| crate::engine::source(rs, s))));
        }
        let scope = fact.scope.and_then(|s| rs.regions.get(s)).map(|r| r.code.to_string());
        obj.insert("region".into(), json!(scope));
        out.push(o);
    }
    Ok(Json::Array(out))
}
