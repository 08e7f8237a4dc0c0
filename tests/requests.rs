//! Snapshot corpus of malformed requests: `tests/requests/*.json` and `*.yaml`.
//!
//! Each request is parsed (`api::parse_json`, YAML files as the CLI reads them: `carules::yaml::request`) and answered (`api::decide`) against the
//! shipped rules; the spec's error object `{"error": {code, message, path}}` is snapshotted.
//! A request that is accepted fails the test. JSON files are also answered from their text
//! (`api::decide_str`, the streaming path of WASM and `carules batch`), by both back ends:
//! the error object must be the same. Two more tests run the built binary: `decide`
//! on a bad request (exit 2, the error object on stdout) and `check` on a rule directory
//! holding a broken file (exit 1).

use carules::api::{Options, Rules};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

#[test]
fn malformed_requests() {
    let rs = match carules::rules::shipped() {
        Ok(rs) => rs,
        Err(d) => {
            assert!(d.is_empty(), "the shipped rules do not check: {d:?}");
            return;
        }
    };
    let mut failures: Vec<String> = Vec::new();
    let mut count = 0usize;
    insta::glob!("requests/*.{json,yaml}", |path| {
        count += 1;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{name}: cannot read: {e}"));
                return;
            }
        };
        // YAML request files are read as the CLI reads them; JSON through the API.
        let parsed = if name.ends_with(".yaml") { carules::yaml::request(&text) } else { carules::api::parse_json(&text) };
        let err = match parsed.and_then(|j| carules::api::decide(Rules::interpreted(rs), &j, Options::default())) {
            Ok(_) => {
                failures.push(format!("{name}: the request was accepted, but it is malformed"));
                return;
            }
            Err(e) => e,
        };
        let obj = err.to_json();
        if name.ends_with(".json") {
            for (back_end, rules) in [("interpreted", Rules::interpreted(rs)), ("compiled", Rules::shipped())] {
                let streamed = carules::api::decide_str(rules, &text, Options::default()).map(|_| Json::Null);
                let streamed = streamed.map_err(|e| serde_json::from_str::<Json>(&e).unwrap_or(Json::Null));
                if streamed != Err(obj.clone()) {
                    failures.push(format!("{name}: decide_str ({back_end}) differs from parse_json + decide: {streamed:?} vs {obj}"));
                }
            }
        }
        if obj.pointer("/error/code") != Some(&Json::from("request.invalid")) {
            failures.push(format!("{name}: error code is not request.invalid: {obj}"));
        }
        let pretty = serde_json::to_string_pretty(&obj).unwrap_or_default();
        // The request as the snapshot's description (the first 2,000 characters of a large one).
        let description: String = text.trim_end().chars().take(2000).collect();
        insta::with_settings!({ description => description }, {
            insta::assert_snapshot!(pretty);
        });
    });
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(count >= 15, "expected at least 15 malformed requests in tests/requests, found {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cli_decide_bad_request_exits_2_with_error_object() {
    let request = manifest_dir().join("tests/requests/unknown_enum_near_miss.json");
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("decide").arg(&request).output();
    assert!(out.is_ok(), "cannot run carules: {out:?}");
    let Ok(out) = out else { return };
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Json = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    assert_eq!(json.pointer("/error/code"), Some(&Json::from("request.invalid")), "stdout: {stdout}");
    assert_eq!(json.pointer("/error/path"), Some(&Json::from("/applicant/kind")), "stdout: {stdout}");
    let message = json.pointer("/error/message").and_then(Json::as_str).unwrap_or("");
    assert!(message.contains("organization"), "the message should suggest `organization`: {message}");
}

/// Every place of the national table resolves (issue "Nothing assumed in silence"): by code or
/// by name, with or without its suffix, a county of every province with rules is answered by
/// its nearest region with rules — the city where the city has its own (锡林郭勒盟, 宣城, 聊城) —
/// and `asked_region` names the place asked. Both back ends, and the answer writer's text.
/// (asked, the region that answers, the place asked: code and name; None = the region itself)
type Case = (&'static str, &'static str, Option<(&'static str, &'static str)>);

