//! Response shapes of the decision API (shared/spec/decision-api.md), serialised as JSON.
//! Field names are the contract; fields beyond the spec are additions, never renames.

use schemars::JsonSchema;
use std::borrow::Cow;

/// Text in an answer: borrowed from the rule set where it can be, owned where the engine
/// composes it (so answering allocates little).
pub type Str<'a> = Cow<'a, str>;
use serde::Serialize;

/// `{code, name}` of the region asked about.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct RegionRef<'a> {
    /// GB/T 2260 code.
    pub code: Str<'a>,
    /// Name.
    pub name: Str<'a>,
}

/// A citation: `{doc, document, article}`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct SourceOut<'a> {
    /// Document id in the rule files.
    pub doc: Str<'a>,
    /// "`number`《title》".
    pub document: Str<'a>,
    /// Article / clause / table row.
    pub article: Str<'a>,
}

/// A finding.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Finding<'a> {
    /// Stable code (`bidding.in_progress`).
    pub code: Str<'a>,
    /// deny | warn | info.
    pub severity: &'static str,
    /// zh-CN message.
    pub message: Str<'a>,
    /// zh-CN remedy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Str<'a>>,
    /// Rule id (`630000/…`), or `engine/…` for the engine's own checks.
    pub rule: Str<'a>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
}

/// One fee item.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct FeeItemOut<'a> {
    /// Label.
    pub label: Str<'a>,
    /// Amount per unit, two decimals.
    pub amount: Str<'a>,
    /// once | year | time.
    pub per: &'static str,
    /// Quantity.
    pub quantity: i64,
}

/// The fee.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Fee<'a> {
    /// free | capped | fixed | self_paid | unspecified.
    pub status: &'static str,
    /// Total for the request, two decimals; null for self_paid / unspecified.
    pub amount: Option<Str<'a>>,
    /// Always CNY.
    pub currency: &'static str,
    /// Items.
    pub items: Vec<FeeItemOut<'a>>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Rule id.
    pub rule: Option<Str<'a>>,
    /// Notes of the rule (e.g. why unspecified).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Str<'a>>,
}

/// One document to present.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct DocumentOut<'a> {
    /// Id.
    pub id: Str<'a>,
    /// zh-CN name.
    pub name: Str<'a>,
    /// Copies; null where the regulation states no number.
    pub copies: Option<u32>,
    /// seal | signature | original.
    pub requires: Vec<Str<'a>>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
}

/// The deadline.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Deadline<'a> {
    /// RFC 3339 +08:00.
    pub due: Str<'a>,
    /// YYYY-MM-DD.
    pub due_date: Str<'a>,
    /// The regulation's wording.
    pub basis: Str<'a>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
}

/// What is issued.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct CertificateOut<'a> {
    /// usbkey | cloud.
    pub media: Str<'a>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
}

/// Office hours on the day of `as_of`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct OfficeHours<'a> {
    /// Season id (`summer` / `winter`).
    pub season: Str<'a>,
    /// Season label (夏季 / 冬季).
    pub season_label: Str<'a>,
    /// Periods, "HH:MM-HH:MM".
    pub periods: Vec<Str<'a>>,
    /// Open on working days only.
    pub working_days_only: bool,
    /// Whether the window is open at `as_of` (null when the calendar does not cover the day).
    pub open_at_as_of: Option<bool>,
    /// The labelled assumption used to pick the season, if any.
    pub assumption: Option<Str<'a>>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
}

/// One rule consulted.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct TraceEntry<'a> {
    /// Rule id.
    pub rule: Str<'a>,
    /// Kind.
    pub kind: &'static str,
    /// applied | overridden | not_applicable | unknown | not_in_force.
    pub result: &'static str,
    /// Citation.
    pub source: SourceOut<'a>,
}

/// Answer to `question: service`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct ServiceResponse<'a> {
    /// Region.
    pub region: RegionRef<'a>,
    /// "service".
    pub question: &'static str,
    /// Service id, if given.
    pub service: Option<Str<'a>>,
    /// `as_of` as received, normalised to +08:00.
    pub as_of: Option<Str<'a>>,
    /// False iff some finding has severity deny.
    pub allowed: bool,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// Fee.
    pub fee: Fee<'a>,
    /// Documents; null when unspecified.
    pub documents: Option<Vec<DocumentOut<'a>>>,
    /// Missing document ids (only when `submitted_documents` was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_documents: Option<Vec<Str<'a>>>,
    /// Deadline.
    pub deadline: Option<Deadline<'a>>,
    /// Certificate media.
    pub certificate: Option<CertificateOut<'a>>,
    /// Office hours.
    pub office_hours: Option<OfficeHours<'a>>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// Answer to `question: acceptance`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct AcceptanceResponse<'a> {
    /// Region.
    pub region: RegionRef<'a>,
    /// "acceptance".
    pub question: &'static str,
    /// Accepted; null when the rules say nothing.
    pub accepted: Option<bool>,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Rule id.
    pub rule: Option<Str<'a>>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// One checklist item's result.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct CheckItemOut<'a> {
    /// Item id.
    pub id: Str<'a>,
    /// Question as worded.
    pub text: Str<'a>,
    /// The answer (true = 是); null when unknown.
    pub answer: Option<bool>,
    /// pass | fail | unknown.
    pub result: &'static str,
    /// How the answer was obtained: observation | derived | none.
    pub basis: &'static str,
    /// Citation.
    pub source: SourceOut<'a>,
}

/// Answer to `question: evaluation`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct EvaluationResponse<'a> {
    /// Region.
    pub region: RegionRef<'a>,
    /// "evaluation".
    pub question: &'static str,
    /// Checklist title; null when the region has none.
    pub checklist: Option<Str<'a>>,
    /// Items.
    pub items: Vec<CheckItemOut<'a>>,
    /// Counts.
    pub passed: usize,
    /// Counts.
    pub failed: usize,
    /// Counts.
    pub unknown: usize,
    /// Findings (e.g. rules not in force).
    pub findings: Vec<Finding<'a>>,
    /// Rule id.
    pub rule: Option<Str<'a>>,
}

/// Any answer.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Response<'a> {
    /// Service.
    Service(Box<ServiceResponse<'a>>),
    /// Acceptance.
    Acceptance(AcceptanceResponse<'a>),
    /// Evaluation.
    Evaluation(EvaluationResponse<'a>),
}
