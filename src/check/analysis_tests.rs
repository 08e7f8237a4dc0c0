//! Unit tests of the conflict analysis (`check::analysis`).
use super::disjoint;
use crate::ir::{CmpOp, Cond, Expr, Node, Value, list};
use crate::rules::test_support::rs;
use rust_decimal::Decimal;

fn fact(path: &str) -> Expr {
    Expr::Fact(rs().fact(path).unwrap_or_else(|| panic!("no fact {path}")))
}

fn cmp(path: &str, op: CmpOp, v: Value) -> Cond {
    Cond::Cmp(fact(path), op, Expr::Lit(v))
}

fn not(c: Cond) -> Cond {
    Cond::Not(Node::new(c))
}

/// Month and year arithmetic is not linear (a month has no fixed length), yet a
/// comparison and its opposite never hold together: `today <= d + 1 years` and
/// `today > d + 1 years` are disjoint, as the same pair in days is.
#[test]
fn a_comparison_with_months_and_its_opposite_are_disjoint() {
    let year_after = || Expr::Add(Node::new(fact("certificate.expires_on")), Node::new(Expr::Lit(Value::Months(12))));
    let within = Cond::Cmp(Expr::Today, CmpOp::Le, year_after());
    let past = Cond::Cmp(Expr::Today, CmpOp::Gt, year_after());
    assert!(disjoint(&within, &past, rs()));
    assert!(disjoint(&Cond::Cmp(Expr::Today, CmpOp::Lt, year_after()), &Cond::Cmp(Expr::Today, CmpOp::Ge, year_after()), rs()));
    assert!(disjoint(&Cond::Cmp(Expr::Today, CmpOp::Eq, year_after()), &Cond::Cmp(Expr::Today, CmpOp::Ne, year_after()), rs()));
    // Different bounds may overlap: not disjoint.
    assert!(!disjoint(&within, &Cond::Cmp(Expr::Today, CmpOp::Ge, year_after()), rs()));
}

/// One condition of each form the analysis reads (enum, bool, set, region, linear forms
/// of numbers, dates and money, opaque), negated and combined.
fn forms() -> Vec<Cond> {
    let days_left = Expr::Sub(Node::new(fact("certificate.expires_on")), Node::new(Expr::Today));
    let atoms = vec![
        cmp("service", CmpOp::Eq, Value::Enum(1)),
        cmp("service", CmpOp::Ne, Value::Enum(1)),
        Cond::In(fact("applicant.kind"), list(vec![Value::Enum(0)]), false),
        Cond::In(fact("applicant.kind"), list(vec![Value::Enum(0)]), true),
        cmp("reason", CmpOp::Eq, Value::Enum(2)),
        Cond::Truthy(fact("bidding.closed")),
        cmp("years", CmpOp::Le, Value::Int(3)),
        cmp("years", CmpOp::Eq, Value::Int(2)),
        cmp("years", CmpOp::Gt, Value::Int(1)),
        Cond::In(fact("years"), list(vec![Value::Int(1), Value::Int(2)]), false),
        Cond::Cmp(days_left.clone(), CmpOp::Le, Expr::Lit(Value::Days(90))),
        Cond::Cmp(days_left, CmpOp::Ge, Expr::Lit(Value::Days(0))),
        Cond::Cmp(fact("certificate.expires_on"), CmpOp::Lt, Expr::Today),
        cmp("charged", CmpOp::Ge, Value::Money(Decimal::new(100, 0))),
        Cond::Has(fact("applicant.roles"), 0),
        Cond::Within(fact("certificate.issued_in"), 150000),
        Cond::Cmp(fact("as_of"), CmpOp::Ge, Expr::Fact(rs().known.as_of)),
    ];
    let mut all = atoms.clone();
    all.extend(atoms.iter().cloned().map(not));
    // Atoms two apart are compatible (neighbours may be an atom and its opposite).
    all.extend(atoms.iter().zip(atoms.iter().skip(2)).map(|(a, b)| Cond::And(list(vec![a.clone(), b.clone()]))));
    all.extend(atoms.windows(3).map(|w| Cond::Or(list(w.to_vec()))));
    all
}

