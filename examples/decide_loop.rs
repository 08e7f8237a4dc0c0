//! Runs one decision N times, for whole-process measurements (valgrind --tool=callgrind
//! counts instructions; see benches/instructions.sh):
//!   cargo run --release --example decide_loop -- MODE N
//! MODE: compiled-parsed | compiled-json | interpreter-parsed | interpreter-json.

use std::hint::black_box;

const QINGHAI: &str = include_str!("../benches/qinghai-renewal.json");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("compiled-json");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let (crs, conds) = carules::api::compiled();
    let Ok(irs) = carules::rules::shipped() else { std::process::exit(1) };
    let json: serde_json::Value = serde_json::from_str(QINGHAI).unwrap_or_default();
    // Warm up both rule sets outside the measured loop.
    let creq = carules::api::request::parse(crs, &json, true).ok();
    let ireq = carules::api::request::parse(irs, &json, true).ok();
    let (Some(creq), Some(ireq)) = (creq, ireq) else { std::process::exit(1) };
    let mut sink = 0usize;
    for _ in 0..n {
        sink += match mode {
            "compiled-parsed" => matches!(carules::engine::decide_with(crs, black_box(&creq), conds), carules::api::response::Response::Service(_)) as usize,
            "interpreter-parsed" => matches!(carules::engine::decide(irs, black_box(&ireq)), carules::api::response::Response::Service(_)) as usize,
            "interpreter-json" => carules::api::decide_string(irs, &carules::engine::Interpreter, black_box(QINGHAI)).0.len(),
            _ => carules::api::host::decide(black_box(QINGHAI)).len(),
        };
    }
    println!("{mode} x{n}: {sink}");
}
