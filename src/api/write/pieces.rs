//! The pieces of a rule set: what each rule, item, fact and enum member says, rendered to
//! JSON once (from the `engine::parts` functions the engine answers with, through the same
//! writers as any answer) into one text, and looked up by index.

use super::parts::{deadline_tail, document_head, fee_item_head, fee_tail, source_rule_tail};
use super::{Json, W};
use crate::answer::Str;
use crate::engine::{parts, source, strs};
use crate::ir::{AsStr, Body, DocList, MemberId, RuleId, RuleSet};

/// A piece: a range of [`Rendered`]'s text; empty for no piece.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

/// What one rule says, as JSON.
#[derive(Debug, Clone, Default)]
pub(crate) struct RulePieces {
    /// The rule id as a JSON string.
    pub(crate) id: Span,
    /// Its citation `{doc, document, article}`.
    pub(crate) source: Span,
    /// The whole part it gives: its finding or obligation, its media, its `documents_info`.
    pub(crate) whole: Span,
    /// The end of the part it gives, after what the request decides: from `,"source"` of a
    /// fee, from `,"basis"` of a deadline, from `,"source"` of office hours.
    pub(crate) tail: Span,
    /// Its entry as a rule waiting on a missing fact.
    pub(crate) waiting: Span,
    /// Its document items up to `"rule"`, or its fee items up to `"quantity":`.
    pub(crate) items: Vec<Span>,
}

/// What one fact's declaration says, as JSON.
#[derive(Debug, Clone, Default)]
pub(crate) struct FactPieces {
    /// A `needs` entry up to its choices.
    pub(crate) need: Span,
    /// A branch constraint up to `"values":`.
    pub(crate) constraint: Span,
}

/// The pieces of a rule set, rendered once ([`Rendered::build`]) and kept beside its look-up
/// tables ([`Rendered::of`]).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    text: String,
    pub(crate) rules: Vec<RulePieces>,
    pub(crate) facts: Vec<FactPieces>,
    /// Per enum, per member: the member as a choice `{id, label}`.
    pub(crate) members: Vec<Vec<Span>>,
}

impl Rendered {
    /// The pieces of `rs`, rendered on first call and kept beside its look-up tables
    /// ([`crate::ir::Lookup::cached`]).
    pub fn of(rs: &RuleSet) -> Option<&Rendered> {
        rs.lookup.cached(|| Rendered::build(rs))
    }

    /// Renders the pieces of `rs`.
    pub fn build(rs: &RuleSet) -> Rendered {
        let mut r = Rendered::default();
        for id in 0..rs.rules.len() {
            let pieces = r.rule(rs, id);
            r.rules.push(pieces);
        }
        for f in 0..rs.facts.len() {
            let need = r.piece(|w| {
                if let Some((n, _)) = parts::need_frame(rs, f) {
                    super::answers::need_head(&n, w);
                }
            });
            let constraint = r.piece(|w| super::answers::constraint_head(&parts::constraint(rs, f, vec![]), w));
            r.facts.push(FactPieces { need, constraint });
        }
        for (e, en) in rs.enums.iter().enumerate() {
            let members =
                (0..en.members.len()).map(|m| MemberId::try_from(m).map(|m| r.piece(|w| parts::member_choice(rs, e, m).json(w))).unwrap_or_default()).collect();
            r.members.push(members);
        }
        r.text.shrink_to_fit();
        r
    }

    /// The text of `span`; `None` when it is empty.
    pub(crate) fn text(&self, span: Span) -> Option<&str> {
        if span.start == span.end {
            return None;
        }
        self.text.get(span.start..span.end)
    }

    /// Renders one piece with `write` (which writes without pieces) and returns its span.
    fn piece(&mut self, write: impl FnOnce(&mut W<'_, '_>)) -> Span {
        let start = self.text.len();
        write(&mut W { out: &mut self.text, pieces: None });
        Span { start, end: self.text.len() }
    }

    /// The pieces of rule `id`.
    fn rule(&mut self, rs: &RuleSet, id: RuleId) -> RulePieces {
        let Some(r) = rs.rules.get(id) else { return RulePieces::default() };
        let mut p = RulePieces {
            id: self.piece(|w| w.str(&r.id)),
            source: self.piece(|w| source(rs, &r.source).json(w)),
            waiting: self.piece(|w| some(w, parts::waiting(rs, id))),
            ..RulePieces::default()
        };
        match &r.body {
            Body::Finding { .. } => {
                p.whole = self.piece(|w| match (parts::obligation(rs, id), parts::referral(rs, id)) {
                    (Some(o), _) => o.json(w),
                    (None, Some(r)) => r.json(w),
                    (None, None) => some(w, parts::finding(rs, id)),
                });
            }
            Body::Media(_) => p.whole = self.piece(|w| some(w, parts::certificate(rs, id))),
            // Written per answer: the expiry date is the request's.
            Body::Validity { .. } => {}
            Body::Office { .. } => p.whole = self.piece(|w| some(w, parts::office(rs, id))),
            Body::Documents(list) => {
                p.whole = self.piece(|w| some(w, parts::documents_info(rs, id)));
                if let DocList::Items(items, _) = list {
                    p.items = items.iter().enumerate().map(|(i, it)| self.piece(|w| document_head(&parts::document_item(rs, id, i, it, None), w))).collect();
                }
            }
            Body::Fee { items, .. } => {
                p.tail = self.piece(|w| {
                    if let Some((fee, _)) = parts::fee_frame(rs, id) {
                        fee_tail(&fee, w);
                    }
                });
                p.items = items.iter().enumerate().map(|(i, it)| self.piece(|w| fee_item_head(&parts::fee_item(id, i, it, 0), w))).collect();
            }
            Body::Deadline { .. } => {
                p.tail = self.piece(|w| {
                    if let Some(d) = parts::deadline_frame(rs, id) {
                        deadline_tail(&d, w);
                    }
                });
            }
            Body::Hours(_) => {
                // Office hours end as every part of one rule does: what `office_hours` puts there.
                let (src, rule) = (source(rs, &r.source), Str::from(r.id.as_str()));
                p.tail = self.piece(|w| source_rule_tail(w, &src, &rule, &strs(&r.notes), &strs(&r.assumptions)));
            }
            Body::Accept(_) | Body::Checklist { .. } => {}
        }
        p
    }
}

/// Writes `v` if there is one (and nothing, so no piece, if not).
fn some<T: Json>(w: &mut W<'_, '_>, v: Option<T>) {
    if let Some(x) = v {
        x.json(w);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Json, W};
    use crate::answer::*;
    use crate::engine::{parts, source, strs};
    use crate::ir::{AsStr, Body, DocList, MemberId, RuleSet};

    /// `v` written with the pieces of `rs`, and as serde writes it.
    fn both<T: Json + serde::Serialize>(rs: &RuleSet, v: &T) -> (String, String) {
        let mut out = String::new();
        v.json(&mut W { out: &mut out, pieces: super::Rendered::of(rs) });
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
                    source: source(rs, &r.source),
                    rule: r.id.as_str().into(),
                    notes: strs(&r.notes),
                    assumptions: strs(&r.assumptions),
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
