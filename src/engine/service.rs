//! The answer to `question: service`: findings and obligations, the fee, the documents,
//! the deadline, the certificate media and the office hours — each settled, or given as
//! labelled branches over the facts the request lacks.

use super::branches::Resolved;
use super::{Ctx, Env, asked_region, describe, money, region_ref, source, strs};
use crate::api::request::Request;
use crate::api::response::*;
use crate::api::response::{DaySet, FeeStatus, Severity};
use crate::calendar::{self, NotCovered};
use crate::ir::*;
use chrono::{Datelike, Timelike};
use rust_decimal::Decimal;

/// Rules waiting on facts, found while computing a part (unknown item conditions or fee
/// quantities).
type Waits = Vec<(RuleId, Vec<FactId>)>;

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

    let conds = ctx.conds;
    findings(env, ctx);
    if let Some(m) = service_m {
        not_regulated(ctx, m);
    }
    let mut branches = Branches::default();

    // Fee, and the cap against what was charged.
    let fee_ids = ctx.rules(Kind::Fee);
    let (fee_res, fee_sel) = ctx.resolve(env, Kind::Fee, Part::Fee, |e, w| {
        let mut o = fee_outcome(rs, conds, e, w);
        if !e.lines.is_empty() {
            add_lines(rs, conds, fee_ids, e, &mut o);
        }
        o
    });
    let charged = match req.facts.get(k.charged) {
        Some(Some(Value::Money(c))) => Some(*c),
        _ => None,
    };
    let fee = match fee_res {
        Resolved::Known(o) => {
            for (r, f) in &o.waits {
                ctx.wait(*r, f, Part::Fee);
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
            if let Some(c) = charged {
                let verdicts: Vec<Option<bool>> = bs.iter().map(|b| b.value.as_ref().and_then(|o| over_cap(&o.fee, c))).collect();
                if verdicts.iter().all(|v| *v == Some(true)) {
                    let highest = bs.iter().filter_map(|b| b.value.as_ref()).max_by_key(|o| o.fee.amount.as_deref().and_then(|a| a.parse::<Decimal>().ok()));
                    if let Some(o) = highest {
                        ctx.findings.push(over_cap_finding(&o.fee, c));
                    }
                } else if verdicts.iter().any(|v| *v != Some(false)) {
                    wait_selection(ctx, &fee_sel, Part::Allowed);
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
    };

    // Documents, and what was handed in.
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

    // Deadline.
    let (dl_res, _) = ctx.resolve(env, Kind::Deadline, Part::Deadline, |e, w| deadline_outcome(rs, e, w, as_of));
    let deadline = match dl_res {
        Resolved::Known(DeadlineOutcome::Due(d)) => Some(*d),
        Resolved::Known(DeadlineOutcome::NotCovered(y, r)) => {
            if let Some(rule) = rs.rules.get(r) {
                ctx.findings.push(not_covered(rs, rule, y));
            }
            None
        }
        Resolved::Known(DeadlineOutcome::None) | Resolved::Open => None,
        Resolved::Split(bs) => {
            branches.deadline = Some(ctx.branches(bs, |o| DeadlineBranch {
                deadline: match o {
                    DeadlineOutcome::Due(d) => Some(*d),
                    _ => None,
                },
            }));
            None
        }
    };

    // Certificate media.
    let (media_res, _) = ctx.resolve(env, Kind::Media, Part::Certificate, |_, w| w.and_then(|w| rs.rules.get(w)).and_then(|r| certificate(rs, r)));
    let certificate = match media_res {
        Resolved::Known(c) => c,
        Resolved::Split(bs) => {
            branches.certificate = Some(ctx.branches(bs, |c| CertificateBranch { certificate: c }));
            None
        }
        Resolved::Open => None,
    };

    // Office hours.
    let (hours_res, _) = ctx.resolve(env, Kind::Hours, Part::OfficeHours, |_, w| {
        w.and_then(|w| rs.rules.get(w)).zip(as_of).and_then(|(r, at)| match &r.body {
            Body::Hours(h) => Some(office_hours(rs, r, h, at)),
            _ => None,
        })
    });
    let office_hours = match hours_res {
        Resolved::Known(Some((h, uncovered))) => {
            if let (Some(y), Some(r)) = (uncovered, rs.rules.iter().find(|r| r.id == h.rule)) {
                ctx.findings.push(not_covered(rs, r, y));
            }
            Some(h)
        }
        Resolved::Known(None) | Resolved::Open => None,
        Resolved::Split(bs) => {
            branches.office_hours = Some(ctx.branches(bs, |o| HoursBranch { office_hours: o.map(|(h, _)| h) }));
            None
        }
    };

    let allowed = if ctx.findings.iter().any(|f| f.severity == Severity::Deny) {
        Some(false)
    } else if ctx.deny_possible {
        None
    } else {
        Some(true)
    };
    ServiceResponse {
        region: region_ref(ctx.region),
        asked_region: asked_region(rs, ctx.region, req),
        question: "service",
        service: service_id.map(Into::into),
        as_of: as_of.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false).into()),
        allowed,
        findings: std::mem::take(&mut ctx.findings),
        obligations: std::mem::take(&mut ctx.obligations),
        needs: ctx.needs(),
        fee,
        documents,
        documents_info,
        missing_documents,
        submitted_complete,
        deadline,
        certificate,
        office_hours,
        branches,
        trace: req.explain.then(|| std::mem::take(&mut ctx.trace)),
    }
}

/// Records the facts a selection waits on, as deciding `part`.
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
        _ => Part::Findings,
    };
    for (id, facts) in sel.pending.iter().chain(sel.contingent.iter()) {
        ctx.wait(*id, facts, part(*id));
    }
    for id in &sel.winners {
        if sel.contingent.iter().any(|(c, _)| c == id) {
            continue;
        }
        let Some(r @ Rule { body: Body::Finding { severity, code, message, remedy }, .. }) = rs.rules.get(*id) else { continue };
        let sev = match severity {
            crate::ir::Severity::Deny => Severity::Deny,
            crate::ir::Severity::Warn => Severity::Warn,
            crate::ir::Severity::Info => Severity::Info,
            crate::ir::Severity::Oblige => {
                ctx.obligations.push(Obligation {
                    code: code.as_str().into(),
                    message: message.as_str().into(),
                    remedy: remedy.as_deref().map(Into::into),
                    rule: r.id.as_str().into(),
                    source: source(rs, &r.source),
                    notes: strs(&r.notes),
                    assumptions: strs(&r.assumptions),
                });
                continue;
            }
        };
        ctx.findings.push(Finding {
            code: code.as_str().into(),
            severity: sev,
            message: message.as_str().into(),
            remedy: remedy.as_deref().map(Into::into),
            rule: r.id.as_str().into(),
            source: Some(source(rs, &r.source)),
            notes: strs(&r.notes),
            assumptions: strs(&r.assumptions),
        });
    }
}

