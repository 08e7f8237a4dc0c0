//! Rule test cases as data: `rules/tests/*.yaml`, each a list of
//! `{name, article, request, expect}`. `expect` is matched as a subset of the answer:
//! maps by key, lists by length and element (in any order), scalars by equality. Every key of
//! `expect` must be a field of the answer (`keys`); `coverage` measures which rules and
//! document items a run exercises.

pub mod coverage;
pub mod keys;

use crate::api::{Options, Rules};
use serde::Deserialize;
use serde_json::Value as Json;
use std::time::{Duration, Instant};

/// One case. Unknown keys (`artcle:`) are refused when the file loads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The article the case tests.
    pub article: String,
    /// `None` = passed; otherwise what differed (or the unknown key of `expect`, or the
    /// request error when the request is invalid and no error was expected).
    pub failure: Option<String>,
    /// The full answer.
    pub actual: Json,
    /// Time to answer and compare.
    pub duration: Duration,
}

/// How [`run_with`] runs the cases.
#[derive(Default, Clone, Copy)]
pub struct RunOptions<'f> {
    /// Only the cases whose name this accepts (all when `None`).
    pub filter: Option<&'f dyn Fn(&str) -> bool>,
    /// Answer with the rule trace (`explain`), as coverage needs.
    pub explain: bool,
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
    answer_with(rules, case, Options::default())
}

fn answer_with(rules: Rules<'_>, case: &Case, options: Options) -> Json {
    match case.query.as_deref() {
        Some("documents") => crate::api::documents_json(rules, &case.request),
        _ => crate::api::decide_json(rules, &case.request, options),
    }
}

/// Runs every case of every file with the given rules (compiled or interpreted).
///
/// Errors: a message naming a case file that does not load.
pub fn run(rules: Rules<'_>, files: &[(String, String)]) -> Result<Vec<Outcome>, String> {
    for (file, text) in files {
        load(file, text)?;
    }
    Ok(run_with(rules, files, RunOptions::default()))
}

/// Runs the cases `options` selects, in file order, timing each. A case file that does not
/// load (YAML, unknown case key, missing `article`) is one failed outcome named after the
/// file, whatever the filter, and the other files still run.
pub fn run_with(rules: Rules<'_>, files: &[(String, String)], options: RunOptions<'_>) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (file, text) in files {
        let start = Instant::now();
        let cases = match load(file, text) {
            Ok(cases) => cases,
            Err(e) => {
                let (name, article) = (format!("{file} (does not load)"), String::new());
                out.push(Outcome { file: file.clone(), name, article, failure: Some(e), actual: Json::Null, duration: start.elapsed() });
                continue;
            }
        };
        for c in cases {
            if options.filter.is_some_and(|f| !f(&c.name)) {
                continue;
            }
            let start = Instant::now();
            let actual = answer_with(rules, &c, Options { explain: options.explain });
            let failure = judge(&c, &actual).err();
            let duration = start.elapsed();
            out.push(Outcome { file: file.clone(), name: c.name, article: c.article.unwrap_or_default(), failure, actual, duration });
        }
    }
    out
}

/// Whether a case passes: its `expect` names only fields the answer has, a request error is
/// reported as such where none was expected, and the answer matches the subset.
///
/// Errors: what differed, as [`Outcome::failure`] says it.
pub fn judge(case: &Case, actual: &Json) -> Result<(), String> {
    let shape = if case.query.as_deref() == Some("documents") { keys::Shape::Documents } else { keys::Shape::Decide };
    keys::check(&case.expect, shape).map_err(|e| format!("expect{e}"))?;
    if let Some(error) = actual.get("error")
        && case.expect.get("error").is_none()
    {
        let field = |k: &str| error.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
        let at = if field("path").is_empty() { String::new() } else { format!(" at {}", field("path")) };
        return Err(format!("the request is invalid: {}{at}: {}", field("code"), field("message")));
    }
    matches(&case.expect, actual, "")
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
