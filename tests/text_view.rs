//! The zh-CN text view (`carules decide --format text`, `carules documents`), as a clerk
//! reads it: snapshots of the shipped examples, and the labels it shares with the portal
//! (`vocabulary()` under `answer.*`).

#![allow(clippy::panic)] // the helper outside #[test] functions fails loudly when the binary cannot run

use std::path::Path;

fn carules(args: &[&str]) -> String {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output();
    let out = out.unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn decide_text_of_the_examples() {
    for ex in ["examples/xizang-org-new-3-years.json", "examples/qinghai-renewal-during-bidding.yaml", "examples/liaocheng-documents.yaml"] {
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join(ex).is_file(), "{ex} is missing");
        let name = ex.trim_start_matches("examples/").replace('.', "_");
        insta::assert_snapshot!(name, carules(&["decide", "--format", "text", ex]));
    }
}

#[test]
fn documents_text_by_case() {
    insta::assert_snapshot!(carules(&["documents", "--region", "青海", "--applicant", "单位", "--service", "renewal"]));
}

#[test]
fn the_text_view_uses_the_shared_labels() {
    let vocab = carules::api::vocabulary(carules::api::Rules::shipped().set);
    let label = |table: &str, id: &str| {
        vocab[table].as_array().and_then(|a| a.iter().find(|x| x["id"] == id)).and_then(|x| x["label"].as_str()).map(str::to_string).unwrap_or_default()
    };
    let text = carules(&["decide", "--format", "text", "examples/xizang-org-new-3-years.json"]);
    for (table, id) in [("answer.fee_status", "capped"), ("answer.per", "year"), ("answer.severity", "deny")] {
        let l = label(table, id);
        assert!(!l.is_empty() && text.contains(&l), "{table}/{id}: `{l}` not in the text view:\n{text}");
    }
}

/// 锡林郭勒盟 new certificate: the city's fee rule overrides the province's "unspecified" one.
const XILINGUOLE_NEW: &str = r#"{"region": "152500", "as_of": "2026-11-20T10:00:00+08:00", "service": "new", "channel": "onsite", "applicant": {"kind": "organization", "roles": ["bidder"]}}"#;

