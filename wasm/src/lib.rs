//! `carules-wasm` — the carules decision API for WebAssembly hosts (portal pages, Node).
//!
//! Each export is a thin wrapper over [`carules::host`]: JSON text in, JSON text out.
//! The text arguments are taken as any JavaScript value, so a caller passing an object, a
//! number or `undefined` instead of JSON text gets the spec's error object
//! `{"error": {"code": "request.invalid", …}}` like any bad input; nothing here throws into
//! JavaScript or traps.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The text of `v`, or the error object saying what was expected instead.
fn text(v: &JsValue, what: &str) -> Result<String, String> {
    v.as_string().ok_or_else(|| {
        let message = format!("{what} must be given as JSON text (a string), e.g. JSON.stringify(object); got {}", kind(v));
        carules::api::error::ApiError::new("", message).to_json().to_string()
    })
}

/// The JavaScript type of `v`, as `typeof` names it (`null` told apart from objects).
fn kind(v: &JsValue) -> String {
    if v.is_null() { "null".into() } else { v.js_typeof().as_string().unwrap_or_else(|| "value".into()) }
}

/// `decide(request JSON text) -> response JSON` (or the error object).
#[wasm_bindgen(js_name = decide)]
pub fn decide(#[wasm_bindgen(unchecked_param_type = "string")] request: JsValue) -> String {
    text(&request, "the request").map_or_else(|e| e, |t| carules::host::decide(&t))
}

/// `documents(query JSON text) -> {region, service, documents, findings}` (or the error
/// object).
#[wasm_bindgen(js_name = documents)]
pub fn documents(#[wasm_bindgen(unchecked_param_type = "string")] query: JsValue) -> String {
    text(&query, "the query").map_or_else(|e| e, |t| carules::host::documents(&t))
}

/// `notice(request JSON text) -> {"html", "markdown"}`: the 一次性告知单 (or the error
/// object).
#[wasm_bindgen(js_name = notice)]
pub fn notice(#[wasm_bindgen(unchecked_param_type = "string")] request: JsValue) -> String {
    text(&request, "the request").map_or_else(|e| e, |t| carules::host::notice(&t))
}

/// `regions() -> [{code, name, aliases, parent, services}]` as JSON.
#[wasm_bindgen(js_name = regions)]
pub fn regions() -> String {
    carules::host::regions()
}

/// `vocabulary() -> {enum name: [{id, label}]}` as JSON.
#[wasm_bindgen(js_name = vocabulary)]
pub fn vocabulary() -> String {
    carules::host::vocabulary()
}

/// `facts(region) -> [{fact, path, label, type, enum?, choices?, min?, default?, default_zh?,
/// region}]` as JSON (or the error object): the facts a request for the region may give.
#[wasm_bindgen(js_name = facts)]
pub fn facts(#[wasm_bindgen(unchecked_param_type = "string")] region: JsValue) -> String {
    text(&region, "the region").map_or_else(|e| e, |t| carules::host::facts(&t))
}

/// `schema("request" | "response") -> JSON Schema` (or the error object).
#[wasm_bindgen(js_name = schema)]
pub fn schema(#[wasm_bindgen(unchecked_param_type = "string")] which: JsValue) -> String {
    text(&which, "the schema name").map_or_else(|e| e, |t| carules::host::schema(&t))
}

/// The carules crate version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    carules::host::version()
}
