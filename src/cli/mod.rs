//! Subcommands, one file each. They only parse arguments, call the library and print.

mod batch;
mod check;
mod codegen;
mod decide;
mod documents;
mod regions;
mod sample;
mod schema;
mod test;

use carules::diag::Diagnostic;
use carules::ir::RuleSet;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "carules", version, about = "Regulations as code for China's public-resource-trading CA certificates")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Answer a request (JSON or YAML file, or - for standard input).
    Decide(decide::Args),
    /// Print the documents a clerk hands over for a service.
    Documents(documents::Args),
    /// Check a rule directory and report every error.
    Check(check::Args),
    /// Run the rule test cases (rules/tests/*.yaml).
    Test(test::Args),
    /// Answer many requests (JSON lines) with one back end, one answer per line.
    Batch(batch::Args),
    /// Generate Rust from a rule directory (the compiled back end).
    Codegen(codegen::Args),
    /// Print N seeded random valid requests as JSON lines (for differential tests).
    Sample(sample::Args),
    /// Print the JSON Schema of the request or the response.
    Schema(schema::Args),
    /// List the regions of the rule set as JSON.
    Regions(regions::Args),
}

/// Runs the CLI; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Decide(a) => decide::run(a),
        Cmd::Documents(a) => documents::run(a),
        Cmd::Check(a) => check::run(a),
        Cmd::Batch(a) => batch::run(a),
        Cmd::Sample(a) => sample::run(a),
        Cmd::Codegen(a) => codegen::run(a),
        Cmd::Test(a) => test::run(a),
        Cmd::Schema(a) => schema::run(a),
        Cmd::Regions(a) => regions::run(a),
    }
}

/// Files of a rule directory, or the shipped ones.
fn files(dir: Option<&std::path::Path>) -> Result<Vec<(String, String)>, Box<Diagnostic>> {
    match dir {
        Some(d) => carules::rules::load_dir(d),
        None => Ok(carules::rules::shipped_files()),
    }
}

/// A rule set and how its conditions are evaluated: the shipped rules compiled into the
/// binary, or a directory checked now and interpreted.
pub struct Engine {
    dir: Option<RuleSet>,
    force_interpreter: bool,
}

impl Engine {
    /// The rule set.
    pub fn rules(&self) -> &RuleSet {
        self.dir.as_ref().unwrap_or_else(|| carules::compiled::rules())
    }
    /// The condition evaluator.
    pub fn conds(&self) -> &'static dyn carules::engine::Conds {
        if self.dir.is_some() || self.force_interpreter { &carules::engine::Interpreter } else { &carules::compiled::Compiled }
    }
    /// Name of the back end, for messages.
    pub fn name(&self) -> &'static str {
        if self.dir.is_some() || self.force_interpreter { "interpreter" } else { "compiled" }
    }
}

/// The engine for `--rules DIR` (interpreted) or the compiled shipped rules; with
/// `interpret`, the shipped rules are checked from their embedded text and interpreted.
fn engine(dir: Option<&std::path::Path>, interpret: bool) -> Result<Engine, i32> {
    match (dir, interpret) {
        (None, false) => Ok(Engine { dir: None, force_interpreter: false }),
        _ => load(dir).map(|rs| Engine { dir: Some(rs), force_interpreter: true }),
    }
}

/// A checked rule set, printing diagnostics (exit 1) when it does not check.
fn load(dir: Option<&std::path::Path>) -> Result<RuleSet, i32> {
    let f = match files(dir) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{}", carules::diag::render(&[*d], &[]));
            return Err(1);
        }
    };
    match carules::check::check(&f) {
        Ok(rs) => Ok(rs),
        Err(diags) => {
            eprint!("{}", carules::diag::render(&diags, &f));
            eprintln!("{} error(s)", diags.len());
            Err(1)
        }
    }
}
