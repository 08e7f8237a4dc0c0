//! The playground's functions (`wasm/playground/src/core.rs`, included here), run natively:
//! a broken rule gets a located diagnostic; the edited rules answer a request as the shipped
//! ones do, and an edit changes the answer; a case file runs; bad input of every kind is
//! answered, never a panic. The same functions compiled to WebAssembly are tested in
//! Chromium by `wasm/tests/playground.mjs`.

#![allow(clippy::panic)] // the helper outside #[test] functions fails loudly on an answer that is not JSON

#[path = "../wasm/playground/src/core.rs"]
#[allow(dead_code)]
mod core;

use serde_json::Value as Json;

const QINGHAI: &str = include_str!("../rules/630000-qinghai.carules");
const QINGHAI_CASES: &str = include_str!("../rules/tests/630000-qinghai.yaml");
const REQUEST: &str = r#"{"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
  "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true}, "years": 1,
  "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
  "bidding": {"encrypted_bid_uploaded": true, "closed": false}}"#;

fn parse(s: &str) -> Json {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn error_code(v: &Json) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

#[test]
fn the_shipped_file_checks_and_answers_as_the_shipped_rules_do() {
    let diags = parse(&core::check(QINGHAI));
    let errors: Vec<&Json> = diags.as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:?}");
    let answer = core::decide(QINGHAI, REQUEST);
    let shipped = carules::host::decide(REQUEST);
    assert_eq!(answer, shipped, "the interpreter over prelude + calendar + the file answers as the compiled shipped rules");
    assert_eq!(parse(&answer)["allowed"], false);
}

#[test]
fn a_broken_rule_is_located() {
    // A misspelt fact on the `when` line of bidding.in_progress (line 90 of the file).
    let line = QINGHAI.lines().position(|l| l.contains("when service in [renewal, change] and bidding.encrypted_bid_uploaded")).unwrap() + 1;
    let broken = QINGHAI.replacen("and bidding.encrypted_bid_uploaded", "and bidding.encrypted_bid_uplodaed", 1);
    let diags = parse(&core::check(&broken));
    let d = diags.as_array().unwrap().iter().find(|d| d["code"] == "E0101").unwrap_or_else(|| panic!("no E0101 in {diags}"));
    assert_eq!(d["file"], core::FILE);
    assert_eq!(d["line"], line);
    let col = QINGHAI.lines().nth(line - 1).unwrap().find("bidding.encrypted").unwrap() + 1;
    assert_eq!(d["column"], col, "{d}");
    assert_eq!(d["end_line"], line);
    assert_eq!(d["end_column"], col + "bidding.encrypted_bid_uplodaed".len(), "{d}");
    assert_eq!(error_code(&parse(&core::decide(&broken, REQUEST))), "rules.invalid");
    // A syntax error: E0001 at the line it is on.
    let syntax = QINGHAI.replacen("  deny bidding.in_progress", "  deny deny bidding.in_progress", 1);
    let diags = parse(&core::check(&syntax));
    let d = diags.as_array().unwrap().iter().find(|d| d["code"] == "E0001").unwrap_or_else(|| panic!("no E0001 in {diags}"));
    assert_eq!(d["line"], line + 2, "{d}");
}

#[test]
fn an_edit_changes_the_answer() {
    let lifted = QINGHAI.replacen(
        "and bidding.encrypted_bid_uploaded and not bidding.closed\n  note \"四 注",
        "and bidding.encrypted_bid_uploaded and bidding.closed\n  note \"四 注",
        1,
    );
    assert_ne!(lifted, QINGHAI);
    let answer = parse(&core::decide(&lifted, REQUEST));
    let codes: Vec<&str> = answer["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(!codes.contains(&"bidding.in_progress"), "{answer}");
    assert_ne!(answer, parse(&core::decide(QINGHAI, REQUEST)));
}

#[test]
fn the_case_file_runs() {
    let report = parse(&core::run_cases(QINGHAI, QINGHAI_CASES));
    let n = QINGHAI_CASES.lines().filter(|l| l.starts_with("- name:")).count();
    assert_eq!(
        report["passed"],
        n,
        "{}",
        report["cases"].as_array().unwrap().iter().filter(|c| c["passed"] == false).map(|c| c["failure"].to_string()).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(report["failed"], 0);
    // A wrong expectation fails, and says what differed.
    let wrong = QINGHAI_CASES.replacen("    allowed: false", "    allowed: true", 1);
    let report = parse(&core::run_cases(QINGHAI, &wrong));
    assert_eq!(report["failed"], 1);
    let failed = report["cases"].as_array().unwrap().iter().find(|c| c["passed"] == false).unwrap();
    assert!(failed["failure"].as_str().unwrap().contains("/allowed"), "{failed}");
}

#[test]
fn bad_input_is_answered() {
    assert_eq!(error_code(&parse(&core::decide(QINGHAI, "{"))), "request.invalid");
    assert_eq!(error_code(&parse(&core::decide(QINGHAI, "{}"))), "request.invalid");
    assert_eq!(error_code(&parse(&core::decide("region {", REQUEST))), "rules.invalid");
    assert!(parse(&core::check("")).is_array());
    let huge = "#".repeat(core::MAX_TEXT_BYTES + 1);
    assert_eq!(parse(&core::check(&huge))[0]["code"], "E0501");
    let deep = format!("rule x {{ when {}true{} }}", "(".repeat(100_000), ")".repeat(100_000));
    let diags = parse(&core::check(&deep));
    assert!(diags.as_array().unwrap().iter().any(|d| d["code"] == "E0002"), "{diags:.300}");
    for yaml in ["[", "- name: x\n  request: *a\n", &format!("{}{}", "[".repeat(200), "]".repeat(200)), "not: a list", &"{".repeat(core::MAX_TEXT_BYTES + 1)] {
        assert_eq!(error_code(&parse(&core::run_cases(QINGHAI, yaml))), "request.invalid", "{yaml:.40}");
    }
    assert_eq!(parse(&core::run_cases(QINGHAI, "[]"))["passed"], 0);
}

#[test]
fn examples_are_the_shipped_files() {
    let list = parse(&core::examples());
    let names: Vec<&str> = list.as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(names.contains(&"630000-qinghai.carules") && !names.contains(&"prelude.carules"), "{names:?}");
    let ex = parse(&core::example("630000-qinghai.carules"));
    assert_eq!(ex["rules"], QINGHAI);
    assert_eq!(ex["cases"], QINGHAI_CASES);
    assert_eq!(parse(ex["request"].as_str().unwrap())["region"], "630000");
    assert_eq!(error_code(&parse(&core::example("prelude"))), "request.invalid");
}
