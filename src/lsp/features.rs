//! The requests: hover, go to definition, find references, completion, formatting, document
//! symbols.

use super::analysis::{self, SymKind, Symbol};
use super::text::{self, LineIndex};
use super::{Doc, State};
use lsp_types::*;

/// How many declarations one hover shows (a name can be a rule id and a finding code).
const MAX_HOVER: usize = 4;

/// The open document a request is about, with the byte offset of its position.
fn at<'s>(state: &'s State, p: &TextDocumentPositionParams) -> Option<(&'s Doc, usize)> {
    let doc = state.docs.get(p.text_document.uri.as_str())?;
    Some((doc, doc.lines.offset(&doc.text, p.position)))
}

/// The declarations a name written in `doc` refers to: fact, `let`, document, rule (by local
/// id — the rule of `doc`'s region when it has one of that id —, or `code/id`), enum member,
/// enum, region, calendar — in that order.
fn resolve<'s>(state: &'s State, doc: &Doc, name: &str) -> Vec<&'s Symbol> {
    let here = region_of(&doc.symbols);
    let local = |s: &&Symbol| s.kind == SymKind::Rule && s.name == name && s.region.as_deref() == here && here.is_some();
    let has_local = state.symbols().any(|s| local(&s));
    let mut found: Vec<&Symbol> = state
        .symbols()
        .filter(|s| {
            s.name == name || (s.kind == SymKind::Rule && s.region.as_ref().is_some_and(|r| name.strip_prefix(r.as_str()) == Some(&format!("/{}", s.name))))
        })
        .filter(|s| !has_local || s.kind != SymKind::Rule || local(s))
        .collect();
    let rank = |k: SymKind| match k {
        SymKind::Fact => 0,
        SymKind::Let => 1,
        SymKind::Document => 2,
        SymKind::Rule => 3,
        SymKind::Member => 4,
        SymKind::Enum => 5,
        SymKind::Region => 6,
        SymKind::Calendar => 7,
    };
    found.sort_by_key(|s| rank(s.kind));
    found
}

/// Where a declaration stands, as `file:line`.
fn place(state: &State, s: &Symbol) -> String {
    let text = state.doc_named(&s.file).map(|d| d.text.as_str()).or_else(|| state.shipped.iter().find(|(n, _)| *n == s.file).map(|(_, t)| t.as_str()));
    let line = text.map_or(0, |t| crate::diag::line_col(t, s.name_span.start).0);
    format!("{}:{line}", s.file)
}

/// The hover text of one declaration (Markdown).
fn describe(state: &State, s: &Symbol) -> String {
    let what = match s.kind {
        SymKind::Fact => "fact",
        SymKind::Document => "document",
        SymKind::Enum => "enum",
        SymKind::Member => "member",
        SymKind::Rule => s.ty.as_deref().unwrap_or("rule"),
        SymKind::Let => "let",
        SymKind::Region => "region",
        SymKind::Calendar => "calendar",
    };
    let mut out = format!("**{what}** `{}`", s.name);
    if let Some(l) = &s.label {
        out.push_str(&format!(" — {l}"));
    }
    out.push_str("\n\n");
    match (s.kind, &s.ty) {
        (SymKind::Fact, Some(t)) => out.push_str(&format!("type: `{t}`  \n")),
        (SymKind::Member, Some(t)) => out.push_str(&format!("of enum `{t}`  \n")),
        _ => {}
    }
    for line in &s.lines {
        out.push_str(line);
        // A citation: the document's title beside its id.
        let cited = line.strip_prefix("default cited: ").or_else(|| line.strip_prefix("source: "));
        if let Some(doc) = cited.and_then(|c| c.split(' ').next()) {
            let title =
                state.symbols().find(|d| d.kind == SymKind::Document && d.name == doc).and_then(|d| d.lines.iter().find_map(|l| l.strip_prefix("title: ")));
            if let Some(t) = title {
                out.push_str(&format!(" — 《{t}》"));
            }
        }
        out.push_str("  \n");
    }
    out.push_str(&format!("declared in `{}`", place(state, s)));
    out
}

