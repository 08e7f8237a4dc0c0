//! Response shapes of the decision API (shared/spec/decision-api.md, extended in
//! docs/api.md), serialised as JSON. Field names are the contract; fields beyond the spec
//! are additions, never renames. Closed sets are enums, serialised to the strings the spec
//! names.

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

/// `{code, name}` of the region whose rules answered.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct RegionRef<'a> {
    /// GB/T 2260 code.
    pub code: Str<'a>,
    /// Name.
    pub name: Str<'a>,
}

/// The region asked about, when no rules are encoded for it and an ancestor's rules answer
/// (GB/T 2260: a city's code lies within its province's).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AskedRegion<'a> {
    /// The GB/T 2260 code asked about.
    pub code: Str<'a>,
    /// The declared region whose rules answered (same as `region`).
    pub answered_by: RegionRef<'a>,
    /// Always false: no rules of the asked region itself are encoded.
    pub local_rules: bool,
    /// zh-CN explanation.
    pub note: Str<'a>,
}

/// A citation: `{doc, document, article}`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct SourceOut<'a> {
    /// Document id in the rule files.
    pub doc: Str<'a>,
    /// "`number`《title》".
    pub document: Str<'a>,
    /// Article / clause / table row.
    pub article: Str<'a>,
}

/// Finding severity.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Makes `allowed` false.
    Deny,
    /// Advice against.
    Warn,
    /// Information.
    Info,
}

/// A finding.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Finding<'a> {
    /// Stable code (`bidding.in_progress`).
    pub code: Str<'a>,
    /// deny | warn | info.
    pub severity: Severity,
    /// zh-CN message.
    pub message: Str<'a>,
    /// zh-CN remedy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Str<'a>>,
    /// Rule id (`630000/…`), or `<region>/engine.…` for the engine's own checks.
    pub rule: Str<'a>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule, where the regulation is silent.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// An obligation the applicant must carry out (neither a refusal nor advice), e.g.
/// "须撤回并重新上传加密投标文件".
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Obligation<'a> {
    /// Stable code.
    pub code: Str<'a>,
    /// zh-CN wording of the obligation.
    pub message: Str<'a>,
    /// zh-CN how to carry it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Str<'a>>,
    /// Rule id.
    pub rule: Str<'a>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// Unit of a fee item's amount.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// 元 — once.
    Once,
    /// 元/年 — per year of service.
    Year,
    /// 元/次 — per time.
    Time,
    /// 元/套 — per set.
    Set,
    /// 元/个 — per piece.
    Piece,
    /// 元/把 — per key.
    Key,
    /// 元/张 — per certificate.
    Certificate,
}

impl From<crate::ir::MoneyUnit> for Per {
    fn from(u: crate::ir::MoneyUnit) -> Self {
        use crate::ir::MoneyUnit as U;
        match u {
            U::Once => Per::Once,
            U::PerYear => Per::Year,
            U::PerTime => Per::Time,
            U::PerSet => Per::Set,
            U::PerPiece => Per::Piece,
            U::PerKey => Per::Key,
            U::PerCertificate => Per::Certificate,
        }
    }
}

/// One fee item.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FeeItemOut<'a> {
    /// Label.
    pub label: Str<'a>,
    /// Amount per unit, CNY, two decimals.
    pub amount: Str<'a>,
    /// once | year | time | set | piece | key | certificate.
    pub per: Per,
    /// Quantity.
    pub quantity: i64,
    /// For an item of another certificate applied for in the same visit (`together`): its
    /// index in the request's `together` list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// The state of the fee.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeStatus {
    /// The regulation makes it free for this applicant.
    Free,
    /// `amount` is the maximum allowed.
    Capped,
    /// `amount` is the set price.
    Fixed,
    /// The applicant pays what the CA asks; the regulation sets no amount.
    SelfPaid,
    /// The regulation says nothing.
    Unspecified,
    /// It depends on facts the request lacks: see `branches.fee` and `needs`.
    Undetermined,
}

impl From<crate::ir::FeeStatus> for FeeStatus {
    fn from(s: crate::ir::FeeStatus) -> Self {
        use crate::ir::FeeStatus as F;
        match s {
            F::Free => FeeStatus::Free,
            F::Capped => FeeStatus::Capped,
            F::Fixed => FeeStatus::Fixed,
            F::SelfPaid => FeeStatus::SelfPaid,
            F::Unspecified => FeeStatus::Unspecified,
        }
    }
}

/// The fee.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Fee<'a> {
    /// free | capped | fixed | self_paid | unspecified | undetermined.
    pub status: FeeStatus,
    /// Total for the request (years, quantities and certificates applied for together),
    /// CNY, two decimals; null for self_paid / unspecified / undetermined.
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
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
    /// The rule whose items this fee charges "as" (`as <rule>`), when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charged_as: Option<Str<'a>>,
}

