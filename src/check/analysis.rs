//! Static analysis of conditions: can two conditions both hold?
//!
//! Conditions are brought to disjunctive normal form over *atoms*: membership of an enum
//! fact (`kind ∈ {a, b}`), a bool fact, set membership (`roles ∋ x`), region containment,
//! and intervals on *linear forms* — integer combinations of facts and `today` over whole
//! numbers, dates (as day numbers), days and money (in fen) — so that
//! `certificate.expires_on < today` and `certificate.expires_on - today <= 90 days` are
//! constraints on the same form `expires_on − today`. Two conditions are *disjoint* when
//! every pair of their conjunctions contains a contradiction.
//!
//! Anything the analysis does not understand (times, months, quantifiers over the
//! certificates of a visit) is an opaque atom, which only contradicts its own negation — so
//! the analysis may say "may overlap" where the rules are in fact disjoint (the author then
//! adds `overrides`), but never the reverse. `tests/properties.rs` checks this soundness
//! against the evaluator on random conditions and facts.

use crate::ir::{CmpOp, Cond, Expr, FactId, MemberId, RuleSet, Type, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A term of a linear form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Term {
    Fact(FactId),
    Today,
}

/// `Σ coef × term`, terms sorted, no zero coefficient, first coefficient positive.
type Form = Vec<(Term, i128)>;

/// A constraint on one fact or form, or an opaque condition.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    EnumIn(FactId, u64),
    Bool(FactId),
    Has(FactId, MemberId),
    Within(FactId, u32),
    /// `form ∈ [lo, hi]`.
    Range(Form, i128, i128),
    /// `form ∈ {values}`.
    In(Form, BTreeSet<i128>),
    Opaque(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Lit {
    atom: Atom,
    pos: bool,
}

type Dnf = Vec<Vec<Lit>>;

const MAX_TERMS: usize = 512;

/// The bit standing for "absent" in the masks of optional enum facts (`default none`).
const ABSENT: u64 = 1 << 63;

/// The bit of member `m` (enums hold at most 63 members, so bit 63 stays free for absent).
fn bit(m: MemberId) -> u64 {
    1u64 << u64::from(m).min(62)
}

/// A linear form with a constant: `Σ coef × term + c`.
#[derive(Debug, Clone, Default)]
struct Linear {
    terms: BTreeMap<Term, i128>,
    c: i128,
}

impl Linear {
    fn scale(mut self, k: i128) -> Option<Linear> {
        for v in self.terms.values_mut() {
            *v = v.checked_mul(k)?;
        }
        self.c = self.c.checked_mul(k)?;
        Some(self)
    }
    fn add(mut self, o: Linear, sign: i128) -> Option<Linear> {
        for (t, v) in o.terms {
            let e = self.terms.entry(t).or_insert(0);
            *e = e.checked_add(v.checked_mul(sign)?)?;
        }
        self.terms.retain(|_, v| *v != 0);
        self.c = self.c.checked_add(o.c.checked_mul(sign)?)?;
        Some(self)
    }
}

/// The number a value stands for in a linear form (dates as day numbers, money in fen).
fn number(v: &Value) -> Option<i128> {
    Some(match v {
        Value::Int(n) | Value::Days(n) => i128::from(*n),
        Value::Date(d) => i128::from(chrono::Datelike::num_days_from_ce(d)),
        Value::Money(d) => {
            let fen = d.checked_mul(rust_decimal::Decimal::from(100))?;
            if fen.fract() != rust_decimal::Decimal::ZERO {
                return None;
            }
            fen.mantissa().checked_div(10i128.checked_pow(fen.scale())?)?
        }
        _ => return None,
    })
}

fn linear_type(t: Type) -> bool {
    matches!(t, Type::Int | Type::Date | Type::Days | Type::Money(_))
}

/// `e` as a linear form, when it is one over whole numbers, dates, days or money.
fn linear(e: &Expr, rs: &RuleSet) -> Option<Linear> {
    match e {
        Expr::Fact(f) => {
            // An optional fact (`default none`) may be absent, where `not (x < 5)` holds but
            // `x >= 5` does not: it is left to opaque atoms.
            if !rs.facts.get(*f).is_some_and(|x| linear_type(x.ty) && !matches!(x.default, Some(Value::Absent))) {
                return None;
            }
            Some(Linear { terms: BTreeMap::from([(Term::Fact(*f), 1)]), c: 0 })
        }
        Expr::Today => Some(Linear { terms: BTreeMap::from([(Term::Today, 1)]), c: 0 }),
        Expr::Lit(v) => Some(Linear { terms: BTreeMap::new(), c: number(v)? }),
        Expr::Add(a, b) => linear(a, rs)?.add(linear(b, rs)?, 1),
        Expr::Sub(a, b) => linear(a, rs)?.add(linear(b, rs)?, -1),
        Expr::Mul(a, b) => {
            let (x, y) = (linear(a, rs)?, linear(b, rs)?);
            match (x.terms.is_empty(), y.terms.is_empty()) {
                (_, true) => x.scale(y.c),
                (true, false) => y.scale(x.c),
                _ => None,
            }
        }
        Expr::Count(..) => None,
    }
}

/// `a OP b` as an atom on `form OP k`, or a constant when no term is left.
fn linear_atom(a: &Expr, op: CmpOp, b: &Expr, neg: bool, rs: &RuleSet) -> Option<Dnf> {
    let d = linear(a, rs)?.add(linear(b, rs)?, -1)?;
    let mut op = if neg { op.negate() } else { op };
    // form + c OP 0  ⇔  form OP −c
    let mut k = d.c.checked_neg()?;
    let mut form: Form = d.terms.into_iter().collect();
    if form.is_empty() {
        let holds = match op {
            CmpOp::Eq => 0 == k,
            CmpOp::Ne => 0 != k,
            CmpOp::Lt => 0 < k,
            CmpOp::Le => 0 <= k,
            CmpOp::Gt => 0 > k,
            CmpOp::Ge => 0 >= k,
        };
        return Some(if holds { vec![vec![]] } else { vec![] });
    }
    if form.first().is_some_and(|(_, c)| *c < 0) {
        for (_, c) in form.iter_mut() {
            *c = c.checked_neg()?;
        }
        k = k.checked_neg()?;
        op = match op {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        };
    }
    let (atom, pos) = match op {
        CmpOp::Eq => (Atom::Range(form, k, k), true),
        CmpOp::Ne => (Atom::In(form, BTreeSet::from([k])), false),
        CmpOp::Lt => (Atom::Range(form, i128::MIN, k.checked_sub(1)?), true),
        CmpOp::Le => (Atom::Range(form, i128::MIN, k), true),
        CmpOp::Gt => (Atom::Range(form, k.checked_add(1)?, i128::MAX), true),
        CmpOp::Ge => (Atom::Range(form, k, i128::MAX), true),
    };
    Some(vec![vec![Lit { atom, pos }]])
}

/// The DNF of a condition, or `None` when it grows too large to analyse.
fn dnf(c: &Cond, neg: bool, rs: &RuleSet) -> Option<Dnf> {
    let lit = |atom: Atom, pos: bool| Some(vec![vec![Lit { atom, pos }]]);
    let opaque = |c: &Cond, pos: bool| lit(Atom::Opaque(format!("{c:?}")), pos);
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
        Cond::Cmp(Expr::Fact(f), op, Expr::Lit(v))
            if matches!(op, CmpOp::Eq | CmpOp::Ne) && !matches!(v, Value::Int(_) | Value::Date(_) | Value::Money(_) | Value::Days(_)) =>
        {
            let ty = rs.facts.get(*f).map(|x| x.ty);
            match (ty, v) {
                (Some(Type::Enum(_)), Value::Enum(m)) => lit(Atom::EnumIn(*f, bit(*m)), (*op == CmpOp::Eq) != neg),
                (Some(Type::Bool), Value::Bool(b)) => lit(Atom::Bool(*f), ((*op == CmpOp::Eq) == *b) != neg),
                // `region == code` holding implies `region within code`: the weaker atom is
                // sound for a positive literal only (a negated one stays opaque).
                (Some(Type::Region), Value::Region(code)) if (*op == CmpOp::Eq) != neg => lit(Atom::Within(*f, *code), true),
                _ => opaque(c, !neg),
            }
        }
        Cond::Cmp(a, op, b) => linear_atom(a, *op, b, neg, rs).or_else(|| {
            // A comparison the linear forms do not read (months and years added to a date,
            // times): `a > b` is taken as `not (a <= b)` (≥ as not <, ≠ as not =), so a
            // comparison and its opposite are one atom of two polarities. Sound: `a > b`
            // implies `not (a <= b)`, also when a side is absent (both are then false).
            let (op, flip) = match op {
                CmpOp::Gt => (CmpOp::Le, true),
                CmpOp::Ge => (CmpOp::Lt, true),
                CmpOp::Ne => (CmpOp::Eq, true),
                o => (*o, false),
            };
            lit(Atom::Opaque(format!("{:?}", Cond::Cmp(a.clone(), op, b.clone()))), neg == flip)
        }),
        Cond::In(Expr::Fact(f), vals, negated) => {
            let pos = !(neg ^ negated);
            let ty = rs.facts.get(*f).map(|x| x.ty);
            match ty {
                Some(Type::Enum(_)) => {
                    let mask = vals.iter().fold(0u64, |m, v| match v {
                        Value::Enum(x) => m | bit(*x),
                        _ => m,
                    });
                    lit(Atom::EnumIn(*f, mask), pos)
                }
                Some(t) if linear_type(t) => {
                    let set: Option<BTreeSet<i128>> = vals.iter().map(number).collect();
                    match set {
                        Some(s) => lit(Atom::In(vec![(Term::Fact(*f), 1)], s), pos),
                        None => lit(Atom::Opaque(format!("{:?}", Cond::In(Expr::Fact(*f), vals.clone(), false))), pos),
                    }
                }
                _ => lit(Atom::Opaque(format!("{:?}", Cond::In(Expr::Fact(*f), vals.clone(), false))), pos),
            }
        }
        Cond::Has(Expr::Fact(f), m) => lit(Atom::Has(*f, *m), !neg),
        Cond::Within(Expr::Fact(f), code) => lit(Atom::Within(*f, *code), !neg),
        other => opaque(other, !neg),
    }
}

pub use crate::ir::region_within;

/// The members an enum fact can take, as a mask: its members, plus "absent" for an
/// optional fact (`default none`), which equals no member.
fn universe(rs: &RuleSet, f: FactId) -> u64 {
    let Some(fact) = rs.facts.get(f) else { return u64::MAX };
    let members = match fact.ty {
        Type::Enum(e) => {
            let n = rs.enums.get(e).map(|x| x.members.len()).unwrap_or(63).min(63);
            (1u64 << n) - 1
        }
        _ => return u64::MAX,
    };
    if matches!(fact.default, Some(Value::Absent)) { members | ABSENT } else { members }
}

/// The literals of one conjunction, gathered per fact: enum members allowed and excluded,
/// bool/has/opaque atoms seen positive and negative, integer ranges and value sets per
/// linear form, region containment.
/// An atom that holds or not as a whole: a bool fact, a set membership, an opaque condition.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Flag<'l> {
    Bool(FactId),
    Has(FactId, MemberId),
    Opaque(&'l str),
}

#[derive(Default)]
struct Conjunction<'l> {
    enum_pos: BTreeMap<FactId, u64>,
    enum_neg: BTreeMap<FactId, u64>,
    flags: BTreeMap<Flag<'l>, (bool, bool)>,
    ranges: BTreeMap<&'l Form, (i128, i128)>,
    in_pos: BTreeMap<&'l Form, BTreeSet<i128>>,
    in_neg: BTreeMap<&'l Form, BTreeSet<i128>>,
    within_pos: BTreeMap<FactId, Vec<u32>>,
    within_neg: BTreeMap<FactId, Vec<u32>>,
}

