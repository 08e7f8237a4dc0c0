//! `carules test` as CI engineers and authors use it (issue 9): the default `./rules`, case
//! files, `--run`, `--format json|junit`, `--coverage` with `--min-coverage`, unknown keys in
//! `expect`, invalid requests, empty folders; and `carules check --format json`. Modular rule
//! bases (issue 19): one region file or a region team's folder over the embedded prelude,
//! calendar and ancestors; `--rules BASE --rules OVERLAY` for check, test and decide.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly when carules cannot run

use std::path::{Path, PathBuf};
use std::process::Output;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch rule directory `<tmp>/<name>/rules`: the shipped prelude and calendar, the
/// open-list fixture region 910000 and `tests/cases.yaml` holding `cases`. Returns the
/// working directory that holds `rules/`.
fn project(name: &str, cases: &str) -> PathBuf {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("runner-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let rules = work.join("rules");
    let copy = |to: &str, from: &str| std::fs::copy(root().join(from), rules.join(to)).map(|_| ());
    let setup = std::fs::create_dir_all(rules.join("tests"))
        .and_then(|_| copy("prelude.carules", "rules/prelude.carules"))
        .and_then(|_| copy("calendar.carules", "rules/calendar.carules"))
        .and_then(|_| copy("910000-open-list.carules", "tests/language/incomplete/910000-open-list.carules"))
        .and_then(|_| std::fs::write(rules.join("tests/cases.yaml"), cases));
    assert!(setup.is_ok(), "cannot set up {}: {setup:?}", work.display());
    work
}

fn carules(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out: Output = std::process::Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const ORG: &str = r#"{region: "910000", as_of: "2026-06-01T10:00:00+08:00", service: new, applicant: {kind: organization}}"#;
const IND: &str = r#"{region: "910000", as_of: "2026-06-01T10:00:00+08:00", service: new, applicant: {kind: individual}}"#;

fn case(name: &str, request: &str, expect: &str) -> String {
    format!("- name: {name}\n  article: 开放清单示例 三\n  request: {request}\n  expect: {expect}\n")
}

#[test]
fn without_a_path_the_edited_rules_folder_is_tested_not_the_built_in_one() {
    let work = project("default", &case("单位新办", ORG, "{allowed: true}"));
    let (code, out, err) = carules(&work, &["test"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("testing rules (interpreter)"), "says which rules: {err}");
    assert!(out.ends_with("1 passed, 0 failed\n"), "{out}");
    // A broken ./rules is not hidden behind the built-in rules' green run.
    let broken = std::fs::write(work.join("rules/910000-open-list.carules"), "region 910000 \"x\" { services new ");
    assert!(broken.is_ok());
    let (code, out, err) = carules(&work, &["test"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("error[E0001]"), "{err}");
    let (code, out, _) = carules(&work, &["check"]);
    assert_eq!(code, 1, "check looks at ./rules too: {out}");
    let (code, out, _) = carules(&work, &["check", "--shipped"]);
    assert_eq!(code, 0, "--shipped checks the rules built into the binary: {out}");
}

#[test]
fn run_filters_by_name_and_a_case_file_runs_alone() {
    let cases = case("单位新办", ORG, "{allowed: true}") + &case("个人新办", IND, "{allowed: true}");
    let work = project("filter", &cases);
    let (code, out, _) = carules(&work, &["test", "--run", "^个人"]);
    assert_eq!((code, out.lines().last()), (0, Some("1 passed, 0 failed")), "{out}");
    let (code, out, err) = carules(&work, &["test", "--run", "没有这个"]);
    assert_eq!(code, 1, "a filter that selects nothing is an error: {out}");
    assert!(err.contains("no case name matches --run `没有这个`"), "{err}");
    let (code, out, err) = carules(&work, &["test", "rules/tests/cases.yaml"]);
    assert_eq!((code, out.lines().last()), (0, Some("2 passed, 0 failed")), "{out}{err}");
    assert!(err.contains("testing rules (interpreter)"), "a case file runs against its own rule directory: {err}");
}

#[test]
fn a_mistyped_expected_key_fails_even_with_a_null_value() {
    let work = project("keys", &case("错拼的键", ORG, "{alowed: null}"));
    let (code, out, _) = carules(&work, &["test"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("expect/alowed: unknown key `alowed`"), "{out}");
}

#[test]
fn an_invalid_request_shows_the_request_error() {
    let bad = r#"{region: "910000", as_of: "2026-06-01T10:00:00+08:00", service: new, applicant: {kind: company}}"#;
    let work = project("invalid", &case("错误的申请人类别", bad, "{allowed: true}"));
    let (code, out, _) = carules(&work, &["test"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the request is invalid: request.invalid at /applicant/kind:"), "{out}");
}

#[test]
fn a_folder_without_cases_is_an_error() {
    let work = project("empty", "");
    let _ = std::fs::remove_file(work.join("rules/tests/cases.yaml"));
    let (code, out, err) = carules(&work, &["test"]);
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("no case files"), "{err}");
    assert!(out.ends_with("0 passed, 1 failed\n"), "{out}");
}

#[test]
fn json_and_junit_reports_carry_every_case_with_its_outcome() {
    let cases = case("单位新办", ORG, "{allowed: true}") + &case("个人新办（期望错误）", IND, "{allowed: false}");
    let work = project("formats", &cases);
    let (code, out, _) = carules(&work, &["test", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!((report["passed"].as_u64(), report["failed"].as_u64()), (Some(1), Some(1)), "{report}");
    let cases = &report["files"][0]["cases"];
    assert_eq!(cases[0]["passed"], true);
    assert_eq!(cases[1]["failure"], "/allowed: expected false, found true");
    assert!(cases[1]["duration_ms"].is_number());
    let (code, xml, _) = carules(&work, &["test", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains(r#"<testsuites name="carules" tests="2" failures="1""#), "{xml}");
    assert!(xml.contains(r#"<testcase name="个人新办（期望错误）" classname="rules/tests/cases.yaml""#), "{xml}");
    assert!(xml.contains(r#"<failure message="/allowed: expected false, found true""#), "{xml}");
}

#[test]
fn coverage_names_what_no_case_exercises_and_min_coverage_fails_under_it() {
    let work = project("coverage", &case("单位新办", ORG, "{allowed: true}"));
    let (code, out, err) = carules(&work, &["test", "--coverage", "--min-coverage", "100"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("coverage: 50.0 % of 2 rules, 66.7 % of 3 document items"), "{out}");
    assert!(out.contains("rule not exercised: 910000/ind.new"), "{out}");
    assert!(out.contains("document item never listed: 910000/ind.new#id_card_copy"), "{out}");
    assert!(err.contains("50.0 % of the rules are exercised, under --min-coverage 100"), "{err}");
    let (code, out, _) = carules(&work, &["test", "--coverage", "--min-coverage", "50"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn check_format_json_gives_diagnostics_as_data() {
    let work = project("check-json", "");
    let broken = std::fs::write(work.join("rules/910000-open-list.carules"), "region 910000 \"x\" {\n  services nwe\n}\n");
    assert!(broken.is_ok());
    let (code, out, _) = carules(&work, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let diags: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let d = &diags[0];
    assert_eq!(d["file"], "rules/910000-open-list.carules", "paths are relative to the working directory: {d}");
    assert_eq!((d["line"].as_u64(), d["severity"].as_str()), (Some(2), Some("error")), "{d}");
    assert!(d["code"].as_str().is_some_and(|c| c.starts_with('E')), "{d}");
    assert!(d["column"].as_u64().is_some() && d["message"].is_string(), "{d}");
}

#[test]
fn check_prints_warnings_with_their_code_and_exits_zero() {
    let work = project("check-warn", "");
    let copied = std::fs::copy(root().join("tests/check/w0001_mixed_script.carules"), work.join("rules/w0001_mixed_script.carules"));
    assert!(copied.is_ok(), "{copied:?}");
    let (code, out, _) = carules(&work, &["check"]);
    assert_eq!(code, 0, "a warning alone leaves the rules checked: {out}");
    assert!(out.contains("warning[W0001]") && out.contains("1 warning(s)"), "{out}");
    let (code, out, _) = carules(&work, &["check", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    let diags: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!((diags[0]["code"].as_str(), diags[0]["severity"].as_str()), (Some("W0001"), Some("warning")), "{diags}");
}

#[test]
fn a_region_file_runs_its_own_cases_over_the_embedded_base() {
    let (code, out, err) = carules(&root(), &["test", "rules/630000-qinghai.carules"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("testing rules/630000-qinghai.carules over the built-in prelude.carules, calendar.carules, 100000-national.carules (interpreter)"),
        "{err}"
    );
    let files: Vec<&str> = out.lines().filter(|l| l.starts_with("ok ") || l.starts_with("FAIL")).collect();
    assert_eq!(files.len(), 1, "only 青海's cases: {out}");
    assert!(files.iter().all(|l| l.starts_with("ok   rules/tests/630000-qinghai.yaml: ")), "{out}");
}

/// A region team's folder: `team/152500-xilinguole.carules` and its cases, nothing else.
fn team(name: &str) -> PathBuf {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("runner-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let setup = std::fs::create_dir_all(work.join("team/tests"))
        .and_then(|_| std::fs::copy(root().join("rules/152500-xilinguole.carules"), work.join("team/152500-xilinguole.carules")))
        .and_then(|_| std::fs::copy(root().join("rules/tests/152500-xilinguole.yaml"), work.join("team/tests/152500-xilinguole.yaml")));
    assert!(setup.is_ok(), "cannot set up {}: {setup:?}", work.display());
    work
}

#[test]
fn a_team_folder_stands_on_the_embedded_parent_and_errors_name_its_path() {
    let work = team("team");
    let (code, out, err) = carules(&work, &["test", "team"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("over the built-in prelude.carules, calendar.carules, 150000-neimenggu.carules"), "the parent comes from the binary: {err}");
    assert!(out.contains("ok   team/tests/152500-xilinguole.yaml"), "{out}");
    let file = work.join("team/152500-xilinguole.carules");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(std::fs::write(&file, text.replacen("applicant.kind", "applicant.knd", 1)).is_ok());
    for args in [&["check", "team"][..], &["check", "team/152500-xilinguole.carules"], &["test", "team"]] {
        let (code, out, err) = carules(&work, args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(format!("{out}{err}").contains("team/152500-xilinguole.carules:"), "{args:?}: the path as typed: {out}{err}");
    }
}

#[test]
fn an_overlay_replaces_the_base_file_of_the_same_name_in_check_test_and_decide() {
    let work = project("layers", &case("单位新办", ORG, "{allowed: true}"));
    let overlay = work.join("overlay");
    let base = std::fs::read_to_string(work.join("rules/910000-open-list.carules")).unwrap_or_default();
    let edited = base.replace(r#"item id_card_copy "身份证复印件""#, r#"item id_card_original "身份证原件""#);
    assert_ne!(base, edited);
    assert!(std::fs::create_dir_all(&overlay).and_then(|_| std::fs::write(overlay.join("910000-open-list.carules"), edited)).is_ok());
    let individual = r#"{"region": "910000", "as_of": "2026-06-01T10:00:00+08:00", "service": "new", "applicant": {"kind": "individual"}}"#;
    assert!(std::fs::write(work.join("ind.json"), individual).is_ok());
    let (_, out, _) = carules(&work, &["decide", "--rules", "rules", "ind.json"]);
    assert!(out.contains("id_card_copy") && !out.contains("id_card_original"), "the base's list: {out}");
    let (code, out, err) = carules(&work, &["decide", "--rules", "rules", "--rules", "overlay", "ind.json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("id_card_original") && !out.contains("id_card_copy"), "the overlay's list: {out}");
    let (code, out, err) = carules(&work, &["check", "--rules", "rules", "--rules", "overlay"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("checking overlay over rules"), "{err}");
    assert!(out.contains("ok: 3 files"), "the overlay file replaced the base's: {out}");
    let (code, out, err) = carules(&work, &["test", "--rules", "rules", "--rules", "overlay"]);
    assert_eq!((code, out.lines().last()), (0, Some("1 passed, 0 failed")), "the base's cases run too: {out}{err}");
    let (code, out, _) = carules(&work, &["check", "--rules", "rules", "--rules", "missing"]);
    assert_eq!(code, 1, "{out}");
}

/// A malformed case file is reported as a failure and the other files still run (`carules
/// test DIR` used to stop at it); the JUnit report carries it too.
#[test]
fn a_malformed_case_file_is_a_failure_and_the_others_run() {
    let work = project("malformed", &case("单位新办", ORG, "{allowed: true}"));
    let written = std::fs::write(work.join("rules/tests/broken.yaml"), "- name: [unclosed\n  request: {\n");
    assert!(written.is_ok(), "{written:?}");
    let (code, out, err) = carules(&work, &["test"]);
    assert_eq!((code, out.lines().last()), (1, Some("1 passed, 1 failed")), "{out}{err}");
    assert!(out.contains("broken.yaml"), "{out}");
    let (code, out, _) = carules(&work, &["test", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(out.contains("broken.yaml") && out.contains("<failure") && out.contains("单位新办"), "{out}");
}

/// A rule directory holding symbolic links back to itself (two of them: every path through
/// them is a new path, 2^40 of them) is walked once: each directory is read once, by its
/// real path. It used to take 30 s and 5 GB.
#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_rules_is_walked_once() {
    let work = project("symlink-loop", &case("单位新办", ORG, "{allowed: true}"));
    for name in ["a", "b"] {
        let linked = std::os::unix::fs::symlink(".", work.join("rules").join(name));
        assert!(linked.is_ok(), "{linked:?}");
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(["test"])
        .current_dir(&work)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let start = std::time::Instant::now();
    while child.try_wait().ok().flatten().is_none() && start.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let finished = child.try_wait().ok().flatten();
    let _ = child.kill();
    assert_eq!(finished.and_then(|s| s.code()), Some(0), "carules test on a directory with a symlink loop did not finish in 30 s with exit 0");
}

/// `carules --version` names the package version and the revision of the shipped rules, the
/// `rules_revision` the service answers with, so a CI log says which rules it ran. (The
/// command is built with `serve`; so is the library whenever the workspace is tested.)
#[cfg(feature = "serve")]
#[test]
fn version_names_the_rules_revision() {
    let (code, out, _) = carules(&root(), &["--version"]);
    let revision = carules::serve::state::revision(&carules::rules::shipped_files());
    assert_eq!((code, out.trim()), (0, format!("carules {} (rules {revision})", env!("CARGO_PKG_VERSION")).as_str()));
}

/// When the rules do not check, `--format junit` and `--format json` still write a report
/// holding one failure that carries the diagnostics (it used to be empty, which a CI job
/// reading only the report took for a pass).
#[test]
fn a_report_is_not_empty_when_the_rules_do_not_load() {
    let work = project("broken-rules", &case("单位新办", ORG, "{allowed: true}"));
    let written = std::fs::write(work.join("rules/zz-broken.carules"), "region 999999 { not a rule");
    assert!(written.is_ok(), "{written:?}");
    let (code, out, _) = carules(&work, &["test", "--format", "junit"]);
    assert_eq!(code, 1);
    assert!(out.contains("<testcase") && out.contains("<failure") && out.contains("zz-broken.carules"), "{out}");
    let (code, out, _) = carules(&work, &["test", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(report.to_string().contains("zz-broken.carules"), "{report}");
}

/// `carules check --format github` writes one GitHub Actions annotation per diagnostic, on
/// the file and line of the broken rule, titled with its code; `--format sarif` the same as
/// a SARIF 2.1.0 log.
#[test]
fn check_format_github_annotates_the_broken_line() {
    let work = project("github", &case("单位新办", ORG, "{allowed: true}"));
    let written = std::fs::write(work.join("rules/zz-broken.carules"), "# a comment\nregion 999999 { not a rule");
    assert!(written.is_ok(), "{written:?}");
    let (code, out, _) = carules(&work, &["check", "rules", "--format", "github"]);
    assert_eq!(code, 1, "{out}");
    let line = out.lines().find(|l| l.starts_with("::error ")).unwrap_or_else(|| panic!("no annotation: {out}"));
    assert!(line.starts_with("::error file=rules/zz-broken.carules,line=2,col="), "{line}");
    assert!(line.contains(",title=E0001::"), "{line}");
    let (code, out, _) = carules(&root(), &["check", "rules", "--format", "github"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("::error"), "{out}");
    let (code, out, _) = carules(&work, &["check", "rules", "--format", "sarif"]);
    assert_eq!(code, 1, "{out}");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let result = &log["runs"][0]["results"][0];
    assert_eq!((log["version"].as_str(), result["ruleId"].as_str(), result["level"].as_str()), (Some("2.1.0"), Some("E0001"), Some("error")), "{log}");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!((location["artifactLocation"]["uri"].as_str(), location["region"]["startLine"].as_u64()), (Some("rules/zz-broken.carules"), Some(2)), "{log}");
}

/// The action's script (`action/check.sh`, run by `action.yml`) on the shipped rules passes
/// and writes a JUnit report; on a broken copy it fails, annotates the broken file and still
/// writes a JUnit report holding the failure.
#[test]
fn the_action_script_checks_a_rule_directory() {
    let script = root().join("action/check.sh");
    let run = |dir: &Path, reports: &Path| {
        let out = std::process::Command::new("bash")
            .arg(&script)
            .args(["rules", "100"])
            .arg(reports)
            .env("CARULES", assert_cmd::cargo::cargo_bin("carules"))
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run the action script: {e}"));
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let reports = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("action-{}", std::process::id()));
    let (code, out) = run(&root(), &reports.join("ok"));
    assert_eq!(code, Some(0), "{out}");
    let junit = std::fs::read_to_string(reports.join("ok/junit.xml")).unwrap_or_default();
    assert!(junit.contains("<testcase") && !junit.contains("<failure"), "{junit}");
    let work = project("action", &case("单位新办", ORG, "{allowed: true}"));
    let written = std::fs::write(work.join("rules/zz-broken.carules"), "region 999999 { not a rule");
    assert!(written.is_ok(), "{written:?}");
    let (code, out) = run(&work, &reports.join("broken"));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("::error file=rules/zz-broken.carules,line=1,"), "{out}");
    let junit = std::fs::read_to_string(reports.join("broken/junit.xml")).unwrap_or_default();
    assert!(junit.contains("<failure") && junit.contains("zz-broken.carules"), "{junit}");
}
