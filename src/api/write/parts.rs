//! How the parts of an answer are written (`api::response::parts`): each as its serde
//! derive writes it, with the pieces of its rule or item spliced in where its origin names
//! them. The `*_head` / `*_tail` functions write the part of a type a piece holds; the
//! pieces are rendered with them, so a piece is what they write.

use super::{Json, W};
use crate::answer::*;
use crate::api::labels::Labelled;

macro_rules! json_labelled {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self, w: &mut W<'_, '_>) {
                w.str(self.id());
            }
        }
    )*};
}
json_labelled!(Severity, FeeStatus, Per, DaySet, Part, TraceResult, ListStatus, RuleKind, CheckResult);

impl Json for Basis {
    fn json(&self, w: &mut W<'_, '_>) {
        w.str(match self {
            Basis::Observation => "observation",
            Basis::Derived => "derived",
            Basis::None => "none",
        });
    }
}

impl Json for Money {
    fn json(&self, w: &mut W<'_, '_>) {
        // serde: `collect_str` of the Display form (digits, a point, a sign: nothing to escape).
        w.raw("\"");
        w.fmt(self);
        w.raw("\"");
    }
}

impl Json for RegionRef<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"code\":");
        w.str(&self.code);
        w.raw(",\"name\":");
        w.str(&self.name);
        w.raw("}");
    }
}

impl Json for AskedRegion<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"code\":");
        w.str(&self.code);
        if let Some(name) = &self.name {
            w.raw(",\"name\":");
            w.str(name);
        }
        w.raw(",\"answered_by\":");
        self.answered_by.json(w);
        w.raw(",\"local_rules\":");
        self.local_rules.json(w);
        w.raw(",\"note\":");
        w.str(&self.note);
        w.raw("}");
    }
}

impl Json for SourceOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"doc\":");
        w.str(&self.doc);
        w.raw(",\"document\":");
        w.str(&self.document);
        w.raw(",\"article\":");
        w.str(&self.article);
        w.raw("}");
    }
}

/// `,"notes":[…]` and `,"assumptions":[…]`, each only when not empty.
fn notes_assumptions(w: &mut W<'_, '_>, notes: &[Str<'_>], assumptions: &[Str<'_>]) {
    w.list_field(",\"notes\":", notes);
    w.list_field(",\"assumptions\":", assumptions);
}

/// How the parts one rule gives end: `,"source":…,"rule":…` then notes and assumptions, `}`.
pub(super) fn source_rule_tail(w: &mut W<'_, '_>, source: &SourceOut<'_>, rule: &Str<'_>, notes: &[Str<'_>], assumptions: &[Str<'_>]) {
    w.raw(",\"source\":");
    source.json(w);
    w.raw(",\"rule\":");
    w.str(rule);
    notes_assumptions(w, notes, assumptions);
    w.raw("}");
}

impl Json for Finding<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"code\":");
        w.str(&self.code);
        w.raw(",\"severity\":");
        self.severity.json(w);
        w.raw(",\"message\":");
        w.str(&self.message);
        w.opt_field(",\"remedy\":", &self.remedy);
        w.raw(",\"rule\":");
        w.str(&self.rule);
        w.raw(",\"source\":");
        self.source.json(w);
        notes_assumptions(w, &self.notes, &self.assumptions);
        w.list_field(",\"minimum_set\":", &self.minimum_set);
        w.raw("}");
    }
}

impl Json for Referral<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"code\":");
        w.str(&self.code);
        w.raw(",\"message\":");
        w.str(&self.message);
        w.opt_field(",\"remedy\":", &self.remedy);
        w.opt_field(",\"to\":", &self.to);
        w.raw(",\"rule\":");
        w.str(&self.rule);
        w.raw(",\"source\":");
        self.source.json(w);
        notes_assumptions(w, &self.notes, &self.assumptions);
        w.raw("}");
    }
}

impl Json for SetLineOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"label\":");
        w.str(&self.label);
        w.raw(",\"at_least\":");
        w.fmt(self.at_least);
        w.raw("}");
    }
}

