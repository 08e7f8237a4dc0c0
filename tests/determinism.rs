//! Determinism (issue 10): the same request gives the same bytes — across 1,000 runs in one
//! process, across the compiled and interpreted back ends, and from the CLI whatever the
//! time zone and locale of its environment (the engine reads no clock and no locale: `as_of`
//! is input, labels come from the rules).

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly when the binary cannot run

use carules::api::{Options, Rules};
use std::path::Path;

const EXAMPLES: [&str; 3] = ["examples/xizang-org-new-3-years.json", "examples/qinghai-renewal-during-bidding.yaml", "examples/liaocheng-documents.yaml"];

fn example_json(name: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let value = carules::yaml::request(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    value.to_string()
}

#[test]
fn the_same_request_gives_the_same_bytes_1000_times_and_in_both_back_ends() {
    let interpreted = match carules::rules::shipped() {
        Ok(rs) => Rules::interpreted(rs),
        Err(d) => panic!("{d:?}"),
    };
    for name in EXAMPLES {
        let text = example_json(name);
        for options in [Options::default(), Options { explain: true }] {
            let first = carules::api::decide_str(Rules::shipped(), &text, options);
            assert!(first.is_ok(), "{name}: {first:?}");
            for run in 0..1000 {
                let rules = if run % 2 == 0 { Rules::shipped() } else { interpreted };
                assert_eq!(carules::api::decide_str(rules, &text, options), first, "{name}: run {run} differs");
            }
            let value = serde_json::from_str(&text).unwrap_or_default();
            let by_value = carules::api::decide_json(interpreted, &value, options);
            let first: serde_json::Value = first.as_deref().map(serde_json::from_str).unwrap_or(Ok(serde_json::Value::Null)).unwrap_or_default();
            assert_eq!(by_value, first, "{name}: the value path differs");
        }
        let documents = carules::api::documents_str(Rules::shipped(), &text);
        for _ in 0..100 {
            assert_eq!(carules::api::documents_str(interpreted, &text), documents, "{name}: documents differ");
        }
    }
}

/// The CLI's output for `args` with `env` set (and the rest of the environment as it is).
fn carules(args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("carules"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    assert!(out.status.success(), "carules {args:?} with {env:?}: {:?}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn the_cli_answers_the_same_under_any_time_zone_and_locale() {
    let envs: [&[(&str, &str)]; 5] = [
        &[("TZ", "America/New_York")],
        &[("TZ", "Asia/Shanghai"), ("LANG", "zh_CN.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
        &[("LANG", "C"), ("LC_ALL", "C")],
        &[("TZ", "Pacific/Kiritimati"), ("LANG", "en_US.UTF-8")],
        &[("TZ", "UTC-14"), ("LC_ALL", "tr_TR.UTF-8")],
    ];
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for ex in EXAMPLES {
        runs.push(vec!["decide", ex]);
        runs.push(vec!["decide", "--format", "text", ex]);
        runs.push(vec!["decide", "--format", "yaml", "--explain", ex]);
    }
    runs.push(vec!["documents", "--region", "青海", "--applicant", "单位", "--service", "renewal"]);
    runs.push(vec!["sample", "--seed", "7", "--count", "200"]);
    for args in &runs {
        let base = carules(args, &[("TZ", "UTC"), ("LANG", "C.UTF-8")]);
        assert!(!base.is_empty(), "{args:?}");
        for env in envs {
            assert!(carules(args, env) == base, "carules {} differs under {env:?}", args.join(" "));
        }
    }
}
