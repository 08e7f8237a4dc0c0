//! The streaming decoder: one pass over the request — JSON text, or a `serde_json::Value`
//! (which is a serde `Deserializer` too, so both go through this one code path) — into
//! [`super::raw`] values, guided by the fact shape: a key of the shape keeps its value (an
//! object below it is read against the next level), a key outside it keeps only its name
//! (its value is skipped, still checked). No `serde_json::Value` is built.
//!
//! Every list and object is entered through `deserialize_any`, so the text parser's
//! recursion limit (128) applies as when it builds a `Value`, and its syntax errors are the
//! same. Duplicate keys are found in every object, kept or skipped; the first, in text
//! order, is reported after the whole text has parsed (a syntax error comes first).

use super::raw::{Entry, Level, Raw, Top};
use crate::answer::ApiError;
use crate::ir::lookup::{Node, Shape};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
use std::borrow::Cow;
use std::fmt;

use super::limits::{MAX_DEPTH, MAX_ITEMS, MAX_KEYS, MAX_REQUEST_BYTES, MAX_STRING_BYTES};

/// Room made for the keys of an object read against the shape: as many as its level has,
/// up to this (growing, a few times, is what costs).
const ROOM: usize = 16;

/// Request text without a leading byte order mark (RFC 8259 lets a reader ignore it), if it
/// is within [`MAX_REQUEST_BYTES`].
///
/// Errors: `request.invalid` at `""` for longer text.
pub(super) fn bounded(text: &str) -> Result<&str, ApiError> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(super::limits::text_too_long(text.len()));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The error for text that is not JSON, as `serde_json` words it — but saying what its
/// "recursion limit exceeded" means.
fn not_json(e: serde_json::Error) -> ApiError {
    let text = e.to_string();
    let (line, column) = (e.line(), e.column());
    match text.strip_prefix("recursion limit exceeded") {
        Some(at) => ApiError::new("", format!("the request's lists and objects nest more than 128 deep{at}"))
            .with_zh(format!("请求的嵌套超过128层（第{line}行第{column}列）")),
        None => ApiError::new("", format!("the request is not valid JSON: {text}")).with_zh(format!("请求不是有效的 JSON（第{line}行第{column}列）")),
    }
}

/// Decodes request text.
///
/// Errors: `request.invalid` at `""` for text over [`MAX_REQUEST_BYTES`] or that is not
/// JSON ("the request is not valid JSON: …", as `serde_json` words it, with line and
/// column), then at the pointer of the first duplicate key or value over a limit
/// ([`super::limits`]).
pub(super) fn text<'de, 's>(shape: &'s Shape, text: &'de str) -> Result<Top<'de, 's>, ApiError> {
    let text = bounded(text)?;
    let mut ctx = Ctx::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let top = TopSeed { shape, ctx: &mut ctx }.deserialize(&mut de).and_then(|top| de.end().map(|()| top));
    let top = top.map_err(not_json)?;
    ctx.duplicate.map_or(Ok(top), Err)
}

/// Decodes a request held as a `serde_json::Value` (it has no duplicate keys).
///
/// Errors: `request.invalid` at the pointer of a list or object nested more than 256 deep
/// (text never gets there: its parser stops at 128).
pub(super) fn value<'de, 's>(shape: &'s Shape, json: &'de serde_json::Value) -> Result<Top<'de, 's>, ApiError> {
    let mut ctx = Ctx::default();
    let top = TopSeed { shape, ctx: &mut ctx }.deserialize(json).map_err(|e| ApiError::new("", e.to_string()))?;
    ctx.duplicate.map_or(Ok(top), Err)
}