/// `textDocument/hover`: the articles a citation under the cursor names (`lsp::cite`), or
/// what the name under the cursor is.
pub(crate) fn hover(state: &State, p: HoverParams) -> Option<Hover> {
    let (doc, offset) = at(state, &p.text_document_position_params)?;
    if let Some(h) = super::cite::hover(state, doc, offset) {
        return Some(h);
    }
    let (start, end, name) = text::name_at(&doc.text, offset)?;
    let found = resolve(state, doc, name);
    if found.is_empty() {
        return None;
    }
    let value = found.iter().take(MAX_HOVER).map(|s| describe(state, s)).collect::<Vec<_>>().join("\n\n---\n\n");
    Some(Hover { contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }), range: Some(doc.lines.range(&doc.text, start, end)) })
}

/// `textDocument/definition`: the declarations of the name under the cursor. Those in an
/// open document are located there; those in a shipped file only when that file is beside
/// the open one on disk (an author's rule directory), read from there.
pub(crate) fn definition(state: &State, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (doc, offset) = at(state, &p.text_document_position_params)?;
    let (_, _, name) = text::name_at(&doc.text, offset)?;
    let found = resolve(state, doc, name);
    let mut out = vec![];
    for s in found.iter() {
        if let Some(d) = state.doc_named(&s.file) {
            out.push(Location { uri: d.uri.clone(), range: d.lines.range(&d.text, s.name_span.start, s.name_span.end) });
        } else if let Some(l) = beside(doc, s) {
            out.push(l);
        }
    }
    (!out.is_empty()).then_some(GotoDefinitionResponse::Array(out))
}

/// The declaration `s` in the file of its name beside `doc` on disk, if there is one
/// (a `file:` URI only).
fn beside(doc: &Doc, s: &Symbol) -> Option<Location> {
    let (target, text) = beside_text(doc, &s.file)?;
    let there = analysis::file_symbols(&s.file, &text).symbols.into_iter().find(|o| o.kind == s.kind && o.name == s.name)?;
    let lines = LineIndex::new(&text);
    Some(Location { uri: target, range: lines.range(&text, there.name_span.start, there.name_span.end) })
}

/// `textDocument/references`: where the name under the cursor is written, in the open
/// documents and in the shipped files beside the open one on disk. Lexical: every place the
/// name is spelt out as a whole name (outside strings and comments), whatever it names there;
/// except that a rule id of one region is looked for in that region's files and as
/// `code/id` elsewhere.
pub(crate) fn references(state: &State, p: ReferenceParams) -> Option<Vec<Location>> {
    let (doc, offset) = at(state, &p.text_document_position)?;
    let (_, _, name) = text::name_at(&doc.text, offset)?;
    let declared: Vec<&Symbol> = resolve(state, doc, name);
    let first = declared.first()?;
    let rule_region = match declared.iter().all(|s| s.kind == SymKind::Rule && s.region == first.region) {
        true => first.region.as_deref(),
        false => None,
    };
    // The files searched: the open ones, and the shipped ones beside on disk.
    let mut files: Vec<(String, Uri, String, Option<&str>)> =
        state.docs.values().map(|d| (d.name.clone(), d.uri.clone(), d.text.clone(), region_of(&d.symbols))).collect();
    for (file, _) in state.shipped.iter().filter(|(f, _)| state.doc_named(f).is_none()) {
        if let Some((uri, text)) = beside_text(doc, file) {
            files.push((file.clone(), uri, text, state.shipped_symbols.get(file).and_then(region_of)));
        }
    }
    let mut out = vec![];
    for (file, uri, text, region) in &files {
        let lines = LineIndex::new(text);
        for (start, end) in text::occurrences(text, name) {
            let declaration = declared.iter().any(|s| s.file == *file && s.name_span.start == start);
            let in_scope = rule_region.is_none_or(|r| *region == Some(r) || text.get(..start).is_some_and(|t| t.ends_with(&format!("{r}/"))));
            if in_scope && (p.context.include_declaration || !declaration) {
                out.push(Location { uri: uri.clone(), range: lines.range(text, start, end) });
            }
        }
    }
    Some(out)
}

