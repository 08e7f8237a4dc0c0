//! `carules serve` in operation, over a real socket: the decision log (one line per
//! decision, rotated by size), graceful shutdown (a request in flight is answered and its
//! line flushed before the process ends), and hot reload of `--rules DIR` (a good set
//! swapped in, a broken one refused while the old one keeps serving; on change and on
//! SIGHUP).

mod serve_support;

use serde_json::Value as Json;
use serve_support::{Server, qinghai, scratch};
use std::io::{Read, Write};
use std::time::Duration;

fn lines(path: &std::path::Path) -> Vec<Json> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let parsed: Vec<Result<Json, _>> = text.lines().map(serde_json::from_str).collect();
    assert!(parsed.iter().all(Result::is_ok), "a decision-log line is not JSON:\n{text}");
    parsed.into_iter().flatten().collect()
}

#[test]
fn decision_log_has_a_line_per_decision_flushed_on_shutdown() {
    let dir = scratch("log");
    let log = dir.join("decisions.jsonl");
    let mut s = Server::start(&["--decision-log", log.to_str().unwrap_or_default()]);
    let a = s.post("/v1/decide", &[("Content-Type", "application/json"), ("X-Request-Id", "h-1")], &qinghai()).json();
    let b = s.post_json("/v1/documents", r#"{"region":"630000","service":"new","request_id":"d-1"}"#).json();
    assert_eq!(s.post_json("/v1/decide", "{}").status, 400, "an error is not a decision");
    let batch =
        s.post("/v1/batch", &[("Content-Type", "application/x-ndjson")], "{\"region\":\"630000\",\"as_of\":\"2026-11-21T10:00:00+08:00\",\"id\":\"l-1\"}\n");
    assert_eq!(batch.status, 200);
    // A request in flight when SIGTERM comes is still answered, and its line written.
    let mut slow = std::net::TcpStream::connect(&s.addr).unwrap_or_else(|e| panic!("{e}"));
    let body = qinghai();
    let head = format!("POST /v1/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nX-Request-Id: late\r\nContent-Length: {}\r\n\r\n", body.len());
    slow.write_all(head.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    slow.write_all(&body.as_bytes()[..10]).unwrap_or_else(|e| panic!("{e}"));
    // Time for the server to accept the connection and read the head, even on a loaded
    // machine (a connection not yet accepted when SIGTERM comes is not in flight).
    std::thread::sleep(Duration::from_millis(1000));
    s.signal("TERM");
    std::thread::sleep(Duration::from_millis(300));
    slow.write_all(&body.as_bytes()[10..]).unwrap_or_else(|e| panic!("{e}"));
    let mut answer = String::new();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap_or_else(|e| panic!("{e}"));
    let _ = slow.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 200") && answer.contains("\"request_id\":\"late\""), "{answer}");
    assert_eq!(s.wait(), Some(0), "exit code after SIGTERM");
    let got = lines(&log);
    assert_eq!(got.len(), 4, "{got:?}");
    let first = &got[0];
    assert_eq!(first["decision_id"], a["decision_id"]);
    assert_eq!(first["request_id"], "h-1");
    assert_eq!(first["rules_revision"], a["rules_revision"]);
    assert_eq!(first["endpoint"], "decide");
    assert!(first["time"].as_str().is_some_and(|t| t.ends_with("+08:00") && chrono::DateTime::parse_from_rfc3339(t).is_ok()), "{first}");
    assert_eq!(first["request"]["certificate"]["issuer"], "BJCA");
    assert_eq!(first["answer"]["allowed"], false);
    assert!(first["answer"]["findings"].as_array().is_some_and(|f| f.iter().any(|c| c == "bidding.in_progress")), "{first}");
    assert!(first["answer"]["fee"]["status"].is_string());
    assert_eq!((got[1]["decision_id"].clone(), got[1]["request_id"].clone()), (b["decision_id"].clone(), Json::from("d-1")));
    assert_eq!((got[2]["endpoint"].clone(), got[2]["request_id"].clone()), (Json::from("decide"), Json::from("l-1")));
    assert_eq!(got[3]["request_id"], "late");
    assert!(s.stderr.lock().map(|e| e.contains("stopped")).unwrap_or(false));
}

