//! The keys of a case's `expect` checked against the answer's JSON Schema: a mistyped key
//! (`finding:` for `findings:`, `alowed: null`) is an error, not a silent pass. An expected
//! `null` for a key the answer leaves out (`needs: null`) is allowed only for a key the schema
//! declares.

use serde_json::{Map, Value as Json};
use std::sync::OnceLock;

/// Which answer a case's `expect` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The decision API's answer (`api::response::Response`).
    Decide,
    /// The clerk's documents answer (`api::response::DocumentsAnswer`).
    Documents,
}

fn schema(shape: Shape) -> &'static Json {
    static DECIDE: OnceLock<Json> = OnceLock::new();
    static DOCUMENTS: OnceLock<Json> = OnceLock::new();
    match shape {
        Shape::Decide => DECIDE.get_or_init(|| serde_json::to_value(schemars::schema_for!(crate::answer::Response)).unwrap_or(Json::Null)),
        Shape::Documents => DOCUMENTS.get_or_init(|| serde_json::to_value(schemars::schema_for!(crate::answer::DocumentsAnswer)).unwrap_or(Json::Null)),
    }
}

/// The fields of the error object (`{error: {code, message, path}}`).
const ERROR_FIELDS: [&str; 3] = ["code", "message", "path"];

/// Checks that every key of `expect`, at every depth, is a field the answer of `shape` can
/// have (or, under a top-level `error`, a field of the error object).
///
/// Errors: `"/findings/0/cod: unknown key `cod` (known: code, message, …)"` — the JSON path of
/// the first unknown key in `expect` and the keys known there.
pub fn check(expect: &Json, shape: Shape) -> Result<(), String> {
    if let Json::Object(m) = expect
        && let Some(e) = m.get("error")
    {
        if let Some(k) = m.keys().find(|k| *k != "error") {
            return Err(format!("/{k}: an expected error object has only the key `error`"));
        }
        return match e {
            Json::Object(fields) => match fields.keys().find(|k| !ERROR_FIELDS.contains(&k.as_str())) {
                Some(k) => Err(format!("/error/{k}: unknown key `{k}` (known: {})", ERROR_FIELDS.join(", "))),
                None => Ok(()),
            },
            _ => Ok(()),
        };
    }
    let root = schema(shape);
    let defs = root.get("$defs").and_then(Json::as_object);
    walk(expect, root, defs, "")
}

fn walk(expect: &Json, schema: &Json, defs: Option<&Map<String, Json>>, path: &str) -> Result<(), String> {
    let alts = alternatives(schema, defs);
    match expect {
        Json::Object(m) => {
            let objects: Vec<&Json> = alts.iter().copied().filter(|s| s.get("properties").is_some() || s.get("additionalProperties").is_some()).collect();
            if objects.is_empty() {
                return Ok(()); // a free-form value (`{}` in the schema)
            }
            for (k, v) in m {
                let p = format!("{path}/{k}");
                let subs: Vec<&Json> = objects.iter().filter_map(|s| s.get("properties").and_then(|ps| ps.get(k)).or_else(|| open_map(s))).collect();
                if subs.is_empty() {
                    return Err(format!("{p}: unknown key `{k}` (known: {})", known(&objects)));
                }
                let mut first = None;
                if !subs.iter().any(|s| match walk(v, s, defs, &p) {
                    Ok(()) => true,
                    Err(e) => {
                        first.get_or_insert(e);
                        false
                    }
                }) && let Some(e) = first
                {
                    return Err(e);
                }
            }
            Ok(())
        }
        Json::Array(items) => {
            let Some(item) = alts.iter().find_map(|s| s.get("items")) else { return Ok(()) };
            for (i, v) in items.iter().enumerate() {
                walk(v, item, defs, &format!("{path}/{i}"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The schema of a map's values (`additionalProperties: {…}`), when the object is a map.
fn open_map(s: &Json) -> Option<&Json> {
    s.get("additionalProperties").filter(|a| a.is_object())
}

/// The schema itself and, through `$ref`, `anyOf`, `oneOf` and `allOf`, every schema it may
/// stand for.
fn alternatives<'s>(schema: &'s Json, defs: Option<&'s Map<String, Json>>) -> Vec<&'s Json> {
    let mut out = Vec::new();
    let mut todo = vec![schema];
    while let Some(s) = todo.pop() {
        if out.len() > 64 {
            break; // a cycle of references: what was found is enough to name keys
        }
        if let Some(r) = s.get("$ref").and_then(Json::as_str) {
            if let Some(d) = r.strip_prefix("#/$defs/").and_then(|n| defs.and_then(|d| d.get(n))) {
                todo.push(d);
            }
            continue;
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = s.get(key).and_then(Json::as_array) {
                todo.extend(list.iter());
            }
        }
        out.push(s);
    }
    out
}

fn known(objects: &[&Json]) -> String {
    let mut names: Vec<&str> =
        objects.iter().filter_map(|s| s.get("properties").and_then(Json::as_object)).flat_map(|p| p.keys().map(String::as_str)).collect();
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mistyped_key_is_named_with_its_path() {
        let e = check(&json!({"findings": [{"cod": "x"}]}), Shape::Decide).err().unwrap_or_default();
        assert!(e.starts_with("/findings/0/cod: unknown key `cod`"), "{e}");
        assert!(e.contains("code"), "lists the known keys: {e}");
    }

    #[test]
    fn a_mistyped_key_with_a_null_value_is_refused() {
        assert!(check(&json!({"alowed": null}), Shape::Decide).is_err());
        assert!(check(&json!({"needs": null, "allowed": null}), Shape::Decide).is_ok());
    }

    #[test]
    fn nested_declared_keys_pass_in_both_shapes() {
        let decide = json!({"allowed": false, "fee": {"amount": "300.00", "items": [{"label": "x"}]}, "documents": [{"id": "a", "copies": 1}], "branches": {"documents": [{"when": [], "documents": []}]}});
        assert_eq!(check(&decide, Shape::Decide), Ok(()));
        assert_eq!(check(&json!({"documents_info": {"status": "listed"}, "findings": []}), Shape::Documents), Ok(()));
        assert!(check(&json!({"fee": {}}), Shape::Documents).is_err(), "a documents answer has no fee");
    }

    #[test]
    fn an_expected_error_has_only_the_error_fields() {
        assert_eq!(check(&json!({"error": {"code": "request.invalid", "path": "/years"}}), Shape::Decide), Ok(()));
        assert!(check(&json!({"error": {"pth": "/years"}}), Shape::Decide).is_err());
        assert!(check(&json!({"error": {}, "allowed": false}), Shape::Decide).is_err());
    }
}