/// The code of the region a file declares, if it declares one.
fn region_of(f: &analysis::FileSymbols) -> Option<&str> {
    f.symbols.iter().find(|s| s.kind == SymKind::Region).map(|s| s.name.as_str())
}

/// The URI and text of the file named `file` beside `doc` on disk, if there is one.
fn beside_text(doc: &Doc, file: &str) -> Option<(Uri, String)> {
    let uri = doc.uri.as_str();
    let dir = uri.strip_prefix("file://")?.rsplit_once('/')?.0;
    let base = uri.rsplit_once('/')?.0;
    let text = std::fs::read_to_string(format!("{}/{file}", super::percent_decode(dir))).ok()?;
    Some((format!("{base}/{file}").parse().ok()?, text))
}

/// `textDocument/completion`: fact paths, `let`s and keywords; the members of a fact's enum
/// after a comparison with it; document ids after `source`; rule ids after `overrides`,
/// `include` and `as`; inside a citation string, the article numbers of the document's
/// outline.
pub(crate) fn completion(state: &State, p: CompletionParams) -> Option<CompletionResponse> {
    let (doc, offset) = at(state, &p.text_document_position)?;
    if text::in_string_or_comment(&doc.text, offset) {
        return article_numbers(state, doc, offset);
    }
    let start = text::prefix_start(&doc.text, offset);
    let line_start = doc.text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let before = doc.text.get(line_start..start).unwrap_or("");
    let range = doc.lines.range(&doc.text, start, offset);
    let mut items: Vec<CompletionItem> = vec![];
    let mut push = |label: &str, kind: CompletionItemKind, detail: Option<String>| {
        if !items.iter().any(|i| i.label == label) {
            items.push(CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail,
                filter_text: Some(label.to_string()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: label.to_string() })),
                ..Default::default()
            });
        }
    };
    let last_word = before.split_whitespace().last().unwrap_or("");
    if let Some(members) = members_after(state, before) {
        for m in members {
            push(&m.name, CompletionItemKind::ENUM_MEMBER, m.label.clone());
        }
    } else if last_word == "source" {
        for s in state.symbols().filter(|s| s.kind == SymKind::Document) {
            push(&s.name, CompletionItemKind::REFERENCE, s.lines.iter().find_map(|l| l.strip_prefix("title: ")).map(str::to_string));
        }
    } else if matches!(last_word, "overrides" | "include" | "as" | "except") {
        for s in state.symbols().filter(|s| s.kind == SymKind::Rule) {
            push(&s.name, CompletionItemKind::FUNCTION, s.ty.clone());
        }
    } else {
        for s in state.symbols().filter(|s| matches!(s.kind, SymKind::Fact | SymKind::Let)) {
            let kind = if s.kind == SymKind::Fact { CompletionItemKind::FIELD } else { CompletionItemKind::VARIABLE };
            let detail = match (&s.label, &s.ty) {
                (Some(l), Some(t)) => Some(format!("{l}: {t}")),
                (l, t) => l.clone().or(t.clone()),
            };
            push(&s.name, kind, detail);
        }
        for k in analysis::KEYWORDS {
            push(k, CompletionItemKind::KEYWORD, None);
        }
    }
    Some(CompletionResponse::Array(items))
}

