//! `carules decide [--rules DIR] [--format json|yaml|text] [--explain] REQUEST|-`.

use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory, interpreted (default: the shipped rules, compiled into the binary).
    #[arg(long)]
    rules: Option<PathBuf>,
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

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Json,
    Yaml,
    Text,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(a.rules.as_deref(), a.interpret) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let text = if a.request == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("cannot read standard input: {e}");
            return 2;
        }
        s
    } else {
        match std::fs::read_to_string(&a.request) {
            Ok(s) => s,
            Err(e) => {
                let err = carules::api::request::RequestError::new("", format!("cannot read `{}`: {e}", a.request));
                println!("{}", carules::api::error_json(&err));
                return 2;
            }
        }
    };
    let mut json = match carules::api::parse_text(&text) {
        Ok(j) => j,
        Err(e) => {
            println!("{}", serde_json::to_string_pretty(&carules::api::error_json(&e)).unwrap_or_default());
            return 2;
        }
    };
    if a.explain
        && let Some(o) = json.as_object_mut()
    {
        o.insert("explain".into(), serde_json::Value::Bool(true));
    }
    match carules::api::decide_value_with(engine.rules(), engine.conds(), &json) {
        Ok(resp) => {
            let out = match a.format {
                Format::Json => serde_json::to_string_pretty(&resp).unwrap_or_default(),
                Format::Yaml => serde_yaml::to_string(&resp).unwrap_or_default(),
                Format::Text => carules::api::text::render(&resp, engine.rules()),
            };
            println!("{}", out.trim_end());
            0
        }
        Err(e) => {
            println!("{}", serde_json::to_string_pretty(&carules::api::error_json(&e)).unwrap_or_default());
            2
        }
    }
}
