//! docs/language.md cannot drift from the language: every rule example in it (a fenced
//! block whose info string is `carules <path>`) parses on its own, and is the text of the
//! named shipped rule file (line for line, indentation aside), which the checker checks as
//! part of the shipped rule set. Every construct of the grammar has such an example. And
//! every shell block of README.md and docs/*.md runs as written (its output, when shown,
//! compared), or says on the line before it why it is not run (`<!-- not run: reason -->`).

#![allow(clippy::panic)]

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(info string, body, line)` of every fenced block.
fn blocks(md: &str) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, Vec<&str>, usize)> = None;
    for (i, line) in md.lines().enumerate() {
        let t = line.trim_start();
        if let Some(info) = t.strip_prefix("```") {
            match cur.take() {
                Some((inf, body, at)) => out.push((inf, body.join("\n"), at)),
                None => cur = Some((info.trim().to_string(), Vec::new(), i + 1)),
            }
        } else if let Some((_, body, _)) = cur.as_mut() {
            body.push(line);
        }
    }
    out
}

fn norm(s: &str) -> Vec<String> {
    s.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[test]
fn every_rule_example_is_a_shipped_rule_and_parses() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let mut failures = Vec::new();
    let mut n = 0;
    for (info, body, line) in blocks(&md) {
        let Some(path) = info.strip_prefix("carules").map(str::trim) else { continue };
        n += 1;
        if path.is_empty() {
            failures.push(format!("docs/language.md:{line}: a `carules` example names the rule file it comes from (```carules rules/<file>```)"));
            continue;
        }
        if let Err(d) = carules::syntax::parse_file("example", &body) {
            failures
                .push(format!("docs/language.md:{line}: the example does not parse: {}", d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ")));
        }
        let file = std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("docs/language.md:{line}: {path}: {e}"));
        let (want, have) = (norm(&body), norm(&file));
        let found = !want.is_empty() && have.windows(want.len()).any(|w| w == want.as_slice());
        if !found {
            failures.push(format!("docs/language.md:{line}: the example is not the text of {path}"));
        }
    }
    assert!(n >= 30, "only {n} rule examples in docs/language.md");
    assert!(carules::rules::shipped().is_ok(), "the shipped rules do not check");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every keyword of the grammar appears in some example, so no construct goes undocumented.
#[test]
fn every_construct_has_an_example() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("{e}"));
    let examples: String = blocks(&md).into_iter().filter(|(i, _, _)| i.starts_with("carules ")).map(|(_, b, _)| b + "\n").collect();
    let constructs = [
        "enum ",
        "extend ",
        "fact ",
        " min ",
        "default none",
        "let ",
        "document ",
        "outline ",
        "article ",
        "not_encoded ",
        "in_force",
        "repealed",
        "superseded_by",
        "url ",
        "calendar ",
        "region ",
        "parent ",
        "services ",
        "source ",
        "overrides ",
        "when ",
        "note ",
        "assume ",
        "deny ",
        "warn ",
        "info ",
        "oblige ",
        "remedy ",
        "capped",
        "fixed",
        "free",
        "self_paid",
        "minimum",
        "package",
        "元/个/年",
        "unspecified",
        "元/年",
        "元/次",
        "× ",
        " as ",
        "include ",
        "items ",
        "none ",
        "incomplete ",
        "requires ",
        "copies ",
        " after ",
        "at_least ",
        "validity ",
        "valid 1 years after",
        "form original, copy (requires seal)",
        "within ",
        "working_days",
        "cutoff ",
        "immediate ",
        "issue ",
        "accepted",
        "days working",
        "season ",
        "checklist ",
        "derive ",
        "has any",
        "has all",
        " within 1",
        "today",
        " days",
        " months",
        " years",
        "not in",
    ];
    let missing: Vec<&str> = constructs.iter().copied().filter(|c| !examples.contains(c)).collect();
    assert!(missing.is_empty(), "docs/language.md has no example using: {missing:?}");
}