#[inline(never)]
fn not_regulated(ctx: &mut Ctx<'_>, m: MemberId) {
    let rs = ctx.rs;
    if rs.services(ctx.region_id).contains(&m) {
        return;
    }
    let label = describe::member_label(rs, rs.known.service_enum, m);
    ctx.findings.push(Finding {
        code: "service.not_regulated".into(),
        severity: Severity::Warn,
        message: format!("{}的规则未规定“{}”服务", ctx.region.name, label).into(),
        remedy: Some("请向当地公共资源交易中心或CA机构咨询".into()),
        rule: format!("{}/engine.services", ctx.region.code).into(),
        source: None,
        notes: vec![],
        assumptions: vec![],
    });
}

#[inline(never)]
fn not_covered<'a>(rs: &'a RuleSet, r: &'a Rule, y: i32) -> Finding<'a> {
    Finding {
        code: "calendar.not_covered".into(),
        severity: Severity::Warn,
        message: format!("工作日历未收录{y}年的节假日安排，无法按工作日计算").into(),
        remedy: Some(format!("在 rules/calendar.carules 中补充{y}年国务院办公厅节假日安排").into()),
        rule: r.id.as_str().into(),
        source: Some(source(rs, &r.source)),
        notes: vec![],
        assumptions: vec![],
    }
}

