//! Bounds on a request, checked while it is read — before any value is validated and
//! before any "did you mean" is looked for — so that no request, however large or deep,
//! costs more than reading it once (docs/api.md, "Limits"). Each refusal is a
//! `request.invalid` error at the pointer of the value over the bound, and never echoes
//! the value back.

/// Request text: at most 1 MiB (1,048,576 bytes); a real request is under 2 KB. Checked on
/// the text paths (`decide_str`, `documents_str`, `parse_json`, WASM, `carules batch`) and
/// by the CLI before YAML is parsed.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// A string — a value or a key — is at most 1,024 bytes (the longest name a rule set
/// declares is under 100).
pub const MAX_STRING_BYTES: usize = 1024;

/// A list holds at most 1,000 items (`together`, `records`, `submitted_documents`, sets).
pub const MAX_ITEMS: usize = 1000;

/// A whole number (a fact of type int, days, minutes or months) is at most 1,000,000 in
/// size, either sign: no count, term or span a rule reads comes near it, and every sum or
/// product the engine makes of such numbers and the rules' own amounts stays far from
/// overflow (`years: 9223372036854775807` was read, and its fee overflowed).
pub const MAX_WHOLE: i64 = 1_000_000;

/// A date or time (read in +08:00) lies in the years 1000 to 9000: whatever a rule adds to
/// it (a deadline, a validity) stays within the four-digit years RFC 3339 writes (an
/// `as_of` of 9999-12-31 gave a `due` of `+10000-01-01T…`).
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9000;

/// The error for a date or time outside [`YEARS`].
pub fn year_out_of_range(path: &str, shown: &str) -> super::ApiError {
    let (lo, hi) = (YEARS.start(), YEARS.end());
    super::ApiError::new(path, format!("`{shown}` is outside the years {lo} to {hi} that dates and times are read in"))
        .with_zh(format!("{{field}}超出可受理的年份范围（{lo}年至{hi}年），收到“{shown}”"))
}

/// An object holds at most 1,000 keys.
pub const MAX_KEYS: usize = 1000;

/// Lists and objects nest at most 256 deep in a `serde_json::Value` given to the API; JSON
/// text stops earlier, at the parser's own limit of 128.
pub const MAX_DEPTH: u32 = 256;

/// The error for request text over [`MAX_REQUEST_BYTES`].
pub fn text_too_long(len: usize) -> super::ApiError {
    super::ApiError::new("", format!("the request is {len} bytes: at most {MAX_REQUEST_BYTES} (1 MiB) are read"))
        .with_zh(format!("请求内容过大（最多{MAX_REQUEST_BYTES}字节）"))
}

/// `s` as an error message may quote it: the first 60 characters, and how long it is when
/// that is not all of it.
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(60) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}… ({} bytes)", s.get(..cut).unwrap_or_default(), s.len())),
    }
}
