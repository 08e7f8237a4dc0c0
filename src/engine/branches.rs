//! Answers that depend on facts the request lacks: case splitting over the missing facts
//! with a finite domain (bool facts, enum facts), so that an undetermined part of an answer
//! is given as labelled branches ("办理方式：现场办理 → these documents; 线上办理 → none")
//! instead of a guess or an "unspecified".
//!
//! Every assignment of the finite missing facts is evaluated (at most [`MAX_ASSIGNMENTS`]);
//! assignments with the same outcome are grouped and each group is written as few
//! products of per-fact value sets as the simple cover below finds. Facts with an infinite
//! domain (dates, numbers, regions) are never guessed: a branch that still depends on one
//! is reported as open, naming it.

use super::env::Env;
use crate::ir::{FactId, RegionId, RuleSet, Type, Value};
use std::collections::BTreeSet;

/// At most this many assignments are evaluated; beyond, the part is reported as open.
pub const MAX_ASSIGNMENTS: usize = 4096;

/// One branch: the constraints on the missing facts under which it holds, and its outcome
/// (`None` when it still depends on a fact that cannot be enumerated).
#[derive(Debug, Clone, PartialEq)]
pub struct Branch<T> {
    /// `(fact, the values it takes in this branch)`, in the order of the missing facts.
    pub when: Vec<(FactId, Vec<Value>)>,
    /// The outcome.
    pub value: Option<T>,
}

/// The resolution of one part of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<T> {
    /// The same outcome whatever the missing facts are.
    Known(T),
    /// Different outcomes for different values of the missing facts.
    Split(Vec<Branch<T>>),
    /// Depends on facts that cannot be enumerated (or too many combinations).
    Open,
}

