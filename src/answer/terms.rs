//! Parts that say in which form and by when: the forms a document is accepted in, the event a
//! time counts from, and how long the certificate issued is valid.

use super::{Cited, Origin, Str, is_empty};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// The form a document is handed in.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 原件.
    Original,
    /// 复印件.
    Copy,
    /// 纸质件 (printed).
    Paper,
    /// 扫描件 (uploaded).
    Scan,
    /// 照片 (uploaded).
    Photo,
    /// 电子版.
    Electronic,
}

impl From<crate::ir::DocForm> for Form {
    fn from(f: crate::ir::DocForm) -> Self {
        use crate::ir::DocForm as F;
        match f {
            F::Original => Form::Original,
            F::Copy => Form::Copy,
            F::Paper => Form::Paper,
            F::Scan => Form::Scan,
            F::Photo => Form::Photo,
            F::Electronic => Form::Electronic,
        }
    }
}

/// One form a document is accepted in: its id, its zh-CN label, and what that form needs
/// besides the item's own `requires`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FormOut<'a> {
    /// original | copy | paper | scan | photo | electronic.
    pub form: Form,
    /// zh-CN label (原件, 复印件, 纸质件, 扫描件, 照片, 电子版).
    pub label: &'static str,
    /// Requirement ids of this form only (a copy that must be sealed).
    #[serde(skip_serializing_if = "is_empty")]
    pub requires: Vec<Str<'a>>,
}

/// The event a deadline counts from (the payment, the review), as the request gives it.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct EventOut<'a> {
    /// The fact's path in the request (`hn.reviewed_at`).
    pub fact: Str<'a>,
    /// Its zh-CN label.
    pub label: Str<'a>,
    /// Its value: RFC 3339 for a time, YYYY-MM-DD for a date.
    pub at: Str<'a>,
}

/// How long the certificate issued is valid (a `validity` rule), and when it expires where
/// the request gives the event its term counts from.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Validity<'a> {
    /// The term in calendar months (a year is 12).
    pub months: i64,
    /// The last day of validity (YYYY-MM-DD): null when the rule names the event its term
    /// counts from and the request does not give it (`needs` names the fact), or when the
    /// regulation names no such event.
    pub expires_on: Option<Str<'a>>,
    /// The event the term counts from, as the request gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_from: Option<EventOut<'a>>,
    /// The regulation's wording.
    pub basis: Str<'a>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// One line of a minimum set a finding or obligation states (`at_least`): what is counted
/// and how many at least — the certificates of the visit plus those already held.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct SetLineOut<'a> {
    /// zh-CN label (业务主锁).
    pub label: Str<'a>,
    /// How many at least.
    pub at_least: i64,
}
