//! The parts of an answer that one rule, item, fact or enum member says whatever the
//! request: a rule's finding or obligation, its media, its documents-list frame, each of its
//! document and fee items, the frame of its fee and deadline, the entry of a rule waiting on
//! a fact, the head of a `needs` entry or branch constraint, a member as a choice. The engine
//! builds answers from them, and the answer writer ([`crate::answer::json`], its pieces rendered by `api::write`) renders each once
//! per rule set from the same functions, so what it splices is what the engine says.

use super::{cited, describe, source};
use crate::answer::Severity;
use crate::answer::*;
use crate::ir::*;
use std::borrow::Cow;

/// The finding of finding rule `id` (`None` for an obligation or another kind of rule).
#[inline]
pub fn finding(rs: &RuleSet, id: RuleId) -> Option<Finding<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Finding { severity, code, message, remedy, set, .. } = &r.body else { return None };
    let severity = match severity {
        crate::ir::Severity::Deny => Severity::Deny,
        crate::ir::Severity::Warn => Severity::Warn,
        crate::ir::Severity::Info => Severity::Info,
        crate::ir::Severity::Oblige | crate::ir::Severity::Refer => return None,
    };
    Some(Finding {
        code: code.as_str().into(),
        severity,
        message: message.as_str().into(),
        remedy: remedy.as_deref().map(Into::into),
        cited: cited(rs, r).source_optional(),
        minimum_set: set_lines(set),
        origin: Origin::Rule(id),
    })
}

/// The obligation of finding rule `id` with severity `oblige` (`None` otherwise).
#[inline]
pub fn obligation(rs: &RuleSet, id: RuleId) -> Option<Obligation<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Finding { severity: crate::ir::Severity::Oblige, code, message, remedy, set, .. } = &r.body else { return None };
    Some(Obligation {
        code: code.as_str().into(),
        message: message.as_str().into(),
        remedy: remedy.as_deref().map(Into::into),
        cited: cited(rs, r),
        minimum_set: set_lines(set),
        origin: Origin::Rule(id),
    })
}

/// The referral of finding rule `id` with severity `refer` (`None` otherwise), with the office
/// it names, whatever that office's own condition.
#[inline]
pub fn referral(rs: &RuleSet, id: RuleId) -> Option<Referral<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Finding { severity: crate::ir::Severity::Refer, code, message, remedy, refer_to, .. } = &r.body else { return None };
    Some(Referral {
        code: code.as_str().into(),
        message: message.as_str().into(),
        remedy: remedy.as_deref().map(Into::into),
        to: refer_to.and_then(|o| office(rs, o)),
        cited: cited(rs, r),
        origin: Origin::Rule(id),
    })
}

/// The lines of a minimum set as the answer gives them.
fn set_lines(set: &List<SetLine>) -> Vec<SetLineOut<'_>> {
    set.iter().map(|l| SetLineOut { label: l.label.as_str().into(), at_least: l.at_least }).collect()
}

/// What media rule `id` issues (`None` for another kind of rule).
#[inline]
pub fn certificate(rs: &RuleSet, id: RuleId) -> Option<CertificateOut<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Media(m) = &r.body else { return None };
    Some(CertificateOut { media: m.as_str().into(), cited: cited(rs, r), origin: Origin::Rule(id) })
}

/// The office of `office` rule `id`, its lines grouped by kind in the order written.
pub fn office(rs: &RuleSet, id: RuleId) -> Option<OfficeOut<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Office { name, contacts } = &r.body else { return None };
    let lines = |k: ContactKind| -> Vec<ContactLine<'_>> {
        contacts
            .iter()
            .filter(|c| c.kind == k)
            .map(|c| ContactLine { value: c.value.as_str().into(), label: c.label.as_ref().map(|l| l.as_str().into()) })
            .collect()
    };
    let first = |k: ContactKind| contacts.iter().find(|c| c.kind == k).map(|c| Str::from(c.value.as_str()));
    Some(OfficeOut {
        name: name.as_str().into(),
        address: first(ContactKind::Address),
        window: first(ContactKind::Window),
        hotlines: lines(ContactKind::Hotline),
        online: lines(ContactKind::Online),
        forms: lines(ContactKind::Form),
        emails: lines(ContactKind::Email),
        wechat: lines(ContactKind::Wechat),
        mini_programs: lines(ContactKind::MiniProgram),
        condition: None,
        cited: cited(rs, r),
        origin: Origin::Rule(id),
    })
}

