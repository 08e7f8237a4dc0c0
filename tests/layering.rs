//! Dependencies point one way: the library's top-level modules form the stack that
//! ARCHITECTURE.md draws under "## Layers", and no module names (`use crate::…` or a
//! `crate::…` path in code) a module drawn above it. Unit tests (`#[cfg(test)]` onwards,
//! `*_tests.rs`) and comments are not read: a test may build its rule set with the loader,
//! and a doc link may point anywhere.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly on a broken tree

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers of ARCHITECTURE.md, lowest first: each line of the first `text` block after
/// "## Layers" names one module or several (comma-separated), before an optional `—` and
/// its description.
fn layers() -> Vec<Vec<String>> {
    let page = std::fs::read_to_string("ARCHITECTURE.md").unwrap_or_else(|e| panic!("ARCHITECTURE.md: {e}"));
    let after = page.split_once("\n## Layers").unwrap_or_else(|| panic!("ARCHITECTURE.md has no \"## Layers\" section")).1;
    let block = after.split_once("```text\n").unwrap_or_else(|| panic!("no text block under ## Layers")).1;
    let block = block.split_once("```").unwrap_or_else(|| panic!("the Layers block does not end")).0;
    block
        .lines()
        .map(|l| l.split('—').next().unwrap_or("").split([',', ' ']).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>())
        .filter(|names| !names.is_empty())
        .collect()
}

/// Rank of each module: the index of its layer.
fn ranks() -> BTreeMap<String, usize> {
    let mut ranks = BTreeMap::new();
    for (i, names) in layers().into_iter().enumerate() {
        for n in names {
            assert!(ranks.insert(n.clone(), i).is_none(), "{n} is drawn twice under ## Layers");
        }
    }
    ranks
}

/// The modules `code` names by a `crate::` path: `crate::x::…`, `crate::{x, y::…}`.
fn named(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` in a macro is the crate too; `carules::` (another crate's view) is not read.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            // Top-level names of the group: split at commas outside nested braces.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices().chain(std::iter::once((inner.len(), ','))) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(inner[start..i].trim()));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

fn ident(s: &str) -> String {
    s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// A file's code as this test reads it: up to its unit tests, without comments.
fn code(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| match l.find(" // ") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The violations of one file of module `module`: `(module named, its rank)` above `module`.
fn violations(module: &str, text: &str, ranks: &BTreeMap<String, usize>) -> Vec<String> {
    let Some(&own) = ranks.get(module) else { return vec![format!("module {module} is not drawn under ## Layers")] };
    named(&code(text)).into_iter().filter(|n| n != module && ranks.get(n).is_some_and(|&r| r > own)).collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_module_is_drawn_once() {
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let mut modules: Vec<String> =
        lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|r| r.strip_suffix(';'))).map(str::to_string).collect();
    modules.sort();
    let mut drawn: Vec<String> = ranks().into_keys().collect();
    drawn.sort();
    assert_eq!(modules, drawn, "the modules of src/lib.rs and the layers of ARCHITECTURE.md differ");
}

#[test]
fn no_module_imports_one_drawn_above_it() {
    let ranks = ranks();
    let mut all = Vec::new();
    files(Path::new("src"), &mut all);
    let mut bad = Vec::new();
    for path in all {
        let rel = path.strip_prefix("src").expect("under src").to_string_lossy().replace('\\', "/");
        // The binary (main.rs, cli/) is its own crate, on top of everything.
        if rel == "main.rs" || rel == "lib.rs" || rel.starts_with("cli/") || rel.ends_with("_tests.rs") {
            continue;
        }
        let module = rel.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(&path).expect("source");
        for n in violations(&module, &text, &ranks) {
            bad.push(format!("src/{rel}: {module} imports {n}, drawn above it"));
        }
    }
    assert!(bad.is_empty(), "lower stages import higher ones:\n{}", bad.join("\n"));
}

#[test]
fn the_stages_stand_in_the_order_the_issue_asks() {
    let r = ranks();
    for (lower, higher) in [("ir", "engine"), ("calendar", "engine"), ("answer", "engine"), ("request", "engine"), ("engine", "api"), ("api", "host")] {
        assert!(r[lower] < r[higher], "{lower} must be drawn below {higher}");
    }
}

#[test]
fn the_reader_finds_what_it_must() {
    let ranks = ranks();
    // A lower stage naming a higher one, in each form a path takes.
    assert_eq!(violations("engine", "use crate::api::response::Severity;\n", &ranks), ["api"]);
    assert_eq!(violations("ir", "use crate::{gb2260, engine::ops};\n", &ranks), ["engine"]);
    assert_eq!(violations("calendar", "fn f() { crate::api::request::cst() }\n", &ranks), ["api"]);
    // Not read: comments, unit tests, other crates, the module itself, lower stages.
    let quiet = "//! [`crate::api`]\nuse crate::engine::ops;\nuse crate::ir::RuleSet; // crate::api\n\
                 fn f() -> carules::api::Rules {}\n#[cfg(test)]\nmod tests { use crate::api::decide; }\n";
    assert!(violations("engine", quiet, &ranks).is_empty());
    assert_eq!(violations("nowhere", "", &ranks), ["module nowhere is not drawn under ## Layers"]);
}
