//! Information monotonicity — what "never confidently wrong" means, as a property.
//!
//! For every rule case of `rules/tests/` and N seeded generated requests (`CARULES_GENERATED`,
//! default 10,000), dropping any one fact from the request never turns a *determined* part
//! of the answer — `allowed`, the fee's status and amount, the documents list, the deadline,
//! the office hours — into a *different* determined value, unless the answer to the smaller
//! request names that fact in `assumed` (a default it used, with its citation). A fact left
//! out is unknown: the answer may become undetermined (`null`, branches, `needs`), never
//! another answer.
//!
//! How it fails. Put a silent default back — e.g. `default false` on
//! `bidding.encrypted_bid_uploaded` in `rules/prelude.carules`: `carules check` refuses it
//! (E0203, no citation). With a citation it checks, and this test still passes only because
//! the answer states the default in `assumed`; an engine that used a default without saying
//! so is what [`a_default_used_in_silence_is_caught`] simulates (it strips `assumed`), and the
//! property then fails on 西藏's `years` (the fee for 3 years becomes the fee for 1).
#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly

use carules::api::{Options, Rules};
use serde_json::{Map, Value as Json};

/// Request keys that are not facts of the applicant's situation, or cannot be left out: never
/// dropped. `charged` and `submitted_documents` are questions the request asks (is this
/// charge within the cap? are these papers complete?): without them the question is not
/// asked, so its refusal (`fee.over_cap`, `documents.missing`) is not given.
const NOT_FACTS: [&str; 12] =
    ["region", "as_of", "question", "submitted_documents", "observations", "records", "explain", "together", "request_id", "id", "service", "charged"];

fn decide(req: &Json) -> Json {
    carules::api::decide_json(Rules::shipped(), req, Options::default())
}

/// The dotted paths of the facts a request gives (leaves of its fact objects).
fn fact_paths(req: &Json) -> Vec<String> {
    fn walk(prefix: &str, m: &Map<String, Json>, out: &mut Vec<String>) {
        for (k, v) in m {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                Json::Object(inner) => walk(&path, inner, out),
                _ => out.push(path),
            }
        }
    }
    let mut out = Vec::new();
    if let Some(m) = req.as_object() {
        let facts: Map<String, Json> = m.iter().filter(|(k, _)| !NOT_FACTS.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        walk("", &facts, &mut out);
    }
    out
}

fn without(req: &Json, path: &str) -> Json {
    let mut out = req.clone();
    let mut cur = &mut out;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, p) in parts.iter().enumerate() {
        let Some(m) = cur.as_object_mut() else { return out };
        if i + 1 == parts.len() {
            m.remove(*p);
            break;
        }
        let Some(next) = m.get_mut(*p) else { return out };
        cur = next;
    }
    out
}

/// The determined parts of a service answer, by name (a part absent here is undetermined).
fn determined(a: &Json) -> Vec<(&'static str, Json)> {
    let mut out = Vec::new();
    if a.get("question").and_then(Json::as_str) != Some("service") {
        return out;
    }
    let branches = a.get("branches").cloned().unwrap_or(Json::Null);
    if let Some(b) = a.get("allowed").and_then(Json::as_bool) {
        out.push(("allowed", Json::Bool(b)));
    }
    if let Some(fee) = a.get("fee").filter(|f| f.get("status").and_then(Json::as_str) != Some("undetermined")) {
        out.push(("fee.status", fee.get("status").cloned().unwrap_or(Json::Null)));
        if let Some(amount) = fee.get("amount").filter(|x| !x.is_null()) {
            out.push(("fee.amount", amount.clone()));
        }
    }
    let info = a.get("documents_info").and_then(|i| i.get("status")).and_then(Json::as_str);
    let conditional = a.get("documents").and_then(Json::as_array).is_some_and(|d| d.iter().any(|x| x.get("condition").is_some()));
    if info.is_some_and(|s| s != "undetermined") && !conditional {
        let ids: Vec<Json> = a.get("documents").and_then(Json::as_array).map(|d| d.iter().filter_map(|x| x.get("id").cloned()).collect()).unwrap_or_default();
        out.push(("documents", Json::Array(ids)));
    }
    // A deadline or office hours that wait on a date or number the request lacks are `null`
    // with the fact in `needs` (such facts are not split into branches): undetermined.
    let waits_on = |part: &str| {
        a.get("needs").and_then(Json::as_array).is_some_and(|ns| ns.iter().any(|n| n["affects"].as_array().is_some_and(|x| x.contains(&Json::from(part)))))
    };
    for part in ["deadline", "office_hours"] {
        if branches.get(part).is_none() && !waits_on(part) {
            out.push((if part == "deadline" { "deadline" } else { "office_hours" }, a.get(part).cloned().unwrap_or(Json::Null)));
        }
    }
    out
}

