//! `carules batch [--interpret] [--rules DIR] FILE|-`: one request per line (JSON), one answer
//! per line, in order — for comparing back ends (CI diffs the compiled, interpreted and WASM
//! answers) and for a program that keeps carules as a helper process: reading standard input,
//! each answer is flushed as soon as it is written. A line that is not UTF-8 gets the error
//! object naming it, and the lines after it are still answered.

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
    let interactive = a.input == "-";
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in reader.split(b'\n').enumerate() {
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                eprintln!("cannot read `{}`: {e}", a.input);
                return 2;
            }
        };
        let answer = match std::str::from_utf8(bytes.strip_suffix(b"\r").unwrap_or(&bytes)) {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => carules::api::decide_str(engine.rules(), line, carules::api::Options::default()).unwrap_or_else(|e| e),
            Err(e) => carules::api::error::ApiError::new("", format!("line {} is not valid UTF-8 ({e})", n + 1)).to_json().to_string(),
        };
        if writeln!(out, "{answer}").is_err() || (interactive && out.flush().is_err()) {
            return 2;
        }
    }
    0
}
