//! How the answers are written (`api::response`): the three answers, the documents answer,
//! and what an undetermined answer waits on (`needs`, `branches`), each as its serde derive
//! writes it.

use super::{Json, W};
use crate::answer::*;

impl Json for ChoiceId<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        match self {
            ChoiceId::Member(s) => w.str(s),
            ChoiceId::Bool(b) => b.json(w),
        }
    }
}

impl Json for Choice<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if let Origin::Member(e, m) = self.origin {
            let span = w.pieces.and_then(|p| p.members.get(e)).and_then(|ms| ms.get(usize::from(m)).copied());
            if let Some(t) = span.and_then(|s| w.text(s)) {
                w.raw(t);
                return;
            }
        }
        w.raw("{\"id\":");
        self.id.json(w);
        w.raw(",\"label\":");
        w.str(&self.label);
        w.raw("}");
    }
}

impl Json for Waiting<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.waiting) {
            return;
        }
        w.raw("{\"rule\":");
        w.str(&self.rule);
        w.raw(",\"kind\":");
        self.kind.json(w);
        w.opt_field(",\"severity\":", &self.severity);
        w.opt_field(",\"code\":", &self.code);
        w.opt_field(",\"message\":", &self.message);
        w.raw(",\"condition\":");
        w.str(&self.condition);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw("}");
    }
}

/// The pieces of the fact `origin` names, if it names one.
fn fact<'p>(w: &W<'_, 'p>, origin: Origin) -> Option<&'p super::pieces::FactPieces> {
    match origin {
        Origin::Fact(f) => w.pieces?.facts.get(f),
        _ => None,
    }
}

/// A `needs` entry up to its choices (what the piece of its fact holds).
pub(super) fn need_head(n: &Need<'_>, w: &mut W<'_, '_>) {
    w.raw("{\"fact\":");
    w.str(&n.fact);
    w.raw(",\"path\":");
    w.str(&n.path);
    w.raw(",\"label\":");
    w.str(&n.label);
    w.raw(",\"type\":");
    w.str(n.ty);
    w.opt_field(",\"enum\":", &n.enum_name);
}

impl Json for Need<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        match fact(w, self.origin).and_then(|p| w.text(p.need)) {
            Some(t) => w.raw(t),
            None => need_head(self, w),
        }
        w.opt_field(",\"choices\":", &self.choices);
        w.raw(",\"affects\":");
        self.affects.json(w);
        w.raw(",\"rules\":");
        self.rules.json(w);
        w.raw("}");
    }
}

/// A branch constraint up to `"values":` (what the piece of its fact holds).
pub(super) fn constraint_head(c: &Constraint<'_>, w: &mut W<'_, '_>) {
    w.raw("{\"fact\":");
    w.str(&c.fact);
    w.raw(",\"label\":");
    w.str(&c.label);
    w.raw(",\"values\":");
}

impl Json for Constraint<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        match fact(w, self.origin).and_then(|p| w.text(p.constraint)) {
            Some(t) => w.raw(t),
            None => constraint_head(self, w),
        }
        self.values.json(w);
        w.raw("}");
    }
}

/// The fields of a branch's value, flattened into the branch (`#[serde(flatten)]`): each
/// written as `,"key":value`.
trait Fields {
    fn fields(&self, w: &mut W<'_, '_>);
}

impl Fields for FeeBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"fee\":");
        self.fee.json(w);
    }
}

impl Fields for DocumentsBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"documents\":");
        self.documents.json(w);
        w.raw(",\"documents_info\":");
        self.documents_info.json(w);
        w.opt_field(",\"missing_documents\":", &self.missing_documents);
    }
}

impl Fields for DeadlineBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"deadline\":");
        self.deadline.json(w);
    }
}

impl Fields for CertificateBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"certificate\":");
        self.certificate.json(w);
    }
}

impl Fields for HoursBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"office_hours\":");
        self.office_hours.json(w);
    }
}

impl Fields for AcceptBranch<'_> {
    fn fields(&self, w: &mut W<'_, '_>) {
        w.raw(",\"accepted\":");
        self.accepted.json(w);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw(",\"rule\":");
        self.rule.json(w);
    }
}

impl<T: Fields> Json for Branch<'_, T> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"when\":");
        self.when.json(w);
        w.raw(",\"condition\":");
        w.str(&self.condition);
        if let Some(v) = &self.value {
            v.fields(w);
        }
        w.list_field(",\"still_needs\":", &self.still_needs);
        w.raw("}");
    }
}

/// `"key":` of an object whose fields may all be skipped: a comma before all but the first.
fn key(w: &mut W<'_, '_>, first: &mut bool, key: &str) {
    if !std::mem::take(first) {
        w.raw(",");
    }
    w.raw(key);
}

/// `"key":value` of such an object, when `v` is `Some`.
fn opt_key<T: Json>(w: &mut W<'_, '_>, first: &mut bool, k: &str, v: &Option<T>) {
    if let Some(x) = v {
        key(w, first, k);
        x.json(w);
    }
}

impl Json for Branches<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        let first = &mut true;
        w.raw("{");
        opt_key(w, first, "\"fee\":", &self.fee);
        opt_key(w, first, "\"documents\":", &self.documents);
        opt_key(w, first, "\"deadline\":", &self.deadline);
        opt_key(w, first, "\"certificate\":", &self.certificate);
        opt_key(w, first, "\"office_hours\":", &self.office_hours);
        opt_key(w, first, "\"accepted\":", &self.accepted);
        w.raw("}");
    }
}