fn assumed_names(a: &Json, fact: &str) -> bool {
    a.get("assumed").and_then(Json::as_array).is_some_and(|v| v.iter().any(|x| x.get("fact").and_then(Json::as_str) == Some(fact)))
}

/// Every violation of monotonicity for one request: `(fact dropped, part, before, after)`.
/// `strip` removes `assumed` from the smaller request's answer first (an engine that uses
/// defaults in silence).
fn violations(req: &Json, strip: bool) -> Vec<String> {
    let full = decide(req);
    if full.get("error").is_some() {
        return vec![];
    }
    let before = determined(&full);
    let mut out = Vec::new();
    for path in fact_paths(req) {
        let mut smaller = decide(&without(req, &path));
        if smaller.get("error").is_some() {
            continue;
        }
        if strip && let Some(m) = smaller.as_object_mut() {
            m.remove("assumed");
        }
        if assumed_names(&smaller, &path) {
            continue;
        }
        let after = determined(&smaller);
        for (part, v) in &before {
            if let Some((_, w)) = after.iter().find(|(p, _)| p == part)
                && v != w
            {
                out.push(format!("dropping `{path}` changed {part}: {v} → {w}"));
            }
        }
    }
    out
}

fn cases() -> Vec<(String, Json)> {
    let mut out = Vec::new();
    for (file, text) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &text).unwrap_or_else(|e| panic!("{e}")) {
            out.push((format!("{file} :: {}", c.name), c.request.clone()));
        }
    }
    out
}

#[test]
fn dropping_a_fact_never_changes_a_determined_part_of_a_case() {
    let mut bad = Vec::new();
    let all = cases();
    for (name, req) in &all {
        for v in violations(req, false) {
            bad.push(format!("{name}: {v}"));
        }
    }
    assert!(all.len() > 200, "only {} cases", all.len());
    assert!(bad.is_empty(), "{} violations:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn dropping_a_fact_never_changes_a_determined_part_of_a_generated_request() {
    let rs = carules::compiled::rules();
    let seed = std::env::var("CARULES_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261207u64);
    let count = std::env::var("CARULES_GENERATED").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000usize);
    let mut rng = carules::api::sample::Rng::new(seed);
    let mut bad = Vec::new();
    for i in 0..count {
        let req = carules::api::sample::request(rs, &mut rng);
        for v in violations(&req, false) {
            bad.push(format!("request #{i} (seed {seed}): {v}\n  {req}"));
        }
        if bad.len() > 20 {
            break;
        }
    }
    assert!(bad.is_empty(), "{} violations:\n{}", bad.len(), bad.join("\n"));
}

/// The property is not vacuous: an engine that used a default without stating it would
/// fail it. 西藏 assumes one year (第二十五条, cited); a 3-year 新办 costs 400 + 2 × 300.
#[test]
fn a_default_used_in_silence_is_caught() {
    let req = serde_json::json!({
        "region": "540000", "as_of": "2026-11-23T10:00:00+08:00", "service": "new", "years": 3,
        "channel": "onsite", "applicant": {"kind": "organization", "roles": ["bidder"]}
    });
    assert!(violations(&req, false).is_empty(), "{:?}", violations(&req, false));
    let silent = violations(&req, true);
    assert!(silent.iter().any(|v| v.starts_with("dropping `years` changed fee.amount")), "{silent:?}");
}
