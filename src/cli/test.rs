//! `carules test [DIR]`: runs the rule test cases; ends with `N passed, M failed`.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules and their tests).
    dir: Option<PathBuf>,
    /// Show the full answer of failing cases.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(a: Args) -> i32 {
    let rs = match super::load(a.dir.as_deref()) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let cases = match &a.dir {
        Some(d) => match carules::rules::load_cases(d) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{}: {}", e.file, e.message);
                return 1;
            }
        },
        None => carules::rules::shipped_cases(),
    };
    let outcomes = match carules::cases::run(&rs, &cases) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            println!("0 passed, 1 failed");
            return 1;
        }
    };
    let mut failed = 0;
    for o in &outcomes {
        if let Some(f) = &o.failure {
            failed += 1;
            println!("FAIL {} :: {}\n     {}", o.file, o.name, f);
            if a.verbose {
                println!("     answer: {}", serde_json::to_string(&o.actual).unwrap_or_default());
            }
        }
    }
    println!("{} passed, {} failed", outcomes.len() - failed, failed);
    if failed > 0 { 1 } else { 0 }
}
