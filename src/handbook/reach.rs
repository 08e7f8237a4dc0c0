//! What a page may say about rules the answer leaves open, read off the checked IR: whether a
//! rule's condition excludes a service or an applicant kind, or a branch's values, through
//! nested conjunctions (a `let` is inlined into the condition that uses it, as a nested
//! `and`); and the fee rules an undecided fee still waits on, each with its condition.

use super::view::{FeeView, fee};
use crate::answer::{ChoiceId, Constraint, RuleKind, ServiceResponse, TraceResult};
use crate::ir::{AsStr, CmpOp, Cond, Expr, FactId, RuleSet, Value};
use serde::Serialize;

/// The conjuncts of `c`, nested conjunctions flattened: what must all hold for `c` to hold.
fn conjuncts<'c>(c: &'c Cond, out: &mut Vec<&'c Cond>) {
    match c {
        Cond::And(cs) => cs.iter().for_each(|x| conjuncts(x, out)),
        _ => out.push(c),
    }
}

/// Whether `c` is false whenever fact `fact` takes one of `values` (every other fact
/// unknown): some conjunct tests the fact and no value passes it, or is a disjunction of
/// such tests.
pub fn refuted(c: &Cond, fact: FactId, values: &[Value]) -> bool {
    let mut cs = Vec::new();
    conjuncts(c, &mut cs);
    cs.into_iter().any(|x| excludes(x, fact, values))
}

/// Whether conjunct `c` is false for each of `values` of `fact`.
fn excludes(c: &Cond, fact: FactId, values: &[Value]) -> bool {
    let is = |e: &Expr| matches!(e, Expr::Fact(f) if *f == fact);
    let each = |pass: &dyn Fn(&Value) -> bool| !values.is_empty() && !values.iter().any(pass);
    match c {
        Cond::And(_) => refuted(c, fact, values),
        Cond::Or(cs) => !cs.is_empty() && cs.iter().all(|x| refuted(x, fact, values)),
        Cond::Truthy(e) if is(e) => each(&|v| *v == Value::Bool(true)),
        Cond::Not(n) => match &**n {
            Cond::Truthy(e) if is(e) => each(&|v| *v == Value::Bool(false)),
            _ => false,
        },
        Cond::Cmp(a, op @ (CmpOp::Eq | CmpOp::Ne), Expr::Lit(lit)) | Cond::Cmp(Expr::Lit(lit), op @ (CmpOp::Eq | CmpOp::Ne), a) if is(a) => {
            each(&|v| (v == lit) == (*op == CmpOp::Eq))
        }
        Cond::In(a, list, negated) if is(a) => each(&|v| list.iter().any(|x| x == v) != *negated),
        _ => false,
    }
}

/// A branch's constraints as IR values: (fact, the values it takes in the branch).
fn constraints(rs: &RuleSet, when: &[Constraint<'_>]) -> Vec<(FactId, Vec<Value>)> {
    when.iter()
        .filter_map(|c| {
            let f = rs.fact(&c.fact)?;
            let ty = rs.facts.get(f)?.ty;
            let values = c
                .values
                .iter()
                .filter_map(|v| match (&v.id, ty) {
                    (ChoiceId::Bool(b), _) => Some(Value::Bool(*b)),
                    (ChoiceId::Member(m), crate::ir::Type::Enum(e)) => {
                        let i = rs.enums.get(e)?.members.iter().position(|x| x.id.as_str() == m.as_ref())?;
                        u16::try_from(i).ok().map(Value::Enum)
                    }
                    _ => None,
                })
                .collect();
            Some((f, values))
        })
        .collect()
}

/// A fee the regulation gives under a condition the page does not decide.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FeeOption {
    /// The rule's condition, zh-CN ("证书服务为新办，且已在主体库/诚信库入库：是，且…");
    /// `None` for the fee that applies when none of the others does (其他情形).
    pub when: Option<String>,
    /// The fee under it, with its article.
    pub fee: FeeView,
}

/// The fee rules answer `s` waits on (its trace, asked with `explain`, says `unknown`) that
/// branch `when` does not rule out, each with its condition and fee, then the fee rules that
/// apply already (what is charged when none of those holds: an exception may wait on a
/// fact); none without a trace.
pub fn fee_options(rs: &RuleSet, s: &ServiceResponse<'_>, when: &[Constraint<'_>]) -> Vec<FeeOption> {
    let fixed = constraints(rs, when);
    let mut out = Vec::new();
    let fees = || s.trace.iter().flatten().filter(|t| t.kind == RuleKind::Fee);
    let waiting = fees().filter(|t| t.result == TraceResult::Unknown);
    for t in waiting.chain(fees().filter(|t| t.result == TraceResult::Applied)) {
        let Some(id) = rs.rules.iter().position(|r| r.id.as_str() == t.rule.as_ref()) else { continue };
        let Some(rule) = rs.rules.get(id) else { continue };
        if fixed.iter().any(|(f, vs)| refuted(&rule.when, *f, vs)) {
            continue;
        }
        let Some((frame, items_rule)) = crate::engine::parts::fee_frame(rs, id) else { continue };
        let mut view = fee(&frame);
        if let Some(crate::ir::Body::Fee { items, .. }) = rs.rules.get(items_rule).map(|r| &r.body) {
            view.items = items.iter().map(|i| format!("{} {} 元（{}）", i.label, crate::answer::Money(i.amount), per(i))).collect();
        }
        let applies = t.result == TraceResult::Applied;
        out.push(FeeOption { when: (!applies).then(|| crate::engine::describe::cond(rs, &rule.when)), fee: view });
    }
    out
}

/// The zh-CN unit of a fee item ("每年").
fn per(i: &crate::ir::FeeItem) -> &'static str {
    use crate::api::labels::Labelled;
    crate::answer::Per::from(i.unit).zh()
}
