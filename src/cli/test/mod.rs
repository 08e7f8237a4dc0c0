//! `carules test [DIR|FILE…]`: runs rule test cases (after `opa test`). Without a path it tests
//! `./rules` when there is one (saying so), else the rules built into the binary; a case file
//! is run against the rule directory it sits in (`DIR/tests/x.yaml`). `--run` filters cases by
//! name, `--format` prints text, JSON or JUnit XML, `--coverage` lists what no case exercises.
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
    /// Rule directories (their `tests/*.yaml`) or case files; default `./rules` when present,
    /// else the rules built into the binary.
    paths: Vec<PathBuf>,
    /// Test the rules built into the binary (compiled), even where `./rules` exists.
    #[arg(long, conflicts_with = "paths")]
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
}

pub fn run(a: Args) -> i32 {
    let fail = |message: &str| fail(a.format, message);
    let (dir, case_files) = match target(&a) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let engine = match super::engine(dir.as_deref(), a.interpret) {
        Ok(e) => e,
        Err(c) => {
            // A JSON or JUnit report still says why: a CI job that reads only the report
            // must not see an empty (passing) one when the rules do not load.
            if !matches!(a.format, Format::Text) {
                let shown = dir.as_deref().map_or_else(|| "./rules".to_string(), |d| d.display().to_string());
                fail(&format!("the rules in {shown} do not load or check:\n{}", super::load_errors(dir.as_deref())));
            }
            return c;
        }
    };
    let rules = match &dir {
        Some(d) => format!("{} ({})", d.display(), engine.name()),
        None => format!("the rules built into the binary ({})", engine.name()),
    };
    eprintln!("testing {rules}");
    let cases = match case_files {
        Some(files) => files,
        None => match &dir {
            Some(d) => match carules::rules::load_cases(d) {
                Ok(c) => c,
                Err(e) => return fail(&format!("{}: {}", e.file, e.message)),
            },
            None => carules::rules::shipped_cases(),
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
    let run = Run { rules, outcomes, coverage };
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

/// The rule directory (`None` = built into the binary) and, when case files were named,
/// those files.
fn target(a: &Args) -> Result<(Option<PathBuf>, Option<CaseFiles>), String> {
    if a.shipped || (a.interpret && a.paths.is_empty()) {
        return Ok((None, None));
    }
    let (dirs, files): (Vec<&PathBuf>, Vec<&PathBuf>) = a.paths.iter().partition(|p| p.is_dir());
    if dirs.len() > 1 || (!dirs.is_empty() && !files.is_empty()) {
        return Err("give one rule directory, or case files of one rule directory".into());
    }
    if let Some(d) = dirs.first() {
        return Ok((Some(d.to_path_buf()), None));
    }
    if files.is_empty() {
        return Ok((super::default_rules_dir(), None));
    }
    let mut texts = Vec::new();
    let mut dir = None;
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read case file `{}`: {e}", f.display()))?;
        let home = rules_dir_of(f);
        if dir.is_some() && dir != home {
            return Err("case files of different rule directories: run them one directory at a time".into());
        }
        dir = home;
        texts.push((f.display().to_string(), text));
    }
    Ok((dir.or_else(super::default_rules_dir), Some(texts)))
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
    let run = Run { rules: String::new(), outcomes: vec![outcome], coverage: None };
    match format {
        Format::Text => println!("0 passed, 1 failed"),
        Format::Json => report::json(&run),
        Format::Junit => report::junit(&run),
    }
    1
}
