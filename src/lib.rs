//! carules — regulations as code for China's public-resource-trading CA certificates.
//!
//! Pipeline: text ([`syntax`], grammar in `grammar/carules.pest`) → syntax tree ([`ast`])
//! → checked IR ([`check`] → [`ir`]) → interpreter ([`eval`]). [`api`] is the one JSON entry
//! point every host calls.

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
