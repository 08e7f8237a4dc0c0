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

/// An error answer: code, message naming the problem (in English and in zh-CN), JSON pointer
/// to the offending value (`/applicant/kind`; `""` for the whole request).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    /// `request.invalid`, `rules.invalid`, or one of the server's codes ([`ErrorCode`]).
    pub code: ErrorCode,
    /// Message naming the problem (and, where it can, the accepted values), in English, with
    /// field names and ids: for developers.
    pub message: String,
    /// The same for a person at a service window, in zh-CN: the field named by its label
    /// (受理时间, 申请人类别), accepted values by their labels, no ids or field names.
    #[serde(serialize_with = "without_placeholder")]
    pub message_zh: String,
    /// JSON pointer to the offending value.
    pub path: String,
    /// The request's `request_id` (or `id`), when the request was read far enough to know
    /// it: written beside `error` in the error object, `{"error": {…}, "request_id": "…"}`.
    #[serde(skip)]
    pub request_id: Option<String>,
}

/// The zh-CN message of an error whose maker gave none: a generic one, sharpened by
/// [`ApiError::localised`] to name the field.
const GENERIC_ZH: &str = "请求中有一项有误";

impl ApiError {
    /// A `request.invalid` error at `path`. Its zh-CN message is generic until
    /// [`ApiError::with_zh`] gives one.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        let message_zh = if path.is_empty() { "请求内容有误" } else { GENERIC_ZH };
        ApiError { code: ErrorCode::RequestInvalid, message: message.into(), message_zh: message_zh.to_string(), path: path.to_string(), request_id: None }
    }

    /// The zh-CN message. `{field}` in it stands for the zh-CN label of the field at `path`,
    /// filled in by [`ApiError::localised`] (the place that knows the rule set's labels).
    pub fn with_zh(mut self, message_zh: impl Into<String>) -> Self {
        self.message_zh = message_zh.into();
        self
    }

    /// A `rules.invalid` error.
    pub fn rules(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::RulesInvalid,
            message: message.into(),
            message_zh: "规则集未通过检查，暂不能作答".to_string(),
            path: String::new(),
            request_id: None,
        }
    }

    /// The error with `{field}` in its zh-CN message replaced by the label of the field at
    /// `path` (“申请人类别”), from the rule set's fact labels and the request's own keys.
    pub fn localised(mut self, rs: &crate::ir::RuleSet) -> Self {
        let label = field_label(rs, &self.path);
        if self.message_zh == GENERIC_ZH {
            self.message_zh = match label {
                Some(l) => format!("请求中“{l}”一项有误"),
                None => GENERIC_ZH.to_string(),
            };
        } else if self.message_zh.contains("{field}") {
            let named = label.map_or_else(|| "该项".to_string(), |l| format!("“{l}”"));
            self.message_zh = self.message_zh.replace("{field}", &named);
        }
        self
    }

    /// The error object `{"error": {code, message, message_zh, path}}`, with `"request_id"`
    /// beside `error` when it is known.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.request_id {
            Some(id) => serde_json::json!({ "error": self, "request_id": id }),
            None => serde_json::json!({ "error": self }),
        }
    }
}

/// `message_zh` as written: a `{field}` nobody filled in (an error made outside the request
/// reader) reads 该项.
fn without_placeholder<S: serde::Serializer>(message_zh: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&message_zh.replace("{field}", "该项"))
}

/// The zh-CN label of the field at JSON pointer `path` (申请人类别): the fact's label, or the
/// request's own key's; `None` for the whole request or a key nobody labels.
fn field_label(rs: &crate::ir::RuleSet, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit())).collect();
    let structural = |k: &str| match k {
        "region" => Some("地区"),
        "question" => Some("问题类型"),
        "explain" => Some("说明判断过程"),
        "submitted_documents" => Some("已提交材料"),
        "observations" => Some("考评观察结果"),
        "records" => Some("办理记录"),
        "together" => Some("同次办理的其他证书"),
        "received_at" => Some("受理时间"),
        "completed_at" => Some("办结时间"),
        "channel" => Some("办理方式"),
        "request_id" | "id" => Some("请求编号"),
        // The groups the facts are declared in (`applicant.kind`, `certificate.issuer`, …).
        "applicant" => Some("申请人信息"),
        "certificate" => Some("证书信息"),
        "bidding" => Some("招投标情况"),
        "payment" => Some("付款信息"),
        "refund" => Some("退费信息"),
        "renewal" => Some("更新信息"),
        "review" => Some("审核信息"),
        "trading" => Some("交易系统信息"),
        _ => None,
    };
    let within = match segments.first() {
        Some(&"together") | Some(&"records") => segments.get(1..).unwrap_or(&[]),
        _ => &segments[..],
    };
    let dotted = within.join(".");
    let fact = rs.facts.iter().find(|f| f.path.as_ref() == dotted).map(|f| f.label.to_string()).filter(|l| !l.is_empty());
    fact.or_else(|| within.last().or(segments.last()).and_then(|k| structural(k)).map(str::to_string))
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