#[test]
fn place_names_and_codes_resolve_to_the_nearest_region_with_rules() {
    let cases: &[Case] = &[
        ("西宁", "630000", Some(("630100", "西宁市"))),
        ("西宁市", "630000", Some(("630100", "西宁市"))),
        ("格尔木市", "630000", Some(("632801", "格尔木市"))),
        ("格尔木", "630000", Some(("632801", "格尔木市"))),
        ("632801", "630000", Some(("632801", "格尔木市"))),
        ("海西蒙古族藏族自治州", "630000", Some(("632800", "海西蒙古族藏族自治州"))),
        ("海西州", "630000", Some(("632800", "海西蒙古族藏族自治州"))),
        ("平遥县", "140000", Some(("140728", "平遥县"))),
        ("鄂伦春自治旗", "150000", Some(("150723", "鄂伦春自治旗"))),
        ("锡林浩特市", "152500", Some(("152502", "锡林浩特市"))),
        ("152502", "152500", Some(("152502", "锡林浩特市"))),
        ("锡林郭勒", "152500", None),
        ("延吉市", "220000", Some(("222401", "延吉市"))),
        ("漠河", "230000", Some(("232701", "漠河市"))),
        ("歙县", "340000", Some(("341021", "歙县"))),
        ("宁国市", "341800", Some(("341881", "宁国市"))),
        ("曲阜市", "370000", Some(("370881", "曲阜市"))),
        ("临清市", "371500", Some(("371581", "临清市"))),
        ("371581", "371500", Some(("371581", "临清市"))),
        ("墨脱县", "540000", Some(("540423", "墨脱县"))),
        // A code the table lacks, below a province with rules: answered as before, unnamed.
        ("630199", "630000", Some(("630199", ""))),
    ];
    let rs = carules::rules::shipped();
    assert!(rs.is_ok(), "the shipped rules do not check: {rs:?}");
    let Ok(rs) = rs else { return };
    for (back_end, rules) in [("compiled", Rules::shipped()), ("interpreted", Rules::interpreted(rs))] {
        for (asked, by, place) in cases {
            let request = serde_json::json!({"region": asked, "as_of": "2026-11-21T10:00:00+08:00", "service": "new", "applicant": {"kind": "organization"}});
            let answer = carules::api::decide_json(rules, &request, Options::default());
            assert_eq!(answer.pointer("/region/code"), Some(&Json::from(*by)), "{back_end}: `{asked}`: {answer}");
            let got = answer.get("asked_region").map(|a| (a["code"].as_str().unwrap_or(""), a.get("name").and_then(Json::as_str).unwrap_or("")));
            assert_eq!(got, *place, "{back_end}: `{asked}`: {answer}");
            let text = carules::api::decide_str(rules, &request.to_string(), Options::default()).unwrap_or_default();
            assert_eq!(serde_json::from_str::<Json>(&text).ok(), Some(answer), "{back_end}: `{asked}`: the writer differs");
        }
    }
}

/// A JSON value built in Rust may nest deeper than JSON text can (the text parser stops at
/// 128): the decoder skips what is below 256 levels without recursing, and refuses it.
#[test]
fn a_value_nested_too_deep_is_refused_without_recursion() {
    let mut deep = Json::from(1);
    for _ in 0..1000 {
        deep = Json::Array(vec![deep]);
    }
    let request = serde_json::json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "zzz": deep});
    let err = carules::api::decide(Rules::shipped(), &request, Options::default()).err();
    let err = err.map(|e| (e.path.len(), e.message));
    assert_eq!(err, Some((4 + 2 * 255, "lists and objects nest more than 256 deep here".to_string())));
    // Objects in objects count as levels too.
    let mut deep = Json::from(1);
    for _ in 0..1000 {
        deep = serde_json::json!({"a": deep});
    }
    let request = serde_json::json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "zzz": deep});
    let err = carules::api::decide(Rules::shipped(), &request, Options::default()).err();
    let err = err.map(|e| (e.path.len(), e.message));
    assert_eq!(err, Some((4 + 2 * 255, "lists and objects nest more than 256 deep here".to_string())));
}

