//! The answer writer's core: an answer as JSON text, byte for byte what
//! `serde_json::to_string` makes of it, without escaping the rule set's text on every answer.
//!
//! Every answer type derives [`Json`] (`#[derive(Json)]`, the `carules-derive` package): the
//! writer is generated from the type and the serde attributes it already carries (field
//! order, `rename`, `skip`, `skip_serializing_if`, `flatten`, `rename_all`, `untagged`), so a
//! field added to an answer type is written without touching the writer. Where the rule set
//! holds a part already rendered — a finding with its citation and notes, a document item, a
//! fee's citation, a waiting rule's condition — the type's `#[json(piece = …)]`,
//! `#[json(head = …)]`, `#[json(tail = …)]` or `#[json(value = …)]` says which [`Piece`]
//! of its [`Origin`] is spliced in; only what the request decides (times, amounts,
//! quantities, booleans, the request's own values, text the engine composes) is written per
//! answer. The pieces ([`Rendered`]) are rendered once per rule set — each rule, fact or enum the first time an answer needs it — by the front door
//! (`api::write`), through these same writers.
//!
//! The serde derive stays the definition: `tests/writer.rs` checks the writer against it on
//! every rule case and 10,000 generated requests, for both back ends, with and without
//! `explain`, and `api::write::pieces` checks every piece of the shipped rules.

mod escape;
mod pieces;

pub use carules_derive::Json;
pub use escape::escape;
pub use pieces::{EnumPieces, FactPieces, Piece, PieceText, Rendered, Renderer, RulePieces, Span};

use super::{Money, Origin, Str};

/// Where JSON is written: the text, and the pieces of the rule set (none while the pieces
/// themselves are rendered).
pub struct W<'o, 'p> {
    out: &'o mut String,
    pieces: Option<(&'p Rendered, &'p crate::ir::RuleSet)>,
}

impl<'o, 'p> W<'o, 'p> {
    /// A writer appending to `out`, splicing the pieces of `pieces` (the pieces of a rule set,
    /// and that rule set) where an origin names one.
    pub fn new(out: &'o mut String, pieces: Option<(&'p Rendered, &'p crate::ir::RuleSet)>) -> Self {
        W { out, pieces }
    }

    /// Appends JSON text as is.
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Appends a JSON string.
    pub fn str(&mut self, s: &str) {
        escape(self.out, s);
    }

    /// Appends `value` formatted (numbers, money).
    pub fn fmt(&mut self, value: impl std::fmt::Display) {
        // Writing into a String cannot fail.
        let _ = std::fmt::Write::write_fmt(self.out, format_args!("{value}"));
    }

    /// `"key":` of an object whose earlier fields may all have been skipped: a comma first
    /// unless `first`, which is then false.
    pub fn key(&mut self, first: &mut bool, key: &str) {
        if !std::mem::take(first) {
            self.raw(",");
        }
        self.raw(key);
    }

    /// Splices piece `which` of what `origin` names; false (nothing written) when there is
    /// none (no pieces, an origin of the answer itself, or an empty piece).
    pub fn splice(&mut self, origin: Origin, which: Piece) -> bool {
        match self.pieces.and_then(|(p, rs)| p.find(rs, origin, which)) {
            Some(t) => {
                self.raw(t);
                true
            }
            None => false,
        }
    }
}

/// A value written as JSON, as its serde `Serialize` writes it. Derived for the answer types
/// (`#[derive(Json)]`); written by hand here for text, numbers, lists, options and money.
pub trait Json {
    /// Appends the JSON of `self`.
    fn json(&self, w: &mut W<'_, '_>);

    /// Appends the fields of `self` into an object begun by its container
    /// (`#[serde(flatten)]`), each as `"key":value` with a comma before it unless `first`.
    /// Only structs have fields: for anything else, nothing.
    fn fields(&self, _w: &mut W<'_, '_>, _first: &mut bool) {}

    /// Appends what a `#[json(head = …)]` piece holds: `{` and the fields before the marked
    /// one. Nothing for a type without such a piece.
    fn head(&self, _w: &mut W<'_, '_>) {}

    /// Appends what a `#[json(tail = …)]` piece holds: the marked field, those after it and
    /// `}`. Nothing for a type without such a piece.
    fn tail(&self, _w: &mut W<'_, '_>) {}
}

impl Json for str {
    fn json(&self, w: &mut W<'_, '_>) {
        w.str(self);
    }
}

impl Json for String {
    fn json(&self, w: &mut W<'_, '_>) {
        w.str(self);
    }
}

impl Json for Str<'_> {
    fn json(&self, w: &mut W<'_, '_>) {
        w.str(self);
    }
}

impl<T: Json + ?Sized> Json for &T {
    fn json(&self, w: &mut W<'_, '_>) {
        (**self).json(w);
    }
}

impl Json for bool {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw(if *self { "true" } else { "false" });
    }
}

macro_rules! json_number {
    ($($t:ty),*) => {$(
        impl Json for $t {
            fn json(&self, w: &mut W<'_, '_>) {
                w.fmt(self);
            }
        }
    )*};
}
json_number!(u8, u16, u32, u64, usize, i32, i64);

impl Json for Money {
    fn json(&self, w: &mut W<'_, '_>) {
        // serde: `collect_str` of the Display form (digits, a point, a sign: nothing to escape).
        w.raw("\"");
        w.fmt(self);
        w.raw("\"");
    }
}

impl Json for serde_json::Value {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw(&self.to_string());
    }
}

impl<T: Json + ?Sized> Json for Box<T> {
    fn json(&self, w: &mut W<'_, '_>) {
        (**self).json(w);
    }
}

impl<T: Json> Json for Option<T> {
    fn json(&self, w: &mut W<'_, '_>) {
        match self {
            Some(x) => x.json(w),
            None => w.raw("null"),
        }
    }

    /// A flattened `Option`: the value's fields when there is one (as serde flattens it).
    fn fields(&self, w: &mut W<'_, '_>, first: &mut bool) {
        if let Some(x) = self {
            x.fields(w, first);
        }
    }
}

impl<T: Json> Json for [T] {
    fn json(&self, w: &mut W<'_, '_>) {
        w.raw("[");
        for (i, x) in self.iter().enumerate() {
            if i > 0 {
                w.raw(",");
            }
            x.json(w);
        }
        w.raw("]");
    }
}

impl<T: Json + Clone> Json for std::borrow::Cow<'_, [T]> {
    fn json(&self, w: &mut W<'_, '_>) {
        (**self).json(w);
    }
}

impl<T: Json> Json for Vec<T> {
    fn json(&self, w: &mut W<'_, '_>) {
        self.as_slice().json(w);
    }
}