fn carules_stdin(args: &[&str], input: &str) -> String {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).args(args).write_stdin(input).output();
    let out = out.unwrap_or_else(|e| panic!("cannot run carules: {e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `--explain` says why (issue 9): each rule's condition, the facts it read with their values,
/// and for an exception the rule it set aside — in the JSON answer with ids, in the text view
/// in zh-CN with citations instead of ids.
#[test]
fn explain_shows_conditions_facts_and_what_an_exception_overrode() {
    let json: serde_json::Value = serde_json::from_str(&carules_stdin(&["decide", "--explain", "-"], XILINGUOLE_NEW)).unwrap_or_default();
    let trace = json["trace"].as_array().cloned().unwrap_or_default();
    let fee = trace.iter().find(|t| t["rule"] == "152500/fee.published").cloned().unwrap_or_default();
    assert_eq!(fee["result"], "applied", "{fee}");
    assert_eq!(fee["overrode"], serde_json::json!(["150000/fee.unspecified"]), "{fee}");
    assert_eq!(fee["condition"], "true", "{fee}");
    let overridden = trace.iter().find(|t| t["rule"] == "150000/fee.unspecified").cloned().unwrap_or_default();
    assert_eq!(overridden["result"], "overridden", "{overridden}");
    let read = trace.iter().find(|t| t["facts"].as_array().is_some_and(|f| f.iter().any(|x| x["fact"] == "service"))).cloned().unwrap_or_default();
    let service = read["facts"].as_array().and_then(|f| f.iter().find(|x| x["fact"] == "service").cloned()).unwrap_or_default();
    assert_eq!((service["value"].as_str(), service["value_zh"].as_str(), service["label"].as_str()), (Some("new"), Some("新办"), Some("证书服务")));

    let text = carules_stdin(&["decide", "--explain", "--format", "text", "-"], XILINGUOLE_NEW);
    assert!(text.contains("判断过程"), "--format text honours --explain:\n{text}");
    assert!(!text.contains("152500/") && !text.contains("150000/"), "no rule ids in the zh view:\n{text}");
    insta::assert_snapshot!(text);
}

/// An exception that overrides many rules names only those it set aside in this answer:
/// 西藏's free service for centre staff (第二十四条) overrides eight fee rules, of which an
/// individual's reissue meets one.
#[test]
fn explain_names_only_the_rules_set_aside() {
    let request = r#"{"region": "540000", "as_of": "2026-11-21T10:00:00+08:00", "service": "reissue", "reason": "lost", "applicant": {"kind": "individual", "roles": ["center_staff"]}}"#;
    let json: serde_json::Value = serde_json::from_str(&carules_stdin(&["decide", "--explain", "-"], request)).unwrap_or_default();
    let trace = json["trace"].as_array().cloned().unwrap_or_default();
    let staff = trace.iter().find(|t| t["rule"] == "540000/fee.center_staff").cloned().unwrap_or_default();
    assert_eq!(staff["result"], "applied", "{staff}");
    assert_eq!(staff["overrode"], serde_json::json!(["540000/fee.ind.reissue"]), "{staff}");
}

/// A rule whose condition waits on a missing fact is traced as `unknown`, not as another
/// result: 安徽's 北京CA renewal with the channel and the expiry date not given.
#[test]
fn explain_traces_a_rule_waiting_on_a_fact_as_unknown() {
    let request = r#"{"region": "340000", "as_of": "2026-06-01T10:00:00+08:00", "service": "renewal", "applicant": {"kind": "organization"}, "trading": {"platform": "ggzy"}, "certificate": {"issuer": "BJCA"}}"#;
    let json: serde_json::Value = serde_json::from_str(&carules_stdin(&["decide", "--explain", "-"], request)).unwrap_or_default();
    let trace = json["trace"].as_array().cloned().unwrap_or_default();
    let download = trace.iter().find(|t| t["rule"] == "340000/renewal.download").cloned().unwrap_or_default();
    assert_eq!(download["result"], "unknown", "{download}");
}

/// The text view's acceptance verdict tells "depends on a fact" (还需确认, with branches)
/// from "the regulation is silent" (规定未明确): 安徽, a certificate of 合肥 with the trading
/// system not given, and a 北京 certificate on the provincial system.
#[test]
fn the_acceptance_verdict_tells_undetermined_from_unspecified() {
    let pending =
        r#"{"region": "340000", "as_of": "2026-06-01T10:00:00+08:00", "question": "acceptance", "certificate": {"issued_in": "340100", "issuer": "AHCA"}}"#;
    let text = carules_stdin(&["decide", "--format", "text", "-"], pending);
    assert!(text.contains("证书互认：还需确认"), "{text}");
    let silent = r#"{"region": "340000", "as_of": "2026-06-01T10:00:00+08:00", "question": "acceptance", "certificate": {"issued_in": "110000", "issuer": "BJCA"}, "trading": {"platform": "ggzy"}}"#;
    let text = carules_stdin(&["decide", "--format", "text", "-"], silent);
    assert!(text.contains("证书互认：规定未明确"), "{text}");
}

/// Guards the mutation "the text view prints 可以办理 for a refused request" (issue 10): the
/// README's headline command, a renewal in Qinghai while a bid is open, is refused
/// (bidding.in_progress), and the text view must say so; once the bidding has closed it
/// reads 可以办理.
#[test]
fn the_text_view_verdict_follows_allowed() {
    let refused = carules(&["decide", "--format", "text", "examples/qinghai-renewal-during-bidding.yaml"]);
    assert!(refused.contains("结论：不予办理"), "a refused request must read 不予办理:\n{refused}");
    assert!(!refused.contains("可以办理"), "a refused request must never read 可以办理:\n{refused}");
    // The same request once the bidding has closed is allowed.
    let example = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/qinghai-renewal-during-bidding.yaml")).unwrap_or_default();
    let closed = example.replace("closed: false", "closed: true");
    assert_ne!(closed, example, "the example no longer says `closed: false`");
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).args(["decide", "--format", "text", "-"]).write_stdin(closed).output();
    let allowed = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    assert!(allowed.contains("结论：可以办理"), "an allowed request reads 可以办理:\n{allowed}");
    let json = carules(&["decide", "examples/qinghai-renewal-during-bidding.yaml"]);
    let answer: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(answer["allowed"], false, "the example is refused: {json}");
}