/// Checks that `text` is JSON without duplicate keys, keeping nothing.
///
/// Errors: as [`text`].
pub(super) fn check(text: &str) -> Result<(), ApiError> {
    let text = bounded(text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let duplicate = duplicate_key(&mut de, None).and_then(|d| de.end().map(|()| d));
    duplicate.map_err(not_json)?.map_or(Ok(()), Err)
}

/// The first duplicate key (as a `request.invalid` error at its pointer) of one document
/// read from any serde deserializer, keeping nothing else.
///
/// Errors: the deserializer's own.
///
/// At most `max_values` values are read, when given (each scalar, list and object counts
/// one; YAML aliases count each time they are expanded): one more refuses the request at
/// `""`, and the reading stops there — a "billion laughs" costs no more than `max_values`
/// values.
pub(super) fn duplicate_key<'de, D: de::Deserializer<'de>>(d: D, max_values: Option<usize>) -> Result<Option<ApiError>, D::Error> {
    let mut ctx = Ctx { values_left: max_values, ..Ctx::default() };
    let root = At { parent: None, seg: Seg::Root };
    let read = Any { mode: Mode::Skip, ctx: &mut ctx, at: &root, depth: 0 }.deserialize(d);
    match read {
        // A problem found before the budget was spent stays the one reported.
        Err(_) if ctx.over_budget => Ok(ctx.duplicate.or_else(|| {
            let max = max_values.unwrap_or_default();
            Some(
                ApiError::new("", format!("the request expands to more than {max} values: YAML aliases repeat what they name"))
                    .with_zh(format!("请求中的引用（YAML 别名）展开后超过{max}项")),
            )
        })),
        Err(e) => Err(e),
        Ok(_) => Ok(ctx.duplicate),
    }
}

/// What the decoder finds besides values.
#[derive(Default)]
pub(super) struct Ctx {
    /// The first duplicate key, in text order (or the first list or object nested too deep).
    pub(super) duplicate: Option<ApiError>,
    /// How many more values may be read (`None`: no bound but the text's length).
    values_left: Option<usize>,
    /// Whether reading stopped because `values_left` reached 0.
    over_budget: bool,
}

impl Ctx {
    /// Counts one value read; `false` when the budget is spent (reading stops there).
    fn count_value(&mut self) -> bool {
        match self.values_left {
            None => true,
            Some(0) => {
                self.over_budget = true;
                false
            }
            Some(n) => {
                self.values_left = Some(n - 1);
                true
            }
        }
    }

    fn duplicate(&mut self, at: &At<'_>, key: &str) {
        if self.duplicate.is_none() {
            let path = format!("{}/{key}", at.pointer());
            self.duplicate = Some(
                ApiError::new(&path, format!("duplicate key `{}`: a key may appear only once in an object", super::limits::shown(key)))
                    .with_zh(format!("“{}”在同一层中出现了不止一次", super::limits::shown(key))),
            );
        }
    }

    /// A list or object at `at` nests deeper than [`MAX_DEPTH`]: it is skipped without
    /// recursion (`IgnoredAny`), and the request refused.
    fn too_deep(&mut self, at: &At<'_>) {
        self.over(at, || (format!("lists and objects nest more than {MAX_DEPTH} deep here"), format!("请求的嵌套超过{MAX_DEPTH}层")));
    }

    /// The value at `at` is over a limit ([`super::limits`]): the request is refused (the
    /// first such problem in text order), `message` naming the limit.
    fn over(&mut self, at: &At<'_>, message: impl FnOnce() -> (String, String)) {
        if self.duplicate.is_none() {
            let (message, message_zh) = message();
            self.duplicate = Some(ApiError::new(&at.pointer(), message).with_zh(message_zh));
        }
    }

    /// A string value of `len` bytes at `at` is over [`MAX_STRING_BYTES`] (it is not kept).
    /// The callers compare the length first: the usual string costs no call.
    fn long_string(&mut self, at: &At<'_>, len: usize) -> bool {
        let long = len > MAX_STRING_BYTES;
        if long {
            self.over(at, || {
                (format!("a string of {len} bytes: strings are at most {MAX_STRING_BYTES} bytes"), format!("有一项文字过长（最长{MAX_STRING_BYTES}字节）"))
            });
        }
        long
    }

    /// The key read in the object at `at`, the `count`-th: over [`MAX_STRING_BYTES`] or one
    /// too many ([`MAX_KEYS`]) refuses the request. Whether it is within the limits.
    fn key_fits(&mut self, at: &At<'_>, key: &str, count: usize) -> bool {
        if key.len() > MAX_STRING_BYTES {
            self.over(at, || {
                (
                    format!("a key of {} bytes: keys are at most {MAX_STRING_BYTES} bytes", key.len()),
                    format!("请求中有一项的名称过长（最长{MAX_STRING_BYTES}字节）"),
                )
            });
            return false;
        }
        if count >= MAX_KEYS {
            self.over(at, || (format!("more than {MAX_KEYS} keys in one object"), format!("有一组信息中的项超过{MAX_KEYS}个")));
            return false;
        }
        true
    }
}

/// Where a value is, for the pointer of a duplicate key: a chain up to the root, on the stack.
pub(super) struct At<'a> {
    pub(super) parent: Option<&'a At<'a>>,
    pub(super) seg: Seg<'a>,
}

