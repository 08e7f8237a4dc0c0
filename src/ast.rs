//! Syntax tree of one rule file, as written: names are unresolved strings and every node
//! keeps its byte span so the checker can point at it. Produced by [`crate::syntax`],
//! consumed by [`crate::check`].

/// A byte range `start..end` in the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// `document`.
    Document(DocumentDecl),
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
}

/// A written type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A named type (`bool`, `date`, an enum name …).
    Named(Spanned<String>),
    /// `set of <enum>`.
    SetOf(Spanned<String>),
}

/// `fact path : type "label" default value`.
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
}

/// A field value of a `document`: a string, a date, or `unspecified`.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Quoted text.
    Text(String),
    /// `YYYY-MM-DD` as written.
    Date(Spanned<String>),
    /// `unspecified`.
    Unspecified,
}

/// One `document` field with its optional remark.
#[derive(Debug, Clone)]
pub struct DocField {
    /// `number`, `title`, `issuer`, `date`, `in_force`.
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
    /// Region fact defaults.
    pub defaults: Vec<(Spanned<String>, Spanned<Literal>)>,
    /// Span of the whole header.
    pub span: Span,
}

/// A rule as written.
#[derive(Debug, Clone)]
pub struct RuleDecl {
    /// `finding`, `fee`, …
    pub kind: Spanned<String>,
    /// Local id.
    pub id: Spanned<String>,
    /// Title (checklists).
    pub title: Option<String>,
    /// `source` clauses (exactly one is valid).
    pub sources: Vec<SourceRef>,
    /// `overrides` references.
    pub overrides: Vec<Spanned<String>>,
    /// `when` condition.
    pub when: Option<Spanned<Cond>>,
    /// Notes.
    pub notes: Vec<String>,
    /// Body clauses.
    pub body: Vec<Spanned<Clause>>,
    /// Span of the whole rule.
    pub span: Span,
}

/// A body clause; which are valid depends on the rule kind (checked, not parsed).
#[derive(Debug, Clone)]
pub enum Clause {
    /// `deny code "message"`.
    Severity {
        /// deny | warn | info.
        severity: String,
        /// Finding code.
        code: Spanned<String>,
        /// zh-CN message.
        message: String,
    },
    /// `remedy "…"`.
    Remedy(String),
    /// `capped | fixed | free | self_paid`.
    Status(String),
    /// `unspecified ["why"]`.
    Unspecified(Option<String>),
    /// `item "label" 300 元/年 × expr`.
    FeeItem {
        /// Label.
        label: String,
        /// Amount as written.
        amount: String,
        /// `元`, `元/年`, `元/次`.
        unit: String,
        /// Quantity.
        quantity: Option<Spanned<Expr>>,
    },
    /// `item id "name" copies N requires … when … source "…"`.
    DocItem {
        /// Item id.
        id: Spanned<String>,
        /// zh-CN name.
        name: String,
        /// Copies.
        copies: Option<u32>,
        /// Requirements.
        requires: Vec<Spanned<String>>,
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
        /// 1-based inclusive range.
        range: Option<(u32, u32)>,
    },
    /// `none "why"`.
    None(String),
    /// `within N unit "basis"`.
    Within {
        /// Count.
        n: u32,
        /// minutes | hours | days | working_days.
        unit: String,
        /// Wording.
        basis: String,
    },
    /// `cutoff HH:MM same_day else next_day "basis"`.
    Cutoff {
        /// Time of day as written.
        at: Spanned<String>,
        /// Wording.
        basis: String,
    },
    /// `immediate "basis"`.
    Immediate(String),
    /// `issue media`.
    Issue(Spanned<String>),
    /// `accepted | rejected`.
    Accept(bool),
    /// `days working | all`.
    Days(String),
    /// `season id "label" periods…`.
    Season {
        /// Season id.
        id: Spanned<String>,
        /// Label.
        label: String,
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
    /// A bare expression (a bool fact).
    Truthy(Spanned<Expr>),
    /// `a OP b`.
    Cmp(Spanned<Expr>, String, Spanned<Expr>),
    /// `a [not] in [..]`.
    In(Spanned<Expr>, bool, Vec<Spanned<Expr>>),
    /// `a has b`.
    Has(Spanned<Expr>, Spanned<Expr>),
    /// `a has any [..]`.
    HasAny(Spanned<Expr>, Vec<Spanned<Expr>>),
    /// `a within 150000`.
    Within(Spanned<Expr>, Spanned<String>),
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
    /// Binary arithmetic: `+`, `-`, `×`.
    Bin(Box<Spanned<Expr>>, char, Box<Spanned<Expr>>),
}

/// A literal as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number (`30`, `2.5`).
    Number(String),
    /// Money with its unit.
    Money(String, String),
    /// A duration with its unit.
    Duration(String, String),
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
