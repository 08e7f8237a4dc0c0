//! `carules test [DIR]`: runs the rule test cases; ends with `N passed, M failed`.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules and their tests).
    dir: Option<PathBuf>,
    /// Interpret the shipped rules instead of using the compiled ones.
    #[arg(long)]
    interpret: bool,
    /// Show the full answer of failing cases.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(a.dir.as_deref(), a.interpret) {
        Ok(e) => e,
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
    let outcomes = match carules::cases::run(engine.rules(), &cases) {
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
    eprintln!("({} cases, {} rules)", outcomes.len(), engine.name());
    if failed > 0 { 1 } else { 0 }
}
