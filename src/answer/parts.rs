//! The parts of an answer: region, citation, findings, obligations, fee, documents,
//! deadline, certificate, office hours and the trace.

use super::{Cited, EventOut, FormOut, MaybeCited, Origin, SetLineOut, Str, is_empty};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;
/// `{code, name}` of the region whose rules answered.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct RegionRef<'a> {
    /// GB/T 2260 code.
    pub code: Str<'a>,
    /// Name.
    pub name: Str<'a>,
}

/// The region asked about, when no rules are encoded for it and an ancestor's rules answer
/// (GB/T 2260: a city's code lies within its province's).
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct AskedRegion<'a> {
    /// The GB/T 2260 code asked about.
    pub code: Str<'a>,
    /// Its name in the national table (`格尔木市`); absent for a code the table lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Str<'a>>,
    /// The declared region whose rules answered (same as `region`).
    pub answered_by: RegionRef<'a>,
    /// Always false: no rules of the asked region itself are encoded.
    pub local_rules: bool,
    /// zh-CN explanation.
    pub note: Str<'a>,
}

/// A citation: `{doc, document, article}`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
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
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
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
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a, Option<SourceOut<'a>>>,
    /// The lines of the minimum set the rule states (`at_least`); left out for other rules.
    #[serde(skip_serializing_if = "is_empty")]
    pub minimum_set: Vec<SetLineOut<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// An obligation the applicant must carry out (neither a refusal nor advice), e.g.
/// "须撤回并重新上传加密投标文件".
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct Obligation<'a> {
    /// Stable code.
    pub code: Str<'a>,
    /// zh-CN wording of the obligation.
    pub message: Str<'a>,
    /// zh-CN how to carry it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Str<'a>>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// The lines of the minimum set the rule states (`at_least`); left out for other rules.
    #[serde(skip_serializing_if = "is_empty")]
    pub minimum_set: Vec<SetLineOut<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// Unit of a fee item's amount.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
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
    /// 元/个/年 — per piece per year: `quantity` counts piece-years (pieces × years).
    PiecePerYear,
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
            U::PerPiecePerYear => Per::PiecePerYear,
        }
    }
}

/// An amount of money in an answer: CNY (ISO 4217), held as a decimal and written as a
/// string with two decimals (`"300.00"`), never through a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub rust_decimal::Decimal);

impl Money {
    /// The amount rounded to fen (two decimals, banker's rounding as `round_dp`).
    pub fn rounded(self) -> rust_decimal::Decimal {
        self.0.round_dp(2)
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}", self.rounded())
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$",
            "description": "CNY with two decimals, e.g. \"300.00\"."
        })
    }
}

/// One fee item.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FeeItemOut<'a> {
    /// Label.
    pub label: Str<'a>,
    /// Amount per unit, CNY, two decimals.
    pub amount: Money,
    /// once | year | time | set | piece | key | certificate | piece_per_year.
    pub per: Per,
    /// Quantity.
    #[json(head = head)]
    pub quantity: i64,
    /// For an item of another certificate applied for in the same visit (`together`): its
    /// index in the request's `together` list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// The state of the fee.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeStatus {
    /// The regulation makes it free for this applicant.
    Free,
    /// `amount` is the maximum allowed.
    Capped,
    /// `amount` is the set price: charging more or less is refused.
    Fixed,
    /// `amount` is the least that may be charged: charging less is refused.
    Minimum,
    /// `amount` is the price of a package of items sold together: charging more or less is
    /// refused.
    Package,
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
            F::Minimum => FeeStatus::Minimum,
            F::Package => FeeStatus::Package,
            F::SelfPaid => FeeStatus::SelfPaid,
            F::Unspecified => FeeStatus::Unspecified,
        }
    }
}

/// The fee.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Fee<'a> {
    /// free | capped | fixed | minimum | package | self_paid | unspecified | undetermined.
    pub status: FeeStatus,
    /// Total for the request (years, quantities and certificates applied for together),
    /// CNY, two decimals; null for self_paid / unspecified / undetermined.
    pub amount: Option<Money>,
    /// Always CNY.
    pub currency: &'static str,
    /// Items.
    pub items: Vec<FeeItemOut<'a>>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    #[json(tail = tail)]
    pub cited: MaybeCited<'a>,
    /// The rule whose items this fee charges "as" (`as <rule>`), when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charged_as: Option<Str<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// Requirements on a document.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
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
    /// The forms the item is accepted in, any one of them (`form …`); left out where the
    /// regulation names none.
    #[serde(skip_serializing_if = "is_empty")]
    pub forms: Vec<FormOut<'a>>,
    /// Citation.
    pub source: SourceOut<'a>,
    /// Rule id.
    pub rule: Str<'a>,
    /// When the item is listed only under a condition the request does not decide: that
    /// condition in zh-CN ("仅当…时提交").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[json(head = head)]
    pub condition: Option<Str<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// What the documents list is.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct DocumentsInfo<'a> {
    /// listed | none | unspecified | undetermined.
    pub status: ListStatus,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: MaybeCited<'a>,
    /// Why nothing is listed (for `none` / `unspecified`), in zh-CN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Str<'a>>,
    /// When the regulation's list is open-ended ("等") or only partly known: why, in zh-CN.
    /// Such a list is never reported complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Str<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// The deadline.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Deadline<'a> {
    /// RFC 3339 +08:00.
    pub due: Str<'a>,
    /// YYYY-MM-DD.
    pub due_date: Str<'a>,
    /// The event the limit counts from when it is not `as_of` (`within … after <fact>`):
    /// the fact, its label and the time the request gives for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_from: Option<EventOut<'a>>,
    /// The regulation's wording.
    #[json(tail = tail)]
    pub basis: Str<'a>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// What is issued.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct CertificateOut<'a> {
    /// Media id (usbkey | cloud, or a region's own).
    pub media: Str<'a>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// The kind of a rule.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
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
    /// office
    Office,
    /// validity
    Validity,
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
            K::Office => RuleKind::Office,
            K::Validity => RuleKind::Validity,
        }
    }
}

