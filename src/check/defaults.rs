//! E0203: a default is an assumption, allowed to decide an answer only where a regulation
//! justifies it. A `default` (a fact's own, or a region's `default <fact> = …`) on a fact
//! that a deciding rule reads (a refusal or obligation, a fee or free scope, a documents
//! list, a deadline, certificate media, office hours, recognition — every rule but advice,
//! `warn`/`info` findings, and offices) — in its condition, a fee item's condition or quantity (a per-year
//! item reads `years`), a documents item's condition — must cite the text that justifies it
//! (`default … source doc "article"`). The answer then states every default it used
//! (`assumed`), with that citation.

use super::{Checker, err};
use crate::diag::Code;
use crate::ir::*;
use std::collections::BTreeSet;

impl Checker {
    /// Reports every uncited default on a fact some rule reads (E0203), at the default.
    pub(super) fn uncited_defaults(&mut self, rs: &RuleSet) {
        let mut read = BTreeSet::new();
        for r in rs.rules.iter().filter(|r| decides(r)) {
            rule_reads(rs, r, &mut read);
        }
        let mut errors = Vec::new();
        for ((region, f), (file, span)) in &self.default_spans {
            if !read.contains(f) {
                continue;
            }
            let cited = match region {
                None => rs.facts.get(*f).is_some_and(|x| x.default_source.is_some()),
                Some(r) => rs.regions.get(*r).is_some_and(|x| x.default_source_of(*f).is_some()),
            };
            if cited {
                continue;
            }
            let path = rs.facts.get(*f).map(|x| x.path.as_str()).unwrap_or("?");
            errors.push(
                err(Code::UncitedDefault, file, *span, format!("the default of `{path}` cites no source, and rules read `{path}`"))
                    .with_help(
                        "a default decides answers for requests that leave the fact out: cite the text that justifies it \
                         (`default … source <document> \"<article>\"`), or remove the default so the answer asks for the fact",
                    ),
            );
        }
        self.diags.extend(errors);
    }
}

/// Whether rule `r` decides a part of the answer that a default must not decide in silence.
fn decides(r: &Rule) -> bool {
    match &r.body {
        Body::Finding { severity, .. } => matches!(severity, Severity::Deny | Severity::Oblige),
        Body::Office { .. } | Body::Checklist { .. } => false,
        _ => true,
    }
}

/// Every fact rule `r` reads: its condition, and what its body evaluates.
pub(crate) fn rule_reads(rs: &RuleSet, r: &Rule, out: &mut BTreeSet<FactId>) {
    cond_reads(&r.when, out);
    match &r.body {
        Body::Fee { items, .. } => {
            for it in items.iter() {
                if let Some(c) = &it.when {
                    cond_reads(c, out);
                }
                match &it.quantity {
                    Some(q) => expr_reads(q, out),
                    None if it.unit == MoneyUnit::PerYear => {
                        out.insert(rs.known.years);
                    }
                    None => {}
                }
            }
        }
        Body::Documents(DocList::Items(items, _)) => {
            for it in items.iter() {
                if let Some(c) = &it.when {
                    cond_reads(c, out);
                }
            }
        }
        _ => {}
    }
}

/// The facts a condition reads, quantifiers included.
pub(crate) fn cond_reads(c: &Cond, out: &mut BTreeSet<FactId>) {
    match c {
        Cond::Const(_) => {}
        Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|x| cond_reads(x, out)),
        Cond::Not(x) | Cond::Quant(_, _, x) => cond_reads(x, out),
        Cond::Truthy(e) | Cond::In(e, _, _) | Cond::Has(e, _) | Cond::Within(e, _) => expr_reads(e, out),
        Cond::Cmp(a, _, b) => {
            expr_reads(a, out);
            expr_reads(b, out);
        }
    }
}

fn expr_reads(e: &Expr, out: &mut BTreeSet<FactId>) {
    match e {
        Expr::Fact(f) => {
            out.insert(*f);
        }
        Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => {
            expr_reads(a, out);
            expr_reads(b, out);
        }
        Expr::Count(_, c) => cond_reads(c, out),
        Expr::Lit(_) | Expr::Today => {}
    }
}
