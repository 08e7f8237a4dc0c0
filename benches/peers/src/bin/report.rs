//! `report [INSTRUCTIONS.tsv]`: the markdown table of run.sh — per engine, criterion's median
//! (read from target/criterion/peers/KEY/new/estimates.json) and callgrind's instructions per
//! decision (lines `KEY<TAB>N` of the file, if given), each also as a ratio to hand-written Rust.

use carules_peers::{KEYS, READ_KEYS};
use std::collections::HashMap;
use std::path::Path;

fn median_us(key: &str) -> Option<f64> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion/peers").join(key).join("new/estimates.json");
    let text = std::fs::read_to_string(dir).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64().map(|ns| ns / 1000.0)
}

fn ratio(x: Option<f64>, base: Option<f64>) -> String {
    match (x, base) {
        (Some(x), Some(b)) if b > 0.0 => format!("{:.1}×", x / b),
        _ => "–".into(),
    }
}

fn main() {
    let instructions: HashMap<String, f64> = std::env::args()
        .nth(1)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(k, n)| Some((k.to_string(), n.trim().parse().ok()?)))
        .collect();
    let base_t = median_us("hand");
    let base_i = instructions.get("hand").copied();
    println!("| engine | criterion median (µs) | instructions/decision | time ÷ hand-written | instructions ÷ hand-written |");
    println!("|---|---:|---:|---:|---:|");
    for key in KEYS {
        let name = carules_peers::engine(key).map(|e| e.name()).unwrap_or(key);
        let t = median_us(key);
        let i = instructions.get(key).copied();
        println!(
            "| {name} | {} | {} | {} | {} |",
            t.map_or("–".into(), |t| format!("{t:.2}")),
            i.map_or("–".into(), |i| format!("{i:.0}")),
            ratio(t, base_t),
            ratio(i, base_i)
        );
    }
    if let (Some(serde), Some(_)) = (instructions.get("hand-read"), instructions.get("carules-read")) {
        println!();
        println!("| reading the request only | instructions | ÷ serde |");
        println!("|---|---:|---:|");
        for key in READ_KEYS {
            let name = carules_peers::engine(key).map(|e| e.name()).unwrap_or(key);
            let i = instructions.get(key).copied().unwrap_or(f64::NAN);
            println!("| {name} | {i:.0} | {:.1}× |", i / serde);
        }
    }
}
