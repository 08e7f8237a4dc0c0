//! `carules fmt [PATH…] [--check]`: rewrites rule files in the canonical layout
//! (`carules::fmt`), in place; with `--check`, writes nothing, prints a unified diff of each
//! file that is not formatted and exits 1 (for CI). Default path: `./rules`. A file that does
//! not parse gets its diagnostics and is left as it is (exit 1).

use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Rule files or directories (every `*.carules` below them); default `./rules`.
    paths: Vec<PathBuf>,
    /// Write nothing; print a diff of each file that would change, exit 1 if any would.
    #[arg(long)]
    check: bool,
}

pub fn run(a: Args) -> i32 {
    let paths = if a.paths.is_empty() {
        match super::default_rules_dir() {
            Some(d) => vec![d],
            None => {
                eprintln!("error: no ./rules here: name the rule files or directories to format");
                return 1;
            }
        }
    } else {
        a.paths
    };
    let mut files = Vec::new();
    for p in &paths {
        match collect(p) {
            Ok(f) => files.extend(f),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    let (mut changed, mut failed) = (0, false);
    for (path, text) in &files {
        let name = path.display().to_string();
        let formatted = match carules::fmt::format(&name, text) {
            Ok(f) => f,
            Err(diags) => {
                eprint!("{}", carules::diag::render(&diags, &[(name.clone(), text.clone())]));
                failed = true;
                continue;
            }
        };
        if formatted == *text {
            continue;
        }
        changed += 1;
        if a.check {
            let diff = similar::TextDiff::from_lines(text.as_str(), formatted.as_str());
            print!("{}", diff.unified_diff().context_radius(2).header(&name, &format!("{name} (formatted)")));
        } else if let Err(e) = std::fs::write(path, &formatted) {
            eprintln!("error: cannot write `{name}`: {e}");
            failed = true;
        } else {
            println!("formatted {name}");
        }
    }
    let verb = if a.check { "would be reformatted" } else { "reformatted" };
    eprintln!("{} file(s) checked, {changed} {verb}", files.len());
    if failed || (a.check && changed > 0) { 1 } else { 0 }
}

/// `(path, text)` of a rule file, or of every `*.carules` file below a directory.
fn collect(path: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    if path.is_dir() {
        let files = carules::rules::load_dir(path).map_err(|d| format!("{}: {}", d.file, d.message))?;
        Ok(files.into_iter().map(|(name, text)| (path.join(name), text)).collect())
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        Ok(vec![(path.to_path_buf(), text)])
    }
}