// ---------------------------------------------------------------------------------------
// Fee

#[derive(Debug, Clone, PartialEq)]
pub(super) struct FeeOutcome<'a> {
    fee: Fee<'a>,
    waits: Waits,
}

fn undetermined_fee<'a>() -> Fee<'a> {
    Fee {
        status: FeeStatus::Undetermined,
        amount: None,
        currency: "CNY",
        items: vec![],
        source: None,
        rule: None,
        notes: vec![],
        assumptions: vec![],
        charged_as: None,
    }
}

fn unspecified_fee<'a>() -> Fee<'a> {
    Fee {
        status: FeeStatus::Unspecified,
        amount: None,
        currency: "CNY",
        items: vec![],
        source: None,
        rule: None,
        notes: vec![],
        assumptions: vec![],
        charged_as: None,
    }
}

/// The fee of the winning fee rule `w`.
#[inline(never)]
fn fee_outcome<'a>(rs: &'a RuleSet, conds: &dyn crate::engine::Conds, env: &Env, w: Option<RuleId>) -> FeeOutcome<'a> {
    let mut waits = Waits::new();
    let Some((w, r)) = w.and_then(|w| rs.rules.get(w).map(|r| (w, r))) else { return FeeOutcome { fee: unspecified_fee(), waits } };
    let Body::Fee { why, charge_as, .. } = &r.body else { return FeeOutcome { fee: unspecified_fee(), waits } };
    // `as <rule>`: the status and items of that rule, evaluated as that rule's.
    let (items_rule, target) = match charge_as.and_then(|t| rs.rules.get(t).map(|tr| (t, tr))) {
        Some((t, tr)) => (t, tr),
        None => (w, r),
    };
    let Body::Fee { status, items, .. } = &target.body else { return FeeOutcome { fee: unspecified_fee(), waits } };
    let mut notes: Vec<Str<'a>> = Vec::with_capacity(r.notes.len() + 1);
    if let Some(wy) = why {
        notes.push(wy.as_str().into());
    }
    notes.extend(r.notes.iter().map(|n| Str::from(n.as_str())));
    let mut out = Fee {
        status: (*status).into(),
        amount: None,
        currency: "CNY",
        items: vec![],
        source: Some(source(rs, &r.source)),
        rule: Some(r.id.as_str().into()),
        notes,
        assumptions: strs(&r.assumptions),
        charged_as: (items_rule != w).then(|| Str::from(target.id.as_str())),
    };
    match status {
        crate::ir::FeeStatus::Free => out.amount = Some(money(Decimal::ZERO).into()),
        crate::ir::FeeStatus::Capped | crate::ir::FeeStatus::Fixed => {
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
                out.items.push(FeeItemOut { label: it.label.as_str().into(), amount: money(it.amount).into(), per: it.unit.into(), quantity: q, line: None });
            }
            out.amount = total.map(|t| money(t).into());
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
fn add_lines<'a>(rs: &'a RuleSet, conds: &dyn crate::engine::Conds, ids: &[RuleId], visit: &Env, o: &mut FeeOutcome<'a>) {
    let mut total = o.fee.amount.as_deref().and_then(|a| a.parse::<Decimal>().ok());
    for (i, line) in visit.lines.iter().enumerate() {
        let facts = visit.line_facts(line);
        let env = Env::new(rs, &facts);
        let sel = super::select::select(&env, conds, ids, false);
        if !sel.settled() {
            o.waits.extend(sel.pending.iter().chain(sel.contingent.iter()).cloned());
            o.fee.status = FeeStatus::Undetermined;
            total = None;
            continue;
        }
        let lo = fee_outcome(rs, conds, &env, sel.winners.first().copied());
        o.waits.extend(lo.waits);
        o.fee.status = combine(o.fee.status, lo.fee.status);
        total = match (total, lo.fee.amount.as_deref().and_then(|a| a.parse::<Decimal>().ok())) {
            (Some(t), Some(a)) => t.checked_add(a),
            _ => None,
        };
        o.fee.items.extend(lo.fee.items.into_iter().map(|it| FeeItemOut { line: Some(i), ..it }));
    }
    o.fee.amount = total.filter(|_| matches!(o.fee.status, FeeStatus::Free | FeeStatus::Capped | FeeStatus::Fixed)).map(|t| money(t).into());
}