/// Guards the mutation "the conflict analysis made unsound: two identical conditions
/// called disjoint" (issue 10) — which would let two rules that always apply together
/// pass `carules check` without `overrides`: no condition of any form, nor the condition
/// of any shipped rule, is disjoint from itself (each can hold).
#[test]
fn no_condition_is_disjoint_from_itself() {
    let rs = rs();
    let shipped = rs.rules.iter().map(|r| r.when.clone()).filter(|c| !matches!(c, Cond::Const(false)));
    for c in forms().into_iter().chain(shipped) {
        assert!(!disjoint(&c, &c, rs), "called disjoint from itself: {c:?}");
    }
}

/// A comparison left with no fact (both sides constant) is decided: a false one is
/// disjoint from anything, a true one from nothing that can hold.
#[test]
fn comparisons_of_constants_are_decided() {
    let c = |a: i64, op, b: i64| Cond::Cmp(Expr::Lit(Value::Int(a)), op, Expr::Lit(Value::Int(b)));
    let other = cmp("years", CmpOp::Eq, Value::Int(2));
    for (a, b) in [(1, 1), (1, 2), (2, 1)] {
        for (op, holds) in [(CmpOp::Eq, a == b), (CmpOp::Ne, a != b), (CmpOp::Lt, a < b), (CmpOp::Le, a <= b), (CmpOp::Gt, a > b), (CmpOp::Ge, a >= b)] {
            // A false comparison can never hold with anything; a true one is no obstacle.
            assert_eq!(disjoint(&c(a, op, b), &other, rs()), !holds, "{a} {op:?} {b}");
        }
    }
}

/// A form scaled by a constant (`years × 2`) is still a linear form.
#[test]
fn scaled_forms_are_linear() {
    let twice = || Expr::Mul(Node::new(fact("years")), Node::new(Expr::Lit(Value::Int(2))));
    let at_most_4 = Cond::Cmp(twice(), CmpOp::Le, Expr::Lit(Value::Int(4)));
    let at_least_6 = Cond::Cmp(twice(), CmpOp::Ge, Expr::Lit(Value::Int(6)));
    assert!(disjoint(&at_most_4, &at_least_6, rs()));
    let two_times = Cond::Cmp(Expr::Mul(Node::new(Expr::Lit(Value::Int(2))), Node::new(fact("years"))), CmpOp::Ge, Expr::Lit(Value::Int(6)));
    assert!(disjoint(&at_most_4, &two_times, rs()));
    // Excluding one value leaves the others: `years != 1` can hold with `years >= 0`.
    assert!(!disjoint(&cmp("years", CmpOp::Ne, Value::Int(1)), &cmp("years", CmpOp::Ge, Value::Int(0)), rs()));
    // A scaled form is not a constant: `years × 2 ≥ 6` can hold with `years == 3`.
    assert!(!disjoint(&two_times, &cmp("years", CmpOp::Eq, Value::Int(3)), rs()));
}

/// The normal form is analysed up to 512 terms, from a conjunction or a disjunction, and
/// given up past it (two such conditions are then not called disjoint).
#[test]
fn the_normal_form_is_analysed_up_to_512_terms() {
    let new = || cmp("service", CmpOp::Eq, Value::Enum(0));
    let renewal = cmp("service", CmpOp::Eq, Value::Enum(1));
    let either = |i: i64| Cond::Or(list(vec![cmp("years", CmpOp::Eq, Value::Int(i)), Cond::Truthy(fact("bidding.closed"))]));
    // new ∧ (9 or 10 disjunctions of two): 512 or 1,024 terms.
    let product = |n: i64| Cond::And(list(std::iter::once(new()).chain((0..n).map(either)).collect()));
    assert!(disjoint(&product(9), &renewal, rs()));
    assert!(!disjoint(&product(10), &renewal, rs()));
    // 512 or 513 alternatives, each for new certificates.
    let sum = |n: i64| Cond::Or(list((0..n).map(|i| Cond::And(list(vec![new(), cmp("years", CmpOp::Eq, Value::Int(i))]))).collect()));
    assert!(disjoint(&sum(512), &renewal, rs()));
    assert!(!disjoint(&sum(513), &renewal, rs()));
}