impl<'l> Conjunction<'l> {
    fn add(&mut self, l: &'l Lit) {
        let mut flag = |key: Flag<'l>| {
            let e = self.flags.entry(key).or_insert((false, false));
            if l.pos { e.0 = true } else { e.1 = true }
        };
        match &l.atom {
            Atom::EnumIn(f, m) => {
                if l.pos {
                    *self.enum_pos.entry(*f).or_insert(u64::MAX) &= m;
                } else {
                    *self.enum_neg.entry(*f).or_insert(0) |= m;
                }
            }
            Atom::Bool(f) => flag(Flag::Bool(*f)),
            Atom::Has(f, m) => flag(Flag::Has(*f, *m)),
            Atom::Opaque(s) => flag(Flag::Opaque(s)),
            Atom::Range(form, lo, hi) => {
                if l.pos {
                    let e = self.ranges.entry(form).or_insert((i128::MIN, i128::MAX));
                    e.0 = e.0.max(*lo);
                    e.1 = e.1.min(*hi);
                } else {
                    // Not in [lo, hi]: only an equality (lo == hi) is negated this way.
                    if lo == hi {
                        self.in_neg.entry(form).or_default().insert(*lo);
                    }
                }
            }
            Atom::In(form, s) => {
                if l.pos {
                    let e = self.in_pos.entry(form).or_insert_with(|| s.clone());
                    *e = e.intersection(s).copied().collect();
                } else {
                    self.in_neg.entry(form).or_default().extend(s.iter().copied());
                }
            }
            Atom::Within(f, c) => {
                if l.pos {
                    self.within_pos.entry(*f).or_default().push(*c);
                } else {
                    self.within_neg.entry(*f).or_default().push(*c);
                }
            }
        }
    }

    /// Some enum fact has no member left.
    fn enums_empty(&self, rs: &RuleSet) -> bool {
        let mut enum_facts: BTreeSet<FactId> = self.enum_pos.keys().copied().collect();
        enum_facts.extend(self.enum_neg.keys().copied());
        for f in enum_facts {
            let allowed = self.enum_pos.get(&f).copied().unwrap_or(u64::MAX) & universe(rs, f) & !self.enum_neg.get(&f).copied().unwrap_or(0);
            if allowed == 0 {
                return true;
            }
        }
        false
    }

    /// Some integer form has no value left in its range and sets.
    fn ranges_empty(&self) -> bool {
        let mut forms: BTreeSet<&Form> = self.ranges.keys().copied().collect();
        forms.extend(self.in_pos.keys().copied());
        forms.extend(self.in_neg.keys().copied());
        for f in forms {
            let (lo, hi) = self.ranges.get(f).copied().unwrap_or((i128::MIN, i128::MAX));
            if lo > hi {
                return true;
            }
            let neg = self.in_neg.get(f);
            let excluded = |v: &i128| neg.is_some_and(|n| n.contains(v));
            if let Some(p) = self.in_pos.get(f) {
                if !p.iter().any(|v| *v >= lo && *v <= hi && !excluded(v)) {
                    return true;
                }
            } else if let Some(n) = neg {
                let width = hi.saturating_sub(lo).saturating_add(1);
                let inside = n.iter().filter(|v| **v >= lo && **v <= hi).count() as i128;
                if inside >= width {
                    return true;
                }
            }
        }
        false
    }

    /// Two region containments that cannot both hold.
    fn regions_disjoint(&self) -> bool {
        for (f, pos) in &self.within_pos {
            for (i, a) in pos.iter().enumerate() {
                for b in pos.iter().skip(i + 1) {
                    if !region_within(*a, *b) && !region_within(*b, *a) {
                        return true;
                    }
                }
                if let Some(negs) = self.within_neg.get(f)
                    && negs.iter().any(|n| region_within(*a, *n))
                {
                    return true;
                }
            }
        }
        false
    }
}

