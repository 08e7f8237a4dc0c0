//! `api::facts`: the facts a request for a region may give, for portals building their form.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use carules::api::{self, Options, Rules};
use serde_json::{Value, json};

fn facts(region: &str) -> Vec<Value> {
    api::facts(Rules::shipped().set, region).unwrap().as_array().unwrap().clone()
}

fn find<'a>(fs: &'a [Value], path: &str) -> Option<&'a Value> {
    fs.iter().find(|f| f["fact"] == path)
}

#[test]
fn a_region_lists_its_own_facts_and_the_shared_ones_only() {
    let jl = facts("220000");
    let refund = find(&jl, "refund.service").expect("吉林 declares refund.service");
    assert_eq!(refund["path"], "/refund/service");
    assert_eq!(refund["type"], "enum");
    assert_eq!(refund["region"], "220000");
    assert!(refund["choices"].as_array().unwrap().iter().any(|c| c["id"] == "refund"), "吉林's own service member is a choice");
    assert_eq!(find(&jl, "bidding.closed").unwrap()["region"], Value::Null);
    let qh = facts("630000");
    assert!(find(&qh, "refund.service").is_none(), "青海 cannot be asked 吉林's facts");
    assert!(!find(&qh, "service").unwrap()["choices"].as_array().unwrap().iter().any(|c| c["id"] == "refund"));
    let years = find(&qh, "years").unwrap();
    // 青海 lets the applicant choose 1 or 2 years (五): no default, so the form asks.
    assert_eq!((years["type"].as_str(), years["min"].as_i64(), years.get("default")), (Some("int"), Some(1), None));
    // 安徽's region default, with the article that justifies it.
    let ah = facts("340000");
    let years = find(&ah, "years").unwrap();
    assert_eq!((years["default"].as_i64(), years["default_source"]["article"].as_str()), (Some(1), Some("证书更新规则 第一条")));
    assert_eq!(find(&qh, "closed"), None);
    assert_eq!(find(&qh, "bidding.closed").unwrap()["choices"], json!([{"id": true, "label": "是"}, {"id": false, "label": "否"}]));
    // A region below one with rules, by code or name, sees its ancestors' facts.
    assert!(find(&facts("341800"), "trading.platform").is_some());
    assert!(find(&facts("宣城市"), "trading.platform").is_some());
    assert!(api::facts(Rules::shipped().set, "nope").is_err());
}

/// Every fact listed is accepted in a request for that region, with each of its choices.
#[test]
fn every_listed_fact_and_choice_is_a_valid_request() {
    for r in api::regions(Rules::shipped().set).as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        for f in facts(code) {
            let path: Vec<&str> = f["fact"].as_str().unwrap().split('.').collect();
            let values: Vec<Value> = match f["type"].as_str().unwrap() {
                "set" => f["choices"].as_array().unwrap().iter().map(|c| json!([c["id"]])).collect(),
                "bool" | "enum" => f["choices"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect(),
                _ => continue,
            };
            for v in values {
                let mut req = json!({"region": code, "as_of": "2026-11-21T10:00:00+08:00", "service": "new"});
                let mut at = &mut req;
                for (i, k) in path.iter().enumerate() {
                    let next = if i + 1 == path.len() { v.clone() } else { at.get(*k).cloned().unwrap_or(json!({})) };
                    at[*k] = next;
                    at = &mut at[*k];
                }
                if let Err(e) = api::decide(Rules::shipped(), &req, Options::default()) {
                    panic!("{code} {}: {v} refused: {}", f["fact"], e.message);
                }
            }
        }
    }
}

/// A region's own aliases of a shared member (`extend key { main alias "业务主锁" }`) name
/// the member in that region's form only (issue 20).
#[test]
fn a_region_alias_names_the_member_in_its_own_form_only() {
    let label = |region: &str, id: &str| {
        let fs = facts(region);
        let key = find(&fs, "certificate.key").unwrap_or_else(|| panic!("{region} has certificate.key"));
        key["choices"].as_array().unwrap().iter().find(|c| c["id"] == id).map(|c| c["label"].clone())
    };
    assert_eq!(label("110000", "main"), Some(json!("主锁（业务主锁）")));
    assert_eq!(label("110000", "sub"), Some(json!("副锁（业务副锁）")));
    assert_eq!(label("630000", "main"), Some(json!("主锁")));
}

/// Every finding code the engine can give has a zh-CN label in the vocabulary the portal and
/// the text view read — also `fee.under_minimum`, which no rule file declares (the
/// `finding_code` enum is at its bound) — so no page shows a bare code.
#[test]
fn the_engine_own_finding_codes_have_labels() {
    let Ok(rs) = carules::rules::shipped() else { panic!("the shipped rules do not check") };
    let vocab = carules::api::vocabulary(rs);
    let codes = vocab["finding_code"].as_array().cloned().unwrap_or_default();
    for code in ["fee.under_minimum", "fee.over_cap", "rules.not_in_force"] {
        let entry = codes.iter().find(|c| c["id"] == code);
        assert!(entry.is_some_and(|c| c["label"].as_str().is_some_and(|l| !l.is_empty() && !l.contains('.'))), "{code}: {entry:?}");
    }
}