#[test]
fn cli_decide_yaml_with_a_duplicate_key_exits_2() {
    let request = manifest_dir().join("tests/requests/duplicate_key.yaml");
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("decide").arg(&request).output();
    assert!(out.is_ok(), "cannot run carules: {out:?}");
    let Ok(out) = out else { return };
    assert_eq!(out.status.code(), Some(2), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap_or(Json::Null);
    assert_eq!(json.pointer("/error/path"), Some(&Json::from("/service")), "stdout: {json}");
}

/// A fresh directory under cargo's scratch space for integration tests.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn cli_check_broken_rules_exits_1() {
    let dir = scratch_dir("carules-check-broken");
    let copy = |name: &str, from: PathBuf| std::fs::read_to_string(from).and_then(|t| std::fs::write(dir.join(name), t));
    let setup = std::fs::create_dir_all(&dir)
        .and_then(|_| copy("prelude.carules", manifest_dir().join("rules/prelude.carules")))
        .and_then(|_| copy("calendar.carules", manifest_dir().join("rules/calendar.carules")))
        .and_then(|_| copy("610000-broken.carules", manifest_dir().join("tests/check/e0401_conflict_without_overrides.carules")));
    assert!(setup.is_ok(), "cannot set up {}: {setup:?}", dir.display());
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("check").arg(&dir).output();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.is_ok(), "cannot run carules: {out:?}");
    let Ok(out) = out else { return };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stdout: {stdout}");
    assert!(stdout.contains("610000-broken.carules:19:5: error[E0401]"), "stdout: {stdout}");
    assert!(stdout.contains("1 error(s)"), "stdout: {stdout}");
}

/// `carules <subcommand> … | head -1`, for every subcommand (and help, version, an error
/// object, a bad argument): the reader has gone before carules writes a byte (the pipe's
/// read end is closed before it starts), so every write fails. The CLI must end quietly —
/// exit 0, its usual code, or death by SIGPIPE as other Unix tools — never panic with
/// "failed printing to stdout" (exit 101).
#[cfg(unix)]
#[test]
fn cli_output_into_a_closed_pipe_does_not_panic() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let dir = manifest_dir();
    let batch_input = scratch_dir("carules-pipe").with_extension("jsonl");
    let lines = "{\"region\":\"630000\"}\n".repeat(2000);
    assert!(std::fs::write(&batch_input, lines).is_ok());
    let batch_input = batch_input.to_string_lossy().into_owned();
    let runs: Vec<Vec<&str>> = vec![
        vec!["decide", "examples/qinghai-renewal-during-bidding.yaml"],
        vec!["decide", "--format", "text", "examples/qinghai-renewal-during-bidding.yaml"],
        vec!["decide", "--format", "yaml", "--interpret", "examples/xizang-org-new-3-years.json"],
        vec!["decide", "tests/requests/unknown_enum_near_miss.json"],
        vec!["documents", "--region", "青海", "--applicant", "单位", "--service", "renewal"],
        vec!["documents", "--format", "json", "--region", "630000", "--applicant", "organization", "--service", "new"],
        vec!["check", "rules"],
        vec!["check", "tests/check"],
        vec!["test", "rules"],
        vec!["test", "--verbose", "rules"],
        vec!["schema", "request"],
        vec!["schema", "response"],
        vec!["regions"],
        vec!["sample", "--count", "2000"],
        vec!["batch", &batch_input],
        vec!["codegen", "rules"],
        vec!["fmt", "--check", "tests/check"],
        vec!["diff", "rules", "rules", "--samples", "10", "--as-of", "2026-06-01T10:00:00+08:00"],
        vec!["test", "rules/630000-qinghai.carules"],
        vec!["test", "--format", "junit", "rules"],
        vec!["test", "--coverage", "rules"],
        vec!["check", "--format", "json", "tests/check"],
        vec!["handbook", "--region", "630000", "--format", "md", "--as-of", "2026-11-21"],
        vec!["handbook", "--region", "630000", "--format", "html", "--as-of", "2026-11-21"],
        vec!["notice", "examples/qinghai-renewal-during-bidding.yaml"],
        vec!["notice", "--format", "md", "examples/qinghai-renewal-during-bidding.yaml"],
        vec!["serve", "--help"],
        vec!["lsp"],
        vec!["--help"],
        vec!["decide", "--help"],
        vec!["--version"],
        vec!["no-such-subcommand"],
    ];
    let mut failures = Vec::new();
    for args in &runs {
        let (reader, writer) = match std::io::pipe() {
            Ok(p) => p,
            Err(e) => panic!("cannot make a pipe: {e}"),
        };
        drop(reader);
        let out = Command::new(assert_cmd::cargo::cargo_bin("carules"))
            .current_dir(&dir)
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output();
        let Ok(out) = out else { panic!("cannot run carules {args:?}: {out:?}") };
        let err = String::from_utf8_lossy(&out.stderr);
        let quiet = matches!(out.status.code(), Some(0..=2)) || out.status.signal() == Some(SIGPIPE);
        if err.contains("panicked") || !quiet {
            failures.push(format!("carules {}: {:?}\n{err}", args.join(" "), out.status));
        }
    }
    let _ = std::fs::remove_file(&batch_input);
    assert!(failures.is_empty(), "into a closed pipe:\n{}", failures.join("\n"));
}

