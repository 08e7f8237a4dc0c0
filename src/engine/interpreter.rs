//! How rule conditions are evaluated: the [`Conds`] back-end interface, and the
//! [`Interpreter`], which walks the checked IR. The compiled back end (`crate::compiled`)
//! implements the same interface with generated code over the same [`super::ops`].

use super::env::Env;
use super::ops::{self, ArithOp};
use crate::ir::{Body, Cond, DocList, Expr, RuleId, Value};

/// How the conditions of rules are evaluated: by walking the IR ([`Interpreter`]) or by
/// code generated from it (`crate::compiled`). Everything else — selection, exceptions,
/// in-force dates, fees, documents, deadlines, the response — is shared.
pub trait Conds {
    /// The `when` of rule `rule`.
    fn when(&self, env: &Env, rule: RuleId) -> Option<bool>;
    /// The `when` of item `item` of documents rule `rule` (`Some(true)` when it has none).
    fn item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool>;
    /// The quantity of fee item `item` of rule `rule`, when it states one.
    fn quantity(&self, env: &Env, rule: RuleId, item: usize) -> Option<Value>;
    /// The `when` of fee item `item` of rule `rule` (`Some(true)` when it has none).
    fn fee_item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool>;
}

/// Evaluates conditions by walking the checked IR.
#[derive(Debug, Clone, Copy, Default)]
pub struct Interpreter;

/// Evaluates an expression; `None` when a fact it needs is unknown.
pub fn expr(env: &Env, e: &Expr) -> Option<Value> {
    match e {
        Expr::Fact(f) => env.fact(*f),
        Expr::Lit(v) => Some(v.clone()),
        Expr::Today => env.today(),
        Expr::Add(a, b) => ops::arith(ArithOp::Add, expr(env, a), expr(env, b)),
        Expr::Sub(a, b) => ops::arith(ArithOp::Sub, expr(env, a), expr(env, b)),
        Expr::Mul(a, b) => ops::arith(ArithOp::Mul, expr(env, a), expr(env, b)),
        Expr::Count(c, x) => env.count(*c, |e| cond(e, x)),
    }
}

/// Evaluates a condition with Kleene logic; `None` = unknown. `and`/`or` stop at the first
/// operand that decides them (the compiled back end does the same, so the facts reported
/// missing are the same).
pub fn cond(env: &Env, c: &Cond) -> Option<bool> {
    match c {
        Cond::Const(b) => Some(*b),
        Cond::And(cs) => ops::and(cs.iter().map(|x| cond(env, x))),
        Cond::Or(cs) => ops::or(cs.iter().map(|x| cond(env, x))),
        Cond::Not(x) => cond(env, x).map(|b| !b),
        Cond::Truthy(e) => ops::truthy(expr(env, e)),
        Cond::Cmp(a, op, b) => ops::cmp(expr(env, a), *op, expr(env, b)),
        Cond::In(e, vals, neg) => ops::in_list(expr(env, e), vals, *neg),
        Cond::Has(e, m) => ops::has(expr(env, e), *m),
        Cond::Within(e, code) => ops::within(expr(env, e), *code),
        Cond::Quant(q, c, x) => env.quant(*q, *c, |e| cond(e, x)),
    }
}

impl Conds for Interpreter {
    fn when(&self, env: &Env, rule: RuleId) -> Option<bool> {
        env.rs.rules.get(rule).and_then(|r| cond(env, &r.when))
    }
    fn item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool> {
        match env.rs.rules.get(rule).map(|r| &r.body) {
            Some(Body::Documents(DocList::Items(items, _))) => match items.get(item).and_then(|i| i.when.as_ref()) {
                Some(c) => cond(env, c),
                None => Some(true),
            },
            _ => Some(true),
        }
    }
    fn quantity(&self, env: &Env, rule: RuleId, item: usize) -> Option<Value> {
        match env.rs.rules.get(rule).map(|r| &r.body) {
            Some(Body::Fee { items, .. }) => items.get(item).and_then(|i| i.quantity.as_ref()).and_then(|q| expr(env, q)),
            _ => None,
        }
    }
    fn fee_item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool> {
        match env.rs.rules.get(rule).map(|r| &r.body) {
            Some(Body::Fee { items, .. }) => match items.get(item).and_then(|i| i.when.as_ref()) {
                Some(c) => cond(env, c),
                None => Some(true),
            },
            _ => Some(true),
        }
    }
}
