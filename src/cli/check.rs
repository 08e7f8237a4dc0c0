//! `carules check [DIR]`: every diagnostic of a rule directory, exit 1 if any. Without a
//! directory it checks `./rules` when there is one (saying so), else the rules built into the
//! binary.

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
    /// Rule directory (default: `./rules` when present, else the rules built into the binary).
    dir: Option<PathBuf>,
    /// Check the rules built into the binary, even where `./rules` exists.
    #[arg(long, conflicts_with = "dir")]
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
    let dir = if a.shipped { None } else { a.dir.or_else(super::default_rules_dir) };
    match &dir {
        Some(d) => eprintln!("checking {}", d.display()),
        None => eprintln!("checking the rules built into the binary"),
    }
    let files = match super::files(dir.as_deref()) {
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
