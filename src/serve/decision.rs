//! One decision as the server makes it: the front door's typed answer, written by the answer
//! writer (the bytes of every other build), stamped with `decision_id` and `rules_revision`,
//! summarised for the metrics and the decision log.

use super::App;
use super::reply;
use super::state::Served;
use crate::answer::ApiError;
use crate::answer::{DocumentsAnswer, Response};
use crate::api::write::escape;
use crate::api::{Options, write};
use serde_json::{Value as Json, json};

/// Which question the body asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /v1/decide` (and each line of `/v1/batch`).
    Decide,
    /// `POST /v1/documents`: the clerk's documents query.
    Documents,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Decide => "decide",
            Kind::Documents => "documents",
        }
    }
}

/// What the log and the metrics keep of an answer.
struct Summary {
    /// allowed | denied | undetermined (service, acceptance) | evaluated | documents.
    outcome: &'static str,
    /// The answer summary of the log line.
    json: Json,
    /// The request's own `request_id`, if it gave one.
    request_id: Option<String>,
}

fn outcome(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "allowed",
        Some(false) => "denied",
        None => "undetermined",
    }
}

fn summary(r: &Response<'_>) -> Summary {
    match r {
        Response::Service(s) => Summary {
            outcome: outcome(s.allowed),
            json: json!({
                "question": "service",
                "allowed": s.allowed,
                "findings": s.findings.iter().map(|f| f.code.as_ref()).collect::<Vec<_>>(),
                "fee": {"status": s.fee.status, "amount": s.fee.amount},
            }),
            request_id: s.request_id.as_ref().map(|x| x.to_string()),
        },
        Response::Acceptance(a) => Summary {
            outcome: outcome(a.accepted),
            json: json!({"question": "acceptance", "accepted": a.accepted, "findings": a.findings.iter().map(|f| f.code.as_ref()).collect::<Vec<_>>()}),
            request_id: a.request_id.as_ref().map(|x| x.to_string()),
        },
        Response::Evaluation(e) => Summary {
            outcome: "evaluated",
            json: json!({"question": "evaluation", "passed": e.passed, "failed": e.failed, "unknown": e.unknown}),
            request_id: e.request_id.as_ref().map(|x| x.to_string()),
        },
    }
}

fn documents_summary(d: &DocumentsAnswer<'_>) -> Summary {
    Summary {
        outcome: "documents",
        json: json!({
            "question": "documents",
            "status": d.documents_info.status,
            "documents": d.documents.as_ref().map(|ds| ds.iter().map(|x| x.id.as_ref()).collect::<Vec<_>>()),
            "findings": d.findings.iter().map(|f| f.code.as_ref()).collect::<Vec<_>>(),
        }),
        request_id: d.request_id.as_ref().map(|x| x.to_string()),
    }
}

/// Answers request `text` with `engine`: the stamped answer text and, when the decision log
/// is on, its log line. `header_id`: the `X-Request-Id` header, the answer's `request_id`
/// when the body gives none.
///
/// Errors: the front door's ([`ApiError`] `request.invalid`).
pub fn decide(app: &App, engine: &Served, text: &str, kind: Kind, header_id: Option<&str>) -> Result<(String, Option<String>), ApiError> {
    let rules = engine.rules();
    let (written, summary) = match kind {
        Kind::Decide => {
            let r = crate::api::decide_text(rules, text, Options::default())?;
            (write::response(rules.set, &r), summary(&r))
        }
        Kind::Documents => {
            let d = crate::api::documents_text(rules, text)?;
            (write::documents(rules.set, &d), documents_summary(&d))
        }
    };
    let decision_id = uuid::Uuid::now_v7().to_string();
    app.metrics.answer(summary.outcome);
    let answer = reply::stamp(&written, &decision_id, &engine.revision, header_id, summary.request_id.is_some());
    let request_id = summary.request_id.as_deref().or(header_id);
    let log = app.log.on().then(|| log_line(&decision_id, request_id, &engine.revision, kind, text, &summary.json));
    Ok((answer, log))
}

/// One decision-log line: `{time, decision_id, request_id, rules_revision, endpoint,
/// request, answer}`, the request as sent (its JSON whitespace line breaks made spaces).
fn log_line(decision_id: &str, request_id: Option<&str>, revision: &str, kind: Kind, text: &str, answer: &Json) -> String {
    let request = text.trim().replace(['\n', '\r'], " ");
    let mut line = String::with_capacity(request.len() + 320);
    line.push_str("{\"time\":");
    escape(&mut line, &super::now());
    line.push_str(",\"decision_id\":");
    escape(&mut line, decision_id);
    line.push_str(",\"request_id\":");
    match request_id {
        Some(id) => escape(&mut line, id),
        None => line.push_str("null"),
    }
    line.push_str(",\"rules_revision\":");
    escape(&mut line, revision);
    line.push_str(",\"endpoint\":");
    escape(&mut line, kind.name());
    line.push_str(",\"request\":");
    line.push_str(&request);
    line.push_str(",\"answer\":");
    line.push_str(&answer.to_string());
    line.push('}');
    line
}

/// The request lines of a batch body: its lines without a trailing `\r`, blank ones left out.
pub fn batch_lines(body: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    body.split(|b| *b == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line)).enumerate().filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

/// `/v1/batch`: every non-blank line of `body` answered in order (a line that is not UTF-8
/// or not a valid request gets its error object), each answer line (with its newline) handed
/// to `emit` as soon as it is made and its log line queued. Stops when `emit` says the
/// client is gone (false), or at `deadline`, after an error line saying so.
pub fn batch(app: &App, engine: &Served, body: &[u8], deadline: std::time::Instant, mut emit: impl FnMut(String) -> bool) {
    for (n, line) in batch_lines(body) {
        if std::time::Instant::now() > deadline {
            let e = ApiError {
                code: crate::answer::error::ErrorCode::Timeout,
                ..ApiError::new("", format!("the batch was not answered in time: stopped before line {}", n + 1))
            };
            app.metrics.error(e.code.as_str());
            let _ = emit(write::error(&e) + "\n");
            return;
        }
        let answer = match std::str::from_utf8(line) {
            Ok(l) => decide(app, engine, l, Kind::Decide, None),
            Err(e) => Err(ApiError::new("", format!("line {} is not valid UTF-8 ({e})", n + 1)).with_zh(format!("第{}行不是有效的 UTF-8 文本", n + 1))),
        };
        let mut out = match answer {
            Ok((text, log)) => {
                if let Some(l) = log {
                    app.log.write(l);
                }
                text
            }
            Err(e) => {
                app.metrics.error(e.code.as_str());
                write::error(&e)
            }
        };
        out.push('\n');
        if !emit(out) {
            return;
        }
    }
}
