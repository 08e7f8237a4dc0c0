//! Primitive operations on [`Value`]s, shared by the interpreter and the compiled back end,
//! and the one Kleene `and` / `or` over three-valued results.
//!
//! Every operation takes `Option<Value>` (`None` = unknown, a fact the request lacks) and
//! propagates unknown; comparisons on an optional fact that is known to be absent
//! ([`Value::Absent`]) are false except `!=`.

use crate::ir::{CmpOp, MemberId, Value, region_within};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The arithmetic operators of the rule language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `×`
    Mul,
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) | (Value::Days(x), Value::Days(y)) | (Value::Minutes(x), Value::Minutes(y)) => Some(x.cmp(y)),
        (Value::Months(x), Value::Months(y)) => Some(x.cmp(y)),
        (Value::Money(x), Value::Money(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::TimeOfDay(x), Value::TimeOfDay(y)) => Some(x.cmp(y)),
        (Value::Region(x), Value::Region(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        (Value::Set(x), Value::Set(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

pub use crate::calendar::add_months;

/// `x + y`, `x - y`, `x × y`; `None` if either is unknown or the result is out of range.
pub fn arith(op: ArithOp, x: Option<Value>, y: Option<Value>) -> Option<Value> {
    use ArithOp::*;
    let (x, y) = (x?, y?);
    // An optional fact known to be absent stays absent: `absent + 1 years` is absent, and a
    // comparison with it is false.
    if matches!(x, Value::Absent) || matches!(y, Value::Absent) {
        return Some(Value::Absent);
    }
    Some(match (x, y) {
        (Value::Int(a), Value::Int(b)) => Value::Int(match op {
            Add => a.checked_add(b)?,
            Sub => a.checked_sub(b)?,
            Mul => a.checked_mul(b)?,
        }),
        (Value::Date(a), Value::Date(b)) => Value::Days((a - b).num_days()),
        (Value::Date(a), Value::Days(d)) => {
            let dur = chrono::Duration::try_days(d)?;
            Value::Date(if op == Sub { a.checked_sub_signed(dur)? } else { a.checked_add_signed(dur)? })
        }
        (Value::Date(a), Value::Months(m)) => Value::Date(add_months(a, if op == Sub { m.checked_neg()? } else { m })?),
        (Value::Time(a), Value::Time(b)) => Value::Minutes((a - b).num_minutes()),
        (Value::Time(a), Value::Minutes(m)) => {
            let dur = chrono::Duration::try_minutes(m)?;
            Value::Time(if op == Sub { a.checked_sub_signed(dur)? } else { a.checked_add_signed(dur)? })
        }
        (Value::Money(a), Value::Money(b)) => Value::Money(if op == Sub { a.checked_sub(b)? } else { a.checked_add(b)? }),
        (Value::Money(a), Value::Int(b)) => Value::Money(a.checked_mul(Decimal::from(b))?),
        (Value::Days(a), Value::Days(b)) => Value::Days(if op == Sub { a.checked_sub(b)? } else { a.checked_add(b)? }),
        (Value::Minutes(a), Value::Minutes(b)) => Value::Minutes(if op == Sub { a.checked_sub(b)? } else { a.checked_add(b)? }),
        (Value::Months(a), Value::Months(b)) => Value::Months(if op == Sub { a.checked_sub(b)? } else { a.checked_add(b)? }),
        _ => return None,
    })
}

/// `x OP y`. An absent optional fact equals nothing and is not ordered.
pub fn cmp(x: Option<Value>, op: CmpOp, y: Option<Value>) -> Option<bool> {
    cmp_ref(x.as_ref(), op, y.as_ref())
}

/// `x in [vals]` (or `not in` when `neg`).
pub fn in_list(x: Option<Value>, vals: &[Value], neg: bool) -> Option<bool> {
    let v = x?;
    Some(vals.contains(&v) != neg)
}

/// `set has m`.
pub fn has(x: Option<Value>, m: MemberId) -> Option<bool> {
    match x? {
        Value::Set(bits) => Some(bits & (1u64 << (m as u64 & 63)) != 0),
        _ => None,
    }
}

/// `region within code` (false for an optional region fact known to be absent).
pub fn within(x: Option<Value>, code: u32) -> Option<bool> {
    match x? {
        Value::Region(r) => Some(region_within(r, code)),
        Value::Absent => Some(false),
        _ => None,
    }
}

/// A bool fact or expression as a condition.
pub fn truthy(x: Option<Value>) -> Option<bool> {
    match x? {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Typed operations for generated code: the operand is a reference to a fact's value (no
// clone), the literal has its concrete type. Each gives exactly what the generic operation
// above gives for the same operands (unit tests below and `tests/compiled.rs`).

fn holds(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

/// `x OP y` for a literal `y` of a concrete type: `get` reads `x` as that type (`None` when
/// it is another). An absent optional fact equals nothing and is not ordered, as in [`cmp`].
fn cmp_by<T: Ord>(x: Option<&Value>, op: CmpOp, y: &T, get: impl Fn(&Value) -> Option<&T>) -> Option<bool> {
    let x = x?;
    if matches!(x, Value::Absent) {
        return Some(op == CmpOp::Ne);
    }
    Some(holds(op, get(x)?.cmp(y)))
}

macro_rules! typed_cmp {
    ($(#[$doc:meta] $name:ident: $t:ty = $variant:ident;)*) => {$(
        #[$doc]
        pub fn $name(x: Option<&Value>, op: CmpOp, y: $t) -> Option<bool> {
            cmp_by(x, op, &y, |v| match v {
                Value::$variant(a) => Some(a),
                _ => None,
            })
        }
    )*};
}

typed_cmp! {
    /// `enum fact OP member`.
    cmp_member: MemberId = Enum;
    /// `int OP n`.
    cmp_int: i64 = Int;
    /// `days OP n days`.
    cmp_days: i64 = Days;
    /// `minutes OP n minutes`.
    cmp_minutes: i64 = Minutes;
    /// `months OP n months`.
    cmp_months: i64 = Months;
    /// `money OP amount` (yuan).
    cmp_money: Decimal = Money;
    /// `date OP date`.
    cmp_date: chrono::NaiveDate = Date;
    /// `time of day OP hh:mm`.
    cmp_time_of_day: chrono::NaiveTime = TimeOfDay;
    /// `region OP code`.
    cmp_region: u32 = Region;
    /// `bool OP true|false`.
    cmp_bool: bool = Bool;
}

/// `x OP y` on references ([`cmp`] takes values): the generated code's comparison of
/// operands that are not literals (two facts, expressions).
pub fn cmp_ref(x: Option<&Value>, op: CmpOp, y: Option<&Value>) -> Option<bool> {
    let (x, y) = (x?, y?);
    if matches!(x, Value::Absent) || matches!(y, Value::Absent) {
        return Some(match op {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            _ => false,
        });
    }
    Some(holds(op, compare(x, y)?))
}

/// `enum fact in [members]` (`not in` when `neg`), as [`in_list`] over enum literals.
pub fn member_in(x: Option<&Value>, members: &[MemberId], neg: bool) -> Option<bool> {
    Some(match x? {
        Value::Enum(m) => members.contains(m) != neg,
        _ => neg,
    })
}

/// `x in [vals]` on a reference, as [`in_list`].
pub fn in_list_ref(x: Option<&Value>, vals: &[Value], neg: bool) -> Option<bool> {
    Some(vals.contains(x?) != neg)
}

/// `set fact has member`, as [`has`].
pub fn set_has(x: Option<&Value>, m: MemberId) -> Option<bool> {
    match x? {
        Value::Set(bits) => Some(bits & (1u64 << (m as u64 & 63)) != 0),
        _ => None,
    }
}

/// `region fact within code`, as [`within`].
pub fn region_in(x: Option<&Value>, code: u32) -> Option<bool> {
    match x? {
        Value::Region(r) => Some(region_within(*r, code)),
        Value::Absent => Some(false),
        _ => None,
    }
}

/// A bool fact as a condition, as [`truthy`].
pub fn is_true(x: Option<&Value>) -> Option<bool> {
    match x? {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

/// Kleene `and` over operands evaluated in order, stopping at the first false one (so the
/// facts reported missing are those of the operands actually evaluated).
pub fn and(parts: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for p in parts {
        match p {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown { None } else { Some(true) }
}

/// Kleene `or`, stopping at the first true operand.
pub fn or(parts: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut unknown = false;
    for p in parts {
        match p {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    if unknown { None } else { Some(false) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn months_follow_the_civil_code() {
        // 民法典 第二百零二条: no corresponding day → the last day of that month.
        assert_eq!(add_months(d(2024, 2, 29), 12), Some(d(2025, 2, 28)));
        assert_eq!(add_months(d(2027, 3, 1), 12), Some(d(2028, 3, 1)));
        assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
        assert_eq!(add_months(d(2024, 3, 31), -1), Some(d(2024, 2, 29)));
    }

    #[test]
    fn comparisons_hold_exactly_at_their_bounds() {
        let (one, two) = (Some(Value::Int(1)), Some(Value::Int(2)));
        assert_eq!(cmp(one.clone(), CmpOp::Le, one.clone()), Some(true));
        assert_eq!(cmp(one.clone(), CmpOp::Lt, one.clone()), Some(false));
        assert_eq!(cmp(one.clone(), CmpOp::Ge, one.clone()), Some(true));
        assert_eq!(cmp(one.clone(), CmpOp::Gt, one.clone()), Some(false));
        assert_eq!(cmp(one.clone(), CmpOp::Lt, two.clone()), Some(true));
        assert_eq!(cmp(two.clone(), CmpOp::Le, one.clone()), Some(false));
        assert_eq!(cmp(one.clone(), CmpOp::Ne, two.clone()), Some(true));
        assert_eq!(cmp(None, CmpOp::Eq, one.clone()), None);
        assert_eq!(cmp(Some(Value::Absent), CmpOp::Eq, one.clone()), Some(false));
        assert_eq!(cmp(Some(Value::Absent), CmpOp::Ne, one), Some(true));
        // An optional fact known to be absent equals `none` and nothing else.
        assert_eq!(cmp(Some(Value::Absent), CmpOp::Eq, Some(Value::Absent)), Some(true));
        assert_eq!(cmp(Some(Value::Absent), CmpOp::Ne, Some(Value::Absent)), Some(false));
        assert_eq!(cmp(Some(Value::Absent), CmpOp::Le, Some(Value::Absent)), Some(false));
    }

    /// Two values of each type compare in their own order, and values of two types do not
    /// compare at all (unknown).
    #[test]
    fn values_of_each_type_are_ordered() {
        let t = |h: u32| chrono::DateTime::parse_from_rfc3339(&format!("2026-06-01T{h:02}:00:00+08:00")).ok();
        let tod = |h: u32| chrono::NaiveTime::from_hms_opt(h, 0, 0);
        let pairs = [
            (Value::Bool(false), Value::Bool(true)),
            (Value::Int(1), Value::Int(2)),
            (Value::Money(Decimal::new(1999, 2)), Value::Money(Decimal::new(20, 0))),
            (Value::Date(d(2026, 1, 31)), Value::Date(d(2026, 2, 1))),
            (t(9).map_or(Value::Absent, Value::Time), t(10).map_or(Value::Absent, Value::Time)),
            (tod(9).map_or(Value::Absent, Value::TimeOfDay), tod(17).map_or(Value::Absent, Value::TimeOfDay)),
            (Value::Region(150000), Value::Region(630000)),
            (Value::Str("CFCA".into()), Value::Str("GDCA".into())),
            (Value::Days(1), Value::Days(2)),
            (Value::Minutes(1), Value::Minutes(2)),
            (Value::Months(1), Value::Months(2)),
            (Value::Enum(0), Value::Enum(1)),
            (Value::Set(1), Value::Set(2)),
        ];
        for (a, b) in pairs {
            assert_eq!(compare(&a, &b), Some(Ordering::Less), "{a:?} < {b:?}");
            assert_eq!(compare(&b, &a), Some(Ordering::Greater), "{b:?} > {a:?}");
            assert_eq!(compare(&a, &a), Some(Ordering::Equal), "{a:?} = itself");
        }
        assert_eq!(compare(&Value::Days(1), &Value::Int(1)), None);
        assert_eq!(cmp(Some(Value::Days(1)), CmpOp::Eq, Some(Value::Int(1))), None);
    }

    #[test]
    fn kleene_logic() {
        assert_eq!(and([Some(true), None]), None);
        assert_eq!(and([None, Some(false)]), Some(false));
        assert_eq!(and([Some(true), Some(true)]), Some(true));
        assert_eq!(or([Some(false), None]), None);
        assert_eq!(or([None, Some(true)]), Some(true));
        assert_eq!(or([Some(false), Some(false)]), Some(false));
    }

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(arith(ArithOp::Add, Some(Value::Int(i64::MAX)), Some(Value::Int(1))), None);
        assert_eq!(arith(ArithOp::Sub, Some(Value::Int(3)), Some(Value::Int(1))), Some(Value::Int(2)));
        assert_eq!(arith(ArithOp::Mul, Some(Value::Int(3)), Some(Value::Int(4))), Some(Value::Int(12)));
        assert_eq!(arith(ArithOp::Sub, Some(Value::Date(d(2026, 12, 10))), Some(Value::Date(d(2026, 11, 21)))), Some(Value::Days(19)));
        assert_eq!(arith(ArithOp::Add, Some(Value::Date(d(2026, 1, 31))), Some(Value::Months(1))), Some(Value::Date(d(2026, 2, 28))));
        assert_eq!(arith(ArithOp::Add, Some(Value::Date(d(2026, 1, 1))), Some(Value::Days(i64::MAX))), None);
        assert_eq!(arith(ArithOp::Add, Some(Value::Absent), Some(Value::Months(12))), Some(Value::Absent));
        assert_eq!(cmp(arith(ArithOp::Add, Some(Value::Absent), Some(Value::Months(12))), CmpOp::Ge, Some(Value::Date(d(2026, 1, 1)))), Some(false));
    }

    /// Each pair of units adds and subtracts as its units say (swapping `+` and `−` in any
    /// arm changes one of these); differences of dates and of times, and money times a count.
    #[test]
    fn each_unit_adds_and_subtracts() {
        let at = |h, m| d(2026, 11, 21).and_hms_opt(h, m, 0).and_then(|x| x.and_local_timezone(crate::calendar::cst()).single());
        let (Some(ten), Some(half_past), Some(half_nine)) = (at(10, 0), at(10, 30), at(9, 30)) else { panic!("times") };
        let money = |n| Value::Money(Decimal::new(n, 0));
        let cases = [
            (Value::Int(5), Value::Int(3), Value::Int(8), Value::Int(2)),
            (Value::Date(d(2026, 11, 21)), Value::Days(10), Value::Date(d(2026, 12, 1)), Value::Date(d(2026, 11, 11))),
            (Value::Date(d(2026, 11, 21)), Value::Months(2), Value::Date(d(2027, 1, 21)), Value::Date(d(2026, 9, 21))),
            (Value::Time(ten), Value::Minutes(30), Value::Time(half_past), Value::Time(half_nine)),
            (money(5), money(3), money(8), money(2)),
            (Value::Days(5), Value::Days(3), Value::Days(8), Value::Days(2)),
            (Value::Minutes(5), Value::Minutes(3), Value::Minutes(8), Value::Minutes(2)),
            (Value::Months(5), Value::Months(3), Value::Months(8), Value::Months(2)),
        ];
        for (x, y, sum, difference) in cases {
            assert_eq!(arith(ArithOp::Add, Some(x.clone()), Some(y.clone())), Some(sum), "{x:?} + {y:?}");
            assert_eq!(arith(ArithOp::Sub, Some(x.clone()), Some(y.clone())), Some(difference), "{x:?} - {y:?}");
        }
        assert_eq!(arith(ArithOp::Sub, Some(Value::Time(half_past)), Some(Value::Time(half_nine))), Some(Value::Minutes(60)));
        assert_eq!(arith(ArithOp::Sub, Some(Value::Date(d(2026, 11, 21))), Some(Value::Date(d(2026, 12, 10)))), Some(Value::Days(-19)));
        assert_eq!(arith(ArithOp::Mul, Some(money(300)), Some(Value::Int(3))), Some(money(900)));
        assert_eq!(arith(ArithOp::Add, Some(Value::Int(1)), None), None);
        assert_eq!(arith(ArithOp::Add, Some(Value::Int(1)), Some(Value::Bool(true))), None, "no arithmetic on other pairs");
    }

    /// Every typed operation answers what the generic one answers, on every pair of sample
    /// values (each kind, absent, unknown) and every operator.
    #[test]
    fn typed_operations_agree_with_the_generic_ones() {
        let samples = [
            None,
            Some(Value::Absent),
            Some(Value::Bool(false)),
            Some(Value::Bool(true)),
            Some(Value::Int(-1)),
            Some(Value::Int(3)),
            Some(Value::Days(30)),
            Some(Value::Minutes(30)),
            Some(Value::Months(12)),
            Some(Value::Money(Decimal::new(30000, 2))),
            Some(Value::Date(d(2026, 11, 21))),
            Some(Value::TimeOfDay(chrono::NaiveTime::MIN)),
            Some(Value::Region(630000)),
            Some(Value::Enum(1)),
            Some(Value::Enum(2)),
            Some(Value::Set(0b110)),
            Some(Value::Str("x".into())),
        ];
        let ops = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];
        for x in &samples {
            let xr = x.as_ref();
            for y in samples.iter().flatten() {
                for op in ops {
                    let want = cmp(x.clone(), op, Some(y.clone()));
                    let typed = match y {
                        Value::Enum(m) => cmp_member(xr, op, *m),
                        Value::Int(n) => cmp_int(xr, op, *n),
                        Value::Days(n) => cmp_days(xr, op, *n),
                        Value::Minutes(n) => cmp_minutes(xr, op, *n),
                        Value::Months(n) => cmp_months(xr, op, *n),
                        Value::Money(a) => cmp_money(xr, op, *a),
                        Value::Date(a) => cmp_date(xr, op, *a),
                        Value::TimeOfDay(a) => cmp_time_of_day(xr, op, *a),
                        Value::Region(a) => cmp_region(xr, op, *a),
                        Value::Bool(b) => cmp_bool(xr, op, *b),
                        _ => want,
                    };
                    assert_eq!(typed, want, "typed {x:?} {op:?} {y:?}");
                }
            }
            for neg in [false, true] {
                assert_eq!(member_in(xr, &[1, 3], neg), in_list(x.clone(), &[Value::Enum(1), Value::Enum(3)], neg), "{x:?} in");
                let lits = [Value::Int(3), Value::Region(630000)];
                assert_eq!(in_list_ref(xr, &lits, neg), in_list(x.clone(), &lits, neg), "{x:?} in lits");
            }
            assert_eq!(set_has(xr, 2), has(x.clone(), 2), "{x:?} has");
            assert_eq!(region_in(xr, 630000), within(x.clone(), 630000), "{x:?} within");
            assert_eq!(is_true(xr), truthy(x.clone()), "{x:?} truthy");
        }
    }

    /// Guards the mutation "`<=` evaluated as `<`" (and `>=` as `>`) in the engine's ops
    /// (issue 10): at equality `<=` and `>=` hold and `<`, `>` do not, in the generic
    /// comparison and in every typed one the compiled back end calls, for every kind of value.
    #[test]
    fn le_and_ge_hold_at_equality_in_every_comparison() {
        let t = chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
        let money = Decimal::new(30000, 2);
        let equal = [
            (Value::Int(3), cmp_int(Some(&Value::Int(3)), CmpOp::Le, 3), cmp_int(Some(&Value::Int(3)), CmpOp::Ge, 3)),
            (Value::Days(30), cmp_days(Some(&Value::Days(30)), CmpOp::Le, 30), cmp_days(Some(&Value::Days(30)), CmpOp::Ge, 30)),
            (Value::Minutes(5), cmp_minutes(Some(&Value::Minutes(5)), CmpOp::Le, 5), cmp_minutes(Some(&Value::Minutes(5)), CmpOp::Ge, 5)),
            (Value::Months(12), cmp_months(Some(&Value::Months(12)), CmpOp::Le, 12), cmp_months(Some(&Value::Months(12)), CmpOp::Ge, 12)),
            (Value::Money(money), cmp_money(Some(&Value::Money(money)), CmpOp::Le, money), cmp_money(Some(&Value::Money(money)), CmpOp::Ge, money)),
            (
                Value::Date(d(2026, 11, 21)),
                cmp_date(Some(&Value::Date(d(2026, 11, 21))), CmpOp::Le, d(2026, 11, 21)),
                cmp_date(Some(&Value::Date(d(2026, 11, 21))), CmpOp::Ge, d(2026, 11, 21)),
            ),
            (Value::TimeOfDay(t), cmp_time_of_day(Some(&Value::TimeOfDay(t)), CmpOp::Le, t), cmp_time_of_day(Some(&Value::TimeOfDay(t)), CmpOp::Ge, t)),
            (Value::Region(630000), cmp_region(Some(&Value::Region(630000)), CmpOp::Le, 630000), cmp_region(Some(&Value::Region(630000)), CmpOp::Ge, 630000)),
            (Value::Enum(2), cmp_member(Some(&Value::Enum(2)), CmpOp::Le, 2), cmp_member(Some(&Value::Enum(2)), CmpOp::Ge, 2)),
        ];
        for (v, le, ge) in equal {
            assert_eq!((le, ge), (Some(true), Some(true)), "typed {v:?} <= / >= itself");
            let x = Some(v.clone());
            assert_eq!(cmp(x.clone(), CmpOp::Le, x.clone()), Some(true), "{v:?} <= itself");
            assert_eq!(cmp(x.clone(), CmpOp::Ge, x.clone()), Some(true), "{v:?} >= itself");
            assert_eq!(cmp(x.clone(), CmpOp::Lt, x.clone()), Some(false), "{v:?} < itself");
            assert_eq!(cmp(x.clone(), CmpOp::Gt, x.clone()), Some(false), "{v:?} > itself");
            assert_eq!(cmp_ref(Some(&v), CmpOp::Le, Some(&v)), Some(true), "{v:?} <= itself by reference");
        }
        // And strictly: 2 <= 3 holds, 3 <= 2 does not.
        assert_eq!(cmp_int(Some(&Value::Int(2)), CmpOp::Le, 3), Some(true));
        assert_eq!(cmp_int(Some(&Value::Int(3)), CmpOp::Le, 2), Some(false));
        assert_eq!(cmp_int(Some(&Value::Int(3)), CmpOp::Ge, 2), Some(true));
    }

    #[test]
    fn sets_regions_and_lists() {
        assert_eq!(has(Some(Value::Set(0b100)), 2), Some(true));
        assert_eq!(has(Some(Value::Set(0b100)), 1), Some(false));
        assert_eq!(within(Some(Value::Region(152501)), 150000), Some(true));
        assert_eq!(within(Some(Value::Region(371500)), 150000), Some(false));
        assert_eq!(in_list(Some(Value::Int(2)), &[Value::Int(1), Value::Int(2)], false), Some(true));
        assert_eq!(in_list(Some(Value::Int(2)), &[Value::Int(1), Value::Int(2)], true), Some(false));
        assert_eq!(truthy(Some(Value::Bool(true))), Some(true));
        assert_eq!(truthy(None), None);
    }
}
