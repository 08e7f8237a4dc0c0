//! `carules diff OLD NEW`: the impact of a rule change ([`carules::diff`]). OLD and NEW are
//! rule directories or region files (layered as `--rules` is) or git revisions, whose rules
//! are read with `git show REV:PATH/…` (`--path`, default `rules`, from the repository's
//! top). Exit 0, or 1 with `--fail-on-change` when an answer changed; 2 when a side cannot be
//! read or does not check.

use std::path::{Path, PathBuf};

/// Output format of `carules diff`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// The report as data (docs/authoring.md).
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The rules before the change: a directory, a region file or a git revision.
    old: String,
    /// The rules after the change: a directory, a region file or a git revision.
    new: String,
    /// Where the rules lie inside the repository, for a git revision.
    #[arg(long, default_value = "rules")]
    path: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit 1 when any answer changed.
    #[arg(long)]
    fail_on_change: bool,
    /// How many seeded generated requests to answer besides cases, matrix and enumeration.
    #[arg(long, default_value_t = 1000)]
    samples: usize,
    /// Seed of the generated requests.
    #[arg(long, default_value_t = 19)]
    seed: u64,
    /// `as_of` of the matrix and enumerated requests (RFC 3339; default: today 10:00 +08:00
    /// by this machine's clock).
    #[arg(long)]
    as_of: Option<String>,
}

/// Rule files and case files of one side.
type Loaded = (Vec<(String, String)>, Vec<(String, String)>);

pub fn run(a: Args) -> i32 {
    let (old, new) = match (side(&a.old, &a.path), side(&a.new, &a.path)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let check = |(files, _): &Loaded| {
        carules::check::check(files).map_err(|d| {
            eprint!("{}", carules::diag::render(&d, files));
        })
    };
    let (Ok(old_rs), Ok(new_rs)) = (check(&old), check(&new)) else {
        eprintln!("error: a rule set does not check");
        return 2;
    };
    let as_of = a.as_of.clone().unwrap_or_else(|| format!("{}T10:00:00+08:00", super::handbook::today()));
    let settings = carules::diff::Settings { as_of, samples: a.samples, seed: a.seed };
    let old_side = carules::diff::Side { label: a.old.clone(), rules: &old_rs, cases: old.1 };
    let new_side = carules::diff::Side { label: a.new.clone(), rules: &new_rs, cases: new.1 };
    let report = match carules::diff::diff(&old_side, &new_side, &settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    match a.format {
        Format::Text => print!("{}", carules::diff::render::text(&report)),
        Format::Markdown => print!("{}", carules::diff::render::markdown(&report)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
    }
    if a.fail_on_change && report.answers_changed > 0 { 1 } else { 0 }
}

/// One side: a path on disk (directory or region file), else a git revision.
fn side(spec: &str, path: &str) -> Result<Loaded, String> {
    let p = PathBuf::from(spec);
    if p.exists() {
        return carules::rules::layered(&[p]).map(|l| (l.files, l.cases)).map_err(|d| format!("{}: {}", d.file, d.message));
    }
    from_git(spec, path)
}

/// The rule and case files of `path` at revision `rev`, read with the `git` command.
fn from_git(rev: &str, path: &str) -> Result<Loaded, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out = std::process::Command::new("git").args(args).output().map_err(|e| format!("`{rev}` is not a directory or file, and git cannot run: {e}"))?;
        if out.status.success() { Ok(String::from_utf8_lossy(&out.stdout).into_owned()) } else { Err(String::from_utf8_lossy(&out.stderr).trim().to_string()) }
    };
    git(&["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("`{rev}` is not a directory or file, and this is not a git repository to read it as a revision from ({e})"))?;
    let tree = format!("{rev}:{path}");
    let names = git(&["ls-tree", "-r", "--name-only", &tree]).map_err(|e| format!("`{rev}` is not a directory, a file or a revision with `{path}/` ({e})"))?;
    let (mut files, mut cases) = (Vec::new(), Vec::new());
    for name in names.lines() {
        let n = Path::new(name);
        let is_case = n.starts_with("tests") && n.extension().is_some_and(|e| e == "yaml" || e == "yml");
        let is_rule = !n.starts_with("tests") && n.extension().is_some_and(|e| e == "carules");
        if is_case || is_rule {
            let text = git(&["show", &format!("{tree}/{name}")])?;
            let shown = format!("{rev}:{path}/{name}");
            if is_rule { files.push((shown, text)) } else { cases.push((shown, text)) }
        }
    }
    if files.is_empty() {
        return Err(format!("`{tree}` holds no rule files"));
    }
    Ok((files, cases))
}
