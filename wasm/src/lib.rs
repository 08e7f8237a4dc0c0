//! `carules-wasm` — the carules decision API for WebAssembly hosts (portal pages, Node).
//!
//! Each export is a thin wrapper over [`carules::api::host`]: string in, string out. Bad input
//! comes back as the spec's error object `{"error": {"code": "request.invalid", …}}`;
//! nothing here throws into JavaScript or traps.

use wasm_bindgen::prelude::wasm_bindgen;

/// `decide(request JSON) -> response JSON` (or the error object).
#[wasm_bindgen(js_name = decide)]
pub fn decide(request: &str) -> String {
    carules::api::host::decide(request)
}

/// `documents(query JSON) -> {region, service, documents, findings}` (or the error object).
#[wasm_bindgen(js_name = documents)]
pub fn documents(query: &str) -> String {
    carules::api::host::documents(query)
}

/// `regions() -> [{code, name, aliases, parent, services}]` as JSON.
#[wasm_bindgen(js_name = regions)]
pub fn regions() -> String {
    carules::api::host::regions()
}

/// `vocabulary() -> {enum name: [{id, label}]}` as JSON.
#[wasm_bindgen(js_name = vocabulary)]
pub fn vocabulary() -> String {
    carules::api::host::vocabulary()
}

/// `schema("request" | "response") -> JSON Schema` (or the error object).
#[wasm_bindgen(js_name = schema)]
pub fn schema(which: &str) -> String {
    carules::api::host::schema(which)
}

/// The carules crate version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    carules::api::host::version()
}
