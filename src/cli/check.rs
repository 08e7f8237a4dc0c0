//! `carules check [DIR|FILE…] [--rules BASE --rules OVERLAY]`: every diagnostic of a rule
//! base, exit 1 if any. The paths are layers ([`carules::rules::layered`]): a directory, or a
//! region file that stands on the embedded prelude, calendar and ancestors. Without one it
//! checks `./rules` when there is one (saying so), else the rules built into the binary.

use std::path::PathBuf;

/// Output format of `carules check`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with source excerpts.
    Text,
    /// A JSON array of diagnostics (`code, severity, file, line, column, message, help,
    /// related`), for editors; `[]` when the rules check.
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file (default: `./rules` when present, else the rules built
    /// into the binary); several are layered, the later over the earlier.
    dir: Vec<PathBuf>,
    /// A layer of the rule base, as the positional paths (which come after these).
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Check the rules built into the binary, even where `./rules` exists.
    #[arg(long, conflicts_with_all = ["dir", "rules"])]
    shipped: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Same as `--format json` (kept for existing scripts).
    #[arg(long, hide = true)]
    json: bool,
}

pub fn run(a: Args) -> i32 {
    let json = a.json || a.format == Format::Json;
    let mut layers: Vec<PathBuf> = a.rules.into_iter().chain(a.dir).collect();
    if layers.is_empty() && !a.shipped {
        layers.extend(super::default_rules_dir());
    }
    if layers.is_empty() {
        eprintln!("checking the rules built into the binary");
    } else {
        eprintln!("checking {}", super::describe(&layers));
    }
    let files = match super::files(&layers) {
        Ok(f) => f,
        Err(d) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&[*d]).unwrap_or_default());
            } else {
                eprintln!("{}: {}", d.file, d.message);
            }
            return 1;
        }
    };
    let start = std::time::Instant::now();
    // Every diagnostic, warnings included: a warning is printed (text and JSON) and leaves the
    // exit code 0; an error makes it 1.
    let report = carules::check::check_all(&files);
    let elapsed = start.elapsed();
    let diags = report.diagnostics;
    let errors = diags.iter().filter(|d| d.severity == carules::diag::Severity::Error).count();
    let warnings = diags.len() - errors;
    if json {
        println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_default());
    } else {
        print!("{}", carules::diag::render(&diags, &files));
    }
    match report.rules {
        Some(rs) if errors == 0 => {
            if !json {
                let w = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
                println!(
                    "ok: {} files, {} regions, {} rules, {} documents checked in {:.1} ms{w}",
                    files.len(),
                    rs.regions.len(),
                    rs.rules.len(),
                    rs.documents.len(),
                    elapsed.as_secs_f64() * 1000.0
                );
            }
            0
        }
        _ => {
            if !json {
                let w = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
                println!("{errors} error(s){w}");
            }
            1
        }
    }
}
