//! The endpoints. Decisions go through the front door (`api::decide_text`,
//! `api::documents_text`, the answer writer) exactly as the CLI and WASM do; the server only
//! reads the body, stamps the answer (`reply::stamp`), counts it and queues its log line.

use super::reply::{self, JSON, JSON_LINES};
use super::state::Served;
use super::{App, decision};
use crate::answer::error::{ApiError, ErrorCode};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};
use std::sync::Arc;
use std::time::Instant;

type Shared = Arc<App>;

/// Content types `/v1/batch` reads (JSON lines).
const LINES_TYPES: [&str; 5] = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines", JSON];

/// Every endpoint, and the outermost layer (timeout, metrics, `X-Request-Id` and
/// `X-Rules-Revision` headers).
pub fn router(app: Shared) -> Router {
    let only = |method: &'static str, r: MethodRouter<Shared>| r.fallback(move |h: HeaderMap| async move { not_allowed(method, &h) });
    Router::new()
        .route("/v1/decide", only("POST", post(decide)))
        .route("/v1/documents", only("POST", post(documents)))
        .route("/v1/batch", only("POST", post(batch)))
        .route("/v1/regions", only("GET", get(|State(a): State<Shared>| async move { json(a.current.engine.load().regions.clone()) })))
        .route("/v1/vocabulary", only("GET", get(|State(a): State<Shared>| async move { json(a.current.engine.load().vocabulary.clone()) })))
        .route("/v1/schema/request", only("GET", get(|State(a): State<Shared>| async move { json(a.current.engine.load().request_schema.clone()) })))
        .route("/v1/schema/response", only("GET", get(|| async { json(crate::api::schema::RESPONSE_SCHEMA.to_string()) })))
        .route("/openapi.json", only("GET", get(|State(a): State<Shared>| async move { json(a.current.engine.load().openapi.clone()) })))
        .route("/healthz", only("GET", get(|| async { json("{\"status\":\"ok\"}".to_string()) })))
        .route("/readyz", only("GET", get(readyz)))
        .route("/metrics", only("GET", get(metrics)))
        .fallback(|req: Request| async move {
            let path = req.uri().path().to_string();
            reply::refuse(ErrorCode::NotFound, format!("no endpoint `{path}`: see /openapi.json"), id_of(req.headers()).as_deref())
        })
        .layer(axum::middleware::from_fn_with_state(app.clone(), observe))
        .with_state(app)
}

fn json(text: String) -> Response {
    reply::body(StatusCode::OK, JSON, text)
}

fn not_allowed(method: &str, h: &HeaderMap) -> Response {
    let mut r = reply::refuse(ErrorCode::MethodNotAllowed, format!("this endpoint answers {method} only"), id_of(h).as_deref());
    r.headers_mut().insert(axum::http::header::ALLOW, HeaderValue::from_static(if method == "POST" { "POST" } else { "GET, HEAD" }));
    r
}

/// The header's request id if it is valid (for error objects that are not about it).
fn id_of(h: &HeaderMap) -> Option<String> {
    reply::header_id(h).ok().flatten()
}

/// The endpoint label of a path (a closed set, so the metrics' label values are bounded).
fn endpoint(path: &str) -> &'static str {
    match path {
        "/v1/decide" => "decide",
        "/v1/documents" => "documents",
        "/v1/batch" => "batch",
        "/v1/regions" => "regions",
        "/v1/vocabulary" => "vocabulary",
        "/v1/schema/request" | "/v1/schema/response" => "schema",
        "/openapi.json" => "openapi",
        "/healthz" => "healthz",
        "/readyz" => "readyz",
        "/metrics" => "metrics",
        _ => "other",
    }
}

/// The outermost layer: the per-request timeout, the request metrics, error counts, and the
/// `X-Request-Id` (echoed) and `X-Rules-Revision` response headers.
async fn observe(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let name = endpoint(req.uri().path());
    let id = req.headers().get("x-request-id").cloned();
    let mut resp = match tokio::time::timeout(app.limits.timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => {
            let message = format!("the request was not received and answered within {} ms", app.limits.timeout.as_millis());
            reply::refuse(ErrorCode::Timeout, message, id.as_ref().and_then(|v| v.to_str().ok()).filter(|s| s.len() <= crate::request::MAX_REQUEST_ID))
        }
    };
    if let Some(code) = resp.extensions().get::<ErrorCode>() {
        app.metrics.error(code.as_str());
    }
    let headers = resp.headers_mut();
    if let Some(id) = id {
        headers.insert("x-request-id", id);
    }
    if !headers.contains_key("x-rules-revision")
        && let Ok(v) = HeaderValue::from_str(&app.current.engine.load().revision)
    {
        headers.insert("x-rules-revision", v);
    }
    app.metrics.request(name, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

/// Reads the body, up to `limit` bytes.
///
/// Errors: `request.too_large` (a `Content-Length` or a body past the limit),
/// `request.invalid` (a body that breaks off).
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let too_large = || ApiError {
        code: ErrorCode::TooLarge,
        ..ApiError::new("", format!("the request body is larger than {limit} bytes")).with_zh(format!("请求内容超过{limit}字节"))
    };
    let declared = headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let inner = e.into_inner();
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(inner.as_ref());
        while let Some(s) = source {
            if s.is::<http_body_util::LengthLimitError>() {
                return too_large();
            }
            source = s.source();
        }
        ApiError::new("", format!("the request body could not be read: {inner}")).with_zh("请求内容未能完整收到")
    })
}

