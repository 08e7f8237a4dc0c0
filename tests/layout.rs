//! The layout promises of ARCHITECTURE.md: no hand-written source file over 600 lines and no
//! function over 100 lines (the generated `src/compiled/shipped.rs` aside), so a reader finds
//! one stage per folder and one step per function.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 100;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("compiled/shipped.rs") {
            out.push(p);
        }
    }
}

/// Braces of a line outside comments, strings and char literals: +1 per `{`, -1 per `}`.
fn brace_delta(line: &str) -> (i64, bool) {
    let mut delta = 0;
    let mut opened = false;
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => in_str = true,
            '\'' => {
                // A char literal such as '{' or '\'' (a lifetime has no closing quote soon).
                let rest: String = chars.clone().take(3).collect();
                if let Some(escaped) = rest.strip_prefix('\\') {
                    if let Some(i) = escaped.find('\'') {
                        for _ in 0..=i + 1 {
                            chars.next();
                        }
                    }
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            '{' => {
                delta += 1;
                opened = true;
            }
            '}' => delta -= 1,
            _ => {}
        }
    }
    (delta, opened)
}

/// `(name, first line, length)` of every function with a body.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let after_vis = t.strip_prefix("pub(crate) ").or_else(|| t.strip_prefix("pub(super) ")).or_else(|| t.strip_prefix("pub ")).unwrap_or(t);
        let after_mods = after_vis.strip_prefix("const ").unwrap_or(after_vis);
        let Some(rest) = after_mods.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let (mut depth, mut opened, mut j) = (0i64, false, i);
        while j < lines.len() {
            let (d, o) = brace_delta(lines[j]);
            depth += d;
            opened |= o;
            if opened && depth <= 0 {
                break;
            }
            if !opened && lines[j].trim_end().ends_with(';') {
                break;
            }
            j += 1;
        }
        if opened {
            out.push((name, i + 1, j - i + 1));
        }
        i += 1;
    }
    out
}

#[test]
fn no_file_over_600_lines_and_no_function_over_100() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("wasm/src"), &mut files);
    sources(&root.join("wasm/playground/src"), &mut files);
    assert!(files.len() > 20, "expected the crate's sources, found {}", files.len());
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!("{rel}: {n} lines (at most {MAX_FILE_LINES})"));
        }
        for (name, line, len) in functions(&text) {
            if len > MAX_FN_LINES {
                problems.push(format!("{rel}:{line}: fn {name} is {len} lines (at most {MAX_FN_LINES})"));
            }
        }
    }
    assert!(problems.is_empty(), "split these:\n{}", problems.join("\n"));
}

#[test]
fn the_function_measure_sees_long_functions() {
    let body: String = (0..120).map(|i| format!("    let x{i} = '{{';\n")).collect();
    let text = format!("fn short() {{\n}}\n\npub(crate) fn long() {{\n{body}}}\nfn after() {{}}\n");
    let found = functions(&text);
    assert_eq!(found.iter().map(|(n, _, l)| (n.as_str(), *l)).collect::<Vec<_>>(), vec![("short", 2), ("long", 122), ("after", 1)]);
}
