//! The checked intermediate representation: names resolved to indices, every expression
//! typed, document lists expanded, exceptions ordered. Produced by [`crate::check`];
//! consumed by the interpreter ([`crate::eval`]).

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Index of an enum in [`RuleSet::enums`].
pub type EnumId = usize;
/// Index of a member inside its enum.
pub type MemberId = u16;
/// Index of a fact in [`RuleSet::facts`].
pub type FactId = usize;
/// Index of a rule in [`RuleSet::rules`].
pub type RuleId = usize;
/// Index of a document in [`RuleSet::documents`].
pub type DocId = usize;
/// Index of a region in [`RuleSet::regions`].
pub type RegionId = usize;

/// Units a money amount can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    /// 元 — once.
    Once,
    /// 元/年 — per year.
    PerYear,
    /// 元/次 — per time.
    PerTime,
}

impl MoneyUnit {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Once => "元",
            MoneyUnit::PerYear => "元/年",
            MoneyUnit::PerTime => "元/次",
        }
    }
    /// The `per` value of a fee item in the response.
    pub fn per(self) -> &'static str {
        match self {
            MoneyUnit::Once => "once",
            MoneyUnit::PerYear => "year",
            MoneyUnit::PerTime => "time",
        }
    }
}

/// The type of a fact or expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// true / false.
    Bool,
    /// Whole number.
    Int,
    /// CNY, with its unit.
    Money(MoneyUnit),
    /// Calendar date.
    Date,
    /// Instant (RFC 3339).
    Time,
    /// Time of day.
    TimeOfDay,
    /// GB/T 2260 region code.
    Region,
    /// Text.
    Str,
    /// Number of days.
    Days,
    /// Number of minutes.
    Minutes,
    /// A member of an enum.
    Enum(EnumId),
    /// A set of members of an enum.
    Set(EnumId),
}

/// A runtime value. Money is decimal CNY; times are in +08:00.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Bool.
    Bool(bool),
    /// Int.
    Int(i64),
    /// Money in yuan.
    Money(Decimal),
    /// Date.
    Date(NaiveDate),
    /// Instant, normalised to +08:00.
    Time(chrono::DateTime<chrono::FixedOffset>),
    /// Time of day.
    TimeOfDay(NaiveTime),
    /// Region code as a number (`630000`).
    Region(u32),
    /// Text.
    Str(String),
    /// Days.
    Days(i64),
    /// Minutes.
    Minutes(i64),
    /// Enum member.
    Enum(MemberId),
    /// Set of enum members (bit set; enums hold at most 64 members in sets).
    Set(u64),
    /// Known to be absent (`default none`): an optional fact the request did not give.
    /// Equal to nothing, so `reason == defect` is false rather than unknown.
    Absent,
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A fact of the request.
    Fact(FactId),
    /// A constant.
    Lit(Value),
    /// The date of `as_of` in +08:00.
    Today,
    /// `a + b`.
    Add(Box<Expr>, Box<Expr>),
    /// `a - b`.
    Sub(Box<Expr>, Box<Expr>),
    /// `a × b`.
    Mul(Box<Expr>, Box<Expr>),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// ==
    Eq,
    /// !=
    Ne,
    /// <
    Lt,
    /// <=
    Le,
    /// >
    Gt,
    /// >=
    Ge,
}

impl CmpOp {
    /// The operator that holds exactly when this one does not.
    pub fn negate(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// A typed condition (three-valued at run time).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// Constant.
    Const(bool),
    /// All of.
    And(Vec<Cond>),
    /// Any of.
    Or(Vec<Cond>),
    /// Not.
    Not(Box<Cond>),
    /// A bool expression.
    Truthy(Expr),
    /// Comparison.
    Cmp(Expr, CmpOp, Expr),
    /// Membership in a list of constants (negated when the flag is set).
    In(Expr, Vec<Value>, bool),
    /// A set fact holds a member.
    Has(Expr, MemberId),
    /// A region code lies within a region (same code or a descendant by GB/T 2260 prefix).
    Within(Expr, u32),
}

/// A member of an enum.
#[derive(Debug, Clone)]
pub struct Member {
    /// Id used in requests and rules.
    pub id: String,
    /// zh-CN label.
    pub label: String,
    /// Other accepted spellings.
    pub aliases: Vec<String>,
}

/// A declared enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Name.
    pub name: String,
    /// zh-CN label.
    pub label: String,
    /// Members.
    pub members: Vec<Member>,
}

impl Enum {
    /// The member with this id, alias or label.
    pub fn lookup(&self, s: &str) -> Option<MemberId> {
        self.members.iter().position(|m| m.id == s || m.label == s || m.aliases.iter().any(|a| a == s)).and_then(|i| MemberId::try_from(i).ok())
    }
    /// The member's id.
    pub fn id_of(&self, m: MemberId) -> &str {
        self.members.get(m as usize).map(|x| x.id.as_str()).unwrap_or("?")
    }
}

