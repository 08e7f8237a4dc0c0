//! JSON Schemas of the decision API. The response schema is derived from the response
//! types (schemars, feature `schema`) and committed as `schemas/response.schema.json`, which
//! builds without schemars (WebAssembly) serve; `tests/schema.rs` fails when it is stale.
//! The request schema is built from the request shape (`ir::lookup::Shape`, the tree of
//! JSON keys the `fact` declarations make) — the same tree the request decoder walks and the
//! sample generator fills — so it always matches what the engine reads: a new fact in a rule
//! file appears here, and a path several regions declare with their own types is `anyOf`
//! their schemas.

use crate::ir::lookup::Shape;
use crate::ir::{Fact, RuleSet, Type};
use serde_json::{Map, Value as Json, json};

/// The committed response schema (`schemas/response.schema.json`).
pub const RESPONSE_SCHEMA: &str = include_str!("../../schemas/response.schema.json");

/// `"request"` or `"response"`; `None` for anything else.
pub fn schema(rs: &RuleSet, which: &str) -> Option<Json> {
    match which {
        "request" => Some(request(rs)),
        "response" => serde_json::from_str(RESPONSE_SCHEMA).ok(),
        _ => None,
    }
}

/// The response schema derived from the response types now (what
/// `schemas/response.schema.json` must hold).
#[cfg(feature = "schema")]
pub fn fresh_response_schema() -> Json {
    serde_json::to_value(schemars::schema_for!(crate::answer::Response)).unwrap_or(Json::Null)
}

fn fact_schema(rs: &RuleSet, ty: Type, label: &str, min: Option<i64>) -> Json {
    let mut s = match ty {
        Type::Bool => json!({"type": "boolean"}),
        Type::Int | Type::Days | Type::Minutes | Type::Months => json!({"type": "integer", "minimum": min.unwrap_or(0)}),
        Type::Money(_) => json!({"type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$", "description": "CNY"}),
        Type::Date => json!({"type": "string", "format": "date"}),
        Type::Time => json!({"type": "string", "format": "date-time"}),
        Type::TimeOfDay => json!({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}),
        Type::Region => json!({"type": "string", "description": "GB/T 2260 code, or a region name / alias"}),
        Type::Str => json!({"type": "string"}),
        Type::Enum(e) => json!({"type": "string", "enum": ids(rs, e)}),
        Type::Set(e) => json!({"type": "array", "items": {"type": "string", "enum": ids(rs, e)}, "uniqueItems": true}),
    };
    if let Some(o) = s.as_object_mut() {
        if !label.is_empty() {
            let d = match o.get("description") {
                Some(Json::String(x)) => format!("{label} ({x})"),
                _ => label.to_string(),
            };
            o.insert("description".into(), Json::String(d));
        }
        if matches!(ty, Type::Time) {
            o.insert("nullable".into(), Json::Bool(false));
        }
    }
    s
}

fn ids(rs: &RuleSet, e: usize) -> Vec<String> {
    rs.enums.get(e).map(|x| x.members.iter().map(|m| m.id.to_string()).collect()).unwrap_or_default()
}

/// The schema of one declared fact; a fact declared by a region says so.
fn one_fact(rs: &RuleSet, f: &Fact) -> Json {
    let mut s = fact_schema(rs, f.ty, &f.label, f.min);
    if let (Some(r), Some(o)) = (f.scope.and_then(|r| rs.regions.get(r)), s.as_object_mut()) {
        let d = o.get("description").and_then(|d| d.as_str()).unwrap_or_default().to_string();
        o.insert("description".into(), Json::String(format!("{d} [{} {}]", r.code, r.name)));
    }
    s
}

/// The properties of one level of the request shape.
fn level(rs: &RuleSet, shape: &Shape) -> Map<String, Json> {
    let mut out = Map::new();
    for (key, node) in &shape.keys {
        let mut alts: Vec<Json> = node.facts.iter().filter_map(|f| rs.facts.get(*f)).map(|f| one_fact(rs, f)).collect();
        if !node.children.keys.is_empty() {
            alts.push(json!({"type": "object", "additionalProperties": false, "properties": level(rs, &node.children)}));
        }
        let schema = if alts.len() == 1 { alts.pop().unwrap_or(Json::Null) } else { json!({"anyOf": alts}) };
        out.insert(key.clone(), schema);
    }
    out
}

fn request(rs: &RuleSet) -> Json {
    let mut root = level(rs, &rs.lookup.get(rs).shape);
    let line: Map<String, Json> = crate::request::LINE_KEYS.iter().filter_map(|k| root.get(*k).map(|s| (k.to_string(), s.clone()))).collect();
    let codes: Vec<String> = rs.regions.iter().map(|r| r.code.to_string()).collect();
    root.insert("region".into(), json!({"type": "string", "description": "GB/T 2260 code or alias", "examples": codes}));
    root.insert("question".into(), json!({"type": "string", "enum": ["service", "acceptance", "evaluation"], "default": "service"}));
    root.insert("submitted_documents".into(), json!({"type": "array", "items": {"type": "string"}}));
    root.insert("observations".into(), json!({"type": "object", "additionalProperties": {"type": "boolean"}}));
    root.insert(
        "records".into(),
        json!({"type": "array", "items": {"type": "object", "required": ["received_at"], "properties": {
            "channel": fact_schema(rs, rs.facts.get(rs.known.channel).map(|f| f.ty).unwrap_or(Type::Str), "", None),
            "received_at": {"type": "string", "format": "date-time"},
            "completed_at": {"type": "string", "format": "date-time"}
        }}}),
    );
    root.insert(
        "together".into(),
        json!({"type": "array", "description": "the other certificates applied for in the same visit: their own service, reason, term, quantity and certificate facts",
               "items": {"type": "object", "additionalProperties": false, "properties": line}}),
    );
    root.insert("explain".into(), json!({"type": "boolean"}));
    let max = crate::request::MAX_REQUEST_ID;
    root.insert(
        "request_id".into(),
        json!({"type": "string", "maxLength": max, "description": "the caller's id for the request, echoed as `request_id` in the answer and in an error object"}),
    );
    root.insert(
        "id".into(),
        json!({"type": "string", "maxLength": max, "description": "synonym of `request_id` (echoed as `request_id`); giving both is an error"}),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "carules request",
        "type": "object",
        "required": ["region", "as_of"],
        "additionalProperties": false,
        "properties": root,
    })
}
