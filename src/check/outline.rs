//! Outlines: `outline <document> { article "number" "text" [not_encoded "reason"] … }`.
//!
//! - the document must be declared (E0111), once outlined (E0104), each number once (E0104);
//! - every citation of an outlined document — a rule's `source`, a documents item's
//!   `source "…"`, a cited default, a calendar's source — must name an article of the
//!   outline ([`crate::trace::cite`]): E0204 at the citation otherwise;
//! - an article some citation names is encoded, so `not_encoded` on it is E0205 (say what
//!   the rule leaves out in its `note` instead).
//!
//! A document without an outline is not checked: its citations stay free text.

use super::{Checker, err};
use crate::ast::{self, Item, Span};
use crate::diag::{Code, suggest};
use crate::trace::{citations, cite};
use std::collections::{BTreeMap, BTreeSet};

impl Checker {
    /// Checks every outline and every citation of an outlined document (after the
    /// documents are declared).
    pub(super) fn outlines(&mut self, files: &[(String, ast::File)]) {
        let mut outlines: BTreeMap<&str, (&str, &ast::OutlineDecl)> = BTreeMap::new();
        for (file, f) in files {
            for o in f.items.iter().filter_map(|i| if let Item::Outline(o) = i { Some(o) } else { None }) {
                self.outline_decl(file, o, &mut outlines);
            }
        }
        let mut cited: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (file, f) in files {
            for c in citations(f) {
                let Some((_, o)) = outlines.get(c.doc.node.as_str()) else { continue };
                let numbers: Vec<&str> = o.articles.iter().map(|a| a.number.node.as_str()).collect();
                let named = cite::articles(&numbers, c.article);
                if named.is_empty() {
                    self.unknown_article(file, c.span, &c.doc.node, c.article, &numbers);
                }
                cited.entry(o.doc.node.as_str()).or_default().extend(named);
            }
        }
        for (doc, (file, o)) in &outlines {
            let named = cited.get(doc);
            for (i, a) in o.articles.iter().enumerate() {
                if let (Some(reason), true) = (&a.not_encoded, named.is_some_and(|n| n.contains(&i))) {
                    let msg = format!("article `{}` of `{doc}` is cited by a rule but marked `not_encoded`", a.number.node);
                    let help = "drop `not_encoded`; say what the citing rule leaves out of the article in its `note`";
                    self.push(err(Code::EncodedArticle, file, reason.span, msg).with_help(help));
                }
            }
        }
    }

    /// One outline: its document declared and outlined once, its numbers unique.
    fn outline_decl<'a>(&mut self, file: &'a str, o: &'a ast::OutlineDecl, outlines: &mut BTreeMap<&'a str, (&'a str, &'a ast::OutlineDecl)>) {
        if !self.doc_index.contains_key(&o.doc.node) {
            let help =
                suggest(&o.doc.node, self.doc_index.keys().map(String::as_str)).unwrap_or_else(|| "declare the document with `document <id> { … }`".into());
            self.push(err(Code::UnknownDocument, file, o.doc.span, format!("unknown document `{}`", o.doc.node)).with_help(help));
            return;
        }
        if let Some((first_file, first)) = outlines.get(o.doc.node.as_str()) {
            let msg = format!("document `{}` has two outlines", o.doc.node);
            let d = err(Code::Duplicate, file, o.doc.span, msg).with_help("write each document's articles in one outline").with_related(
                first_file,
                first.doc.span,
                "first outline here",
            );
            self.push(d);
            return;
        }
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for a in &o.articles {
            if let Some(first) = seen.insert(&a.number.node, a.number.span) {
                let msg = format!("article `{}` is listed twice in the outline of `{}`", a.number.node, o.doc.node);
                self.push(err(Code::Duplicate, file, a.number.span, msg).with_help("number each article once").with_related(file, first, "first listed here"));
            }
        }
        outlines.insert(&o.doc.node, (file, o));
    }

    fn unknown_article(&mut self, file: &str, span: Span, doc: &str, article: &str, numbers: &[&str]) {
        let msg = format!("`{article}` names no article of the outline of `{doc}`");
        let listed = numbers.iter().take(24).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let help = match suggest(article, numbers.iter().copied()) {
            Some(s) => format!("{s} A citation starts with an article number of the outline: {listed}"),
            None => format!("a citation starts with an article number of the outline: {listed}"),
        };
        self.push(err(Code::UnknownArticle, file, span, msg).with_help(help));
    }
}
