//! Hover on a citation (`source doc "五"`, an item's `source "三（一）1"`, a cited default):
//! the text of the articles it names, from the document's `outline` in the rule set
//! ([`crate::trace::cite`]); completion of the article numbers inside a citation string.

use super::analysis::{self, SymKind};
use super::{Doc, State};
use crate::ast::{Item, OutlineDecl, Span};
use crate::trace::{UseKind, citations, cite};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use std::collections::BTreeMap;

/// How many articles one hover shows (a list or a range can name many).
const MAX_ARTICLES: usize = 6;

/// The hover of the citation under `offset`, when there is one and its document has an
/// outline: each article it names with its text, or that it names none (E0204).
pub(crate) fn hover(state: &State, doc: &Doc, offset: usize) -> Option<Hover> {
    let (file, _) = crate::syntax::parse_recovering(&doc.name, &doc.text);
    let file = file?;
    let (doc_id, article, span) = citations(&file).into_iter().find_map(|c| {
        let span = article_span(&doc.text, c.span, c.kind);
        (span.start <= offset && offset < span.end).then(|| (c.doc.node.clone(), c.article.to_string(), span))
    })?;
    let outline = outline_of(state, &doc_id)?;
    let title = state.symbols().find(|d| d.kind == SymKind::Document && d.name == doc_id).and_then(|d| d.lines.iter().find_map(|l| l.strip_prefix("title: ")));
    let numbers: Vec<&str> = outline.articles.iter().map(|a| a.number.node.as_str()).collect();
    let named = cite::articles(&numbers, &article);
    let mut value = match title {
        Some(t) => format!("`{doc_id}` 《{t}》\n\n"),
        None => format!("`{doc_id}`\n\n"),
    };
    if named.is_empty() {
        value.push_str(&format!("`{article}` names no article of the outline (E0204)"));
    }
    for a in named.iter().filter_map(|i| outline.articles.get(*i)).take(MAX_ARTICLES) {
        value.push_str(&format!("**{}**\n\n", a.number.node));
        for line in a.text.lines() {
            value.push_str(&format!("> {line}\n>\n"));
        }
        if let Some(r) = &a.not_encoded {
            value.push_str(&format!("\nnot encoded: {}\n", r.node));
        }
        value.push('\n');
    }
    if named.len() > MAX_ARTICLES {
        value.push_str(&format!("… and {} more articles", named.len() - MAX_ARTICLES));
    }
    let range = doc.lines.range(&doc.text, span.start, span.end);
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range: Some(range) })
}

/// The outline of document `id` in the rule set (open files in place of their shipped copies).
fn outline_of(state: &State, id: &str) -> Option<OutlineDecl> {
    let open: BTreeMap<String, String> = state.docs.values().map(|d| (d.name.clone(), d.text.clone())).collect();
    let files = analysis::rule_set_files(&state.shipped, &open);
    files.iter().filter(|(_, t)| t.contains("outline")).find_map(|(n, t)| {
        let f = crate::syntax::parse_file(n, t).ok()?;
        f.items.into_iter().find_map(|i| match i {
            Item::Outline(o) if o.doc.node == id => Some(o),
            _ => None,
        })
    })
}

/// Inside a citation string being typed — `source doc "▮`, or an item's `source "▮` (the
/// document of the last `source doc "` above) — the byte offset after its opening quote and
/// the outline's articles: `(number, first line of the text)`.
pub(crate) fn numbers_at(state: &State, doc: &Doc, offset: usize) -> Option<(usize, Vec<(String, String)>)> {
    let line_start = doc.text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = doc.text.get(line_start..offset)?;
    let quote = before.rfind('"')?;
    let mut words = before.get(..quote)?.split_whitespace().rev();
    let id = match (words.next()?, words.next()) {
        ("source", _) => last_cited(doc.text.get(..line_start)?)?,
        (id, Some("source")) => id.to_string(),
        _ => return None,
    };
    let outline = outline_of(state, &id)?;
    let numbers = outline.articles.iter().map(|a| (a.number.node.clone(), a.text.lines().next().unwrap_or("").to_string())).collect();
    Some((line_start + quote + 1, numbers))
}

/// The document of the last `source <doc> "` in `text`.
fn last_cited(text: &str) -> Option<String> {
    text.rmatch_indices("source ").find_map(|(i, w)| {
        let rest = text.get(i + w.len()..)?;
        let id: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        (!id.is_empty() && rest.get(id.len()..).is_some_and(|r| r.starts_with(" \""))).then_some(id)
    })
}

/// The span of a citation's article string: as parsed, or for a documents item (whose
/// citation spans the item) the string after its last `source`.
fn article_span(text: &str, span: Span, kind: UseKind) -> Span {
    if kind != UseKind::Item {
        return span;
    }
    let clause = text.get(span.start..span.end).unwrap_or("");
    match clause.rfind("source \"") {
        Some(at) => Span { start: span.start + at + "source ".len(), end: span.end },
        None => span,
    }
}
