//! The per-document work of the language server: the declarations of every rule file (what
//! hover, definition, completion and the outline read), and the checker's diagnostics of
//! the rule set with the edited files in place of the shipped ones.
//!
//! Declarations are read from the syntax tree. A file that does not parse is read item by
//! item (the parser's own recovery split, `syntax::item_chunks`), so the items that parse
//! still have hover, definition and an outline while another one is broken.

use crate::ast::{self, FieldValue, Item, Span, TypeExpr};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// What a declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymKind {
    /// `fact`.
    Fact,
    /// `document`.
    Document,
    /// `enum` or `extend`.
    Enum,
    /// A member of an enum.
    Member,
    /// A rule of any kind.
    Rule,
    /// `let`.
    Let,
    /// `region`.
    Region,
    /// `calendar`.
    Calendar,
}

/// One declaration of a rule file, with what hover says of it.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// What it is.
    pub kind: SymKind,
    /// The name it is referred to by (fact path, document id, rule id, member id, …).
    pub name: String,
    /// The file declaring it.
    pub file: String,
    /// Where its name is written (bytes).
    pub name_span: Span,
    /// The whole declaration (bytes), for the outline.
    pub full: Span,
    /// zh-CN label, if any.
    pub label: Option<String>,
    /// For facts: the type as written; for members: the enum; for rules: the kind.
    pub ty: Option<String>,
    /// For facts: the enum their values come from (`set of` included).
    pub values_of: Option<String>,
    /// Hover lines besides the label and type (default, citation, document fields).
    pub lines: Vec<String>,
    /// For rules: the code of the file's region (`150000/usbkey` names it).
    pub region: Option<String>,
}

/// The declarations of one file, and whether the whole file parsed.
#[derive(Debug, Clone, Default)]
pub struct FileSymbols {
    /// Declarations in file order.
    pub symbols: Vec<Symbol>,
    /// Whether the file parsed as a whole.
    pub parsed: bool,
}

/// Reads the declarations of a file (item by item when the whole does not parse).
pub fn file_symbols(file: &str, text: &str) -> FileSymbols {
    let mut out = FileSymbols::default();
    match crate::syntax::parse_file(file, text) {
        Ok(f) => {
            out.parsed = true;
            collect(file, text, 0, &f, &mut out.symbols);
        }
        Err(_) => {
            for (start, end) in crate::syntax::item_chunks(text) {
                let Some(chunk) = text.get(start..end) else { continue };
                if let Ok(f) = crate::syntax::parse_file(file, chunk) {
                    collect(file, chunk, start, &f, &mut out.symbols);
                }
            }
        }
    }
    out
}

/// `span` moved by `by` bytes.
fn shift(span: Span, by: usize) -> Span {
    Span { start: span.start + by, end: span.end + by }
}

/// The text of `span` in `text`.
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Collects the declarations of a parsed file (or chunk of one, starting at byte `at`).
fn collect(file: &str, text: &str, at: usize, f: &ast::File, out: &mut Vec<Symbol>) {
    let region = f.items.iter().find_map(|i| match i {
        Item::Region(r) => Some(r.code.node.clone()),
        _ => None,
    });
    let sym = |kind, name: &ast::Spanned<String>, full: Span| Symbol {
        kind,
        name: name.node.clone(),
        file: file.to_string(),
        name_span: shift(name.span, at),
        full: shift(full, at),
        label: None,
        ty: None,
        values_of: None,
        lines: vec![],
        region: None,
    };
    for item in &f.items {
        match item {
            Item::Fact(d) => {
                let (ty, values_of) = match &d.ty {
                    TypeExpr::Named(n) => (n.node.clone(), Some(n.node.clone())),
                    TypeExpr::SetOf(n) => (format!("set of {}", n.node), Some(n.node.clone())),
                };
                let mut lines = vec![];
                if let Some(v) = &d.default {
                    lines.push(format!("default: `{}`", slice(text, v.span)));
                }
                if let Some(s) = &d.default_source {
                    lines.push(format!("default cited: {} “{}”", s.doc.node, s.article));
                }
                let full = Span { start: d.path.span.start, end: line_end(text, d.path.span.end) };
                out.push(Symbol { label: d.label.clone(), ty: Some(ty), values_of, lines, ..sym(SymKind::Fact, &d.path, full) });
            }
            Item::Document(d) => {
                let lines = d.fields.iter().map(field_line).collect();
                out.push(Symbol { lines, ..sym(SymKind::Document, &d.id, block(text, d.id.span)) });
            }
            Item::Enum(d) | Item::Extend(d) => {
                out.push(Symbol { label: d.label.clone(), ..sym(SymKind::Enum, &d.name, block(text, d.name.span)) });
                for m in &d.members {
                    let lines = if m.aliases.is_empty() { vec![] } else { vec![format!("alias: {}", m.aliases.join("、"))] };
                    let full = Span { start: m.id.span.start, end: line_end(text, m.id.span.end) };
                    out.push(Symbol { label: Some(m.label.clone()), ty: Some(d.name.node.clone()), lines, ..sym(SymKind::Member, &m.id, full) });
                }
            }
            Item::Rule(r) => {
                let lines = r.sources.iter().map(|s| format!("source: {} “{}”", s.doc.node, s.article)).collect();
                let ty = Some(r.kind.node.as_str().to_string());
                out.push(Symbol { label: r.title.as_ref().map(|t| t.node.clone()), ty, lines, region: region.clone(), ..sym(SymKind::Rule, &r.id, r.span) });
            }
            Item::Let(d) => {
                let full = Span { start: d.name.span.start, end: d.cond.span.end.max(d.name.span.end) };
                out.push(Symbol { lines: vec![format!("`{}`", slice(text, d.cond.span))], ..sym(SymKind::Let, &d.name, full) });
            }
            Item::Region(r) => {
                let full = Span { start: r.code.span.start.min(r.span.start), end: r.span.end };
                out.push(Symbol { label: Some(r.name.clone()), ..sym(SymKind::Region, &r.code, full) });
            }
            Item::Outline(_) => {}
            Item::Calendar(c) => {
                let lines = vec![format!("year {}; source: {} “{}”", c.year.node, c.source.doc.node, c.source.article)];
                out.push(Symbol { lines, ..sym(SymKind::Calendar, &c.id, block(text, c.id.span)) });
            }
        }
    }
}

