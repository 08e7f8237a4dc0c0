//! `carules trace` and article coverage (issue 19): the 青海 guide's articles beside their
//! rules (snapshot), the five seed regulations at 100 % with their counts, the JSON shape,
//! the HTML page, and `carules test --coverage` naming an uncovered article.

#![allow(clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn carules(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(assert_cmd::cargo::cargo_bin("carules")).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

#[test]
fn qinghai_lists_every_article_with_its_rules_or_its_reason() {
    let (code, out, err) = carules(&root(), &["trace", "--region", "青海"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("UNCOVERED"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn the_five_seed_regulations_are_fully_traced() {
    let trace = carules::trace::build(&carules::rules::shipped_files());
    let counts = |id: &str| {
        let d = trace.documents.iter().find(|d| d.id == id).unwrap_or_else(|| panic!("no document {id}"));
        let c = d.coverage.unwrap_or_else(|| panic!("{id} has no outline"));
        (c.articles, c.encoded, c.not_encoded, c.uncovered)
    };
    assert_eq!(counts("qh_ca_guide"), (14, 13, 1, 0));
    assert_eq!(counts("xz_ca_measures"), (35, 10, 25, 0));
    assert_eq!(counts("nm_ca_plan"), (12, 4, 8, 0));
    assert_eq!(counts("xl_ca_measures"), (24, 10, 14, 0));
    assert_eq!(counts("lc_ca_guide"), (25, 24, 1, 0));
    let all = trace.coverage();
    assert_eq!((all.articles, all.uncovered), (110, 0));
    assert!((all.percent() - 100.0).abs() < 1e-9);
    assert!(trace.uncovered().is_empty());
    // Every encoded article names a citing rule of the shipped set; every explained one a reason.
    for d in &trace.documents {
        for a in &d.articles {
            match a.status {
                carules::trace::Status::Encoded => assert!(!a.cited_by.is_empty() && a.reason.is_none(), "{} {}", d.id, a.number),
                carules::trace::Status::NotEncoded => {
                    assert!(a.cited_by.is_empty() && a.reason.as_ref().is_some_and(|r| !r.is_empty()), "{} {}", d.id, a.number)
                }
                carules::trace::Status::Uncovered => panic!("{} {} is uncovered", d.id, a.number),
            }
        }
    }
}

#[test]
fn json_and_html_views() {
    let (code, out, err) = carules(&root(), &["trace", "--region", "630000", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let docs = v["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 1, "{out}");
    let d = &docs[0];
    assert_eq!(d["id"], "qh_ca_guide");
    assert_eq!(d["outlined"], true);
    assert_eq!(d["coverage"], serde_json::json!({"articles": 14, "encoded": 13, "not_encoded": 1, "uncovered": 0}));
    let first = &d["articles"][0];
    assert_eq!((first["number"].as_str(), first["status"].as_str()), (Some("一"), Some("not_encoded")));
    let window = d["articles"].as_array().and_then(|a| a.iter().find(|a| a["number"] == "五")).cloned().unwrap_or_default();
    let by: Vec<&str> = window["cited_by"].as_array().map(|a| a.iter().filter_map(|u| u["id"].as_str()).collect()).unwrap_or_default();
    assert!(by.contains(&"630000/renewal.window"), "{window}");
    assert_eq!(window["cited_by"][0]["file"], "630000-qinghai.carules");

    let (code, html, err) = carules(&root(), &["trace", "--region", "青海", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("青海 条文与规则对照"), "{html}");
    assert!(html.contains("630000&#x2f;renewal.window（五）") && html.contains("未编码：设立依据"), "{html}");
    assert!(!html.contains("class=\"uncovered\""), "no article of 青海 is uncovered");

    let (code, _, err) = carules(&root(), &["trace", "--region", "火星"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no region `火星`"), "{err}");
}

/// A scratch rule base: the outline fixture with one `not_encoded` dropped.
fn scratch(name: &str) -> PathBuf {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("trace-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let rules = work.join("rules");
    let fixture = root().join("tests/language/outline");
    let text = std::fs::read_to_string(fixture.join("910000-outline.carules")).unwrap_or_default();
    let text = text.replace("    not_encoded \"目的条款，不设定办理规则\"\n", "");
    let setup = std::fs::create_dir_all(rules.join("tests"))
        .and_then(|_| std::fs::write(rules.join("910000-outline.carules"), text))
        .and_then(|_| std::fs::copy(fixture.join("cases.yaml"), rules.join("tests/cases.yaml")).map(|_| ()));
    assert!(setup.is_ok(), "{setup:?}");
    work
}

#[test]
fn test_coverage_reports_articles_beside_rules() {
    let (code, out, err) = carules(&root(), &["test", "--shipped", "--coverage"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("article coverage of 5 outlined documents: 110 articles: 61 encoded, 49 not encoded, 0 uncovered (100.0 % encoded or explained)"),
        "{out}"
    );

    let work = scratch("uncovered");
    let (code, out, err) = carules(&work, &["test", "--coverage"]);
    assert_eq!(code, 0, "{err}{out}");
    assert!(out.contains("4 articles: 3 encoded, 0 not encoded, 1 uncovered (75.0 % encoded or explained)"), "{out}");
    assert!(out.contains("article neither encoded nor marked not_encoded: outline_notice 一"), "{out}");
    let (_, out, _) = carules(&work, &["test", "--coverage", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["articles"]["coverage"], serde_json::json!({"articles": 4, "encoded": 3, "not_encoded": 0, "uncovered": 1}));
    assert_eq!(v["articles"]["uncovered"], serde_json::json!(["outline_notice 一"]));
    let (_, out, _) = carules(&work, &["trace", "--rules", "rules", "--region", "910000"]);
    assert!(out.contains("  一  UNCOVERED"), "{out}");
}
