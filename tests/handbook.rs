//! The region handbook and the 一次性告知单 (issue 9): for every shipped region both render
//! in HTML and Markdown, carry the key text (region, each service's label, 所需材料, 收费,
//! citations) and no id, rule id, field name or English word; snapshots of one handbook and
//! one notice.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use carules::api::Rules;
use carules::handbook::{guide, notice};
use serde_json::json;

/// Latin-script words a zh-CN page may show: proper names the regulations use, and what the
/// HTML itself is made of (tags, attributes, CSS), which is not text a person reads.
const PROPER: &[&str] = &["CA", "CWCA", "UKey", "USBKey", "USBkey", "USB", "Key", "CRL", "APP", "PDF", "VPN", "U盾"];

/// The text a person reads of an HTML page: tags, the style sheet and entities removed.
fn visible(html: &str) -> String {
    let body = html.split("</style>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
}

/// The Latin-script words of `text` that are not proper names (as tests/zh.rs): ids, rule
/// ids, field names, English. URLs are skipped.
fn leaks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_./:-@?=&%#~".contains(c))) {
        if raw.contains("://") || raw.starts_with("www.") {
            continue;
        }
        for w in raw.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '/')) {
            let has_letter = w.chars().any(|c| c.is_ascii_alphabetic());
            let rule_id = w.len() > 7 && w.as_bytes().get(6) == Some(&b'/') && w.chars().take(6).all(|c| c.is_ascii_digit());
            let code = {
                let letters = w.chars().take_while(|c| c.is_ascii_uppercase()).count();
                (1..=2).contains(&letters) && w.len() > letters && w[letters..].chars().all(|c| c.is_ascii_digit() || c == '-')
            };
            if (has_letter || rule_id) && !PROPER.contains(&w) && !code {
                out.push(w.to_string());
            }
        }
    }
    out
}

fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

/// The shipped regions as `carules regions` lists them.
fn regions_json() -> Vec<serde_json::Value> {
    carules::api::regions(Rules::shipped().set).as_array().unwrap().clone()
}

/// (code, name, services' zh labels) of every shipped region.
fn regions() -> Vec<(String, String, Vec<String>)> {
    let rs = Rules::shipped().set;
    carules::api::regions(rs)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let services = r["services"].as_array().unwrap().iter().map(|s| carules::handbook::label(rs, "service", s.as_str().unwrap()).to_string()).collect();
            (r["code"].as_str().unwrap().to_string(), r["name"].as_str().unwrap().to_string(), services)
        })
        .collect()
}

#[test]
fn the_leak_check_finds_ids_and_english() {
    assert_eq!(leaks(&visible("<td class=\"n\">营业执照 business_license</td><p>371500/onsite</p>")), ["business_license", "371500/onsite"]);
    assert!(leaks(&visible("<style>body{font-family:sans}</style><p>CA锁 UKey 见 https://x.cn/a?b=1 第A24条</p>")).is_empty());
}

