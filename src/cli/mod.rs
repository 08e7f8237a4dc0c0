//! Subcommands, one file each. They only parse arguments, call the library and print.

mod batch;
mod check;
mod codegen;
mod decide;
mod diff;
mod documents;
mod fmt;
mod handbook;
mod lsp;
mod notice;
mod print;
mod probe;
mod regions;
mod sample;
mod schema;
#[cfg(feature = "serve")]
mod serve;
mod test;
mod trace;

use carules::api::ApiError;
use carules::diag::Diagnostic;
use carules::host::Engine;
use carules::ir::RuleSet;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// `carules --version`: the package version and the revision of the shipped rules (the
/// content hash `carules serve` answers with as `rules_revision`), e.g. `0.1.0 (rules
/// sha256:4a133dff68075711)`. Made once per process.
fn version() -> &'static str {
    #[cfg(feature = "serve")]
    let text = format!("{} (rules {})", env!("CARGO_PKG_VERSION"), carules::serve::state::revision(&carules::rules::shipped_files()));
    #[cfg(not(feature = "serve"))]
    let text = env!("CARGO_PKG_VERSION").to_string();
    Box::leak(text.into_boxed_str())
}

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
    /// The impact of a rule change: every answer part that differs between two rule sets.
    Diff(diff::Args),
    /// Rewrite rule files in the canonical layout (--check: diff, exit 1).
    Fmt(fmt::Args),
    /// Run the rule test cases (rules/tests/*.yaml).
    Test(test::Args),
    /// Each article of the outlined documents beside the rules that cite it (text, JSON, HTML).
    Trace(trace::Args),
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
    /// Language server over standard input and output, for editors (docs/editors.md).
    Lsp(lsp::Args),
    /// Serve the decision API over HTTP (docs/service.md).
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Health check of a running server: GET a URL (default http://127.0.0.1:8080/healthz),
    /// exit 0 on 2xx (for images without a shell or curl).
    Probe(probe::Args),
}

