//! The answers to `question: acceptance` (is this certificate accepted here?) and
//! `question: evaluation` (a CA-company checklist over observations and service records).

use super::branches::Resolved;
use super::{Ctx, Env, asked_region, region_ref, source};
use crate::answer::*;
use crate::calendar;
use crate::ir::*;
use crate::request::Request;
use std::borrow::Cow;

/// Acceptance: the winning `accept` rule, or branches over the facts it waits on.
pub(super) fn acceptance<'a>(env: &Env, ctx: &mut Ctx<'a>, req: &Request) -> AcceptanceResponse<'a> {
    let rs = ctx.rs;
    let (res, _) = ctx.resolve(env, Kind::Accept, Part::Accepted, |_, w| {
        let r = w.and_then(|w| rs.rules.get(w));
        match r {
            Some(r @ Rule { body: Body::Accept(a), .. }) => {
                AcceptBranch { accepted: Some(*a), source: Some(source(rs, &r.source)), rule: Some(r.id.as_str().into()) }
            }
            _ => AcceptBranch { accepted: None, source: None, rule: None },
        }
    });
    let mut branches = Branches::default();
    let (accepted, src, rule) = match res {
        Resolved::Known(b) => (b.accepted, b.source, b.rule),
        Resolved::Split(bs) => {
            branches.accepted = Some(ctx.branches(bs, |b| b));
            (None, None, None)
        }
        Resolved::Open => (None, None, None),
    };
    let winner = rule.as_deref().and_then(|id| rs.rules.iter().find(|r| r.id == id));
    AcceptanceResponse {
        request_id: req.request_id.clone().map(Into::into),
        region: region_ref(ctx.region),
        asked_region: asked_region(rs, ctx.region, req),
        question: "acceptance",
        accepted,
        findings: std::mem::take(&mut ctx.findings),
        needs: ctx.needs(),
        assumed: vec![],
        cited: Cited {
            source: src,
            rule,
            notes: winner.map(|r| Cow::Borrowed(&*r.notes)).unwrap_or_default(),
            assumptions: winner.map(|r| Cow::Borrowed(&*r.assumptions)).unwrap_or_default(),
        },
        branches,
        trace: req.explain.then(|| std::mem::take(&mut ctx.trace)),
    }
}

/// Evaluation: each checklist item from its observation, or derived from the service
/// records through the deadline rule it names.
pub(super) fn evaluation<'a>(env: &Env, ctx: &mut Ctx<'a>, req: &Request) -> EvaluationResponse<'a> {
    let rs = ctx.rs;
    let sel = ctx.select(env, Kind::Checklist);
    let winner = sel.winners.first().and_then(|w| rs.rules.get(*w));
    let mut out = EvaluationResponse {
        request_id: req.request_id.clone().map(Into::into),
        region: region_ref(ctx.region),
        asked_region: asked_region(rs, ctx.region, req),
        question: "evaluation",
        checklist: None,
        items: vec![],
        passed: 0,
        failed: 0,
        unknown: 0,
        findings: vec![],
        rule: None,
    };
    if let Some(r @ Rule { body: Body::Checklist { title, items }, .. }) = winner {
        out.checklist = Some(title.as_str().into());
        out.rule = Some(r.id.as_str().into());
        for it in items.iter() {
            let (answer, basis) = match req.observations.get(it.id.as_str()) {
                Some(b) => (Some(*b), Basis::Observation),
                None => match it.derive {
                    Some((how, dl)) => (derive(rs, ctx.conds, how, dl, req), Basis::Derived),
                    None => (None, Basis::None),
                },
            };
            let basis = if answer.is_none() { Basis::None } else { basis };
            let result = match answer {
                Some(a) if a == it.passes => CheckResult::Pass,
                Some(_) => CheckResult::Fail,
                None => CheckResult::Unknown,
            };
            match result {
                CheckResult::Pass => out.passed += 1,
                CheckResult::Fail => out.failed += 1,
                CheckResult::Unknown => out.unknown += 1,
            }
            out.items.push(CheckItemOut { id: it.id.as_str().into(), text: it.text.as_str().into(), answer, result, basis, source: source(rs, &r.source) });
        }
    }
    out.findings = std::mem::take(&mut ctx.findings);
    out
}

/// Derives a checklist answer from service records through the deadline rule `dl`: the
/// same rule, and the same computation, that gives `deadline` in service answers.
fn derive(rs: &RuleSet, conds: &dyn super::Conds, how: Derive, dl: RuleId, req: &Request) -> Option<bool> {
    let rule = rs.rules.get(dl)?;
    // A limit counted from an event other than the receipt is not derived from records.
    let Body::Deadline { spec, after: None, .. } = &rule.body else { return None };
    let mut any = false;
    let mut late = false;
    for rec in &req.records {
        let env = Env::new(rs, &rec.facts);
        if conds.when(&env, dl) != Some(true) {
            continue;
        }
        let Ok(due) = calendar::due(&rs.calendar, spec, rec.received_at) else { return None };
        match rec.completed_at {
            Some(done) => {
                any = true;
                if done > due {
                    late = true;
                }
            }
            None => return None,
        }
    }
    if !any {
        return None;
    }
    Some(match how {
        Derive::Overdue => late,
        Derive::OnTime => !late,
    })
}