/// The request reference at the top of docs/api.md (its first `yaml` block) is a request
/// carules answers, not one it refuses: a reader who copies it gets an answer.
#[test]
fn the_request_reference_of_the_api_docs_is_answered() {
    let md = std::fs::read_to_string(root().join("docs/api.md")).unwrap_or_else(|e| panic!("docs/api.md: {e}"));
    let (_, body, line) = blocks(&md).into_iter().find(|(info, _, _)| info == "yaml").unwrap_or_else(|| panic!("docs/api.md has no yaml block"));
    let request = carules::yaml::request(&body).unwrap_or_else(|e| panic!("docs/api.md:{line}: {e:?}"));
    let answer = carules::api::decide_json(carules::api::Rules::shipped(), &request, carules::api::Options::default());
    assert!(answer.get("error").is_none(), "docs/api.md:{line}: the reference request is refused: {answer}");
    assert_eq!(answer["question"], "service", "{answer}");
}

/// The example test case of docs/language.md (its `yaml` block) passes on the shipped rules.
#[test]
fn the_example_case_of_the_language_docs_passes() {
    let md = std::fs::read_to_string(root().join("docs/language.md")).unwrap_or_else(|e| panic!("docs/language.md: {e}"));
    let (_, body, line) = blocks(&md).into_iter().find(|(info, _, _)| info == "yaml").unwrap_or_else(|| panic!("docs/language.md has no yaml block"));
    let outcomes = carules::cases::run(carules::api::Rules::shipped(), &[("docs/language.md".to_string(), body)])
        .unwrap_or_else(|e| panic!("docs/language.md:{line}: {e}"));
    assert!(!outcomes.is_empty(), "docs/language.md:{line}: no case");
    for o in outcomes {
        assert!(o.failure.is_none(), "docs/language.md:{line}: {} fails: {:?}", o.name, o.failure);
    }
}

/// Shell blocks (`sh`, `bash`, `shell`, `console`) of README.md and docs/*.md with the reason
/// each is not run, if it is not: `<!-- not run: reason -->` on the line before the fence.
fn shell_blocks() -> Vec<(String, usize, String, Option<String>)> {
    let mut pages = vec![root().join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root().join("docs")).unwrap_or_else(|e| panic!("docs/: {e}")).flatten().map(|e| e.path()).collect();
    docs.sort();
    pages.extend(docs.into_iter().filter(|p| p.extension().is_some_and(|x| x == "md")));
    let mut out = Vec::new();
    for page in pages {
        let md = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let lines: Vec<&str> = md.lines().collect();
        let name = page.strip_prefix(root()).unwrap_or(&page).display().to_string();
        for (info, body, line) in blocks(&md) {
            if !matches!(info.as_str(), "sh" | "bash" | "shell" | "console") {
                continue;
            }
            let before = lines.get(line.saturating_sub(2)).copied().unwrap_or("").trim();
            let reason = before.strip_prefix("<!-- not run:").and_then(|r| r.strip_suffix("-->")).map(|r| r.trim().to_string());
            // A `sh` block is all commands: each line but a continuation gets the prompt.
            let as_console = || {
                let mut after_backslash = false;
                let mut out = Vec::new();
                for l in body.lines() {
                    out.push(if after_backslash { l.to_string() } else { format!("$ {l}") });
                    after_backslash = l.ends_with('\\');
                }
                out.join("\n")
            };
            out.push((name.clone(), line, if info == "console" { body.clone() } else { as_console() }, reason));
        }
    }
    out
}

