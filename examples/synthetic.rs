//! Scaling measurement: the shipped rules plus N synthetic regions (copies of the 青海 file
//! under unused GB/T 2260 city codes, each with its own document), checked and answered:
//!   cargo run --release --example synthetic -- [N=400]
//! Prints the check time of the whole set, and the median time of one decision (JSON in →
//! JSON out, interpreter) for the first and the last synthetic region, so the cost of the
//! region looked up last can be compared with the first (it should not grow with N).

use std::time::Instant;

const QINGHAI: &str = include_str!("../rules/630000-qinghai.carules");
const PROVINCES: [u32; 17] = [11, 12, 13, 21, 31, 33, 35, 36, 43, 45, 46, 50, 53, 61, 62, 64, 65];

/// The `i`-th unused city code: cities of the provinces above, skipping the codes a shipped
/// rule file declares (厦门 350200, 西安 610100, …).
fn code(i: usize) -> u32 {
    static SHIPPED: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    let shipped = SHIPPED.get_or_init(|| carules::rules::shipped_files().iter().filter_map(|(name, _)| name.get(..6)?.parse().ok()).collect());
    (0..).map(|k: usize| PROVINCES[k % PROVINCES.len()] * 10000 + (k / PROVINCES.len() + 1) as u32 * 100).filter(|c| !shipped.contains(c)).nth(i).unwrap_or(0)
}

fn synthetic(i: usize) -> (String, String) {
    let c = code(i);
    let text = QINGHAI
        .replace("qh_ca_guide", &format!("syn_guide_{i}"))
        .replace("region 630000 \"青海省\" {", &format!("region {c} \"合成地区{i}\" {{"))
        .replace("alias \"青海\", \"qinghai\"", &format!("alias \"synthetic{i}\""));
    (format!("syn/{c}.carules"), text)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn decide_us(rules: carules::api::Rules<'_>, code: u32) -> f64 {
    let request = format!(
        r#"{{"region":"{code}","as_of":"2026-11-21T10:00:00+08:00","service":"renewal","channel":"onsite","years":1,
 "applicant":{{"kind":"organization","roles":["bidder"],"registered":true}},
 "certificate":{{"issuer":"BJCA","issued_in":"630000","expires_on":"2026-12-10","key":"main"}},
 "bidding":{{"encrypted_bid_uploaded":true,"closed":false}},"charged":"300.00"}}"#
    );
    let mut samples = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        for _ in 0..200 {
            let _ = std::hint::black_box(carules::api::decide_str(rules, std::hint::black_box(&request), carules::api::Options::default()));
        }
        samples.push(start.elapsed().as_secs_f64() * 1e6 / 200.0);
    }
    median(samples)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(400);
    let mut files = carules::rules::shipped_files();
    let base = files.len();
    files.extend((0..n).map(synthetic));
    let start = Instant::now();
    let checked = carules::check::check(&files);
    let check_ms = start.elapsed().as_secs_f64() * 1e3;
    let rs = match checked {
        Ok(rs) => rs,
        Err(d) => {
            eprintln!("{} diagnostics, first: {:?}", d.len(), d.first().map(|x| &x.message));
            std::process::exit(1);
        }
    };
    let rules = carules::api::Rules::interpreted(&rs);
    let first = decide_us(rules, code(0));
    let last = decide_us(rules, code(n.saturating_sub(1)));
    println!("{base} shipped files + {n} synthetic regions ({} regions, {} rules)", rs.regions.len(), rs.rules.len());
    println!("check: {check_ms:.1} ms");
    println!("decide, first synthetic region: {first:.2} µs; last: {last:.2} µs; last/first = {:.2}", last / first);
}
