//! `validity` rules (how long the certificate issued is valid), the events a time counts
//! from (`within … after <fact>`, `valid … after <fact>`), and a finding's minimum set
//! (`at_least`), folded into its condition.

use super::rules::BodyResult;
use super::{Checker, Ctx, err};
use crate::ast::{self, Clause, DurUnit, Spanned};
use crate::diag::Code;
use crate::ir::*;

impl Checker {
    /// The condition `when` of finding `rd` with its minimum set (`at_least N "…" (c) + held`)
    /// folded in: `when and (count items (c) + held < N or …)`. E0509 for N out of 1..=1000,
    /// E0301 for a `held` that is not a whole number; `None` after an error.
    pub(super) fn with_shortfall(&mut self, ctx: &Ctx, rd: &ast::RuleDecl, when: Cond) -> Option<Cond> {
        let mut short = Vec::new();
        let mut ok = true;
        for c in &rd.body {
            let Clause::AtLeast { n, cond, held, .. } = &c.node else { continue };
            if n.node.parse::<i64>().ok().filter(|v| (1..=1000).contains(v)).is_none() {
                self.push(
                    err(Code::MinimumSetSize, ctx.file, n.span, format!("`at_least {}`: a minimum set needs 1 to 1000 of an item", n.node))
                        .with_help("`at_least 0` asks for nothing: drop the line"),
                );
                ok = false;
                continue;
            }
            let count = Spanned { node: ast::Expr::Count(ast::Collection::Items, Box::new(cond.clone())), span: cond.span };
            let total = match held {
                Some(h) => Spanned { node: ast::Expr::Bin(Box::new(count), ast::BinOp::Add, Box::new(h.clone())), span: c.span },
                None => count,
            };
            let lit = Spanned { node: ast::Expr::Lit(ast::Literal::Number(n.node.clone())), span: n.span };
            let cmp = Spanned { node: ast::Cond::Cmp(total, CmpOp::Lt, lit), span: c.span };
            match self.cond(ctx, &cmp) {
                Some(x) => short.push(x),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(match short.len() {
            0 => when,
            1 => Cond::And(list(vec![when, short.remove(0)])),
            _ => Cond::And(list(vec![when, Cond::Or(list(short))])),
        })
    }

    /// `valid N months|years [after <fact>] "…"`: one term in calendar months.
    pub(super) fn validity_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut term = None;
        let mut written = false;
        for c in &rd.body {
            let Clause::Valid { n, unit, after, basis } = &c.node else {
                self.not_allowed(file, Kind::Validity, c);
                ok = false;
                continue;
            };
            // A line whose term is reported is still written: not "has no `valid` line" too.
            written = true;
            let per = match unit {
                DurUnit::Months => 1,
                DurUnit::Years => 12,
                u => {
                    self.push(
                        err(Code::TermUnit, file, c.span, format!("a certificate is valid for months or years, not `{}`", u.as_str()))
                            .with_help("write `valid N months \"…\"` or `valid N years \"…\"`"),
                    );
                    ok = false;
                    continue;
                }
            };
            let Some(v) = n.node.parse::<i64>().ok().filter(|v| (1..=100).contains(v)) else {
                self.push(err(Code::BadValue, file, n.span, format!("`{}` {} is out of range (1 to 100)", n.node, unit.as_str())));
                ok = false;
                continue;
            };
            let event = match after {
                Some(a) => {
                    let f = self.event_fact(ctx, a, *unit);
                    ok &= f.is_some();
                    f
                }
                None => None,
            };
            if term.is_some() {
                self.push(
                    err(Code::Duplicate, file, c.span, "a validity rule states one term").with_help("split it into two rules with disjoint `when` conditions"),
                );
                ok = false;
            }
            term = Some((v * per, event, basis.clone()));
        }
        let Some((months, after, basis)) = term else {
            if !written {
                self.missing(file, rd, "`valid N months|years \"…\"` line");
            }
            return None;
        };
        ok.then_some(Body::Validity { months, after, basis: text(basis) })
    }

    /// The event of `within … after <fact>`: a visible `time` fact, or a `date` fact for a
    /// limit in days, months or years (a date has no time of day to count minutes from); E0507
    /// for minutes or hours after a date, E0506 for a fact that is neither, E0101 for an unknown fact.
    pub(super) fn event_fact(&mut self, ctx: &Ctx, a: &Spanned<String>, unit: DurUnit) -> Option<FactId> {
        let Some(f) = self.fact(&a.node, ctx.region) else {
            self.unknown_fact(ctx.file, a, ctx.region);
            return None;
        };
        let ty = self.facts.get(f).map(|x| x.ty);
        match ty {
            Some(Type::Time) => Some(f),
            Some(Type::Date) if !matches!(unit, DurUnit::Minutes | DurUnit::Hours) => Some(f),
            Some(Type::Date) => {
                self.push(
                    err(Code::HoursAfterADate, ctx.file, a.span, format!("`{}` is a date: a limit in {} cannot count from it", a.node, unit.as_str()))
                        .with_help("count days, working days, months or years from a date, or declare the event as a `time` fact"),
                );
                None
            }
            _ => {
                let tn = ty.map(|t| self.type_name(t)).unwrap_or_default();
                self.push(
                    err(Code::EventNotATime, ctx.file, a.span, format!("a deadline counts from an event: `{}` is {tn}, not a time or a date", a.node))
                        .with_help("`after` names a `time` (or `date`) fact of the request, such as the payment or the review"),
                );
                None
            }
        }
    }
}