/// A document field as a hover line.
fn field_line(f: &ast::DocField) -> String {
    let value = match &f.value {
        FieldValue::Text(t) => t.clone(),
        FieldValue::Date(d) => d.node.clone(),
        FieldValue::Name(n) => n.node.clone(),
        FieldValue::Unspecified => "unspecified".to_string(),
    };
    match &f.remark {
        Some(r) => format!("{}: {value} ({r})", f.key.node),
        None => format!("{}: {value}", f.key.node),
    }
}

/// The end of the line holding byte `at` (before its `\n`).
fn line_end(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i)
}

/// The extent of a braced item whose name is at `name`: to its closing brace (strings and
/// comments skipped), or the name's line when no brace follows.
fn block(text: &str, name: Span) -> Span {
    let (mut depth, mut in_string, mut escaped, mut in_comment) = (0usize, false, false, false);
    for (i, c) in text.get(name.end..).unwrap_or("").char_indices() {
        match c {
            '\n' => in_comment = false,
            _ if in_comment => {}
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '#' => in_comment = true,
            '{' => depth += 1,
            '}' if depth <= 1 => return Span { start: name.start, end: name.end + i + 1 },
            '}' => depth -= 1,
            _ => {}
        }
    }
    Span { start: name.start, end: line_end(text, name.end) }
}

/// A file that does not parse, made checkable ([`recover`]).
#[derive(Debug, Clone, Default)]
pub struct Recovered {
    /// The text the checker reads: every item that fails to parse on its own blanked (its
    /// bytes made spaces, line breaks kept, so every span of the rest is unchanged).
    pub text: String,
    /// The syntax diagnostics of the text as written.
    pub syntax: Vec<Diagnostic>,
    /// The byte ranges of the items, and whether each was blanked.
    pub items: Vec<(usize, usize, bool)>,
    /// The names the blanked items declare (the word after their keyword).
    pub blanked: Vec<String>,
}

