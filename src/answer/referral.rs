//! A referral: the window sends the applicant elsewhere (issue 20, `refer` in a finding rule).

use super::{Cited, OfficeOut, Origin, Str};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// The window sends the applicant elsewhere (a `refer` finding rule): another hall, a hotline,
/// the CA company's local office — neither a refusal (`allowed` is untouched) nor advice. E.g.
/// "到河北CA当地办事处办理挂失（吊销）或补办".
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct Referral<'a> {
    /// Stable code.
    pub code: Str<'a>,
    /// zh-CN wording: where the applicant is sent and for what.
    pub message: Str<'a>,
    /// zh-CN what to do there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Str<'a>>,
    /// The office the applicant is sent to, when the rule names one (`refer … to <office>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<OfficeOut<'a>>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}
