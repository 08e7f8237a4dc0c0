//! JSON Schemas of the decision API. The response schema is derived from the response
//! types (schemars, feature `schema`) and committed as `schemas/response.schema.json`, which
//! builds without schemars (WebAssembly) serve; `tests/schema.rs` fails when it is stale.
//! The request schema is built from the rule set's `fact` declarations, so it always
//! matches what the engine reads — a new fact in a rule file appears here.

use crate::ir::{RuleSet, Type};
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
    serde_json::to_value(schemars::schema_for!(crate::api::response::Response)).unwrap_or(Json::Null)
}

fn fact_schema(rs: &RuleSet, ty: Type, label: &str) -> Json {
    let mut s = match ty {
        Type::Bool => json!({"type": "boolean"}),
        Type::Int | Type::Days | Type::Minutes | Type::Months => json!({"type": "integer", "minimum": 0}),
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

fn request(rs: &RuleSet) -> Json {
    let mut root = Map::new();
    for f in rs.facts.iter() {
        let mut cur = &mut root;
        let parts: Vec<&str> = f.path.split('.').collect();
        for (i, p) in parts.iter().enumerate() {
            if i + 1 == parts.len() {
                cur.insert(p.to_string(), fact_schema(rs, f.ty, &f.label));
            } else {
                let entry = cur.entry(p.to_string()).or_insert_with(|| json!({"type": "object", "additionalProperties": false, "properties": {}}));
                let Some(props) = entry.get_mut("properties").and_then(|x| x.as_object_mut()) else { break };
                cur = props;
            }
        }
    }
    let codes: Vec<String> = rs.regions.iter().map(|r| r.code.to_string()).collect();
    root.insert("region".into(), json!({"type": "string", "description": "GB/T 2260 code or alias", "examples": codes}));
    root.insert("question".into(), json!({"type": "string", "enum": ["service", "acceptance", "evaluation"], "default": "service"}));
    root.insert("submitted_documents".into(), json!({"type": "array", "items": {"type": "string"}}));
    root.insert("observations".into(), json!({"type": "object", "additionalProperties": {"type": "boolean"}}));
    root.insert(
        "records".into(),
        json!({"type": "array", "items": {"type": "object", "required": ["received_at"], "properties": {
            "channel": fact_schema(rs, rs.facts.get(rs.known.channel).map(|f| f.ty).unwrap_or(Type::Str), ""),
            "received_at": {"type": "string", "format": "date-time"},
            "completed_at": {"type": "string", "format": "date-time"}
        }}}),
    );
    root.insert("explain".into(), json!({"type": "boolean"}));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "carules request",
        "type": "object",
        "required": ["region", "as_of"],
        "additionalProperties": false,
        "properties": root,
    })
}
