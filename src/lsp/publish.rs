//! Diagnostics of the open documents: the checker's, at LSP ranges.

use super::{Doc, State};
use crate::diag::{Diagnostic, Severity};
use lsp_server::Notification;
use lsp_types::notification::Notification as _;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, PublishDiagnosticsParams};
use std::collections::BTreeMap;

/// How many errors of files that are not open are named on each open document.
const MAX_ELSEWHERE: usize = 5;

/// `textDocument/publishDiagnostics` for every open document (one check of the rule set),
/// and empty ones for documents closed since the last time.
pub(crate) fn all(state: &mut State) -> Vec<Notification> {
    let mut out: Vec<Notification> = state.closed.drain(..).map(|uri| notification(uri, vec![])).collect();
    if state.docs.is_empty() {
        return out;
    }
    // A file that does not parse is checked with its broken items blanked, beside the
    // syntax errors of the text as written.
    let checked = |d: &Doc| d.recovered.as_ref().map_or_else(|| d.text.clone(), |r| r.text.clone());
    let open: BTreeMap<String, String> = state.docs.values().map(|d| (d.name.clone(), checked(d))).collect();
    let files = super::analysis::rule_set_files(&state.shipped, &open);
    let mut by_file = super::analysis::diagnostics(&files);
    for d in state.docs.values() {
        if let Some(r) = &d.recovered {
            let list = by_file.entry(d.name.clone()).or_default();
            list.retain(|x| r.keeps(x));
            list.extend(r.syntax.iter().cloned());
            list.sort_by_key(|x| (x.span.start, x.code));
        }
    }
    let elsewhere: Vec<&Diagnostic> =
        by_file.iter().filter(|(f, _)| !open.contains_key(*f)).flat_map(|(_, ds)| ds.iter()).filter(|d| d.severity == Severity::Error).collect();
    for doc in state.docs.values() {
        let mut list: Vec<lsp_types::Diagnostic> = by_file.get(&doc.name).into_iter().flatten().map(|d| convert(state, doc, d)).collect();
        if !elsewhere.is_empty() {
            list.push(summary(&elsewhere));
        }
        out.push(notification(doc.uri.clone(), list));
    }
    out
}

/// The notification for one document.
fn notification(uri: lsp_types::Uri, diagnostics: Vec<lsp_types::Diagnostic>) -> Notification {
    let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
    Notification { method: lsp_types::notification::PublishDiagnostics::METHOD.to_string(), params: serde_json::to_value(params).unwrap_or_default() }
}

/// A checker diagnostic of `doc` at its LSP range, with its code, help and related places
/// (as locations where they are in an open document, else named in the message).
fn convert(state: &State, doc: &Doc, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let mut related = vec![];
    for r in &d.related {
        match state.doc_named(&r.file) {
            Some(other) => related.push(DiagnosticRelatedInformation {
                location: Location { uri: other.uri.clone(), range: other.lines.range(&other.text, r.span.start, r.span.end) },
                message: r.message.clone(),
            }),
            None => message.push_str(&format!("\nnote: {} at {}:{}:{}", r.message, r.file, r.line, r.column)),
        }
    }
    lsp_types::Diagnostic {
        range: doc.lines.range(&doc.text, d.span.start, d.span.end),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        source: Some("carules".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// One diagnostic at the top of a document naming the errors of files that are not open
/// (an edit of the prelude can break a region file).
fn summary(elsewhere: &[&Diagnostic]) -> lsp_types::Diagnostic {
    let mut message = format!("{} error(s) in other files of the rule set:", elsewhere.len());
    for d in elsewhere.iter().take(MAX_ELSEWHERE) {
        message.push_str(&format!("\n{}:{}:{}: [{}] {}", d.file, d.line, d.column, d.code.as_str(), d.message));
    }
    lsp_types::Diagnostic {
        range: lsp_types::Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        source: Some("carules".to_string()),
        message,
        ..Default::default()
    }
}
