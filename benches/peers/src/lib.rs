//! One equivalent decision — registration prerequisite, 30-day renewal window, no renewal
//! during an open bidding, fee cap — answered by carules and by peer rule engines, so their
//! costs can be compared (see README.md). Every engine takes the request as JSON text and
//! returns the normalised answer as JSON text: `{allowed, denials (sorted), fee_cap}`.

pub mod carules_adapter;
pub mod cedar;
pub mod hand;
pub mod rego;
pub mod zen;

use serde::{Deserialize, Serialize};

/// The normalised answer every engine must give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    pub allowed: bool,
    /// Codes of the denials, sorted, each once.
    pub denials: Vec<String>,
    /// The fee cap in CNY with two decimals (`"300.00"`).
    pub fee_cap: String,
}

impl Output {
    /// Builds the answer from denial codes in any order, possibly repeated.
    pub fn new(mut denials: Vec<String>, fee_cap: String) -> Self {
        denials.sort();
        denials.dedup();
        Output { allowed: denials.is_empty(), denials, fee_cap }
    }

    /// The answer as JSON text.
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }
}

/// A rule engine answering the bench decision: JSON text in, normalised JSON text out.
pub trait Engine {
    /// The engine's name in tables and on the `loop` command line.
    fn name(&self) -> &'static str;
    /// Decides one request.
    fn decide(&mut self, request: &str) -> Result<String, String>;
}

/// The representative request: the shipped 青海 renewal during an open bidding.
pub const QINGHAI: &str = include_str!("../../qinghai-renewal.json");
/// The shared cases: request and expected normalised answer.
pub const CASES: &str = include_str!("../cases.json");

/// One shared case.
#[derive(Debug, Deserialize)]
pub struct Case {
    pub name: String,
    pub request: serde_json::Value,
    pub expect: Output,
}

/// The shared cases, parsed.
pub fn cases() -> Result<Vec<Case>, String> {
    serde_json::from_str(CASES).map_err(|e| format!("cases.json: {e}"))
}

/// The engines' keys (command line, criterion ids), in table order.
pub const KEYS: [&str; 7] = ["hand", "carules", "carules-full", "regorus", "regorus-vm", "cedar", "zen"];

/// Reading alone, no decision (`loop` and run.sh's reading row; not in the engines' table):
/// serde into the hand-written engine's typed request, and carules's one-pass reader of the
/// request text into the shipped rule set's facts (`carules::request::parse_str`).
pub const READ_KEYS: [&str; 2] = ["hand-read", "carules-read"];

/// The key of the one engine whose answer is not normalised (the full carules answer).
pub const FULL: &str = "carules-full";

/// The engine of a key, loaded (policies parsed, compiled where the engine can).
pub fn engine(key: &str) -> Result<Box<dyn Engine>, String> {
    Ok(match key {
        "hand" => Box::new(hand::Hand),
        "carules" => Box::new(carules_adapter::CarulesBench::load()?),
        "carules-full" => Box::new(carules_adapter::CarulesFull),
        "hand-read" => Box::new(hand::HandRead),
        "carules-read" => Box::new(carules_adapter::CarulesRead),
        "regorus" => Box::new(rego::Regorus::interpreter()?),
        "regorus-vm" => Box::new(rego::Regorus::vm()?),
        "cedar" => Box::new(cedar::Cedar::load()?),
        "zen" => Box::new(zen::Zen::load()?),
        other => return Err(format!("unknown engine `{other}`: one of {}", KEYS.join(", "))),
    })
}

/// Runs every case through `engine`; the mismatches (or errors), one line each.
pub fn check_engine(engine: &mut dyn Engine, cases: &[Case]) -> Vec<String> {
    let mut bad = Vec::new();
    for c in cases {
        let text = c.request.to_string();
        let got = engine.decide(&text).and_then(|s| serde_json::from_str::<Output>(&s).map_err(|e| format!("{e} in {s}")));
        match got {
            Ok(out) if out == c.expect => {}
            Ok(out) => bad.push(format!("{}: case `{}`: expected {:?}, got {:?}", engine.name(), c.name, c.expect, out)),
            Err(e) => bad.push(format!("{}: case `{}`: error: {e}", engine.name(), c.name)),
        }
    }
    bad
}

/// Checks every engine on every case, and that the full carules answer to the timed request
/// is an answer; the mismatches, one line each (empty when all agree).
pub fn check_all() -> Result<Vec<String>, String> {
    let cases = cases()?;
    let mut bad = Vec::new();
    for key in KEYS.iter().filter(|k| **k != FULL) {
        let mut e = engine(key)?;
        bad.extend(check_engine(e.as_mut(), &cases));
    }
    let mut full = engine(FULL)?;
    match full.decide(QINGHAI) {
        Ok(s) if s.contains("\"bidding.in_progress\"") && !s.contains("\"error\"") => {}
        Ok(s) => bad.push(format!("{}: the shipped 青海 answer lacks the bidding ban: {s}", full.name())),
        Err(e) => bad.push(format!("{}: {e}", full.name())),
    }
    Ok(bad)
}

/// Fen (1/100 CNY) of a money amount in CNY, for engines without decimals.
pub fn fen(amount: rust_decimal::Decimal) -> Result<i64, String> {
    let f = amount * rust_decimal::Decimal::ONE_HUNDRED;
    if f.fract() != rust_decimal::Decimal::ZERO {
        return Err(format!("`{amount}` has more than 2 decimals"));
    }
    i64::try_from(f).map_err(|e| format!("`{amount}`: {e}"))
}
