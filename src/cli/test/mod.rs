//! `carules test [DIR|FILE…]`: runs rule test cases (after `opa test`). Without a path it tests
//! `./rules` when there is one (saying so), else the rules built into the binary; a case file
//! is run against the rule directory it sits in (`DIR/tests/x.yaml`). A region file
//! (`rules/630000-qinghai.carules`) or a folder without a prelude runs its own cases
//! (`tests/630000-qinghai.yaml`) over the embedded prelude, calendar and ancestor regions;
//! `--rules BASE --rules OVERLAY` layers rule bases ([`carules::rules::layered`]). `--run` filters cases by
//! name, `--format` prints text, JSON or JUnit XML, `--coverage` lists what no case exercises
//! and the article coverage of the outlined documents (`carules trace`).
//! The text report ends with `N passed, M failed`; exit 1 on a failure, a load error, no
//! case at all, or coverage under `--min-coverage`.

mod report;

use carules::cases::coverage::{self, Coverage};
use carules::cases::{Outcome, RunOptions};
use std::path::{Path, PathBuf};

/// Output format of `carules test`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Failures, a line per file with its timing, and the `N passed, M failed` line.
    Text,
    /// One JSON object: files, cases, totals and coverage.
    Json,
    /// JUnit XML (a test suite per case file), which CI systems read.
    Junit,
}

#[derive(clap::Args)]
pub struct Args {
    /// Rule directories (their `tests/*.yaml`), region files (their `tests/STEM.yaml`) or case
    /// files; default `./rules` when present, else the rules built into the binary.
    paths: Vec<PathBuf>,
    /// A layer of the rule base (directory or region file), repeated: the later over the
    /// earlier; the positional rule paths are layered over these.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Test the rules built into the binary (compiled), even where `./rules` exists.
    #[arg(long, conflicts_with_all = ["paths", "rules"])]
    shipped: bool,
    /// Interpret the rules built into the binary instead of using the compiled ones.
    #[arg(long)]
    interpret: bool,
    /// Only the cases whose name matches this regular expression.
    #[arg(long, value_name = "PATTERN")]
    run: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Report the rules and document items no case exercises.
    #[arg(long)]
    coverage: bool,
    /// With --coverage: fail when under N per cent of the rules are exercised.
    #[arg(long, value_name = "N", requires = "coverage")]
    min_coverage: Option<f64>,
    /// Show the full answer of failing cases (text format).
    #[arg(long, short)]
    verbose: bool,
}

/// What one run tested.
pub struct Run {
    /// Which rules, for the reader (`./rules (interpreter)`).
    pub rules: String,
    /// Outcomes in file order.
    pub outcomes: Vec<Outcome>,
    /// With `--coverage`.
    pub coverage: Option<Coverage>,
    /// With `--coverage`: the article trace of the rule files (article coverage of the
    /// outlined documents).
    pub articles: Option<carules::trace::Trace>,
}

