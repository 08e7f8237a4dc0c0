//! The compiled back end: not stale (a stale file is rewritten and the test fails once), and answers exactly as the interpreter does — on every
//! rule test case and on 10,000 seeded random requests per run.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly on a broken tree
use carules::api::{Options, Rules};
use serde_json::Value as Json;

fn checked() -> carules::ir::RuleSet {
    carules::check::check(&carules::rules::shipped_files()).unwrap_or_else(|d| panic!("shipped rules do not check: {d:?}"))
}

#[test]
fn generated_code_is_not_stale() {
    let rs = checked();
    let files = carules::rules::shipped_files();
    let fresh = carules::codegen::generate(&rs, &[format!("the {} rule files of rules/", files.len())]).unwrap_or_else(|e| panic!("{e}"));
    let committed = include_str!("../src/compiled/shipped.rs");
    if fresh != committed {
        // Rewrite it, so the next run (which rebuilds with the fresh file) passes; still fail
        // this one, so the change is seen and committed.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/compiled/shipped.rs");
        let wrote = std::fs::write(&path, &fresh).map(|_| "it has been regenerated: re-run the tests and commit it").unwrap_or("it could not be rewritten");
        panic!(
            "src/compiled/shipped.rs was stale (the rules or the template changed); {wrote} (or run `cargo run -- codegen rules --out src/compiled/shipped.rs`)"
        );
    }
}

#[test]
fn compiled_ir_equals_checked_ir() {
    assert_eq!(format!("{:#?}", carules::compiled::rules()), format!("{:#?}", checked()));
}

fn both(interp_rs: &carules::ir::RuleSet, req: &Json) -> (Json, Json) {
    let a = carules::api::decide_json(Rules::interpreted(interp_rs), req, Options::default());
    let b = carules::api::decide_json(Rules::shipped(), req, Options::default());
    (a, b)
}

#[test]
fn every_rule_case_answers_the_same_compiled_and_interpreted() {
    let rs = checked();
    let mut n = 0;
    for (file, text) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &text).unwrap_or_else(|e| panic!("{e}")) {
            let mut req = c.request.clone();
            if let Some(o) = req.as_object_mut() {
                o.insert("explain".into(), Json::Bool(true));
            }
            let (a, b) = both(&rs, &req);
            assert_eq!(a, b, "{file} :: {}: compiled and interpreted answers differ", c.name);
            n += 1;
        }
    }
    assert!(n > 100, "only {n} cases");
}

#[test]
fn ten_thousand_generated_requests_answer_the_same() {
    let rs = checked();
    let seed = std::env::var("CARULES_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261121u64);
    let mut rng = carules::api::sample::Rng::new(seed);
    // `CARULES_GENERATED` lowers the count for quick runs (the mutation run, tests/mutants.sh).
    let count = std::env::var("CARULES_GENERATED").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000usize);
    let mut answered = 0;
    for i in 0..count {
        let req = carules::api::sample::request(&rs, &mut rng);
        let (a, b) = both(&rs, &req);
        assert_eq!(a, b, "request #{i} (seed {seed}) differs:\n{req}");
        if a.get("error").is_none() {
            answered += 1;
        }
    }
    // The generator makes valid requests: nearly all must be answered, not refused.
    assert!(answered * 10 > count * 9, "only {answered} of {count} generated requests were answered");
}
