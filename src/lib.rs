//! carules — regulations as code for China's public-resource-trading CA certificates.
//!
//! Pipeline: text ([`syntax`], grammar in `grammar/carules.pest`) → syntax tree ([`ast`])
//! → checked IR ([`check`] → [`ir`]) → interpreter ([`eval`]). [`api`] is the one JSON entry
//! point every host calls.
//!
//! ```
//! let rs = carules::rules::shipped().expect("the shipped rules check");
//! let request = serde_json::json!({
//!     "region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
//!     "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
//!     "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
//!     "bidding": {"encrypted_bid_uploaded": true, "closed": false}
//! });
//! let answer = serde_json::to_value(carules::api::decide_value(rs, &request).unwrap()).unwrap();
//! assert_eq!(answer["allowed"], false);
//! let ban = answer["findings"].as_array().unwrap().iter().find(|f| f["code"] == "bidding.in_progress").unwrap();
//! assert_eq!(ban["severity"], "deny");
//! assert_eq!(ban["source"]["article"], "四 注");
//! ```

pub mod analysis;
pub mod api;
pub mod ast;
pub mod calendar;
#[cfg(feature = "cli")]
pub mod cases;
pub mod check;
pub mod diag;
pub mod eval;
pub mod host;
pub mod ir;
pub mod request;
pub mod response;
pub mod rules;
pub mod schema;
pub mod syntax;
#[cfg(feature = "cli")]
pub mod text;

/// The default rule set for hosts: the shipped rules, checked once per process.
///
/// Errors: a message when the embedded rules do not check.
pub fn default_rules() -> Result<&'static ir::RuleSet, String> {
    rules::shipped()
        .map_err(|d| format!("the shipped rules do not check: {} error(s), first: {}", d.len(), d.first().map(|x| x.message.as_str()).unwrap_or("")))
}
