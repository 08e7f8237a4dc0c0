//! What the server adds to the engine's text: error objects with their HTTP status, and the
//! server-added fields of an answer (`decision_id`, `rules_revision`, and `request_id` from
//! the `X-Request-Id` header when the body gave none), spliced in front of the answer's
//! fields so the engine's bytes stay exactly those of every other build.

use crate::answer::error::{ApiError, ErrorCode};
use crate::api::write::escape;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The JSON content type of every answer.
pub const JSON: &str = "application/json";
/// The JSON-lines content type of `/v1/batch` answers.
pub const JSON_LINES: &str = "application/x-ndjson";

/// The HTTP status of an error code.
pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::RequestInvalid => StatusCode::BAD_REQUEST,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RulesInvalid => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A body with its content type and status.
pub fn body(status: StatusCode, content_type: &'static str, text: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], text).into_response()
}

/// The error object for `e`, with the status its code maps to; `request_id` (from the
/// header) is added when the error does not carry one from the body.
pub fn error(e: ApiError, request_id: Option<&str>) -> Response {
    let status = status(e.code);
    let e = match (&e.request_id, request_id) {
        (None, Some(id)) => ApiError { request_id: Some(id.to_string()), ..e },
        _ => e,
    };
    let mut r = body(status, JSON, crate::api::write::error(&e));
    // For the error counts of `/metrics` (read by the outermost layer).
    r.extensions_mut().insert(e.code);
    r
}

/// An error of `code` at path `""`.
pub fn refuse(code: ErrorCode, message: impl Into<String>, request_id: Option<&str>) -> Response {
    let message_zh = match code {
        ErrorCode::TooLarge => "请求内容过大",
        ErrorCode::UnsupportedMediaType => "请求应为 JSON 格式",
        ErrorCode::NotFound => "没有这个服务地址",
        ErrorCode::MethodNotAllowed => "该服务地址不接受这种请求方式",
        ErrorCode::Timeout => "请求未能按时收到并作答",
        ErrorCode::RequestInvalid => "请求内容有误",
        ErrorCode::RulesInvalid => "规则集未通过检查，暂不能作答",
    };
    error(ApiError { code, message: message.into(), message_zh: message_zh.to_string(), path: String::new(), request_id: None }, request_id)
}

/// The server-added fields spliced after the `{` of an answer written by the engine:
/// `"decision_id":…,"rules_revision":…,` and `"request_id":…,` when the answer has none.
pub fn stamp(answer: &str, decision_id: &str, revision: &str, request_id: Option<&str>, body_has_id: bool) -> String {
    let mut out = String::with_capacity(answer.len() + 96);
    let rest = answer.strip_prefix('{').unwrap_or(answer);
    out.push_str("{\"decision_id\":");
    escape(&mut out, decision_id);
    out.push_str(",\"rules_revision\":");
    escape(&mut out, revision);
    out.push(',');
    if let (Some(id), false) = (request_id, body_has_id) {
        out.push_str("\"request_id\":");
        escape(&mut out, id);
        out.push(',');
    }
    out.push_str(rest);
    out
}

/// The `X-Request-Id` header: at most 200 visible ASCII characters.
///
/// Errors: `request.invalid` naming the header.
pub fn header_id(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("x-request-id") else { return Ok(None) };
    match v.to_str() {
        Ok(s) if s.len() <= crate::request::MAX_REQUEST_ID => Ok(Some(s.to_string())),
        _ => Err(ApiError::new("", format!("the X-Request-Id header must be at most {} visible ASCII characters", crate::request::MAX_REQUEST_ID))
            .with_zh(format!("请求编号（请求头）最长{}个可见字符", crate::request::MAX_REQUEST_ID))),
    }
}

/// Whether a request's `Content-Type` is accepted: absent, or one of `accepted` (parameters
/// such as `charset=utf-8` ignored, case-insensitive).
pub fn content_type_ok(headers: &axum::http::HeaderMap, accepted: &[&str]) -> bool {
    match headers.get(header::CONTENT_TYPE).map(|v| v.to_str()) {
        None => true,
        Some(Ok(v)) => {
            let essence = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            accepted.contains(&essence.as_str())
        }
        Some(Err(_)) => false,
    }
}
