//! The answer to `question: service`: findings and obligations, the fee, the documents,
//! the deadline, the certificate media and the office hours — each settled, or given as
//! labelled branches over the facts the request lacks.

use super::branches::Resolved;
use super::{Ctx, Env, asked_region, cited, describe, money, region_ref, source};
use crate::answer::*;
use crate::answer::{DaySet, FeeStatus, Severity};
use crate::calendar::{self, NotCovered};
use crate::ir::*;
use crate::request::Request;
use chrono::{Datelike, Timelike};
use rust_decimal::Decimal;

/// Rules waiting on facts, found while computing a part (unknown item conditions or fee
/// quantities).
type Waits = Vec<(RuleId, Vec<FactId>)>;

mod documents;
mod fee;
mod time;
use documents::*;
use fee::*;
use time::*;

pub(super) fn answer<'a>(env: &Env, ctx: &mut Ctx<'a>, req: &Request) -> ServiceResponse<'a> {
    let rs = ctx.rs;
    let k = rs.known;
    let as_of = match req.facts.get(k.as_of) {
        Some(Some(Value::Time(t))) => Some(*t),
        _ => None,
    };
    let service_m = match req.facts.get(k.service) {
        Some(Some(Value::Enum(m))) => Some(*m),
        _ => None,
    };
    let service_id: Option<&str> = service_m.and_then(|m| rs.enums.get(k.service_enum).map(|e| e.id_of(m)));

    findings(env, ctx);
    let mut unregulated = service_m.and_then(|m| not_regulated(ctx, m));
    if unregulated.is_none() && nothing_in_force(ctx, env.today) {
        unregulated = Some(NotRegulated { reason: NotRegulatedReason::NotInForce, message: "受理时本地规定均未施行，请向窗口咨询".into() });
    }
    let mut branches = Branches::default();
    let fee = fee_part(env, ctx, req, &mut branches);
    let docs = documents_part(env, ctx, req, &mut branches);
    let deadline = deadline_part(env, ctx, as_of, &mut branches);
    let certificate = certificate_part(env, ctx, &mut branches);
    let validity = validity_part(env, ctx, as_of);
    let office_hours = hours_part(env, ctx, as_of, &mut branches);
    let offices = offices_part(env, ctx);

    // A refusal that applies is a refusal even where the service itself is not regulated;
    // otherwise silence is not permission: not regulated is never `true`.
    let allowed = if ctx.findings.iter().any(|f| f.severity == Severity::Deny) {
        Some(false)
    } else if ctx.deny_possible || unregulated.is_some() {
        None
    } else {
        Some(true)
    };
    ServiceResponse {
        request_id: req.request_id.clone().map(Into::into),
        region: region_ref(ctx.region),
        asked_region: asked_region(rs, ctx.region, req),
        question: "service",
        service: service_id.map(Into::into),
        as_of: as_of.map(|t| crate::calendar::rfc3339(&t).into()),
        allowed,
        not_regulated: unregulated,
        findings: std::mem::take(&mut ctx.findings),
        obligations: std::mem::take(&mut ctx.obligations),
        referrals: std::mem::take(&mut ctx.referrals),
        needs: ctx.needs(),
        assumed: vec![],
        fee,
        documents: docs.documents,
        documents_info: docs.documents_info,
        missing_documents: docs.missing_documents,
        submitted_complete: docs.submitted_complete,
        deadline,
        certificate,
        validity,
        office_hours,
        offices,
        branches,
        trace: req.explain.then(|| std::mem::take(&mut ctx.trace)),
    }
}

