//! Fee rules: status, items (decimal amounts, units, quantities, conditions) and `as`.

use super::rules::BodyResult;
use super::types::money;
use super::{Checker, Ctx, err};
use crate::ast::{self, Clause, Spanned, Status};
use crate::diag::Code;
use crate::ir::*;

impl Checker {
    pub(super) fn fee_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl, region: RegionId) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut status = None;
        let mut why = None;
        let mut items = Vec::new();
        let mut item_written = false;
        let mut charge_as = None;
        let mut as_written = false;
        for c in &rd.body {
            match &c.node {
                Clause::Status(s) => {
                    status = Some(match s {
                        Status::Capped => FeeStatus::Capped,
                        Status::Fixed => FeeStatus::Fixed,
                        Status::Minimum => FeeStatus::Minimum,
                        Status::Package => FeeStatus::Package,
                        Status::Free => FeeStatus::Free,
                        Status::SelfPaid => FeeStatus::SelfPaid,
                    })
                }
                Clause::Unspecified(w) => {
                    status = Some(FeeStatus::Unspecified);
                    why = w.clone();
                }
                Clause::As(target) => {
                    as_written = true;
                    match self.rule_ref(file, target, region) {
                        Some(t) if self.decls.get(t).is_some_and(|d| d.decl.kind.node == Kind::Fee) => charge_as = Some((t, target.span)),
                        Some(_) => {
                            self.push(
                                err(Code::Type, file, target.span, format!("`{}` is not a fee rule", target.node))
                                    .with_help("`as` names the fee rule whose items are charged"),
                            );
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                Clause::FeeItem { .. } => {
                    item_written = true;
                    let (item, fine) = self.fee_item(ctx, c);
                    items.extend(item);
                    ok &= fine;
                }
                _ => {
                    self.not_allowed(file, Kind::Fee, c);
                    ok = false;
                }
            }
        }
        if let Some((t, span)) = charge_as {
            if status.is_some() || !items.is_empty() {
                self.push(
                    err(Code::BadValue, file, span, "a fee charged `as` another rule states no status or items of its own")
                        .with_help("remove them, or drop `as`"),
                );
                ok = false;
            }
            // The target's status is read from its declaration; its items come from its IR.
            return ok.then_some(Body::Fee { status: FeeStatus::Unspecified, items: List::Borrowed(&[]), why: why.map(text), charge_as: Some(t) });
        }
        let Some(status) = status else {
            if !as_written {
                self.missing(file, rd, "status (`capped`, `fixed`, `minimum`, `package`, `free`, `self_paid` or `unspecified`) or `as <fee rule>`");
            }
            return None;
        };
        match status {
            // An item whose amount was reported is still written: not "has no item" too.
            FeeStatus::Capped | FeeStatus::Fixed | FeeStatus::Minimum | FeeStatus::Package if items.is_empty() && !item_written => {
                self.missing(file, rd, "`item` (a capped, fixed, minimum or package fee states its amounts)");
                ok = false;
            }
            FeeStatus::Capped | FeeStatus::Fixed | FeeStatus::Minimum | FeeStatus::Package if items.is_empty() => ok = false,
            FeeStatus::Free | FeeStatus::SelfPaid | FeeStatus::Unspecified if !items.is_empty() => {
                self.push(
                    err(Code::BadValue, file, rd.id.span, format!("a `{}` fee has no items", status.as_str()))
                        .with_help("remove the items, or make the fee `capped`, `fixed`, `minimum` or `package`"),
                );
                ok = false;
            }
            // A package is sold whole: an item that only sometimes belongs to it is no package.
            FeeStatus::Package => {
                for c in &rd.body {
                    if let Clause::FeeItem { when: Some(w), .. } = &c.node {
                        self.push(
                            err(Code::PackageItemCondition, file, w.span, "an item of a `package` fee has no condition of its own: a package is sold whole")
                                .with_help("write one package fee rule per combination (each with its own `when`), or make the fee `capped` or `fixed`"),
                        );
                        ok = false;
                    }
                }
            }
            _ => {}
        }
        ok.then_some(Body::Fee { status, items: list(items), why: why.map(text), charge_as: None })
    }

    /// One `item "…" <amount> <unit> [× qty] [when …]` of a fee rule: the amount as a decimal,
    /// the quantity a whole number (required for per-set/piece/key/certificate units), the
    /// condition typed. Returns the item (kept after a quantity or condition error, so the rule
    /// is not also reported as having no items) and whether it checked without error.
    fn fee_item(&mut self, ctx: &Ctx, c: &Spanned<Clause>) -> (Option<FeeItem>, bool) {
        let Clause::FeeItem { label, amount, unit, quantity, when } = &c.node else { return (None, false) };
        let file = ctx.file;
        let mut ok = true;
        let Some(a) = money(&amount.node) else {
            self.push(
                err(Code::BadValue, file, amount.span, format!("`{}` is not an amount of money", amount.node))
                    .with_help("amounts have at most 2 decimal places and 15 digits before the point"),
            );
            return (None, false);
        };
        let q = match quantity {
            Some(q) => match self.expr(ctx, q, Some(Type::Int)) {
                Some((e, Type::Int)) => Some(e),
                Some((_, t)) => {
                    let tn = self.type_name(t);
                    self.push(
                        err(Code::Type, file, q.span, format!("the quantity of a fee item is a whole number, found {tn}"))
                            .with_help("write `× years`, `× (years - 1)` or a number"),
                    );
                    ok = false;
                    None
                }
                None => {
                    ok = false;
                    None
                }
            },
            None if unit.needs_quantity() => {
                let u = unit.per_label();
                self.push(
                    err(Code::BadValue, file, c.span, format!("a per-{u} fee item needs its quantity"))
                        .with_help(format!("write `item \"…\" N {} × <number of {u}, e.g. a request fact>`", unit.as_str())),
                );
                ok = false;
                None
            }
            None => None,
        };
        let w = self.item_cond(ctx, when.as_ref(), &mut ok);
        (Some(FeeItem { label: text(label.clone()), amount: a, unit: *unit, quantity: q, when: w }), ok)
    }
}
