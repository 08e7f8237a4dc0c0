//! `carules decide [--rules DIR] [--format json|yaml|text] [--explain] REQUEST|-`.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Interpret the rules instead of using the compiled ones (same answers; for checking).
    #[arg(long)]
    interpret: bool,
    /// Include the trace of rules consulted and their sources.
    #[arg(long)]
    explain: bool,
    /// Request file (JSON or YAML), or `-` for standard input.
    request: String,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Yaml,
    Text,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(&a.rules, a.interpret) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let text = a.format == Format::Text;
    let request = match super::read_request(&a.request) {
        Ok(j) => j,
        Err(e) => return super::print_error_as(&e, text),
    };
    let options = carules::api::Options { explain: a.explain };
    let answer = match &request {
        super::Request::Json(text) => carules::api::decide_text(engine.rules(), text, options),
        super::Request::Yaml(value) => carules::api::decide(engine.rules(), value, options),
    };
    match answer {
        Ok(resp) => {
            let out = match a.format {
                Format::Json => serde_json::to_string_pretty(&resp).unwrap_or_default(),
                Format::Yaml => serde_yaml::to_string(&resp).unwrap_or_default(),
                Format::Text => carules::api::text::render(&resp, engine.rules().set),
            };
            println!("{}", out.trim_end());
            0
        }
        Err(e) => super::print_error_as(&e, text),
    }
}
