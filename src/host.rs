//! The string-in, string-out functions every host exposes (WASM, servers, FFI), over the
//! shipped rules, compiled. They never panic and never return an error type: bad input
//! comes back as the error object `{"error": {"code": "request.invalid", …}}`.

use super::{Options, Rules};

/// `decide(request JSON) -> answer JSON` (or the error object).
pub fn decide(request: &str) -> String {
    super::decide_str(Rules::shipped(), request, Options::default()).unwrap_or_else(|e| e)
}

/// `documents(query JSON) -> {region, service, documents, documents_info, needs, branches,
/// findings}` (or the error object). The query is a request whose `as_of` may be omitted.
pub fn documents(query: &str) -> String {
    super::documents_str(Rules::shipped(), query).unwrap_or_else(|e| e)
}

/// `notice(request JSON) -> {"html": …}` (or the error object): the 一次性告知单 for the
/// request (`handbook::notice`), as a complete A4 HTML page — the page the CLI's `carules
/// notice --format html` prints.
pub fn notice(request: &str) -> String {
    let rules = Rules::shipped();
    match crate::handbook::notice::build_text(rules, request) {
        Ok(n) => {
            let mut o = String::from("{\"html\":");
            super::write::escape(&mut o, &crate::handbook::notice::html(&n));
            o.push('}');
            o
        }
        Err(e) => super::write::error(&e),
    }
}

/// `regions() -> [{code, name, aliases, parent, services}]`.
pub fn regions() -> String {
    super::regions(Rules::shipped().set).to_string()
}

/// `vocabulary() -> {enum name: [{id, label}]}`: labels for building forms.
pub fn vocabulary() -> String {
    super::vocabulary(Rules::shipped().set).to_string()
}

/// `facts(region) -> [{fact, path, label, type, enum?, choices?, min?, default?, default_zh?,
/// region}]`: the facts a request for that region may give, for building its form
/// ([`super::facts`]), or the error object for a region without rules.
pub fn facts(region: &str) -> String {
    match super::facts(Rules::shipped().set, region) {
        Ok(v) => v.to_string(),
        Err(e) => e.to_json().to_string(),
    }
}

/// `schema("request" | "response") -> JSON Schema` (or the error object for another name).
pub fn schema(which: &str) -> String {
    match super::schema::schema(Rules::shipped().set, which) {
        Some(s) => s.to_string(),
        None => super::ApiError::new("", format!("unknown schema `{which}`: expected request or response"))
            .with_zh("未知的结构说明名称：可选请求或回答")
            .to_json()
            .to_string(),
    }
}

/// The crate version.
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
