//! The parts of an answer `carules diff` compares, as values without their citations, and the
//! citations that stand behind each.

use serde_json::{Value as Json, json};

/// The parts compared, in report order: the verdict, fee, documents, deadline, the
/// certificate's validity, office hours, the facts still needed, and a request error (a
/// request one rule set accepts and the other refuses).
pub const PARTS: [&str; 8] = ["allowed", "fee", "documents", "deadline", "validity", "office_hours", "needs", "error"];

/// One part of an answer, without its branches ([`branches`]): its value (what is compared)
/// and its citations (`{rule, doc,
/// article}`, distinct, in order of appearance).
pub fn part(answer: &Json, name: &str) -> (Json, Vec<Json>) {
    match name {
        "allowed" => {
            let deny: Vec<&Json> = answer
                .get("findings")
                .and_then(Json::as_array)
                .map(|f| f.iter().filter(|x| x.get("severity") == Some(&json!("deny"))).collect())
                .unwrap_or_default();
            let mut cites = Vec::new();
            for f in deny {
                citations(f, &mut cites);
            }
            (answer.get("allowed").cloned().unwrap_or(Json::Null), cites)
        }
        "needs" => {
            let needs = answer.get("needs").and_then(Json::as_array).cloned().unwrap_or_default();
            let mut facts: Vec<Json> = needs.iter().filter_map(|n| n.get("fact").cloned()).collect();
            facts.sort_by_key(|f| f.to_string());
            let mut cites = Vec::new();
            for n in &needs {
                citations(n, &mut cites);
            }
            (Json::Array(facts), cites)
        }
        "error" => {
            (answer.get("error").map(|e| json!({"code": e.get("code"), "path": e.get("path"), "message": e.get("message")})).unwrap_or(Json::Null), vec![])
        }
        _ => {
            let top = answer.get(name).cloned().unwrap_or(Json::Null);
            let mut cites = Vec::new();
            citations(&top, &mut cites);
            (summary(name, &top, answer), cites)
        }
    }
}

/// The branches of a part that depends on missing facts: `(value, citations)` of each, the
/// value `{when, value}`; empty when the part is determined.
pub fn branches(answer: &Json, name: &str) -> Vec<(Json, Vec<Json>)> {
    let list = answer.get("branches").and_then(|b| b.get(name)).and_then(Json::as_array).cloned().unwrap_or_default();
    list.iter()
        .map(|b| {
            let v = b.get(name).cloned().unwrap_or(Json::Null);
            let mut cites = Vec::new();
            citations(&v, &mut cites);
            (json!({"when": b.get("condition"), "value": summary(name, &v, &Json::Null)}), cites)
        })
        .collect()
}

/// What is compared of a part's value: fee status and amount, document ids (and the list's
/// status), deadline due time, office hours without their citation.
fn summary(name: &str, v: &Json, answer: &Json) -> Json {
    if v.is_null() && name != "documents" {
        return Json::Null;
    }
    match name {
        "fee" => json!({"status": v.get("status"), "amount": v.get("amount")}),
        "documents" => {
            let ids: Vec<Json> = v.as_array().map(|items| items.iter().filter_map(|i| i.get("id").cloned()).collect()).unwrap_or_default();
            let status = answer.get("documents_info").and_then(|i| i.get("status")).cloned();
            match (v.is_null(), status) {
                (true, Some(s)) => json!({"status": s}),
                (true, None) => Json::Null,
                (false, _) => Json::Array(ids),
            }
        }
        "deadline" => json!({"due": v.get("due"), "due_date": v.get("due_date"), "basis": v.get("basis")}),
        _ => strip(v),
    }
}

/// A value without `source` and `rule` keys, at any depth.
fn strip(v: &Json) -> Json {
    match v {
        Json::Object(m) => Json::Object(m.iter().filter(|(k, _)| *k != "source" && *k != "rule").map(|(k, x)| (k.clone(), strip(x))).collect()),
        Json::Array(a) => Json::Array(a.iter().map(strip).collect()),
        _ => v.clone(),
    }
}

/// Every `{rule, source}` pair inside `v`, as `{rule, doc, article}`, appended when new.
fn citations(v: &Json, out: &mut Vec<Json>) {
    match v {
        Json::Object(m) => {
            if let Some(rule) = m.get("rule").and_then(Json::as_str) {
                let src = m.get("source");
                let c = json!({"rule": rule, "doc": src.and_then(|s| s.get("doc")), "article": src.and_then(|s| s.get("article"))});
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            for x in m.values() {
                citations(x, out);
            }
        }
        Json::Array(a) => a.iter().for_each(|x| citations(x, out)),
        _ => {}
    }
}
