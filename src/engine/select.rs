//! Selection among the rules of one kind: in-force filtering, three-valued applicability,
//! and exceptions (`overrides`).
//!
//! A rule applies when its document is in force on the day of `as_of` and its condition
//! holds. Among the applicable rules, one overridden by another applicable rule is dropped.
//! A rule whose condition is unknown (a fact the request lacks) is *pending*: it may yet
//! apply, so an applicable rule it overrides is only *contingent*.

use super::env::Env;
use super::interpreter::Conds;
use crate::ir::{FactId, Rule, RuleId, RuleSet};
use chrono::NaiveDate;
use smallvec::SmallVec;

/// The winners of a selection: a part selects one rule or a few, kept inline.
pub type Winners = SmallVec<[RuleId; 4]>;

/// What selecting among one kind's rules found.
#[derive(Debug, Default)]
pub struct Selection {
    /// Applicable rules not overridden by another applicable rule.
    pub winners: Winners,
    /// Winners that a pending rule would override if it applied, with that rule's facts.
    pub contingent: Vec<(RuleId, Vec<FactId>)>,
    /// Rules whose condition is unknown and that no applicable rule overrides, with the facts
    /// that would decide them.
    pub pending: Vec<(RuleId, Vec<FactId>)>,
    /// Rules skipped because their document is not in force on the day of `as_of`.
    pub not_in_force: Vec<RuleId>,
    /// `(rule, result)` for `--explain`: applied | overridden | not_applicable | unknown |
    /// not_in_force.
    pub trace: Vec<(RuleId, &'static str)>,
}

impl Selection {
    /// Whether the outcome is certain: nothing pending, nothing contingent.
    pub fn settled(&self) -> bool {
        self.pending.is_empty() && self.contingent.is_empty()
    }
}

/// Whether rule `r`'s document is in force on `day`. Without a day (a clerk's question
/// without `as_of`) the rules currently encoded as in force answer: those of documents not
/// repealed or superseded.
pub fn in_force(rs: &RuleSet, r: &Rule, day: Option<NaiveDate>) -> bool {
    let Some(d) = rs.documents.get(r.source.doc) else { return true };
    match day {
        Some(t) => d.in_force.is_none_or(|f| t >= f) && d.repealed.is_none_or(|x| t < x),
        None => d.repealed.is_none(),
    }
}

/// Selects among `ids` (rules of one kind, ancestors first).
pub fn select(env: &Env, conds: &dyn Conds, ids: &[RuleId], explain: bool) -> Selection {
    let rs = env.rs;
    let mut applicable: SmallVec<[RuleId; 8]> = SmallVec::new();
    let mut out = Selection::default();
    let mut unknown = Vec::new();
    // The request's service, when known: rules whose conjuncts exclude it are false without
    // being evaluated (`Rule::services`); with `explain` every rule is evaluated for the trace.
    let service = match env.facts.get(rs.known.service) {
        Some(Some(crate::ir::Value::Enum(s))) if !explain => Some(1u64 << (*s as u64 & 63)),
        _ => None,
    };
    for &id in ids {
        let Some(r) = rs.rules.get(id) else { continue };
        if !in_force(rs, r, env.today) {
            out.not_in_force.push(id);
            if explain {
                out.trace.push((id, "not_in_force"));
            }
            continue;
        }
        if service.is_some_and(|bit| r.services & bit == 0) {
            continue;
        }
        env.take_missing();
        match conds.when(env, id) {
            Some(true) => applicable.push(id),
            Some(false) => {
                if explain {
                    out.trace.push((id, "not_applicable"))
                }
            }
            None => {
                unknown.push((id, env.take_missing()));
                if explain {
                    out.trace.push((id, "unknown"));
                }
            }
        }
    }
    let overrides = |b: RuleId, a: RuleId| rs.rules.get(b).is_some_and(|rb| crate::ir::sorted_has(&rb.overrides, &a));
    for &a in &applicable {
        let overridden = applicable.iter().any(|&b| overrides(b, a));
        if explain {
            out.trace.push((a, if overridden { "overridden" } else { "applied" }));
        }
        if !overridden {
            out.winners.push(a);
        }
    }
    // A pending rule matters only if no applicable rule overrides it.
    unknown.retain(|(u, _)| !applicable.iter().any(|&b| overrides(b, *u)));
    for &w in &out.winners {
        let mut facts: Vec<FactId> = Vec::new();
        for (u, f) in &unknown {
            if overrides(*u, w) {
                for x in f {
                    if !facts.contains(x) {
                        facts.push(*x);
                    }
                }
            }
        }
        if !facts.is_empty() {
            out.contingent.push((w, facts));
        }
    }
    out.pending = unknown;
    out
}