/// The request id of the header, the content type and the body, checked in that order.
async fn intake(headers: &HeaderMap, body: Body, types: &[&str], limit: usize) -> Result<(Option<String>, Bytes), Response> {
    let hid = reply::header_id(headers).map_err(|e| reply::error(e, None))?;
    if !reply::content_type_ok(headers, types) {
        let message = format!("the body must be {} (Content-Type)", types.join(" or "));
        return Err(reply::refuse(ErrorCode::UnsupportedMediaType, message, hid.as_deref()));
    }
    let bytes = read_body(headers, body, limit).await.map_err(|e| reply::error(e, hid.as_deref()))?;
    Ok((hid, bytes))
}

async fn decide(State(app): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    one(app, headers, body, decision::Kind::Decide).await
}

async fn documents(State(app): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    one(app, headers, body, decision::Kind::Documents).await
}

/// One decision: the stamped answer, or the error object.
async fn one(app: Shared, headers: HeaderMap, body: Body, kind: decision::Kind) -> Response {
    let (hid, bytes) = match intake(&headers, body, &[JSON], app.limits.body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return reply::error(ApiError::new("", "the request body is not UTF-8 text").with_zh("请求内容不是 UTF-8 文本"), hid.as_deref());
    };
    // The concurrency limit counts decisions, not bodies being received: a client sending
    // slowly holds a connection, never a slot.
    let Ok(_slot) = app.deciding.acquire().await else {
        return reply::refuse(ErrorCode::Timeout, "the server is shutting down", hid.as_deref());
    };
    let engine: Arc<Served> = app.current.engine.load_full();
    match decision::decide(&app, &engine, text, kind, hid.as_deref()) {
        Ok((answer, log)) => {
            if let Some(line) = log {
                app.log.write(line);
            }
            let mut r = reply::body(StatusCode::OK, JSON, answer);
            if let Ok(v) = HeaderValue::from_str(&engine.revision) {
                r.headers_mut().insert("x-rules-revision", v);
            }
            r
        }
        Err(e) => reply::error(e, hid.as_deref()),
    }
}

/// JSON lines in, one answer line per non-blank request line out, in order, streamed as they
/// are computed; a bad line is answered with its error object (carrying its `request_id`
/// when it was read). At most `--max-batch-lines` lines (more: 413 before any is answered);
/// the work stops when the client leaves (the stream is dropped) or at the timeout.
async fn batch(State(app): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    let (hid, bytes) = match intake(&headers, body, &LINES_TYPES, app.limits.batch_body).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let count = decision::batch_lines(&bytes).count();
    if count > app.limits.batch_lines {
        let limit = app.limits.batch_lines;
        let e = ApiError {
            code: ErrorCode::TooLarge,
            ..ApiError::new("", format!("the batch has {count} request lines: at most {limit} are answered in one batch"))
                .with_zh(format!("批量请求超过{limit}行"))
        };
        return reply::error(e, hid.as_deref());
    }
    let deadline = Instant::now() + app.limits.timeout;
    let Ok(slot) = app.deciding.clone().acquire_owned().await else {
        return reply::refuse(ErrorCode::Timeout, "the server is shutting down", hid.as_deref());
    };
    let engine: Arc<Served> = app.current.engine.load_full();
    // A few answers ahead of the client at most: memory stays the body and these, and a
    // client that stops reading stops the work.
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(8);
    {
        let (app, engine) = (app.clone(), engine.clone());
        tokio::task::spawn_blocking(move || {
            let _slot = slot;
            decision::batch(&app, &engine, &bytes, deadline, |line| tx.blocking_send(line).is_ok());
        });
    }
    let mut r = Response::new(Body::from_stream(Lines(rx)));
    r.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static(JSON_LINES));
    if let Ok(v) = HeaderValue::from_str(&engine.revision) {
        r.headers_mut().insert("x-rules-revision", v);
    }
    r
}

/// The answer lines of a batch as a body stream.
struct Lines(tokio::sync::mpsc::Receiver<String>);

impl futures_core::Stream for Lines {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx).map(|line| line.map(|l| Ok(Bytes::from(l))))
    }
}

async fn readyz(State(app): State<Shared>) -> Response {
    let engine = app.current.engine.load();
    let ready = !app.current.draining();
    let detail = serde_json::json!({
        "ready": ready,
        "rules_revision": engine.revision,
        "back_end": engine.back_end,
        "rules_dir": app.rules_dir.as_ref().map(|d| d.display().to_string()),
        "last_reload": app.current.last_reload.load().as_ref().as_ref(),
        "decision_log": app.log.queued().map(|(queued, capacity)| serde_json::json!({"queued": queued, "capacity": capacity, "dropped": app.log.dropped()})),
    });
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    reply::body(status, JSON, detail.to_string())
}

async fn metrics(State(app): State<Shared>) -> Response {
    reply::body(StatusCode::OK, "application/openmetrics-text; version=1.0.0; charset=utf-8", app.metrics.render())
}
