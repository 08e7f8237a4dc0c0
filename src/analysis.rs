//! Static analysis of conditions: can two conditions both hold?
//!
//! Conditions are brought to disjunctive normal form over *atoms* on single facts
//! (`kind ∈ {a, b}`, `registered`, `years ∈ [1, 2]`, `roles ∋ x`, `issued_in within c`);
//! two conditions are *disjoint* when every pair of their conjunctions contains a
//! contradiction. Anything the analysis does not understand is an opaque atom, which only
//! contradicts its own negation — so the analysis may say "may overlap" where the rules are
//! in fact disjoint (the author then adds `overrides`), but never the reverse.

use crate::ir::{CmpOp, Cond, Expr, FactId, RuleSet, Type, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A constraint on one fact, or an opaque condition.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    EnumIn(FactId, u64),
    Bool(FactId),
    IntRange(FactId, i64, i64),
    IntIn(FactId, BTreeSet<i64>),
    Has(FactId, u16),
    Within(FactId, u32),
    Opaque(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Lit {
    atom: Atom,
    pos: bool,
}

type Dnf = Vec<Vec<Lit>>;

const MAX_TERMS: usize = 512;

/// The DNF of a condition, or `None` when it grows too large to analyse.
fn dnf(c: &Cond, neg: bool, rs: &RuleSet) -> Option<Dnf> {
    let lit = |atom: Atom, pos: bool| Some(vec![vec![Lit { atom, pos }]]);
    match c {
        Cond::Const(b) => Some(if *b != neg { vec![vec![]] } else { vec![] }),
        Cond::Not(inner) => dnf(inner, !neg, rs),
        Cond::And(cs) | Cond::Or(cs) => {
            let conj = matches!(c, Cond::And(_)) != neg;
            let parts = cs.iter().map(|x| dnf(x, neg, rs)).collect::<Option<Vec<_>>>()?;
            if conj {
                let mut acc: Dnf = vec![vec![]];
                for p in parts {
                    let mut next = Vec::new();
                    for a in &acc {
                        for b in &p {
                            let mut t = a.clone();
                            t.extend(b.iter().cloned());
                            next.push(t);
                        }
                    }
                    if next.len() > MAX_TERMS {
                        return None;
                    }
                    acc = next;
                }
                Some(acc)
            } else {
                let all: Dnf = parts.into_iter().flatten().collect();
                (all.len() <= MAX_TERMS).then_some(all)
            }
        }
        Cond::Truthy(Expr::Fact(f)) => lit(Atom::Bool(*f), !neg),
        Cond::Cmp(Expr::Fact(f), op, Expr::Lit(v)) => {
            let ty = rs.facts.get(*f).map(|x| x.ty);
            match (ty, v) {
                (Some(Type::Enum(_)), Value::Enum(m)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    lit(Atom::EnumIn(*f, 1u64 << (*m as u64 & 63)), (*op == CmpOp::Eq) != neg)
                }
                (Some(Type::Bool), Value::Bool(b)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => lit(Atom::Bool(*f), ((*op == CmpOp::Eq) == *b) != neg),
                (Some(Type::Int), Value::Int(n)) => {
                    let op = if neg { op.negate() } else { *op };
                    let n = *n;
                    match op {
                        CmpOp::Eq => lit(Atom::IntRange(*f, n, n), true),
                        CmpOp::Ne => lit(Atom::IntIn(*f, BTreeSet::from([n])), false),
                        CmpOp::Lt => lit(Atom::IntRange(*f, i64::MIN, n.saturating_sub(1)), true),
                        CmpOp::Le => lit(Atom::IntRange(*f, i64::MIN, n), true),
                        CmpOp::Gt => lit(Atom::IntRange(*f, n.saturating_add(1), i64::MAX), true),
                        CmpOp::Ge => lit(Atom::IntRange(*f, n, i64::MAX), true),
                    }
                }
                _ => lit(Atom::Opaque(format!("{c:?}")), !neg),
            }
        }
        Cond::In(Expr::Fact(f), vals, negated) => {
            let pos = !(neg ^ negated);
            let ty = rs.facts.get(*f).map(|x| x.ty);
            match ty {
                Some(Type::Enum(_)) => {
                    let mask = vals.iter().fold(0u64, |m, v| match v {
                        Value::Enum(x) => m | (1u64 << (*x as u64 & 63)),
                        _ => m,
                    });
                    lit(Atom::EnumIn(*f, mask), pos)
                }
                Some(Type::Int) => {
                    let set = vals.iter().filter_map(|v| if let Value::Int(n) = v { Some(*n) } else { None }).collect();
                    lit(Atom::IntIn(*f, set), pos)
                }
                _ => lit(Atom::Opaque(format!("{:?}", Cond::In(Expr::Fact(*f), vals.clone(), false))), pos),
            }
        }
        Cond::Has(Expr::Fact(f), m) => lit(Atom::Has(*f, *m), !neg),
        Cond::Within(Expr::Fact(f), code) => lit(Atom::Within(*f, *code), !neg),
        other => lit(Atom::Opaque(format!("{other:?}")), !neg),
    }
}

pub use crate::ir::region_within;

fn contradictory(lits: &[&Lit], rs: &RuleSet) -> bool {
    let mut enum_pos: BTreeMap<FactId, u64> = BTreeMap::new();
    let mut enum_neg: BTreeMap<FactId, u64> = BTreeMap::new();
    let mut bools: BTreeMap<FactId, (bool, bool)> = BTreeMap::new();
    let mut ranges: BTreeMap<FactId, (i64, i64)> = BTreeMap::new();
    let mut int_pos: BTreeMap<FactId, BTreeSet<i64>> = BTreeMap::new();
    let mut int_neg: BTreeMap<FactId, BTreeSet<i64>> = BTreeMap::new();
    let mut has: BTreeMap<(FactId, u16), (bool, bool)> = BTreeMap::new();
    let mut within_pos: BTreeMap<FactId, Vec<u32>> = BTreeMap::new();
    let mut within_neg: BTreeMap<FactId, Vec<u32>> = BTreeMap::new();
    let mut opaque: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for l in lits {
        match &l.atom {
            Atom::EnumIn(f, m) => {
                if l.pos {
                    *enum_pos.entry(*f).or_insert(u64::MAX) &= m;
                } else {
                    *enum_neg.entry(*f).or_insert(0) |= m;
                }
            }
            Atom::Bool(f) => {
                let e = bools.entry(*f).or_insert((false, false));
                if l.pos { e.0 = true } else { e.1 = true }
            }
            Atom::IntRange(f, lo, hi) => {
                let e = ranges.entry(*f).or_insert((i64::MIN, i64::MAX));
                e.0 = e.0.max(*lo);
                e.1 = e.1.min(*hi);
            }
            Atom::IntIn(f, s) => {
                if l.pos {
                    let e = int_pos.entry(*f).or_insert_with(|| s.clone());
                    *e = e.intersection(s).copied().collect();
                } else {
                    int_neg.entry(*f).or_default().extend(s.iter().copied());
                }
            }
            Atom::Has(f, m) => {
                let e = has.entry((*f, *m)).or_insert((false, false));
                if l.pos { e.0 = true } else { e.1 = true }
            }
            Atom::Within(f, c) => {
                if l.pos {
                    within_pos.entry(*f).or_default().push(*c);
                } else {
                    within_neg.entry(*f).or_default().push(*c);
                }
            }
            Atom::Opaque(s) => {
                let e = opaque.entry(s.as_str()).or_insert((false, false));
                if l.pos { e.0 = true } else { e.1 = true }
            }
        }
    }
    let universe = |f: FactId| -> u64 {
        match rs.facts.get(f).map(|x| x.ty) {
            Some(Type::Enum(e)) => {
                let n = rs.enums.get(e).map(|x| x.members.len()).unwrap_or(64);
                if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
            }
            _ => u64::MAX,
        }
    };
    let mut enum_facts: BTreeSet<FactId> = enum_pos.keys().copied().collect();
    enum_facts.extend(enum_neg.keys().copied());
    for f in enum_facts {
        let allowed = enum_pos.get(&f).copied().unwrap_or(u64::MAX) & universe(f) & !enum_neg.get(&f).copied().unwrap_or(0);
        if allowed == 0 {
            return true;
        }
    }
    if bools.values().any(|(p, n)| *p && *n) || has.values().any(|(p, n)| *p && *n) || opaque.values().any(|(p, n)| *p && *n) {
        return true;
    }
    let mut int_facts: BTreeSet<FactId> = ranges.keys().copied().collect();
    int_facts.extend(int_pos.keys().copied());
    int_facts.extend(int_neg.keys().copied());
    for f in int_facts {
        let (lo, hi) = ranges.get(&f).copied().unwrap_or((i64::MIN, i64::MAX));
        if lo > hi {
            return true;
        }
        let neg = int_neg.get(&f);
        let excluded = |v: &i64| neg.is_some_and(|n| n.contains(v));
        if let Some(p) = int_pos.get(&f) {
            if !p.iter().any(|v| *v >= lo && *v <= hi && !excluded(v)) {
                return true;
            }
        } else if let Some(n) = neg {
            let width = (hi as i128) - (lo as i128) + 1;
            let inside = n.iter().filter(|v| **v >= lo && **v <= hi).count() as i128;
            if inside >= width {
                return true;
            }
        }
    }
    for (f, pos) in &within_pos {
        for (i, a) in pos.iter().enumerate() {
            for b in pos.iter().skip(i + 1) {
                if !region_within(*a, *b) && !region_within(*b, *a) {
                    return true;
                }
            }
            if let Some(negs) = within_neg.get(f)
                && negs.iter().any(|n| region_within(*a, *n))
            {
                return true;
            }
        }
    }
    false
}

/// Whether `a ∧ b` is provably unsatisfiable.
pub fn disjoint(a: &Cond, b: &Cond, rs: &RuleSet) -> bool {
    let (Some(da), Some(db)) = (dnf(a, false, rs), dnf(b, false, rs)) else {
        return false;
    };
    da.iter().all(|ta| {
        db.iter().all(|tb| {
            let lits: Vec<&Lit> = ta.iter().chain(tb.iter()).collect();
            contradictory(&lits, rs)
        })
    })
}
