//! One line of a rule file as pieces: code, string literals and a trailing comment (strings
//! end on the line they start on; `#` outside a string starts a comment to the line's end).

/// A piece of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Code between strings and comments, spaces included.
    Code(&'a str),
    /// A string literal with its quotes (an unterminated one runs to the end of the line).
    Str(&'a str),
    /// `#` and the rest of the line.
    Comment(&'a str),
}

/// Splits one line (without its line break) into pieces, in order.
pub fn pieces(line: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                if start < i {
                    out.push(Piece::Code(line.get(start..i).unwrap_or_default()));
                }
                let mut end = line.len();
                while let Some((j, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            end = j + 1;
                            break;
                        }
                        _ => {}
                    }
                }
                out.push(Piece::Str(line.get(i..end).unwrap_or_default()));
                start = end;
            }
            '#' => {
                if start < i {
                    out.push(Piece::Code(line.get(start..i).unwrap_or_default()));
                }
                out.push(Piece::Comment(line.get(i..).unwrap_or_default()));
                return out;
            }
            _ => {}
        }
    }
    if start < line.len() {
        out.push(Piece::Code(line.get(start..).unwrap_or_default()));
    }
    out
}

/// The line with runs of spaces and tabs inside code collapsed to one space, except the gap
/// before a trailing comment, which is kept as written.
pub fn normalise(pieces: &[Piece<'_>]) -> String {
    let mut out = String::new();
    for (k, p) in pieces.iter().enumerate() {
        match p {
            Piece::Code(c) if matches!(pieces.get(k + 1), Some(Piece::Comment(_))) && k + 2 == pieces.len() => {
                let code = c.trim_end_matches([' ', '\t']);
                out.push_str(&collapse(code));
                out.push_str(c.get(code.len()..).unwrap_or_default());
            }
            Piece::Code(c) => out.push_str(&collapse(c)),
            Piece::Str(s) | Piece::Comment(s) => out.push_str(s),
        }
    }
    out
}

fn collapse(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut space = false;
    for c in code.chars() {
        if c == ' ' || c == '\t' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// What formatting must keep: every string and comment as written, and the code with its
/// whitespace removed, in order, separated so that no two can run together.
pub fn skeleton(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for p in pieces(line) {
            match p {
                Piece::Code(c) => {
                    let kept: String = c.chars().filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\u{3000}' | '\u{FEFF}')).collect();
                    if !kept.is_empty() {
                        out.push(kept);
                    }
                }
                Piece::Str(s) | Piece::Comment(s) => out.push(s.trim_end_matches(['\r', ' ', '\t', '\u{3000}']).to_string()),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_comments_are_pieces_of_their_own() {
        let p = pieces(r#"item a "x # \" y"  # c "d""#);
        assert_eq!(p, [Piece::Code("item a "), Piece::Str(r#""x # \" y""#), Piece::Code("  "), Piece::Comment(r#"# c "d""#)]);
    }

    #[test]
    fn spaces_collapse_in_code_but_not_in_strings_or_before_a_comment() {
        assert_eq!(normalise(&pieces(r#"when  a  ==  "x  y"    # aligned"#)), r#"when a == "x  y"    # aligned"#);
    }
}