fn contradictory(lits: &[&Lit], rs: &RuleSet) -> bool {
    let mut c = Conjunction::default();
    for l in lits {
        c.add(l);
    }
    c.enums_empty(rs) || c.flags.values().any(|(p, n)| *p && *n) || c.ranges_empty() || c.regions_disjoint()
}

/// The usual contradiction between two rules, found without building a [`Conjunction`]:
/// each requires an enum fact to be among members the other excludes (`service == new`
/// against `service == renewal`). When this holds, [`contradictory`] holds too.
fn enum_clash(a: &[Lit], b: &[Lit]) -> bool {
    a.iter().any(|x| match (&x.atom, x.pos) {
        (Atom::EnumIn(f, m), true) => b.iter().any(|y| matches!((&y.atom, y.pos), (Atom::EnumIn(g, n), true) if g == f && m & n == 0)),
        _ => false,
    })
}

/// Whether `a ∧ b` is provably unsatisfiable.
pub fn disjoint(a: &Cond, b: &Cond, rs: &RuleSet) -> bool {
    disjoint_prepared(&prepare(a, rs), &prepare(b, rs), rs)
}

/// A condition brought to normal form once, for testing it against many others
/// ([`disjoint_prepared`]); `None` inside when it is too large to analyse.
pub(crate) struct Prepared(Option<Dnf>);

