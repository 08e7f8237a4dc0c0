//! `carules diff OLD NEW` (issue 19): the shipped rules against a copy with 西藏's organization
//! new-certificate cap changed 400 → 500 report exactly the answers whose fee changes, with
//! both citations, and nothing else; `--fail-on-change` exits 1; identical sets report
//! nothing; git revisions are read with `git show`, and outside a repository the error says
//! so.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly when carules cannot run

use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn carules(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const OLD_ITEM: &str = r#"item "新办（含介质费、第一年服务费）" 400 元"#;
const NEW_ITEM: &str = r#"item "新办（含介质费、第一年服务费）" 500 元"#;

/// A copy of the shipped `rules/` (with its cases) where 西藏's `fee.org.new` caps at 500.
fn edited(name: &str) -> PathBuf {
    let to = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    let copied = std::fs::create_dir_all(to.join("tests")).and_then(|_| {
        for dir in ["", "tests"] {
            for e in std::fs::read_dir(root().join("rules").join(dir))?.flatten() {
                if e.path().is_file() {
                    std::fs::copy(e.path(), to.join(dir).join(e.file_name()))?;
                }
            }
        }
        Ok(())
    });
    assert!(copied.is_ok(), "{copied:?}");
    let file = to.join("540000-xizang.carules");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(text.contains(OLD_ITEM), "西藏's fee.org.new no longer reads `{OLD_ITEM}`");
    assert!(std::fs::write(&file, text.replace(OLD_ITEM, NEW_ITEM)).is_ok());
    to
}

const AS_OF: &str = "2026-06-01T10:00:00+08:00";

#[test]
fn a_changed_fee_cap_reports_exactly_the_answers_whose_fee_changes() {
    let new = edited("cap");
    let new_arg = new.display().to_string();
    let (code, out, err) = carules(&root(), &["diff", "rules", &new_arg, "--format", "json", "--as-of", AS_OF, "--samples", "300"]);
    assert_eq!(code, 0, "{err}");
    let report: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let changed: Vec<&Json> = report["groups"].as_array().into_iter().flatten().flat_map(|g| g["changes"].as_array().into_iter().flatten()).collect();
    assert!(!changed.is_empty(), "{report}");
    assert_eq!(report["answers_changed"].as_u64(), Some(changed.len() as u64));
    for g in report["groups"].as_array().into_iter().flatten() {
        assert_eq!(g["region"], "540000", "only 西藏 changes: {g}");
    }
    let cites_rule = |c: &Json| c.as_array().into_iter().flatten().any(|x| x["rule"] == "540000/fee.org.new");
    for c in &changed {
        let parts: Vec<&str> = c["parts"].as_array().into_iter().flatten().filter_map(|p| p["part"].as_str()).collect();
        assert!(parts.contains(&"fee"), "every reported answer's fee changed: {c}");
        assert!(parts.iter().all(|p| *p == "fee" || *p == "allowed"), "nothing but the fee and the verdict it decides: {c}");
        for p in c["parts"].as_array().into_iter().flatten() {
            if p["part"] == "fee" {
                assert!(cites_rule(&p["old_citations"]) && cites_rule(&p["new_citations"]), "both citations: {p}");
            }
        }
    }
    // The cases, answered here through the library: the report names exactly those whose fee
    // differs.
    let files = |dir: &Path| carules::rules::load_dir(dir).unwrap_or_else(|e| panic!("{e:?}"));
    let (old_rs, new_rs) = match (carules::check::check(&files(&root().join("rules"))), carules::check::check(&files(&new))) {
        (Ok(a), Ok(b)) => (a, b),
        _ => panic!("the rule sets do not check"),
    };
    let text = std::fs::read_to_string(root().join("rules/tests/540000-xizang.yaml")).unwrap_or_default();
    let mut expected: Vec<String> = Vec::new();
    for c in carules::cases::load("x", &text).unwrap_or_else(|e| panic!("{e}")) {
        let answer = |rs| carules::cases::answer_case(carules::api::Rules::interpreted(rs), &c);
        if answer(&old_rs)["fee"] != answer(&new_rs)["fee"] || answer(&old_rs)["branches"]["fee"] != answer(&new_rs)["branches"]["fee"] {
            expected.push(c.name.clone());
        }
    }
    let mut reported: Vec<String> = changed
        .iter()
        .filter_map(|c| {
            c["origin"].as_str()?.strip_prefix("case ")?.split_once(" :: ").filter(|(f, _)| f.ends_with("540000-xizang.yaml")).map(|(_, n)| n.to_string())
        })
        .collect();
    reported.sort();
    reported.dedup();
    expected.sort();
    assert!(!expected.is_empty());
    assert_eq!(reported, expected, "the cases whose fee changes, no more, no fewer");
    let enumerated = report["enumerated"].as_array().cloned().unwrap_or_default();
    assert_eq!(enumerated.len(), 1, "{enumerated:?}");
    assert_eq!(enumerated[0]["rule"], "540000/fee.org.new");
    assert!(enumerated[0]["facts"].as_array().into_iter().flatten().any(|f| f["fact"] == "years"), "the quantity's fact is enumerated: {enumerated:?}");
    assert!(report["requests"]["enumerated"].as_u64().is_some_and(|n| n > 0), "{}", report["requests"]);

    let (code, md, _) = carules(&root(), &["diff", "rules", &new_arg, "--format", "markdown", "--as-of", AS_OF, "--samples", "0", "--fail-on-change"]);
    assert_eq!(code, 1, "--fail-on-change exits 1 on a change");
    assert!(
        md.contains("### 540000 西藏自治区 · new")
            && md.contains("| fee | {\"amount\":\"400.00\",\"status\":\"capped\"} | {\"amount\":\"500.00\",\"status\":\"capped\"} |"),
        "{md}"
    );
}

#[test]
fn identical_sets_report_nothing_and_pass_fail_on_change() {
    let (code, out, err) = carules(&root(), &["diff", "rules", "rules", "--as-of", AS_OF, "--samples", "50", "--fail-on-change"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("\n0 of "), "{out}");
}

#[test]
fn git_revisions_are_read_with_git_and_outside_a_repository_the_error_says_so() {
    let outside = std::env::temp_dir().join(format!("carules-diff-nogit-{}", std::process::id()));
    assert!(std::fs::create_dir_all(&outside).is_ok());
    let git_here = std::process::Command::new("git").args(["rev-parse", "--show-toplevel"]).current_dir(&outside).output();
    if git_here.as_ref().is_ok_and(|o| !o.status.success()) {
        let (code, _, err) = carules(&outside, &["diff", "HEAD", "HEAD"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("not a git repository"), "{err}");
    }
    let in_repo = std::process::Command::new("git").args(["rev-parse", "HEAD:rules"]).current_dir(root()).output();
    if in_repo.is_ok_and(|o| o.status.success()) {
        let (code, out, err) = carules(&root(), &["diff", "HEAD", "HEAD", "--as-of", AS_OF, "--samples", "0"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("carules diff HEAD → HEAD\n0 of "), "{out}");
    } else {
        eprintln!("skipped: not in a git repository with rules/ committed");
    }
}
