//! The answer writer: an answer as JSON text, byte for byte what `serde_json::to_string`
//! makes of it, without escaping the rule set's text on every answer. What a rule, one of
//! its items, a fact or an enum member says — a finding with its citation and notes, a
//! document item, a fee's citation, a waiting rule's condition — is rendered to JSON once
//! per rule set ([`Rendered`], built from the same `engine::parts` functions the engine
//! answers with, kept in the rule set's look-up tables) and spliced in where the part's
//! [`Origin`] names it; only what the request decides (times, amounts, quantities,
//! booleans, the request's own values, text the engine composes) is written per answer.
//!
//! - `escape`: JSON strings as serde_json writes them;
//! - `pieces`: [`Rendered`], the pieces of a rule set;
//! - `parts`, `answers`: how each response type is written (the field order and the
//!   skipped-when-empty fields of its serde derive).
//!
//! The serde derive stays the definition: `tests/writer.rs` checks the writer against it on
//! every rule case and 10,000 generated requests, for both back ends, with and without
//! `explain`, for answers, documents answers and error objects.

mod answers;
mod escape;
mod parts;
mod pieces;

pub use escape::escape;
pub use pieces::Rendered;

use super::ApiError;
use crate::answer::{DocumentsAnswer, Origin, Response, Str};
use crate::ir::RuleSet;
use pieces::{RulePieces, Span};

/// Room reserved for an answer: most answers fit, so the text grows at most a few times.
const CAPACITY: usize = 4096;

/// The JSON text of answer `r`, which must be an answer of rule set `rs` (its origins index
/// into `rs`): the same bytes as `serde_json::to_string(r)`.
pub fn response(rs: &RuleSet, r: &Response<'_>) -> String {
    let mut out = String::with_capacity(CAPACITY);
    r.json(&mut W { out: &mut out, pieces: Rendered::of(rs) });
    out
}

/// The JSON text of documents answer `a` of rule set `rs`: the same bytes as
/// `serde_json::to_string(a)`.
pub fn documents(rs: &RuleSet, a: &DocumentsAnswer<'_>) -> String {
    let mut out = String::with_capacity(CAPACITY);
    a.json(&mut W { out: &mut out, pieces: Rendered::of(rs) });
    out
}

/// The error object `{"error": {code, message, path}}` (and `"request_id"` when known) as
/// text: the same bytes as `e.to_json().to_string()`.
pub fn error(e: &ApiError) -> String {
    let mut out = String::with_capacity(80 + e.message.len() + e.message_zh.len() + e.path.len());
    out.push_str("{\"error\":{\"code\":");
    escape(&mut out, e.code.as_str());
    out.push_str(",\"message\":");
    escape(&mut out, &e.message);
    out.push_str(",\"message_zh\":");
    escape(&mut out, &e.message_zh.replace("{field}", "该项"));
    out.push_str(",\"path\":");
    escape(&mut out, &e.path);
    out.push('}');
    if let Some(id) = &e.request_id {
        out.push_str(",\"request_id\":");
        escape(&mut out, id);
    }
    out.push('}');
    out
}

/// Where JSON is written: the text, and the pieces of the rule set (none while the pieces
/// themselves are rendered).
pub(crate) struct W<'o, 'p> {
    out: &'o mut String,
    pieces: Option<&'p Rendered>,
}

impl<'p> W<'_, 'p> {
    /// Appends JSON text as is.
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Appends a JSON string.
    fn str(&mut self, s: &str) {
        escape(self.out, s);
    }

    /// Appends `value` formatted (numbers, money).
    fn fmt(&mut self, value: impl std::fmt::Display) {
        // Writing into a String cannot fail.
        let _ = std::fmt::Write::write_fmt(self.out, format_args!("{value}"));
    }

    /// The pieces of the rule `origin` names, if it names one.
    fn rule(&self, origin: Origin) -> Option<&'p RulePieces> {
        match origin {
            Origin::Rule(id) => self.pieces?.rules.get(id),
            _ => None,
        }
    }

    /// The text of a piece (`None` for an empty span: no such piece).
    fn text(&self, span: Span) -> Option<&'p str> {
        self.pieces?.text(span)
    }

    /// Splices the piece `pick` chooses from the pieces of `origin`'s rule; false (nothing
    /// written) when there is none.
    fn splice(&mut self, origin: Origin, pick: impl Fn(&RulePieces) -> Span) -> bool {
        match self.rule(origin).and_then(|p| self.text(pick(p))) {
            Some(t) => {
                self.raw(t);
                true
            }
            None => false,
        }
    }

    /// Splices the head of item `origin` names; false when there is none.
    fn splice_item(&mut self, origin: Origin) -> bool {
        let Origin::Item(rule, i) = origin else { return false };
        let span = self.pieces.and_then(|p| p.rules.get(rule)).and_then(|r| r.items.get(i).copied());
        match span.and_then(|s| self.text(s)) {
            Some(t) => {
                self.raw(t);
                true
            }
            None => false,
        }
    }

    /// `,"key":[…]` when `v` is not empty (`skip_serializing_if = "is_empty"`).
    fn list_field<T: Json>(&mut self, key: &str, v: &[T]) {
        if !v.is_empty() {
            self.raw(key);
            v.json(self);
        }
    }

    /// `,"key":value` when `v` is `Some` (`skip_serializing_if = "Option::is_none"`).
    fn opt_field<T: Json>(&mut self, key: &str, v: &Option<T>) {
        if let Some(x) = v {
            self.raw(key);
            x.json(self);
        }
    }
}