/// A declared fact.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Dotted path, also the JSON path in requests.
    pub path: String,
    /// Type.
    pub ty: Type,
    /// zh-CN label.
    pub label: String,
    /// Default when absent.
    pub default: Option<Value>,
}

/// A source document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Id in rule files.
    pub id: String,
    /// Number (文号), if the document has one.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Issuer.
    pub issuer: Option<String>,
    /// Date of issue.
    pub date: Option<NaiveDate>,
    /// Date from which it applies; `None` = the document does not say.
    pub in_force: Option<NaiveDate>,
    /// "`number`《title》" as shown in answers.
    pub display: String,
}

/// A citation: document and article.
#[derive(Debug, Clone)]
pub struct Source {
    /// Document.
    pub doc: DocId,
    /// Article / clause / table row.
    pub article: String,
}

/// The kinds of rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Precondition / prohibition / advice.
    Finding,
    /// Fee.
    Fee,
    /// Document list.
    Documents,
    /// Processing time limit.
    Deadline,
    /// Certificate media.
    Media,
    /// Mutual recognition.
    Accept,
    /// Office hours.
    Hours,
    /// Evaluation checklist.
    Checklist,
}

impl Kind {
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Finding => "finding",
            Kind::Fee => "fee",
            Kind::Documents => "documents",
            Kind::Deadline => "deadline",
            Kind::Media => "media",
            Kind::Accept => "accept",
            Kind::Hours => "hours",
            Kind::Checklist => "checklist",
        }
    }
    /// Kinds of which at most one rule may win.
    pub fn single(self) -> bool {
        !matches!(self, Kind::Finding)
    }
}

/// Finding severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Makes `allowed` false.
    Deny,
    /// Advice against.
    Warn,
    /// Information.
    Info,
}

impl Severity {
    /// As in the response.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Deny => "deny",
            Severity::Warn => "warn",
            Severity::Info => "info",
        }
    }
}

/// Fee status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeStatus {
    /// Free.
    Free,
    /// Amount is a cap.
    Capped,
    /// Amount is the price.
    Fixed,
    /// Applicant pays what the CA asks.
    SelfPaid,
    /// The regulation is silent.
    Unspecified,
}

impl FeeStatus {
    /// As in the response.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeStatus::Free => "free",
            FeeStatus::Capped => "capped",
            FeeStatus::Fixed => "fixed",
            FeeStatus::SelfPaid => "self_paid",
            FeeStatus::Unspecified => "unspecified",
        }
    }
}

/// One fee item.
#[derive(Debug, Clone)]
pub struct FeeItem {
    /// Label (收费项目).
    pub label: String,
    /// Amount per unit, in yuan.
    pub amount: Decimal,
    /// Unit.
    pub unit: MoneyUnit,
    /// Quantity; `None` = `years` for per-year items, 1 otherwise.
    pub quantity: Option<Expr>,
}

/// One document to present.
#[derive(Debug, Clone)]
pub struct DocItem {
    /// Id (used in `submitted_documents`).
    pub id: String,
    /// zh-CN name.
    pub name: String,
    /// Copies; `None` where the regulation states no number.
    pub copies: Option<u32>,
    /// Requirement ids (`seal`, `signature`, `original`).
    pub requires: Vec<String>,
    /// Only when this holds.
    pub when: Option<Cond>,
    /// Its citation.
    pub source: Source,
    /// The rule that lists it.
    pub rule: RuleId,
}

/// A document list.
#[derive(Debug, Clone)]
pub enum DocList {
    /// Items, includes expanded.
    Items(Vec<DocItem>),
    /// Nothing to present, and why.
    None(String),
    /// The regulation lists nothing.
    Unspecified(String),
}

/// How a deadline is computed from `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineSpec {
    /// N minutes after.
    Minutes(i64),
    /// N calendar days, day-granular.
    Days(i64),
    /// N working days, day-granular.
    WorkingDays(i64),
    /// Same day before the cut-off, else the next day.
    Cutoff(NaiveTime),
    /// 即收即办: at once.
    Immediate,
}

/// One office-hours season.
#[derive(Debug, Clone)]
pub struct Season {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Periods.
    pub periods: Vec<(NaiveTime, NaiveTime)>,
}

/// A labelled assumption picking a season by date: season index, first and last (month, day)
/// of the window, and the wording of the assumption.
pub type Assumption = (usize, (u32, u32), (u32, u32), String);

/// Office hours.
#[derive(Debug, Clone)]
pub struct Hours {
    /// Working days only.
    pub working_days_only: bool,
    /// Seasons.
    pub seasons: Vec<Season>,
    /// Assumed season window: (season index, from (month, day), to (month, day), why).
    pub assume: Option<Assumption>,
}

/// How a checklist answer is derived from service records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derive {
    /// Some record finished after its deadline.
    Overdue,
    /// Every record finished in time.
    OnTime,
}

