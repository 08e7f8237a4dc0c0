//! YAML requests, as the CLI reads them (`carules decide request.yaml`): the library API
//! reads JSON only, so every build's API reads the same text the same way; this module is
//! the CLI's (feature `cli`), here so that the request corpus (`tests/requests/*.yaml`) is
//! read exactly as `carules decide` reads it.
//!
//! Bounds (docs/api.md, "Limits"): the text is at most
//! [`crate::request::limits::MAX_REQUEST_BYTES`]; flow collections
//! (`[…]`, `{…}`) nest at most [`MAX_FLOW_DEPTH`] deep, counted before the YAML parser runs,
//! and the text holds at most [`MAX_FLOW_OPENERS`] `[` and `{` in all (libyaml's time is the
//! number of tokens times the flow depth: 100,000 levels took 85 s in a release build, 1 MiB
//! at 1,000 levels 3 s); aliases expand to at most [`MAX_YAML_VALUES`] values, counted on a
//! first pass that keeps nothing (serde_yaml's own repetition limit lets a small file expand
//! to millions); block nesting is bounded by serde_yaml's recursion limit
//! (128) and costs linear time.

use crate::api::ApiError;
use crate::request::limits::{MAX_REQUEST_BYTES, text_too_long};
use serde_json::Value as Json;

/// How deep flow collections may nest in a YAML request (serde_yaml refuses deeper than
/// 128 levels of any kind anyway, after parsing).
pub const MAX_FLOW_DEPTH: usize = 128;

/// How many `[` and `{` a YAML request may hold in all, quoted or not (JSON requests have no
/// such bound: their parser is linear).
pub const MAX_FLOW_OPENERS: usize = 512;

/// How many values a YAML request may hold once its aliases are expanded (each scalar, list
/// and object counts one). A request without aliases has far fewer (1 MiB of text holds at
/// most about 500,000); serde_yaml's own repetition limit (100 alias jumps per event) lets a
/// 3.5 KB file of aliases of a 200-key object expand to millions (64 s and 7.5 GB before this
/// bound; found by the `decide` fuzz target).
pub const MAX_YAML_VALUES: usize = 100_000;

