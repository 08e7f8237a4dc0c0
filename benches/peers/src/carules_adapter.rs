//! Every call into the carules API lives in this file (the API is being refactored: this is
//! the one file to update). Two engines: the bench rule file `bench.carules` on the
//! interpreter, normalised; and the full answer of the shipped rules, compiled, as is.

use crate::{Engine, Output};
use carules::ir::RuleSet;
use serde_json::Value as Json;

/// The bench decision written in carules (`bench.carules`).
pub const BENCH_RULES: &str = include_str!("../bench.carules");

/// `bench.carules` with the shipped prelude and calendar, checked at start-up and run on the
/// interpreter (a rule file loaded at run time has no compiled form).
pub struct CarulesBench {
    rs: RuleSet,
}

impl CarulesBench {
    /// Checks `bench.carules` beside the shipped `prelude.carules` and `calendar.carules`.
    ///
    /// Errors: the checker's diagnostics, as JSON.
    pub fn load() -> Result<Self, String> {
        let mut files: Vec<(String, String)> =
            carules::rules::shipped_files().into_iter().filter(|(n, _)| n == "prelude.carules" || n == "calendar.carules").collect();
        if files.len() != 2 {
            return Err(format!(
                "carules: expected the shipped prelude.carules and calendar.carules, found {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            ));
        }
        files.push(("bench.carules".into(), BENCH_RULES.into()));
        match carules::check::check(&files) {
            Ok(rs) => Ok(CarulesBench { rs }),
            Err(d) => Err(format!("bench.carules does not check: {}", serde_json::to_string(&d).unwrap_or_default())),
        }
    }

    /// The normalised answer to a request.
    ///
    /// Errors: the request error or an answer that cannot be normalised.
    pub fn answer(&self, request: &str) -> Result<Output, String> {
        let rules = carules::api::Rules::interpreted(&self.rs);
        let response = carules::api::decide_text(rules, request, carules::api::Options::default()).map_err(|e| e.to_string())?;
        let v = serde_json::to_value(&response).map_err(|e| e.to_string())?;
        normalise(&v)
    }
}

/// carules answer JSON → `{allowed, denials, fee_cap}`: the deny findings' codes and the
/// fee's (capped) total.
fn normalise(v: &Json) -> Result<Output, String> {
    let denials = v["findings"]
        .as_array()
        .ok_or("carules answer without findings")?
        .iter()
        .filter(|f| f["severity"] == "deny")
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect();
    let fee_cap = v["fee"]["amount"].as_str().ok_or_else(|| format!("carules answer without a fee amount: {}", v["fee"]))?.to_string();
    let out = Output::new(denials, fee_cap);
    if Some(out.allowed) != v["allowed"].as_bool() {
        return Err(format!("carules `allowed` is {} but the deny findings are {:?}", v["allowed"], out.denials));
    }
    Ok(out)
}

impl Engine for CarulesBench {
    fn name(&self) -> &'static str {
        "carules (bench.carules, interpreter)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        self.answer(request)?.to_json()
    }
}

/// The whole answer of the shipped rule set, compiled into carules (all findings, documents,
/// fee, deadline, sources …): what a host gets. Not normalised, not comparable case by case.
pub struct CarulesFull;

impl Engine for CarulesFull {
    fn name(&self) -> &'static str {
        "carules full answer (shipped rules, compiled)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        Ok(carules::host::decide(request))
    }
}

/// Reading alone: carules's one-pass reader of the request text into the facts of the
/// shipped rule set (compiled), no decision.
pub struct CarulesRead;

impl Engine for CarulesRead {
    fn name(&self) -> &'static str {
        "carules request reader (reading only)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let rules = carules::api::Rules::shipped();
        let r = carules::request::parse_str(rules.set, request, true).map_err(|e| e.to_string())?;
        Ok(if std::hint::black_box(&r).facts.is_empty() { "read." } else { "read" }.to_string())
    }
}
