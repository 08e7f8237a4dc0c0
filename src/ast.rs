//! Syntax tree of one rule file, as written: names are unresolved strings, kinds, operators
//! and units are typed, and every node keeps its byte span so the checker can point at it.
//! Produced by [`crate::syntax`], consumed by [`crate::check`].

use crate::ir::{CmpOp, DaySet, DocForm, Kind, MoneyUnit, Severity};
pub use crate::ir::{Collection, ContactKind, Quantifier};

/// A byte range `start..end` in the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A value with the span it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it stands in the file.
    pub span: Span,
}

/// One parsed file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Items in the order written.
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone)]
pub enum Item {
    /// `enum`.
    Enum(EnumDecl),
    /// `extend <enum> { … }`.
    Extend(EnumDecl),
    /// `fact`.
    Fact(FactDecl),
    /// `let`.
    Let(LetDecl),
    /// `document`.
    Document(DocumentDecl),
    /// `outline <document> { article … }`.
    Outline(OutlineDecl),
    /// `calendar`.
    Calendar(CalendarDecl),
    /// `region`.
    Region(RegionDecl),
    /// A rule of any kind.
    Rule(RuleDecl),
}

/// `enum name "label" { member "label" alias "…" }`.
#[derive(Debug, Clone)]
pub struct EnumDecl {
    /// Enum name.
    pub name: Spanned<String>,
    /// Optional zh-CN label.
    pub label: Option<String>,
    /// Members in order.
    pub members: Vec<EnumMember>,
}

/// One enum member.
#[derive(Debug, Clone)]
pub struct EnumMember {
    /// Member id (may be dotted).
    pub id: Spanned<String>,
    /// zh-CN label.
    pub label: String,
    /// Other spellings accepted in requests.
    pub aliases: Vec<String>,
    /// No label, only `alias …`: the declaring scope's own spellings of an existing member
    /// (`extend key { main alias "业务主锁" }`).
    pub alias_only: bool,
}

/// A written type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A named type (`bool`, `date`, an enum name …).
    Named(Spanned<String>),
    /// `set of <enum>`.
    SetOf(Spanned<String>),
}

/// `fact path : type "label" default value min N`.
#[derive(Debug, Clone)]
pub struct FactDecl {
    /// Dotted path (`applicant.registered`).
    pub path: Spanned<String>,
    /// Declared type.
    pub ty: TypeExpr,
    /// zh-CN label.
    pub label: Option<String>,
    /// Default when the request omits it.
    pub default: Option<Spanned<Literal>>,
    /// The citation that justifies the default (`default … source doc "article"`).
    pub default_source: Option<SourceRef>,
    /// Smallest value a request may give (int facts).
    pub min: Option<Spanned<String>>,
}

/// `let name = condition`.
#[derive(Debug, Clone)]
pub struct LetDecl {
    /// The name.
    pub name: Spanned<String>,
    /// The condition it stands for.
    pub cond: Spanned<Cond>,
}

/// A field value of a `document`: a string, a date, a name, or `unspecified`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Quoted text.
    Text(String),
    /// `YYYY-MM-DD` as written.
    Date(Spanned<String>),
    /// A name (`superseded_by <document>`).
    Name(Spanned<String>),
    /// `unspecified`.
    Unspecified,
}

/// One `document` field with its optional remark.
#[derive(Debug, Clone)]
pub struct DocField {
    /// `number`, `title`, `issuer`, `date`, `in_force`, `repealed`, `superseded_by`, `url`.
    pub key: Spanned<String>,
    /// The value.
    pub value: FieldValue,
    /// Remark (e.g. the article that states the in-force date).
    pub remark: Option<String>,
}

/// `document id { … }`.
#[derive(Debug, Clone)]
pub struct DocumentDecl {
    /// Document id.
    pub id: Spanned<String>,
    /// Fields as written.
    pub fields: Vec<DocField>,
}

/// `source doc "article"`.
#[derive(Debug, Clone)]
pub struct SourceRef {
    /// Document id.
    pub doc: Spanned<String>,
    /// Article / clause / table row.
    pub article: String,
    /// Where the article string stands (quotes included).
    pub article_span: Span,
}

/// `outline doc { article "一" "text" not_encoded "why" … }`: a document's articles.
#[derive(Debug, Clone)]
pub struct OutlineDecl {
    /// The document it outlines.
    pub doc: Spanned<String>,
    /// Its articles in order.
    pub articles: Vec<Article>,
}

/// One `article "number" "text"… [not_encoded "reason"]` of an outline.
#[derive(Debug, Clone)]
pub struct Article {
    /// The number as citations write it (`三（一）`, `第二十五条`, `四 注`).
    pub number: Spanned<String>,
    /// The text, its strings joined by line breaks.
    pub text: String,
    /// Why no rule encodes it, with the reason's span.
    pub not_encoded: Option<Spanned<String>>,
    /// The whole entry.
    pub span: Span,
}

