//! Seeds the fuzz targets of `fuzz/` (run by `fuzz/seed.sh`; nothing it writes is committed):
//!   cargo run --example fuzz_seeds -- fuzz
//! writes, under the given directory,
//! - `corpus/decide/`: request text — every example, every request of the rule cases
//!   (`rules/tests/*.yaml`, `tests/language/*/cases.yaml`) and of the malformed-request corpus
//!   (`tests/requests/`), YAML turned into JSON as the CLI reads it;
//! - `corpus/check/`: rule text — every shipped rule file, every broken rule file of
//!   `tests/check/` and every language fixture;
//! - `corpus/fmt/`: the same rule text, for the formatter;
//! - `dicts/check.dict` and `dicts/fmt.dict`: the words and symbols of the grammar
//!   (`grammar/carules.pest`);
//! - `dicts/decide.dict`: request keys (fact path segments, structural keys) and enum members.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fuzz".to_string()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut decide = Vec::new();
    let mut check = Vec::new();
    for (path, text) in files(&root.join("examples"), &["json", "yaml"]).into_iter().chain(files(&root.join("tests/requests"), &["json", "yaml"])) {
        decide.push((path.clone(), request_text(&path, &text)));
    }
    let mut case_files = files(&root.join("rules/tests"), &["yaml"]);
    for dir in dirs(&root.join("tests/language")) {
        case_files.extend(files(&dir, &["yaml"]));
        check.extend(files(&dir, &["carules"]));
    }
    for (path, text) in case_files {
        let Ok(cases) = carules::cases::load(&path.to_string_lossy(), &text) else { continue };
        for (i, case) in cases.iter().enumerate() {
            decide.push((path.with_extension(format!("{i}.json")), case.request.to_string()));
        }
    }
    check.extend(files(&root.join("rules"), &["carules"]));
    check.extend(files(&root.join("tests/check"), &["carules"]));
    // `fmt` starts from the same rule files as `check`, with the same words.
    let written = write(&out.join("corpus/decide"), &decide) + write(&out.join("corpus/check"), &check) + write(&out.join("corpus/fmt"), &check);
    let grammar = std::fs::read_to_string(root.join("grammar/carules.pest")).unwrap_or_default();
    let dicts = [("check.dict", grammar_words(&grammar)), ("fmt.dict", grammar_words(&grammar)), ("decide.dict", request_words())];
    for (name, words) in dicts {
        let mut dict = String::new();
        for (i, w) in words.iter().enumerate() {
            let _ = writeln!(dict, "w{i}=\"{}\"", dict_escape(w));
        }
        let path = out.join("dicts").join(name);
        if let Err(e) = std::fs::create_dir_all(out.join("dicts")).and_then(|()| std::fs::write(&path, dict)) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    println!("{written} seeds ({} requests, {} rule files) and three dictionaries under {}", decide.len(), check.len(), out.display());
}

/// A word as libFuzzer's dictionary format writes it: printable ASCII as it is, other
/// bytes (UTF-8 of 元, ×, …), `"` and `\` as `\xNN`.
fn dict_escape(w: &str) -> String {
    w.bytes().map(|b| if b.is_ascii_graphic() && b != b'"' && b != b'\\' || b == b' ' { char::from(b).to_string() } else { format!("\\x{b:02X}") }).collect()
}

/// The files of `dir` with one of the extensions, sorted.
fn files(dir: &Path, exts: &[&str]) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)))
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    v.sort();
    v
}

fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    v.sort();
    v
}

/// A request file as request text: JSON as it is, YAML as JSON when it reads.
fn request_text(path: &Path, text: &str) -> String {
    if path.extension().is_some_and(|x| x == "yaml")
        && let Ok(v) = carules::yaml::request(text)
    {
        return v.to_string();
    }
    text.to_string()
}

/// Writes each text as `<dir>/<n>-<file name>`; how many were written.
fn write(dir: &Path, items: &[(PathBuf, String)]) -> usize {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("cannot make {}: {e}", dir.display());
        std::process::exit(1);
    }
    let mut n = 0;
    for (i, (path, text)) in items.iter().enumerate() {
        let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if std::fs::write(dir.join(format!("{i:04}-{name}")), text).is_ok() {
            n += 1;
        }
    }
    n
}

/// The string literals of the grammar without escapes: keywords, operators, units.
fn grammar_words(grammar: &str) -> Vec<String> {
    let rules = grammar.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| l.split(" //").next().unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let literals = rules.split('"').skip(1).step_by(2);
    let mut words: Vec<String> = literals.filter(|w| !w.is_empty() && !w.contains(['\\', ' ', '\n'])).map(str::to_string).collect();
    words.sort();
    words.dedup();
    words
}

/// Request keys and values of the shipped rules: each segment of a fact path, the
/// structural keys, and every enum member id.
fn request_words() -> Vec<String> {
    let mut words: Vec<String> = [
        "region",
        "as_of",
        "question",
        "service",
        "acceptance",
        "evaluation",
        "submitted_documents",
        "observations",
        "records",
        "explain",
        "together",
        "received_at",
        "completed_at",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Ok(rs) = carules::rules::shipped() {
        for f in rs.facts.iter() {
            words.extend(f.path.split('.').map(str::to_string));
        }
        for e in rs.enums.iter() {
            words.extend(e.members.iter().map(|m| m.id.to_string()));
        }
        for r in rs.regions.iter() {
            words.push(r.code.to_string());
        }
    }
    words.sort();
    words.dedup();
    words
}
