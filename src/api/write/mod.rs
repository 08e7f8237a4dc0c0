//! The answer writer's front: an answer, a documents answer or an error object as JSON
//! text, byte for byte what `serde_json::to_string` makes of it. How each answer type is
//! written is derived from the type (`#[derive(Json)]`, [`crate::answer::json`]); this module
//! renders the pieces of a rule set once (`pieces`: from the same `engine::parts` functions
//! the engine answers with) and writes answers with them.

mod pieces;

pub use crate::answer::json::Rendered;
pub use crate::answer::json::escape;

use super::ApiError;
use crate::answer::json::{Json, W};
use crate::answer::{DocumentsAnswer, Response};
use crate::ir::RuleSet;

/// Room reserved for an answer: most answers fit, so the text grows at most a few times.
const CAPACITY: usize = 4096;

/// The JSON text of answer `r`, which must be an answer of rule set `rs` (its origins index
/// into `rs`): the same bytes as `serde_json::to_string(r)`.
pub fn response(rs: &RuleSet, r: &Response<'_>) -> String {
    let mut out = String::with_capacity(CAPACITY);
    r.json(&mut W::new(&mut out, pieces::of(rs).map(|p| (p, rs))));
    out
}

/// The JSON text of documents answer `a` of rule set `rs`: the same bytes as
/// `serde_json::to_string(a)`.
pub fn documents(rs: &RuleSet, a: &DocumentsAnswer<'_>) -> String {
    let mut out = String::with_capacity(CAPACITY);
    a.json(&mut W::new(&mut out, pieces::of(rs).map(|p| (p, rs))));
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
