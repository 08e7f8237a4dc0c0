//! The pieces of a rule set: what each rule, item, fact and enum member says, rendered to
//! JSON (from the `engine::parts` functions the engine answers with, through the same
//! derived writers as any answer) the first time an answer needs them, one rule, fact or
//! enum at a time, and kept in a [`Rendered`] beside the rule set's look-up tables.

use crate::answer::json::{EnumPieces, FactPieces, Json, PieceText, Rendered, Renderer, RulePieces, W};
use crate::answer::{OfficeHours, Origin};
use crate::engine::{parts, source};
use crate::ir::{Body, DocList, EnumId, FactId, MemberId, RuleId, RuleSet};

/// How this rule set's pieces are rendered.
const RENDERER: Renderer = Renderer { rule, fact, enumeration };

/// The pieces of `rs`: room for them kept beside its look-up tables
/// ([`crate::ir::Lookup::cached`]), each rendered when an answer first needs it.
pub fn of(rs: &RuleSet) -> Option<&Rendered> {
    rs.lookup.cached(|| Rendered::new(rs, RENDERER))
}

/// The pieces of fact `f`.
fn fact(rs: &RuleSet, f: FactId) -> FactPieces {
    let mut text = PieceText::default();
    let need = text.piece(|w| {
        if let Some((n, _)) = parts::need_frame(rs, f) {
            n.head(w);
        }
    });
    let constraint = text.piece(|w| parts::constraint(rs, f, vec![]).head(w));
    text.shrink();
    FactPieces { text, need, constraint }
}

/// The pieces of enum `e`: each member as a choice.
fn enumeration(rs: &RuleSet, e: EnumId) -> EnumPieces {
    let mut text = PieceText::default();
    let n = rs.enums.get(e).map_or(0, |en| en.members.len());
    let members = (0..n).map(|m| MemberId::try_from(m).map(|m| text.piece(|w| parts::member_choice(rs, e, m).json(w))).unwrap_or_default()).collect();
    text.shrink();
    EnumPieces { text, members }
}

/// The pieces of rule `id`.
fn rule(rs: &RuleSet, id: RuleId) -> RulePieces {
    let Some(r) = rs.rules.get(id) else { return RulePieces::default() };
    let mut t = PieceText::default();
    let mut p = RulePieces {
        id: t.piece(|w| w.str(&r.id)),
        source: t.piece(|w| source(rs, &r.source).json(w)),
        waiting: t.piece(|w| some(w, parts::waiting(rs, id))),
        ..RulePieces::default()
    };
    match &r.body {
        Body::Finding { .. } => {
            p.whole = t.piece(|w| match (parts::obligation(rs, id), parts::referral(rs, id)) {
                (Some(o), _) => o.json(w),
                (None, Some(r)) => r.json(w),
                (None, None) => some(w, parts::finding(rs, id)),
            });
        }
        Body::Media(_) => p.whole = t.piece(|w| some(w, parts::certificate(rs, id))),
        // Written per answer: the expiry date is the request's.
        Body::Validity { .. } => {}
        Body::Office { .. } => p.whole = t.piece(|w| some(w, parts::office(rs, id))),
        Body::Documents(list) => {
            p.whole = t.piece(|w| some(w, parts::documents_info(rs, id)));
            if let DocList::Items(items, _) = list {
                p.items = items.iter().enumerate().map(|(i, it)| t.piece(|w| parts::document_item(rs, id, i, it, None).head(w))).collect();
            }
        }
        Body::Fee { items, .. } => {
            p.tail = t.piece(|w| {
                if let Some((fee, _)) = parts::fee_frame(rs, id) {
                    fee.tail(w);
                }
            });
            p.items = items.iter().enumerate().map(|(i, it)| t.piece(|w| parts::fee_item(id, i, it, 0).head(w))).collect();
        }
        Body::Deadline { .. } => {
            p.tail = t.piece(|w| {
                if let Some(d) = parts::deadline_frame(rs, id) {
                    d.tail(w);
                }
            });
        }
        Body::Hours(_) => {
            // Office hours end as `office_hours` fills them from the rule; what the season
            // and the day decide is written per answer.
            let hours = OfficeHours {
                season: "".into(),
                season_label: "".into(),
                periods: vec![],
                days: crate::answer::DaySet::Working,
                working_days_only: true,
                open_on_day: None,
                open_at_as_of: None,
                holidays: None,
                assumption: None,
                cited: crate::engine::cited(rs, r),
                origin: Origin::Rule(id),
            };
            p.tail = t.piece(|w| hours.tail(w));
        }
        Body::Accept(_) | Body::Checklist { .. } => {}
    }
    t.shrink();
    p.text = t;
    p
}

