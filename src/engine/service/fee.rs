//! The fee part: the winning fee rule's items and total, fees of certificates applied for
//! together, and the check of what was charged against the cap (decimals throughout).

use super::*;
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FeeOutcome<'a> {
    pub(super) fee: Fee<'a>,
    pub(super) waits: Waits,
}

pub(super) fn undetermined_fee<'a>() -> Fee<'a> {
    fee_without_amount(FeeStatus::Undetermined)
}

pub(super) fn unspecified_fee<'a>() -> Fee<'a> {
    fee_without_amount(FeeStatus::Unspecified)
}

/// A fee with a status only: no amount, items, rule or citation.
fn fee_without_amount<'a>(status: FeeStatus) -> Fee<'a> {
    Fee { status, amount: None, currency: "CNY", items: vec![], cited: MaybeCited::default(), charged_as: None, origin: Origin::Answer }
}

/// The fee of the winning fee rule `w`.
#[inline(never)]
pub(super) fn fee_outcome<'a>(rs: &'a RuleSet, conds: &dyn crate::engine::Conds, env: &Env, w: Option<RuleId>) -> FeeOutcome<'a> {
    let mut waits = Waits::new();
    let Some((mut out, items_rule)) = w.and_then(|w| crate::engine::parts::fee_frame(rs, w)) else { return FeeOutcome { fee: unspecified_fee(), waits } };
    let Some(Body::Fee { status, items, .. }) = rs.rules.get(items_rule).map(|t| &t.body) else { return FeeOutcome { fee: unspecified_fee(), waits } };
    match status {
        crate::ir::FeeStatus::Free => out.amount = Some(Money(Decimal::ZERO)),
        crate::ir::FeeStatus::Capped | crate::ir::FeeStatus::Fixed | crate::ir::FeeStatus::Minimum | crate::ir::FeeStatus::Package => {
            let mut total = Some(Decimal::ZERO);
            for (i, it) in items.iter().enumerate() {
                env.take_missing();
                match conds.fee_item_when(env, items_rule, i) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        waits.push((items_rule, env.take_missing()));
                        total = None;
                        continue;
                    }
                }
                let q = match (&it.quantity, it.unit) {
                    (Some(_), _) => conds.quantity(env, items_rule, i),
                    (None, MoneyUnit::PerYear) => env.fact(rs.known.years),
                    (None, _) => Some(Value::Int(1)),
                };
                // Per piece per year: the pieces times `years`.
                let q = match (q, it.unit) {
                    (Some(Value::Int(n)), MoneyUnit::PerPiecePerYear) => match env.fact(rs.known.years) {
                        Some(Value::Int(y)) => Some(Value::Int(n.max(0).saturating_mul(y.max(0)))),
                        _ => None,
                    },
                    (q, _) => q,
                };
                let q = match q {
                    Some(Value::Int(n)) => n.max(0),
                    _ => {
                        waits.push((items_rule, env.take_missing()));
                        total = None;
                        continue;
                    }
                };
                if q == 0 {
                    continue;
                }
                total = total.and_then(|t| it.amount.checked_mul(Decimal::from(q)).and_then(|x| t.checked_add(x)));
                out.items.push(crate::engine::parts::fee_item(items_rule, i, it, q));
            }
            out.amount = total.map(Money);
        }
        crate::ir::FeeStatus::SelfPaid | crate::ir::FeeStatus::Unspecified => {}
    }
    FeeOutcome { fee: out, waits }
}

