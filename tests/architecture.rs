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
            // A re-export names the item as the last segment of a `pub use` path or group.
            if let Some(path) = t.strip_prefix("pub use ") {
                return path.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == item);
            }
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
            let files = if modules.iter().any(|m| m.starts_with(char::is_uppercase)) {
                // `Type::method`, `module::Type::method`: declared somewhere in the crate.
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
    assert!(declares(&module_files(&["answer"]), "Money"));
    // Re-exported: `api::ApiError` is `pub use crate::answer::{ApiError, ErrorCode}`.
    assert!(declares(&module_files(&["api"]), "ApiError"));
    assert!(!declares(&module_files(&["api"]), "Severity"));
}

/// The features of Cargo.toml's `[features]` table.
fn features() -> Vec<String> {
    let toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap_or_default();
    let table = toml.split_once("[features]\n").map(|(_, t)| t.split("\n[").next().unwrap_or("")).unwrap_or("");
    table.lines().filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string())).filter(|k| !k.starts_with('#')).collect()
}

/// The features a page names: "feature `x`", and in ARCHITECTURE.md's "- Features:" item,
/// each `x` followed by " (".
fn features_named(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text.split("feature `").skip(1).filter_map(|r| r.split_once('`').map(|(f, _)| f.to_string())).collect();
    if let Some((_, item)) = text.split_once("\n- Features: ") {
        let item = item.split("\n- ").next().unwrap_or("");
        let spans: Vec<&str> = item.split('`').collect();
        for (i, span) in spans.iter().enumerate().skip(1).step_by(2) {
            if spans.get(i + 1).is_some_and(|after| after.starts_with(" (")) {
                out.push(span.to_string());
            }
        }
    }
    out
}

#[test]
fn every_feature_named_exists() {
    let known = features();
    assert!(known.iter().any(|f| f == "default") && known.iter().any(|f| f == "serve"), "read {known:?} from Cargo.toml");
    let mut pages = vec![root().join("ARCHITECTURE.md"), root().join("README.md"), root().join("src/lib.rs")];
    if let Ok(dir) = std::fs::read_dir(root().join("docs")) {
        pages.extend(dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "md")));
    }
    let mut bad = Vec::new();
    let mut named = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        for f in features_named(&text) {
            named += 1;
            if !known.contains(&f) {
                bad.push(format!("{}: feature `{f}` is not in Cargo.toml", page.display()));
            }
        }
    }
    assert!(named >= 10, "only {named} features named");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The test files ARCHITECTURE.md's `tests/` item lists (`cases.rs`, `language.rs` + …).
fn tests_listed(text: &str) -> Vec<String> {
    let item = text.split_once("\n- `tests/` — ").map(|(_, r)| r.split("\n- `").next().unwrap_or("")).unwrap_or("");
    let spans: Vec<&str> = item.split('`').skip(1).step_by(2).collect();
    spans.into_iter().filter(|s| s.ends_with(".rs") && !s.contains('/')).map(str::to_string).collect()
}

#[test]
fn every_test_listed_exists() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    let listed = tests_listed(&text);
    assert!(listed.len() >= 15, "only {} tests listed: {listed:?}", listed.len());
    let missing: Vec<&String> = listed.iter().filter(|t| !root().join("tests").join(t).is_file()).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md lists tests that do not exist: {missing:?}");
}

#[test]
fn a_wrong_feature_or_test_is_caught() {
    let page = "x (feature `nope`; …)\n- Features: `parser` (p), `ghost` (g).\n- `tests/` — `cases.rs` (c), `gone.rs` (g)\n- `x`";
    assert_eq!(features_named(page), ["nope", "parser", "ghost"]);
    assert!(!features().contains(&"ghost".to_string()) && features().contains(&"parser".to_string()));
    assert_eq!(tests_listed(page), ["cases.rs", "gone.rs"]);
}

/// The library's default features carry no HTTP server: a crate that depends on `carules`
/// gets neither tokio nor axum unless it asks for `serve`; the `carules` command (package
/// `carules-cli`, `cli/Cargo.toml`) enables it. Asked of Cargo itself (`cargo tree`), so a
/// feature that pulls the server in by another road is caught too.
#[test]
fn the_library_default_features_carry_no_server() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let tree = |package: &str| {
        let out = std::process::Command::new(&cargo)
            .args(["tree", "--offline", "--locked", "-e", "normal", "--prefix", "none", "-f", "{p}", "-p", package])
            .current_dir(root())
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo tree: {e}"));
        assert!(out.status.success(), "cargo tree -p {package}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split_whitespace().next().map(str::to_string)).collect::<Vec<_>>()
    };
    let server = ["tokio", "axum", "hyper"];
    let library = tree("carules");
    assert!(library.iter().any(|c| c == "pest"), "cargo tree -p carules lists {} crates, no pest", library.len());
    let pulled: Vec<&String> = library.iter().filter(|c| server.contains(&c.as_str())).collect();
    assert!(pulled.is_empty(), "the library's default features pull in {pulled:?}");
    let command = tree("carules-cli");
    assert!(server.iter().all(|s| command.iter().any(|c| c == s)), "the carules command no longer carries the server");
}

/// The answer writer cannot fall behind the answer types: every answer type derives it
/// (`#[derive(Json)]`, from its serde attributes), and the only hand-written `Json` impls are
/// those of the writer's core (`src/answer/json/mod.rs`: text, numbers, lists, options,
/// money, JSON values). A hand-written impl for an answer type elsewhere would have to be
/// kept in step with the type by hand, which is what the derive exists to end.
#[test]
fn the_answer_writer_is_derived_not_written_by_hand() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let core = root().join("src/answer/json/mod.rs");
    let mut by_hand = Vec::new();
    for f in files.iter().filter(|f| **f != core) {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let l = line.trim_start();
            if l.starts_with("impl") && (l.contains(" Json for ") || l.contains("json::Json for ")) {
                by_hand.push(format!("{}:{}: {l}", f.display(), i + 1));
            }
        }
    }
    assert!(by_hand.is_empty(), "hand-written Json impls outside the writer's core:\n{}", by_hand.join("\n"));
    let answer_types = ["Finding", "Fee", "Deadline", "Validity", "OfficeOut", "Cited", "ServiceResponse", "Branch"];
    let mut answer_files = Vec::new();
    rust_files(&root().join("src/answer"), &mut answer_files);
    let text: String = answer_files.iter().map(|f| std::fs::read_to_string(f).unwrap_or_default()).collect();
    for t in answer_types {
        let at = text.find(&format!("pub struct {t}<")).unwrap_or_else(|| panic!("no answer type {t}"));
        let head = text.get(text.get(..at).and_then(|b| b.rfind("#[derive(")).unwrap_or(0)..at).unwrap_or_default();
        assert!(head.contains("Json"), "{t} does not derive Json");
    }
}
