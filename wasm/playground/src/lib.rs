//! `carules-playground` — the rule checker and the interpreter for the playground page
//! (`www/`), a WebAssembly module of its own, so the portal's module (`wasm/`, compiled rules,
//! no parser) stays small.
//!
//! Each export is a thin wrapper over `core.rs`: text in, JSON text out. An argument that is
//! not a string (an object, a number, `undefined`) is answered with the error object
//! `{"error": {"code": "request.invalid", …}}`; nothing here throws into JavaScript or traps.

mod core;

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The text of `v`, or the error object saying what was expected instead.
fn text(v: &JsValue, what: &str) -> Result<String, String> {
    v.as_string().ok_or_else(|| {
        let kind = if v.is_null() { "null".into() } else { v.js_typeof().as_string().unwrap_or_else(|| "value".into()) };
        let message = format!("{what} must be given as text (a string); got {kind}");
        carules::api::error::ApiError::new("", message).to_json().to_string()
    })
}

/// `check(rule text) -> [diagnostic]` as JSON: code, severity, file, line, column, end_line,
/// end_column, message, help, related (`carules check --format json`, with the span's end).
#[wasm_bindgen(js_name = check)]
pub fn check(#[wasm_bindgen(unchecked_param_type = "string")] rules: JsValue) -> String {
    text(&rules, "the rule text").map_or_else(|e| e, |t| core::check(&t))
}

/// `decide(rule text, request JSON text) -> answer JSON` (or the error object).
#[wasm_bindgen(js_name = decide)]
pub fn decide(#[wasm_bindgen(unchecked_param_type = "string")] rules: JsValue, #[wasm_bindgen(unchecked_param_type = "string")] request: JsValue) -> String {
    match (text(&rules, "the rule text"), text(&request, "the request")) {
        (Ok(r), Ok(q)) => core::decide(&r, &q),
        (Err(e), _) | (_, Err(e)) => e,
    }
}

/// `runCases(rule text, cases YAML text) -> {passed, failed, cases}` as JSON (or the error
/// object).
#[wasm_bindgen(js_name = runCases)]
pub fn run_cases(#[wasm_bindgen(unchecked_param_type = "string")] rules: JsValue, #[wasm_bindgen(unchecked_param_type = "string")] cases: JsValue) -> String {
    match (text(&rules, "the rule text"), text(&cases, "the case file")) {
        (Ok(r), Ok(c)) => core::run_cases(&r, &c),
        (Err(e), _) | (_, Err(e)) => e,
    }
}

/// `examples() -> [{name, region}]` as JSON: the shipped region files.
#[wasm_bindgen(js_name = examples)]
pub fn examples() -> String {
    core::examples()
}

/// `example(file name) -> {name, rules, cases, request}` as JSON (or the error object).
#[wasm_bindgen(js_name = example)]
pub fn example(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> String {
    text(&name, "the file name").map_or_else(|e| e, |t| core::example(&t))
}

/// The carules crate version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    carules::host::version()
}
