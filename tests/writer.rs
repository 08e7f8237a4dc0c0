//! The answer writer (`api::write`) writes exactly what serde writes: for every rule case
//! and language-fixture case, and for 10,000 seeded generated requests, on both back ends,
//! with and without `explain`, the text of `decide_str` / `documents_str` equals
//! `serde_json::to_string` of the typed answer (or the error object's `to_string`). And its
//! string escaping is serde_json's, on random strings. The answers compared fill every field
//! of every answer type of the response schema (but the few `UNFILLED` names), so a field
//! added to an answer part is compared as soon as a case fills it.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly on a broken tree
use carules::api::{ApiError, Options, Rules};
use proptest::prelude::*;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// What serde makes of the answer to `text` (or of its error object).
fn serde_decide(rules: Rules<'_>, text: &str, options: Options) -> Result<String, String> {
    let answer = carules::api::parse_json(text).and_then(|j| carules::api::decide(rules, &j, options));
    match answer {
        Ok(a) => Ok(serde_json::to_string(&a).unwrap_or_else(|e| panic!("serde: {e}"))),
        Err(e) => Err(e.to_json().to_string()),
    }
}

fn serde_documents(rules: Rules<'_>, text: &str) -> Result<String, String> {
    match carules::api::parse_json(text).and_then(|j| carules::api::documents(rules, &j)) {
        Ok(a) => Ok(serde_json::to_string(&a).unwrap_or_else(|e| panic!("serde: {e}"))),
        Err(e) => Err(e.to_json().to_string()),
    }
}

/// Checks the answers to `request` (decide with `explain`; documents too when `documents`)
/// are written as serde writes them; returns whether decide answered (rather than refused).
fn same(rules: Rules<'_>, request: &Json, explain: bool, documents: bool, what: &str) -> bool {
    let text = request.to_string();
    let options = Options { explain };
    let ours = carules::api::decide_str(rules, &text, options);
    assert_eq!(ours, serde_decide(rules, &text, options), "{what} (explain: {explain}): the writer and serde differ");
    if documents {
        assert_eq!(carules::api::documents_str(rules, &text), serde_documents(rules, &text), "{what}: documents answers differ");
    }
    ours.is_ok()
}

/// [`same`] with and without `explain`, and the documents answer.
fn all_same(rules: Rules<'_>, request: &Json, what: &str) {
    same(rules, request, false, true, what);
    same(rules, request, true, false, what);
}

fn checked() -> carules::ir::RuleSet {
    carules::check::check(&carules::rules::shipped_files()).unwrap_or_else(|d| panic!("shipped rules do not check: {d:?}"))
}

#[test]
fn every_rule_case_is_written_as_serde_writes_it() {
    let rs = checked();
    let mut n = 0;
    for (file, text) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &text).unwrap_or_else(|e| panic!("{e}")) {
            let what = format!("{file} :: {}", c.name);
            all_same(Rules::interpreted(&rs), &c.request, &what);
            all_same(Rules::shipped(), &c.request, &what);
            n += 1;
        }
    }
    assert!(n > 100, "only {n} cases");
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn sorted(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).filter_map(|e| e.ok().map(|e| e.path())).filter(|p| keep(p)).collect();
    v.sort();
    v
}

/// The rule set of a language fixture: the shipped prelude and calendar, and its files.
fn language_rules(dir: &Path) -> carules::ir::RuleSet {
    let mut files = vec![
        ("prelude.carules".to_string(), read(&root().join("rules/prelude.carules"))),
        ("calendar.carules".to_string(), read(&root().join("rules/calendar.carules"))),
    ];
    for p in sorted(dir, |p| p.extension().is_some_and(|x| x == "carules")) {
        files.push((p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), read(&p)));
    }
    carules::check::check(&files).unwrap_or_else(|d| panic!("{}: does not check: {d:?}", dir.display()))
}

#[test]
fn every_language_case_is_written_as_serde_writes_it() {
    let mut n = 0;
    for dir in sorted(&root().join("tests/language"), |p| p.is_dir()) {
        let rs = language_rules(&dir);
        let cases = carules::cases::load("cases.yaml", &read(&dir.join("cases.yaml"))).unwrap_or_else(|e| panic!("{e}"));
        for c in cases {
            all_same(Rules::interpreted(&rs), &c.request, &format!("{} :: {}", dir.display(), c.name));
            n += 1;
        }
    }
    assert!(n >= 40, "only {n} language cases");
}