#[test]
fn every_region_has_a_chinese_handbook_in_html_and_markdown() {
    let rules = Rules::shipped();
    let mut found = Vec::new();
    for (code, name, services) in regions() {
        let h = guide::build(rules, &code, as_of()).unwrap_or_else(|e| panic!("{code}: {}", e.message));
        let html = guide::html(&h).unwrap();
        let md = guide::md(&h).unwrap();
        for (format, text) in [("html", visible(&html)), ("md", md)] {
            // A region without services points to its sub-regions' handbooks when it has any
            // (山东, 新疆); 上海's texts regulate no service and it has no sub-region with rules.
            let has_children = regions_json().iter().any(|r| r["parent"].as_str() == Some(code.as_str()));
            let keys: &[&str] = if services.is_empty() && has_children {
                &["未列出证书服务事项", "下级地区另有办事指南", "依据文件"]
            } else if services.is_empty() {
                &["未列出证书服务事项", "依据文件"]
            } else {
                &["所需材料", "收费", "办结时限", "办理时间", "依据", "办理条件与限制", "单位", "个人"]
            };
            for key in std::iter::once(&name.as_str()).chain(keys) {
                if !text.contains(key) {
                    found.push(format!("{code} {format}: no {key}"));
                }
            }
            for s in &services {
                if !text.contains(&format!(". {s}")) {
                    found.push(format!("{code} {format}: no section for {s}"));
                }
            }
            if !text.contains("《") {
                found.push(format!("{code} {format}: no citation"));
            }
            let l = leaks(&text);
            if !l.is_empty() {
                found.push(format!("{code} {format}: leaks {}", l.join(" ")));
            }
        }
        assert!(html.contains("@page") && html.contains("A4"), "{code}: the HTML prints on A4");
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// A notice request for a region: an organization asking for the region's first service,
/// on site, with one document handed in.
fn notice_request(code: &str, service: &str) -> serde_json::Value {
    json!({"region": code, "as_of": "2026-11-21T10:00:00+08:00", "service": service, "channel": "onsite",
           "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true}, "submitted_documents": []})
}

#[test]
fn every_region_has_a_chinese_notice_in_html_and_markdown() {
    let rules = Rules::shipped();
    let mut found = Vec::new();
    for r in carules::api::regions(rules.set).as_array().unwrap() {
        let code = r["code"].as_str().unwrap();
        for service in r["services"].as_array().unwrap() {
            let n = notice::build(rules, &notice_request(code, service.as_str().unwrap())).unwrap_or_else(|e| panic!("{code}: {}", e.message));
            for (format, text) in [("html", visible(&notice::html(&n))), ("md", notice::md(&n))] {
                for key in [
                    "一次性告知单",
                    r["name"].as_str().unwrap(),
                    n.service.as_str(),
                    "所需材料",
                    "收费",
                    "办结时限",
                    "办理时间",
                    "依据",
                    "签字",
                    "2026年11月21日 10:00",
                    "尚缺材料",
                ] {
                    if !text.contains(key) {
                        found.push(format!("{code} {service} {format}: no {key}"));
                    }
                }
                let l = leaks(&text);
                if !l.is_empty() {
                    found.push(format!("{code} {service} {format}: leaks {}", l.join(" ")));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn a_refused_notice_says_why_with_the_article() {
    let request = json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
        "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
        "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
        "bidding": {"encrypted_bid_uploaded": true, "closed": false}, "submitted_documents": ["authorization_letter"]});
    let n = notice::build(Rules::shipped(), &request).unwrap();
    let md = notice::md(&n);
    assert!(md.contains("不予办理"), "{md}");
    assert!(md.contains("招投标期间一律不得续期"), "{md}");
    assert!(
        md.contains(
            "招投标期间一律不得续期，变更证书，否则会导致无法解密标书（处理办法：续期或变更证书的请提前办理，请在招投标空闲期间办理续期变更业务）〔1〕"
        ),
        "{md}"
    );
    assert!(md.contains("- 《青海省公共资源交易平台CA数字证书办理指南》：〔1〕四 注"), "the reference names the article: {md}");
    assert!(md.contains("法人身份证复印件"), "a missing document is named: {md}");
    assert!(!n.missing.as_ref().unwrap().iter().any(|m| m.contains("授权委托书")), "the letter was handed in");
}

#[test]
fn a_notice_for_another_question_or_a_bad_request_is_a_located_error() {
    let e = notice::build(Rules::shipped(), &json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "question": "acceptance"})).unwrap_err();
    assert_eq!(e.path, "/question");
    assert!(!e.message_zh.is_empty());
    let e = notice::build(Rules::shipped(), &json!({"region": "990000", "as_of": "2026-11-21T10:00:00+08:00"})).unwrap_err();
    assert_eq!(e.path, "/region");
    let e = guide::build(Rules::shipped(), "火星", as_of()).unwrap_err();
    assert_eq!(e.path, "/region");
}

#[test]
fn snapshot_of_the_liaocheng_handbook() {
    let h = guide::build(Rules::shipped(), "371500", as_of()).unwrap();
    let md = guide::md(&h).unwrap();
    assert!(md.contains("夏季 08:30-11:30，14:00-17:30（法定工作日）；冬季 08:30-11:30，13:30-17:00（法定工作日）"), "a guide for the year gives every season");
    insta::assert_snapshot!("handbook_371500_md", md);
}

#[test]
fn snapshot_of_a_qinghai_notice() {
    let request = json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
        "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
        "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"}, "submitted_documents": ["authorization_letter"]});
    let n = notice::build(Rules::shipped(), &request).unwrap();
    insta::assert_snapshot!("notice_630000_renewal_md", notice::md(&n));
}

#[test]
fn pdf_without_chromium_is_a_clear_error_not_a_panic() {
    let out = std::env::temp_dir().join(format!("carules-no-chromium-{}.pdf", std::process::id()));
    let run = assert_cmd::Command::cargo_bin("carules")
        .unwrap()
        .env_remove("CHROMIUM")
        .env("PATH", "")
        .args(["handbook", "--region", "630000", "--as-of", "2026-11-21", "--format", "pdf", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("apt-get install chromium"), "names what to install: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn the_cli_writes_markdown_and_html() {
    let md =
        assert_cmd::Command::cargo_bin("carules").unwrap().args(["handbook", "--region", "聊城", "--as-of", "2026-11-21", "--format", "md"]).output().unwrap();
    assert_eq!(md.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("# 聊城市CA数字证书办事指南"));
    let bad = assert_cmd::Command::cargo_bin("carules").unwrap().args(["handbook", "--region", "火星"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("请求有误"));
    let notice = assert_cmd::Command::cargo_bin("carules")
        .unwrap()
        .args(["notice", "-", "--format", "html"])
        .write_stdin(notice_request("371500", "change").to_string())
        .output()
        .unwrap();
    assert_eq!(notice.status.code(), Some(0));
    let html = String::from_utf8_lossy(&notice.stdout);
    assert!(html.contains("<h1>一次性告知单</h1>") && html.contains("聊城市") && html.contains("size: A4"));
}

#[test]
fn an_undetermined_notice_says_what_is_still_to_be_confirmed() {
    let request = json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "applicant": {"kind": "organization"}});
    let n = notice::build(Rules::shipped(), &request).unwrap();
    let md = notice::md(&n);
    assert_eq!(n.verdict, "还需确认");
    assert!(!md.contains("可以办理"), "{md}");
    assert!(md.contains("还需确认\n"), "{md}");
    assert!(md.contains("- 证书到期日（影响能否办理）：若证书服务为续期，且证书到期日 − 受理日 > 30天：须在证书失效前30天以内"), "{md}");
    assert!(md.contains("若 证书签发机构：原江苏CA："), "documents by case: {md}");
}

/// The section of service `label` in a handbook's Markdown (up to the next service).
fn section<'a>(md: &'a str, label: &str) -> &'a str {
    let start = md.find(&format!(". {label}\n")).unwrap_or_else(|| panic!("no section {label}"));
    let rest = &md[start..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn a_service_section_leaves_out_rules_of_another_service_written_through_a_let() {
    // 安徽's renewal rules test `service == renewal` inside `let bjca_renewal = …`.
    let md = guide::md(&guide::build(Rules::shipped(), "340000", as_of()).unwrap()).unwrap();
    let new = section(&md, "新办");
    assert!(!new.contains("证书服务为续期"), "{new}");
    assert!(!new.contains("在线申请更新业务"), "{new}");
    assert!(section(&md, "续期").contains("【不予办理】若（证书服务为续期，且证书签发机构为北京数字认证股份有限公司"), "the renewal section keeps them");
}

#[test]
fn an_undecided_fee_shows_every_fee_the_rules_give_with_its_condition() {
    // 聊城 新办 is free under 二（一） for registered trading parties' first certificate: it
    // depends on the roles and on whether a free certificate was received.
    let md = guide::md(&guide::build(Rules::shipped(), "371500", as_of()).unwrap()).unwrap();
    let new = section(&md, "新办");
    let fees = &new[new.find("**收费**").unwrap()..new.find("**办结时限**").unwrap()];
    assert!(fees.contains("已在主体库/诚信库入库：是，且（交易角色含投标人"), "{fees}");
    assert!(fees.contains("：免费（依据：《公共资源交易CA数字证书服务指南》 二（一））"), "{fees}");
    assert!(fees.contains("自行缴费（规定未设收费标准）（依据：《公共资源交易CA数字证书服务指南》 二（四）2）"), "{fees}");
    let everyone = fees.lines().filter(|l| l.contains("不属于二（一）免费新办范围")).all(|l| l.trim_start().starts_with("- 注"));
    assert!(everyone && !fees.starts_with("**收费**\n\n规定未明确"), "not the out-of-scope fee for everyone: {fees}");
}

#[test]
fn a_notice_asks_first_says_each_fact_once_and_shows_what_it_assumed() {
    let request = json!({"region": "340000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "applicant": {"kind": "organization"}});
    let mut n = notice::build(Rules::shipped(), &request).unwrap();
    let md = notice::md(&n);
    let asks = md.find("## 一、还需确认").unwrap_or_else(|| panic!("{md}"));
    assert!(asks < md.find("所需材料").unwrap(), "the questions come first: {md}");
    let questions: Vec<&str> = md[asks..].lines().skip(2).take_while(|l| l.starts_with("- ")).collect();
    let mut labels: Vec<&str> = questions.iter().map(|l| l.split('（').next().unwrap()).collect();
    let all = labels.len();
    labels.dedup();
    assert_eq!(labels.len(), all, "one entry per fact: {md}");
    let sentences: Vec<&str> = questions.iter().flat_map(|l| l.split('；')).filter(|s| s.contains('〔')).collect();
    let mut unique = sentences.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), sentences.len(), "no line repeated: {md}");
    // The answer's `assumed` part shows as 本答复所作假设: 安徽 assumes one year (A 第一条).
    assert!(md.contains("## 二、本答复所作假设\n\n- 假设：服务年限为1〔"), "{md}");
    n.guide.assumed = vec![carules::handbook::view::Assumed {
        sentence: "假设：服务年限为1年".into(),
        cite: "《证书更新（北京CA帮助中心·安徽）》 证书更新规则 第一条".into(),
    }];
    let mut h = guide::build(Rules::shipped(), "340000", as_of()).unwrap();
    h.services[0].kinds[0].guide.assumed = n.guide.assumed.clone();
    let md = guide::md(&h).unwrap();
    assert!(md.contains("**本答复所作假设**\n\n- 假设：服务年限为1年（依据：《证书更新（北京CA帮助中心·安徽）》 证书更新规则 第一条）"), "{md}");
}
