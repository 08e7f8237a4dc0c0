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

/// A rule base assembled from layers (`--rules BASE --rules OVERLAY`, or one region file):
/// rule files and case files keyed by their name inside their layer, each shown by its path
/// as given (relative to the working directory when it lies below it).
#[derive(Debug, Clone, Default)]
pub struct Layered {
    /// Rule files as `(shown path, text)`, sorted by their name inside the layer; the embedded
    /// files added are shown as `(built in)/NAME`.
    pub files: Vec<(String, String)>,
    /// Case files as `(shown path, yaml text)`, sorted likewise.
    pub cases: Vec<(String, String)>,
    /// Names of the embedded files added beneath the layers (prelude, calendar, ancestors of
    /// the regions the layers declare), empty when a layer holds `prelude.carules`.
    pub embedded: Vec<String>,
}

/// How an embedded file is shown in diagnostics.
pub const EMBEDDED_PREFIX: &str = "(built in)/";

/// Assembles a rule base from `layers`, in order: each a rule directory (its `*.carules`
/// and `tests/*.yaml`) or one `*.carules` file (with the case file `tests/STEM.yaml` beside
/// it, if there is one). A later layer's file replaces an earlier one's of the same name
/// (`630000-qinghai.carules`, `tests/630000-qinghai.yaml`) and adds the rest. When no layer
/// holds `prelude.carules`, the embedded prelude and calendar are added beneath, and the
/// embedded file of every ancestor region (`parent` in a region header) that no layer
/// declares, so a region team needs only its own files.
///
/// Errors: an `E0601` diagnostic naming a layer that is neither a directory nor a
/// `.carules` file, or a file that cannot be read.
pub fn layered(layers: &[std::path::PathBuf]) -> Result<Layered, Box<Diagnostic>> {
    use std::collections::BTreeMap;
    let mut rules: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut cases: BTreeMap<String, (String, String)> = BTreeMap::new();
    for layer in layers {
        let shown = |rel: &str| shown_path(&layer.join(rel));
        if layer.is_dir() {
            for (rel, text) in load_dir(layer)? {
                rules.insert(rel.clone(), (shown(&rel), text));
            }
            for (rel, text) in load_cases(layer)? {
                cases.insert(rel.clone(), (shown(&rel), text));
            }
        } else if layer.extension().is_some_and(|e| e == "carules") && layer.is_file() {
            let io = |e: std::io::Error| Box::new(Diagnostic::new(Code::Io, &shown_path(layer), Default::default(), format!("cannot read: {e}")));
            let text = std::fs::read_to_string(layer).map_err(io)?;
            let name = layer.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = layer.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let dir = layer.parent().unwrap_or(Path::new(""));
            rules.insert(name, (shown_path(layer), text));
            for ext in ["yaml", "yml"] {
                let case = dir.join("tests").join(format!("{stem}.{ext}"));
                if case.is_file() {
                    let text = std::fs::read_to_string(&case)
                        .map_err(|e| Box::new(Diagnostic::new(Code::Io, &shown_path(&case), Default::default(), format!("cannot read: {e}"))))?;
                    cases.insert(format!("tests/{stem}.{ext}"), (shown_path(&case), text));
                }
            }
        } else {
            let message = if layer.exists() { "a rule layer is a directory or a `.carules` file" } else { "no such directory or file" };
            return Err(Box::new(Diagnostic::new(Code::Io, &shown_path(layer), Default::default(), message)));
        }
    }
    let mut embedded = Vec::new();
    if !rules.contains_key("prelude.carules") {
        embedded = beneath(rules.values().map(|(_, t)| t.as_str()).collect(), &rules);
        for (name, text) in shipped_files().into_iter().filter(|(n, _)| embedded.contains(n)) {
            rules.insert(name.clone(), (format!("{EMBEDDED_PREFIX}{name}"), text));
        }
    }
    Ok(Layered { files: rules.into_values().collect(), cases: cases.into_values().collect(), embedded })
}

/// A rule base of in-memory files, as [`layered`] assembles one from disk: `files` (`(name,
/// text)`) over the embedded files, each shown by its name; when none is `prelude.carules`,
/// the embedded prelude, calendar and the ancestor regions the files name but do not declare
/// are added beneath, shown as `(built in)/NAME`. Sorted by name. For hosts without a file
/// system (the playground's WebAssembly module).
pub fn over_embedded(files: &[(String, String)]) -> Vec<(String, String)> {
    use std::collections::BTreeMap;
    let mut rules: BTreeMap<String, (String, String)> = files.iter().map(|(n, t)| (n.clone(), (n.clone(), t.clone()))).collect();
    if !rules.contains_key("prelude.carules") {
        let embedded = beneath(files.iter().map(|(_, t)| t.as_str()).collect(), &rules);
        for (name, text) in shipped_files().into_iter().filter(|(n, _)| embedded.contains(n)) {
            rules.insert(name.clone(), (format!("{EMBEDDED_PREFIX}{name}"), text));
        }
    }
    rules.into_values().collect()
}

/// The embedded files a base without prelude stands on: prelude, calendar (unless a layer has
/// one) and the files of the ancestor regions the texts name but do not declare, nearest
/// first.
fn beneath(texts: Vec<&str>, layered: &std::collections::BTreeMap<String, (String, String)>) -> Vec<String> {
    let shipped = shipped_files();
    let mut out: Vec<String> = ["prelude.carules", "calendar.carules"].iter().filter(|n| !layered.contains_key(**n)).map(|n| n.to_string()).collect();
    let mut declared: Vec<String> = texts.iter().flat_map(|t| header_codes(t, "region")).collect();
    let mut wanted: Vec<String> = texts.iter().flat_map(|t| header_codes(t, "parent")).collect();
    while let Some(code) = wanted.pop() {
        if declared.contains(&code) {
            continue;
        }
        declared.push(code.clone());
        if let Some((name, text)) = shipped.iter().find(|(n, _)| n.starts_with(&format!("{code}-"))) {
            out.push(name.clone());
            wanted.extend(header_codes(text, "parent"));
        }
    }
    out
}

/// The six-digit codes that follow the word `keyword` (`region 630000 …`, `parent 150000`),
/// outside comments: a text scan, so a file that does not parse still finds its ancestors.
fn header_codes(text: &str, keyword: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split('#').next().unwrap_or_default();
        let words: Vec<&str> = code.split(|c: char| c.is_whitespace() || c == '{').filter(|w| !w.is_empty()).collect();
        for pair in words.windows(2) {
            if let [k, v] = pair
                && *k == keyword
                && v.len() == 6
                && v.chars().all(|c| c.is_ascii_digit())
            {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// A path as the user would type it: relative to the working directory when below it, else
/// as given; `/` separated.
pub fn shown_path(p: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = match (&cwd, p.is_absolute()) {
        (Some(c), true) => p.strip_prefix(c).unwrap_or(p),
        _ => p,
    };
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
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
