//! `check`: every engine against every case of cases.json; exits 1 on any mismatch.

fn main() {
    match carules_peers::check_all() {
        Ok(bad) if bad.is_empty() => {
            let n = carules_peers::cases().map(|c| c.len()).unwrap_or(0);
            println!("equivalence: every engine gives the expected answer on all {n} cases");
        }
        Ok(bad) => {
            eprintln!("equivalence FAILED — the engines do not answer the same decision:");
            for b in bad {
                eprintln!("  {b}");
            }
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("equivalence check could not run: {e}");
            std::process::exit(1);
        }
    }
}
