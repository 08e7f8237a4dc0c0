//! Response shapes of the decision API (shared/spec/decision-api.md, extended in
//! docs/api.md), serialised as JSON. Field names are the contract; fields beyond the spec
//! are additions, never renames. Closed sets are enums, serialised to the strings the spec
//! names.

use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;
use std::borrow::Cow;

/// Text in an answer: borrowed from the rule set where it can be, owned where the engine
/// composes it (so answering allocates little).
pub type Str<'a> = Cow<'a, str>;

fn is_empty<T>(v: &[T]) -> bool {
    v.is_empty()
}

/// Where a part of an answer comes from in the rule set, for the answer writer
/// ([`json`]): the JSON of such a part is rendered once per rule set and spliced
/// into each answer rather than escaped again. Not serialised, and not part of the value: any
/// two origins compare equal, so parts that say the same thing are equal whatever their origin.
#[derive(Debug, Clone, Copy, Default)]
pub enum Origin {
    /// Composed for this answer: written field by field.
    #[default]
    Answer,
    /// A rule: its finding or obligation, documents list, fee, deadline, media, office
    /// hours, trace entry or waiting entry.
    Rule(crate::ir::RuleId),
    /// Item `.1` of rule `.0`: a document of its list, or one of its fee items.
    Item(crate::ir::RuleId, usize),
    /// A fact's declaration: the head of a `needs` entry or of a branch constraint.
    Fact(crate::ir::FactId),
    /// Member `.1` of enum `.0`, as a choice.
    Member(crate::ir::EnumId, crate::ir::MemberId),
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

mod assumed;
mod cited;
pub mod error;
mod hours;
pub mod json;
mod needs;
mod parts;
mod referral;
mod terms;
pub use assumed::*;
pub use cited::*;
pub use error::{ApiError, ErrorCode};
pub use hours::*;
pub use needs::*;
pub use parts::*;
pub use referral::*;
pub use terms::*;
/// Answer to `question: service`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ServiceResponse<'a> {
    /// The caller's `request_id` (or its synonym `id`), echoed when the request gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Str<'a>>,
    /// The region whose rules answered.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// "service" (a constant of the schema, so a typed client can tell the answers apart).
    #[cfg_attr(feature = "schema", schemars(extend("const" = "service")))]
    pub question: &'static str,
    /// Service id, if given.
    pub service: Option<Str<'a>>,
    /// `as_of` as received, normalised to +08:00.
    pub as_of: Option<Str<'a>>,
    /// false: some finding denies; null: undetermined — no refusal applies for certain, but
    /// one could once a fact in `needs` is known; true: no refusal applies.
    pub allowed: Option<bool>,
    /// Set when no rule regulates the question (`allowed` is then null): the service is
    /// covered by no rule of the region or its ancestors, or no document of the region is
    /// in force at `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_regulated: Option<NotRegulated<'a>>,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// Obligations the applicant must carry out.
    #[serde(skip_serializing_if = "is_empty")]
    pub obligations: Vec<Obligation<'a>>,
    /// Where the window sends the applicant instead (another hall, a hotline, the CA
    /// company's office); `allowed` is untouched.
    #[serde(skip_serializing_if = "is_empty")]
    pub referrals: Vec<Referral<'a>>,
    /// The facts the request lacks that decide part of the answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub needs: Vec<Need<'a>>,
    /// The defaults the answer used: facts the request left out that the rules assume,
    /// each with its citation. Without them part of the answer would wait on the fact.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumed: Vec<Assumed<'a>>,
    /// Fee.
    pub fee: Fee<'a>,
    /// Documents; [] when nothing is to be presented, null when unspecified or undetermined
    /// (`documents_info.status` says which).
    pub documents: Option<Vec<DocumentOut<'a>>>,
    /// About the documents list.
    pub documents_info: DocumentsInfo<'a>,
    /// Missing document ids (only when `submitted_documents` was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_documents: Option<Vec<Str<'a>>>,
    /// Whether the submitted documents are complete (only when `submitted_documents` was
    /// given): null when the list is open-ended, unspecified or undetermined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_complete: Option<Option<bool>>,
    /// Deadline; null when none applies (or undetermined: see `branches.deadline`).
    pub deadline: Option<Deadline<'a>>,
    /// Certificate media.
    pub certificate: Option<CertificateOut<'a>>,
    /// How long the certificate issued is valid (`validity` rules); left out where no such
    /// rule applies or it waits on a fact (`needs` names it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity<'a>>,
    /// Office hours.
    pub office_hours: Option<OfficeHours<'a>>,
    /// Where and how the service is done (`office` rules that apply; one whose condition
    /// waits on a missing fact is listed with that condition).
    #[serde(skip_serializing_if = "is_empty")]
    pub offices: Vec<OfficeOut<'a>>,
    /// Undetermined parts, as labelled branches.
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// Answer to `question: acceptance`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AcceptanceResponse<'a> {
    /// The caller's `request_id` (or its synonym `id`), echoed when the request gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Str<'a>>,
    /// Region.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// "acceptance" (a constant of the schema, so a typed client can tell the answers apart).
    #[cfg_attr(feature = "schema", schemars(extend("const" = "acceptance")))]
    pub question: &'static str,
    /// Accepted; null when the rules say nothing or it is undetermined (`branches.accepted`).
    pub accepted: Option<bool>,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// The facts the request lacks that decide the answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub needs: Vec<Need<'a>>,
    /// The defaults the answer used (as in the service answer).
    #[serde(skip_serializing_if = "is_empty")]
    pub assumed: Vec<Assumed<'a>>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: MaybeCited<'a>,
    /// Undetermined parts, as labelled branches.
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// A checklist item's result.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    /// The answer is the passing one.
    Pass,
    /// The answer is not the passing one.
    Fail,
    /// No answer.
    Unknown,
}

