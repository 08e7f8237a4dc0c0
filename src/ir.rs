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
    /// 元/套 — per set.
    PerSet,
    /// 元/个 — per piece.
    PerPiece,
    /// 元/把 — per key.
    PerKey,
    /// 元/张 — per certificate.
    PerCertificate,
}

impl MoneyUnit {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            MoneyUnit::Once => "元",
            MoneyUnit::PerYear => "元/年",
            MoneyUnit::PerTime => "元/次",
            MoneyUnit::PerSet => "元/套",
            MoneyUnit::PerPiece => "元/个",
            MoneyUnit::PerKey => "元/把",
            MoneyUnit::PerCertificate => "元/张",
        }
    }
    /// The unit written after `元/`, if any (年, 次, 套, 个, 把, 张).
    pub fn per_label(self) -> &'static str {
        match self {
            MoneyUnit::Once => "",
            MoneyUnit::PerYear => "年",
            MoneyUnit::PerTime => "次",
            MoneyUnit::PerSet => "套",
            MoneyUnit::PerPiece => "个",
            MoneyUnit::PerKey => "把",
            MoneyUnit::PerCertificate => "张",
        }
    }
    /// The unit as written in rule files (`元`, `元/年`, …), or `None`.
    pub fn parse(s: &str) -> Option<MoneyUnit> {
        Some(match s {
            "元" => MoneyUnit::Once,
            "元/年" => MoneyUnit::PerYear,
            "元/次" => MoneyUnit::PerTime,
            "元/套" => MoneyUnit::PerSet,
            "元/个" => MoneyUnit::PerPiece,
            "元/把" => MoneyUnit::PerKey,
            "元/张" => MoneyUnit::PerCertificate,
            _ => return None,
        })
    }
    /// Whether an item in this unit needs an explicit quantity (`× <expr>`): per set, piece,
    /// key or certificate. Per year defaults to `years`, once and per time to 1.
    pub fn needs_quantity(self) -> bool {
        matches!(self, MoneyUnit::PerSet | MoneyUnit::PerPiece | MoneyUnit::PerKey | MoneyUnit::PerCertificate)
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
    /// Number of calendar months (years are 12 months).
    Months,
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
    /// Calendar months.
    Months(i64),
    /// Enum member.
    Enum(MemberId),
    /// Set of enum members (bit set; enums hold at most 64 members in sets).
    Set(u64),
    /// Known to be absent (`default none`): an optional fact the request did not give.
    /// Equal to nothing, so `reason == defect` is false rather than unknown.
    Absent,
}

/// `any` / `all` over the certificates of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantifier {
    /// At least one.
    Any,
    /// Every one.
    All,
}

/// What a quantifier ranges over: the certificates applied for in the same visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    /// The others (`together` in the request).
    Together,
    /// This one and the others.
    Items,
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
    /// How many certificates of the collection satisfy the condition.
    Count(Collection, Box<Cond>),
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
    /// The condition holds for any / all certificates of the collection.
    Quant(Quantifier, Collection, Box<Cond>),
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
    /// The region whose file declared it (visible there and in the regions below), or
    /// `None` for the shared vocabulary (prelude).
    pub scope: Option<RegionId>,
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
    /// The member with this id, alias or label, whatever its scope.
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
    /// Smallest value a request may give (int facts).
    pub min: Option<i64>,
    /// The region whose file declared it, or `None` for the shared facts (prelude).
    pub scope: Option<RegionId>,
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
    /// First day it no longer applies (废止 / 失效); `None` = still in force as encoded.
    pub repealed: Option<NaiveDate>,
    /// The document that replaced it, where known.
    pub superseded_by: Option<DocId>,
    /// Where it was published: page address or publication, as recorded.
    pub url: Option<String>,
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

/// What a finding rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A refusal: makes `allowed` false.
    Deny,
    /// Advice against.
    Warn,
    /// Information.
    Info,
    /// An obligation the applicant must carry out (listed under `obligations`).
    Oblige,
}

impl Severity {
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Deny => "deny",
            Severity::Warn => "warn",
            Severity::Info => "info",
            Severity::Oblige => "oblige",
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
    /// Only when this holds.
    pub when: Option<Cond>,
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
    /// Items, includes expanded; `incomplete` says why the list is open-ended, if it is.
    Items(Vec<DocItem>, Option<String>),
    /// Nothing to present, and why.
    None(String),
    /// The regulation lists nothing.
    Unspecified(String),
}