/// `calendar id { source … year N off … work … }`.
#[derive(Debug, Clone)]
pub struct CalendarDecl {
    /// Calendar id.
    pub id: Spanned<String>,
    /// Its source.
    pub source: SourceRef,
    /// The year it covers.
    pub year: Spanned<String>,
    /// `off` / `work` entries.
    pub entries: Vec<CalEntry>,
}

/// One calendar line: `off 2026-10-01..2026-10-07 "国庆节"`.
#[derive(Debug, Clone)]
pub struct CalEntry {
    /// True for `off`, false for `work`.
    pub off: bool,
    /// First date.
    pub from: Spanned<String>,
    /// Last date (same as `from` for one day).
    pub to: Option<Spanned<String>>,
    /// Label.
    pub label: String,
}

/// `region code "name" { … }`.
#[derive(Debug, Clone)]
pub struct RegionDecl {
    /// GB/T 2260 code.
    pub code: Spanned<String>,
    /// Name.
    pub name: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Parent region code.
    pub parent: Option<Spanned<String>>,
    /// Services covered.
    pub services: Vec<Spanned<String>>,
    /// Span of the `services` clause.
    pub services_span: Option<Span>,
    /// Region fact defaults: fact, value and the citation that justifies it, if written.
    pub defaults: Vec<(Spanned<String>, Spanned<Literal>, Option<SourceRef>)>,
    /// Span of the whole header.
    pub span: Span,
}

/// A rule as written.
#[derive(Debug, Clone)]
pub struct RuleDecl {
    /// `finding`, `fee`, …
    pub kind: Spanned<Kind>,
    /// Local id.
    pub id: Spanned<String>,
    /// Title: a checklist's heading, an office's name (other kinds refuse one, E0502).
    pub title: Option<Spanned<String>>,
    /// `source` clauses (exactly one is valid).
    pub sources: Vec<SourceRef>,
    /// `overrides` references.
    pub overrides: Vec<Spanned<String>>,
    /// `when` conditions (at most one is valid).
    pub when: Vec<Spanned<Cond>>,
    /// Notes.
    pub notes: Vec<String>,
    /// Labelled assumptions (`assume "…"`).
    pub assumptions: Vec<String>,
    /// Body clauses.
    pub body: Vec<Spanned<Clause>>,
    /// Span of the whole rule.
    pub span: Span,
}

/// A duration unit as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurUnit {
    /// `minutes`
    Minutes,
    /// `hours`
    Hours,
    /// `days`
    Days,
    /// `weekdays`
    Weekdays,
    /// `working_days`
    WorkingDays,
    /// `months`
    Months,
    /// `years`
    Years,
}

impl DurUnit {
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            DurUnit::Minutes => "minutes",
            DurUnit::Hours => "hours",
            DurUnit::Days => "days",
            DurUnit::Weekdays => "weekdays",
            DurUnit::WorkingDays => "working_days",
            DurUnit::Months => "months",
            DurUnit::Years => "years",
        }
    }
}

/// A fee status as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `capped`
    Capped,
    /// `fixed`
    Fixed,
    /// `minimum`
    Minimum,
    /// `package`
    Package,
    /// `free`
    Free,
    /// `self_paid`
    SelfPaid,
}

