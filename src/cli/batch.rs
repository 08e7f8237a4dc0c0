//! `carules batch [--interpret] [--rules DIR] FILE|-`: one request per line (JSON), one answer
//! per line, in order — for comparing back ends (CI diffs the compiled, interpreted and WASM
//! answers) and for a program that keeps carules as a helper process: reading standard input,
//! each answer is flushed as soon as it is written. A line that is not UTF-8 gets the error
//! object naming it, and the lines after it are still answered; so does a line over the
//! request size limit, which is read without being kept (memory stays bounded). An answer (or
//! error object) carries its line's `request_id` (or `id`), so a caller can match answers to
//! requests.

use std::io::{BufRead, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// Interpret the shipped rules instead of using the compiled ones.
    #[arg(long)]
    interpret: bool,
    /// JSON-lines file of requests, or `-`.
    input: String,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(&a.rules, a.interpret) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let mut reader: Box<dyn BufRead> = if a.input == "-" {
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
    let mut bytes = Vec::new();
    for n in 0.. {
        let (read, whole) = match read_line(&mut reader, &mut bytes) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("cannot read `{}`: {e}", a.input);
                return 2;
            }
        };
        if read == 0 {
            break;
        }
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let answer = match std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(line)) {
            _ if !whole => {
                let max = carules::api::request::limits::MAX_REQUEST_BYTES;
                carules::api::error::ApiError::new("", format!("line {} is {read} bytes: a request is at most {max} bytes (1 MiB)", n + 1))
                    .with_zh(format!("第{}行过长（最多{max}字节）", n + 1))
                    .to_json()
                    .to_string()
            }
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => carules::api::decide_str(engine.rules(), line, carules::api::Options::default()).unwrap_or_else(|e| e),
            Err(e) => carules::api::error::ApiError::new("", format!("line {} is not valid UTF-8 ({e})", n + 1))
                .with_zh(format!("第{}行不是有效的 UTF-8 文本", n + 1))
                .to_json()
                .to_string(),
        };
        if writeln!(out, "{answer}").is_err() || (interactive && out.flush().is_err()) {
            return 2;
        }
    }
    0
}

/// Reads one line (with its `\n`) into `buf`, keeping at most two bytes more than a request
/// may have (its `\r\n`) ([`MAX_REQUEST_BYTES`](carules::api::request::limits::MAX_REQUEST_BYTES)): the
/// rest of a longer line is read and dropped, so memory stays bounded whatever the input.
/// Returns the bytes the line had (0 at the end of the input) and whether all are in `buf`.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<(usize, bool)> {
    let keep = carules::api::request::limits::MAX_REQUEST_BYTES + 2;
    buf.clear();
    let mut read = 0;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok((read, read <= keep));
        }
        let (take, end) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = keep.saturating_sub(buf.len()).min(take);
        buf.extend(chunk.iter().take(room));
        reader.consume(take);
        read += take;
        if end {
            return Ok((read, read <= keep));
        }
    }
}