/// Writes `v` if there is one (and nothing, so no piece, if not).
fn some<T: Json>(w: &mut W<'_, '_>, v: Option<T>) {
    if let Some(x) = v {
        x.json(w);
    }
}

#[cfg(test)]
mod tests {
    use crate::answer::json::{Json, W};
    use crate::answer::*;
    use crate::engine::{parts, source};
    use crate::ir::{AsStr, Body, DocList, MemberId, RuleSet};

    /// `v` written with the pieces of `rs`, and as serde writes it.
    fn both<T: Json + serde::Serialize>(rs: &RuleSet, v: &T) -> (String, String) {
        let mut out = String::new();
        v.json(&mut W::new(&mut out, super::of(rs).map(|p| (p, rs))));
        (out, serde_json::to_string(v).unwrap_or_default())
    }

    /// Every piece of the shipped rules, spliced into the part it stands for, writes what
    /// serde writes of that part — whether or not a case or generated request meets it.
    #[test]
    fn every_piece_of_the_shipped_rules_is_what_serde_writes() {
        let rs = crate::api::Rules::shipped().set;
        let mut n = 0;
        let mut check = |(ours, serde): (String, String), what: &str| {
            assert_eq!(ours, serde, "{what}");
            n += 1;
        };
        for (id, r) in rs.rules.iter().enumerate() {
            let what = r.id.as_str();
            check(both(rs, &parts::waiting(rs, id)), what);
            let trace = TraceEntry {
                rule: r.id.as_str().into(),
                kind: r.kind.into(),
                result: TraceResult::Applied,
                source: source(rs, &r.source),
                condition: crate::engine::written::cond(rs, &r.when),
                condition_zh: crate::engine::describe::cond(rs, &r.when),
                facts: vec![crate::answer::FactRead {
                    fact: "service".into(),
                    label: "证书服务".into(),
                    value: serde_json::json!(["a", 1, true, null]),
                    value_zh: Some("续期".into()),
                }],
                overrode: vec![r.id.as_str().into()],
                origin: Origin::Rule(id),
            };
            check(both(rs, &trace), what);
            check(both(rs, &parts::finding(rs, id)), what);
            check(both(rs, &parts::obligation(rs, id)), what);
            check(both(rs, &parts::certificate(rs, id)), what);
            if let Some(mut fee) = parts::fee_frame(rs, id).map(|(f, _)| f) {
                fee.amount = Some(Money(rust_decimal::Decimal::new(12345, 2)));
                if let Some(Body::Fee { items, .. }) = rs.rules.get(id).map(|r| &r.body) {
                    fee.items = items.iter().enumerate().map(|(i, it)| FeeItemOut { line: Some(i), ..parts::fee_item(id, i, it, 3) }).collect();
                }
                check(both(rs, &fee), what);
            }
            check(both(rs, &parts::deadline_frame(rs, id).map(|d| Deadline { due: "2026-11-21T17:00:00+08:00".into(), ..d })), what);
            if let Body::Hours(_) = &r.body {
                // As `office_hours` fills it from the rule, with a season of this answer.
                let hours = OfficeHours {
                    season: "summer".into(),
                    season_label: "夏季".into(),
                    periods: vec!["08:30-12:00".into()],
                    days: DaySet::Working,
                    working_days_only: true,
                    open_on_day: Some(true),
                    open_at_as_of: None,
                    holidays: None,
                    assumption: None,
                    cited: crate::engine::cited(rs, r),
                    origin: Origin::Rule(id),
                };
                check(both(rs, &hours), what);
            }
            if let Body::Documents(list) = &r.body {
                check(both(rs, &parts::documents_info(rs, id)), what);
                if let DocList::Items(items, _) = list {
                    for (i, it) in items.iter().enumerate() {
                        check(both(rs, &parts::document_item(rs, id, i, it, None)), what);
                        check(both(rs, &parts::document_item(rs, id, i, it, Some("仅当…时提交".into()))), what);
                    }
                }
            }
        }
        for f in 0..rs.facts.len() {
            if let Some((mut need, _)) = parts::need_frame(rs, f) {
                need.affects = vec![Part::Allowed, Part::Fee];
                need.rules = parts::waiting(rs, 0).into_iter().collect();
                check(both(rs, &need), "need");
            }
            let yes = Choice { id: ChoiceId::Bool(true), label: "是".into(), origin: Origin::Answer };
            check(both(rs, &parts::constraint(rs, f, vec![yes])), "constraint");
        }
        for (e, en) in rs.enums.iter().enumerate() {
            for m in 0..en.members.len() {
                let m = MemberId::try_from(m).unwrap_or_default();
                check(both(rs, &parts::member_choice(rs, e, m)), "member");
            }
        }
        assert!(n > 1000, "only {n} pieces checked");
    }
}
