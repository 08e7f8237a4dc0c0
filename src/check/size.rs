//! How big a checked condition is once its `let`s are inlined.
//!
//! A `let` is inlined where it is used, so a chain of `let`s that each use the one before
//! twice (`let l1 = l0 or not l0`, `let l2 = l1 or not l1`, …) doubles at every step: 30
//! lines would make a condition of a billion nodes. Each `let` is measured when it is
//! declared and refused past [`MAX_NODES`] nodes or [`crate::syntax::depth::MAX_DEPTH`]
//! levels, so every condition built from `let`s stays small and shallow.

use super::{Checker, err};
use crate::ast::Spanned;
use crate::diag::Code;
use crate::ir::{Cond, Expr};

impl Checker {
    /// The condition of `let <name>`, or `true` after an E0002 if it is too large once
    /// inlined (declared still, so its uses are not also reported unknown; the error stops
    /// the rule set).
    pub(super) fn bounded_let(&mut self, file: &str, name: &Spanned<String>, c: Cond) -> Cond {
        let (nodes, depth) = measure(&c);
        if nodes <= MAX_NODES && depth <= crate::syntax::depth::MAX_DEPTH {
            return c;
        }
        self.push(
            err(Code::TooDeep, file, name.span, format!("`{}` expands to a condition too large to check (its `let`s inlined)", name.node))
                .with_help("a `let` is inlined where it is used: do not build it from other `let`s used many times over"),
        );
        Cond::Const(true)
    }
}

/// The most nodes (conditions and expressions) a `let` may expand to.
pub(super) const MAX_NODES: usize = 10_000;

/// Node count and depth of `c`, counting stops once past [`MAX_NODES`].
pub(super) fn measure(c: &Cond) -> (usize, usize) {
    let mut nodes = 0;
    let depth = cond(c, &mut nodes);
    (nodes, depth)
}

fn cond(c: &Cond, nodes: &mut usize) -> usize {
    *nodes += 1;
    if *nodes > MAX_NODES {
        return 0;
    }
    1 + match c {
        Cond::Const(_) => 0,
        Cond::And(cs) | Cond::Or(cs) => cs.iter().map(|x| cond(x, nodes)).max().unwrap_or(0),
        Cond::Not(x) | Cond::Quant(_, _, x) => cond(x, nodes),
        Cond::Truthy(e) | Cond::In(e, _, _) | Cond::Has(e, _) | Cond::Within(e, _) => expr(e, nodes),
        Cond::Cmp(a, _, b) => expr(a, nodes).max(expr(b, nodes)),
    }
}

fn expr(e: &Expr, nodes: &mut usize) -> usize {
    *nodes += 1;
    if *nodes > MAX_NODES {
        return 0;
    }
    1 + match e {
        Expr::Fact(_) | Expr::Lit(_) | Expr::Today => 0,
        Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => expr(a, nodes).max(expr(b, nodes)),
        Expr::Count(_, c) => cond(c, nodes),
    }
}