#[test]
fn decision_log_rotates_by_size_and_keeps_n_files() {
    let dir = scratch("rotate");
    let log = dir.join("d.jsonl");
    let mut s = Server::start(&["--decision-log", log.to_str().unwrap_or_default(), "--decision-log-max-bytes", "3000", "--decision-log-keep", "2"]);
    for i in 0..30 {
        let body = format!(r#"{{"region":"630000","as_of":"2026-11-21T10:00:00+08:00","request_id":"r{i}"}}"#);
        assert_eq!(s.post_json("/v1/decide", &body).status, 200);
    }
    s.signal("TERM");
    assert_eq!(s.wait(), Some(0));
    let numbered = |i: u32| dir.join(format!("d.jsonl.{i}"));
    assert!(numbered(1).exists() && numbered(2).exists(), "rotated files");
    assert!(!numbered(3).exists(), "only 2 rotated files are kept");
    for p in [log.clone(), numbered(1), numbered(2)] {
        let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
        assert!(size > 0 && size <= 3000, "{}: {size} bytes", p.display());
    }
    let last = lines(&log);
    assert_eq!(last.last().map(|l| l["request_id"].clone()), Some(Json::from("r29")), "the newest line is in the current file");
}

/// A decision log whose reader has stopped (standard output never read) never holds up an
/// answer: past the queue (here 50 lines) lines are dropped and counted in `/metrics` and
/// `/readyz`, and SIGTERM still ends the process within the grace period. (It used to hang
/// every decision after 65,538 answers, and SIGTERM with it.)
#[test]
fn a_stopped_log_reader_never_blocks_answers() {
    let mut s = Server::start_with(&["--decision-log-queue", "50", "--grace-ms", "2000"], false);
    let body = qinghai();
    let start = std::time::Instant::now();
    for i in 0..400 {
        let r = s.post_json("/v1/decide", &body);
        assert_eq!(r.status, 200, "decision {i}: {}", r.body);
    }
    assert!(start.elapsed() < Duration::from_secs(60), "{:?}", start.elapsed());
    let m = s.get("/metrics").body;
    let dropped: u64 = m.lines().find_map(|l| l.strip_prefix("carules_decision_log_dropped_total ")).and_then(|n| n.trim().parse().ok()).unwrap_or(0);
    assert!(dropped > 100, "{m}");
    let ready = s.get("/readyz");
    let detail = ready.json();
    assert_eq!((ready.status, detail["decision_log"]["capacity"].clone()), (200, Json::from(50)), "{detail}");
    assert!(detail["decision_log"]["dropped"].as_u64().is_some_and(|d| d >= dropped), "{detail}");
    let stopping = std::time::Instant::now();
    s.signal("TERM");
    assert_eq!(s.wait(), Some(0));
    assert!(stopping.elapsed() < Duration::from_secs(10), "{:?}", stopping.elapsed());
}

/// A copy of the shipped rule files.
fn rules_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    for (file, text) in carules::rules::shipped_files() {
        // Some files stand in a folder (`outlines/`).
        let path = dir.join(&file);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|_| std::fs::write(&path, text));
        assert!(written.is_ok(), "{written:?}");
    }
    dir
}

fn revision(s: &Server) -> String {
    s.get("/readyz").json()["rules_revision"].as_str().unwrap_or_default().to_string()
}

