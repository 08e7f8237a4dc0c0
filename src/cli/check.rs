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
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=CODE::message`),
    /// which a workflow shows as annotations on the lines of the rule files.
    Github,
    /// SARIF 2.1.0 (one run, a result per diagnostic), for code-scanning dashboards.
    Sarif,
}

/// The diagnostics as a SARIF 2.1.0 log: one run of the tool `carules`, the codes as its
/// rules, a result per diagnostic located by file (`dir/file`), line and column.
fn sarif(diags: &[carules::diag::Diagnostic], dir: Option<&std::path::Path>) {
    let code = |d: &carules::diag::Diagnostic| serde_json::to_value(d.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let mut ids: Vec<String> = diags.iter().map(code).collect();
    ids.sort();
    ids.dedup();
    let results: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let file = dir.map_or_else(|| d.file.clone(), |dir| dir.join(&d.file).display().to_string());
            let help = d.help.as_deref().map(|h| format!("\nhelp: {h}")).unwrap_or_default();
            serde_json::json!({
                "ruleId": code(d),
                "level": if d.severity == carules::diag::Severity::Error { "error" } else { "warning" },
                "message": {"text": format!("{}{help}", d.message)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": file.replace('\\', "/")},
                    "region": {"startLine": d.line.max(1), "startColumn": d.column.max(1)},
                }}],
            })
        })
        .collect();
    let log = serde_json::json!({
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "carules",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": ids.iter().map(|id| serde_json::json!({"id": id})).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    println!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
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
    let annotations = !json && a.format == Format::Github;
    let as_sarif = !json && a.format == Format::Sarif;
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
            } else if annotations {
                github(&[*d], None);
            } else if as_sarif {
                sarif(&[*d], None);
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
        github(&diags, None);
    } else if as_sarif {
        sarif(&diags, None);
    } else {
        print!("{}", carules::diag::render(&diags, &files));
    }
    match report.rules {
        Some(rs) if errors == 0 => {
            if !json && !as_sarif {
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
            if !json && !as_sarif {
                let w = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
                println!("{errors} error(s){w}");
            }
            1
        }
    }
}