/// The fee, and the cap checked against what was charged (a refusal if over it; a wait on
/// `allowed` if the cap depends on a missing fact).
fn fee_part<'a>(env: &Env, ctx: &mut Ctx<'a>, req: &Request, branches: &mut Branches<'a>) -> Fee<'a> {
    let k = ctx.rs.known;
    let rs = ctx.rs;
    let conds = ctx.conds;
    let fee_ids = ctx.rules(Kind::Fee);
    let compute = |e: &Env, w: Option<RuleId>| {
        let mut o = fee_outcome(rs, conds, e, w);
        if !e.lines.is_empty() {
            add_lines(rs, conds, fee_ids, e, &mut o);
        }
        o
    };
    let (fee_res, fee_sel) = ctx.resolve(env, Kind::Fee, Part::Fee, compute);
    let charged = match req.facts.get(k.charged) {
        Some(Some(Value::Money(c))) => Some(*c),
        _ => None,
    };
    match fee_res {
        Resolved::Known(o) => {
            for (r, f) in &o.waits {
                ctx.wait(*r, f, Part::Fee);
            }
            // An item whose condition (or the certificate it is charged with) waits on a
            // bool or enum fact: the fee is split over that fact like any undetermined part,
            // never given without the item.
            if let Some(bs) = split_items(env, ctx, &o, |e| {
                let s = super::select::select(e, conds, fee_ids, false);
                s.settled().then(|| compute(e, s.winners.first().copied()))
            }) {
                if let Some(c) = charged
                    && charge_waits(ctx, &bs, c)
                {
                    for (r, f) in &o.waits {
                        ctx.wait(*r, f, Part::Allowed);
                    }
                }
                branches.fee = Some(ctx.branches(bs, |o| FeeBranch { fee: o.fee }));
                return undetermined_fee();
            }
            if let Some(c) = charged {
                match over_cap(&o.fee, c) {
                    Some(true) => ctx.findings.push(over_cap_finding(&o.fee, c)),
                    Some(false) => {}
                    None => {
                        for (r, f) in &o.waits {
                            ctx.wait(*r, f, Part::Allowed);
                        }
                    }
                }
            }
            o.fee
        }
        Resolved::Split(bs) => {
            // What a branch's own fee still waits on (an item's quantity, `years`) is waited
            // on too: the answer names every fact it lacks.
            let branch_waits: Vec<(RuleId, Vec<FactId>)> = bs.iter().filter_map(|b| b.value.as_ref()).flat_map(|o| o.waits.iter().cloned()).collect();
            for (r, f) in &branch_waits {
                ctx.wait(*r, f, Part::Fee);
            }
            if let Some(c) = charged
                && charge_waits(ctx, &bs, c)
            {
                wait_selection(ctx, &fee_sel, Part::Allowed);
                for (r, f) in &branch_waits {
                    ctx.wait(*r, f, Part::Allowed);
                }
            }
            branches.fee = Some(ctx.branches(bs, |o| FeeBranch { fee: o.fee }));
            undetermined_fee()
        }
        Resolved::Open => {
            // Whichever candidate rule wins, is the charge within its cap?
            if let Some(c) = charged {
                let candidates = fee_sel.winners.iter().chain(fee_sel.pending.iter().map(|(r, _)| r));
                let within_all = candidates.into_iter().all(|w| over_cap(&fee_outcome(rs, conds, env, Some(*w)).fee, c) == Some(false));
                if !within_all {
                    wait_selection(ctx, &fee_sel, Part::Allowed);
                }
            }
            undetermined_fee()
        }
    }
}

/// The documents part with what was handed in.
struct DocsPart<'a> {
    documents: Option<Vec<DocumentOut<'a>>>,
    documents_info: DocumentsInfo<'a>,
    missing_documents: Option<Vec<Str<'a>>>,
    submitted_complete: Option<Option<bool>>,
}