pub(super) enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl At<'_> {
    /// The JSON pointer (keys as they are, like every path of the error object).
    fn pointer(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(at) = cur {
            segs.push(&at.seg);
            cur = at.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    out.push('/');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("/{i}")),
            }
        }
        out
    }
}

/// What is kept of a value.
#[derive(Clone, Copy)]
pub(super) enum Mode<'s> {
    /// Nothing (checked only).
    Skip,
    /// A scalar; a list or object is `Nested`.
    Scalar,
    /// A scalar or a list of scalars (a fact's value); an object is `Nested`.
    Leaf,
    /// As `Leaf`, and an object is read against this level of the fact shape.
    Shaped(&'s Shape),
    /// An object with its keys as written, values as `Leaf` (a record, `observations`).
    Keyed,
    /// A list of `Keyed` (`records`).
    Records,
    /// A list of objects read against the top level of the fact shape (`together`).
    Together(&'s Shape),
}

impl<'s> Mode<'s> {
    /// The value of a key of the shape (`None`: a key outside it).
    pub(super) fn of(node: Option<&'s Node>) -> Mode<'s> {
        match node {
            None => Mode::Skip,
            Some(n) if n.children.keys.is_empty() => Mode::Leaf,
            Some(n) => Mode::Shaped(&n.children),
        }
    }

    /// How the items of a list are kept, if the list is.
    fn items(self) -> Option<Mode<'s>> {
        match self {
            Mode::Leaf | Mode::Shaped(_) => Some(Mode::Scalar),
            Mode::Records => Some(Mode::Keyed),
            Mode::Together(top) => Some(Mode::Shaped(top)),
            Mode::Skip | Mode::Scalar | Mode::Keyed => None,
        }
    }
}

/// A key, borrowed from the text when it has no escapes.
pub(super) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

/// Any value, kept as `mode` says.
pub(super) struct Any<'a, 's> {
    pub(super) mode: Mode<'s>,
    pub(super) ctx: &'a mut Ctx,
    pub(super) at: &'a At<'a>,
    /// Lists and objects around this value.
    pub(super) depth: u32,
}

impl<'de, 's> DeserializeSeed<'de> for Any<'_, 's> {
    type Value = Raw<'de, 's>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        if !self.ctx.count_value() {
            return Err(de::Error::custom("the request expands to too many values"));
        }
        d.deserialize_any(self)
    }
}

impl<'de, 's> Visitor<'de> for Any<'_, 's> {
    type Value = Raw<'de, 's>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Raw::Null)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Raw::Num(n.into()))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Raw::Num(n.into()))
    }
    /// As `serde_json::Value`: a float that is not finite is null.
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Number::from_f64(n).map_or(Raw::Null, Raw::Num))
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(if (s.len() > MAX_STRING_BYTES && self.ctx.long_string(self.at, s.len())) || matches!(self.mode, Mode::Skip) {
            Raw::Null
        } else {
            Raw::Str(Cow::Borrowed(s))
        })
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(if (s.len() > MAX_STRING_BYTES && self.ctx.long_string(self.at, s.len())) || matches!(self.mode, Mode::Skip) {
            Raw::Null
        } else {
            Raw::Str(Cow::Owned(s.to_string()))
        })
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(if (s.len() > MAX_STRING_BYTES && self.ctx.long_string(self.at, s.len())) || matches!(self.mode, Mode::Skip) {
            Raw::Null
        } else {
            Raw::Str(Cow::Owned(s))
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Any { mode, ctx, at, depth } = self;
        if depth >= MAX_DEPTH {
            ctx.too_deep(at);
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Raw::Nested("a list"));
        }
        let mut keep = mode.items();
        let mut items = Vec::new();
        for i in 0.. {
            let here = At { parent: Some(at), seg: Seg::Index(i) };
            // The item past the bound is read (and skipped) first: a list of exactly
            // MAX_ITEMS items is within it.
            let past = i >= MAX_ITEMS;
            let mode = if past { Mode::Skip } else { keep.unwrap_or(Mode::Skip) };
            match seq.next_element_seed(Any { mode, ctx: &mut *ctx, at: &here, depth: depth + 1 })? {
                Some(_) if past => {
                    if keep.is_some() {
                        ctx.over(at, || (format!("more than {MAX_ITEMS} items in one list"), format!("有一个列表中的项超过{MAX_ITEMS}个")));
                        keep = None;
                    }
                }
                Some(raw) if keep.is_some() => items.push(raw),
                Some(_) => {}
                None => break,
            }
        }
        Ok(if keep.is_some() { Raw::List(items) } else { Raw::Nested("a list") })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Any { mode, ctx, at, depth } = self;
        if depth >= MAX_DEPTH {
            ctx.too_deep(at);
            while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
            return Ok(Raw::Nested("an object"));
        }
        let (shape, keyed) = match mode {
            Mode::Shaped(s) => (Some(s), false),
            Mode::Keyed => (None, true),
            _ => (None, false),
        };
        let mut level = Level::with_capacity(shape.map_or(0, |s| s.keys.len().min(ROOM)));
        while let Some(key) = map.next_key_seed(Key)? {
            if !ctx.key_fits(at, &key, level.len()) {
                map.next_value::<de::IgnoredAny>()?;
                continue;
            }
            if level.has(&key) {
                ctx.duplicate(at, &key);
            }
            let node = shape.and_then(|s| s.keys.get(key.as_ref()));
            let mode = if keyed { Mode::Leaf } else { Mode::of(node) };
            let here = At { parent: Some(at), seg: Seg::Key(&key) };
            let raw = map.next_value_seed(Any { mode, ctx: &mut *ctx, at: &here, depth: depth + 1 })?;
            level.push(Entry { key, node, raw });
        }
        Ok(if shape.is_some() || keyed { Raw::Object(level) } else { Raw::Nested("an object") })
    }
}

