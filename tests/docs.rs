//! docs/language.md cannot drift from the language: every rule example in it (a fenced
//! block whose info string is `carules <path>`) parses on its own, and is the text of the
//! named shipped rule file (line for line, indentation aside), which the checker checks as
//! part of the shipped rule set. Every construct of the grammar has such an example.

#![allow(clippy::panic)]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(info string, body, line)` of every fenced block.
fn blocks(md: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, Vec<&str>, usize)> = None;
    for (i, line) in md.lines().enumerate() {
        let t = line.trim_start();
        if let Some(info) = t.strip_prefix("```") {
            match cur.take() {
                Some((inf, body, at)) => out.push((inf, body.join("\n"), at)),
                None => cur = Some((info.trim().to_string(), Vec::new(), i + 1)),
            }
        } else if let Some((_, body, _)) = cur.as_mut() {
            body.push(line);
        }
    }
    out
}

fn norm(s: &str) -> Vec<String> {
    s.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[test]
fn every_rule_example_is_a_shipped_rule_and_parses() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let mut failures = Vec::new();
    let mut n = 0;
    for (info, body, line) in blocks(&md) {
        let Some(path) = info.strip_prefix("carules").map(str::trim) else { continue };
        n += 1;
        if path.is_empty() {
            failures.push(format!("docs/language.md:{line}: a `carules` example names the rule file it comes from (```carules rules/<file>```)"));
            continue;
        }
        if let Err(d) = carules::syntax::parse_file("example", &body) {
            failures
                .push(format!("docs/language.md:{line}: the example does not parse: {}", d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ")));
        }
        let file = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("docs/language.md:{line}: {path}: {e}"));
        let (want, have) = (norm(&body), norm(&file));
        let found = !want.is_empty() && have.windows(want.len()).any(|w| w == want.as_slice());
        if !found {
            failures.push(format!("docs/language.md:{line}: the example is not the text of {path}"));
        }
    }
    assert!(n >= 30, "only {n} rule examples in docs/language.md");
    assert!(carules::rules::shipped().is_ok(), "the shipped rules do not check");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every keyword of the grammar appears in some example, so no construct goes undocumented.
#[test]
fn every_construct_has_an_example() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("{e}"));
    let examples: String = blocks(&md).into_iter().filter(|(i, _, _)| i.starts_with("carules ")).map(|(_, b, _)| b + "\n").collect();
    let constructs = [
        "enum ",
        "extend ",
        "fact ",
        " min ",
        "default none",
        "let ",
        "document ",
        "outline ",
        "article ",
        "not_encoded ",
        "in_force",
        "repealed",
        "superseded_by",
        "url ",
        "calendar ",
        "region ",
        "parent ",
        "services ",
        "source ",
        "overrides ",
        "when ",
        "note ",
        "assume ",
        "deny ",
        "warn ",
        "info ",
        "oblige ",
        "remedy ",
        "capped",
        "fixed",
        "free",
        "self_paid",
        "unspecified",
        "元/年",
        "元/次",
        "× ",
        " as ",
        "include ",
        "items ",
        "none ",
        "incomplete ",
        "requires ",
        "copies ",
        "within ",
        "working_days",
        "cutoff ",
        "immediate ",
        "issue ",
        "accepted",
        "days working",
        "season ",
        "checklist ",
        "derive ",
        "has any",
        "has all",
        " within 1",
        "today",
        " days",
        " months",
        " years",
        "not in",
    ];
    let missing: Vec<&str> = constructs.iter().copied().filter(|c| !examples.contains(c)).collect();
    assert!(missing.is_empty(), "docs/language.md has no example using: {missing:?}");
}

/// The request reference at the top of docs/api.md (its first `yaml` block) is a request
/// carules answers, not one it refuses: a reader who copies it gets an answer.
#[test]
fn the_request_reference_of_the_api_docs_is_answered() {
    let md = std::fs::read_to_string(root().join("docs/api.md")).unwrap_or_else(|e| panic!("docs/api.md: {e}"));
    let (_, body, line) = blocks(&md).into_iter().find(|(info, _, _)| info == "yaml").unwrap_or_else(|| panic!("docs/api.md has no yaml block"));
    let request = carules::yaml::request(&body).unwrap_or_else(|e| panic!("docs/api.md:{line}: {e:?}"));
    let answer = carules::api::decide_json(carules::api::Rules::shipped(), &request, carules::api::Options::default());
    assert!(answer.get("error").is_none(), "docs/api.md:{line}: the reference request is refused: {answer}");
    assert_eq!(answer["question"], "service", "{answer}");
}

/// The example test case of docs/language.md (its `yaml` block) passes on the shipped rules.
#[test]
fn the_example_case_of_the_language_docs_passes() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let (_, body, line) = blocks(&md).into_iter().find(|(info, _, _)| info == "yaml").unwrap_or_else(|| panic!("docs/language.md has no yaml block"));
    let outcomes = carules::cases::run(carules::api::Rules::shipped(), &[("docs/language.md".to_string(), body)])
        .unwrap_or_else(|e| panic!("docs/language.md:{line}: {e}"));
    assert!(!outcomes.is_empty(), "docs/language.md:{line}: no case");
    for o in outcomes {
        assert!(o.failure.is_none(), "docs/language.md:{line}: {} fails: {:?}", o.name, o.failure);
    }
}