/// SIGPIPE's number (13 on every Unix carules builds for).
#[cfg(unix)]
const SIGPIPE: i32 = 13;

/// The answer lines of `carules batch -` given `input` on standard input (it must succeed).
fn batch_lines(input: Vec<u8>) -> Vec<String> {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).args(["batch", "-"]).write_stdin(input).output();
    assert!(out.as_ref().is_ok_and(|o| o.status.success()), "{out:?}");
    out.map(|o| String::from_utf8_lossy(&o.stdout).lines().map(str::to_string).collect()).unwrap_or_default()
}

/// `carules batch`: a line that is not UTF-8 gets an error object naming the line, and the
/// lines after it are still answered, one answer per request line, in order.
#[test]
fn batch_answers_every_line_even_after_one_that_is_not_utf8() {
    let input: &[u8] = b"{\"region\":\"630000\"}\n\xff\xfe\n{\"region\":\"540000\"}\n";
    let lines = batch_lines(input.to_vec());
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[1].contains("line 2 is not valid UTF-8"), "{}", lines[1]);
    assert!(lines[2].contains("as_of"), "the line after it is answered: {}", lines[2]);
}

/// `carules batch`: a line over the request size limit (1 MiB) gets an error object naming
/// it and its size, and the lines after it are still answered.
#[test]
fn batch_answers_every_line_even_after_one_over_the_size_limit() {
    let mut input = b"{\"region\":\"630000\"}\n{\"region\":\"".to_vec();
    input.extend(std::iter::repeat_n(b'6', 3 << 20));
    input.extend(b"\"}\r\n{\"region\":\"540000\"}\n");
    let lines = batch_lines(input);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[1].contains("line 2 is 3145743 bytes: a request is at most 1048576 bytes (1 MiB)"), "{}", lines[1]);
    assert!(lines[2].contains("as_of"), "the line after it is answered: {}", lines[2]);
}