/// How a checklist answer was obtained.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From `observations`.
    Observation,
    /// Derived from `records` through a deadline rule.
    Derived,
    /// Not available.
    None,
}

/// One checklist item's result.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CheckItemOut<'a> {
    /// Item id.
    pub id: Str<'a>,
    /// Question as worded.
    pub text: Str<'a>,
    /// The answer (true = 是); null when unknown.
    pub answer: Option<bool>,
    /// pass | fail | unknown.
    pub result: CheckResult,
    /// How the answer was obtained: observation | derived | none.
    pub basis: Basis,
    /// Citation.
    pub source: SourceOut<'a>,
}

/// Answer to `question: evaluation`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct EvaluationResponse<'a> {
    /// The caller's `request_id` (or its synonym `id`), echoed when the request gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Str<'a>>,
    /// Region.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// "evaluation" (a constant of the schema, so a typed client can tell the answers apart).
    #[cfg_attr(feature = "schema", schemars(extend("const" = "evaluation")))]
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
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(untagged)]
pub enum Response<'a> {
    /// Service.
    Service(Box<ServiceResponse<'a>>),
    /// Acceptance.
    Acceptance(Box<AcceptanceResponse<'a>>),
    /// Evaluation.
    Evaluation(Box<EvaluationResponse<'a>>),
}

/// The clerk's question, "which documents does this applicant need?": the documents part
/// of a service answer, with what it depends on.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DocumentsAnswer<'a> {
    /// The caller's `request_id` (or its synonym `id`), echoed when the request gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<Str<'a>>,
    /// The region whose rules answered.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// Service id, if given.
    pub service: Option<Str<'a>>,
    /// Documents; [] when nothing is to be presented, null when unspecified or undetermined.
    pub documents: Option<Vec<DocumentOut<'a>>>,
    /// About the documents list.
    pub documents_info: DocumentsInfo<'a>,
    /// The facts the documents depend on that the query lacks.
    #[serde(skip_serializing_if = "is_empty")]
    pub needs: Vec<Need<'a>>,
    /// The defaults the documents list used.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumed: Vec<Assumed<'a>>,
    /// The documents for each value of those facts (only `documents` is set).
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// The findings of the full answer (refusals, advice).
    pub findings: Vec<Finding<'a>>,
    /// Where and how the service is done, as in the full answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub offices: Vec<OfficeOut<'a>>,
}

impl<'a> DocumentsAnswer<'a> {
    /// The documents part of a service answer.
    pub fn from_service(s: ServiceResponse<'a>) -> Self {
        DocumentsAnswer {
            request_id: s.request_id,
            region: s.region,
            asked_region: s.asked_region,
            service: s.service,
            documents: s.documents,
            documents_info: s.documents_info,
            needs: s.needs.into_iter().filter(|n| n.affects.contains(&Part::Documents)).collect(),
            assumed: s.assumed.into_iter().filter(|a| a.affects.contains(&Part::Documents)).collect(),
            branches: Branches { documents: s.branches.documents, ..Branches::default() },
            findings: s.findings,
            offices: s.offices,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::api::{Rules, documents_json, documents_str};
    use serde_json::{Value as Json, json};

    /// Guards the mutation "the `documents` answer loses its `findings`" (issue 10): a clerk
    /// asking which documents a renewal in Qinghai needs while a bid is open must also be told
    /// the renewal is refused (《青海省公共资源交易平台CA数字证书办理指南》 四 注), on both the value
    /// and the text path, by both back ends.
    #[test]
    fn the_documents_answer_keeps_the_findings_of_the_full_answer() {
        let query = json!({
            "region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
            "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
            "certificate": {"issuer": "BJCA", "issued_in": "630000", "expires_on": "2026-12-10", "key": "main"},
            "bidding": {"encrypted_bid_uploaded": true, "closed": false},
        });
        let rs = crate::rules::test_support::rs();
        for rules in [Rules::shipped(), Rules::interpreted(rs)] {
            let by_value = documents_json(rules, &query);
            let by_text: Json = documents_str(rules, &query.to_string()).map_or(Json::Null, |t| serde_json::from_str(&t).unwrap_or(Json::Null));
            for answer in [by_value, by_text] {
                let codes: Vec<&str> = answer["findings"].as_array().into_iter().flatten().filter_map(|f| f["code"].as_str()).collect();
                assert!(codes.contains(&"bidding.in_progress"), "the refusal is missing from the documents answer: {answer}");
                let deny = answer["findings"].as_array().into_iter().flatten().find(|f| f["code"] == "bidding.in_progress");
                assert_eq!(deny.map(|f| &f["severity"]), Some(&json!("deny")), "{answer}");
                assert_eq!(deny.map(|f| &f["source"]["article"]), Some(&json!("四 注")), "{answer}");
            }
        }
    }
}
