//! carules — regulations as code for China's public-resource-trading CA certificates.
//!
//! Pipeline: text ([`syntax`], grammar in `grammar/carules.pest`) → syntax tree ([`ast`])
//! → checked IR ([`check`] → [`ir`]) → interpreter ([`eval`]). [`api`] is the one JSON entry
//! point every host calls.

pub mod analysis;
pub mod ast;
pub mod check;
pub mod diag;
pub mod ir;
pub mod syntax;
pub mod api;
pub mod calendar;
pub mod eval;
pub mod request;
pub mod response;
pub mod rules;
#[cfg(feature = "cli")]
pub mod cases;
#[cfg(feature = "cli")]
pub mod text;
pub mod host;
pub mod schema;

/// The default rule set for hosts: the shipped rules, checked once per process.
///
/// Errors: a message when the embedded rules do not check.
pub fn default_rules() -> Result<&'static ir::RuleSet, String> {
    rules::shipped().map_err(|d| format!("the shipped rules do not check: {} error(s), first: {}", d.len(), d.first().map(|x| x.message.as_str()).unwrap_or("")))
}
