//! A readable zh-CN view of answers, for a clerk at the service window.

use crate::response::Response;
use serde_json::Value as Json;
use std::fmt::Write;

fn s(v: Option<&Json>) -> String {
    match v {
        Some(Json::String(x)) => x.clone(),
        Some(Json::Null) | None => String::new(),
        Some(o) => o.to_string(),
    }
}

fn cite(v: Option<&Json>) -> String {
    match v {
        Some(src @ Json::Object(_)) => format!("（依据：{} {}）", s(src.get("document")), s(src.get("article"))),
        _ => String::new(),
    }
}

fn requires(v: Option<&Json>) -> String {
    let labels: Vec<&str> = v
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(|x| match x {
                    "seal" => "加盖公章",
                    "signature" => "签字",
                    "original" => "原件",
                    other => other,
                })
                .collect()
        })
        .unwrap_or_default();
    if labels.is_empty() { String::new() } else { format!("，{}", labels.join("、")) }
}

/// The document checklist part of an answer.
pub fn documents(v: &Json) -> String {
    let mut o = String::new();
    match v.get("documents") {
        Some(Json::Array(items)) if items.is_empty() => o.push_str("所需材料：无需提交材料\n"),
        Some(Json::Array(items)) => {
            o.push_str("所需材料：\n");
            for (i, d) in items.iter().enumerate() {
                let copies = match d.get("copies") {
                    Some(Json::Number(n)) => format!("{n}份"),
                    _ => "份数未规定".to_string(),
                };
                let _ =
                    writeln!(o, "  {}. {}（{copies}{}）[{}]{}", i + 1, s(d.get("name")), requires(d.get("requires")), s(d.get("id")), cite(d.get("source")));
            }
        }
        _ => o.push_str("所需材料：规定未列明（unspecified）\n"),
    }
    if let Some(Json::Array(f)) = v.get("findings") {
        for x in f {
            let _ = writeln!(o, "  [{}] {}", s(x.get("severity")), s(x.get("message")));
        }
    }
    o
}

/// Renders any answer as zh-CN text.
pub fn render(r: &Response) -> String {
    let v = serde_json::to_value(r).unwrap_or(Json::Null);
    let mut o = String::new();
    let region = v.get("region");
    let _ = writeln!(o, "地区：{}（{}）", s(region.and_then(|r| r.get("name"))), s(region.and_then(|r| r.get("code"))));
    match r {
        Response::Service(_) => {
            let _ = writeln!(o, "服务：{}    受理时间：{}", s(v.get("service")), s(v.get("as_of")));
            let allowed = v.get("allowed").and_then(|a| a.as_bool()).unwrap_or(false);
            let _ = writeln!(o, "结论：{}", if allowed { "可以办理" } else { "不予办理" });
            if let Some(Json::Array(f)) = v.get("findings") {
                for x in f {
                    let sev = match x.get("severity").and_then(|a| a.as_str()) {
                        Some("deny") => "禁止",
                        Some("warn") => "提示",
                        _ => "说明",
                    };
                    let _ = writeln!(o, "  【{sev}】{}{}", s(x.get("message")), cite(x.get("source")));
                    if let Some(Json::String(rem)) = x.get("remedy") {
                        let _ = writeln!(o, "        处理办法：{rem}");
                    }
                }
            }
            if let Some(fee) = v.get("fee") {
                let status = match fee.get("status").and_then(|a| a.as_str()) {
                    Some("free") => "免费",
                    Some("capped") => "收费上限",
                    Some("fixed") => "收费标准",
                    Some("self_paid") => "费用自理（规定未定金额）",
                    _ => "规定未明确（unspecified）",
                };
                let amount = match fee.get("amount") {
                    Some(Json::String(a)) => format!(" {a} 元"),
                    _ => String::new(),
                };
                let _ = writeln!(o, "费用：{status}{amount}{}", cite(fee.get("source")));
                if let Some(Json::Array(items)) = fee.get("items") {
                    for it in items {
                        let per = match it.get("per").and_then(|a| a.as_str()) {
                            Some("year") => "/年",
                            Some("time") => "/次",
                            _ => "",
                        };
                        let _ = writeln!(o, "  - {} {} 元{per} × {}", s(it.get("label")), s(it.get("amount")), s(it.get("quantity")));
                    }
                }
            }
            o.push_str(&documents(&serde_json::json!({"documents": v.get("documents")})));
            if let Some(Json::Array(m)) = v.get("missing_documents") {
                let ids: Vec<String> = m.iter().map(|x| s(Some(x))).collect();
                let _ = writeln!(o, "缺少材料：{}", if ids.is_empty() { "无".into() } else { ids.join("、") });
            }
            match v.get("deadline") {
                Some(d @ Json::Object(_)) => {
                    let _ = writeln!(o, "办结时限：{}（{}）{}", s(d.get("due")), s(d.get("basis")), cite(d.get("source")));
                }
                _ => o.push_str("办结时限：规定未明确\n"),
            }
            if let Some(c @ Json::Object(_)) = v.get("certificate") {
                let _ = writeln!(o, "证书介质：{}{}", s(c.get("media")), cite(c.get("source")));
            }
            if let Some(h @ Json::Object(_)) = v.get("office_hours") {
                let periods: Vec<String> = h.get("periods").and_then(|p| p.as_array()).map(|a| a.iter().map(|x| s(Some(x))).collect()).unwrap_or_default();
                let _ = writeln!(o, "现场办理时间：{} {}{}", s(h.get("season_label")), periods.join("，"), cite(h.get("source")));
                if let Some(Json::String(a)) = h.get("assumption") {
                    let _ = writeln!(o, "  （假设：{a}）");
                }
            }
        }
        Response::Acceptance(_) => {
            let verdict = match v.get("accepted") {
                Some(Json::Bool(true)) => "认可",
                Some(Json::Bool(false)) => "不认可",
                _ => "规定未明确",
            };
            let _ = writeln!(o, "证书互认：{verdict}{}", cite(v.get("source")));
        }
        Response::Evaluation(_) => {
            let _ = writeln!(o, "考评表：{}", s(v.get("checklist")));
            if let Some(Json::Array(items)) = v.get("items") {
                for it in items {
                    let res = match it.get("result").and_then(|a| a.as_str()) {
                        Some("pass") => "通过",
                        Some("fail") => "不通过",
                        _ => "未知",
                    };
                    let _ = writeln!(o, "  {}. {} —— {res}", s(it.get("id")), s(it.get("text")));
                }
            }
            let _ = writeln!(o, "通过 {}，不通过 {}，未知 {}", s(v.get("passed")), s(v.get("failed")), s(v.get("unknown")));
        }
    }
    o
}