/// The status of a sum of fees: the least determined part decides.
fn combine(a: FeeStatus, b: FeeStatus) -> FeeStatus {
    let rank = |s: FeeStatus| match s {
        FeeStatus::Free => 0,
        FeeStatus::Fixed => 1,
        FeeStatus::Capped => 2,
        FeeStatus::SelfPaid => 3,
        FeeStatus::Unspecified => 4,
        FeeStatus::Undetermined => 5,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Whether `charged` is over the fee: `None` when the fee has no amount to compare with
/// although it states one (a quantity unknown).
fn over_cap(fee: &Fee, charged: Decimal) -> Option<bool> {
    match fee.status {
        FeeStatus::Capped | FeeStatus::Fixed | FeeStatus::Free => fee.amount.as_deref().and_then(|a| a.parse::<Decimal>().ok()).map(|cap| charged > cap),
        FeeStatus::SelfPaid | FeeStatus::Unspecified => Some(false),
        FeeStatus::Undetermined => None,
    }
}

#[inline(never)]
fn over_cap_finding<'a>(fee: &Fee<'a>, charged: Decimal) -> Finding<'a> {
    let amount = fee.amount.clone().unwrap_or_default();
    Finding {
        code: "fee.over_cap".into(),
        severity: Severity::Deny,
        message: format!("收取 {} 元，超过规定的 {} 元", money(charged), amount).into(),
        remedy: Some(format!("按不高于 {amount} 元收费").into()),
        rule: fee.rule.clone().unwrap_or_default(),
        source: fee.source.clone(),
        notes: vec![],
        assumptions: vec![],
    }
}

// ---------------------------------------------------------------------------------------
// Documents

#[derive(Debug, Clone, PartialEq)]
pub(super) struct DocsOutcome<'a> {
    answer: DocumentsBranch<'a>,
    /// Listed items not submitted.
    missing: Vec<Str<'a>>,
    /// Items listed under an undecided condition and not submitted.
    uncertain: Vec<Str<'a>>,
    waits: Waits,
}

impl DocsOutcome<'_> {
    /// Whether what was submitted is complete: null when the list is open-ended or an item's
    /// condition is undecided.
    fn complete(&self) -> Option<bool> {
        if !self.missing.is_empty() {
            return Some(false);
        }
        match self.answer.documents_info.status {
            ListStatus::Listed if self.answer.documents_info.incomplete.is_none() && self.uncertain.is_empty() => Some(true),
            ListStatus::None => Some(true),
            _ => None,
        }
    }
}

fn undetermined_info<'a>() -> DocumentsInfo<'a> {
    DocumentsInfo { status: ListStatus::Undetermined, rule: None, source: None, why: None, incomplete: None, notes: vec![], assumptions: vec![] }
}