/// Prepares `c` for [`disjoint_prepared`].
pub(crate) fn prepare(c: &Cond, rs: &RuleSet) -> Prepared {
    Prepared(dnf(c, false, rs))
}

/// Prepares the condition `c` of a rule of the region coded `code`: such a rule applies
/// only to a request whose `region` (the prelude's always-known fact) lies within `code`, so
/// that is a conjunct of every term — a national rule on one platform (`region == 370000`)
/// and a province's rule are then disjoint for the other provinces.
pub(crate) fn prepare_in(c: &Cond, code: u32, rs: &RuleSet) -> Prepared {
    let place = Lit { atom: Atom::Within(rs.known.region, code), pos: true };
    Prepared(dnf(c, false, rs).map(|d| {
        d.into_iter()
            .map(|mut t| {
                t.push(place.clone());
                t
            })
            .collect()
    }))
}

/// [`disjoint`] of two prepared conditions.
pub(crate) fn disjoint_prepared(a: &Prepared, b: &Prepared, rs: &RuleSet) -> bool {
    let (Some(da), Some(db)) = (&a.0, &b.0) else {
        return false;
    };
    da.iter().all(|ta| {
        db.iter().all(|tb| {
            enum_clash(ta, tb) || {
                let lits: Vec<&Lit> = ta.iter().chain(tb.iter()).collect();
                contradictory(&lits, rs)
            }
        })
    })
}

#[cfg(test)]
#[path = "analysis_tests.rs"]
mod tests;