/// A checklist item.
#[derive(Debug, Clone)]
pub struct CheckItem {
    /// Id (序号).
    pub id: String,
    /// Question as worded.
    pub text: String,
    /// The answer that passes (true = 是).
    pub passes: bool,
    /// Derivation from records through a deadline rule.
    pub derive: Option<(Derive, RuleId)>,
}

/// What a rule says.
#[derive(Debug, Clone)]
pub enum Body {
    /// A finding.
    Finding {
        /// Severity.
        severity: Severity,
        /// Code.
        code: String,
        /// zh-CN message.
        message: String,
        /// zh-CN remedy.
        remedy: Option<String>,
    },
    /// A fee.
    Fee {
        /// Status.
        status: FeeStatus,
        /// Items.
        items: Vec<FeeItem>,
        /// Why unspecified, if said.
        why: Option<String>,
    },
    /// A document list.
    Documents(DocList),
    /// A deadline.
    Deadline {
        /// Computation.
        spec: DeadlineSpec,
        /// The regulation's wording.
        basis: String,
    },
    /// Certificate media.
    Media(String),
    /// Recognition.
    Accept(bool),
    /// Office hours.
    Hours(Hours),
    /// A checklist.
    Checklist {
        /// Title.
        title: String,
        /// Items.
        items: Vec<CheckItem>,
    },
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Full id `<region>/<local id>`.
    pub id: String,
    /// Region.
    pub region: RegionId,
    /// Kind.
    pub kind: Kind,
    /// Citation.
    pub source: Source,
    /// Rules this one overrides, transitively closed.
    pub overrides: BTreeSet<RuleId>,
    /// Condition.
    pub when: Cond,
    /// Notes.
    pub notes: Vec<String>,
    /// What it says.
    pub body: Body,
}

/// A region.
#[derive(Debug, Clone)]
pub struct Region {
    /// GB/T 2260 code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Parent.
    pub parent: Option<RegionId>,
    /// Services covered (members of the `service` enum).
    pub services: Vec<MemberId>,
    /// Fact defaults of this region (own, ancestors merged in by the checker).
    pub defaults: BTreeMap<FactId, Value>,
    /// Rules that apply here, ancestors first, grouped by kind.
    pub rules: BTreeMap<Kind, Vec<RuleId>>,
}

/// The merged working-day calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Years covered.
    pub years: BTreeSet<i32>,
    /// Days off (holidays).
    pub off: BTreeSet<NaiveDate>,
    /// Make-up working days.
    pub work: BTreeSet<NaiveDate>,
    /// Citation per year.
    pub sources: BTreeMap<i32, Source>,
}

/// Well-known facts the engine reads.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// `as_of`.
    pub as_of: FactId,
    /// `service`.
    pub service: FactId,
    /// `channel`.
    pub channel: FactId,
    /// `years`.
    pub years: FactId,
    /// `charged`.
    pub charged: FactId,
    /// `applicant.kind`.
    pub kind: FactId,
    /// `certificate.issued_in`.
    pub issued_in: FactId,
    /// The `service` enum.
    pub service_enum: EnumId,
    /// The `kind` enum.
    pub kind_enum: EnumId,
}

/// The whole checked rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Enums.
    pub enums: Vec<Enum>,
    /// Facts.
    pub facts: Vec<Fact>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Regions.
    pub regions: Vec<Region>,
    /// Rules.
    pub rules: Vec<Rule>,
    /// Calendar.
    pub calendar: Calendar,
    /// Well-known facts.
    pub known: Known,
}

impl RuleSet {
    /// The region with this code, name or alias.
    pub fn region(&self, s: &str) -> Option<RegionId> {
        let s = s.trim();
        let lower = s.to_lowercase();
        self.regions.iter().position(|r| r.code == s || r.name == s || r.aliases.iter().any(|a| a == s || a.to_lowercase() == lower))
    }
    /// The fact with this path.
    pub fn fact(&self, path: &str) -> Option<FactId> {
        self.facts.iter().position(|f| f.path == path)
    }

    /// The services a region covers: its own `services` list, or its nearest ancestor's.
    pub fn services(&self, r: RegionId) -> &[MemberId] {
        let mut cur = Some(r);
        for _ in 0..16 {
            let Some(reg) = cur.and_then(|x| self.regions.get(x)) else { break };
            if !reg.services.is_empty() {
                return &reg.services;
            }
            cur = reg.parent;
        }
        &[]
    }
}

/// Whether region code `inner` lies within `outer` (GB/T 2260: 150000 ⊃ 152500 ⊃ 152501).
pub fn region_within(inner: u32, outer: u32) -> bool {
    if outer.is_multiple_of(10000) {
        inner / 10000 == outer / 10000
    } else if outer.is_multiple_of(100) {
        inner / 100 == outer / 100
    } else {
        inner == outer
    }
}
