//! `carules batch [--interpret] [--rules DIR] FILE|-`: one request per line (JSON), one answer
//! per line — for comparing back ends (CI diffs the compiled, interpreted and WASM answers).

use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory, interpreted (default: the shipped rules, compiled).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Interpret the shipped rules instead of using the compiled ones.
    #[arg(long)]
    interpret: bool,
    /// JSON-lines file of requests, or `-`.
    input: String,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(a.rules.as_deref(), a.interpret) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let reader: Box<dyn BufRead> = if a.input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&a.input) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("cannot read `{}`: {e}", a.input);
                return 2;
            }
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in reader.lines() {
        let Ok(line) = line else { return 2 };
        if line.trim().is_empty() {
            continue;
        }
        let answer = carules::api::decide_str(engine.rules(), &line, carules::api::Options::default()).unwrap_or_else(|e| e);
        if writeln!(out, "{answer}").is_err() {
            return 2;
        }
    }
    0
}