/// The finite domain of a fact in a region, if it has one.
pub fn domain(rs: &RuleSet, region: RegionId, f: FactId) -> Option<Vec<Value>> {
    match rs.facts.get(f)?.ty {
        Type::Bool => Some(vec![Value::Bool(true), Value::Bool(false)]),
        Type::Enum(e) => {
            let en = rs.enums.get(e)?;
            Some(
                en.members
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| rs.visible(m.scope, region))
                    .filter_map(|(i, _)| u16::try_from(i).ok().map(Value::Enum))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Resolves a part of an answer over the missing facts `missing`: `eval` computes the part
/// in an environment where they are given (`None` = still undetermined there).
pub fn resolve<T: PartialEq + Clone>(env: &Env, region: RegionId, missing: &[FactId], eval: impl Fn(&Env) -> Option<T>) -> Resolved<T> {
    // The case splitting is not generic (one copy of it in the binary, whatever the part):
    // it sees each outcome as its index among the distinct outcomes met so far.
    let mut outcomes: Vec<Option<T>> = Vec::new();
    let mut index = |e: &Env| {
        let out = eval(e);
        match outcomes.iter().position(|o| *o == out) {
            Some(i) => i,
            None => {
                outcomes.push(out);
                outcomes.len() - 1
            }
        }
    };
    match split(env, region, missing, &mut index) {
        Split::Open => Resolved::Open,
        Split::One(i) => match outcomes.get(i) {
            Some(Some(v)) => Resolved::Known(v.clone()),
            _ => Resolved::Split(vec![Branch { when: vec![], value: None }]),
        },
        Split::Many(branches) => Resolved::Split(branches.into_iter().map(|(i, when)| Branch { when, value: outcomes.get(i).cloned().flatten() }).collect()),
    }
}

/// The values each missing fact takes in a branch.
type Constraints = Vec<(FactId, Vec<Value>)>;

/// What the case splitting found, outcomes given by index.
enum Split {
    /// Facts that cannot be enumerated, or too many combinations.
    Open,
    /// One outcome whatever the missing facts are.
    One(usize),
    /// `(outcome, constraints)` per branch.
    Many(Vec<(usize, Constraints)>),
}

/// Evaluates every assignment of the finite missing facts and groups them by outcome.
#[inline(never)]
fn split(env: &Env, region: RegionId, missing: &[FactId], eval: &mut dyn FnMut(&Env) -> usize) -> Split {
    let rs = env.rs;
    let finite: Vec<(FactId, Vec<Value>)> = missing.iter().filter_map(|f| domain(rs, region, *f).map(|d| (*f, d))).filter(|(_, d)| !d.is_empty()).collect();
    if finite.is_empty() {
        return Split::Open;
    }
    let total = finite.iter().try_fold(1usize, |acc, (_, d)| acc.checked_mul(d.len()).filter(|n| *n <= MAX_ASSIGNMENTS));
    let Some(total) = total else { return Split::Open };
    let sizes: Vec<usize> = finite.iter().map(|(_, d)| d.len()).collect();
    let mut groups: Vec<(usize, Vec<Vec<usize>>)> = Vec::new();
    let mut facts = env.facts.to_vec();
    for n in 0..total {
        let point = digits(n, &sizes);
        for ((f, d), i) in finite.iter().zip(&point) {
            if let (Some(slot), Some(v)) = (facts.get_mut(*f), d.get(*i)) {
                *slot = Some(v.clone());
            }
        }
        let e = Env::with_lines(rs, &facts, env.lines);
        let out = eval(&e);
        match groups.iter_mut().find(|(o, _)| *o == out) {
            Some((_, pts)) => pts.push(point),
            None => groups.push((out, vec![point])),
        }
    }
    if let [(only, _)] = groups.as_slice() {
        return Split::One(*only);
    }
    let mut branches = Vec::new();
    for (out, pts) in groups {
        for product in cover(&pts, &sizes) {
            let when = finite
                .iter()
                .zip(&product)
                .filter(|((_, d), set)| set.len() < d.len())
                .map(|((f, d), set)| (*f, set.iter().filter_map(|i| d.get(*i).cloned()).collect()))
                .collect();
            branches.push((out, when));
        }
    }
    Split::Many(branches)
}

/// `n` in the mixed radix `sizes` (first digit most significant, so enumeration follows
/// the order of the facts and of their values).
fn digits(mut n: usize, sizes: &[usize]) -> Vec<usize> {
    let mut out = vec![0; sizes.len()];
    for (slot, s) in out.iter_mut().zip(sizes).rev() {
        let s = (*s).max(1);
        *slot = n % s;
        n /= s;
    }
    out
}

type Product = Vec<BTreeSet<usize>>;

/// A cover of `points` by products of per-dimension value sets.
fn cover(points: &[Vec<usize>], sizes: &[usize]) -> Vec<Product> {
    if points.is_empty() {
        return vec![];
    }
    let dims = sizes.len();
    let proj: Product = (0..dims).map(|d| points.iter().filter_map(|p| p.get(d).copied()).collect()).collect();
    let volume: usize = proj.iter().map(|s| s.len()).product();
    let distinct: BTreeSet<&Vec<usize>> = points.iter().collect();
    if volume == distinct.len() {
        return vec![proj];
    }
    let Some(d) = (0..dims).find(|d| proj.get(*d).is_some_and(|s| s.len() > 1)) else { return vec![proj] };
    let mut out: Vec<Product> = Vec::new();
    for v in proj.get(d).into_iter().flatten() {
        let sub: Vec<Vec<usize>> = points.iter().filter(|p| p.get(d) == Some(v)).cloned().collect();
        for mut prod in cover(&sub, sizes) {
            if let Some(s) = prod.get_mut(d) {
                *s = BTreeSet::from([*v]);
            }
            out.push(prod);
        }
    }
    merge(out)
}

/// Merges products that differ in one dimension only.
fn merge(mut ps: Vec<Product>) -> Vec<Product> {
    loop {
        let mut merged = false;
        'outer: for i in 0..ps.len() {
            for j in (i + 1)..ps.len() {
                let (Some(a), Some(b)) = (ps.get(i), ps.get(j)) else { continue };
                let diff: Vec<usize> = (0..a.len()).filter(|d| a.get(*d) != b.get(*d)).collect();
                if let [d] = diff.as_slice() {
                    let d = *d;
                    let b = ps.remove(j);
                    if let (Some(a), Some(bs)) = (ps.get_mut(i).and_then(|p| p.get_mut(d)), b.get(d)) {
                        a.extend(bs.iter().copied());
                    }
                    merged = true;
                    break 'outer;
                }
            }
        }
        if !merged {
            return ps;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(x: &[usize]) -> BTreeSet<usize> {
        x.iter().copied().collect()
    }

    /// Products that differ in exactly one dimension become one; products that differ in
    /// two stay apart.
    #[test]
    fn merging_joins_products_that_differ_in_one_dimension() {
        let merged = merge(vec![vec![set(&[0]), set(&[1])], vec![set(&[1]), set(&[1])]]);
        assert_eq!(merged, vec![vec![set(&[0, 1]), set(&[1])]]);
        let apart = vec![vec![set(&[0]), set(&[0])], vec![set(&[1]), set(&[1])]];
        assert_eq!(merge(apart.clone()), apart);
    }

    #[test]
    fn a_full_product_is_one_branch() {
        let pts = vec![vec![0, 0], vec![0, 1], vec![1, 0], vec![1, 1]];
        assert_eq!(cover(&pts, &[2, 2]), vec![vec![set(&[0, 1]), set(&[0, 1])]]);
    }

    #[test]
    fn an_l_shape_is_two_products() {
        // (0,*) and (1,0): channel onsite with any issuer, or online with the first one.
        let pts = vec![vec![0, 0], vec![0, 1], vec![0, 2], vec![1, 0]];
        let c = cover(&pts, &[2, 3]);
        assert_eq!(c.len(), 2, "{c:?}");
        let covered: usize = c.iter().map(|p| p.iter().map(|s| s.len()).product::<usize>()).sum();
        assert_eq!(covered, 4);
    }

    #[test]
    fn digits_count_in_mixed_radix() {
        assert_eq!(digits(0, &[2, 3]), vec![0, 0]);
        assert_eq!(digits(4, &[2, 3]), vec![1, 1]);
        assert_eq!(digits(5, &[2, 3]), vec![1, 2]);
    }
}