/// What became of a rule consulted.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
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
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct TraceEntry<'a> {
    /// Rule id.
    #[json(value = id)]
    pub rule: Str<'a>,
    /// Kind.
    pub kind: RuleKind,
    /// applied | overridden | not_applicable | unknown | not_in_force.
    pub result: TraceResult,
    /// Citation.
    #[json(value = source)]
    pub source: SourceOut<'a>,
    /// The condition in the rule language (`service == renewal and bidding.closed == false`);
    /// `true` for a rule without `when`.
    pub condition: String,
    /// The same in zh-CN, with labels (办理事项为续期，且交易已结束为否).
    pub condition_zh: String,
    /// The facts the condition reads (outside `any`/`all`/`count`, which read each
    /// certificate of the visit), in order of first use, with the request's values.
    pub facts: Vec<FactRead<'a>>,
    /// For an applied exception: the rules (ids) it overrode in this answer.
    #[serde(skip_serializing_if = "is_empty")]
    pub overrode: Vec<Str<'a>>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

/// One fact a condition read, with the request's value.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FactRead<'a> {
    /// Its path in the request (`certificate.expires_on`).
    pub fact: Str<'a>,
    /// Its zh-CN label.
    pub label: Str<'a>,
    /// The value as a request writes it (`"renewal"`, `"2026-12-10"`, `true`, `3`, `"300.00"`);
    /// null when the request does not give it.
    pub value: serde_json::Value,
    /// The value in zh-CN (续期, 2026年12月10日, 是); null when not given.
    pub value_zh: Option<String>,
}

/// An office: where and how the service is done (an `office` rule), each line as the
/// regulation gives it.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[json(piece = whole)]
pub struct OfficeOut<'a> {
    /// zh-CN name (聊城市公共资源交易中心).
    pub name: Str<'a>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Str<'a>>,
    /// Window or room (三楼免费CA办理窗口).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Str<'a>>,
    /// Telephone numbers, each with whose line it is.
    #[serde(skip_serializing_if = "is_empty")]
    pub hotlines: Vec<ContactLine<'a>>,
    /// Where the service is done online: `value` is the URL, `label` what it is for.
    #[serde(skip_serializing_if = "is_empty")]
    pub online: Vec<ContactLine<'a>>,
    /// Forms to download: `value` is the form's name, `label` its URL when given.
    #[serde(skip_serializing_if = "is_empty")]
    pub forms: Vec<ContactLine<'a>>,
    /// E-mail addresses: `value` is the address, `label` whose it is.
    #[serde(skip_serializing_if = "is_empty")]
    pub emails: Vec<ContactLine<'a>>,
    /// WeChat accounts (公众号, customer-service WeChat): `value` is the account's name as the
    /// regulation gives it, `label` what it is for.
    #[serde(skip_serializing_if = "is_empty")]
    pub wechat: Vec<ContactLine<'a>>,
    /// Mini programs (小程序): `value` is the name, `label` what it is for.
    #[serde(skip_serializing_if = "is_empty")]
    pub mini_programs: Vec<ContactLine<'a>>,
    /// When the office's condition waits on a fact the request lacks: that condition in
    /// zh-CN (“办理方式为现场办理”); absent when it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}

impl ContactLine<'_> {
    /// As a person reads it: `0971-6138132（北京数字认证股份有限公司 咨询电话）`, or the value alone.
    pub fn shown(&self) -> String {
        match &self.label {
            Some(l) => format!("{}（{l}）", self.value),
            None => self.value.to_string(),
        }
    }
}

/// One line of an office: a number, URL or form name, and its label.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ContactLine<'a> {
    /// As the regulation gives it.
    pub value: Str<'a>,
    /// Whose line, what the address is for, or a form's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Str<'a>>,
}
