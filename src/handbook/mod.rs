//! What a service window prints for people, in zh-CN only (issue 9): the one-page
//! 一次性告知单 for one applicant and service ([`notice`]), and a region's complete guide
//! (`guide`, CLI only). Both are built from the engine's answers through the front door
//! (`api::decide`) — no rule logic here — into a data model ([`view`]), then rendered: the
//! notice by a small hand-written HTML and Markdown writer (so the WebAssembly build, which
//! carries no template engine, prints the same notice), the guide through the minijinja
//! templates `templates/handbook.html.j2` and `templates/handbook.md.j2`.

#[cfg(feature = "handbook")]
pub mod guide;
pub mod notice;
pub mod reach;
pub mod view;

use crate::answer::SourceOut;

use serde::Serialize;

pub use crate::api::labels::member as label;

/// A citation as printed: `《青海省公共资源交易平台CA数字证书办理指南》 四（一）`.
pub fn cite(s: &SourceOut<'_>) -> String {
    format!("{} {}", s.document, s.article)
}

/// [`cite`] of an optional source.
pub fn cite_opt(s: Option<&SourceOut<'_>>) -> Option<String> {
    s.map(cite)
}

/// Where to go: one office of the answer (an `office` rule) — its name, the condition it
/// waits on when the request does not settle it, its address, window, hotlines, online
/// addresses and form downloads, and the article they come from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Where {
    /// The office's name.
    pub name: String,
    /// “办理方式为现场办理” when the office depends on a fact not given.
    pub condition: Option<String>,
    /// Lines: (label, text), e.g. ("地址", "…").
    pub lines: Vec<WhereLine>,
    /// The article they come from.
    pub cite: Option<String>,
}

impl Where {
    /// The page's lines for office `o` of an answer.
    pub fn of(o: &crate::answer::OfficeOut<'_>) -> Where {
        let mut lines = Vec::new();
        let mut line = |label: &str, text: String| lines.push(WhereLine { label: label.to_string(), text });
        if let Some(a) = &o.address {
            line("地址", a.to_string());
        }
        if let Some(w) = &o.window {
            line("窗口", w.to_string());
        }
        let channels = [
            ("电话", &o.hotlines),
            ("在线办理", &o.online),
            ("表格下载", &o.forms),
            ("电子邮箱", &o.emails),
            ("微信", &o.wechat),
            ("小程序", &o.mini_programs),
        ];
        for (label, entries) in channels {
            for e in entries {
                line(label, e.shown());
            }
        }
        Where { name: o.name.to_string(), condition: o.condition.clone(), lines, cite: Some(cite(&o.cited.source)) }
    }
}

/// One line of [`Where`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WhereLine {
    /// "地址", "咨询电话", "表格下载", …
    pub label: String,
    /// What the regulation gives.
    pub text: String,
}

/// `text` escaped for HTML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The printed pages' style: A4, 15 mm margins, a CJK sans-serif font, tables that do not
/// split a row across pages. Shared by the notice and the guide.
pub const CSS: &str = include_str!("../../templates/print.css");