/// Requirements on a document.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DocumentOut<'a> {
    /// Id (what `submitted_documents` lists).
    pub id: Str<'a>,
    /// zh-CN name.
    pub name: Str<'a>,
    /// Copies; null where the regulation states no number.
    pub copies: Option<u32>,
    /// Requirement ids (seal | signature | original, or a region's own).
    pub requires: Vec<Str<'a>>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
    /// When the item is listed only under a condition the request does not decide: that
    /// condition in zh-CN ("仅当…时提交").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<Str<'a>>,
}

/// What the documents list is.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// The regulation lists the items in `documents`.
    Listed,
    /// Nothing to present (`documents: []`).
    None,
    /// The regulation lists nothing for this case (`documents: null`).
    Unspecified,
    /// It depends on facts the request lacks: see `branches.documents` and `needs`.
    Undetermined,
}

/// About the documents list: its status, the rule and citation it comes from, and whether
/// the regulation's list is open-ended.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DocumentsInfo<'a> {
    /// listed | none | unspecified | undetermined.
    pub status: ListStatus,
    /// Rule id.
    pub rule: Option<Str<'a>>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Why nothing is listed (for `none` / `unspecified`), in zh-CN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Str<'a>>,
    /// When the regulation's list is open-ended ("等") or only partly known: why, in zh-CN.
    /// Such a list is never reported complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Str<'a>>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// The deadline.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
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
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// What is issued.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CertificateOut<'a> {
    /// Media id (usbkey | cloud, or a region's own).
    pub media: Str<'a>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// The days an office is open or a deadline counts.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DaySet {
    /// Official working days: Monday–Friday minus holidays, plus make-up working days (调休).
    Working,
    /// Monday–Friday, whatever the holiday calendar says.
    Weekdays,
    /// Monday–Friday except holidays; make-up Saturdays and Sundays are not included.
    WeekdaysExceptHolidays,
    /// Every day.
    All,
    /// Every day except holidays (节假日除外).
    AllExceptHolidays,
}

/// Office hours on the day of `as_of`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OfficeHours<'a> {
    /// Season id (`summer` / `winter`).
    pub season: Str<'a>,
    /// Season label (夏季 / 冬季).
    pub season_label: Str<'a>,
    /// Periods, "HH:MM-HH:MM".
    pub periods: Vec<Str<'a>>,
    /// The days the office is open in this season.
    pub days: DaySet,
    /// True when `days` is `working` (kept from the first version of the API).
    pub working_days_only: bool,
    /// Whether the window is open on this day (null when the calendar does not cover it).
    pub open_on_day: Option<bool>,
    /// Whether the window is open at `as_of` (null when the calendar does not cover the day).
    pub open_at_as_of: Option<bool>,
    /// The labelled assumption used to pick the season, if any.
    pub assumption: Option<Str<'a>>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
}

/// The kind of a rule.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// finding
    Finding,
    /// fee
    Fee,
    /// documents
    Documents,
    /// deadline
    Deadline,
    /// media
    Media,
    /// accept
    Accept,
    /// hours
    Hours,
    /// checklist
    Checklist,
}

impl From<crate::ir::Kind> for RuleKind {
    fn from(k: crate::ir::Kind) -> Self {
        use crate::ir::Kind as K;
        match k {
            K::Finding => RuleKind::Finding,
            K::Fee => RuleKind::Fee,
            K::Documents => RuleKind::Documents,
            K::Deadline => RuleKind::Deadline,
            K::Media => RuleKind::Media,
            K::Accept => RuleKind::Accept,
            K::Hours => RuleKind::Hours,
            K::Checklist => RuleKind::Checklist,
        }
    }
}

/// What became of a rule consulted.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TraceResult {
    /// Its condition held and no other applicable rule overrides it.
    Applied,
    /// Its condition held but an applicable exception overrides it.
    Overridden,
    /// Its condition is false.
    NotApplicable,
    /// Its condition needs facts the request lacks.
    Unknown,
    /// Its document is not in force on the day of `as_of`.
    NotInForce,
}

/// One rule consulted.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct TraceEntry<'a> {
    /// Rule id.
    pub rule: Str<'a>,
    /// Kind.
    pub kind: RuleKind,
    /// applied | overridden | not_applicable | unknown | not_in_force.
    pub result: TraceResult,
    /// Citation.
    pub source: SourceOut<'a>,
}

/// A possible value of a fact the answer waits on.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Choice<'a> {
    /// The value as a request gives it: an enum member id, or true / false.
    pub id: ChoiceId<'a>,
    /// zh-CN label (是 / 否 for bool facts).
    pub label: Str<'a>,
}

