//! The one error of the API: `{"error": {code, message, path}}` (decision-api.md), for a bad
//! request, rule set or schema name alike.

use serde::Serialize;

/// What kind of input was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ErrorCode {
    /// The request (or documents query) is malformed or names something the rules lack.
    #[serde(rename = "request.invalid")]
    RequestInvalid,
    /// The rule set does not check (a broken build, or `--rules DIR` with errors).
    #[serde(rename = "rules.invalid")]
    RulesInvalid,
    /// `carules serve`: the request body is larger than the server accepts (HTTP 413).
    #[serde(rename = "request.too_large")]
    TooLarge,
    /// `carules serve`: the request body is not of a content type the endpoint reads (415).
    #[serde(rename = "request.unsupported_media_type")]
    UnsupportedMediaType,
    /// `carules serve`: no such endpoint (404).
    #[serde(rename = "request.not_found")]
    NotFound,
    /// `carules serve`: the endpoint exists but not for this method (405).
    #[serde(rename = "request.method_not_allowed")]
    MethodNotAllowed,
    /// `carules serve`: the request was not received and answered in time (408).
    #[serde(rename = "request.timeout")]
    Timeout,
}

impl ErrorCode {
    /// As in the error object: `request.invalid`, `rules.invalid`, and the server's
    /// `request.too_large`, `request.unsupported_media_type`, `request.not_found`,
    /// `request.method_not_allowed`, `request.timeout`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::RequestInvalid => "request.invalid",
            ErrorCode::RulesInvalid => "rules.invalid",
            ErrorCode::TooLarge => "request.too_large",
            ErrorCode::UnsupportedMediaType => "request.unsupported_media_type",
            ErrorCode::NotFound => "request.not_found",
            ErrorCode::MethodNotAllowed => "request.method_not_allowed",
            ErrorCode::Timeout => "request.timeout",
        }
    }
}

/// An error answer: code, message naming the problem, JSON pointer to the offending value
/// (`/applicant/kind`; `""` for the whole request).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    /// `request.invalid`, `rules.invalid`, or one of the server's codes ([`ErrorCode`]).
    pub code: ErrorCode,
    /// Message naming the problem (and, where it can, the accepted values).
    pub message: String,
    /// JSON pointer to the offending value.
    pub path: String,
    /// The request's `request_id` (or `id`), when the request was read far enough to know
    /// it: written beside `error` in the error object, `{"error": {…}, "request_id": "…"}`.
    #[serde(skip)]
    pub request_id: Option<String>,
}

impl ApiError {
    /// A `request.invalid` error at `path`.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        ApiError { code: ErrorCode::RequestInvalid, message: message.into(), path: path.to_string(), request_id: None }
    }

    /// A `rules.invalid` error.
    pub fn rules(message: impl Into<String>) -> Self {
        ApiError { code: ErrorCode::RulesInvalid, message: message.into(), path: String::new(), request_id: None }
    }

    /// The error object `{"error": {code, message, path}}`, with `"request_id"` beside
    /// `error` when it is known.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.request_id {
            Some(id) => serde_json::json!({ "error": self, "request_id": id }),
            None => serde_json::json!({ "error": self }),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(f, "{} at {}: {}", self.code.as_str(), self.path, self.message)
        }
    }
}

impl std::error::Error for ApiError {}