#[test]
fn reload_swaps_a_good_rule_set_and_refuses_a_broken_one() {
    let dir = rules_copy("reload");
    let s = Server::start(&["--decision-log", "off", "--rules", dir.to_str().unwrap_or_default(), "--poll-ms", "100"]);
    let first = revision(&s);
    assert_eq!(first, carules::serve::state::revision(&carules::rules::shipped_files()), "same texts, same revision");
    assert_eq!(s.get("/readyz").json()["back_end"], "interpreter");
    let q = dir.join("630000-qinghai.carules");
    let text = std::fs::read_to_string(&q).unwrap_or_default();
    std::fs::write(&q, format!("{text}\n# touched\n")).unwrap_or_else(|e| panic!("{e}"));
    let ready = s.ready_until(|r| r["rules_revision"] != first.as_str());
    let second = ready["rules_revision"].as_str().unwrap_or_default().to_string();
    assert_ne!(second, first, "{ready}");
    assert_eq!(ready["last_reload"]["result"], "swapped");
    let a = s.post_json("/v1/decide", &qinghai());
    assert_eq!((a.json()["rules_revision"].clone(), a.revision.clone()), (Json::from(second.as_str()), Some(second.clone())));
    assert_eq!(a.json()["allowed"], false);
    // A broken file: refused, the old set keeps answering, /readyz and the log say why.
    std::fs::write(dir.join("zz-broken.carules"), "region 999999 {{ this is not a rule").unwrap_or_else(|e| panic!("{e}"));
    let ready = s.ready_until(|r| r["last_reload"]["result"] == "refused");
    assert_eq!(ready["last_reload"]["result"], "refused", "{ready}");
    assert_eq!(ready["rules_revision"], second.as_str());
    assert_eq!(ready["ready"], true);
    assert!(ready["last_reload"]["errors"][0]["file"].as_str().is_some_and(|f| f.contains("zz-broken")), "{ready}");
    let b = s.post_json("/v1/decide", &qinghai());
    assert_eq!((b.status, b.json()["rules_revision"].clone()), (200, Json::from(second.as_str())));
    assert!(s.stderr.lock().map(|e| e.contains("refused")).unwrap_or(false));
    let m = s.get("/metrics").body;
    assert!(m.contains("carules_rules_reloads_total{result=\"refused\"} 1") && m.contains("carules_rules_reloads_total{result=\"swapped\"} 1"), "{m}");
    assert!(m.contains(&format!("revision=\"{second}\"")) && !m.contains(&format!("revision=\"{first}\"")), "{m}");
}

#[test]
fn sighup_reloads_without_polling() {
    let dir = rules_copy("sighup");
    let s = Server::start(&["--decision-log", "off", "--rules", dir.to_str().unwrap_or_default(), "--poll-ms", "0"]);
    let first = revision(&s);
    let q = dir.join("540000-xizang.carules");
    let text = std::fs::read_to_string(&q).unwrap_or_default();
    std::fs::write(&q, format!("{text}\n# edited\n")).unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(revision(&s), first, "no reload without SIGHUP when polling is off");
    s.signal("HUP");
    let ready = s.ready_until(|r| r["rules_revision"] != first.as_str());
    assert_eq!((ready["last_reload"]["result"].clone(), ready["last_reload"]["trigger"].clone()), (Json::from("swapped"), Json::from("SIGHUP")));
}

/// SIGHUP without `--rules` (the shipped rules, nothing to reload) is logged and ignored: it
/// used to end the server (the default action of an unhandled SIGHUP).
#[test]
fn sighup_without_rules_is_ignored() {
    let s = Server::start(&["--decision-log", "off"]);
    s.signal("HUP");
    let start = std::time::Instant::now();
    while !s.stderr.lock().map(|e| e.contains("SIGHUP")).unwrap_or(false) && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(s.get("/healthz").status, 200);
    assert_eq!(s.post_json("/v1/decide", &qinghai()).status, 200);
    assert!(s.stderr.lock().map(|e| e.contains("SIGHUP ignored")).unwrap_or(false), "{:?}", s.stderr.lock().map(|e| e.clone()));
}

/// SIGPIPE (a client gone while its answer is written, a closed decision-log pipe) does not
/// end the server, though the CLI's other subcommands die of it quietly.
#[test]
fn sigpipe_does_not_stop_the_server() {
    let s = Server::start(&["--decision-log", "off"]);
    s.signal("PIPE");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(s.get("/healthz").status, 200);
}

