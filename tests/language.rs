//! Language fixtures: `tests/language/<name>/` holds rule files (`*.carules`) and cases
//! (`cases.yaml`), checked together with the shipped `rules/prelude.carules` and
//! `rules/calendar.carules`. Every fixture must check clean, every case must pass, and the
//! Rust back end must generate code for it. One folder per construct of the language, so a
//! construct cannot silently stop working.

#![allow(clippy::panic)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/language"))
        .unwrap_or_else(|e| panic!("tests/language: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out = vec![
        ("prelude.carules".to_string(), read(&root().join("rules/prelude.carules"))),
        ("calendar.carules".to_string(), read(&root().join("rules/calendar.carules"))),
    ];
    let mut own: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "carules"))
        .collect();
    own.sort();
    for p in own {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((name, read(&p)));
    }
    out
}

#[test]
fn every_fixture_checks_and_its_cases_pass() {
    let dirs = fixtures();
    assert!(dirs.len() >= 6, "expected the language fixtures under tests/language, found {}", dirs.len());
    let mut failures = Vec::new();
    let mut count = 0;
    for dir in dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let fs = files(&dir);
        let rs = match carules::check::check(&fs) {
            Ok(rs) => rs,
            Err(d) => {
                failures.push(format!("{name}: does not check:\n{}", carules::diag::render(&d, &fs)));
                continue;
            }
        };
        if let Err(e) = carules::codegen::generate(&rs, std::slice::from_ref(&name)) {
            failures.push(format!("{name}: codegen failed: {e}"));
        }
        let cases_path = dir.join("cases.yaml");
        let text = read(&cases_path);
        let outcomes = carules::cases::run(carules::api::Rules::interpreted(&rs), &[(format!("{name}/cases.yaml"), text)]).unwrap_or_else(|e| panic!("{e}"));
        assert!(!outcomes.is_empty(), "{name}: no cases");
        for o in outcomes {
            count += 1;
            if let Some(f) = o.failure {
                failures.push(format!("{name} :: {}\n    {f}", o.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
    assert!(count >= 40, "only {count} language cases");
}
