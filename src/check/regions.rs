//! Region analysis over each region's effective rule set (its own rules and its
//! ancestors'): single-answer rules that can both apply without an order (E0401),
//! exceptions that can never apply (E0402), covered services without documents (E0403).
//! Rules of documents whose in-force periods do not meet never both apply.

use super::analysis::{Prepared, disjoint_prepared, prepare, prepare_in};
use super::{Checker, err};
use crate::diag::Code;
use crate::ir::*;
use std::collections::BTreeSet;

/// Whether the in-force periods of the documents of two rules can meet.
fn periods_meet(rs: &RuleSet, a: &Rule, b: &Rule) -> bool {
    let (Some(da), Some(db)) = (rs.documents.get(a.source.doc), rs.documents.get(b.source.doc)) else { return true };
    // [in_force, repealed): empty bounds are open.
    let starts_before_end = |s: Option<chrono::NaiveDate>, e: Option<chrono::NaiveDate>| match (s, e) {
        (Some(s), Some(e)) => s < e,
        _ => true,
    };
    starts_before_end(da.in_force, db.repealed) && starts_before_end(db.in_force, da.repealed)
}

impl Checker {
    pub(super) fn analyse(&mut self, rs: &RuleSet) {
        // Each rule's condition in normal form, once: a rule is tested against every rule of
        // its kind in its region and in the regions below it.
        let code = |r: &crate::ir::Rule| rs.regions.get(r.region).map_or(crate::ir::NATIONAL, |g| g.code_num());
        let when: Vec<Prepared> = rs.rules.iter().map(|r| prepare_in(&r.when, code(r), rs)).collect();
        let mut reported = BTreeSet::new();
        for (ri, region) in rs.regions.iter().enumerate() {
            for (kind, ids) in region.rules.iter() {
                for (x, a) in ids.iter().enumerate() {
                    let Some(ra) = rs.rules.get(*a) else { continue };
                    if ra.region == ri {
                        self.unreachable_exceptions(rs, &when, *a, ra);
                    }
                    if !kind.single() {
                        continue;
                    }
                    for b in ids.iter().skip(x + 1) {
                        let (Some(rb), Some(wa), Some(wb)) = (rs.rules.get(*b), when.get(*a), when.get(*b)) else { continue };
                        if ra.region != ri && rb.region != ri {
                            continue;
                        }
                        if ra.overrides.contains(b) || rb.overrides.contains(a) || !periods_meet(rs, ra, rb) {
                            continue;
                        }
                        if !reported.insert((*a.min(b), *a.max(b))) {
                            continue;
                        }
                        if !disjoint_prepared(wa, wb, rs)
                            && let Some(d) = self.decls.get(*b)
                        {
                            let (file, span, id) = (d.file.clone(), d.decl.id.span, d.decl.id.node.clone());
                            let related = self.decls.get(*a).map(|d| (d.file.clone(), d.decl.id.span));
                            let mut diag = err(
                                Code::Conflict,
                                &file,
                                span,
                                format!("{} rules `{id}` and `{}` can both apply and neither overrides the other", kind.as_str(), ra.id),
                            )
                            .with_help(format!("make their `when` conditions exclusive, or write `overrides {}` in the exception", short_ref(&ra.id, &rb.id)));
                            if let Some((f, s)) = related {
                                diag = diag.with_related(&f, s, "the other rule");
                            }
                            self.push(diag);
                        }
                    }
                }
            }
            self.services_without_documents(rs, &when, ri, region);
        }
    }

    fn unreachable_exceptions(&mut self, rs: &RuleSet, when: &[Prepared], a: RuleId, ra: &Rule) {
        for o in ra.overrides.iter() {
            let (Some(ro), Some(wa), Some(wo)) = (rs.rules.get(*o), when.get(a), when.get(*o)) else { continue };
            // A rule that failed to check is an inert placeholder (`when false`): its own
            // error is reported, not a second one on the exceptions that name it.
            if !self.direct_overrides.get(a).is_some_and(|d| d.contains(o)) || self.failed.contains(o) {
                continue;
            }
            if (disjoint_prepared(wa, wo, rs) || !periods_meet(rs, ra, ro))
                && let Some(d) = self.decls.get(a)
            {
                let (file, span, id) = (d.file.clone(), d.decl.id.span, d.decl.id.node.clone());
                self.push(
                    err(
                        Code::Unreachable,
                        &file,
                        span,
                        format!("exception `{id}` can never apply where `{}` applies: their conditions exclude each other", ro.id),
                    )
                    .with_help("an exception narrows the rule it overrides; check the `when` of both rules"),
                );
            }
        }
    }

    fn services_without_documents(&mut self, rs: &RuleSet, when: &[Prepared], ri: RegionId, region: &Region) {
        if rs.regions.get(ri).is_none_or(|x| x.services.is_empty()) {
            return;
        }
        let services = rs.services(ri).to_vec();
        let docs = region.rules_of(Kind::Documents).to_vec();
        // A documents rule that failed to check may have covered the service: its own error
        // is reported; E0403 would only repeat it.
        if docs.iter().any(|d| self.failed.contains(d)) {
            return;
        }
        let (Some(kind_enum), Some(service_enum)) = (rs.enums.get(rs.known.kind_enum), rs.enums.get(rs.known.service_enum)) else { return };
        for s in &services {
            let mut lacking = vec![];
            for (k, km) in kind_enum.members.iter().enumerate() {
                if !rs.visible(km.scope, ri) {
                    continue;
                }
                let probe = prepare(
                    &Cond::And(list(vec![
                        Cond::Cmp(Expr::Fact(rs.known.kind), CmpOp::Eq, Expr::Lit(Value::Enum(k as MemberId))),
                        Cond::Cmp(Expr::Fact(rs.known.service), CmpOp::Eq, Expr::Lit(Value::Enum(*s))),
                    ])),
                    rs,
                );
                if !docs.iter().any(|d| when.get(*d).is_some_and(|w| !disjoint_prepared(w, &probe, rs))) {
                    lacking.push(format!("`{}`", km.id));
                }
            }
            if lacking.is_empty() {
                continue;
            }
            let (file, span) = self.region_spans.get(&ri).cloned().unwrap_or_default();
            let sname = service_enum.id_of(*s);
            self.push(
                err(
                    Code::NoDocuments,
                    &file,
                    span,
                    format!("region {} covers service `{sname}` but no documents rule applies to {} applicants", region.code, lacking.join(" or ")),
                )
                .with_help("add a `documents` rule, or `documents … { unspecified \"…\" }` saying the regulation lists none"),
            );
        }
    }
}

fn short_ref(target: &str, from: &str) -> String {
    let (tr, tid) = target.split_once('/').unwrap_or(("", target));
    let (fr, _) = from.split_once('/').unwrap_or(("", from));
    if tr == fr { tid.to_string() } else { target.to_string() }
}