/// Adds the fees of the other certificates applied for in the same visit: their items (with
/// the index of the certificate in `together`), and the sum. A certificate whose fee rule is
/// not settled makes the total undetermined; one whose fee the regulation does not state
/// makes it unspecified.
#[inline(never)]
pub(super) fn add_lines<'a>(rs: &'a RuleSet, conds: &dyn crate::engine::Conds, ids: &[RuleId], visit: &Env, o: &mut FeeOutcome<'a>) {
    let mut total = o.fee.amount.map(|m| m.0);
    for (i, line) in visit.lines.iter().enumerate() {
        let facts = visit.line_facts(line);
        let env = Env::new(rs, &facts);
        let sel = crate::engine::select::select(&env, conds, ids, false);
        if !sel.settled() {
            o.waits.extend(sel.pending.iter().chain(sel.contingent.iter()).cloned());
            o.fee.status = FeeStatus::Undetermined;
            total = None;
            continue;
        }
        let lo = fee_outcome(rs, conds, &env, sel.winners.first().copied());
        o.waits.extend(lo.waits);
        o.fee.status = combine(o.fee.status, lo.fee.status);
        total = match (total, lo.fee.amount.map(|m| m.0)) {
            (Some(t), Some(a)) => t.checked_add(a),
            _ => None,
        };
        o.fee.items.extend(lo.fee.items.into_iter().map(|it| FeeItemOut { line: Some(i), ..it }));
    }
    o.fee.amount =
        total.filter(|_| matches!(o.fee.status, FeeStatus::Free | FeeStatus::Capped | FeeStatus::Fixed | FeeStatus::Minimum | FeeStatus::Package)).map(Money);
}

/// The status of a sum of fees: the least determined part decides. A cap and a minimum
/// bound the sum from neither side: it is `self_paid` (no amount, no charge compared).
pub(super) fn combine(a: FeeStatus, b: FeeStatus) -> FeeStatus {
    use FeeStatus::{Capped, Minimum};
    if matches!((a, b), (Capped, Minimum) | (Minimum, Capped)) {
        return FeeStatus::SelfPaid;
    }
    let rank = |s: FeeStatus| match s {
        FeeStatus::Free => 0,
        FeeStatus::Fixed | FeeStatus::Package => 1,
        FeeStatus::Capped | FeeStatus::Minimum => 2,
        FeeStatus::SelfPaid => 3,
        FeeStatus::Unspecified => 4,
        FeeStatus::Undetermined => 5,
    };
    // Fixed and package together are a set price: fixed.
    if rank(a) == rank(b) && a != b && rank(a) == 1 {
        return FeeStatus::Fixed;
    }
    if rank(b) > rank(a) { b } else { a }
}

/// Whether `charged` breaks the fee: over a cap, a free fee or a set price (fixed,
/// package), or under a minimum or a set price. `None` when the fee has no amount to
/// compare with although it states one (a quantity unknown).
pub(super) fn over_cap(fee: &Fee, charged: Decimal) -> Option<bool> {
    match fee.status {
        FeeStatus::Capped | FeeStatus::Free => fee.amount.map(|cap| charged > cap.rounded()),
        FeeStatus::Fixed | FeeStatus::Package => fee.amount.map(|p| charged != p.rounded()),
        FeeStatus::Minimum => fee.amount.map(|m| charged < m.rounded()),
        FeeStatus::SelfPaid | FeeStatus::Unspecified => Some(false),
        FeeStatus::Undetermined => None,
    }
}

/// The finding for a charge that breaks the fee: `fee.over_cap` above its amount,
/// `fee.under_minimum` below it (a minimum, fixed or package price).
#[inline(never)]
pub(super) fn over_cap_finding<'a>(fee: &Fee<'a>, charged: Decimal) -> Finding<'a> {
    let amount = fee.amount.map(|m| m.to_string()).unwrap_or_default();
    let under = fee.amount.is_some_and(|m| charged < m.rounded());
    let (code, message, remedy) = if under {
        let word = if fee.status == FeeStatus::Minimum { "不低于" } else { "按" };
        ("fee.under_minimum", format!("收取 {} 元，低于规定的 {} 元", money(charged), amount), format!("{word} {amount} 元收费"))
    } else {
        let word = if matches!(fee.status, FeeStatus::Fixed | FeeStatus::Package) { "按" } else { "按不高于" };
        ("fee.over_cap", format!("收取 {} 元，超过规定的 {} 元", money(charged), amount), format!("{word} {amount} 元收费"))
    };
    Finding {
        code: code.into(),
        severity: Severity::Deny,
        message: message.into(),
        remedy: Some(remedy.into()),
        cited: Cited {
            source: fee.cited.source.clone(),
            rule: fee.cited.rule.clone().unwrap_or_default(),
            notes: Texts::default(),
            assumptions: Texts::default(),
        },
        minimum_set: vec![],
        origin: Origin::Answer,
    }
}