/// The documents, and what was handed in against them (a refusal for a missing item).
fn documents_part<'a>(env: &Env, ctx: &mut Ctx<'a>, req: &Request, branches: &mut Branches<'a>) -> DocsPart<'a> {
    let rs = ctx.rs;
    let conds = ctx.conds;
    let submitted = req.submitted.as_deref();
    let (doc_res, doc_sel) = ctx.resolve(env, Kind::Documents, Part::Documents, |e, w| documents_outcome(rs, conds, e, w, submitted));
    let mut missing_documents = None;
    let mut submitted_complete = None;
    let (documents, documents_info) = match doc_res {
        Resolved::Known(o) => {
            for (r, f) in &o.waits {
                ctx.wait(*r, f, Part::Documents);
            }
            if submitted.is_some() {
                if !o.missing.is_empty() {
                    ctx.findings.push(missing_finding(&o.answer, &o.missing));
                } else if !o.uncertain.is_empty() {
                    for (r, f) in &o.waits {
                        ctx.wait(*r, f, Part::Allowed);
                    }
                }
                if o.answer.documents_info.incomplete.is_some() && o.missing.is_empty() {
                    ctx.findings.push(incomplete_finding(&o.answer.documents_info));
                }
                missing_documents = Some(o.missing.clone());
                submitted_complete = Some(o.complete());
            }
            (o.answer.documents, o.answer.documents_info)
        }
        Resolved::Split(bs) => {
            if submitted.is_some() {
                let sets: Vec<Option<&Vec<Str<'a>>>> = bs.iter().map(|b| b.value.as_ref().map(|o| &o.missing)).collect();
                let certain: Vec<Str<'a>> = match sets.first() {
                    Some(Some(first)) if sets.iter().all(|s| s.is_some()) => {
                        first.iter().filter(|id| sets.iter().all(|s| s.is_some_and(|m| m.contains(id)))).cloned().collect()
                    }
                    _ => vec![],
                };
                let any_gap = bs.iter().any(|b| b.value.as_ref().is_none_or(|o| !o.missing.is_empty() || !o.uncertain.is_empty()));
                if !certain.is_empty() {
                    if let Some(o) = bs.iter().find_map(|b| b.value.as_ref()) {
                        ctx.findings.push(missing_finding(&o.answer, &certain));
                    }
                } else if any_gap {
                    wait_selection(ctx, &doc_sel, Part::Allowed);
                }
                missing_documents = Some(certain);
                submitted_complete = Some(None);
            }
            branches.documents = Some(ctx.branches(bs, |o| DocumentsBranch {
                documents: o.answer.documents,
                documents_info: o.answer.documents_info,
                missing_documents: submitted.map(|_| o.missing),
            }));
            (None, undetermined_info())
        }
        Resolved::Open => {
            if submitted.is_some() {
                wait_selection(ctx, &doc_sel, Part::Allowed);
                missing_documents = Some(vec![]);
                submitted_complete = Some(None);
            }
            (None, undetermined_info())
        }
    };
    DocsPart { documents, documents_info, missing_documents, submitted_complete }
}

/// The deadline (a `calendar.not_covered` warning when the calendar lacks the year).
fn deadline_part<'a>(env: &Env, ctx: &mut Ctx<'a>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>, branches: &mut Branches<'a>) -> Option<Deadline<'a>> {
    let rs = ctx.rs;
    let (dl_res, _) = ctx.resolve(env, Kind::Deadline, Part::Deadline, |e, w| deadline_outcome(rs, e, w, as_of));
    match dl_res {
        Resolved::Known(DeadlineOutcome::Due(d)) => Some(*d),
        Resolved::Known(DeadlineOutcome::NotCovered(y, r)) => {
            if let Some(rule) = rs.rules.get(r) {
                ctx.findings.push(not_covered(rs, rule, y));
            }
            None
        }
        Resolved::Known(DeadlineOutcome::Waits(r, f)) => {
            ctx.wait(r, &[f], Part::Deadline);
            None
        }
        Resolved::Known(DeadlineOutcome::None) | Resolved::Open => None,
        Resolved::Split(bs) => {
            for b in &bs {
                if let Some(DeadlineOutcome::Waits(r, f)) = &b.value {
                    ctx.wait(*r, &[*f], Part::Deadline);
                }
            }
            branches.deadline = Some(ctx.branches(bs, |o| DeadlineBranch {
                deadline: match o {
                    DeadlineOutcome::Due(d) => Some(*d),
                    _ => None,
                },
            }));
            None
        }
    }
}

/// How long the certificate is valid: the term, with its expiry date where the request gives
/// the event it counts from (else the fact is waited on). Not split into branches: a
/// validity that waits on which rule applies is left out and `needs` names the facts.
fn validity_part<'a>(env: &Env, ctx: &mut Ctx<'a>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>) -> Option<Validity<'a>> {
    let rs = ctx.rs;
    let (res, _) = ctx.resolve(env, Kind::Validity, Part::Validity, |e, w| validity_outcome(rs, e, w, as_of));
    match res {
        Resolved::Known(ValidityOutcome::Valid(v)) => Some(*v),
        Resolved::Known(ValidityOutcome::Waits(v, r, f)) => {
            ctx.wait(r, &[f], Part::Validity);
            Some(*v)
        }
        Resolved::Split(bs) => {
            for b in &bs {
                if let Some(ValidityOutcome::Waits(_, r, f)) = &b.value {
                    ctx.wait(*r, &[*f], Part::Validity);
                }
            }
            None
        }
        Resolved::Known(ValidityOutcome::None) | Resolved::Open => None,
    }
}

