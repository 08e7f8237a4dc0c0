//! Subcommands, one file each. They only parse arguments, call the library and print.

mod batch;
mod check;
mod codegen;
mod decide;
mod documents;
mod fmt;
mod handbook;
mod notice;
mod print;
mod regions;
mod sample;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod test;

use carules::api::{ApiError, Rules};
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
    /// Render a region's complete guide (办事指南): HTML, Markdown or PDF.
    Handbook(handbook::Args),
    /// Render the one-page 一次性告知单 for a request: HTML, Markdown or PDF.
    Notice(notice::Args),
    /// Check a rule directory and report every error.
    Check(check::Args),
    /// Rewrite rule files in the canonical layout (--check: diff, exit 1).
    Fmt(fmt::Args),
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
    /// Serve the decision API over HTTP (docs/service.md).
    #[cfg(feature = "serve")]
    Serve(serve::Args),
}

/// Runs the CLI; returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Decide(a) => decide::run(a),
        Cmd::Documents(a) => documents::run(a),
        Cmd::Handbook(a) => handbook::run(a),
        Cmd::Notice(a) => notice::run(a),
        Cmd::Check(a) => check::run(a),
        Cmd::Batch(a) => batch::run(a),
        Cmd::Sample(a) => sample::run(a),
        Cmd::Codegen(a) => codegen::run(a),
        Cmd::Fmt(a) => fmt::run(a),
        Cmd::Test(a) => test::run(a),
        Cmd::Schema(a) => schema::run(a),
        Cmd::Regions(a) => regions::run(a),
        #[cfg(feature = "serve")]
        Cmd::Serve(a) => serve::run(a),
    }
}

/// `./rules` when the working directory has one with rule files: what `carules check` and
/// `carules test` look at without a directory (an author's edited rules, not the copy built
/// into the binary).
fn default_rules_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from("rules");
    has_rule_files(&dir).then_some(dir)
}

/// Whether `dir` holds `*.carules` files at its top level.
fn has_rule_files(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|x| x == "carules")))
}

/// Files of a rule directory, or the shipped ones.
fn files(dir: Option<&std::path::Path>) -> Result<Vec<(String, String)>, Box<Diagnostic>> {
    match dir {
        Some(d) => carules::rules::load_dir(d),
        None => Ok(carules::rules::shipped_files()),
    }
}

/// A rule set and how its conditions are evaluated: the shipped rules compiled into the
/// binary, or a rule set checked now (from `--rules DIR`, or the embedded text with
/// `--interpret`) and interpreted.
pub struct Engine {
    checked: Option<RuleSet>,
}

impl Engine {
    /// The rules, for the front door.
    pub fn rules(&self) -> Rules<'_> {
        match &self.checked {
            Some(rs) => Rules::interpreted(rs),
            None => Rules::shipped(),
        }
    }
    /// Name of the back end, for messages.
    pub fn name(&self) -> &'static str {
        if self.checked.is_some() { "interpreter" } else { "compiled" }
    }
}

/// The engine for `--rules DIR` (interpreted) or the compiled shipped rules; with
/// `interpret`, the shipped rules are checked from their embedded text and interpreted.
fn engine(dir: Option<&std::path::Path>, interpret: bool) -> Result<Engine, i32> {
    match (dir, interpret) {
        (None, false) => Ok(Engine { checked: None }),
        _ => load(dir).map(|rs| Engine { checked: Some(rs) }),
    }
}

/// Reads a request or query: a file (JSON or YAML), or `-` for standard input. YAML is
/// accepted here, in the CLI only; the library API reads JSON.
///
/// Errors: `request.invalid` at `""` naming an unreadable file or text that is neither JSON
/// nor YAML.
fn read_request(path: &str) -> Result<serde_json::Value, ApiError> {
    use std::io::Read;
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| ApiError::new("", format!("cannot read standard input: {e}")).with_zh("无法读取标准输入中的请求"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| ApiError::new("", format!("cannot read `{path}`: {e}")).with_zh(format!("无法读取请求文件“{path}”")))?
    };
    match carules::api::parse_json(&text) {
        Ok(v) => Ok(v),
        Err(_) if !text.trim_start().starts_with('{') => {
            let value = serde_yaml::from_str(&text)
                .map_err(|e| ApiError::new("", format!("the request is neither JSON nor YAML: {e}")).with_zh("请求既不是有效的 JSON，也不是有效的 YAML"))?;
            // serde_yaml keeps the last of duplicate keys; refuse them as the JSON path does.
            // (The text has just been read, so only a duplicate can come of this second pass.)
            match carules::api::request::duplicate_key(serde_yaml::Deserializer::from_str(&text)) {
                Ok(Some(duplicate)) => Err(duplicate),
                _ => Ok(value),
            }
        }
        Err(e) => Err(e),
    }
}

/// Prints an error for a person (the zh-CN message, `text`) or as the error object; exit 2.
fn print_error_as(e: &ApiError, text: bool) -> i32 {
    if text {
        print!("{}", carules::api::text::error(e));
        2
    } else {
        print_error(e)
    }
}

/// Prints an error object (pretty JSON) on standard output; returns exit code 2.
fn print_error(e: &ApiError) -> i32 {
    println!("{}", serde_json::to_string_pretty(&e.to_json()).unwrap_or_default());
    2
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
