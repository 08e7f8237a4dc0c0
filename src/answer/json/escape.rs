//! JSON strings as serde_json writes them: `"` and `\` escaped, the control characters
//! U+0000–U+001F as `\b \t \n \f \r` or `\u00xx` (lower-case hex), everything else — `/`,
//! U+007F, all of non-ASCII — as is.

/// Appends `s` to `out` as a JSON string, quotes included, exactly as `serde_json` does.
pub fn escape(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        // `i` is at an ASCII byte, so both slices fall on character boundaries.
        out.push_str(s.get(start..i).unwrap_or_default());
        start = i + 1;
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                out.push_str("\\u00");
                out.push(hex(b >> 4));
                out.push(hex(b & 0xf));
            }
        }
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// A hex digit in lower case, as serde_json writes them.
fn hex(d: u8) -> char {
    char::from_digit(u32::from(d), 16).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::escape;

    fn ours(s: &str) -> String {
        let mut out = String::new();
        escape(&mut out, s);
        out
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let tricky = [
            "",
            "plain",
            "引号“中文”与‘单引号’",
            "quote \" backslash \\ slash / end",
            "\u{0}\u{1}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{e}\u{1b}\u{1f} \u{20}",
            "\u{7f} del, \u{80} \u{9f} C1, \u{a0} nbsp, \u{2028}\u{2029} separators",
            "emoji 🎉 and astral 𠀀, BOM \u{feff}",
            "\\u0041 is not an escape here",
            "trailing backslash \\",
            "\"",
            "\n",
            "mixed\t\"青海\"\r\n/630000/bidding.in_progress",
        ];
        for s in tricky {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap_or_default(), "{s:?}");
        }
        for c in (0u32..0x80).chain([0x7ff, 0x800, 0xffff, 0x10000, 0x10ffff]).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}");
            assert_eq!(ours(&s), serde_json::to_string(&s).unwrap_or_default(), "U+{:04X}", c as u32);
        }
    }
}
