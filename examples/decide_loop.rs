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
    let compiled = carules::api::Rules::shipped();
    let (crs, conds) = (compiled.set, compiled.conds);
    let Ok(irs) = carules::rules::shipped() else { std::process::exit(1) };
    let interpreted = carules::api::Rules::interpreted(irs);
    let json: serde_json::Value = serde_json::from_str(QINGHAI).unwrap_or_default();
    // Warm up both rule sets outside the measured loop.
    let creq = carules::api::request::parse(crs, &json, true).ok();
    let ireq = carules::api::request::parse(irs, &json, true).ok();
    let (Some(creq), Some(ireq)) = (creq, ireq) else { std::process::exit(1) };
    // …and the pieces of answers each rule set renders once, on its first answer as text.
    let _ = carules::host::decide(QINGHAI);
    let _ = carules::api::decide_str(interpreted, QINGHAI, carules::api::Options::default());
    let mut sink = 0usize;
    for _ in 0..n {
        sink += match mode {
            "compiled-parsed" => matches!(carules::engine::answer(crs, black_box(&creq), conds), carules::api::response::Response::Service(_)) as usize,
            "interpreter-parsed" => {
                matches!(carules::engine::answer(irs, black_box(&ireq), interpreted.conds), carules::api::response::Response::Service(_)) as usize
            }
            "interpreter-json" => {
                carules::api::decide_str(interpreted, black_box(QINGHAI), carules::api::Options::default()).map_or_else(|e| e.len(), |a| a.len())
            }
            _ => carules::host::decide(black_box(QINGHAI)).len(),
        };
    }
    println!("{mode} x{n}: {sink}");
}
