//! `carules check [DIR]`: every diagnostic of a rule directory, exit 1 if any.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules).
    dir: Option<PathBuf>,
    /// Print diagnostics as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> i32 {
    let files = match super::files(a.dir.as_deref()) {
        Ok(f) => f,
        Err(d) => {
            eprintln!("{}: {}", d.file, d.message);
            return 1;
        }
    };
    let start = std::time::Instant::now();
    match carules::check::check(&files) {
        Ok(rs) => {
            let elapsed = start.elapsed();
            if a.json {
                println!("[]");
            } else {
                println!(
                    "ok: {} files, {} regions, {} rules, {} documents checked in {:.1} ms",
                    files.len(),
                    rs.regions.len(),
                    rs.rules.len(),
                    rs.documents.len(),
                    elapsed.as_secs_f64() * 1000.0
                );
            }
            0
        }
        Err(diags) => {
            if a.json {
                println!("{}", serde_json::to_string_pretty(&diags).unwrap_or_default());
            } else {
                print!("{}", carules::diag::render(&diags, &files));
                println!("{} error(s)", diags.len());
            }
            1
        }
    }
}