/// Runs the CLI; returns the exit code.
pub fn main() -> i32 {
    let command = Cli::command().version(version());
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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
        Cmd::Diff(a) => diff::run(a),
        Cmd::Test(a) => test::run(a),
        Cmd::Trace(a) => trace::run(a),
        Cmd::Schema(a) => schema::run(a),
        Cmd::Regions(a) => regions::run(a),
        Cmd::Lsp(a) => lsp::run(a),
        #[cfg(feature = "serve")]
        Cmd::Serve(a) => serve::run(a),
        Cmd::Probe(a) => probe::run(a),
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

/// Files of a layered rule base (`--rules BASE --rules OVERLAY`, a directory, or one region
/// file over the embedded prelude: [`carules::rules::layered`]), or the shipped ones when no
/// layer is given.
fn files(layers: &[std::path::PathBuf]) -> Result<Vec<(String, String)>, Box<Diagnostic>> {
    if layers.is_empty() { Ok(carules::rules::shipped_files()) } else { carules::rules::layered(layers).map(|l| l.files) }
}

/// How messages name a layered rule base: `rules`, or `a over b`, with the embedded files
/// added beneath it.
fn describe(layers: &[std::path::PathBuf]) -> String {
    let shown: Vec<String> = layers.iter().map(|l| carules::rules::shown_path(l)).collect();
    let embedded = carules::rules::layered(layers).map(|l| l.embedded).unwrap_or_default();
    let mut out = shown.into_iter().rev().collect::<Vec<_>>().join(" over ");
    if !embedded.is_empty() {
        out.push_str(&format!(" over the built-in {}", embedded.join(", ")));
    }
    out
}

/// The engine for `--rules` layers (interpreted) or the compiled shipped rules; with
/// `interpret`, the shipped rules are checked from their embedded text and interpreted.
/// The same owner the server and the WebAssembly build answer with ([`carules::host`]).
fn engine(layers: &[std::path::PathBuf], interpret: bool) -> Result<Engine, i32> {
    if layers.is_empty() && !interpret { Ok(Engine::shipped()) } else { load(layers).map(Engine::interpreted) }
}

/// A request as read from its file: JSON text, which the front door reads in one pass as it
/// reads every other host's (`decide_text`), or a YAML document, read into a value.
enum Request {
    /// JSON text (a leading byte order mark removed).
    Json(String),
    /// A YAML document, read by [`carules::yaml::request`].
    Yaml(serde_json::Value),
}

impl Request {
    /// The request as a JSON value, for callers that add keys to it (`documents` flags).
    ///
    /// Errors: as [`carules::api::parse_json`].
    fn into_value(self) -> Result<serde_json::Value, ApiError> {
        match self {
            Request::Json(text) => carules::api::parse_json(&text),
            Request::Yaml(v) => Ok(v),
        }
    }
}

/// Reads a request or query: a file (JSON or YAML), or `-` for standard input. Text whose
/// first character is `{` is JSON, left for the front door to read; other text is YAML,
/// accepted here, in the CLI only ([`carules::yaml`]); the library API reads JSON. A leading
/// byte order mark is ignored.
///
/// Errors: `request.invalid` at `""` naming the file: one that cannot be read, a directory,
/// text over 1 MiB (read no further), not UTF-8 (with the offset of the first bad byte),
/// empty, or not YAML.
fn read_request(path: &str) -> Result<Request, ApiError> {
    let mut text = read_text(path)?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(ApiError::new("", format!("{} is empty: a request is a JSON or YAML object", source(path))).with_zh("请求内容为空"));
    }
    if text.trim_start().starts_with('{') { Ok(Request::Json(text)) } else { carules::yaml::request(&text).map(Request::Yaml) }
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

/// How an error message names a request file.
fn source(path: &str) -> String {
    if path == "-" { "standard input".to_string() } else { format!("`{path}`") }
}

/// The text of a request file (or standard input), reading at most one byte past the
/// request size limit.
fn read_text(path: &str) -> Result<String, ApiError> {
    use carules::api::request::limits::MAX_REQUEST_BYTES;
    use std::io::Read;
    let name = source(path);
    let cannot = |e: std::io::Error| ApiError::new("", format!("cannot read {name}: {e}")).with_zh("无法读取请求");
    let reader: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        if std::path::Path::new(path).is_dir() {
            return Err(ApiError::new("", format!("{name} is a directory, not a request file")).with_zh("所给的是目录，不是请求文件"));
        }
        Box::new(std::fs::File::open(path).map_err(cannot)?)
    };
    let mut bytes = Vec::new();
    reader.take(MAX_REQUEST_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > MAX_REQUEST_BYTES {
        return Err(ApiError::new("", format!("{name} is more than {MAX_REQUEST_BYTES} bytes (1 MiB): a request is read up to that size"))
            .with_zh(format!("请求内容过大（最多{MAX_REQUEST_BYTES}字节）")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        ApiError::new("", format!("{name} is not UTF-8 text: invalid byte at offset {at}")).with_zh(format!("请求不是 UTF-8 文本（第{at}字节处）"))
    })
}

/// Prints an error object (pretty JSON) on standard output; returns exit code 2.
fn print_error(e: &ApiError) -> i32 {
    println!("{}", serde_json::to_string_pretty(&e.to_json()).unwrap_or_default());
    2
}

/// Why the rule files of `layers` do not load or check, as `load` prints it (for reports
/// that must carry it, e.g. `carules test --format junit`); empty when they check.
fn load_errors(layers: &[std::path::PathBuf]) -> String {
    match files(layers) {
        Err(d) => carules::diag::render(&[*d], &[]),
        Ok(f) => match carules::check::check(&f) {
            Ok(_) => String::new(),
            Err(diags) => format!("{}{} error(s)", carules::diag::render(&diags, &f), diags.len()),
        },
    }
}

/// A checked rule set (layers as for [`files`]), printing diagnostics (exit 1) when it does
/// not check.
fn load(layers: &[std::path::PathBuf]) -> Result<RuleSet, i32> {
    let f = match files(layers) {
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
