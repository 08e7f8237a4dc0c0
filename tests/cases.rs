//! Runs every rule test case (rules/tests/*.yaml) through the interpreter, as `carules test`
//! does, and checks the corpus is the size the project promises (≥ 15 cases per region, 5
//! for a region with fewer than 8 rules of its own).

use std::collections::BTreeMap;

#[test]
fn rule_cases_pass() {
    let rs = carules::rules::shipped().unwrap_or_else(|d| panic!("shipped rules do not check: {d:?}"));
    let files = carules::rules::shipped_cases();
    assert!(!files.is_empty(), "no case files under rules/tests");
    let outcomes = carules::cases::run(carules::api::Rules::interpreted(rs), &files).unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.failure.as_ref().map(|f| format!("{} :: {}\n    {f}", o.file, o.name))).collect();
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_region_has_at_least_15_cases() {
    let rs = carules::rules::shipped().unwrap_or_else(|d| panic!("{d:?}"));
    let mut per_region: BTreeMap<String, usize> = BTreeMap::new();
    for (file, text) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &text).unwrap_or_else(|e| panic!("{e}")) {
            let region = c
                .request
                .get("region")
                .and_then(|r| r.as_str())
                .and_then(|r| rs.resolve_region(r).ok())
                .map(|m| m.region)
                .and_then(|i| rs.regions.get(i))
                .map(|r| r.code.to_string());
            // A case counts for the region it asks and for the region of its file: the
            // national layer's cases ask provinces (its rules answer there).
            let region = region.unwrap_or_else(|| "(bad request)".into());
            let own: String = file.rsplit('/').next().unwrap_or("").chars().take_while(char::is_ascii_digit).collect();
            if own.len() == 6 && own != region {
                *per_region.entry(own).or_default() += 1;
            }
            *per_region.entry(region).or_default() += 1;
        }
    }
    for (i, r) in rs.regions.iter().enumerate() {
        // A region with a handful of rules of its own (山东 370000: one recognition rule;
        // 宣城 341800: the few lines a city adds to 安徽's rules) needs 5 cases; the others 15.
        let own = rs.rules.iter().filter(|x| x.region == i).count();
        let min = if own < 8 { 5 } else { 15 };
        let n = per_region.get(&*r.code).copied().unwrap_or(0);
        assert!(n >= min, "region {} has {n} cases, expected at least {min}", r.code);
    }
}

#[test]
fn matcher_rejects_differences() {
    use serde_json::json;
    let actual = json!({"allowed": false, "findings": [{"code": "a", "severity": "deny"}, {"code": "b", "severity": "info"}]});
    assert!(carules::cases::matches(&json!({"allowed": false}), &actual, "").is_ok());
    assert!(carules::cases::matches(&json!({"allowed": true}), &actual, "").is_err());
    assert!(carules::cases::matches(&json!({"findings": [{"code": "a"}]}), &actual, "").is_err(), "list length must match");
    assert!(carules::cases::matches(&json!({"findings": [{"code": "b"}, {"code": "a"}]}), &actual, "").is_ok(), "any order");
    assert!(carules::cases::matches(&json!({"findings": [{"code": "a"}, {"code": "a"}]}), &actual, "").is_err(), "distinct elements");
    assert!(carules::cases::matches(&json!({"missing": 1}), &actual, "").is_err());
}

/// `needs` lists the facts that decide a refusal first, then the others in the order the
/// rules meet them (docs/api.md). A case's lists match in any order, so the order is
/// asserted here, on 安徽's 北京CA renewal with three facts missing.
#[test]
fn needs_put_the_facts_deciding_a_refusal_first() {
    let request = serde_json::json!({
        "region": "340000", "as_of": "2026-06-01T10:00:00+08:00", "service": "renewal",
        "applicant": {"kind": "organization"}, "trading": {"platform": "ggzy"}, "certificate": {"issuer": "BJCA"}
    });
    let answer = carules::cases::answer(carules::api::Rules::shipped(), &request);
    let needs = answer["needs"].as_array().map(|a| a.iter().map(|n| n["fact"].as_str().unwrap_or("")).collect::<Vec<_>>());
    assert_eq!(needs, Some(vec!["channel", "certificate.expires_on", "renewal.new_expires_on"]), "{answer}");
}
