//! The nesting limit, checked on the text before the parser runs.
//!
//! The parser, the lowering and the checker's typing recurse once per level of a condition
//! or expression: per parenthesis or list bracket, per `not`, and per arithmetic operator of
//! a chain (`a + b + c` is a left-nested tree). Without a limit, a few thousand levels
//! overflow the stack (an abort, not an error). [`scan`] counts those levels over the raw
//! text — outside strings and comments — and reports the first place where they exceed
//! [`MAX_DEPTH`], well below what any stack the checker runs on (the main thread's, or a
//! parsing worker's 8 MiB) can hold, in debug builds too.
//!
//! The count over-approximates the depth of the tree the parser would build (it never
//! under-counts), so a file that passes cannot overflow; real rules nest a handful of levels.

/// The most levels of nesting a condition or expression may have.
pub const MAX_DEPTH: usize = 100;

/// One open bracket level: the levels opened inside it that the next `and`, `or` or `,`
/// (or its closing bracket) closes — `not`s and arithmetic operators.
#[derive(Default)]
struct Level {
    pending: usize,
}

/// The byte offset and length of the first token that nests deeper than [`MAX_DEPTH`].
pub fn scan(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut levels: Vec<Level> = vec![Level::default()];
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let mut len = 1;
        let mut opens = 0usize;
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += 1;
                    match c {
                        b'\\' => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                }
                continue;
            }
            b'#' => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => {
                levels.push(Level::default());
                opens = 1;
            }
            b')' | b']' | b'}' => {
                let closed = levels.pop().map_or(0, |l| l.pending);
                depth = depth.saturating_sub(closed + 1);
                if levels.is_empty() {
                    levels.push(Level::default());
                }
            }
            b',' | b'<' | b'>' | b'=' | b'!' => close_pending(&mut levels, &mut depth),
            b'+' | b'*' => opens = 1,
            // `-` between digits is part of a date (`2024-03-01`) or a range of times.
            b'-' if !(i > 0 && bytes.get(i - 1).is_some_and(u8::is_ascii_digit) && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) => opens = 1,
            // `×` (U+00D7).
            _ if is_times(bytes, i) => {
                len = 2;
                opens = 1;
            }
            _ if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 => {
                while bytes.get(i + len).is_some_and(|&c| (c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c >= 0x80) && !is_times(bytes, i + len)) {
                    len += 1;
                }
                match bytes.get(i..i + len) {
                    Some(b"not") => opens = 1,
                    Some(b"and" | b"or") => close_pending(&mut levels, &mut depth),
                    _ => {}
                }
            }
            _ => {}
        }
        if opens > 0 {
            depth += opens;
            let bracket = matches!(b, b'(' | b'[' | b'{');
            if let Some(l) = levels.last_mut().filter(|_| !bracket) {
                l.pending += opens;
            }
            if depth > MAX_DEPTH {
                return Some((start, len));
            }
        }
        i += len;
    }
    None
}

/// Whether `×` (bytes C3 97) starts at `i`.
fn is_times(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&0xC3) && bytes.get(i + 1) == Some(&0x97)
}

/// An `and`, `or`, `,` or comparison ends the operands of the `not`s and operators before
/// it at the same bracket level.
fn close_pending(levels: &mut [Level], depth: &mut usize) {
    if let Some(l) = levels.last_mut() {
        *depth = depth.saturating_sub(l.pending);
        l.pending = 0;
    }
}