/// A YAML request as a JSON value. A leading byte order mark is ignored.
///
/// Errors: `request.invalid` at `""` for text over 1 MiB, flow collections nested past
/// [`MAX_FLOW_DEPTH`] (with line and column), text that is not YAML ("the request is
/// neither JSON nor YAML: …", with serde_yaml's words: "recursion limit exceeded",
/// "repetition limit exceeded"); at `""` for aliases expanding past
/// [`MAX_YAML_VALUES`] values; at the pointer of a duplicate key.
pub fn request(text: &str) -> Result<Json, ApiError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(text_too_long(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    flow_depth(text)?;
    // A first pass keeping nothing: serde_yaml keeps the last of duplicate keys, so refuse
    // them as the JSON path does; and stop aliases expanding past MAX_YAML_VALUES before
    // anything is built of them.
    match crate::request::duplicate_key(serde_yaml::Deserializer::from_str(text), MAX_YAML_VALUES) {
        Ok(Some(problem)) => return Err(problem),
        Err(e) => return Err(not_yaml(e)),
        Ok(None) => {}
    }
    serde_yaml::from_str::<Json>(text).map_err(not_yaml)
}

/// The error for text serde_yaml refuses, saying what its limits mean.
fn not_yaml(e: serde_yaml::Error) -> ApiError {
    let text = e.to_string();
    let why = if text.starts_with("repetition limit exceeded") {
        " (its aliases expand to too many values)"
    } else if text.starts_with("recursion limit exceeded") {
        " (its lists and objects nest more than 128 deep)"
    } else {
        ""
    };
    ApiError::new("", format!("the request is neither JSON nor YAML: {text}{why}")).with_zh("请求既不是有效的 JSON，也不是有效的 YAML")
}

/// Refuses flow collections nested past [`MAX_FLOW_DEPTH`], in one pass over the text:
/// brackets and braces outside quoted scalars and comments. A bracket inside a plain
/// scalar counts too, which can only over-count (a refusal of what serde_yaml would refuse
/// past 128 levels anyway).
fn flow_depth(text: &str) -> Result<(), ApiError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
            if quote.is_none() {
                prev = c;
                continue;
            }
        }
        match (quote, c) {
            _ if comment => {}
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
                column += 1;
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            // A quote opens a scalar only where one can start (`it's` is plain text).
            (None, '"' | '\'') if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':') => quote = Some(c),
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(ApiError::new(
                        "",
                        format!("the request's lists and objects nest more than {MAX_FLOW_DEPTH} deep (line {line}, column {column})"),
                    )
                    .with_zh(format!("请求的嵌套超过{MAX_FLOW_DEPTH}层（第{line}行第{column}列）")));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    // Whatever the scan took for quoted text, the parser's flow nesting cannot pass the
    // number of `[` and `{` in the whole text: bounding that bounds its time (about 1.5 s for
    // 1 MiB at 512 levels in a release build, 0.7 s at 128).
    let all = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if all > MAX_FLOW_OPENERS {
        return Err(ApiError::new(
            "",
            format!("the request has {all} `[` and `{{`: a YAML request has at most {MAX_FLOW_OPENERS} (write a larger one as JSON)"),
        )
        .with_zh(format!("请求中的列表和对象超过{MAX_FLOW_OPENERS}个（更大的请求请用 JSON 写）")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each alias counts every value it expands to, and the budget is exact: the object
    /// (1), `a` (1 + 3) and `b` (1 + 2 × 4) are 14 values; with 13 allowed the request is
    /// refused at `""`, naming the bound; a duplicate key found first stays the error.
    #[test]
    fn aliases_count_each_value_they_expand_to() {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n";
        let read = |max| crate::request::duplicate_key(serde_yaml::Deserializer::from_str(text), max).ok().flatten().map(|e| (e.path, e.message));
        assert_eq!(read(14), None);
        let refused = Some((String::new(), "the request expands to more than 13 values: YAML aliases repeat what they name".to_string()));
        assert_eq!(read(13), refused);
        assert_eq!(read(0).map(|(_, m)| m), Some("the request expands to more than 0 values: YAML aliases repeat what they name".to_string()));
        let twice = "a: &a [1, 2, 3]\na: [*a, *a]\n";
        let first = crate::request::duplicate_key(serde_yaml::Deserializer::from_str(twice), 5).ok().flatten().map(|e| e.path);
        assert_eq!(first.as_deref(), Some("/a"), "the duplicate key, found before the budget ran out");
        assert!(request("region: \"630000\"\nx: &x [1, 2]\ny: *x\n").is_ok(), "a few aliases are fine");
    }

    #[test]
    fn flow_depth_counts_brackets_outside_quotes_and_comments() {
        let deep = format!("region: {}{}", "[".repeat(129), "]".repeat(129));
        let err = flow_depth(&deep).err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("the request's lists and objects nest more than 128 deep (line 1, column 137)"));
        assert!(flow_depth(&format!("region: {}{}", "[".repeat(128), "]".repeat(128))).is_ok());
        // Quoted (with an escaped quote inside), single-quoted and commented brackets do not
        // count; closed ones free their level; an apostrophe inside a word opens no quote.
        for ok in ["a: \"\\\"{0}\"", "b: '{0}'' {0}'", "# {0}", "c: [[1], [2]] # {0}", "d: [it's, 'x', \"{0}\"]"] {
            let text = ok.replace("{0}", &"[".repeat(130));
            assert!(flow_depth(&text).is_ok(), "{text}");
        }
        let apostrophe = format!("note: it's\nb: {}{}", "[".repeat(129), "]".repeat(129));
        assert!(flow_depth(&apostrophe).is_err(), "an apostrophe hid the brackets after it");
    }

    /// However the scan reads quotes, the text holds at most 512 `[` and `{` in all.
    #[test]
    fn flow_openers_are_bounded_in_all() {
        assert!(flow_depth(&"[]".repeat(512)).is_ok());
        let err = flow_depth(&format!("a: '{}'", "[".repeat(513))).err().map(|e| e.message);
        assert_eq!(err.as_deref(), Some("the request has 513 `[` and `{`: a YAML request has at most 512 (write a larger one as JSON)"));
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let v = request("\u{feff}region: \"630000\"\nas_of: \"2026-11-21T10:00:00+08:00\"\nservice: new\n");
        assert_eq!(v.ok().map(|v| v["service"].clone()), Some(Json::from("new")));
    }
}
