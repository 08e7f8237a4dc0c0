//! What an undetermined answer waits on: `needs` (facts with their choices and the rules
//! waiting on them) and `branches` (a part of the answer per value of the missing facts).

use super::hours::OfficeHours;
use super::parts::*;
use super::{Origin, Str, is_empty};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;
/// A possible value of a fact the answer waits on.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct Choice<'a> {
    /// The value as a request gives it: an enum member id, or true / false.
    pub id: ChoiceId<'a>,
    /// zh-CN label (是 / 否 for bool facts).
    pub label: Str<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// The value of a [`Choice`].
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(untagged)]
pub enum ChoiceId<'a> {
    /// An enum member id.
    Member(Str<'a>),
    /// A bool fact's value.
    Bool(bool),
}

/// Which part of an answer a missing fact decides.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Whether the service may be done (`allowed`): a refusal may apply.
    Allowed,
    /// A warning or information finding.
    Findings,
    /// An obligation.
    Obligations,
    /// A referral elsewhere.
    Referrals,
    /// The fee.
    Fee,
    /// The documents.
    Documents,
    /// The deadline.
    Deadline,
    /// The certificate media.
    Certificate,
    /// The office hours.
    OfficeHours,
    /// How long the certificate is valid.
    Validity,
    /// Acceptance (`accepted`).
    Accepted,
    /// The checklist.
    Checklist,
}

/// A rule that waits on a missing fact.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = waiting)]
pub struct Waiting<'a> {
    /// Rule id.
    pub rule: Str<'a>,
    /// Its kind.
    pub kind: RuleKind,
    /// For findings: its severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// For findings and obligations: its code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Str<'a>>,
    /// For findings and obligations: what it would say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Str<'a>>,
    /// Its condition, in zh-CN.
    pub condition: Str<'a>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// A fact the request lacks that decides part of the answer: enough for a portal to ask
/// exactly the next question.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Need<'a> {
    /// Dotted fact path (`bidding.closed`).
    pub fact: Str<'a>,
    /// JSON pointer in the request (`/bidding/closed`).
    pub path: Str<'a>,
    /// zh-CN label.
    pub label: Str<'a>,
    /// bool | int | money | date | time | time_of_day | region | string | enum | set.
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// For enum and set facts: the enum's name.
    #[serde(skip_serializing_if = "Option::is_none", rename = "enum")]
    pub enum_name: Option<Str<'a>>,
    /// For bool, enum and set facts: the values it can take, with zh-CN labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[json(head = need)]
    pub choices: Option<Vec<Choice<'a>>>,
    /// The parts of the answer it decides.
    pub affects: Vec<Part>,
    /// The rules that wait on it.
    pub rules: Vec<Waiting<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// A constraint on a missing fact under which a branch holds.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Constraint<'a> {
    /// Dotted fact path.
    pub fact: Str<'a>,
    /// zh-CN label.
    pub label: Str<'a>,
    /// The values the fact takes in this branch.
    #[json(head = constraint)]
    pub values: Vec<Choice<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// One branch of an undetermined part: under which values of the missing facts it holds,
/// and what the part is then.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Branch<'a, T> {
    /// Constraints on the missing facts.
    pub when: Vec<Constraint<'a>>,
    /// The same in zh-CN ("办理方式：现场办理；证书签发机构：北京数字认证股份有限公司或…").
    pub condition: Str<'a>,
    /// The part in this branch; absent when it still depends on facts that cannot be
    /// enumerated (dates, numbers), named in `still_needs`.
    #[serde(flatten)]
    pub value: Option<T>,
    /// Facts this branch still depends on.
    #[serde(skip_serializing_if = "is_empty")]
    pub still_needs: Vec<Str<'a>>,
}

/// The fee of a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FeeBranch<'a> {
    /// The fee.
    pub fee: Fee<'a>,
}

/// The documents of a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DocumentsBranch<'a> {
    /// The documents (null = unspecified).
    pub documents: Option<Vec<DocumentOut<'a>>>,
    /// About the list.
    pub documents_info: DocumentsInfo<'a>,
    /// Ids of the listed documents not in `submitted_documents` (when it was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing_documents: Option<Vec<Str<'a>>>,
}

/// The deadline of a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DeadlineBranch<'a> {
    /// The deadline (null = none applies).
    pub deadline: Option<Deadline<'a>>,
}

/// The certificate media of a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CertificateBranch<'a> {
    /// What is issued (null = the rules do not say).
    pub certificate: Option<CertificateOut<'a>>,
}

/// The office hours of a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct HoursBranch<'a> {
    /// Office hours (null = the rules do not say).
    pub office_hours: Option<OfficeHours<'a>>,
}

/// Acceptance in a branch.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AcceptBranch<'a> {
    /// Accepted (null = the rules say nothing).
    pub accepted: Option<bool>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Rule id.
    pub rule: Option<Str<'a>>,
}

/// The undetermined parts of an answer, each as labelled branches.
#[derive(Debug, Clone, Default, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Branches<'a> {
    /// Fee branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<Vec<Branch<'a, FeeBranch<'a>>>>,
    /// Documents branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<Branch<'a, DocumentsBranch<'a>>>>,
    /// Deadline branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Vec<Branch<'a, DeadlineBranch<'a>>>>,
    /// Certificate media branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Vec<Branch<'a, CertificateBranch<'a>>>>,
    /// Office hours branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_hours: Option<Vec<Branch<'a, HoursBranch<'a>>>>,
    /// Acceptance branches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Vec<Branch<'a, AcceptBranch<'a>>>>,
}

impl Branches<'_> {
    /// Whether no part is undetermined.
    pub fn is_empty(&self) -> bool {
        self.fee.is_none()
            && self.documents.is_none()
            && self.deadline.is_none()
            && self.certificate.is_none()
            && self.office_hours.is_none()
            && self.accepted.is_none()
    }
}
