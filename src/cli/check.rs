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
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=CODE::message`),
    /// which a workflow shows as annotations on the lines of the rule files.
    Github,
}

/// GitHub's escaping of a workflow command's message (`%`, CR, LF) and, with `property`, of a
/// property value (also `:` and `,`).
fn escape(s: &str, property: bool) -> String {
    let mut out = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// One annotation per diagnostic; the file as a path from the working directory (`dir/file`).
fn github(diags: &[carules::diag::Diagnostic], dir: Option<&std::path::Path>) {
    for d in diags {
        let level = if d.severity == carules::diag::Severity::Error { "error" } else { "warning" };
        let file = dir.map_or_else(|| d.file.clone(), |dir| dir.join(&d.file).display().to_string());
        let code = serde_json::to_value(d.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let help = d.help.as_deref().map(|h| format!("\nhelp: {h}")).unwrap_or_default();
        println!(
            "::{level} file={},line={},col={},title={}::{}",
            escape(&file, true),
            d.line.max(1),
            d.column.max(1),
            escape(&code, true),
            escape(&format!("{}{help}", d.message), false)
        );
    }
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
    let annotations = !json && a.format == Format::Github;
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
            } else if annotations {
                github(&[*d], None);
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
    } else if annotations {
        github(&diags, dir.as_deref());
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