pub fn run(a: Args) -> i32 {
    let fail = |message: &str| fail(a.format, message);
    let (layers, case_files) = match target(&a) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let engine = match super::engine(&layers, a.interpret) {
        Ok(e) => e,
        Err(c) => {
            // A JSON or JUnit report still says why: a CI job that reads only the report
            // must not see an empty (passing) one when the rules do not load.
            if !matches!(a.format, Format::Text) {
                let shown = if layers.is_empty() { "the rules built into the binary".to_string() } else { super::describe(&layers) };
                fail(&format!("the rules in {shown} do not load or check:\n{}", super::load_errors(&layers)));
            }
            return c;
        }
    };
    let rules = if layers.is_empty() {
        format!("the rules built into the binary ({})", engine.back_end())
    } else {
        format!("{} ({})", super::describe(&layers), engine.back_end())
    };
    eprintln!("testing {rules}");
    let cases = match case_files {
        Some(files) => files,
        None if layers.is_empty() => carules::rules::shipped_cases(),
        None => match carules::rules::layered(&layers) {
            Ok(l) => l.cases,
            Err(e) => return fail(&format!("{}: {}", e.file, e.message)),
        },
    };
    if cases.is_empty() {
        return fail(&format!("no case files: {rules} has no tests/*.yaml"));
    }
    let pattern = match a.run.as_deref().map(regex::Regex::new).transpose() {
        Ok(p) => p,
        Err(e) => return fail(&format!("--run: {e}")),
    };
    let filter = |name: &str| pattern.as_ref().is_none_or(|p| p.is_match(name));
    let options = RunOptions { filter: Some(&filter), explain: a.coverage };
    let outcomes = carules::cases::run_with(engine.rules(), &cases, options);
    if outcomes.is_empty() {
        return fail(&match &a.run {
            Some(p) => format!("no case name matches --run `{p}`"),
            None => "the case files hold no case".to_string(),
        });
    }
    let coverage = a.coverage.then(|| coverage::measure(engine.rules().set, outcomes.iter().map(|o| &o.actual)));
    let articles = if a.coverage { super::files(&layers).ok().map(|f| carules::trace::build(&f)) } else { None };
    let run = Run { rules, outcomes, coverage, articles };
    let failed = run.outcomes.iter().filter(|o| o.failure.is_some()).count();
    match a.format {
        Format::Text => report::text(&run, a.verbose),
        Format::Json => report::json(&run),
        Format::Junit => report::junit(&run),
    }
    let under = match (&run.coverage, a.min_coverage) {
        (Some(c), Some(min)) if c.rules_percent() < min => {
            eprintln!("error: {:.1} % of the rules are exercised, under --min-coverage {min}", c.rules_percent());
            true
        }
        _ => false,
    };
    if failed > 0 || under { 1 } else { 0 }
}

/// Case files as `(name, text)`.
type CaseFiles = Vec<(String, String)>;

/// The rule layers (none = built into the binary) and, when case files were named, those
/// files.
fn target(a: &Args) -> Result<(Vec<PathBuf>, Option<CaseFiles>), String> {
    if a.shipped || (a.interpret && a.paths.is_empty() && a.rules.is_empty()) {
        return Ok((vec![], None));
    }
    let is_case = |p: &&PathBuf| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let (files, rule_paths): (Vec<&PathBuf>, Vec<&PathBuf>) = a.paths.iter().partition(is_case);
    let mut layers: Vec<PathBuf> = a.rules.iter().chain(rule_paths).cloned().collect();
    if files.is_empty() {
        if layers.is_empty() {
            layers.extend(super::default_rules_dir());
        }
        return Ok((layers, None));
    }
    let mut texts = Vec::new();
    let mut dir = None;
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read case file `{}`: {e}", f.display()))?;
        let home = rules_dir_of(f);
        if layers.is_empty() && dir.is_some() && dir != home {
            return Err("case files of different rule directories: run them one directory at a time".into());
        }
        dir = home;
        texts.push((carules::rules::shown_path(f), text));
    }
    if layers.is_empty() {
        layers.extend(dir.or_else(super::default_rules_dir));
    }
    Ok((layers, Some(texts)))
}

/// `DIR` for a case file `DIR/tests/x.yaml` when `DIR` holds rule files.
fn rules_dir_of(case_file: &Path) -> Option<PathBuf> {
    let tests = case_file.parent()?;
    let dir = tests.parent()?;
    (tests.file_name()? == "tests" && super::has_rule_files(dir)).then(|| dir.to_path_buf())
}

/// Prints an error and the closing line; exit code 1.
/// A run that could not test: the message on standard error, and a report of one failure
/// in the chosen format (`0 passed, 1 failed` in text; a JSON or JUnit report naming it).
fn fail(format: Format, message: &str) -> i32 {
    eprintln!("error: {message}");
    let outcome = Outcome {
        file: "(carules test)".into(),
        name: "the rules and cases load".into(),
        article: String::new(),
        failure: Some(message.to_string()),
        actual: serde_json::Value::Null,
        duration: std::time::Duration::ZERO,
    };
    let run = Run { rules: String::new(), outcomes: vec![outcome], coverage: None, articles: None };
    match format {
        Format::Text => println!("0 passed, 1 failed"),
        Format::Json => report::json(&run),
        Format::Junit => report::junit(&run),
    }
    1
}
