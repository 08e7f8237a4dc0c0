//! Text → syntax tree. The pest grammar lives in `grammar/carules.pest`; `lower` turns its
//! parse tree into [`crate::ast`] nodes with spans, and `errors` words a pest error as a
//! located [`Diagnostic`].
//!
//! Recovery: when a file does not parse, the first error is reported, then parsing resumes
//! at the next item that starts a line (`enum`, `fact`, `region`, a rule kind, …) so that
//! the errors of later items are reported in the same run; [`parse_recovering`] keeps the
//! items that parse, for the checker.

mod clauses;
pub mod depth;
mod errors;
mod lower;
mod outline;

use crate::ast::{File, Span};
use crate::diag::{Code, Diagnostic};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/carules.pest"]
pub(crate) struct RuleParser;

/// Keywords that start an item of a file.
pub(crate) const ITEM_KEYWORDS: [&str; 17] = [
    "enum",
    "extend",
    "fact",
    "let",
    "document",
    "outline",
    "calendar",
    "region",
    "finding",
    "fee",
    "documents",
    "deadline",
    "media",
    "accept",
    "hours",
    "checklist",
    "office",
];

/// Parses one file's text.
///
/// Errors: `E0002` if a condition or expression nests deeper than [`depth::MAX_DEPTH`]
/// (checked on the text first, so nothing recurses that deep); else one `E0001` diagnostic per item that does not parse (the first error of the
/// file, then one for each later item that fails on its own).
pub fn parse_file(file: &str, text: &str) -> Result<File, Vec<Diagnostic>> {
    tree(file, text).map(lower::file)
}

/// Parses one file's text, keeping what parses: the diagnostics of [`parse_file`] and, when
/// the file has syntax errors, the file without the items that do not parse (each broken
/// item blanked out, byte offsets kept), so the checker still resolves and types the rest and
/// a syntax error in one rule never hides a misspelt fact in another. `None` when nothing can
/// be recovered (a nesting error, or a file that still fails once its broken items are
/// blanked).
pub fn parse_recovering(file: &str, text: &str) -> (Option<File>, Vec<Diagnostic>) {
    let diags = match parse_file(file, text) {
        Ok(f) => return (Some(f), vec![]),
        Err(d) => d,
    };
    if diags.iter().any(|d| d.code != Code::Syntax) {
        return (None, diags);
    }
    let first = diags.first().map(|d| d.span.start).unwrap_or(0);
    let mut blanked = text.to_string();
    for (start, end) in item_chunks(text) {
        let Some(chunk) = text.get(start..end) else { continue };
        let holds_first = start <= first && first < end;
        if holds_first || RuleParser::parse(Rule::file, chunk).is_err() {
            let spaces: String = chunk.chars().map(|c| if c == '\n' { "\n".to_string() } else { " ".repeat(c.len_utf8()) }).collect();
            blanked.replace_range(start..end, &spaces);
        }
    }
    match RuleParser::parse(Rule::file, &blanked) {
        Ok(pairs) if blanked.len() == text.len() => (Some(lower::file(pairs)), diags),
        _ => (None, diags),
    }
}

/// The pest parse tree of a file, or its diagnostics (see [`parse_file`]).
fn tree<'t>(file: &str, text: &'t str) -> Result<pest::iterators::Pairs<'t, Rule>, Vec<Diagnostic>> {
    if let Some((start, len)) = depth::scan(text) {
        let message = format!("nested more than {} levels deep", depth::MAX_DEPTH);
        let help = "split the condition with `let`s, or write a long sum or list flatter: the parser and checker recurse once per parenthesis, `not` and arithmetic operator";
        return Err(vec![Diagnostic::new(Code::TooDeep, file, Span { start, end: start + len }, message).with_help(help)]);
    }
    match RuleParser::parse(Rule::file, text) {
        Ok(pairs) => {
            // Most files hold no backslash: nothing to walk.
            let escapes = if text.contains('\\') { bad_escapes(file, pairs.clone()) } else { Vec::new() };
            if escapes.is_empty() { Ok(pairs) } else { Err(escapes) }
        }
        Err(e) => {
            let first = errors::syntax_error(file, text, 0, e);
            let mut diags = vec![first];
            let after = diags.first().map(|d| d.span.start).unwrap_or(0);
            for (start, end) in item_chunks(text) {
                if start <= after {
                    continue;
                }
                let Some(chunk) = text.get(start..end) else { continue };
                if let Err(e) = RuleParser::parse(Rule::file, chunk) {
                    diags.push(errors::syntax_error(file, text, start, e));
                }
            }
            Err(diags)
        }
    }
}

/// The escapes a string knows: `\n`, `\t`, `\"` and `\\`.
const ESCAPES: [char; 4] = ['n', 't', '"', '\\'];

/// One `E0003` per unknown escape in the strings of a parsed file (`"a\qb"`), at the
/// backslash and the character after it. The grammar takes any escaped character, so the
/// error can say what it found and what a string knows instead of "expected …".
fn bad_escapes(file: &str, pairs: pest::iterators::Pairs<'_, Rule>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in pairs.flatten().filter(|p| p.as_rule() == Rule::string_inner) {
        let (raw, base) = (p.as_str(), p.as_span().start());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                continue;
            }
            match chars.next() {
                Some((_, e)) if ESCAPES.contains(&e) => {}
                Some((j, e)) => {
                    let span = Span { start: base + i, end: base + j + e.len_utf8() };
                    let message = format!("unknown escape `\\{e}` in a string");
                    let help = "a string knows `\\n` (line break), `\\t` (tab), `\\\"` and `\\\\` (a backslash): write `\\\\` for a backslash itself";
                    out.push(Diagnostic::new(Code::BadEscape, file, span, message).with_help(help));
                }
                None => {}
            }
        }
    }
    out
}

/// Byte offsets, ascending, where a statement starts: an item of the file (`enum`, `fact`, a
/// rule, …), or what stands inside an item's braces (a clause, an enum member, a document
/// field, a calendar entry, a region field). The formatter indents a line that starts a
/// statement at its block's depth and any other line as a continuation.
///
/// Errors: the diagnostics of [`parse_file`].
pub fn statement_starts(file: &str, text: &str) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for item in tree(file, text)?.flat_map(|f| f.into_inner()) {
        if item.as_rule() == Rule::EOI {
            continue;
        }
        let start = item.as_span().start();
        out.push(start);
        let brace = start + open_brace(item.as_str()).unwrap_or(usize::MAX - start);
        out.extend(item.into_inner().map(|c| c.as_span().start()).filter(|s| *s > brace));
    }
    Ok(out)
}

/// Byte offset of the first `{` outside a string literal and a comment.
fn open_brace(text: &str) -> Option<usize> {
    let (mut in_string, mut escaped, mut in_comment) = (false, false, false);
    for (i, c) in text.char_indices() {
        match c {
            '\n' => in_comment = false,
            _ if in_comment => {}
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            _ if in_string => {}
            '#' => in_comment = true,
            '{' => return Some(i),
            _ => {}
        }
    }
    None
}

/// Byte ranges of the items of a file, split where a line starts (at column 0) with an
/// item keyword. A heuristic for error recovery only.
pub(crate) fn item_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if ITEM_KEYWORDS.contains(&word.as_str()) && line.get(word.len()..).is_some_and(|r| r.starts_with([' ', '\t', '{'])) {
            starts.push(pos);
        }
        pos += line.len();
    }
    let mut out = vec![];
    for (i, s) in starts.iter().enumerate() {
        out.push((*s, starts.get(i + 1).copied().unwrap_or(text.len())));
    }
    out
}