/// The certificate media.
fn certificate_part<'a>(env: &Env, ctx: &mut Ctx<'a>, branches: &mut Branches<'a>) -> Option<CertificateOut<'a>> {
    let rs = ctx.rs;
    let (media_res, _) = ctx.resolve(env, Kind::Media, Part::Certificate, |_, w| w.and_then(|w| crate::engine::parts::certificate(rs, w)));
    match media_res {
        Resolved::Known(c) => c,
        Resolved::Split(bs) => {
            branches.certificate = Some(ctx.branches(bs, |c| CertificateBranch { certificate: c }));
            None
        }
        Resolved::Open => None,
    }
}

/// The office hours on the day of `as_of`.
fn hours_part<'a>(env: &Env, ctx: &mut Ctx<'a>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>, branches: &mut Branches<'a>) -> Option<OfficeHours<'a>> {
    let rs = ctx.rs;
    let (hours_res, _) = ctx.resolve(env, Kind::Hours, Part::OfficeHours, |_, w| {
        w.and_then(|w| rs.rules.get(w).map(|r| (w, r))).zip(as_of).and_then(|((w, r), at)| match &r.body {
            Body::Hours(h) => Some(office_hours(rs, w, r, h, at)),
            _ => None,
        })
    });
    match hours_res {
        Resolved::Known(Some((h, uncovered))) => {
            if let (Some(y), Some(r)) = (uncovered, rs.rules.iter().find(|r| r.id == h.cited.rule)) {
                ctx.findings.push(not_covered(rs, r, y));
            }
            Some(h)
        }
        Resolved::Known(None) | Resolved::Open => None,
        Resolved::Split(bs) => {
            branches.office_hours = Some(ctx.branches(bs, |o| HoursBranch { office_hours: o.map(|(h, _)| h) }));
            None
        }
    }
}

/// The offices: every `office` rule that applies, and each one whose condition waits on a
/// missing fact, with that condition in zh-CN (an office is information, not a decision:
/// it is shown with its condition rather than left out or asked about).
fn offices_part<'a>(env: &Env, ctx: &mut Ctx<'a>) -> Vec<OfficeOut<'a>> {
    let rs = ctx.rs;
    let sel = ctx.select(env, Kind::Office);
    let pending = sel.pending.iter().map(|(id, _)| *id).filter_map(|id| {
        let mut o = crate::engine::parts::office(rs, id)?;
        o.condition = rs.rules.get(id).map(|r| crate::engine::describe::cond(rs, &r.when));
        // No longer what the rule alone says: written field by field, not from its piece.
        o.origin = Origin::Answer;
        Some(o)
    });
    sel.winners.iter().filter_map(|id| crate::engine::parts::office(rs, *id)).chain(pending).collect()
}

/// Records the facts a selection waits on, as deciding `part`.
/// The charge `c` against a fee split into branches `bs`: breaking the fee in every branch →
/// the finding (over the highest amount when `c` is above every amount, else against the
/// lowest) and `false`; within it in every branch → `false`; otherwise `true`, and the caller
/// makes `allowed` wait on what the fee waits on.
fn charge_waits<'a>(ctx: &mut Ctx<'a>, bs: &[super::branches::Branch<FeeOutcome<'a>>], c: Decimal) -> bool {
    let verdicts: Vec<Option<bool>> = bs.iter().map(|b| b.value.as_ref().and_then(|o| over_cap(&o.fee, c))).collect();
    if verdicts.iter().all(|v| *v == Some(true)) {
        let fees = || bs.iter().filter_map(|b| b.value.as_ref());
        let highest = fees().max_by_key(|o| o.fee.amount);
        let pick = match highest {
            Some(o) if o.fee.amount.is_some_and(|m| c > m.rounded()) => Some(o),
            _ => fees().min_by_key(|o| o.fee.amount),
        };
        if let Some(o) = pick {
            ctx.findings.push(over_cap_finding(&o.fee, c));
        }
        return false;
    }
    verdicts.iter().any(|v| *v != Some(false))
}

/// The fee split over the bool and enum facts its items wait on (`None` when it waits on
/// none, or on a date or number, which are not split: the amount is then null and `needs`
/// names the fact).
fn split_items<'a>(
    env: &Env,
    ctx: &Ctx<'a>,
    o: &FeeOutcome<'a>,
    eval: impl Fn(&Env) -> Option<FeeOutcome<'a>>,
) -> Option<Vec<super::branches::Branch<FeeOutcome<'a>>>> {
    let mut missing: Vec<FactId> = Vec::new();
    for f in o.waits.iter().flat_map(|(_, f)| f.iter()) {
        if !missing.contains(f) {
            missing.push(*f);
        }
    }
    if missing.is_empty() {
        return None;
    }
    match super::branches::resolve(env, ctx.region_id, &missing, eval) {
        Resolved::Split(bs) => Some(bs),
        _ => None,
    }
}

