//! Snapshot corpus of broken rule files: `tests/check/*.carules`.
//!
//! Each file holds ONE defect and starts with a comment naming the diagnostic code it must
//! produce (`# E0401: …`). The harness checks it together with the real
//! `rules/prelude.carules` and `rules/calendar.carules` and snapshots the rendered
//! diagnostics (file:line:column, source line with a caret, help). A file that checks clean,
//! or whose output lacks its named code, fails the test.

#![allow(clippy::panic)] // the issue-19 test fails loudly when its fixture cannot be read

use std::path::Path;

/// Reads a shipped rule file from the repository at test time.
fn repo_rule(name: &str) -> Result<(String, String), String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").join(name);
    std::fs::read_to_string(&path).map(|t| (name.to_string(), t)).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Shipped region files a case needs besides the prelude and calendar, named in its leading
/// comment block as `# with: 150000-neimenggu.carules` (a child region needs its parent).
fn with_files(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.trim_start().starts_with('#'))
        .filter_map(|l| l.trim_start().trim_start_matches('#').trim().strip_prefix("with:"))
        .map(|f| f.trim().to_string())
        .collect()
}

/// The diagnostic code named in the first comment line: `# E0401: …` → `E0401`.
fn expected_code(text: &str) -> Option<String> {
    let first = text.lines().next()?.trim_start().strip_prefix('#')?.trim_start();
    let code: String = first.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    (code.len() == 5 && (code.starts_with('E') || code.starts_with('W')) && code[1..].chars().all(|c| c.is_ascii_digit())).then_some(code)
}

#[test]
fn broken_rule_files() {
    // The base every region sits on: the prelude, the calendar and the national layer.
    let base = match (repo_rule("prelude.carules"), repo_rule("calendar.carules"), repo_rule("100000-national.carules")) {
        (Ok(p), Ok(c), Ok(n)) => vec![p, c, n],
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            assert!(e.is_empty(), "{e}");
            return;
        }
    };
    let mut failures: Vec<String> = Vec::new();
    let mut count = 0usize;
    insta::glob!("check/*.carules", |path| {
        count += 1;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: cannot read: {e}"));
                return;
            }
        };
        let Some(code) = expected_code(&text) else {
            failures.push(format!("{name}: the first line must be a comment naming the expected code, e.g. `# E0401: …`"));
            return;
        };
        let mut files = base.clone();
        for w in with_files(&text) {
            match repo_rule(&w) {
                Ok(f) => files.push(f),
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        files.push((name.clone(), text));
        let report = carules::check::check_all(&files);
        let diags = report.diagnostics;
        // A warning (W…) leaves the rule set checked; an error (E…) must not.
        let warning = code.starts_with('W');
        if diags.is_empty() || (report.rules.is_some() && !warning) {
            failures.push(format!("{name}: checks clean, but it should produce {code}"));
            return;
        }
        if warning && report.rules.is_none() {
            failures.push(format!("{name}: a warning alone must leave the rule set checked"));
        }
        let rendered = carules::diag::render(&diags, &files);
        let level = if warning { "warning" } else { "error" };
        if !rendered.contains(&format!("{level}[{code}]")) {
            failures.push(format!("{name}: expected {code}, got:\n{rendered}"));
        }
        if let Some(d) = diags.iter().find(|d| d.file != name) {
            failures.push(format!("{name}: a diagnostic points into {} instead of the broken file: {}", d.file, d.message));
        }
        insta::assert_snapshot!(rendered);
    });
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(count >= 28, "expected at least 28 broken rule files in tests/check, found {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 19: a syntax error in one rule never hides a name or type error of another — the
/// items that parse are still resolved and type-checked.
#[test]
fn a_syntax_error_does_not_hide_a_misspelt_fact() {
    let name = "e0001_syntax_error_beside_a_misspelt_fact.carules";
    let files: Result<Vec<(String, String)>, String> = ["prelude.carules", "calendar.carules"].iter().map(|f| repo_rule(f)).collect();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/check").join(name));
    let (Ok(mut files), Ok(text)) = (files, text) else {
        panic!("cannot read the fixture or the prelude");
    };
    files.push((name.to_string(), text));
    let codes: Vec<&str> = carules::check::check_all(&files).diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"E0001") && codes.contains(&"E0101"), "{codes:?}");
}

/// One cause per code, each shown: every code `src/diag.rs` gives has a row in the table of
/// docs/language.md ("Diagnostics") and a broken rule file here that produces it (but E0601,
/// a rule directory that cannot be read, which no rule file can show).
#[test]
fn every_code_is_documented_and_has_a_broken_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let diag = std::fs::read_to_string(root.join("src/diag.rs")).unwrap_or_default();
    let code_like = |c: &&str| c.len() == 5 && (c.starts_with('E') || c.starts_with('W')) && c[1..].chars().all(|d| d.is_ascii_digit());
    let codes: Vec<&str> = diag.split("=> \"").skip(1).filter_map(|r| r.split_once('"').map(|(c, _)| c)).filter(code_like).collect();
    assert!(codes.len() >= 30, "read only {codes:?} from src/diag.rs");
    let docs = std::fs::read_to_string(root.join("docs/language.md")).unwrap_or_default();
    let fixtures: Vec<String> =
        std::fs::read_dir(root.join("tests/check")).map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().to_uppercase()).collect()).unwrap_or_default();
    let mut missing = Vec::new();
    for code in codes {
        if !docs.contains(&format!("\n| {code} | ")) {
            missing.push(format!("{code}: no row in docs/language.md"));
        }
        if code != "E0601" && !fixtures.iter().any(|f| f.starts_with(&format!("{code}_"))) {
            missing.push(format!("{code}: no tests/check/{}_*.carules", code.to_lowercase()));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
