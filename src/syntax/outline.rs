//! `outline <document> { article "number" "text"… [not_encoded "reason"] }` → [`OutlineDecl`].

use super::Rule;
use super::lower::{P, empty, inner, sp, spanned, string};
use crate::ast::*;

/// One `outline` item: the document it outlines and its articles, each with its spans.
pub(super) fn outline_decl(p: P) -> OutlineDecl {
    let mut it = inner(p);
    let doc = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let articles = it.map(|a| {
        let span = sp(&a);
        let mut ai = inner(a);
        let number = ai.next().map(|n| Spanned { span: sp(&n), node: string(n) }).unwrap_or_else(empty);
        let (mut text, mut not_encoded) = (Vec::new(), None);
        for x in ai {
            match x.as_rule() {
                Rule::not_encoded => not_encoded = inner(x).next().map(|r| Spanned { span: sp(&r), node: string(r) }),
                _ => text.push(string(x)),
            }
        }
        Article { number, text: text.join("\n"), not_encoded, span }
    });
    OutlineDecl { doc, articles: articles.collect() }
}