/// The value of a [`Choice`].
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(untagged)]
pub enum ChoiceId<'a> {
    /// An enum member id.
    Member(Str<'a>),
    /// A bool fact's value.
    Bool(bool),
}

/// Which part of an answer a missing fact decides.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Whether the service may be done (`allowed`): a refusal may apply.
    Allowed,
    /// A warning or information finding.
    Findings,
    /// An obligation.
    Obligations,
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
    /// Acceptance (`accepted`).
    Accepted,
    /// The checklist.
    Checklist,
}

/// A rule that waits on a missing fact.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
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
}

/// A fact the request lacks that decides part of the answer: enough for a portal to ask
/// exactly the next question.
#[derive(Debug, Clone, Serialize, PartialEq)]
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
    pub choices: Option<Vec<Choice<'a>>>,
    /// The parts of the answer it decides.
    pub affects: Vec<Part>,
    /// The rules that wait on it.
    pub rules: Vec<Waiting<'a>>,
}

/// A constraint on a missing fact under which a branch holds.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Constraint<'a> {
    /// Dotted fact path.
    pub fact: Str<'a>,
    /// zh-CN label.
    pub label: Str<'a>,
    /// The values the fact takes in this branch.
    pub values: Vec<Choice<'a>>,
}

/// One branch of an undetermined part: under which values of the missing facts it holds,
/// and what the part is then.
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FeeBranch<'a> {
    /// The fee.
    pub fee: Fee<'a>,
}

/// The documents of a branch.
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DeadlineBranch<'a> {
    /// The deadline (null = none applies).
    pub deadline: Option<Deadline<'a>>,
}

/// The certificate media of a branch.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CertificateBranch<'a> {
    /// What is issued (null = the rules do not say).
    pub certificate: Option<CertificateOut<'a>>,
}

/// The office hours of a branch.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct HoursBranch<'a> {
    /// Office hours (null = the rules do not say).
    pub office_hours: Option<OfficeHours<'a>>,
}

/// Acceptance in a branch.
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
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

/// Answer to `question: service`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ServiceResponse<'a> {
    /// The region whose rules answered.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// "service".
    pub question: &'static str,
    /// Service id, if given.
    pub service: Option<Str<'a>>,
    /// `as_of` as received, normalised to +08:00.
    pub as_of: Option<Str<'a>>,
    /// false: some finding denies; null: undetermined — no refusal applies for certain, but
    /// one could once a fact in `needs` is known; true: no refusal applies.
    pub allowed: Option<bool>,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// Obligations the applicant must carry out.
    #[serde(skip_serializing_if = "is_empty")]
    pub obligations: Vec<Obligation<'a>>,
    /// The facts the request lacks that decide part of the answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub needs: Vec<Need<'a>>,
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
    /// Office hours.
    pub office_hours: Option<OfficeHours<'a>>,
    /// Undetermined parts, as labelled branches.
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// Answer to `question: acceptance`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AcceptanceResponse<'a> {
    /// Region.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
    /// "acceptance".
    pub question: &'static str,
    /// Accepted; null when the rules say nothing or it is undetermined (`branches.accepted`).
    pub accepted: Option<bool>,
    /// Findings.
    pub findings: Vec<Finding<'a>>,
    /// The facts the request lacks that decide the answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub needs: Vec<Need<'a>>,
    /// Citation.
    pub source: Option<SourceOut<'a>>,
    /// Rule id.
    pub rule: Option<Str<'a>>,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Vec<Str<'a>>,
    /// Labelled assumptions of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Vec<Str<'a>>,
    /// Undetermined parts, as labelled branches.
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// Rules consulted (with `explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceEntry<'a>>>,
}

/// A checklist item's result.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct EvaluationResponse<'a> {
    /// Region.
    pub region: RegionRef<'a>,
    /// The region asked about, when it is a lower level without rules of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asked_region: Option<AskedRegion<'a>>,
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
#[derive(Debug, Clone, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct DocumentsAnswer<'a> {
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
    /// The documents for each value of those facts (only `documents` is set).
    #[serde(skip_serializing_if = "Branches::is_empty")]
    pub branches: Branches<'a>,
    /// The findings of the full answer (refusals, advice).
    pub findings: Vec<Finding<'a>>,
}

impl<'a> DocumentsAnswer<'a> {
    /// The documents part of a service answer.
    pub fn from_service(s: ServiceResponse<'a>) -> Self {
        DocumentsAnswer {
            region: s.region,
            asked_region: s.asked_region,
            service: s.service,
            documents: s.documents,
            documents_info: s.documents_info,
            needs: s.needs.into_iter().filter(|n| n.affects.contains(&Part::Documents)).collect(),
            branches: Branches { documents: s.branches.documents, ..Branches::default() },
            findings: s.findings,
        }
    }
}
