//! Types, run-time values, expressions and conditions of the IR.

use super::*;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

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
    /// 元/个/年 — per piece per year: the quantity counts pieces, multiplied by `years`.
    PerPiecePerYear,
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
            MoneyUnit::PerPiecePerYear => "元/个/年",
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
            MoneyUnit::PerPiecePerYear => "个/年",
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
            "元/个/年" => MoneyUnit::PerPiecePerYear,
            _ => return None,
        })
    }
    /// Whether an item in this unit needs an explicit quantity (`× <expr>`): per set, piece,
    /// key, certificate or piece per year (the pieces; the years come from `years`). Per year
    /// defaults to `years`, once and per time to 1.
    pub fn needs_quantity(self) -> bool {
        matches!(self, MoneyUnit::PerSet | MoneyUnit::PerPiece | MoneyUnit::PerKey | MoneyUnit::PerCertificate | MoneyUnit::PerPiecePerYear)
    }
    /// Whether the item's quantity is multiplied by `years` (per year, per piece per year).
    pub fn reads_years(self) -> bool {
        matches!(self, MoneyUnit::PerYear | MoneyUnit::PerPiecePerYear)
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
    Str(Text),
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
    Add(Node<Expr>, Node<Expr>),
    /// `a - b`.
    Sub(Node<Expr>, Node<Expr>),
    /// `a × b`.
    Mul(Node<Expr>, Node<Expr>),
    /// How many certificates of the collection satisfy the condition.
    Count(Collection, Node<Cond>),
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
    And(List<Cond>),
    /// Any of.
    Or(List<Cond>),
    /// Not.
    Not(Node<Cond>),
    /// A bool expression.
    Truthy(Expr),
    /// Comparison.
    Cmp(Expr, CmpOp, Expr),
    /// Membership in a list of constants (negated when the flag is set).
    In(Expr, List<Value>, bool),
    /// A set fact holds a member.
    Has(Expr, MemberId),
    /// A region code lies within a region (same code or a descendant by GB/T 2260 prefix).
    Within(Expr, u32),
    /// The condition holds for any / all certificates of the collection.
    Quant(Quantifier, Collection, Node<Cond>),
}