/// `documents_info` when documents rule `id` wins: listed (open-ended or not), none or
/// unspecified, as its list says.
#[inline]
pub fn documents_info(rs: &RuleSet, id: RuleId) -> Option<DocumentsInfo<'_>> {
    let r = rs.rules.get(id)?;
    let mut info = DocumentsInfo { status: ListStatus::Listed, cited: cited(rs, r).maybe(), why: None, incomplete: None, origin: Origin::Rule(id) };
    match &r.body {
        Body::Documents(DocList::Items(_, incomplete)) => info.incomplete = incomplete.as_deref().map(Into::into),
        Body::Documents(DocList::None(why)) => {
            info.status = ListStatus::None;
            info.why = Some(why.as_str().into());
        }
        Body::Documents(DocList::Unspecified(why)) => {
            info.status = ListStatus::Unspecified;
            info.why = (!why.is_empty()).then(|| Str::from(why.as_str()));
        }
        _ => {}
    }
    Some(info)
}

/// Item `i` of documents rule `id`'s list, with the condition the request leaves open (the
/// writer renders it with none).
#[inline]
pub fn document_item<'a>(rs: &'a RuleSet, id: RuleId, i: usize, it: &'a DocItem, condition: Option<Str<'a>>) -> DocumentOut<'a> {
    DocumentOut {
        id: it.id.as_str().into(),
        name: it.name.as_str().into(),
        copies: it.copies,
        requires: it.requires.iter().map(|x| x.as_str().into()).collect(),
        forms: it
            .forms
            .iter()
            .map(|f| FormOut { form: f.form.into(), label: f.form.zh(), requires: f.requires.iter().map(|x| x.as_str().into()).collect() })
            .collect(),
        source: source(rs, &it.source),
        rule: rs.rules.get(it.rule).map(|r| r.id.as_str()).unwrap_or_default().into(),
        condition,
        origin: Origin::Item(id, i),
    }
}

/// The frame of the fee when fee rule `id` wins: its citation, notes (the reason first) and
/// the rule it charges as, with no amount or items yet; and the rule whose status and items
/// it charges (itself, or the target of `as`).
#[inline]
pub fn fee_frame(rs: &RuleSet, id: RuleId) -> Option<(Fee<'_>, RuleId)> {
    let r = rs.rules.get(id)?;
    let Body::Fee { why, charge_as, .. } = &r.body else { return None };
    let (items_rule, target) = match charge_as.and_then(|t| rs.rules.get(t).map(|tr| (t, tr))) {
        Some((t, tr)) => (t, tr),
        None => (id, r),
    };
    let Body::Fee { status, .. } = &target.body else { return None };
    // The rule's reason (`why`) leads its notes; without one the notes are borrowed as they are.
    let notes: Texts<'_> = match why {
        Some(wy) => {
            let mut v: Vec<Text> = Vec::with_capacity(r.notes.len() + 1);
            v.push(wy.clone());
            v.extend(r.notes.iter().cloned());
            Cow::Owned(v)
        }
        None => Cow::Borrowed(&r.notes),
    };
    let fee = Fee {
        status: (*status).into(),
        amount: None,
        currency: "CNY",
        items: vec![],
        cited: Cited { source: Some(source(rs, &r.source)), rule: Some(r.id.as_str().into()), notes, assumptions: Cow::Borrowed(&r.assumptions) },
        charged_as: (items_rule != id).then(|| Str::from(target.id.as_str())),
        origin: Origin::Rule(id),
    };
    Some((fee, items_rule))
}

/// Fee item `i` of rule `id`, charged `quantity` times.
#[inline]
pub fn fee_item(id: RuleId, i: usize, it: &FeeItem, quantity: i64) -> FeeItemOut<'_> {
    FeeItemOut { label: it.label.as_str().into(), amount: Money(it.amount), per: it.unit.into(), quantity, line: None, origin: Origin::Item(id, i) }
}

