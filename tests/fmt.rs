//! `carules fmt` (issue 9): the shipped rule files are in the canonical layout; formatting is
//! idempotent and lossless — for every rule file and for random re-layouts of it (spaces,
//! tabs, indents, trailing blanks, blank lines, CRLF, line breaks between tokens), the
//! formatted text checks to the same rule set as the original, keeps every comment and
//! string, and formatting it again changes nothing.

#![allow(clippy::panic)] // helpers outside #[test] functions fail loudly

use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rule_files(dir: &Path) -> Vec<(String, String)> {
    carules::rules::load_dir(dir).unwrap_or_else(|d| panic!("{}: {}", d.file, d.message))
}

fn format(name: &str, text: &str) -> String {
    carules::fmt::format(name, text).unwrap_or_else(|d| panic!("{name}: {}", carules::diag::render(&d, &[(name.to_string(), text.to_string())])))
}

#[test]
fn shipped_and_fixture_rule_files_are_formatted_and_formatting_is_idempotent() {
    let mut dirs = vec![root().join("rules")];
    dirs.extend(std::fs::read_dir(root().join("tests/language")).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    for dir in dirs {
        for (name, text) in rule_files(&dir) {
            let once = format(&name, &text);
            if dir.ends_with("rules") {
                assert_eq!(once, text, "{name} is not in the canonical layout: run `carules fmt`");
            }
            assert_eq!(format(&name, &once), once, "{name}: fmt(fmt(x)) != fmt(x)");
        }
    }
}

#[test]
fn comments_strings_and_odd_whitespace_survive() {
    let text = "\u{FEFF}# head\r\n\r\n\r\nregion 910000 \"示例\"  {   # trailing\n\t services   new\n}\n\n\n\ndocument d {\n      title \"a  #  b\"    # aligned\n  # lone comment\n   date 2026-01-01\n\n}\n";
    let out = format("x.carules", text);
    assert_eq!(
        out,
        "\u{FEFF}# head\n\nregion 910000 \"示例\" {   # trailing\n  services new\n}\n\ndocument d {\n  title \"a  #  b\"    # aligned\n  # lone comment\n  date 2026-01-01\n}\n"
    );
}

#[test]
fn continuations_indent_and_align_under_an_open_parenthesis() {
    let text = "fee x {\nsource d \"1\"\nwhen a\nand (b\nor c\n)\nfree\n}\n";
    let out = format("x.carules", text);
    assert_eq!(out, "fee x {\n  source d \"1\"\n  when a\n    and (b\n         or c\n        )\n  free\n}\n");
}

#[test]
fn a_file_that_does_not_parse_is_an_error_not_a_rewrite() {
    assert!(carules::fmt::format("x.carules", "region 910000 \"x\" { services new ").is_err());
}

/// A random re-layout of `text`: whitespace in code changed, indents and trailing blanks
/// random, blank lines added, CRLF line ends, and line breaks inserted between tokens.
fn relayout(text: &str, seed: &[u8]) -> String {
    let mut k = 0usize;
    let mut pick = |n: usize| {
        k += 1;
        seed.get(k % seed.len().max(1)).map_or(0, |b| *b as usize % n.max(1))
    };
    let mut out = String::new();
    let crlf = pick(4) == 0;
    for line in text.lines() {
        out.extend(std::iter::repeat_n(' ', pick(7)));
        let mut in_string = false;
        let mut rest_is_comment = false;
        let mut escaped = false;
        for c in line.trim_start().chars() {
            let code = !in_string && !rest_is_comment;
            match c {
                ' ' if code => match pick(8) {
                    0 => out.push_str("\t "),
                    1 => out.push_str(if crlf { "\r\n" } else { "\n" }),
                    n => out.extend(std::iter::repeat_n(' ', n % 3 + 1)),
                },
                '#' if code => {
                    rest_is_comment = true;
                    out.push(c);
                }
                '"' if !rest_is_comment && !escaped => {
                    in_string = !in_string;
                    out.push(c);
                }
                _ => out.push(c),
            }
            escaped = in_string && c == '\\' && !escaped;
        }
        out.extend(std::iter::repeat_n(' ', pick(3)));
        out.push_str(if crlf { "\r\n" } else { "\n" });
        if pick(10) == 0 {
            out.push('\n');
        }
    }
    out
}

/// Every comment (from `#` outside a string to the end of its line, trailing blanks off).
fn comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let (mut in_string, mut escaped) = (false, false);
        for (i, c) in line.char_indices() {
            match c {
                '#' if !in_string => {
                    out.push(line[i..].trim_end().to_string());
                    break;
                }
                '"' if !escaped => in_string = !in_string,
                _ => {}
            }
            escaped = in_string && c == '\\' && !escaped;
        }
    }
    out
}

fn checked(files: &[(String, String)]) -> String {
    match carules::check::check(files) {
        Ok(rs) => format!("{rs:?}"),
        Err(d) => panic!("does not check:\n{}", carules::diag::render(&d, files)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn formatting_a_relaid_file_is_lossless_and_idempotent(which in 0usize..64, seed in proptest::collection::vec(any::<u8>(), 1..64)) {
        let files = rule_files(&root().join("rules"));
        let i = which % files.len();
        let (name, text) = files[i].clone();
        let mangled = relayout(&text, &seed);
        let formatted = format(&name, &mangled);
        prop_assert_eq!(format(&name, &formatted), formatted.clone(), "idempotent");
        prop_assert_eq!(comments(&formatted), comments(&mangled), "comments kept");
        let mut replaced = files.clone();
        replaced[i].1 = formatted;
        prop_assert_eq!(checked(&replaced), checked(&files), "same rule set");
    }
}

#[test]
fn cli_check_prints_a_diff_and_exits_1_and_fmt_rewrites_in_place() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fmt-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("910000-x.carules");
    let setup = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&file, "region 910000 \"x\" {\nservices new   # 新办\n}\n"));
    assert!(setup.is_ok());
    let run =
        |args: &[&str]| std::process::Command::new(assert_cmd::cargo::cargo_bin("carules")).args(args).arg(&file).output().unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["fmt", "--check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("-services new   # 新办\n+  services new   # 新办\n"), "{stdout}");
    let out = run(&["fmt"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&file).ok().as_deref(), Some("region 910000 \"x\" {\n  services new   # 新办\n}\n"));
    assert_eq!(run(&["fmt", "--check"]).status.code(), Some(0), "formatted now");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Found by the `fmt` fuzz target: a line starting with a carriage return (`\r` alone, not a
/// `\r\n` line end) — whitespace to the grammar — hid the statement after it, which was
/// indented as a continuation the first time and as a statement the second (fmt was not
/// idempotent).
#[test]
fn a_carriage_return_at_the_start_of_a_line_is_whitespace() {
    let text = "region 910000 \"x\" {\n  services new\n}\n\rdocument d {\n  title \"t\"\n}\n";
    let once = format("x.carules", text);
    assert_eq!(format("x.carules", &once), once, "fmt(fmt(x)) != fmt(x)");
    assert!(once.contains("\ndocument d {"), "{once:?}");
}