/// `--decision-log -` (the default) writes the lines on standard output, flushed by the
/// time the process has stopped.
#[test]
fn decision_log_on_standard_output() {
    let mut s = Server::start(&[]);
    let a = s.post_json("/v1/decide", &qinghai()).json();
    s.signal("TERM");
    assert_eq!(s.wait(), Some(0));
    std::thread::sleep(Duration::from_millis(100));
    let out = s.stdout.lock().map(|o| o.clone()).unwrap_or_default();
    let lines: Vec<Json> = out.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert_eq!(lines[0]["decision_id"], a["decision_id"]);
}

/// A rule directory that does not check, or an address that cannot be bound, stops the
/// server at start with exit code 1 and the reason on standard error.
#[test]
fn bad_start_exits_1() {
    let dir = scratch("bad-start");
    let written = std::fs::write(dir.join("broken.carules"), "region 999999 { not a rule");
    assert!(written.is_ok());
    let bin = assert_cmd::cargo::cargo_bin("carules");
    let out = std::process::Command::new(&bin).args(["serve", "--listen", "127.0.0.1:0", "--rules", dir.to_str().unwrap_or_default()]).output();
    let out = out.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not check"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = std::process::Command::new(&bin).args(["serve", "--listen", "256.0.0.1:99999"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen"), "{}", String::from_utf8_lossy(&out.stderr));
}

fn reloads(s: &Server, result: &str) -> u32 {
    let m = s.get("/metrics").body;
    let key = format!("carules_rules_reloads_total{{result=\"{result}\"}} ");
    m.lines().find_map(|l| l.strip_prefix(key.as_str())).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// A rule file rewritten in bursts — a half-written copy, then the whole, 20 times, 50 ms
/// apart — is read only once the directory has been still for the debounce interval: one
/// swap, and no refusal of a half-written file.
#[test]
fn reload_waits_for_a_stable_directory() {
    let dir = rules_copy("debounce");
    let s = Server::start(&["--decision-log", "off", "--rules", dir.to_str().unwrap_or_default(), "--poll-ms", "100", "--reload-debounce-ms", "400"]);
    let first = revision(&s);
    let f = dir.join("371500-liaocheng.carules");
    let text = std::fs::read_to_string(&f).unwrap_or_default();
    let half: String = text.chars().take(text.chars().count() / 2).collect();
    for i in 0..20 {
        std::fs::write(&f, &half).unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(25));
        std::fs::write(&f, format!("{text}\n# save {i}\n")).unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(25));
    }
    let ready = s.ready_until(|r| r["rules_revision"] != first.as_str());
    assert_eq!(ready["last_reload"]["result"], "swapped", "{ready}");
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!((reloads(&s, "swapped"), reloads(&s, "refused")), (1, 0), "{}", s.stderr.lock().map(|e| e.clone()).unwrap_or_default());
}