/// How long validity rule `id` says the certificate is valid, without the expiry date.
#[inline]
pub fn validity_frame(rs: &RuleSet, id: RuleId) -> Option<Validity<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Validity { months, basis, .. } = &r.body else { return None };
    Some(Validity { months: *months, expires_on: None, counts_from: None, basis: basis.as_str().into(), cited: cited(rs, r), origin: Origin::Answer })
}

/// The deadline deadline rule `id` sets, without the due time (`due`, `due_date` empty).
#[inline]
pub fn deadline_frame(rs: &RuleSet, id: RuleId) -> Option<Deadline<'_>> {
    let r = rs.rules.get(id)?;
    let Body::Deadline { basis, .. } = &r.body else { return None };
    Some(Deadline {
        due: Str::from(""),
        due_date: Str::from(""),
        counts_from: None,
        basis: basis.as_str().into(),
        cited: cited(rs, r),
        origin: Origin::Rule(id),
    })
}

/// Rule `id` as waiting on a missing fact: what it would say, its condition in zh-CN.
pub fn waiting(rs: &RuleSet, id: RuleId) -> Option<Waiting<'_>> {
    let r = rs.rules.get(id)?;
    let (severity, code, message) = match &r.body {
        Body::Finding { severity, code, message, .. } => {
            let sev = match severity {
                crate::ir::Severity::Deny => Some(Severity::Deny),
                crate::ir::Severity::Warn => Some(Severity::Warn),
                crate::ir::Severity::Info => Some(Severity::Info),
                crate::ir::Severity::Oblige | crate::ir::Severity::Refer => None,
            };
            (sev, Some(Str::from(code.as_str())), Some(Str::from(message.as_str())))
        }
        _ => (None, None, None),
    };
    Some(Waiting {
        rule: r.id.as_str().into(),
        kind: r.kind.into(),
        severity,
        code,
        message,
        condition: describe::cond(rs, &r.when).into(),
        source: source(rs, &r.source),
        origin: Origin::Rule(id),
    })
}

/// The `needs` entry of fact `f` before its choices, the parts it decides and the rules
/// waiting on it; and its enum, whose members visible in the region are the choices.
pub fn need_frame(rs: &RuleSet, f: FactId) -> Option<(Need<'_>, Option<EnumId>)> {
    let fact = rs.facts.get(f)?;
    let (ty, enum_name, en) = match fact.ty {
        Type::Bool => ("bool", None, None),
        Type::Enum(e) | Type::Set(e) => {
            let name = rs.enums.get(e)?.name.as_str();
            (if matches!(fact.ty, Type::Set(_)) { "set" } else { "enum" }, Some(Str::from(name)), Some(e))
        }
        t => (super::type_name(t), None, None),
    };
    let need = Need {
        fact: fact.path.as_str().into(),
        path: format!("/{}", fact.path.replace('.', "/")).into(),
        label: describe::fact_label(rs, f).into(),
        ty,
        enum_name,
        choices: None,
        affects: vec![],
        rules: vec![],
        origin: Origin::Fact(f),
    };
    Some((need, en))
}

/// A branch constraint on fact `f`: the fact and its label, with the values it takes.
pub fn constraint<'a>(rs: &'a RuleSet, f: FactId, values: Vec<Choice<'a>>) -> Constraint<'a> {
    Constraint {
        fact: rs.facts.get(f).map(|x| x.path.as_str()).unwrap_or_default().into(),
        label: describe::fact_label(rs, f).into(),
        values,
        origin: Origin::Fact(f),
    }
}

/// Member `m` of enum `e` as a choice: its id and zh-CN label.
pub fn member_choice(rs: &RuleSet, e: EnumId, m: MemberId) -> Choice<'_> {
    Choice {
        id: ChoiceId::Member(rs.enums.get(e).map(|x| x.id_of(m)).unwrap_or("").into()),
        label: describe::member_label(rs, e, m).into(),
        origin: Origin::Member(e, m),
    }
}
