//! The one JSON entry point shared by every host: CLI, WebAssembly, tests, any server.
//! `decide` takes a request (decision-api.md) and returns the response or the spec's error
//! object — it never panics on any input.

pub mod host;
pub mod request;
pub mod response;
#[cfg(feature = "cli")]
pub mod sample;
pub mod schema;
#[cfg(feature = "cli")]
pub mod text;

use crate::engine::Conds;
use crate::ir::RuleSet;
use request::RequestError;
use response::{DocumentsAnswer, Response};
use serde_json::{Value as Json, json};

/// Answers a request given as a JSON value.
///
/// Errors: [`RequestError`] (code `request.invalid`, message, JSON pointer path).
pub fn decide_value<'a>(rs: &'a RuleSet, json: &Json) -> Result<Response<'a>, RequestError> {
    decide_value_with(rs, &crate::engine::Interpreter, json)
}

/// [`decide_value`] with a given condition evaluator (interpreter or compiled rules).
///
/// Errors: as [`decide_value`].
pub fn decide_value_with<'a>(rs: &'a RuleSet, conds: &'a dyn Conds, json: &Json) -> Result<Response<'a>, RequestError> {
    let req = request::parse(rs, json, true)?;
    Ok(crate::engine::decide_with(rs, &req, conds))
}

/// The shipped rules, compiled: rule set and condition evaluator.
pub fn compiled() -> (&'static RuleSet, &'static dyn Conds) {
    (crate::compiled::rules(), &crate::compiled::Compiled)
}

/// The error object `{"error": {code, message, path}}`.
pub fn error_json(e: &RequestError) -> Json {
    json!({ "error": e })
}

/// Parses request text: JSON, or (with the `cli` feature) YAML.
///
/// Errors: `request.invalid` at path `""` naming the syntax problem.
pub fn parse_text(text: &str) -> Result<Json, RequestError> {
    match serde_json::from_str::<Json>(text) {
        Ok(v) => Ok(v),
        Err(je) => {
            #[cfg(feature = "cli")]
            {
                if !text.trim_start().starts_with('{') {
                    return serde_yaml::from_str::<Json>(text).map_err(|e| RequestError::new("", format!("the request is neither JSON nor YAML: {e}")));
                }
            }
            Err(RequestError::new("", format!("the request is not valid JSON: {je}")))
        }
    }
}

/// Answers a request given as text, straight to JSON text (no intermediate value): the
/// response, or the error object, and whether it was an answer. The hosts' entry point.
pub fn decide_string(rs: &RuleSet, conds: &dyn Conds, text: &str) -> (String, bool) {
    match parse_text(text).and_then(|j| decide_value_with(rs, conds, &j)) {
        Ok(r) => (serde_json::to_string(&r).unwrap_or_else(|e| error_json(&RequestError::new("", e.to_string())).to_string()), true),
        Err(e) => (error_json(&e).to_string(), false),
    }
}

/// The clerk's question: which documents does this applicant need? `query` is a request
/// without the need for `as_of`: without it, the rules currently encoded as in force answer
/// (those of documents not repealed).
///
/// Errors: [`RequestError`] as for [`decide_value`].
pub fn documents_value<'a>(rs: &'a RuleSet, conds: &'a dyn Conds, query: &Json) -> Result<DocumentsAnswer<'a>, RequestError> {
    let mut req = request::parse(rs, query, false)?;
    req.question = request::Question::Service;
    match crate::engine::decide_with(rs, &req, conds) {
        Response::Service(s) => Ok(DocumentsAnswer::from_service(*s)),
        _ => Err(RequestError::new("/question", "the documents query answers `question: service` only")),
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

/// Every enum with its members' ids and zh-CN labels: `{name: [{id, label}]}`.
pub fn vocabulary(rs: &RuleSet) -> Json {
    let mut m = serde_json::Map::new();
    for e in &rs.enums {
        m.insert(e.name.clone(), Json::Array(e.members.iter().map(|x| json!({"id": x.id, "label": x.label})).collect()));
    }
    Json::Object(m)
}