/// Inside a citation string: the article numbers of the cited document's outline, each
/// with the first line of its text, replacing what is typed after the quote.
fn article_numbers(state: &State, doc: &Doc, offset: usize) -> Option<CompletionResponse> {
    let (start, numbers) = super::cite::numbers_at(state, doc, offset)?;
    let range = doc.lines.range(&doc.text, start, offset);
    let items = numbers
        .into_iter()
        .map(|(number, text)| CompletionItem {
            label: number.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(text),
            filter_text: Some(number.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: number })),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

/// The members of the enum of the fact compared on this line before the cursor
/// (`fact ==`, `!=`, `in [`, `has`), if the line ends in such a comparison.
fn members_after<'s>(state: &'s State, before: &str) -> Option<Vec<&'s Symbol>> {
    let trimmed = before.trim_end();
    let compares = trimmed.ends_with("==") || trimmed.ends_with("!=") || trimmed.ends_with(" has") || {
        let open = trimmed.rfind('[');
        open.is_some_and(|o| !trimmed.get(o..).unwrap_or("").contains(']') && trimmed.get(..o).is_some_and(|b| b.trim_end().ends_with(" in")))
    };
    if !compares {
        return None;
    }
    let words = trimmed.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
    let fact = words.rev().find_map(|w| state.symbols().find(|s| s.kind == SymKind::Fact && s.name == w))?;
    let enum_name = fact.values_of.as_deref()?;
    let members: Vec<&Symbol> = state.symbols().filter(|s| s.kind == SymKind::Member && s.ty.as_deref() == Some(enum_name)).collect();
    (!members.is_empty()).then_some(members)
}

/// `textDocument/formatting`: `carules fmt`'s layout as one edit of the whole text; no edit
/// when the file does not parse (or is already formatted).
pub(crate) fn formatting(state: &State, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let doc = state.docs.get(p.text_document.uri.as_str())?;
    let formatted = crate::fmt::format(&doc.name, &doc.text).ok()?;
    if formatted == doc.text {
        return Some(vec![]);
    }
    Some(vec![TextEdit { range: doc.lines.range(&doc.text, 0, doc.text.len()), new_text: formatted }])
}

/// `textDocument/documentSymbol`: the items of the file (members under their enum).
pub(crate) fn symbols(state: &State, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let doc = state.docs.get(p.text_document.uri.as_str())?;
    let mut out: Vec<DocumentSymbol> = vec![];
    for s in &doc.symbols.symbols {
        let sym = outline(doc, s);
        let parent = out.last_mut().filter(|p| s.kind == SymKind::Member && p.kind == SymbolKind::ENUM && contains(p.range, sym.range));
        match parent {
            Some(p) => p.children.get_or_insert_with(Vec::new).push(sym),
            None => out.push(sym),
        }
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// Whether range `outer` contains `inner`.
fn contains(outer: Range, inner: Range) -> bool {
    let key = |p: Position| (p.line, p.character);
    key(outer.start) <= key(inner.start) && key(inner.end) <= key(outer.end)
}

/// One outline entry.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written to build one.
fn outline(doc: &Doc, s: &Symbol) -> DocumentSymbol {
    let kind = match s.kind {
        SymKind::Fact => SymbolKind::FIELD,
        SymKind::Document => SymbolKind::FILE,
        SymKind::Enum => SymbolKind::ENUM,
        SymKind::Member => SymbolKind::ENUM_MEMBER,
        SymKind::Rule => SymbolKind::FUNCTION,
        SymKind::Let => SymbolKind::VARIABLE,
        SymKind::Region => SymbolKind::NAMESPACE,
        SymKind::Calendar => SymbolKind::OBJECT,
    };
    let detail = match (s.kind, &s.ty, &s.label) {
        (SymKind::Rule, Some(k), _) => Some(k.clone()),
        (_, _, Some(l)) => Some(l.clone()),
        (_, Some(t), None) => Some(t.clone()),
        _ => None,
    };
    let selection_range = doc.lines.range(&doc.text, s.name_span.start, s.name_span.end);
    let full = doc.lines.range(&doc.text, s.full.start.min(s.name_span.start), s.full.end.max(s.name_span.end));
    DocumentSymbol { name: s.name.clone(), detail, kind, tags: None, deprecated: None, range: full, selection_range, children: None }
}
