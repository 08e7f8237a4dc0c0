//! Positions: byte offsets (the parser's spans) ↔ LSP positions (line, UTF-16 code unit),
//! and the name under the cursor. Rule files are mostly Chinese: a character such as `青`
//! is 3 bytes, 1 character and 1 UTF-16 unit; `𠀀` is 4 bytes and 2 UTF-16 units.

use lsp_types::{Position, Range};

/// Line starts of a text, for converting offsets both ways. Lines end at `\n` (a `\r`
/// before it belongs to the line; a lone `\r` is not a line break here).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The LSP position of byte offset `offset` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = text.get(start..offset).map_or(0, |s| s.encode_utf16().count());
        Position { line: u32::try_from(line).unwrap_or(u32::MAX), character: u32::try_from(character).unwrap_or(u32::MAX) }
    }

    /// The LSP range of bytes `start..end`.
    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range { start: self.position(text, start), end: self.position(text, end.max(start)) }
    }

    /// The byte offset of an LSP position: past the end of a line, the line's end; past the
    /// last line, the end of the text; inside a surrogate pair, the character's start.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return text.len() };
        let end = self.starts.get(pos.line as usize + 1).map_or(text.len(), |e| e.saturating_sub(1));
        let line = text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                return start + i;
            }
            units = next;
        }
        end
    }
}

/// Whether `c` can stand in a name (identifier, dotted path, `code/rule`).
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '/'
}

/// The name (a dotted path, possibly `code/id`) around byte `offset`, with its byte range;
/// `None` when the cursor is not on one, or inside a string or comment.
pub fn name_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) || in_string_or_comment(text, offset) {
        return None;
    }
    let before = text.get(..offset)?;
    let after = text.get(offset..)?;
    let start = before.char_indices().rev().take_while(|(_, c)| name_char(*c)).last().map_or(offset, |(i, _)| i);
    let end = offset + after.char_indices().find(|(_, c)| !name_char(*c)).map_or(after.len(), |(i, _)| i);
    let word = text.get(start..end)?.trim_matches(['.', '/']);
    if word.is_empty() {
        return None;
    }
    let start = start + text.get(start..end)?.find(word).unwrap_or(0);
    Some((start, start + word.len(), word))
}

/// Byte ranges where `name` stands as a whole name (not part of a longer one, not in a
/// string or comment); `code/name` counts as `name`.
pub fn occurrences(text: &str, name: &str) -> Vec<(usize, usize)> {
    if name.is_empty() {
        return vec![];
    }
    text.match_indices(name)
        .map(|(i, _)| (i, i + name.len()))
        .filter(|&(start, end)| {
            let before = text.get(..start).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            before.is_none_or(|c| c == '/' || !name_char(c)) && after.is_none_or(|c| !name_char(c)) && !in_string_or_comment(text, start)
        })
        .collect()
}

/// The start of the name being typed before byte `offset` (for completion): the offset
/// itself when none.
pub fn prefix_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or("");
    before.char_indices().rev().take_while(|(_, c)| name_char(*c)).last().map_or(offset, |(i, _)| i)
}

/// Whether byte `offset` is inside a string literal or a comment of its line (strings end
/// on the line they start on).
pub fn in_string_or_comment(text: &str, offset: usize) -> bool {
    let line_start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let line = text.get(line_start..offset).unwrap_or("");
    let (mut in_string, mut escaped) = (false, false);
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return true,
            _ => {}
        }
    }
    in_string
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_round_trip() {
        let text = "# 青海\nfact a.b : bool \"𠀀x\"\n";
        let ix = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        let p = ix.position(text, x);
        assert_eq!((p.line, p.character), (1, 19), "17 units before the quote, 2 for 𠀀");
        assert_eq!(ix.offset(text, p), x);
        assert_eq!(ix.position(text, 3), Position { line: 0, character: 2 });
        assert_eq!(ix.offset(text, Position { line: 9, character: 0 }), text.len());
        assert_eq!(ix.offset(text, Position { line: 0, character: 99 }), text.find('\n').unwrap_or(0));
    }

    #[test]
    fn names_under_the_cursor() {
        let text = "when applicant.registered and x # applicant.kind\n";
        assert_eq!(name_at(text, 10).map(|n| n.2), Some("applicant.registered"));
        assert_eq!(name_at(text, 40), None);
        assert_eq!(prefix_start(text, 14), 5);
        let text = "when a.b and a.bc and x.a.b and 150000/a.b # a.b\n  deny a.b \"a.b\"\n";
        assert_eq!(occurrences(text, "a.b"), [(5, 8), (39, 42), (56, 59)]);
    }
}
