//! `carules fmt`: the canonical layout of a rule file. Lossless — only the whitespace between
//! tokens changes; every token, string and comment is kept byte for byte — and idempotent.
//!
//! The layout: two spaces per brace level; a line that starts a statement (an item, or a
//! clause, member, field or entry inside an item's braces — [`crate::syntax::statement_starts`])
//! at its block's depth; any other line is a continuation, two spaces deeper, or, inside an
//! open `(` or `[` of an earlier line, one column after it; a comment line takes the indent of
//! the code line it precedes; runs of spaces inside code are one space (the gap before a
//! trailing comment is kept, so aligned comments stay aligned); no trailing whitespace; at
//! most one blank line, none after `{` or before `}`, none at either end; `\n` line ends and
//! one final newline.

mod lines;

use crate::diag::{Code, Diagnostic};
use lines::Piece;

/// The canonical layout of `text` (a rule file named `file`, for diagnostics).
///
/// Errors: the syntax diagnostics of the file (a file that does not parse is not touched), or
/// an internal error if the result would differ from the text in anything but whitespace
/// (never expected; the text is then left as it is).
pub fn format(file: &str, text: &str) -> Result<String, Vec<Diagnostic>> {
    let (bom, body) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    };
    let starts = crate::syntax::statement_starts(file, body)?;
    let mut out = String::with_capacity(text.len());
    out.push_str(bom);
    out.push_str(&layout(body, &starts));
    if lines::skeleton(&out) != lines::skeleton(text) {
        let message = "the formatter would change more than whitespace; the file is left as it is";
        return Err(vec![Diagnostic::new(Code::Syntax, file, crate::ast::Span { start: 0, end: 0 }, message).with_help("please report this file")]);
    }
    Ok(out)
}

/// One line of the output before blank lines are settled.
struct Line {
    /// Indent in spaces; `None` for a comment line (settled from the next code line).
    indent: Option<usize>,
    /// The line's text without indent.
    text: String,
    /// Depth inside braces at the start of the line.
    depth: usize,
    /// Whether its code starts with `}` / ends with `{`.
    closes: bool,
    opens: bool,
}

fn layout(text: &str, starts: &[usize]) -> String {
    let mut depth = 0usize;
    let mut parens: Vec<usize> = Vec::new();
    let mut out: Vec<Option<Line>> = Vec::new(); // None = blank line
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        // Leading and trailing whitespace as the grammar sees it, a lone `\r` included (the
        // first statement of a line after one must still be found).
        let blank = |c: char| is_space(c) || c == '\n' || c == '\r';
        let lead = raw.len() - raw.trim_start_matches(blank).len();
        let content = raw.trim_matches(blank);
        if content.is_empty() {
            out.push(None);
            continue;
        }
        let pieces = lines::pieces(content);
        let text = lines::normalise(&pieces);
        let code: String = pieces.iter().filter_map(|p| if let Piece::Code(c) = p { Some(*c) } else { None }).collect();
        let comment_only = code.trim().is_empty() && pieces.iter().all(|p| !matches!(p, Piece::Str(_)));
        let closes = code.trim_start().starts_with('}');
        let first = code.trim_start().chars().next();
        let indent = if comment_only {
            None
        } else if closes {
            Some(2 * depth.saturating_sub(1))
        } else if let Some(col) = parens.last() {
            Some(if matches!(first, Some(')' | ']')) { col.saturating_sub(1) } else { *col })
        } else if starts.binary_search(&(line_start + lead)).is_ok() {
            Some(2 * depth)
        } else {
            Some(2 * depth + 2)
        };
        let line_depth = depth;
        // Track braces and brackets over the code of the line as it will be written.
        let mut col = indent.unwrap_or(0);
        for p in lines::pieces(&text) {
            match p {
                Piece::Code(c) => {
                    for ch in c.chars() {
                        match ch {
                            '{' => depth += 1,
                            '}' => depth = depth.saturating_sub(1),
                            '(' | '[' => parens.push(col + 1),
                            ')' | ']' => {
                                parens.pop();
                            }
                            _ => {}
                        }
                        col += 1;
                    }
                }
                Piece::Str(s) | Piece::Comment(s) => col += s.chars().count(),
            }
        }
        let opens = code.trim_end().ends_with('{');
        out.push(Some(Line { indent, text, depth: line_depth, closes, opens }));
    }
    settle(out)
}

/// Comment indents from the next code line, then blank lines, then the text.
fn settle(mut lines: Vec<Option<Line>>) -> String {
    let mut next: Option<(usize, bool)> = None; // (indent, closes) of the next code line
    for l in lines.iter_mut().rev().flatten() {
        match l.indent {
            Some(i) => next = Some((i, l.closes)),
            None => {
                l.indent = Some(match next {
                    Some((i, false)) => i,
                    _ => 2 * l.depth,
                })
            }
        }
    }
    let mut out = String::new();
    let mut pending_blank = false;
    let mut prev_opens = true; // no blank line at the start of the file
    for line in lines {
        match line {
            None => pending_blank = true,
            Some(l) => {
                if pending_blank && !prev_opens && !l.closes {
                    out.push('\n');
                }
                pending_blank = false;
                out.extend(std::iter::repeat_n(' ', l.indent.unwrap_or(0)));
                out.push_str(&l.text);
                out.push('\n');
                prev_opens = l.opens;
            }
        }
    }
    out
}

/// Whitespace the formatter may move: ASCII space and tab, the ideographic space and a BOM
/// (all whitespace to the grammar).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{FEFF}')
}
