//! `carules notice REQUEST [--format html|md|pdf] [--out FILE]`: the one-page 一次性告知单
//! for one applicant and service.

use super::print::{Format, emit};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// The request (JSON or YAML file, or - for standard input), as for `carules decide`.
    request: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    format: Format,
    /// Write to this file (required for pdf; default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(&a.rules, false) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let request = match super::read_request(&a.request) {
        Ok(r) => r,
        Err(e) => return super::print_error_as(&e, true),
    };
    let notice = match &request {
        super::Request::Json(text) => carules::handbook::notice::build_text(engine.rules(), text),
        super::Request::Yaml(value) => carules::handbook::notice::build(engine.rules(), value),
    };
    match notice {
        Ok(n) => emit(a.format, || Ok(carules::handbook::notice::html(&n)), || Ok(carules::handbook::notice::md(&n)), a.out.as_deref()),
        Err(e) => super::print_error_as(&e, true),
    }
}