/// `,"branches":{…}` unless no part is undetermined.
fn branches_field(w: &mut W<'_, '_>, b: &Branches<'_>) {
    if !b.is_empty() {
        w.raw(",\"branches\":");
        b.json(w);
    }
}

/// `{"region":…` and `,"asked_region":…` when there is one: how every answer begins.
fn region(w: &mut W<'_, '_>, request_id: &Option<Str<'_>>, region: &RegionRef<'_>, asked: &Option<AskedRegion<'_>>) {
    w.raw("{");
    if let Some(id) = request_id {
        w.raw("\"request_id\":");
        w.str(id);
        w.raw(",");
    }
    w.raw("\"region\":");
    region.json(w);
    w.opt_field(",\"asked_region\":", asked);
}

impl Json for ServiceResponse<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        region(w, &self.request_id, &self.region, &self.asked_region);
        w.raw(",\"question\":");
        w.str(self.question);
        w.raw(",\"service\":");
        self.service.json(w);
        w.raw(",\"as_of\":");
        self.as_of.json(w);
        w.raw(",\"allowed\":");
        self.allowed.json(w);
        w.opt_field(",\"not_regulated\":", &self.not_regulated);
        w.raw(",\"findings\":");
        self.findings.json(w);
        w.list_field(",\"obligations\":", &self.obligations);
        w.list_field(",\"referrals\":", &self.referrals);
        w.list_field(",\"needs\":", &self.needs);
        w.list_field(",\"assumed\":", &self.assumed);
        w.raw(",\"fee\":");
        self.fee.json(w);
        w.raw(",\"documents\":");
        self.documents.json(w);
        w.raw(",\"documents_info\":");
        self.documents_info.json(w);
        w.opt_field(",\"missing_documents\":", &self.missing_documents);
        w.opt_field(",\"submitted_complete\":", &self.submitted_complete);
        w.raw(",\"deadline\":");
        self.deadline.json(w);
        w.raw(",\"certificate\":");
        self.certificate.json(w);
        w.opt_field(",\"validity\":", &self.validity);
        w.raw(",\"office_hours\":");
        self.office_hours.json(w);
        w.list_field(",\"offices\":", &self.offices);
        branches_field(w, &self.branches);
        w.opt_field(",\"trace\":", &self.trace);
        w.raw("}");
    }
}

impl Json for AcceptanceResponse<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        region(w, &self.request_id, &self.region, &self.asked_region);
        w.raw(",\"question\":");
        w.str(self.question);
        w.raw(",\"accepted\":");
        self.accepted.json(w);
        w.raw(",\"findings\":");
        self.findings.json(w);
        w.list_field(",\"needs\":", &self.needs);
        w.list_field(",\"assumed\":", &self.assumed);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw(",\"rule\":");
        self.rule.json(w);
        w.list_field(",\"notes\":", &self.notes);
        w.list_field(",\"assumptions\":", &self.assumptions);
        branches_field(w, &self.branches);
        w.opt_field(",\"trace\":", &self.trace);
        w.raw("}");
    }
}

impl Json for CheckItemOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"id\":");
        w.str(&self.id);
        w.raw(",\"text\":");
        w.str(&self.text);
        w.raw(",\"answer\":");
        self.answer.json(w);
        w.raw(",\"result\":");
        self.result.json(w);
        w.raw(",\"basis\":");
        self.basis.json(w);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw("}");
    }
}

impl Json for EvaluationResponse<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        region(w, &self.request_id, &self.region, &self.asked_region);
        w.raw(",\"question\":");
        w.str(self.question);
        w.raw(",\"checklist\":");
        self.checklist.json(w);
        w.raw(",\"items\":");
        self.items.json(w);
        w.raw(",\"passed\":");
        self.passed.json(w);
        w.raw(",\"failed\":");
        self.failed.json(w);
        w.raw(",\"unknown\":");
        self.unknown.json(w);
        w.raw(",\"findings\":");
        self.findings.json(w);
        w.raw(",\"rule\":");
        self.rule.json(w);
        w.raw("}");
    }
}

impl Json for Response<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        match self {
            Response::Service(s) => s.json(w),
            Response::Acceptance(a) => a.json(w),
            Response::Evaluation(e) => e.json(w),
        }
    }
}

impl Json for DocumentsAnswer<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        region(w, &self.request_id, &self.region, &self.asked_region);
        w.raw(",\"service\":");
        self.service.json(w);
        w.raw(",\"documents\":");
        self.documents.json(w);
        w.raw(",\"documents_info\":");
        self.documents_info.json(w);
        w.list_field(",\"needs\":", &self.needs);
        w.list_field(",\"assumed\":", &self.assumed);
        branches_field(w, &self.branches);
        w.raw(",\"findings\":");
        self.findings.json(w);
        w.list_field(",\"offices\":", &self.offices);
        w.raw("}");
    }
}

impl Json for Assumed<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"fact\":");
        w.str(&self.fact);
        w.raw(",\"path\":");
        w.str(&self.path);
        w.raw(",\"label\":");
        w.str(&self.label);
        w.raw(",\"value\":");
        w.raw(&self.value.to_string());
        w.raw(",\"value_zh\":");
        w.str(&self.value_zh);
        w.raw(",\"sentence\":");
        w.str(&self.sentence);
        w.raw(",\"affects\":");
        self.affects.json(w);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw("}");
    }
}

impl Json for NotRegulated<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"reason\":");
        w.raw(match self.reason {
            NotRegulatedReason::Service => "\"service\"",
            NotRegulatedReason::NotInForce => "\"not_in_force\"",
        });
        w.raw(",\"message\":");
        w.str(&self.message);
        w.raw("}");
    }
}
