//! E0203: a default is an assumption, allowed to decide an answer only where a regulation
//! justifies it. A `default` (a fact's own, or a region's `default <fact> = …`) on a fact
//! that a deciding rule reads (a refusal or obligation, a fee or free scope, a documents
//! list, a deadline, certificate media, office hours, recognition — every rule but advice,
//! `warn`/`info` findings, and offices) — in its condition, a fee item's condition or quantity (a per-year
//! item reads `years`), a documents item's condition — must cite the text that justifies it
//! (`default … source doc "article"`). The answer then states every default it used
//! (`assumed`), with that citation.

use super::{Checker, err};
use crate::ast;
use crate::diag::Code;
use crate::ir::*;
use std::collections::BTreeSet;

impl Checker {
    /// A citation (`source doc "article"`) with its document resolved; E0211 when the
    /// article is empty.
    pub(super) fn citation(&mut self, file: &str, s: &ast::SourceRef) -> Option<Source> {
        if s.article.trim().is_empty() {
            self.push(
                err(Code::MissingArticle, file, s.doc.span, "the citation names no article")
                    .with_help("write the article, clause or table row: `source doc \"第二十五条\"`"),
            );
        }
        self.doc(file, &s.doc).map(|doc| Source { doc, article: text(s.article.clone()) })
    }

    /// Records a default as written — `(region, fact)`, `None` for the fact's own — for
    /// E0203, and its citation to resolve once every document is declared.
    pub(super) fn note_default(&mut self, file: &str, key: (Option<RegionId>, FactId), span: ast::Span, src: Option<&ast::SourceRef>) {
        self.default_spans.insert(key, (file.to_string(), span));
        if let Some(s) = src {
            self.pending_default_sources.push((file.to_string(), key, s.clone()));
        }
    }

    /// Resolves the citations of defaults (the facts' own and the regions'), once every
    /// document and region is declared.
    pub(super) fn link_default_sources(&mut self) {
        for (file, (region, f), s) in std::mem::take(&mut self.pending_default_sources) {
            let Some(cited) = self.citation(&file, &s) else { continue };
            match region {
                None => {
                    if let Some(x) = self.facts.get_mut(f) {
                        x.default_source = Some(cited);
                    }
                }
                Some(r) => {
                    if let Some(reg) = self.regions.get_mut(r) {
                        let mut v: Vec<(FactId, Source)> = reg.default_sources.iter().filter(|(g, _)| *g != f).cloned().collect();
                        v.push((f, cited));
                        v.sort_by_key(|(g, _)| *g);
                        reg.default_sources = list(v);
                    }
                }
            }
        }
    }

    /// Reports every uncited default on a fact some rule reads (E0203), at the default.
    pub(super) fn uncited_defaults(&mut self, rs: &RuleSet) {
        // Fact → the first deciding rule that reads it (named in the message).
        let mut read = std::collections::BTreeMap::new();
        for r in rs.rules.iter().filter(|r| decides(r)) {
            let mut facts = BTreeSet::new();
            rule_reads(rs, r, &mut facts);
            for f in facts {
                read.entry(f).or_insert_with(|| r.id.as_str());
            }
        }
        let mut errors = Vec::new();
        for ((region, f), (file, span)) in &self.default_spans {
            let Some(rule) = read.get(f) else { continue };
            let cited = match region {
                None => rs.facts.get(*f).is_some_and(|x| x.default_source.is_some()),
                Some(r) => rs.regions.get(*r).is_some_and(|x| x.default_source_of(*f).is_some()),
            };
            if cited {
                continue;
            }
            let path = rs.facts.get(*f).map(|x| x.path.as_str()).unwrap_or("?");
            errors.push(
                err(Code::UncitedDefault, file, *span, format!("the default of `{path}` cites no source, and rule `{rule}` decides with it")).with_help(
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
        Body::Finding { severity, .. } => matches!(severity, Severity::Deny | Severity::Oblige | Severity::Refer),
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
                // Per piece per year: the pieces are the quantity, the years are read too.
                if it.unit == MoneyUnit::PerPiecePerYear {
                    out.insert(rs.known.years);
                }
            }
        }
        Body::Deadline { after: Some(f), .. } => {
            out.insert(*f);
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