#[inline(never)]
fn documents_outcome<'a>(rs: &'a RuleSet, conds: &dyn crate::engine::Conds, env: &Env, w: Option<RuleId>, submitted: Option<&[String]>) -> DocsOutcome<'a> {
    let mut waits = Waits::new();
    let Some((w, r)) = w.and_then(|w| rs.rules.get(w).map(|r| (w, r))) else {
        let info = DocumentsInfo { status: ListStatus::Unspecified, rule: None, source: None, why: None, incomplete: None, notes: vec![], assumptions: vec![] };
        return DocsOutcome {
            answer: DocumentsBranch { documents: None, documents_info: info, missing_documents: None },
            missing: vec![],
            uncertain: vec![],
            waits,
        };
    };
    let mut info = DocumentsInfo {
        status: ListStatus::Listed,
        rule: Some(r.id.as_str().into()),
        source: Some(source(rs, &r.source)),
        why: None,
        incomplete: None,
        notes: strs(&r.notes),
        assumptions: strs(&r.assumptions),
    };
    let mut missing = vec![];
    let mut uncertain = vec![];
    let documents = match &r.body {
        Body::Documents(DocList::Items(items, incomplete)) => {
            info.incomplete = incomplete.as_deref().map(Into::into);
            let mut out = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                let condition = match &it.when {
                    None => None,
                    Some(c) => {
                        env.take_missing();
                        match conds.item_when(env, w, i) {
                            Some(true) => None,
                            Some(false) => continue,
                            None => {
                                waits.push((w, env.take_missing()));
                                Some(Str::from(format!("仅当{}时提交", describe::cond(rs, c))))
                            }
                        }
                    }
                };
                if let Some(sub) = submitted
                    && !sub.contains(&it.id)
                {
                    if condition.is_some() { uncertain.push(Str::from(it.id.as_str())) } else { missing.push(Str::from(it.id.as_str())) }
                }
                out.push(DocumentOut {
                    id: it.id.as_str().into(),
                    name: it.name.as_str().into(),
                    copies: it.copies,
                    requires: it.requires.iter().map(|x| x.as_str().into()).collect(),
                    source: source(rs, &it.source),
                    rule: rs.rules.get(it.rule).map(|r| r.id.as_str()).unwrap_or_default().into(),
                    condition,
                });
            }
            Some(out)
        }
        Body::Documents(DocList::None(why)) => {
            info.status = ListStatus::None;
            info.why = Some(why.as_str().into());
            Some(vec![])
        }
        Body::Documents(DocList::Unspecified(why)) => {
            info.status = ListStatus::Unspecified;
            info.why = (!why.is_empty()).then(|| Str::from(why.as_str()));
            None
        }
        _ => None,
    };
    DocsOutcome { answer: DocumentsBranch { documents, documents_info: info, missing_documents: None }, missing, uncertain, waits }
}

#[inline(never)]
fn missing_finding<'a>(answer: &DocumentsBranch<'a>, missing: &[Str<'a>]) -> Finding<'a> {
    let items: Vec<&DocumentOut<'a>> = answer.documents.iter().flatten().filter(|d| missing.contains(&d.id)).collect();
    let names: Vec<&str> = items.iter().map(|d| d.name.as_ref()).collect();
    let first = items.first();
    Finding {
        code: "documents.missing".into(),
        severity: Severity::Deny,
        message: format!("材料不全，缺少：{}", names.join("；")).into(),
        remedy: Some("请补齐所缺材料后再办理".into()),
        rule: first.map(|d| d.rule.clone()).unwrap_or_default(),
        source: first.map(|d| d.source.clone()),
        notes: vec![],
        assumptions: vec![],
    }
}

#[inline(never)]
fn incomplete_finding<'a>(info: &DocumentsInfo<'a>) -> Finding<'a> {
    Finding {
        code: "documents.incomplete_list".into(),
        severity: Severity::Warn,
        message: format!("规定所列材料并不完整（{}），无法确认所交材料已经齐全", info.incomplete.as_deref().unwrap_or("")).into(),
        remedy: Some("请向办理窗口确认是否还需其他材料".into()),
        rule: info.rule.clone().unwrap_or_default(),
        source: info.source.clone(),
        notes: vec![],
        assumptions: vec![],
    }
}

// ---------------------------------------------------------------------------------------
// Deadline, certificate media, office hours

#[derive(Debug, Clone, PartialEq)]
pub(super) enum DeadlineOutcome<'a> {
    None,
    Due(Box<Deadline<'a>>),
    NotCovered(i32, RuleId),
}

