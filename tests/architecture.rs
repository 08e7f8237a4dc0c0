//! ARCHITECTURE.md stays true to the code: every path it names exists, and every
//! `module::item` it names is declared in that module (a function, type, trait, module,
//! macro, static or const), so a rename that forgets the map fails here.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Inline code spans of the page (text between single backticks, outside fenced blocks).
fn code_spans(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let parts: Vec<&str> = line.split('`').collect();
        out.extend(parts.iter().skip(1).step_by(2).map(|s| s.to_string()));
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source files of module `path` (`engine`, `api::response`): its file, or every file of
/// its folder (items may be re-exported from submodules).
fn module_files(path: &[&str]) -> Vec<PathBuf> {
    let base = path.iter().fold(root().join("src"), |p, s| p.join(s));
    let mut out = Vec::new();
    if base.is_dir() {
        rust_files(&base, &mut out);
    } else if base.with_extension("rs").is_file() {
        out.push(base.with_extension("rs"));
    }
    out
}

fn declares(files: &[PathBuf], item: &str) -> bool {
    let kinds = ["fn ", "struct ", "enum ", "trait ", "type ", "mod ", "macro_rules! ", "static ", "const "];
    files.iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        text.lines().any(|l| {
            let t = l.trim_start();
            let t = t.strip_prefix("pub(crate) ").or_else(|| t.strip_prefix("pub(super) ")).or_else(|| t.strip_prefix("pub ")).unwrap_or(t);
            kinds.iter().any(|k| {
                t.strip_prefix(k).is_some_and(|rest| rest.starts_with(item) && !rest[item.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            })
        })
    })
}

const TOP: [&str; 11] = ["src/", "tests/", "grammar/", "templates/", "benches/", "examples/", "wasm/", "rules/", "schemas/", "release/", "deploy/"];

#[test]
fn every_named_path_and_item_exists() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    assert!(!text.is_empty(), "ARCHITECTURE.md is missing");
    let mut checked = 0;
    let mut problems = Vec::new();
    for span in code_spans(&text) {
        let token = span.split(['(', ' ']).next().unwrap_or("").trim_end_matches(',');
        if TOP.iter().any(|t| token.starts_with(t)) {
            if token.contains(['<', '*']) {
                continue;
            }
            checked += 1;
            if !root().join(token.trim_end_matches('/')).exists() {
                problems.push(format!("path `{token}` does not exist"));
            }
        } else if token.contains("::") && token.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            let segs: Vec<&str> = token.split("::").collect();
            let (item, modules) = match segs.split_last() {
                Some((i, m)) => (*i, m),
                None => continue,
            };
            checked += 1;
            let files = if modules.first().is_some_and(|m| m.starts_with(char::is_uppercase)) {
                // `Type::method`: declared somewhere in the crate.
                let mut all = Vec::new();
                rust_files(&root().join("src"), &mut all);
                all
            } else {
                module_files(modules)
            };
            if files.is_empty() {
                problems.push(format!("`{token}`: no module `{}` under src/", modules.join("::")));
            } else if !declares(&files, item) {
                problems.push(format!("`{token}`: `{item}` is not declared in `{}`", modules.join("::")));
            }
        }
    }
    assert!(checked > 40, "expected many names on the page, checked {checked}");
    assert!(problems.is_empty(), "ARCHITECTURE.md names what does not exist:\n{}", problems.join("\n"));
}

#[test]
fn a_missing_name_is_caught() {
    assert!(!declares(&module_files(&["engine"]), "decide_with"));
    assert!(declares(&module_files(&["engine"]), "answer"));
    assert!(declares(&module_files(&["api", "response"]), "Money"));
}