/// A file that does not parse, made checkable (see [`Recovered`]). `None` when the file
/// parses, or when the blanked text still does not (text before the first item that does
/// not parse).
///
/// So a syntax error in one rule does not hide a misspelt fact in another: the checker reads
/// the blanked text, and the editor shows its diagnostics beside the syntax errors
/// ([`Recovered::keeps`] drops those that the blanking itself may cause).
pub fn recover(file: &str, text: &str) -> Option<Recovered> {
    let syntax = crate::syntax::parse_file(file, text).err()?;
    let mut bytes = text.as_bytes().to_vec();
    let (mut items, mut blanked) = (vec![], vec![]);
    for (start, end) in crate::syntax::item_chunks(text) {
        let Some(chunk) = text.get(start..end) else { continue };
        let broken = crate::syntax::parse_file(file, chunk).is_err();
        items.push((start, end, broken));
        if broken {
            if let Some(name) = chunk.split_whitespace().nth(1) {
                blanked.push(name.trim_end_matches(['{', ':']).to_string());
            }
            for b in bytes.get_mut(start..end).into_iter().flatten() {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    crate::syntax::parse_file(file, &text).is_ok().then_some(Recovered { text, syntax, items, blanked })
}

impl Recovered {
    /// Whether a checker diagnostic of the blanked text is shown: not one of the region
    /// analysis (conflicts, unreachable exceptions, services without documents: E04xx), which
    /// needs every rule, nor one inside an item that names a blanked item (an `include` of a
    /// broken documents rule is not an unknown rule).
    pub fn keeps(&self, d: &Diagnostic) -> bool {
        if d.code.as_str().starts_with("E04") {
            return false;
        }
        let item = self.items.iter().find(|(s, e, _)| *s <= d.span.start && d.span.start < *e);
        let chunk = item.and_then(|(s, e, _)| self.text.get(*s..*e)).unwrap_or("");
        !self.blanked.iter().any(|n| !super::text::occurrences(chunk, n).is_empty())
    }
}

/// The rule set an open file is checked with: the shipped files, each open file replacing
/// the shipped file of the same name or added after them.
pub fn rule_set_files(shipped: &[(String, String)], open: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = shipped.iter().map(|(n, t)| (n.clone(), open.get(n).cloned().unwrap_or_else(|| t.clone()))).collect();
    for (n, t) in open {
        if !shipped.iter().any(|(s, _)| s == n) {
            files.push((n.clone(), t.clone()));
        }
    }
    files
}

/// Every diagnostic (errors and warnings) of the rule set, grouped by file.
pub fn diagnostics(files: &[(String, String)]) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut by_file: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in crate::check::check_all(files).diagnostics {
        by_file.entry(d.file.clone()).or_default().push(d);
    }
    by_file
}

/// Keywords of the language (every word the grammar spells out), for completion.
pub const KEYWORDS: &[&str] = &[
    "accept",
    "accepted",
    "address",
    "after",
    "alias",
    "all",
    "and",
    "any",
    "article",
    "as",
    "assume",
    "at_least",
    "calendar",
    "capped",
    "checklist",
    "copies",
    "copy",
    "count",
    "cutoff",
    "date",
    "days",
    "deadline",
    "default",
    "deny",
    "derive",
    "document",
    "documents",
    "electronic",
    "else",
    "email",
    "enum",
    "except",
    "extend",
    "fact",
    "false",
    "fee",
    "finding",
    "fixed",
    "form",
    "free",
    "from",
    "has",
    "holidays",
    "hotline",
    "hours",
    "immediate",
    "in",
    "in_force",
    "include",
    "incomplete",
    "info",
    "issue",
    "issuer",
    "item",
    "items",
    "let",
    "media",
    "min",
    "mini_program",
    "minimum",
    "minutes",
    "months",
    "next_day",
    "next_working_day",
    "none",
    "not",
    "not_encoded",
    "note",
    "number",
    "oblige",
    "of",
    "off",
    "office",
    "online",
    "or",
    "original",
    "outline",
    "overrides",
    "package",
    "paper",
    "parent",
    "passes",
    "photo",
    "refer",
    "region",
    "rejected",
    "remedy",
    "repealed",
    "requires",
    "same_day",
    "scan",
    "season",
    "self_paid",
    "services",
    "set",
    "source",
    "superseded_by",
    "title",
    "to",
    "today",
    "together",
    "true",
    "unspecified",
    "url",
    "valid",
    "validity",
    "warn",
    "wechat",
    "weekdays",
    "when",
    "window",
    "within",
    "work",
    "working",
    "working_days",
    "year",
    "years",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_parse_keeps_the_items_that_do() {
        let text = "fact a.b : bool \"甲\"\n\nfinding x {\n  when (\n}\n\nenum e \"乙\" {\n  m \"丙\"\n}\n";
        let f = file_symbols("t.carules", text);
        assert!(!f.parsed);
        let names: Vec<(&str, SymKind)> = f.symbols.iter().map(|s| (s.name.as_str(), s.kind)).collect();
        assert_eq!(names, [("a.b", SymKind::Fact), ("e", SymKind::Enum), ("m", SymKind::Member)]);
        let member = &f.symbols[2];
        assert_eq!(&text[member.name_span.start..member.name_span.end], "m", "spans are the file's, not the chunk's");
        let en = &f.symbols[1];
        assert!(text[en.full.start..en.full.end].ends_with('}'));
    }

    #[test]
    fn a_file_that_does_not_parse_is_checked_without_its_broken_items() {
        let text = "fact a.b : bool \"甲\"\n\nfinding x {\n  when (青\n}\n\nenum e \"乙\" {\n  m \"丙\"\n}\n";
        let r = recover("t.carules", text).unwrap_or_default();
        assert_eq!(r.text.len(), text.len());
        assert!(r.text.contains("enum e") && !r.text.contains("finding") && r.text.lines().count() == text.lines().count(), "{:?}", r.text);
        assert_eq!(r.syntax.len(), 1);
        assert_eq!(r.blanked, ["x"]);
        assert!(recover("t.carules", "fact a.b : bool\n").is_none(), "a file that parses needs no recovery");
    }

    #[test]
    fn open_files_replace_shipped_ones_of_the_same_name() {
        let shipped = vec![("a.carules".to_string(), "A".to_string()), ("b.carules".to_string(), "B".to_string())];
        let open = BTreeMap::from([("b.carules".to_string(), "B2".to_string()), ("c.carules".to_string(), "C".to_string())]);
        let files = rule_set_files(&shipped, &open);
        let got: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        assert_eq!(got, [("a.carules", "A"), ("b.carules", "B2"), ("c.carules", "C")]);
    }
}