#[inline(never)]
fn deadline_outcome<'a>(rs: &'a RuleSet, _env: &Env, w: Option<RuleId>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>) -> DeadlineOutcome<'a> {
    let (Some((w, r)), Some(at)) = (w.and_then(|w| rs.rules.get(w).map(|r| (w, r))), as_of) else { return DeadlineOutcome::None };
    let Body::Deadline { spec, basis } = &r.body else { return DeadlineOutcome::None };
    match calendar::due(&rs.calendar, spec, at) {
        Ok(due) => DeadlineOutcome::Due(Box::new(Deadline {
            due: due.to_rfc3339_opts(chrono::SecondsFormat::Secs, false).into(),
            due_date: due.date_naive().to_string().into(),
            basis: basis.as_str().into(),
            source: source(rs, &r.source),
            rule: r.id.as_str().into(),
            notes: strs(&r.notes),
            assumptions: strs(&r.assumptions),
        })),
        Err(NotCovered(y)) => DeadlineOutcome::NotCovered(y, w),
    }
}

#[inline(never)]
fn certificate<'a>(rs: &'a RuleSet, r: &'a Rule) -> Option<CertificateOut<'a>> {
    match &r.body {
        Body::Media(m) => Some(CertificateOut {
            media: m.as_str().into(),
            source: source(rs, &r.source),
            rule: r.id.as_str().into(),
            notes: strs(&r.notes),
            assumptions: strs(&r.assumptions),
        }),
        _ => None,
    }
}

pub(crate) fn day_set(d: crate::ir::DaySet) -> DaySet {
    match d {
        crate::ir::DaySet::Working => DaySet::Working,
        crate::ir::DaySet::Weekdays => DaySet::Weekdays,
        crate::ir::DaySet::WeekdaysExceptHolidays => DaySet::WeekdaysExceptHolidays,
        crate::ir::DaySet::All => DaySet::All,
        crate::ir::DaySet::AllExceptHolidays => DaySet::AllExceptHolidays,
    }
}

/// Office hours on the day of `at`, and the year the calendar does not cover if that
/// leaves open whether the office opens that day.
#[inline(never)]
fn office_hours<'a>(rs: &'a RuleSet, r: &'a Rule, h: &'a Hours, at: chrono::DateTime<chrono::FixedOffset>) -> (OfficeHours<'a>, Option<i32>) {
    let day = at.date_naive();
    let md = (day.month(), day.day());
    let (idx, assumption) = match &h.assume {
        Some((i, from, to, why)) => {
            let inside = if from <= to { md >= *from && md <= *to } else { md >= *from || md <= *to };
            let idx = if inside { *i } else { (0..h.seasons.len()).find(|x| x != i).unwrap_or(*i) };
            (idx, Some(Str::from(why.as_str())))
        }
        None => (0, None),
    };
    let season = h.seasons.get(idx);
    let periods: Vec<Str<'a>> = season
        .map(|s| s.periods.iter().map(|(a, b)| format!("{:02}:{:02}-{:02}:{:02}", a.hour(), a.minute(), b.hour(), b.minute()).into()).collect::<Vec<Str<'a>>>())
        .unwrap_or_default();
    let t = at.time();
    let in_period = season.is_some_and(|s| s.periods.iter().any(|(a, b)| t >= *a && t < *b));
    let days = season.map(|s| s.days).unwrap_or(crate::ir::DaySet::Working);
    let (open_on_day, uncovered) = match calendar::in_set(&rs.calendar, days, day) {
        Ok(b) => (Some(b), None),
        Err(NotCovered(y)) => (None, Some(y)),
    };
    let hours = OfficeHours {
        season: season.map(|s| s.id.as_str()).unwrap_or_default().into(),
        season_label: season.map(|s| s.label.as_str()).unwrap_or_default().into(),
        periods,
        days: day_set(days),
        working_days_only: days == crate::ir::DaySet::Working,
        open_on_day,
        open_at_as_of: open_on_day.map(|o| o && in_period),
        assumption,
        source: source(rs, &r.source),
        rule: r.id.as_str().into(),
        notes: strs(&r.notes),
        assumptions: strs(&r.assumptions),
    };
    (hours, uncovered)
}
