//! Response shapes of the decision API (shared/spec/decision-api.md), serialised as JSON.
//! Field names are the contract; fields beyond the spec are additions, never renames.

use schemars::JsonSchema;
use serde::Serialize;

/// `{code, name}` of the region asked about.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct RegionRef {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A citation: `{doc, document, article}`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct SourceOut {
    /// Document id in the rule files.
    pub doc: String,
    /// "`number`《title》".
    pub document: String,
    /// Article / clause / table row.
    pub article: String,
}

/// A finding.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Finding {
    /// Stable code (`bidding.in_progress`).
    pub code: String,
    /// deny | warn | info.
    pub severity: &'static str,
    /// zh-CN message.
    pub message: String,
    /// zh-CN remedy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<String>,
    /// Rule id (`630000/…`), or `engine/…` for the engine's own checks.
    pub rule: String,
    /// Citation.
    pub source: Option<SourceOut>,
}

/// One fee item.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct FeeItemOut {
    /// Label.
    pub label: String,
    /// Amount per unit, two decimals.
    pub amount: String,
    /// once | year | time.
    pub per: &'static str,
    /// Quantity.
    pub quantity: i64,
}

/// The fee.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Fee {
    /// free | capped | fixed | self_paid | unspecified.
    pub status: &'static str,
    /// Total for the request, two decimals; null for self_paid / unspecified.
    pub amount: Option<String>,
    /// Always CNY.
    pub currency: &'static str,
    /// Items.
    pub items: Vec<FeeItemOut>,
    /// Citation.
    pub source: Option<SourceOut>,
    /// Rule id.
    pub rule: Option<String>,
    /// Notes of the rule (e.g. why unspecified).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One document to present.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct DocumentOut {
    /// Id.
    pub id: String,
    /// zh-CN name.
    pub name: String,
    /// Copies; null where the regulation states no number.
    pub copies: Option<u32>,
    /// seal | signature | original.
    pub requires: Vec<String>,
    /// Citation.
    pub source: SourceOut,
    /// Rule id.
    pub rule: String,
}

/// The deadline.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct Deadline {
    /// RFC 3339 +08:00.
    pub due: String,
    /// YYYY-MM-DD.
    pub due_date: String,
    /// The regulation's wording.
    pub basis: String,
    /// Citation.
    pub source: SourceOut,
    /// Rule id.
    pub rule: String,
}

/// What is issued.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct CertificateOut {
    /// usbkey | cloud.
    pub media: String,
    /// Citation.
    pub source: SourceOut,
    /// Rule id.
    pub rule: String,
}

/// Office hours on the day of `as_of`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct OfficeHours {
    /// Season id (`summer` / `winter`).
    pub season: String,
    /// Season label (夏季 / 冬季).
    pub season_label: String,
    /// Periods, "HH:MM-HH:MM".
    pub periods: Vec<String>,
    /// Open on working days only.
    pub working_days_only: bool,
    /// Whether the window is open at `as_of` (null when the calendar does not cover the day).
    pub open_at_as_of: Option<bool>,
    /// The labelled assumption used to pick the season, if any.
    pub assumption: Option<String>,
    /// Citation.
    pub source: SourceOut,
    /// Rule id.
    pub rule: String,
}

/// One rule consulted.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct TraceEntry {
    /// Rule id.
    pub rule: String,
    /// Kind.
    pub kind: &'static str,
    /// applied | overridden | not_applicable | unknown | not_in_force.
    pub result: &'static str,
    /// Citation.
    pub source: SourceOut,
}

/// Answer to `question: service`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct ServiceResponse {
    /// Region.
    pub region: RegionRef,
    /// "service".
    pub question: &'static str,
    /// Service id, if given.
    pub service: Option<String>,
    /// `as_of` as received, normalised to +08:00.
    pub as_of: Option<String>,
    /// False iff some finding has severity deny.
    pub allowed: bool,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Fee.
    pub fee: Fee,
    /// Documents; null when unspecified.
    pub documents: Option<Vec<DocumentOut>>,
    /// Missing document ids (only when `submitted_documents` was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_documents: Option<Vec<String>>,
    /// Deadline.
    pub deadline: Option<Deadline>,
    /// Certificate media.
    pub certificate: Option<CertificateOut>,
    /// Office hours.
    pub office_hours: Option<OfficeHours>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry>>,
}

/// Answer to `question: acceptance`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct AcceptanceResponse {
    /// Region.
    pub region: RegionRef,
    /// "acceptance".
    pub question: &'static str,
    /// Accepted; null when the rules say nothing.
    pub accepted: Option<bool>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Citation.
    pub source: Option<SourceOut>,
    /// Rule id.
    pub rule: Option<String>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry>>,
}

/// One checklist item's result.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct CheckItemOut {
    /// Item id.
    pub id: String,
    /// Question as worded.
    pub text: String,
    /// The answer (true = 是); null when unknown.
    pub answer: Option<bool>,
    /// pass | fail | unknown.
    pub result: &'static str,
    /// How the answer was obtained: observation | derived | none.
    pub basis: &'static str,
    /// Citation.
    pub source: SourceOut,
}

/// Answer to `question: evaluation`.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
pub struct EvaluationResponse {
    /// Region.
    pub region: RegionRef,
    /// "evaluation".
    pub question: &'static str,
    /// Checklist title; null when the region has none.
    pub checklist: Option<String>,
    /// Items.
    pub items: Vec<CheckItemOut>,
    /// Counts.
    pub passed: usize,
    /// Counts.
    pub failed: usize,
    /// Counts.
    pub unknown: usize,
    /// Findings (e.g. rules not in force).
    pub findings: Vec<Finding>,
    /// Rule id.
    pub rule: Option<String>,
}

/// Any answer.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Response {
    /// Service.
    Service(Box<ServiceResponse>),
    /// Acceptance.
    Acceptance(AcceptanceResponse),
    /// Evaluation.
    Evaluation(EvaluationResponse),
}