/// A body clause; which are valid depends on the rule kind (checked, not parsed).
#[derive(Debug, Clone)]
pub enum Clause {
    /// `address|window|hotline|online|form "value" ["label"]` (office rules).
    Contact {
        /// Which.
        kind: ContactKind,
        /// As the regulation gives it (address text, telephone number, URL, form name).
        value: String,
        /// Whose line or what the address is for; for `form`, the download URL.
        label: Option<String>,
    },
    /// `deny code "message"` (or warn, info, oblige, refer).
    Severity {
        /// deny | warn | info | oblige | refer.
        severity: Severity,
        /// Finding code.
        code: Spanned<String>,
        /// zh-CN message.
        message: String,
        /// `refer … to <office rule>`: the office the applicant is sent to.
        to: Option<Spanned<String>>,
    },
    /// `remedy "…"`.
    Remedy(String),
    /// `capped | fixed | free | self_paid`.
    Status(Status),
    /// `unspecified ["why"]`.
    Unspecified(Option<String>),
    /// `as <fee rule>`.
    As(Spanned<String>),
    /// `item "label" 300 元/年 × expr when …`.
    FeeItem {
        /// Label.
        label: String,
        /// Amount as written.
        amount: Spanned<String>,
        /// Unit.
        unit: MoneyUnit,
        /// Quantity.
        quantity: Option<Spanned<Expr>>,
        /// Condition.
        when: Option<Spanned<Cond>>,
    },
    /// `item id "name" copies N requires … when … source "…"`.
    DocItem {
        /// Item id.
        id: Spanned<String>,
        /// zh-CN name.
        name: String,
        /// Copies as written.
        copies: Option<Spanned<String>>,
        /// Requirements.
        requires: Vec<Spanned<String>>,
        /// Accepted forms (`form original, copy (requires seal)`), each with its own requirements.
        forms: Vec<(Spanned<DocForm>, Vec<Spanned<String>>)>,
        /// Condition.
        when: Option<Spanned<Cond>>,
        /// Article override.
        source: Option<String>,
    },
    /// `requires seal, signature` at list level.
    Requires(Vec<Spanned<String>>),
    /// `include ref [items a..b]`.
    Include {
        /// Rule referenced.
        target: Spanned<String>,
        /// 1-based inclusive range, as written.
        range: Option<(Spanned<String>, Spanned<String>)>,
    },
    /// `none "why"`.
    None(String),
    /// `incomplete "why"`.
    Incomplete(String),
    /// `at_least N "label" (cond) [+ held]`: a line of a minimum set (a finding).
    AtLeast {
        /// N as written.
        n: Spanned<String>,
        /// zh-CN label of what is counted.
        label: String,
        /// Which certificates of the visit count.
        cond: Spanned<Cond>,
        /// How many are already held.
        held: Option<Spanned<Expr>>,
    },
    /// `valid N months|years [after <fact>] "basis"` (a `validity` rule).
    Valid {
        /// Count as written.
        n: Spanned<String>,
        /// Unit.
        unit: DurUnit,
        /// The event the expiry counts from.
        after: Option<Spanned<String>>,
        /// Wording.
        basis: String,
    },
    /// `within N unit [except holidays] "basis"`.
    Within {
        /// Count as written.
        n: Spanned<String>,
        /// Unit.
        unit: DurUnit,
        /// `except holidays`.
        except_holidays: bool,
        /// `after <fact>`: the event it counts from, instead of `as_of`.
        after: Option<Spanned<String>>,
        /// Wording.
        basis: String,
    },
    /// `cutoff HH:MM same_day else next_day|next_working_day "basis"`.
    Cutoff {
        /// Time of day as written.
        at: Spanned<String>,
        /// `next_working_day` (else the next calendar day).
        next_working: bool,
        /// Wording.
        basis: String,
    },
    /// `immediate "basis"`.
    Immediate(String),
    /// `issue media`.
    Issue(Spanned<String>),
    /// `accepted | rejected`.
    Accept(bool),
    /// `days <day set>`.
    Days(DaySet),
    /// `season id "label" [days …] periods…`.
    Season {
        /// Season id.
        id: Spanned<String>,
        /// Label.
        label: String,
        /// The season's own day set.
        days: Option<DaySet>,
        /// Periods as (from, to) times of day.
        periods: Vec<(Spanned<String>, Spanned<String>)>,
    },
    /// `assume season from MM-DD to MM-DD "why"`.
    Assume {
        /// Season id.
        season: Spanned<String>,
        /// From month-day.
        from: Spanned<String>,
        /// To month-day.
        to: Spanned<String>,
        /// Wording of the assumption.
        why: String,
    },
    /// `item "id" "text" passes 是 derive f(rule)`.
    CheckItem {
        /// Item id.
        id: String,
        /// Text.
        text: String,
        /// 是 | 否.
        passes: Spanned<String>,
        /// derive function and deadline rule.
        derive: Option<(Spanned<String>, Spanned<String>)>,
    },
}

/// A condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `true` / `false`.
    Const(bool),
    /// `a and b and …`.
    And(Vec<Spanned<Cond>>),
    /// `a or b or …`.
    Or(Vec<Spanned<Cond>>),
    /// `not a`.
    Not(Box<Spanned<Cond>>),
    /// A bare expression (a bool fact or a `let`).
    Truthy(Spanned<Expr>),
    /// `a OP b`.
    Cmp(Spanned<Expr>, CmpOp, Spanned<Expr>),
    /// `a [not] in [..]`.
    In(Spanned<Expr>, bool, Vec<Spanned<Expr>>),
    /// `a has b`.
    Has(Spanned<Expr>, Spanned<Expr>),
    /// `a has any [..]`.
    HasAny(Spanned<Expr>, Vec<Spanned<Expr>>),
    /// `a has all [..]`.
    HasAll(Spanned<Expr>, Vec<Spanned<Expr>>),
    /// `a within 150000`.
    Within(Spanned<Expr>, Spanned<String>),
    /// `any together (…)`, `all items (…)`.
    Quantified(Quantifier, Collection, Box<Spanned<Cond>>),
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `×` / `*`
    Mul,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A name: a fact path or, by context, an enum member.
    Name(String),
    /// A literal.
    Lit(Literal),
    /// `today`.
    Today,
    /// Binary arithmetic.
    Bin(Box<Spanned<Expr>>, BinOp, Box<Spanned<Expr>>),
    /// `count items (…)`.
    Count(Collection, Box<Spanned<Cond>>),
}

/// A literal as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number (`30`, `2.5`).
    Number(String),
    /// Money with its unit.
    Money(String, MoneyUnit),
    /// A duration with its unit.
    Duration(String, DurUnit),
    /// A date.
    Date(String),
    /// A time of day.
    TimeOfDay(String),
    /// A string.
    Str(String),
    /// A list.
    List(Vec<Spanned<Expr>>),
    /// `true` / `false` (defaults).
    Bool(bool),
    /// A bare name (defaults: an enum member).
    Name(String),
}
