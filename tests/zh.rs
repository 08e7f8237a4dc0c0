//! Chinese everywhere a person reads (issue 9): the zh-CN text view of every rule case's
//! answer carries no id, rule id, request field name or English word — only zh-CN text and the
//! proper names the regulations themselves use (CA, UKey, URLs, document numbers).

#![allow(clippy::panic)]

use carules::api::{Options, Rules, text};

/// Latin-script words a zh-CN view may show: proper names and abbreviations the regulations
/// use as they are.
const PROPER: &[&str] = &["CA", "CWCA", "JSON", "YAML", "UTF", "UKey", "USBKey", "USBkey", "USB", "Key", "CRL", "APP", "PDF", "VPN", "U盾"];

/// The Latin-script words of `text` that are not proper names: ids (`business_license`),
/// rule ids (`371500/onsite`), field names, English. URLs are skipped.
fn leaks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // What a person typed is echoed in quotes (不能为“company”): that is theirs, not ours.
    let mut unquoted = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    for raw in unquoted.split(|c: char| !(c.is_ascii_alphanumeric() || "_./:-@?=&%#~".contains(c))) {
        if raw.contains("://") || raw.starts_with("www.") {
            continue;
        }
        for w in raw.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '/')) {
            let has_letter = w.chars().any(|c| c.is_ascii_alphabetic());
            let rule_id = w.len() > 7 && w.as_bytes().get(6) == Some(&b'/') && w.chars().take(6).all(|c| c.is_ascii_digit());
            if (has_letter || rule_id) && !PROPER.contains(&w) && !is_code(w) {
                out.push(w.to_string());
            }
        }
    }
    out
}

/// Codes that are names in their own right: article numbers like `A24`, calendar-free parts
/// of document numbers. Letters followed by digits only, at most 2 letters.
fn is_code(w: &str) -> bool {
    let letters = w.chars().take_while(|c| c.is_ascii_uppercase()).count();
    (1..=2).contains(&letters) && w.len() > letters && w[letters..].chars().all(|c| c.is_ascii_digit() || c == '-')
}

#[test]
fn the_text_view_of_every_case_is_chinese() {
    let rules = Rules::shipped();
    let mut found = Vec::new();
    for (file, yaml) in carules::rules::shipped_cases() {
        for c in carules::cases::load(&file, &yaml).unwrap_or_else(|e| panic!("{e}")) {
            let text = if c.query.as_deref() == Some("documents") {
                match carules::api::documents(rules, &c.request) {
                    Ok(a) => text::documents(&a, rules.set),
                    Err(e) => text::error(&e),
                }
            } else {
                match carules::api::decide(rules, &c.request, Options { explain: true }) {
                    Ok(r) => text::render(&r, rules.set),
                    Err(e) => text::error(&e),
                }
            };
            let l = leaks(&text);
            if !l.is_empty() {
                found.push(format!("{file} :: {}: {}", c.name, l.join(" ")));
            }
        }
    }
    assert!(found.is_empty(), "{} answers show ids or English:\n{}", found.len(), found.join("\n"));
}

#[test]
fn the_leak_detector_finds_what_it_is_for() {
    assert_eq!(leaks("1. 营业执照[business_license]（依据：371500/onsite）"), ["business_license", "371500/onsite"]);
    assert_eq!(leaks("服务：change；请在请求中提供 channel"), ["change", "channel"]);
    assert!(leaks("CA锁、UKey，见 https://help.bjca.cn/x?y=1 第A24条").is_empty());
    assert!(leaks("“申请人类别”不能为“company”").is_empty(), "the applicant's own input is quoted");
}

/// Every malformed request of the request corpus gets a zh-CN message naming the field by its
/// label, with no id, field name or English (`message_zh`, beside the English `message`).
#[test]
fn every_request_error_has_a_chinese_message() {
    let rules = Rules::shipped();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/requests");
    let mut found = Vec::new();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let Err(e) = carules::api::decide_text(rules, &text, Options::default()) else { continue };
        n += 1;
        let zh = text::error(&e);
        let l = leaks(&zh);
        if !l.is_empty() || zh.contains("{field}") || zh.contains("一项有误") {
            found.push(format!("{}: {zh}", path.display()));
        }
    }
    assert!(n >= 25, "only {n} malformed requests");
    assert!(found.is_empty(), "{} errors without a precise zh-CN message:\n{}", found.len(), found.join(""));
}
