//! The string-in, string-out functions every host exposes (WASM, servers, FFI), over the
//! default rule set. They never panic and never return an error type: bad input comes
//! back as the spec's error object `{"error": {"code": "request.invalid", …}}`.

use crate::ir::RuleSet;
use serde_json::{Value as Json, json};

/// The default rule set: the shipped rules, compiled.
///
/// Errors: the error object when the embedded rules do not check (a broken build).
pub fn rules() -> Result<&'static RuleSet, Json> {
    crate::default_rules().map_err(|m| json!({"error": {"code": "rules.invalid", "message": m, "path": ""}}))
}

/// `decide(request JSON) -> response JSON` (or the error object).
pub fn decide(request: &str) -> String {
    match rules() {
        Ok(rs) => crate::api::decide_string(rs, &crate::compiled::Compiled, request).0,
        Err(e) => e.to_string(),
    }
}

/// `documents(query JSON) -> {region, service, documents, documents_info, needs, branches, findings}`
/// (or the error object).
/// The query is a request whose `as_of` may be omitted.
pub fn documents(query: &str) -> String {
    let rs = match rules() {
        Ok(rs) => rs,
        Err(e) => return e.to_string(),
    };
    match crate::api::parse_text(query).and_then(|q| crate::api::documents_value(rs, &crate::compiled::Compiled, &q)) {
        Ok(v) => serde_json::to_string(&v).unwrap_or_else(|e| crate::api::error_json(&crate::api::request::RequestError::new("", e.to_string())).to_string()),
        Err(e) => crate::api::error_json(&e).to_string(),
    }
}

/// `regions() -> [{code, name, aliases, parent, services}]`.
pub fn regions() -> String {
    match rules() {
        Ok(rs) => crate::api::regions(rs).to_string(),
        Err(e) => e.to_string(),
    }
}

/// `vocabulary() -> {enum name: [{id, label}]}`: labels for building forms.
pub fn vocabulary() -> String {
    match rules() {
        Ok(rs) => crate::api::vocabulary(rs).to_string(),
        Err(e) => e.to_string(),
    }
}

/// `schema("request" | "response") -> JSON Schema`.
pub fn schema(which: &str) -> String {
    match rules() {
        Ok(rs) => match crate::api::schema::schema(rs, which) {
            Some(s) => s.to_string(),
            None => json!({"error": {"code": "request.invalid", "message": format!("unknown schema `{which}`: expected request or response"), "path": ""}})
                .to_string(),
        },
        Err(e) => e.to_string(),
    }
}

/// The crate version.
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
