//! Silence is not permission, seen where a clerk or an applicant reads the answer: a service
//! the region's texts do not regulate (青海 解锁) is never 可以办理 — not in the JSON, the
//! text view or the 一次性告知单 — and an answer that used a default says so in each of them.
#![allow(clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

fn carules(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    if let Some(mut i) = child.stdin.take() {
        i.write_all(stdin.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

const QINGHAI_UNLOCK: &str = r#"{"region": "630000", "as_of": "2026-11-23T10:00:00+08:00", "service": "unlock",
  "channel": "onsite", "reason": "forgot_password", "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true}}"#;

#[test]
fn an_unregulated_service_is_not_allowed_in_json_text_or_notice() {
    let (code, json) = carules(&["decide", "-"], QINGHAI_UNLOCK);
    assert_eq!(code, 0, "{json}");
    let a: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(a["allowed"], serde_json::Value::Null, "{a}");
    assert_eq!(a["not_regulated"]["reason"], "service", "{a}");
    assert!(a.get("needs").is_none(), "not regulated is not 'waiting on a fact': {a}");
    let (_, text) = carules(&["decide", "--format", "text", "-"], QINGHAI_UNLOCK);
    let verdict = text.lines().find(|l| l.starts_with("结论：")).unwrap_or_default();
    assert_eq!(verdict, "结论：本地规定未涉及（本地规定未涉及该业务，请向窗口咨询）", "{text}");
    let (_, notice) = carules(&["notice", "--format", "md", "-"], QINGHAI_UNLOCK);
    assert!(notice.contains("## 办理结论\n\n本地规定未涉及该业务，请向窗口咨询"), "{notice}");
    assert!(!notice.contains("可以办理"), "{notice}");
}

#[test]
fn a_default_the_answer_used_is_stated_with_its_citation_everywhere() {
    // 西藏 reads a request without `years` as one year (第二十五条 表, cited).
    let req = r#"{"region": "540000", "as_of": "2026-11-23T10:00:00+08:00", "service": "new", "channel": "onsite",
      "reason": "user_request", "applicant": {"kind": "organization", "roles": ["bidder"]}}"#;
    let (_, json) = carules(&["decide", "-"], req);
    let a: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(a["assumed"][0]["fact"], "years", "{a}");
    assert_eq!(a["assumed"][0]["affects"], serde_json::json!(["fee"]), "{a}");
    assert_eq!(a["fee"]["amount"], "400.00", "{a}");
    let (_, text) = carules(&["decide", "--format", "text", "-"], req);
    assert!(text.contains("本答复所作假设") && text.contains("假设：服务年限为1（依据：藏公共资源专班〔2021〕19号"), "{text}");
    let (_, notice) = carules(&["notice", "--format", "md", "-"], req);
    assert!(notice.contains("本答复所作假设") && notice.contains("- 假设：服务年限为1〔"), "{notice}");
    // Given, the fact is no assumption.
    let (_, json) = carules(&["decide", "-"], &req.replace("\"service\": \"new\"", "\"service\": \"new\", \"years\": 1"));
    assert!(!json.contains("\"assumed\""), "{json}");
}