/// The analysis is not vacuous: contradictions of each form are found.
#[test]
fn contradictions_of_each_form_are_found() {
    let days_left = || Expr::Sub(Node::new(fact("certificate.expires_on")), Node::new(Expr::Today));
    let pairs = [
        (cmp("service", CmpOp::Eq, Value::Enum(0)), cmp("service", CmpOp::Eq, Value::Enum(1))),
        (cmp("years", CmpOp::Le, Value::Int(2)), cmp("years", CmpOp::Ge, Value::Int(3))),
        (Cond::Truthy(fact("bidding.closed")), not(Cond::Truthy(fact("bidding.closed")))),
        (Cond::Has(fact("applicant.roles"), 1), not(Cond::Has(fact("applicant.roles"), 1))),
        (Cond::Within(fact("certificate.issued_in"), 150000), Cond::Within(fact("certificate.issued_in"), 370000)),
        (Cond::Cmp(days_left(), CmpOp::Le, Expr::Lit(Value::Days(30))), Cond::Cmp(days_left(), CmpOp::Gt, Expr::Lit(Value::Days(30)))),
        (cmp("years", CmpOp::Eq, Value::Int(2)), cmp("years", CmpOp::Eq, Value::Int(3))),
        (Cond::Truthy(fact("bidding.closed")), cmp("bidding.closed", CmpOp::Eq, Value::Bool(false))),
        (Cond::Truthy(fact("bidding.closed")), cmp("bidding.closed", CmpOp::Ne, Value::Bool(true))),
        // A list of numbers is read as values of the linear form, not as an opaque atom.
        (Cond::In(fact("years"), list(vec![Value::Int(1), Value::Int(2)]), false), cmp("years", CmpOp::Eq, Value::Int(3))),
        (Cond::In(fact("years"), list(vec![Value::Int(1), Value::Int(2)]), false), cmp("years", CmpOp::Ge, Value::Int(3))),
        // Amounts of money are read in fen.
        (cmp("charged", CmpOp::Lt, Value::Money(Decimal::new(10000, 2))), cmp("charged", CmpOp::Ge, Value::Money(Decimal::new(100, 0)))),
        // Dates are read as day numbers.
        (
            cmp("certificate.expires_on", CmpOp::Le, Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default())),
            cmp("certificate.expires_on", CmpOp::Ge, Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default())),
        ),
        // Every value of a range excluded one by one.
        (
            Cond::And(list(vec![cmp("years", CmpOp::Ge, Value::Int(1)), cmp("years", CmpOp::Le, Value::Int(2)), cmp("years", CmpOp::Ne, Value::Int(1))])),
            cmp("years", CmpOp::Ne, Value::Int(2)),
        ),
        // A form written the other way round (`30 < expires_on - today`) is the same form.
        (Cond::Cmp(days_left(), CmpOp::Le, Expr::Lit(Value::Days(30))), Cond::Cmp(Expr::Lit(Value::Days(30)), CmpOp::Lt, days_left())),
        // Excluding every member of an enum (`applicant.kind`: 单位, 个人) leaves nothing.
        (Cond::In(fact("applicant.kind"), list(vec![Value::Enum(0)]), true), Cond::In(fact("applicant.kind"), list(vec![Value::Enum(1)]), true)),
    ];
    for (a, b) in &pairs {
        assert!(disjoint(a, b, rs()), "not found disjoint: {a:?} / {b:?}");
        assert!(!disjoint(a, a, rs()) && !disjoint(b, b, rs()), "{a:?} / {b:?}");
    }
}
