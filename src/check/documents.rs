//! Documents rules: items, requirements, includes (expanded once every list is checked),
//! `none`, `unspecified` and `incomplete`.

use super::rules::BodyResult;
use super::{Checker, Ctx, DocEntry, err};
use crate::ast::{self, Clause, Spanned};
use crate::diag::Code;
use crate::ir::*;

impl Checker {
    pub(super) fn requirement(&mut self, ctx: &Ctx, r: &Spanned<String>) -> bool {
        match self.enum_index.get("requirement").map(|x| x.0) {
            Some(e) => match self.member(e, &r.node, ctx.region) {
                Ok(_) => true,
                Err(scope) => {
                    self.unknown_member(ctx.file, r, e, ctx.region, scope);
                    false
                }
            },
            None => {
                self.push(err(Code::UnknownName, ctx.file, r.span, "no `requirement` enum is declared"));
                false
            }
        }
    }

    pub(super) fn documents_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl, this: RuleId, region: RegionId) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut list_requires: Vec<String> = Vec::new();
        let mut entries: Vec<DocEntry> = Vec::new();
        let mut special: Option<DocList> = None;
        let mut incomplete = None;
        let src = rd.sources.first().and_then(|s| self.doc_index.get(&s.doc.node).map(|d| (*d, s.article.clone())));
        for c in &rd.body {
            if let Clause::Requires(rs) = &c.node {
                for r in rs {
                    if self.requirement(ctx, r) {
                        list_requires.push(r.node.clone());
                    } else {
                        ok = false;
                    }
                }
            }
        }
        for c in &rd.body {
            match &c.node {
                Clause::Requires(_) => {}
                Clause::DocItem { .. } => {
                    let (entry, fine) = self.doc_item(ctx, c, &list_requires, &entries, this, src.as_ref());
                    entries.extend(entry);
                    ok &= fine;
                }
                Clause::Include { .. } => {
                    let (entry, fine) = self.include_entry(ctx, c, region);
                    entries.extend(entry);
                    ok &= fine;
                }
                Clause::None(w) => special = Some(DocList::None(text(w.clone()))),
                Clause::Unspecified(w) => special = Some(DocList::Unspecified(text(w.clone().unwrap_or_default()))),
                Clause::Incomplete(w) => incomplete = Some((w.clone(), c.span)),
                _ => {
                    self.not_allowed(file, Kind::Documents, c);
                    ok = false;
                }
            }
        }
        if special.is_some() && !entries.is_empty() {
            self.push(err(Code::BadValue, file, rd.id.span, "a documents rule is either a list of items or `none` / `unspecified`, not both"));
            ok = false;
        }
        if let (Some(_), Some((_, span))) = (&special, &incomplete) {
            self.push(
                err(Code::BadValue, file, *span, "`incomplete` qualifies a list of items")
                    .with_help("an `unspecified` list already says the regulation lists nothing"),
            );
            ok = false;
        }
        if special.is_none() && entries.is_empty() {
            self.missing(file, rd, "`item`, `include`, `none` or `unspecified`");
            ok = false;
        }
        if !ok {
            return None;
        }
        if let Some(s) = special {
            return Some(Body::Documents(s));
        }
        // Includes are expanded once every documents rule is checked.
        self.doc_entries.insert(this, entries);
        Some(Body::Documents(DocList::Items(List::Borrowed(&[]), incomplete.map(|(w, _)| text(w)))))
    }

    /// One `item <id> "name" [copies N] [requires …] [when …] [source "…"]` of a documents
    /// rule, with the list's own requirements merged in; kept after an error (so the rule is not
    /// also reported as empty), with whether it checked without error.
    fn doc_item(
        &mut self,
        ctx: &Ctx,
        c: &Spanned<Clause>,
        list_requires: &[String],
        entries: &[DocEntry],
        this: RuleId,
        src: Option<&(DocId, String)>,
    ) -> (Option<DocEntry>, bool) {
        let Clause::DocItem { id, name, copies, requires, forms, when, source } = &c.node else { return (None, false) };
        let file = ctx.file;
        let mut ok = true;
        let mut req = list_requires.to_vec();
        for r in requires {
            if self.requirement(ctx, r) {
                if !req.contains(&r.node) {
                    req.push(r.node.clone());
                }
            } else {
                ok = false;
            }
        }
        let copies = match copies {
            Some(n) => match n.node.parse::<u32>() {
                Ok(v) if v <= 1000 => Some(v),
                _ => {
                    self.push(err(Code::BadValue, file, n.span, format!("`{}` copies: at most 1000", n.node)));
                    ok = false;
                    None
                }
            },
            None => None,
        };
        let forms = self.forms(ctx, forms, &req, &mut ok);
        let w = self.item_cond(ctx, when.as_ref(), &mut ok);
        if entries.iter().any(|e| matches!(e, DocEntry::Item(i) if i.id == id.node)) {
            self.push(err(Code::Duplicate, file, id.span, format!("item `{}` is listed twice", id.node)));
            ok = false;
        }
        self.mixed_script(file, id);
        let (doc, article) = src.cloned().unwrap_or((0, String::new()));
        let item = DocEntry::Item(DocItem {
            id: text(id.node.clone()),
            name: text(name.clone()),
            copies,
            requires: texts(&req),
            forms: list(forms),
            when: w,
            source: Source { doc, article: text(source.clone().unwrap_or(article)) },
            rule: this,
        });
        (Some(item), ok)
    }

    /// The `form` choices of an item: each form once (E0504), its own requirements known
    /// members of `requirement` and none the item already requires whatever its form (E0505).
    fn forms(&mut self, ctx: &Ctx, forms: &[(Spanned<DocForm>, Vec<Spanned<String>>)], item_req: &[String], ok: &mut bool) -> Vec<FormSpec> {
        let file = ctx.file;
        let mut out: Vec<FormSpec> = Vec::new();
        for (f, reqs) in forms {
            if out.iter().any(|o| o.form == f.node) {
                self.push(
                    err(Code::FormTwice, file, f.span, format!("form `{}` is listed twice", f.node.as_str()))
                        .with_help("list each form once: `form original, copy (requires seal)`"),
                );
                *ok = false;
                continue;
            }
            let mut own: Vec<String> = Vec::new();
            for r in reqs {
                if !self.requirement(ctx, r) {
                    *ok = false;
                } else if item_req.contains(&r.node) {
                    self.push(
                        err(Code::FormRequiresAgain, file, r.span, format!("`{}` is already required of the item, whatever its form", r.node))
                            .with_help("a form's `(requires …)` names what only that form needs; drop it here or from the item's `requires`"),
                    );
                    *ok = false;
                } else if !own.contains(&r.node) {
                    own.push(r.node.clone());
                }
            }
            out.push(FormSpec { form: f.node, requires: texts(&own) });
        }
        out
    }

    /// One `include <documents rule> [items A..B]`: the target must be a documents rule, the
    /// range 1-based and non-empty. `None` after reporting any error.
    fn include_entry(&mut self, ctx: &Ctx, c: &Spanned<Clause>, region: RegionId) -> (Option<DocEntry>, bool) {
        let Clause::Include { target, range } = &c.node else { return (None, false) };
        let file = ctx.file;
        let mut ok = true;
        let Some(t) = self.rule_ref(file, target, region) else { return (None, false) };
        if self.decls.get(t).is_none_or(|d| d.decl.kind.node != Kind::Documents) {
            self.push(err(Code::Type, file, target.span, format!("`{}` is not a documents rule", target.node)));
            ok = false;
        }
        let range = match range {
            Some((a, b)) => match (a.node.parse::<usize>(), b.node.parse::<usize>()) {
                (Ok(x), Ok(y)) if x >= 1 && y >= x => Some((x, y)),
                _ => {
                    self.push(
                        err(Code::BadValue, file, c.span, format!("`items {}..{}` is not a range of items", a.node, b.node))
                            .with_help("items are numbered from 1: `items 1..5`"),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        (Some(DocEntry::Include { target: t, range, span: c.span }), ok)
    }
}