#[test]
fn ten_thousand_generated_requests_are_written_as_serde_writes_them() {
    let rs = checked();
    let seed = std::env::var("CARULES_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261122u64);
    let mut rng = carules::api::sample::Rng::new(seed);
    // `CARULES_GENERATED` lowers the count for quick runs (the mutation run, tests/mutants.sh).
    let count = std::env::var("CARULES_GENERATED").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000usize);
    let mut answered = 0;
    for i in 0..count {
        let req = carules::api::sample::request(&rs, &mut rng);
        let what = format!("request #{i} (seed {seed}): {req}");
        // Both back ends, `explain` on every other request, the documents answer on every
        // fourth (each check answers twice: the writer's text and serde's).
        let compiled = same(Rules::shipped(), &req, i % 2 == 1, i % 4 == 0, &what);
        same(Rules::interpreted(&rs), &req, i % 2 == 0, i % 4 == 2, &what);
        answered += usize::from(compiled);
    }
    assert!(answered * 10 > count * 9, "only {answered} of {count} generated requests were answered");
}

#[test]
fn error_objects_are_written_as_serde_writes_them() {
    let rules = Rules::shipped();
    let mut n = 0;
    for p in sorted(&root().join("tests/requests"), |p| p.extension().is_some_and(|x| x == "json")) {
        let text = read(&p);
        assert_eq!(carules::api::decide_str(rules, &text, Options::default()), serde_decide(rules, &text, Options::default()), "{}", p.display());
        assert_eq!(carules::api::documents_str(rules, &text), serde_documents(rules, &text), "{}", p.display());
        n += 1;
    }
    assert!(n >= 5, "only {n} malformed requests");
    for text in ["", "[", "{\"region\": \"\\u0000\"}", "{\"region\": \"630000\", \"as_of\": \"\u{7f}\\\"/\\n\"}", "\"青海\""] {
        assert_eq!(carules::api::decide_str(rules, text, Options::default()), serde_decide(rules, text, Options::default()), "{text:?}");
    }
    let tricky = ApiError::new("/a/\"b\"\\c", "控制字符 \u{1} \u{1f} 与 \u{7f} / \t \r\n");
    assert_eq!(carules::api::write::error(&tricky), tricky.to_json().to_string());
    let rules_error = ApiError::rules("E0001 bad");
    assert_eq!(carules::api::write::error(&rules_error), rules_error.to_json().to_string());
}

fn escaped(s: &str) -> String {
    let mut out = String::new();
    carules::api::write::escape(&mut out, s);
    out
}

proptest! {
    #[test]
    fn escaping_is_serde_jsons(s in any::<String>()) {
        prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap_or_default());
    }

    #[test]
    fn escaping_is_serde_jsons_on_what_needs_escaping(s in "[\\x00-\\x1f\"\\\\/\\x7f a青🎉\u{2028}]{0,40}") {
        prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap_or_default());
    }
}

/// Every field of every answer type: the `(type, field)` pairs of the committed response
/// schema (`schemas/response.schema.json`, derived from the serde types by schemars and kept
/// fresh by `tests/schema.rs`).
fn schema_fields(schema: &Json) -> std::collections::BTreeSet<(String, String)> {
    let defs = schema["$defs"].as_object().unwrap_or_else(|| panic!("the schema has no $defs"));
    defs.iter().flat_map(|(name, d)| d["properties"].as_object().into_iter().flatten().map(move |(f, _)| (name.clone(), f.clone()))).collect()
}