fn wait_selection(ctx: &mut Ctx<'_>, sel: &super::select::Selection, part: Part) {
    for (r, f) in sel.pending.iter().chain(sel.contingent.iter()) {
        ctx.wait(*r, f, part);
    }
}

/// Findings and obligations: every applicable rule not overridden; pending rules and rules
/// a pending exception may override wait on their facts.
#[inline(never)]
fn findings<'a>(env: &Env, ctx: &mut Ctx<'a>) {
    let rs = ctx.rs;
    let sel = ctx.select(env, Kind::Finding);
    let part = |id: RuleId| match rs.rules.get(id).map(|r| &r.body) {
        Some(Body::Finding { severity: crate::ir::Severity::Deny, .. }) => Part::Allowed,
        Some(Body::Finding { severity: crate::ir::Severity::Oblige, .. }) => Part::Obligations,
        Some(Body::Finding { severity: crate::ir::Severity::Refer, .. }) => Part::Referrals,
        _ => Part::Findings,
    };
    for (id, facts) in sel.pending.iter().chain(sel.contingent.iter()) {
        ctx.wait(*id, facts, part(*id));
    }
    for id in &sel.winners {
        if sel.contingent.iter().any(|(c, _)| c == id) {
            continue;
        }
        if let Some(o) = super::parts::obligation(rs, *id) {
            ctx.obligations.push(o);
        } else if let Some(r) = super::parts::referral(rs, *id) {
            ctx.referrals.push(r);
        } else if let Some(f) = super::parts::finding(rs, *id) {
            ctx.findings.push(f);
        }
    }
}

#[inline(never)]
/// The not-regulated verdict (and its `service.not_regulated` finding) when service `m` is
/// not among the services the region's rules cover (its `services` clause, or its nearest
/// ancestor's).
fn not_regulated<'a>(ctx: &mut Ctx<'a>, m: MemberId) -> Option<NotRegulated<'a>> {
    let rs = ctx.rs;
    if rs.services(ctx.region_id).contains(&m) {
        return None;
    }
    let label = describe::member_label(rs, rs.known.service_enum, m);
    ctx.findings.push(Finding {
        code: "service.not_regulated".into(),
        severity: Severity::Warn,
        message: format!("{}的规则未规定“{}”服务", ctx.region.name, label).into(),
        remedy: Some("请向当地公共资源交易中心或CA机构咨询".into()),
        cited: Cited { source: None, rule: format!("{}/engine.services", ctx.region.code).into(), notes: Texts::default(), assumptions: Texts::default() },
        minimum_set: vec![],
        origin: Origin::Answer,
    });
    Some(NotRegulated { reason: NotRegulatedReason::Service, message: "本地规定未涉及该业务，请向窗口咨询".into() })
}

/// Whether, on `today`, no rule of the region (or its ancestors) is in force: every
/// document they cite is not yet in force, or repealed. `false` when `today` is unknown.
fn nothing_in_force(ctx: &Ctx<'_>, today: Option<chrono::NaiveDate>) -> bool {
    let Some(day) = today else { return false };
    let mut rules = ctx.region.rules.iter().flat_map(|(_, ids)| ids.iter()).filter_map(|r| ctx.rs.rules.get(*r)).peekable();
    rules.peek().is_some() && rules.all(|r| !super::select::in_force(ctx.rs, r, Some(day)))
}

#[inline(never)]
fn not_covered<'a>(rs: &'a RuleSet, r: &'a Rule, y: i32) -> Finding<'a> {
    Finding {
        code: "calendar.not_covered".into(),
        severity: Severity::Warn,
        message: format!("工作日历未收录{y}年的节假日安排，无法按工作日计算").into(),
        remedy: Some(format!("请系统维护人员在工作日历中补充{y}年国务院办公厅节假日安排").into()),
        cited: Cited { source: Some(source(rs, &r.source)), rule: r.id.as_str().into(), notes: Texts::default(), assumptions: Texts::default() },
        minimum_set: vec![],
        origin: Origin::Answer,
    }
}
