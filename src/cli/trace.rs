//! `carules trace [--rules DIR|FILE]… [--region R] [--format text|json|html] [--out FILE]`:
//! each article of every outlined document beside the rules that cite it, its `not_encoded`
//! reason, or UNCOVERED; documents without an outline with their citations
//! (docs/language.md, "Outlines and `carules trace`").

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file; repeat to layer an overlay over a base (a later
    /// layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Only the documents of this region (declared in its file or cited by its rules): a
    /// code, name or alias (630000, 青海, qinghai).
    #[arg(long)]
    region: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: TraceFormat,
    /// Write to this file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The outputs of `carules trace`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TraceFormat {
    /// For a terminal.
    Text,
    /// `{"documents": [...]}` (docs/language.md documents the shape).
    Json,
    /// A page in the handbook's style.
    Html,
}

pub fn run(a: Args) -> i32 {
    let rs = match super::load(&a.rules) {
        Ok(rs) => rs,
        Err(code) => return code,
    };
    let files = match super::files(&a.rules) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{}", carules::diag::render(&[*d], &[]));
            return 1;
        }
    };
    let mut trace = carules::trace::build(&files);
    if let Some(name) = &a.region {
        let Some(code) = rs.resolve_region(name).ok().and_then(|m| rs.regions.get(m.region)).map(|r| r.code.to_string()) else {
            eprintln!("error: no region `{name}` in the rule set (`carules regions` lists them)");
            return 2;
        };
        trace = trace.region(&code);
    }
    let text = match a.format {
        TraceFormat::Text => carules::trace::render::text(&trace),
        TraceFormat::Json => serde_json::to_string_pretty(&trace).unwrap_or_default() + "\n",
        TraceFormat::Html => match carules::trace::html::page(&trace, a.region.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot render the page: {e}");
                return 1;
            }
        },
    };
    match &a.out {
        Some(o) => match std::fs::write(o, text) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", o.display());
                1
            }
        },
        None => {
            print!("{text}");
            0
        }
    }
}
