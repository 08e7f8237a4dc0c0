//! Rule test cases as data: `rules/tests/*.yaml`, each a list of
//! `{name, article, request, expect}`. `expect` is matched as a subset of the answer:
//! maps by key, lists by length and element (in any order), scalars by equality.

use crate::api::{Options, Rules};
use serde::Deserialize;
use serde_json::Value as Json;

/// One case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    /// What is tested.
    pub name: String,
    /// The article the case tests.
    #[serde(default)]
    pub article: Option<String>,
    /// What is asked: `decide` (default, the decision API) or `documents` (the clerk's
    /// documents query, where `as_of` may be omitted).
    #[serde(default)]
    pub query: Option<String>,
    /// The request.
    pub request: Json,
    /// The expected subset of the answer (or `{error: …}`).
    pub expect: Json,
}

/// The outcome of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// File.
    pub file: String,
    /// Case name.
    pub name: String,
    /// `None` = passed; otherwise what differed.
    pub failure: Option<String>,
    /// The full answer.
    pub actual: Json,
}

/// Loads the cases of one YAML file.
///
/// Errors: a message naming the file and the YAML problem, or a case without `article`.
pub fn load(file: &str, text: &str) -> Result<Vec<Case>, String> {
    let cases: Vec<Case> = serde_yaml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    for c in &cases {
        if c.article.as_deref().is_none_or(|a| a.trim().is_empty()) {
            return Err(format!("{file}: case `{}` names no `article`", c.name));
        }
        if let Some(q) = c.query.as_deref()
            && q != "decide"
            && q != "documents"
        {
            return Err(format!("{file}: case `{}`: unknown query `{q}` (decide or documents)", c.name));
        }
    }
    Ok(cases)
}

/// Answers a case's request: the response JSON or the error object.
pub fn answer(rules: Rules<'_>, request: &Json) -> Json {
    crate::api::decide_json(rules, request, Options::default())
}

/// Answers a case: its request through the query it names.
pub fn answer_case(rules: Rules<'_>, case: &Case) -> Json {
    match case.query.as_deref() {
        Some("documents") => crate::api::documents_json(rules, &case.request),
        _ => answer(rules, &case.request),
    }
}

/// Runs every case of every file with the given rules (compiled or interpreted).
///
/// Errors: a message naming a case file that does not load.
pub fn run(rules: Rules<'_>, files: &[(String, String)]) -> Result<Vec<Outcome>, String> {
    let mut out = Vec::new();
    for (file, text) in files {
        for c in load(file, text)? {
            let actual = answer_case(rules, &c);
            let failure = matches(&c.expect, &actual, "").err();
            out.push(Outcome { file: file.clone(), name: c.name, failure, actual });
        }
    }
    Ok(out)
}

/// Whether `actual` matches the subset `expected`; the error names the first difference.
pub fn matches(expected: &Json, actual: &Json, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}/{k}");
                match a.get(k) {
                    Some(av) => matches(ev, av, &p)?,
                    None if ev.is_null() => {}
                    None => return Err(format!("{p}: missing (expected {})", short(ev))),
                }
            }
            Ok(())
        }
        (Json::Array(e), Json::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: expected {} elements, found {}: {}", e.len(), a.len(), short(actual)));
            }
            let mut used = vec![false; a.len()];
            for (i, ev) in e.iter().enumerate() {
                let hit = a.iter().enumerate().find(|(j, av)| !used.get(*j).copied().unwrap_or(true) && matches(ev, av, "").is_ok());
                match hit {
                    Some((j, _)) => {
                        if let Some(u) = used.get_mut(j) {
                            *u = true;
                        }
                    }
                    None => return Err(format!("{path}/{i}: no element matches {} among {}", short(ev), short(actual))),
                }
            }
            Ok(())
        }
        (Json::Number(n), Json::String(s)) | (Json::String(s), Json::Number(n)) => {
            let a = s.parse::<rust_decimal::Decimal>().ok();
            let b = n.to_string().parse::<rust_decimal::Decimal>().ok();
            if a.is_some() && a == b { Ok(()) } else { Err(format!("{path}: expected {}, found {}", short(expected), short(actual))) }
        }
        (e, a) if e == a => Ok(()),
        _ => Err(format!("{path}: expected {}, found {}", short(expected), short(actual))),
    }
}

fn short(v: &Json) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 { format!("{}…", s.chars().take(300).collect::<String>()) } else { s }
}