impl Json for Obligation<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"code\":");
        w.str(&self.code);
        w.raw(",\"message\":");
        w.str(&self.message);
        w.opt_field(",\"remedy\":", &self.remedy);
        w.raw(",\"rule\":");
        w.str(&self.rule);
        w.raw(",\"source\":");
        self.source.json(w);
        notes_assumptions(w, &self.notes, &self.assumptions);
        w.list_field(",\"minimum_set\":", &self.minimum_set);
        w.raw("}");
    }
}

/// A fee item up to `"quantity":` (what its piece holds).
pub(super) fn fee_item_head(it: &FeeItemOut<'_>, w: &mut W<'_, '_>) {
    w.raw("{\"label\":");
    w.str(&it.label);
    w.raw(",\"amount\":");
    it.amount.json(w);
    w.raw(",\"per\":");
    it.per.json(w);
    w.raw(",\"quantity\":");
}

impl Json for FeeItemOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if !w.splice_item(self.origin) {
            fee_item_head(self, w);
        }
        self.quantity.json(w);
        w.opt_field(",\"line\":", &self.line);
        w.raw("}");
    }
}

/// A fee from `,"source"` on (what the piece of its rule holds).
pub(super) fn fee_tail(fee: &Fee<'_>, w: &mut W<'_, '_>) {
    w.raw(",\"source\":");
    fee.source.json(w);
    w.raw(",\"rule\":");
    fee.rule.json(w);
    notes_assumptions(w, &fee.notes, &fee.assumptions);
    w.opt_field(",\"charged_as\":", &fee.charged_as);
    w.raw("}");
}

impl Json for Fee<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"status\":");
        self.status.json(w);
        w.raw(",\"amount\":");
        self.amount.json(w);
        w.raw(",\"currency\":");
        w.str(self.currency);
        w.raw(",\"items\":");
        self.items.json(w);
        if !w.splice(self.origin, |p| p.tail) {
            fee_tail(self, w);
        }
    }
}

/// A document item up to its `"rule"` (what its piece holds): all but the condition.
pub(super) fn document_head(d: &DocumentOut<'_>, w: &mut W<'_, '_>) {
    w.raw("{\"id\":");
    w.str(&d.id);
    w.raw(",\"name\":");
    w.str(&d.name);
    w.raw(",\"copies\":");
    d.copies.json(w);
    w.raw(",\"requires\":");
    d.requires.json(w);
    if !d.forms.is_empty() {
        w.raw(",\"forms\":[");
        for (i, f) in d.forms.iter().enumerate() {
            if i > 0 {
                w.raw(",");
            }
            w.raw("{\"form\":");
            w.str(f.form.id());
            w.raw(",\"label\":");
            w.str(f.label);
            if !f.requires.is_empty() {
                w.raw(",\"requires\":");
                f.requires.json(w);
            }
            w.raw("}");
        }
        w.raw("]");
    }
    w.raw(",\"source\":");
    d.source.json(w);
    w.raw(",\"rule\":");
    w.str(&d.rule);
}

impl Json for DocumentOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if !w.splice_item(self.origin) {
            document_head(self, w);
        }
        w.opt_field(",\"condition\":", &self.condition);
        w.raw("}");
    }
}

impl Json for DocumentsInfo<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"status\":");
        self.status.json(w);
        w.raw(",\"rule\":");
        self.rule.json(w);
        w.raw(",\"source\":");
        self.source.json(w);
        w.opt_field(",\"why\":", &self.why);
        w.opt_field(",\"incomplete\":", &self.incomplete);
        notes_assumptions(w, &self.notes, &self.assumptions);
        w.raw("}");
    }
}

/// A deadline from `,"basis"` on (what the piece of its rule holds).
pub(super) fn deadline_tail(d: &Deadline<'_>, w: &mut W<'_, '_>) {
    w.raw(",\"basis\":");
    w.str(&d.basis);
    source_rule_tail(w, &d.source, &d.rule, &d.notes, &d.assumptions);
}

impl Json for Deadline<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"due\":");
        w.str(&self.due);
        w.raw(",\"due_date\":");
        w.str(&self.due_date);
        w.opt_field(",\"counts_from\":", &self.counts_from);
        if !w.splice(self.origin, |p| p.tail) {
            deadline_tail(self, w);
        }
    }
}