/// The request object: structural keys by name, the rest against the top of the shape.
struct TopSeed<'a, 's> {
    shape: &'s Shape,
    ctx: &'a mut Ctx,
}

impl<'de, 's> DeserializeSeed<'de> for TopSeed<'_, 's> {
    type Value = Top<'de, 's>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// The field of a structural key, with how its value is kept.
pub(super) fn structural<'t, 'de, 's>(top: &'t mut Top<'de, 's>, key: &str, shape: &'s Shape) -> Option<(&'t mut Option<Raw<'de, 's>>, Mode<'s>)> {
    Some(match key {
        "region" => (&mut top.region, Mode::Scalar),
        "question" => (&mut top.question, Mode::Scalar),
        "explain" => (&mut top.explain, Mode::Scalar),
        "submitted_documents" => (&mut top.submitted, Mode::Leaf),
        "observations" => (&mut top.observations, Mode::Keyed),
        "records" => (&mut top.records, Mode::Records),
        "together" => (&mut top.together, Mode::Together(shape)),
        "request_id" => (&mut top.request_id, Mode::Scalar),
        "id" => (&mut top.id, Mode::Scalar),
        _ => return None,
    })
}

impl<'de, 's> Visitor<'de> for TopSeed<'_, 's> {
    type Value = Top<'de, 's>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a request object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Top::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let root = At { parent: None, seg: Seg::Root };
        Any { mode: Mode::Skip, ctx: self.ctx, at: &root, depth: 0 }.visit_seq(seq)?;
        Ok(Top::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let TopSeed { shape, ctx } = self;
        let root = At { parent: None, seg: Seg::Root };
        let mut top = Top { object: true, facts: Level::with_capacity(shape.keys.len().min(ROOM)), ..Top::default() };
        let mut count = 0;
        while let Some(key) = map.next_key_seed(Key)? {
            count += 1;
            if !ctx.key_fits(&root, &key, count - 1) {
                map.next_value::<de::IgnoredAny>()?;
                continue;
            }
            let here = At { parent: Some(&root), seg: Seg::Key(&key) };
            if let Some((slot, mode)) = structural(&mut top, &key, shape) {
                if slot.is_some() {
                    ctx.duplicate(&root, &key);
                }
                let raw = map.next_value_seed(Any { mode, ctx: &mut *ctx, at: &here, depth: 1 })?;
                slot.get_or_insert(raw);
                continue;
            }
            if top.facts.has(&key) {
                ctx.duplicate(&root, &key);
            }
            let node = shape.keys.get(key.as_ref());
            let raw = map.next_value_seed(Any { mode: Mode::of(node), ctx: &mut *ctx, at: &here, depth: 1 })?;
            top.facts.push(Entry { key, node, raw });
        }
        Ok(top)
    }
}
