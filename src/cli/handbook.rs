//! `carules handbook --region R [--format html|md|pdf] [--out FILE] [--as-of DATE]`: a
//! region's complete guide for the service window.

use super::print::{Format, emit};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Region code, name or alias (630000, 青海, qinghai).
    #[arg(long)]
    region: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "html")]
    format: Format,
    /// Write to this file (required for pdf; default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The date whose rules to give (YYYY-MM-DD; default: today, by this machine's clock).
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(&a.rules, false) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let as_of = a.as_of.unwrap_or_else(today);
    match carules::handbook::guide::build(engine.rules(), &a.region, as_of) {
        Ok(h) => emit(a.format, || carules::handbook::guide::html(&h), || carules::handbook::guide::md(&h), a.out.as_deref()),
        Err(e) => super::print_error_as(&e, true),
    }
}

/// Today in China (UTC+8), by this machine's clock: the CLI's default; the library reads no
/// clock.
pub(super) fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let secs = i64::try_from(secs).unwrap_or(0).saturating_add(8 * 3600);
    chrono::DateTime::from_timestamp(secs, 0).map(|t| t.date_naive()).unwrap_or_default()
}