impl Json for EventOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"fact\":");
        w.str(&self.fact);
        w.raw(",\"label\":");
        w.str(&self.label);
        w.raw(",\"at\":");
        w.str(&self.at);
        w.raw("}");
    }
}

impl Json for Validity<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"months\":");
        w.fmt(self.months);
        w.raw(",\"expires_on\":");
        self.expires_on.json(w);
        w.opt_field(",\"counts_from\":", &self.counts_from);
        w.raw(",\"basis\":");
        w.str(&self.basis);
        source_rule_tail(w, &self.source, &self.rule, &self.notes, &self.assumptions);
    }
}

impl Json for CertificateOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        if w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"media\":");
        w.str(&self.media);
        source_rule_tail(w, &self.source, &self.rule, &self.notes, &self.assumptions);
    }
}

impl Json for ContactLine<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"value\":");
        w.str(&self.value);
        w.opt_field(",\"label\":", &self.label);
        w.raw("}");
    }
}

impl Json for OfficeOut<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        // The rule's office as rendered once, unless this answer adds its pending condition.
        if self.condition.is_none() && w.splice(self.origin, |p| p.whole) {
            return;
        }
        w.raw("{\"name\":");
        w.str(&self.name);
        w.opt_field(",\"address\":", &self.address);
        w.opt_field(",\"window\":", &self.window);
        w.list_field(",\"hotlines\":", &self.hotlines);
        w.list_field(",\"online\":", &self.online);
        w.list_field(",\"forms\":", &self.forms);
        w.list_field(",\"emails\":", &self.emails);
        w.list_field(",\"wechat\":", &self.wechat);
        w.list_field(",\"mini_programs\":", &self.mini_programs);
        w.opt_field(",\"condition\":", &self.condition);
        w.raw(",\"source\":");
        self.source.json(w);
        w.raw(",\"rule\":");
        w.str(&self.rule);
        w.list_field(",\"notes\":", &self.notes);
        w.raw("}");
    }
}

impl Json for OfficeHours<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"season\":");
        w.str(&self.season);
        w.raw(",\"season_label\":");
        w.str(&self.season_label);
        w.raw(",\"periods\":");
        self.periods.json(w);
        w.raw(",\"days\":");
        self.days.json(w);
        w.raw(",\"working_days_only\":");
        self.working_days_only.json(w);
        w.raw(",\"open_on_day\":");
        self.open_on_day.json(w);
        w.raw(",\"open_at_as_of\":");
        self.open_at_as_of.json(w);
        w.opt_field(",\"holidays\":", &self.holidays);
        w.raw(",\"assumption\":");
        self.assumption.json(w);
        if !w.splice(self.origin, |p| p.tail) {
            source_rule_tail(w, &self.source, &self.rule, &self.notes, &self.assumptions);
        }
    }
}

impl Json for FactRead<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"fact\":");
        w.str(&self.fact);
        w.raw(",\"label\":");
        w.str(&self.label);
        w.raw(",\"value\":");
        w.raw(&self.value.to_string());
        w.raw(",\"value_zh\":");
        self.value_zh.json(w);
        w.raw("}");
    }
}

impl Json for String {
    fn json(&self, w: &mut W<'_, '_>) {
        w.str(self);
    }
}

impl Json for TraceEntry<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("{\"rule\":");
        if !w.splice(self.origin, |p| p.id) {
            w.str(&self.rule);
        }
        w.raw(",\"kind\":");
        self.kind.json(w);
        w.raw(",\"result\":");
        self.result.json(w);
        w.raw(",\"source\":");
        if !w.splice(self.origin, |p| p.source) {
            self.source.json(w);
        }
        w.raw(",\"condition\":");
        w.str(&self.condition);
        w.raw(",\"condition_zh\":");
        w.str(&self.condition_zh);
        w.raw(",\"facts\":");
        self.facts.json(w);
        w.list_field(",\"overrode\":", &self.overrode);
        w.raw("}");
    }
}