/// A set of days: when an office is open, or which days a deadline counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DaySet {
    /// Official working days: Monday–Friday minus days off, plus make-up working days (调休).
    Working,
    /// Monday–Friday, whatever the holiday calendar says.
    Weekdays,
    /// Monday–Friday except days off; make-up weekend days are not included.
    WeekdaysExceptHolidays,
    /// Every day.
    All,
    /// Every day except days off (节假日除外).
    AllExceptHolidays,
}

impl DaySet {
    /// Whether the set needs the holiday calendar.
    pub fn needs_calendar(self) -> bool {
        !matches!(self, DaySet::Weekdays | DaySet::All)
    }
    /// As written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            DaySet::Working => "working",
            DaySet::Weekdays => "weekdays",
            DaySet::WeekdaysExceptHolidays => "weekdays except holidays",
            DaySet::All => "all",
            DaySet::AllExceptHolidays => "all except holidays",
        }
    }
}

/// How a deadline is computed from `as_of`.
#[derive(Debug, Clone, PartialEq)]
pub enum DeadlineSpec {
    /// N minutes after.
    Minutes(i64),
    /// N days of a day set, counted from the day after (day-granular).
    Days(i64, DaySet),
    /// N calendar months (民法典 第二百零二条), day-granular.
    Months(i64),
    /// Same day before the cut-off, else the next day of the day set.
    Cutoff(NaiveTime, DaySet),
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
    /// The days open in this season (the rule's `days` unless the season states its own).
    pub days: DaySet,
}

/// A labelled assumption picking a season by date: season index, first and last (month, day)
/// of the window, and the wording of the assumption.
pub type Assumption = (usize, (u32, u32), (u32, u32), String);

/// Office hours.
#[derive(Debug, Clone)]
pub struct Hours {
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
        /// `as <rule>`: charged as that fee rule (its status and items), not copied.
        charge_as: Option<RuleId>,
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
    /// Labelled assumptions (`assume "…"`): where the regulation is silent, what the rule
    /// takes to hold. Repeated in the answer beside the part they qualify.
    pub assumptions: Vec<String>,
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

impl Region {
    /// The code as a number (0 if malformed, which the checker rejects).
    pub fn code_num(&self) -> u32 {
        self.code.parse().unwrap_or(0)
    }
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

/// How a request's region resolved: the declared region whose rules answer, and the
/// code asked about when it is an undeclared lower level of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionMatch {
    /// The declared region.
    pub region: RegionId,
    /// The undeclared GB/T 2260 code asked about, if any.
    pub asked: Option<u32>,
}

impl RuleSet {
    /// The declared region with this code, name or alias.
    pub fn region(&self, s: &str) -> Option<RegionId> {
        let s = s.trim();
        if let Some(i) = self.regions.iter().position(|r| r.code == s || r.name == s || r.aliases.iter().any(|a| a == s)) {
            return Some(i);
        }
        if s.is_ascii() && s.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = s.to_ascii_lowercase();
            return self.regions.iter().position(|r| r.aliases.iter().any(|a| a.eq_ignore_ascii_case(&lower)));
        }
        None
    }

    /// The region a request names: a declared region, or — for a 6-digit GB/T 2260 code
    /// with no rules of its own — its nearest declared ancestor (XXYYZZ → XXYY00 → XX0000).
    pub fn resolve_region(&self, s: &str) -> Option<RegionMatch> {
        if let Some(region) = self.region(s) {
            return Some(RegionMatch { region, asked: None });
        }
        let s = s.trim();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let code: u32 = s.parse().ok()?;
        if code < 110000 {
            return None;
        }
        for anc in [code / 100 * 100, code / 10000 * 10000] {
            if anc == code {
                continue;
            }
            if let Some(region) = self.regions.iter().position(|r| r.code_num() == anc) {
                return Some(RegionMatch { region, asked: Some(code) });
            }
        }
        None
    }

    /// Whether vocabulary of `scope` (a declaring region, or shared) is visible in `region`:
    /// shared vocabulary everywhere, a region's own in it and the regions below it.
    pub fn visible(&self, scope: Option<RegionId>, region: RegionId) -> bool {
        let Some(s) = scope else { return true };
        let mut cur = Some(region);
        for _ in 0..8 {
            match cur {
                Some(r) if r == s => return true,
                Some(r) => cur = self.regions.get(r).and_then(|x| x.parent),
                None => return false,
            }
        }
        false
    }

    /// The member of enum `e` with this id, alias or label that is visible in `region`.
    pub fn member(&self, e: EnumId, s: &str, region: RegionId) -> Option<MemberId> {
        let en = self.enums.get(e)?;
        en.members
            .iter()
            .position(|m| (m.id == s || m.label == s || m.aliases.iter().any(|a| a == s)) && self.visible(m.scope, region))
            .and_then(|i| MemberId::try_from(i).ok())
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