/// Marks the fields of `value` — read as schema node `node` — that hold something (not null,
/// not an empty list or object) in `seen`, as `(type, field)`.
fn cover(value: &Json, node: &Json, defs: &Json, within: &str, seen: &mut std::collections::BTreeSet<(String, String)>) {
    if let Some(r) = node["$ref"].as_str() {
        let name = r.trim_start_matches("#/$defs/");
        return cover(value, &defs[name], defs, name, seen);
    }
    if let Some(alternatives) = node["anyOf"].as_array().or_else(|| node["oneOf"].as_array()) {
        // The alternative the value is: for an object, the type with the fewest fields among
        // those that have all of its keys (fields skipped when empty may be absent).
        let fields = |alt: &Json| -> Option<usize> {
            let alt = alt["$ref"].as_str().map_or(alt, |r| &defs[r.trim_start_matches("#/$defs/")]);
            match (value, alt["properties"].as_object()) {
                (Json::Object(o), Some(props)) => o.keys().all(|k| props.contains_key(k)).then_some(props.len()),
                (Json::Null, _) => (alt["type"] == "null").then_some(0),
                (Json::Object(_), None) | (_, Some(_)) => None,
                _ => (alt["type"] != "null").then_some(0),
            }
        };
        if let Some(alt) = alternatives.iter().filter_map(|a| fields(a).map(|n| (n, a))).min_by_key(|(n, _)| *n).map(|(_, a)| a) {
            cover(value, alt, defs, within, seen);
        }
        return;
    }
    match value {
        Json::Object(o) => {
            for (k, v) in o {
                let empty = v.is_null() || v.as_array().is_some_and(Vec::is_empty) || v.as_object().is_some_and(serde_json::Map::is_empty);
                if !empty {
                    seen.insert((within.to_string(), k.clone()));
                }
                let field = &node["properties"][k];
                let field = if field.is_null() { &node["additionalProperties"] } else { field };
                cover(v, field, defs, within, seen);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| cover(i, &node["items"], defs, within, seen)),
        _ => {}
    }
}

/// The writer cannot fall behind the types: the answers it is compared with serde on (every
/// rule case, both back ends, with `explain`; 2,000 generated requests) hold a value in every
/// field of every answer type of the response schema. A field added to an answer part is
/// then written by the writer and compared with serde as soon as one answer fills it — and
/// until one does, this test names it.
#[test]
fn the_answers_compared_fill_every_field_of_every_answer_type() {
    let schema: Json = serde_json::from_str(&read(&root().join("schemas/response.schema.json"))).unwrap_or_else(|e| panic!("schema: {e}"));
    let defs = &schema["$defs"];
    let mut seen = std::collections::BTreeSet::new();
    let mut record = |rules: Rules<'_>, request: &Json| {
        let text = request.to_string();
        let options = Options { explain: true };
        let ours = carules::api::decide_str(rules, &text, options);
        assert_eq!(ours, serde_decide(rules, &text, options), "{text}: the writer and serde differ");
        if let Ok(answer) = ours {
            let answer: Json = serde_json::from_str(&answer).unwrap_or_else(|e| panic!("{e}"));
            cover(&answer, &schema, defs, "", &mut seen);
        }
    };
    // Each case as written, and with a `request_id` (echoed in every kind of answer).
    let mut both = |rules: Rules<'_>, request: &Json| {
        record(rules, request);
        let mut with_id = request.clone();
        if let Some(o) = with_id.as_object_mut() {
            o.insert("request_id".into(), "r-1".into());
        }
        record(rules, &with_id);
    };
    let rs = checked();
    for (file, text) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &text).unwrap_or_else(|e| panic!("{e}")) {
            both(Rules::shipped(), &c.request);
            both(Rules::interpreted(&rs), &c.request);
        }
    }
    for dir in sorted(&root().join("tests/language"), |p| p.is_dir()) {
        let rs = language_rules(&dir);
        for c in carules::cases::load("cases.yaml", &read(&dir.join("cases.yaml"))).unwrap_or_else(|e| panic!("{e}")) {
            both(Rules::interpreted(&rs), &c.request);
        }
    }
    let mut rng = carules::api::sample::Rng::new(20261122);
    for _ in 0..2_000 {
        record(Rules::shipped(), &carules::api::sample::request(&rs, &mut rng));
    }
    let missing: Vec<String> = schema_fields(&schema).difference(&seen).map(|(t, f)| format!("{t}.{f}")).collect();
    assert_eq!(
        missing, UNFILLED,
        "the fields no answer compared with serde fills changed: add a rule case that fills a new field, or take a field now filled off UNFILLED"
    );
}

/// Fields no shipped or fixture case fills yet (so the writer's code for them is compared
/// with serde only when empty): each wants a rule case that fills it. Kept exact, so it only
/// shrinks and a new field cannot join it unseen.
const UNFILLED: [&str; 6] = [
    "AcceptanceResponse.assumed",
    "Branch4.still_needs",
    "Branch5.still_needs",
    "EvaluationResponse.asked_region",
    "EvaluationResponse.findings",
    "OfficeHours.notes",
];

#[test]
fn the_coverage_reader_sees_a_missing_field() {
    let schema = serde_json::json!({
        "anyOf": [{"$ref": "#/$defs/A"}],
        "$defs": {
            "A": {"type": "object", "properties": {"x": {"type": "string"}, "s": {"anyOf": [{"$ref": "#/$defs/S"}, {"type": "null"}]}}, "required": ["x"]},
            "S": {"type": "object", "properties": {"doc": {"type": "string"}, "notes": {"type": "array", "items": {"type": "string"}}}}
        }
    });
    let mut seen = std::collections::BTreeSet::new();
    cover(&serde_json::json!({"x": "a", "s": {"doc": "d", "notes": []}}), &schema, &schema["$defs"], "", &mut seen);
    let missing: Vec<_> = schema_fields(&schema).difference(&seen).cloned().collect();
    assert_eq!(missing, [("S".to_string(), "notes".to_string())]);
}