/// A block as `(command, shown output)` pairs: `$ ` lines are commands (a line ending in `\`
/// continues on the next), the lines after one its output.
fn commands(block: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut continued = false;
    for line in block.lines() {
        if continued {
            if let Some(last) = out.last_mut() {
                last.0.push('\n');
                last.0.push_str(line);
            }
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            out.push((cmd.to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(line.to_string());
        }
        continued = line.ends_with('\\');
    }
    out.retain(|(c, _)| !c.trim().is_empty());
    out
}

/// Whether `output` is what the block shows: line for line, trailing spaces aside; a shown
/// line `…` stands for any number of lines.
fn shows(shown: &[String], output: &str) -> bool {
    let got: Vec<&str> = output.lines().map(str::trim_end).collect();
    fn go(shown: &[String], got: &[&str]) -> bool {
        match shown.split_first() {
            None => got.is_empty(),
            Some((s, rest)) if s.trim() == "…" => (0..=got.len()).any(|k| go(rest, got.get(k..).unwrap_or(&[]))),
            Some((s, rest)) => got.split_first().is_some_and(|(g, more)| s.trim_end() == *g && go(rest, more)),
        }
    }
    shown.is_empty() || go(shown, &got)
}

/// Every shell block of README.md and docs/ runs as a reader would run it — `carules …` and
/// `cargo run [--release] -- …` being the binary under test — from a scratch directory that
/// holds the repository's `examples/` and `rules/`, and exits 0, printing what the block
/// shows if it shows output; or it says on the line before why it is not run.
#[test]
fn every_shell_block_of_the_docs_runs_or_says_why_not() {
    let bin = assert_cmd::cargo::cargo_bin("carules").display().to_string();
    let scratch = std::env::temp_dir().join(format!("carules-docs-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap_or_else(|e| panic!("{e}"));
    for dir in ["examples", "rules"] {
        let link = scratch.join(dir);
        if !link.exists() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(root().join(dir), &link).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let (mut ran, mut bad) = (0, Vec::new());
    for (page, line, block, reason) in shell_blocks() {
        if let Some(reason) = reason {
            if reason.is_empty() {
                bad.push(format!("{page}:{line}: `not run` without a reason"));
            }
            continue;
        }
        for (cmd, shown) in commands(&block) {
            let script = cmd.replace("cargo run --release -- ", "carules ").replace("cargo run -- ", "carules ");
            let (code, stdout, stderr) =
                run_bounded(&format!("set -eo pipefail; carules() {{ \"{bin}\" \"$@\"; }}; {script}"), &scratch, std::time::Duration::from_secs(120));
            ran += 1;
            if code != Some(0) {
                bad.push(format!("{page}:{line}: `{cmd}` exits {code:?}: {stderr}"));
            } else if !shows(&shown, &stdout) {
                bad.push(format!("{page}:{line}: `{cmd}` prints\n{stdout}\nnot what the block shows:\n{}", shown.join("\n")));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(ran >= 8, "only {ran} documented commands ran");
    assert!(bad.is_empty(), "documented commands that do not do what the docs say:\n{}", bad.join("\n"));
}

/// Runs `script` with bash in `dir`, in a process group of its own that is killed after
/// `limit` (a documented command that waits forever fails rather than hangs the suite):
/// `(exit code, standard output, standard error)`; `None` when killed.
fn run_bounded(script: &str, dir: &Path, limit: std::time::Duration) -> (Option<i32>, String, String) {
    use std::os::unix::process::CommandExt;
    let (out_path, err_path) = (dir.join(".stdout"), dir.join(".stderr"));
    let file = |p: &Path| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut child = std::process::Command::new("bash")
        .args(["-c", script])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(file(&out_path))
        .stderr(file(&err_path))
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("bash: {e}"));
    let start = std::time::Instant::now();
    let code = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(std::time::Duration::from_millis(20)),
            _ => {
                let _ = std::process::Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
                let _ = child.wait();
                break None;
            }
        }
    };
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (code, read(&out_path), read(&err_path))
}

#[test]
fn a_documented_command_that_hangs_is_stopped() {
    let dir = std::env::temp_dir();
    let dir = dir.join(format!("carules-docs-bounded-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, _) = run_bounded("echo shown; exit 3", &dir, std::time::Duration::from_secs(60));
    assert_eq!((code, out.as_str()), (Some(3), "shown\n"));
    let start = std::time::Instant::now();
    let (code, out, _) = run_bounded("echo waiting; sleep 30 & wait", &dir, std::time::Duration::from_millis(500));
    assert_eq!((code, out.as_str()), (None, "waiting\n"));
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "not stopped: {:?}", start.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_docs_runner_reads_commands_and_compares_output() {
    let block = "$ carules regions \\\n  --x\nline 1\nline 2\n$ true\n";
    let cmds = commands(block);
    assert_eq!(cmds.len(), 2);
    assert_eq!(cmds[0].0, "carules regions \\\n  --x");
    assert_eq!(cmds[0].1, ["line 1", "line 2"]);
    let shown: Vec<String> = ["a", "…", "z"].iter().map(|s| s.to_string()).collect();
    assert!(shows(&shown, "a\nb\nc\nz\n"));
    assert!(shows(&shown, "a\nz"));
    assert!(!shows(&shown, "a\nb\n"));
    assert!(!shows(&["a".to_string()], "b"));
}

/// The instruction counts README.md's performance table quotes are the ones
/// `bash benches/instructions.sh` measured and wrote to `benches/results/instructions.tsv`:
/// re-measuring and not updating the README (or the reverse) fails here.
#[test]
fn the_instruction_counts_the_readme_quotes_are_the_measured_ones() {
    let tsv = std::fs::read_to_string(root().join("benches/results/instructions.tsv")).unwrap_or_else(|e| panic!("benches/results/instructions.tsv: {e}"));
    let measured: std::collections::BTreeMap<&str, &str> = tsv.lines().skip(1).filter_map(|l| l.split_once('\t')).collect();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_else(|e| panic!("README.md: {e}"));
    let row = |label: &str| -> Vec<String> {
        let line = readme.lines().find(|l| l.starts_with(&format!("| {label} |"))).unwrap_or_else(|| panic!("README.md has no row `{label}`"));
        line.split('|').skip(2).map(|c| c.trim().replace(',', "")).filter(|c| !c.is_empty()).collect()
    };
    for (label, modes) in [
        ("instructions per answer, request already decoded", ["compiled-parsed", "interpreter-parsed"]),
        ("instructions per answer, JSON text in → JSON text out", ["compiled-json", "interpreter-json"]),
    ] {
        let quoted = row(label);
        let wanted: Vec<String> = modes.iter().map(|m| measured.get(m).unwrap_or_else(|| panic!("no {m} in the measured figures")).to_string()).collect();
        assert_eq!(quoted, wanted, "README.md `{label}`: quoted {quoted:?}, measured {wanted:?} (bash benches/instructions.sh)");
    }
}

/// The peer table README.md quotes (instructions per decision beside other engines) is the one
/// `bash benches/peers/run.sh` measured and wrote to `benches/peers/results/instructions.tsv`,
/// each ratio that figure over the hand-written function's.
#[test]
fn the_peer_figures_the_readme_quotes_are_the_measured_ones() {
    let tsv = std::fs::read_to_string(root().join("benches/peers/results/instructions.tsv"))
        .unwrap_or_else(|e| panic!("benches/peers/results/instructions.tsv: {e}"));
    let measured: std::collections::BTreeMap<&str, f64> =
        tsv.lines().filter_map(|l| l.split_once('\t')).filter_map(|(k, v)| Some((k, v.trim().parse().ok()?))).collect();
    let hand = *measured.get("hand").unwrap_or_else(|| panic!("no `hand` in {tsv}"));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_else(|e| panic!("README.md: {e}"));
    let rows = [
        ("| hand-written Rust", "hand"),
        ("| carules, full answer", "carules-full"),
        ("| carules, the bench rules", "carules"),
        ("| zen-engine", "zen"),
        ("| regorus (Rego, RVM", "regorus-vm"),
        ("| regorus (Rego, interpreter", "regorus"),
        ("| cedar-policy", "cedar"),
    ];
    for (start, key) in rows {
        let line = readme.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("README.md has no row starting `{start}`"));
        let cells: Vec<String> = line.split('|').skip(2).map(|c| c.trim().replace(',', "")).filter(|c| !c.is_empty()).collect();
        let want = *measured.get(key).unwrap_or_else(|| panic!("no `{key}` in benches/peers/results/instructions.tsv"));
        assert_eq!(cells.first().map(String::as_str), Some(format!("{want:.0}").as_str()), "README.md `{start}`: {cells:?}, measured {want}");
        assert_eq!(cells.get(1).map(String::as_str), Some(format!("{:.1}×", want / hand).as_str()), "README.md `{start}`: the ratio of {cells:?}");
    }
}