/// A value written as JSON, as its serde `Serialize` writes it.
pub(crate) trait Json {
    /// Appends the JSON of `self`.
    fn json(&self, w: &mut W<'_, '_>);
}

impl Json for str {
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
json_number!(u32, usize, i64);

impl<T: Json> Json for Option<T> {
    fn json(&self, w: &mut W<'_, '_>) {
        match self {
            Some(x) => x.json(w),
            None => w.raw("null"),
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

impl<T: Json> Json for Vec<T> {
    fn json(&self, w: &mut W<'_, '_>) {
        self.as_slice().json(w);
    }
}

#[cfg(test)]
mod tests {
    use crate::answer::{Origin, Response};
    use crate::api::{Options, Rules, decide};

    /// A part whose origin names a rule is written from the rule's piece, not from its
    /// fields (which the engine fills with the same text): the piece is really used.
    #[test]
    fn rule_text_is_spliced_not_escaped_again() {
        let rules = Rules::shipped();
        let request: serde_json::Value = serde_json::from_str(include_str!("../../../benches/qinghai-renewal.json")).unwrap_or_default();
        let answer = decide(rules, &request, Options::default());
        let Ok(Response::Service(mut s)) = answer else {
            return assert!(answer.is_ok_and(|a| matches!(a, Response::Service(_))), "no service answer");
        };
        let written = super::response(rules.set, &Response::Service(s.clone()));
        assert_eq!(Some(&written), serde_json::to_string(&Response::Service(s.clone())).ok().as_ref());
        assert!(s.findings.first().is_some_and(|f| matches!(f.origin, Origin::Rule(_))), "the first finding is a rule's");
        if let Some(f) = s.findings.first_mut() {
            f.message = "changed".into();
        }
        assert_eq!(super::response(rules.set, &Response::Service(s.clone())), written);
        if let Some(f) = s.findings.first_mut() {
            f.origin = Origin::Answer;
        }
        assert!(super::response(rules.set, &Response::Service(s)).contains("\"message\":\"changed\""));
    }

    /// `request_id` (or `id`) is echoed first in every kind of answer and beside `error` in
    /// an error object read far enough to know it, as serde writes them.
    #[test]
    fn request_id_is_echoed_as_serde_writes_it() {
        let rules = Rules::shipped();
        let base = r#""region":"630000","as_of":"2026-11-21T10:00:00+08:00""#;
        for (extra, echoed) in [
            (r#","request_id":"r-\"1\"""#, Some("r-\"1\"")),
            (r#","id":"同一""#, Some("同一")),
            (r#","request_id":null"#, None),
            (r#","question":"acceptance","id":"a""#, Some("a")),
            (r#","question":"evaluation","id":"e""#, Some("e")),
        ] {
            let text = format!("{{{base}{extra}}}");
            let answer = crate::api::decide_text(rules, &text, Options::default());
            let Ok(answer) = answer else { return assert!(answer.is_ok(), "{text}: {answer:?}") };
            let written = super::response(rules.set, &answer);
            assert_eq!(Some(&written), serde_json::to_string(&answer).ok().as_ref());
            let value: serde_json::Value = serde_json::from_str(&written).unwrap_or_default();
            assert_eq!(value.get("request_id").and_then(|v| v.as_str()), echoed, "{text}");
            let docs = crate::api::documents_text(rules, &text);
            let Ok(docs) = docs else { return assert!(docs.is_ok(), "{text}: {docs:?}") };
            let docs_written = super::documents(rules.set, &docs);
            assert_eq!(Some(&docs_written), serde_json::to_string(&docs).ok().as_ref());
            assert_eq!(docs.request_id.as_deref(), echoed, "documents: {text}");
        }
        let error = crate::api::decide_text(rules, r#"{"region":"630000","id":"e1","years":0}"#, Options::default());
        let Err(error) = error else { return assert!(error.is_err()) };
        assert_eq!(error.request_id.as_deref(), Some("e1"));
        assert_eq!(super::error(&error), error.to_json().to_string());
        assert!(super::error(&error).ends_with(r#"},"request_id":"e1"}"#));
    }
}