/// A rule set that lost a region the serving set has (a file deleted, or emptied while it is
/// rewritten) is refused — the region would be answered by its parent's rules — unless
/// `--allow-region-removal`.
#[test]
fn reload_refuses_a_set_that_lost_a_region() {
    let dir = rules_copy("region-removal");
    let f = dir.join("371500-liaocheng.carules");
    let text = std::fs::read_to_string(&f).unwrap_or_default();
    let s = Server::start(&["--decision-log", "off", "--rules", dir.to_str().unwrap_or_default(), "--poll-ms", "100", "--reload-debounce-ms", "100"]);
    let first = revision(&s);
    std::fs::remove_file(&f).unwrap_or_else(|e| panic!("{e}"));
    let ready = s.ready_until(|r| r["last_reload"]["result"] == "refused");
    assert_eq!(ready["last_reload"]["regions_removed"], serde_json::json!(["371500"]), "{ready}");
    assert_eq!(ready["last_reload"]["errors"][0]["code"], "reload.regions_removed");
    assert_eq!(ready["rules_revision"], first.as_str(), "the old set keeps serving");
    let a = s.post_json("/v1/decide", r#"{"region":"371500","as_of":"2026-07-01T09:00:00+08:00","service":"change"}"#);
    assert_eq!((a.status, a.json()["region"]["code"].clone()), (200, Json::from("371500")), "{}", a.body);
    drop(s);
    std::fs::write(&f, &text).unwrap_or_else(|e| panic!("{e}"));
    let s = Server::start(&[
        "--decision-log",
        "off",
        "--rules",
        dir.to_str().unwrap_or_default(),
        "--poll-ms",
        "100",
        "--reload-debounce-ms",
        "100",
        "--allow-region-removal",
    ]);
    std::fs::remove_file(&f).unwrap_or_else(|e| panic!("{e}"));
    let ready = s.ready_until(|r| r["last_reload"]["result"] == "swapped");
    assert_eq!(ready["last_reload"]["regions_removed"], serde_json::json!(["371500"]), "{ready}");
}

fn answers_total(s: &Server) -> u64 {
    let m = s.get("/metrics").body;
    m.lines().filter_map(|l| l.strip_prefix("carules_answers_total{").and_then(|r| r.split("} ").nth(1))).filter_map(|n| n.trim().parse::<u64>().ok()).sum()
}

/// `/v1/batch` bounds its work: more than `--max-batch-lines` request lines is refused (413)
/// before any is answered; up to it every line is answered.
#[test]
fn batch_lines_are_bounded() {
    let s = Server::start(&["--decision-log", "off", "--max-batch-lines", "100"]);
    let line = r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00"}"#;
    let body = |n: usize| vec![line; n].join("\n") + "\n\n";
    let over = s.post("/v1/batch", &[("Content-Type", "application/x-ndjson")], &body(101));
    assert_eq!((over.status, over.json()["error"]["code"].clone()), (413, Json::from("request.too_large")), "{}", over.body);
    assert_eq!(answers_total(&s), 0, "nothing answered");
    let within = s.post("/v1/batch", &[("Content-Type", "application/x-ndjson")], &body(100));
    assert_eq!((within.status, within.body.lines().count()), (200, 100));
}

/// `/v1/batch` streams its answers as they are computed, and stops computing when the client
/// leaves: a client that reads the first answers and closes the connection leaves far fewer
/// than all of its lines answered, and the count stops rising. (A 4 MiB batch used to be
/// answered whole in memory, 765 times its size, and to the end after the client had gone.)
#[test]
fn batch_streams_and_stops_when_the_client_leaves() {
    let s = Server::start(&["--decision-log", "off", "--timeout-ms", "120000", "--max-batch-lines", "100000"]);
    let lines = 3_500_000 / (qinghai().len() + 1);
    let body = vec![qinghai(); lines].join("\n");
    let mut c = std::net::TcpStream::connect(&s.addr).unwrap_or_else(|e| panic!("{e}"));
    let head = format!("POST /v1/batch HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n\r\n", body.len());
    c.write_all(head.as_bytes()).and_then(|()| c.write_all(body.as_bytes())).unwrap_or_else(|e| panic!("{e}"));
    let mut first = vec![0u8; 64 * 1024];
    c.set_read_timeout(Some(Duration::from_secs(60))).unwrap_or_else(|e| panic!("{e}"));
    let got = c.read(&mut first).unwrap_or(0);
    let text = String::from_utf8_lossy(&first[..got]).into_owned();
    assert!(text.starts_with("HTTP/1.1 200") && text.contains("x-ndjson"), "{text}");
    drop(c);
    std::thread::sleep(Duration::from_millis(1500));
    let stopped = answers_total(&s);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(answers_total(&s), stopped, "answering went on after the client left");
    assert!(stopped < lines as u64 / 2, "{stopped} of {lines} answered");
}
