//! Loading rule sets: the shipped `rules/` embedded in the binary, or a directory on disk
//! (for authors editing rules). Rule files are `*.carules`; test cases live in
//! `rules/tests/*.yaml`.

use crate::diag::{Code, Diagnostic};
use crate::ir::RuleSet;
use include_dir::{Dir, include_dir};
use std::path::Path;
use std::sync::OnceLock;

static RULES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// The shipped rule files as `(name, text)`, sorted by name.
pub fn shipped_files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(&RULES, &mut out);
    out.sort();
    out
}

fn collect(d: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for f in d.files() {
        if f.path().extension().is_some_and(|e| e == "carules")
            && let Some(t) = f.contents_utf8()
        {
            out.push((f.path().to_string_lossy().replace('\\', "/"), t.to_string()));
        }
    }
    for sub in d.dirs() {
        collect(sub, out);
    }
}

/// The shipped test cases as `(name, yaml text)`.
pub fn shipped_cases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(t) = RULES.get_dir("tests") {
        for f in t.files() {
            if f.path().extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Some(s) = f.contents_utf8()
            {
                out.push((f.path().to_string_lossy().replace('\\', "/"), s.to_string()));
            }
        }
    }
    out.sort();
    out
}

/// The shipped rule set, checked once per process.
///
/// Errors: the diagnostics, if the embedded rules do not check (a build of a broken tree).
pub fn shipped() -> Result<&'static RuleSet, &'static [Diagnostic]> {
    static SHIPPED: OnceLock<Result<RuleSet, Vec<Diagnostic>>> = OnceLock::new();
    match SHIPPED.get_or_init(|| crate::check::check(&shipped_files())) {
        Ok(rs) => Ok(rs),
        Err(d) => Err(d.as_slice()),
    }
}

/// Reads every `*.carules` file below `dir` as `(relative name, text)`, sorted.
///
/// Errors: an `E0601` diagnostic naming the unreadable path.
pub fn load_dir(dir: &Path) -> Result<Vec<(String, String)>, Box<Diagnostic>> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out, "carules", &mut Vec::new())?;
    out.sort();
    Ok(out)
}

/// Reads every `*.yaml` case file in `dir/tests`.
pub fn load_cases(dir: &Path) -> Result<Vec<(String, String)>, Box<Diagnostic>> {
    let mut out = Vec::new();
    let t = dir.join("tests");
    if t.is_dir() {
        walk(dir, &t, &mut out, "yaml", &mut Vec::new())?;
    }
    out.sort();
    Ok(out)
}

/// Reads the `*.ext` files below `dir`, each directory once by its real path (`seen`): a
/// symbolic link back to a directory already read is skipped, so a link loop cannot make
/// the walk exponential.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>, ext: &str, seen: &mut Vec<std::path::PathBuf>) -> Result<(), Box<Diagnostic>> {
    let io = |p: &Path, e: std::io::Error| Box::new(Diagnostic::new(Code::Io, &p.display().to_string(), Default::default(), format!("cannot read: {e}")));
    let real = std::fs::canonicalize(dir).map_err(|e| io(dir, e))?;
    if seen.contains(&real) {
        return Ok(());
    }
    seen.push(real);
    let entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if ext == "carules" && p.file_name().is_some_and(|n| n == "tests") {
                continue;
            }
            walk(root, &p, out, ext, seen)?;
        } else if p.extension().is_some_and(|e| e == ext) {
            let text = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
            let name = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            out.push((name, text));
        }
    }
    Ok(())
}

/// For unit tests: the shipped rule set, which they cannot go on without.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::ir::RuleSet;

    /// The shipped rule set; panics (failing the test) if it does not check.
    pub(crate) fn rs() -> &'static RuleSet {
        match super::shipped() {
            Ok(rs) => rs,
            Err(d) => panic!("the shipped rules do not check: {d:?}"),
        }
    }
}