/// `carules batch -` as a helper process: the answer to a line comes while standard input is
/// still open (each answer is flushed), so a program can write one request and wait for it.
#[test]
fn batch_from_standard_input_answers_each_line_at_once() {
    use std::io::{BufRead, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else { panic!("no pipes") };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    writeln!(stdin, "{{\"region\":\"x\"}}").unwrap_or_else(|e| panic!("{e}"));
    stdin.flush().unwrap_or_else(|e| panic!("{e}"));
    let answer = rx.recv_timeout(std::time::Duration::from_secs(30));
    drop(stdin);
    let _ = child.wait();
    let answer = answer.unwrap_or_else(|_| panic!("no answer while standard input stayed open"));
    assert!(answer.contains("unknown region"), "{answer}");
}

/// `carules batch -` driven line by line: each answer echoes its line's `request_id` (or
/// `id`), error objects included, and comes before the next line is written.
#[test]
fn batch_echoes_each_lines_request_id_line_by_line() {
    use std::io::{BufRead, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("carules"))
        .args(["batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else { panic!("no pipes") };
    let mut answers = std::io::BufReader::new(stdout);
    let lines = [
        (r#"{"request_id":"r1","region":"630000","as_of":"2026-11-21T10:00:00+08:00","service":"renewal"}"#, Some("r1"), "allowed"),
        (r#"{"id":"r2","region":"540000","as_of":"2026-11-21T10:00:00+08:00","question":"acceptance"}"#, Some("r2"), "accepted"),
        (r#"{"region":"630000","years":0,"request_id":"r3"}"#, Some("r3"), "error"),
        (r#"{"region":"630000","request_id":"r4","id":"r4"}"#, None, "error"),
        (r#"{"request_id":"r5","#, None, "error"),
        (r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00"}"#, None, "allowed"),
    ];
    for (request, id, key) in lines {
        writeln!(stdin, "{request}").unwrap_or_else(|e| panic!("{e}"));
        stdin.flush().unwrap_or_else(|e| panic!("{e}"));
        let mut line = String::new();
        answers.read_line(&mut line).unwrap_or_else(|e| panic!("{e}"));
        let answer: Json = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_eq!(answer.get("request_id").and_then(Json::as_str), id, "{request} -> {line}");
        assert!(answer.get(key).is_some(), "{request} -> {line}");
    }
    drop(stdin);
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
}

/// Each bound is exact: a string of 1,024 bytes, an object of 1,000 keys and a list of 1,000
/// items are read (and then refused for what they say), one byte, key or item more is refused
/// for its size.
#[test]
fn limits_hold_exactly_at_their_bounds() {
    let message = |text: &str| {
        let err = carules::api::decide_str(Rules::shipped(), text, Options::default()).err().unwrap_or_default();
        let err: Json = serde_json::from_str(&err).unwrap_or(Json::Null);
        err.pointer("/error/message").and_then(Json::as_str).unwrap_or("").to_string()
    };
    let region = |n: usize| format!("{{\"region\": \"{}\", \"as_of\": \"2026-11-21T10:00:00+08:00\"}}", "6".repeat(n));
    assert!(message(&region(1024)).starts_with("unknown region"), "{}", message(&region(1024)));
    assert!(message(&region(1025)).starts_with("a string of 1025 bytes"), "{}", message(&region(1025)));
    let keys = |n: usize| {
        let extra: Vec<String> = (2..n).map(|i| format!("\"x{i}\": 1")).collect();
        format!("{{\"region\": \"630000\", \"as_of\": \"2026-11-21T10:00:00+08:00\", {}}}", extra.join(", "))
    };
    assert!(!message(&keys(1000)).contains("keys in one object"), "{}", message(&keys(1000)));
    assert_eq!(message(&keys(1001)), "more than 1000 keys in one object");
    let items = |n: usize| format!("{{\"region\": \"630000\", \"as_of\": \"2026-11-21T10:00:00+08:00\", \"together\": [{}]}}", vec!["{}"; n].join(","));
    assert!(!message(&items(1000)).contains("items in one list"), "a list of exactly 1,000 items is within the bound: {}", message(&items(1000)));
    assert_eq!(message(&items(1001)), "more than 1000 items in one list");
}

/// A whole number is at most 1,000,000 in size (`api::request::limits::MAX_WHOLE`):
/// `years: 9223372036854775807` was read and its fee overflowed into `amount: null`; now it
/// and a number past `u64` are refused at their path, and the bound itself is read.
#[test]
fn whole_numbers_are_bounded() {
    let ask = |years: &str| {
        let text = format!(
            "{{\"region\":\"540000\",\"as_of\":\"2026-11-21T10:00:00+08:00\",\"service\":\"new\",\"applicant\":{{\"kind\":\"organization\"}},\"years\":{years}}}"
        );
        carules::api::decide_str(Rules::shipped(), &text, Options::default())
    };
    for huge in ["9223372036854775807", "18446744073709551615", "1000001", "-1000001"] {
        let err = ask(huge).err().unwrap_or_default();
        let err: Json = serde_json::from_str(&err).unwrap_or(Json::Null);
        assert_eq!(err.pointer("/error/path"), Some(&Json::from("/years")), "{huge}: {err}");
        let message = err.pointer("/error/message").and_then(Json::as_str).unwrap_or("");
        assert!(message.starts_with("a whole number is at most 1000000") || message.contains("below the smallest"), "{huge}: {message}");
    }
    let answer: Json = serde_json::from_str(&ask("1000000").unwrap_or_default()).unwrap_or(Json::Null);
    assert!(answer.get("fee").is_some(), "{answer}");
}

/// Dates and times are read in the years 1000 to 9000 (`api::request::limits::YEARS`): an
/// `as_of` of 9999-12-31 gave 锡林郭勒盟's 30-minute deadline a `due` of
/// `+10000-01-01T00:20:00+08:00`, which is not RFC 3339. Refused at its path; every `due` of
/// an answer at the bound is RFC 3339.
#[test]
fn dates_and_times_stay_within_four_digit_years() {
    let ask = |as_of: &str| {
        let text =
            format!("{{\"region\":\"152500\",\"as_of\":\"{as_of}\",\"service\":\"new\",\"channel\":\"onsite\",\"applicant\":{{\"kind\":\"organization\"}}}}");
        carules::api::decide_str(Rules::shipped(), &text, Options::default())
    };
    for far in ["9999-12-31T23:50:00+08:00", "9999-12-31T16:00:00Z", "9001-01-01T00:00:00+08:00", "0999-12-31T10:00:00+08:00"] {
        let err: Json = serde_json::from_str(&ask(far).err().unwrap_or_default()).unwrap_or(Json::Null);
        assert_eq!(err.pointer("/error/path"), Some(&Json::from("/as_of")), "{far}: {err}");
    }
    let answer: Json = serde_json::from_str(&ask("9000-12-31T23:50:00+08:00").unwrap_or_default()).unwrap_or(Json::Null);
    let due = answer.pointer("/deadline/due").and_then(Json::as_str).unwrap_or("");
    assert!(chrono::DateTime::parse_from_rfc3339(due).is_ok() && due.starts_with("9001-01-01"), "{answer}");
}

/// The request limits (docs/api.md, "Limits") on inputs too large to commit: each is refused
/// with the error object at the right place, by both back ends on the text path and on the
/// value path, and the message never echoes more than a few dozen bytes of what it refuses.
/// (Their time in a release build is measured by the command in docs/api.md.)
#[test]
fn huge_requests_are_refused_without_echo() {
    let as_of = "\"as_of\": \"2026-11-21T10:00:00+08:00\"";
    let huge = "6".repeat(100 << 20);
    let texts = [
        ("100,000 levels of JSON nesting", format!("{{\"region\": \"630000\", {as_of}, \"together\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)), ""),
        ("a 100 MB region", format!("{{\"region\": \"{huge}\", {as_of}}}"), ""),
        ("1,000,000 together items", format!("{{\"region\": \"630000\", {as_of}, \"together\": [{}]}}", vec!["{}"; 1_000_000].join(",")), ""),
        (
            "90,000 keys",
            format!("{{\"region\": \"630000\", {as_of}, \"observations\": {{{}}}}}", (0..90_000).map(|i| format!("\"{i}\":1")).collect::<Vec<_>>().join(",")),
            "/observations",
        ),
    ];
    for (what, text, path) in &texts {
        for rules in [Rules::shipped(), carules::rules::shipped().map(Rules::interpreted).unwrap_or(Rules::shipped())] {
            let err = carules::api::decide_str(rules, text, Options::default()).err().unwrap_or_default();
            let err: Json = serde_json::from_str(&err).unwrap_or(Json::Null);
            assert_eq!(err.pointer("/error/path"), Some(&Json::from(*path)), "{what}: {err}");
            let message = err.pointer("/error/message").and_then(Json::as_str).unwrap_or("");
            assert!(!message.is_empty() && message.len() < 200, "{what}: {message}");
        }
    }
    // The value path (a host holding a `serde_json::Value`): the same bounds, at the value.
    let values = [
        ("a 100 MB region", serde_json::json!({"region": huge, "as_of": "2026-11-21T10:00:00+08:00"}), "/region"),
        ("a 100 MB service", serde_json::json!({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": huge}), "/service"),
        ("1,000,000 together items", serde_json::json!({"region": "630000", "together": vec![serde_json::json!({}); 1_000_000]}), "/together"),
    ];
    for (what, value, path) in &values {
        let err = carules::api::decide(Rules::shipped(), value, Options::default()).err();
        let err = err.map(|e| (e.path, e.message.len() < 200));
        assert_eq!(err, Some((path.to_string(), true)), "{what}");
    }
    // YAML as the CLI reads it: 100,000 levels of flow nesting are refused before parsing.
    let yaml = format!("region: \"630000\"\ntogether: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let err = carules::yaml::request(&yaml).err().map(|e| e.message);
    assert_eq!(err.as_deref(), Some("the request's lists and objects nest more than 128 deep (line 2, column 139)"));
}

/// Request files at the edges, through the CLI: each a located error object (exit 2) naming
/// the file — empty, a directory, over 1 MiB (read no further), not UTF-8; `batch` on a
/// directory says it cannot read it.
#[test]
fn cli_request_files_at_the_edges() {
    let dir = scratch_dir("carules-request-files");
    assert!(std::fs::create_dir_all(&dir).is_ok());
    let files: [(&str, Vec<u8>, &str); 4] = [
        ("empty.yaml", b" \n".to_vec(), "`{}` is empty: a request is a JSON or YAML object"),
        ("big.json", vec![b' '; (1 << 20) + 1], "`{}` is more than 1048576 bytes (1 MiB): a request is read up to that size"),
        ("latin1.yaml", b"region: \"630000\"\nnote: caf\xe9\n".to_vec(), "`{}` is not UTF-8 text: invalid byte at offset 26"),
        ("a-directory", Vec::new(), "`{}` is a directory, not a request file"),
    ];
    for (name, bytes, want) in &files {
        let path = dir.join(name);
        let made = if *name == "a-directory" { std::fs::create_dir_all(&path) } else { std::fs::write(&path, bytes) };
        assert!(made.is_ok(), "{made:?}");
        let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("decide").arg(&path).output();
        let Ok(out) = out else { panic!("cannot run carules") };
        assert_eq!(out.status.code(), Some(2), "{name}");
        let json: Json = serde_json::from_slice(&out.stdout).unwrap_or(Json::Null);
        let want = want.replace("{}", &path.to_string_lossy());
        assert_eq!(json.pointer("/error/message"), Some(&Json::from(want)), "{name}");
        assert_eq!(json.pointer("/error/path"), Some(&Json::from("")), "{name}");
    }
    // `carules batch` on a directory said nothing and exited 2.
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("carules")).arg("batch").arg(dir.join("a-directory")).output();
    let Ok(out) = out else { panic!("cannot run carules") };
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `"), "{}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A group of facts given as `null` is the group not given (docs/api.md: absent and null
/// are the same), on the text path of both back ends and on the value path.
#[test]
fn a_null_group_is_the_group_not_given() {
    let rs = match carules::rules::shipped() {
        Ok(rs) => rs,
        Err(d) => {
            assert!(d.is_empty(), "the shipped rules do not check: {d:?}");
            return;
        }
    };
    let without = r#"{"region": "540000", "as_of": "2026-11-21T10:00:00+08:00", "service": "new", "applicant": {"kind": "organization"}}"#;
    let with_null = r#"{"region": "540000", "as_of": "2026-11-21T10:00:00+08:00", "service": "new", "applicant": {"kind": "organization"}, "certificate": null, "bidding": null}"#;
    for rules in [Rules::shipped(), Rules::interpreted(rs)] {
        let a = carules::api::decide_str(rules, without, Options::default());
        assert!(a.is_ok(), "{a:?}");
        assert_eq!(a, carules::api::decide_str(rules, with_null, Options::default()));
    }
    let value = |t: &str| {
        carules::api::parse_json(t)
            .and_then(|j| carules::api::decide(Rules::shipped(), &j, Options::default()))
            .map(|r| serde_json::to_value(r).ok())
            .map_err(|e| e.to_json())
    };
    assert!(value(with_null).is_ok(), "{:?}", value(with_null));
    assert_eq!(value(without), value(with_null));
}

/// `carules documents` with any fact (`--fact PATH=VALUE`, read as the fact's declared type
/// by the request reader) and a request file: 安徽's BJCA online renewal list prints; what a
/// branch still needs is named; a bad value or a key given twice is a located error, exit 2.
#[test]
fn the_documents_query_takes_any_fact_and_a_request_file() {
    let run = |args: &[&str], stdin: &str| {
        let out = assert_cmd::Command::cargo_bin("carules").unwrap().args(args).write_stdin(stdin.to_string()).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let base = ["documents", "--region", "安徽", "--service", "renewal", "--channel", "online"];
    let issue = [&base[..], &["--fact", "renewal.new_expires_on=2027-06-30"]].concat();
    let (code, text) = run(&issue, "");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("【若 证书签发机构：北京数字认证股份有限公司】\n  所需材料：还需确认（尚需：受理时间、证书到期日）"), "{text}");
    let listed =
        [&base[..], &["--fact", "certificate.issuer=BJCA", "--fact", "certificate.expires_on=2026-12-10", "--as-of", "2026-11-21T10:00:00+08:00"]].concat();
    let (code, text) = run(&listed, "");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("1. 需更新的USBKey证书"), "{text}");
    let file = r#"{"region": "安徽", "service": "renewal", "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10"}}"#;
    let (code, text) = run(&["documents", "-", "--channel", "online", "--as-of", "2026-11-21T10:00:00+08:00"], file);
    assert_eq!((code, text.contains("1. 需更新的USBKey证书")), (Some(0), true), "{text}");
    let (code, text) = run(&["documents", "-", "--format", "json", "--fact", "certificate.issuer=JSCA"], file);
    assert_eq!(code, Some(2), "{text}");
    let e: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(e["error"]["path"], "/certificate/issuer", "{text}");
    let (code, text) = run(&[&base[..], &["--fact", "applicant.delegated=maybe"]].concat(), "");
    assert_eq!((code, text.trim()), (Some(2), "请求有误：“委托代办”应为是或否"));
    let (code, text) = run(
        &[&base[..], &["--format", "json", "--fact", "years=2", "--fact", "applicant.roles=bidder,supplier", "--fact", "applicant.delegated=是"]].concat(),
        "",
    );
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&[&base[..], &["--json", "--fact", "years=zwei"]].concat(), "");
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("\"path\": \"/years\""), "{text}");
}
