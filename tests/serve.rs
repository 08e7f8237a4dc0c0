//! `carules serve` over a real socket (the built binary on an ephemeral loopback port):
//! every endpoint, every error status with the error object, `request_id` echo by body and
//! header, and answers byte for byte those of the front door with the server's fields
//! spliced in front. Decision log, reload and shutdown: `tests/serve_ops.rs`.

mod serve_support;

use serde_json::Value as Json;
use serve_support::{Server, qinghai};
use std::time::Duration;

/// The answer without the server-added fields, as the front door writes it.
fn unstamped(body: &str) -> String {
    let mut v: serde_json::Map<String, Json> = serde_json::from_str(body).unwrap_or_default();
    v.remove("decision_id");
    v.remove("rules_revision");
    serde_json::to_string(&v).unwrap_or_default()
}

#[test]
fn decide_answers_as_the_front_door_with_decision_id_and_revision() {
    let s = Server::start(&["--decision-log", "off"]);
    let a = s.post_json("/v1/decide", &qinghai());
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.content_type.as_deref(), Some("application/json"));
    assert!(a.body.starts_with("{\"decision_id\":\""), "{}", a.body);
    let direct = carules::api::decide_str(carules::api::Rules::shipped(), &qinghai(), carules::api::Options::default());
    let direct: Json = serde_json::from_str(&direct.unwrap_or_default()).unwrap_or_default();
    assert_eq!(unstamped(&a.body), direct.to_string(), "the server's answer is the front door's");
    let v = a.json();
    assert_eq!(v["allowed"], false);
    let revision = carules::serve::state::revision(&carules::rules::shipped_files());
    assert_eq!(v["rules_revision"], revision.as_str());
    assert_eq!(a.revision.as_deref(), Some(revision.as_str()), "X-Rules-Revision header");
    let b = s.post_json("/v1/decide", &qinghai()).json();
    assert_ne!(v["decision_id"], b["decision_id"], "decision_id is unique per answer");
    let d = s.post_json("/v1/documents", r#"{"region":"630000","service":"new","applicant":{"kind":"organization"}}"#);
    assert_eq!(d.status, 200, "{}", d.body);
    let direct = carules::api::documents_str(carules::api::Rules::shipped(), r#"{"region":"630000","service":"new","applicant":{"kind":"organization"}}"#);
    let direct: Json = serde_json::from_str(&direct.unwrap_or_default()).unwrap_or_default();
    assert_eq!(unstamped(&d.body), direct.to_string());
    assert!(d.json()["decision_id"].is_string());
}

#[test]
fn read_only_endpoints() {
    let s = Server::start(&["--decision-log", "off"]);
    let regions = s.get("/v1/regions").json();
    assert!(regions.as_array().is_some_and(|r| r.iter().any(|x| x["code"] == "630000")), "{regions}");
    assert!(s.get("/v1/vocabulary").json().get("service").is_some());
    let request = s.get("/v1/schema/request").json();
    assert_eq!(request["properties"]["request_id"]["maxLength"], 200);
    let response = s.get("/v1/schema/response").json();
    assert_eq!(Some(response), serde_json::from_str::<Json>(carules::api::schema::RESPONSE_SCHEMA).ok());
    assert_eq!(s.get("/healthz").json()["status"], "ok");
    let ready = s.get("/readyz");
    assert_eq!(ready.status, 200);
    let ready = ready.json();
    assert_eq!(ready["ready"], true);
    assert_eq!(ready["back_end"], "compiled");
    assert!(ready["rules_revision"].as_str().is_some_and(|r| r.starts_with("sha256:") && r.len() == 23), "{ready}");
}

/// Every `$ref` of the OpenAPI document resolves inside it, and every endpoint is there.
#[test]
fn openapi_document_is_whole() {
    let s = Server::start(&["--decision-log", "off"]);
    let doc = s.get("/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    for p in [
        "/v1/decide",
        "/v1/documents",
        "/v1/batch",
        "/v1/regions",
        "/v1/vocabulary",
        "/v1/schema/request",
        "/v1/schema/response",
        "/openapi.json",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(doc["paths"].get(p).is_some(), "no {p} in /openapi.json");
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 20, "{refs:?}");
    for r in refs {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "unresolved {r}");
    }
    assert!(doc["components"]["schemas"]["Request"]["properties"].get("as_of").is_some());
    // The answers of /readyz and /v1/regions have exactly the keys their schemas name, all required.
    let schemas = &doc["components"]["schemas"];
    let keys = |v: &Json| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    for (answer, schema) in [(s.get("/readyz").json(), &schemas["Readiness"]), (s.get("/v1/regions").json()[0].clone(), &schemas["RegionInfo"])] {
        let required: Vec<String> = schema["required"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect();
        assert_eq!(sorted(keys(&answer)), sorted(keys(&schema["properties"])), "{answer}");
        assert_eq!(sorted(required), sorted(keys(&answer)));
    }
    assert!(doc["paths"]["/readyz"]["get"]["responses"].get("503").is_some());
    // Answer: one stamped schema per kind of answer (a generator types each; it cannot merge
    // an allOf of an anyOf).
    let kinds: Vec<&str> = schemas["Answer"]["anyOf"].as_array().unwrap().iter().map(|r| r["$ref"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["#/components/schemas/ServiceAnswer", "#/components/schemas/AcceptanceAnswer", "#/components/schemas/EvaluationAnswer"]);
}

fn collect_refs(v: &Json, out: &mut Vec<String>) {
    match v {
        Json::Object(m) => {
            if let Some(Json::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Json::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[test]
fn request_id_from_body_or_header() {
    let s = Server::start(&["--decision-log", "off"]);
    let body = r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00","request_id":"body-1"}"#;
    let a = s.post("/v1/decide", &[("Content-Type", "application/json"), ("X-Request-Id", "hdr-1")], body);
    assert_eq!(a.json()["request_id"], "body-1", "the body's own id is the answer's");
    assert_eq!(a.request_id.as_deref(), Some("hdr-1"), "the header is echoed as a header");
    let body = r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00"}"#;
    let b = s.post("/v1/decide", &[("Content-Type", "application/json"), ("X-Request-Id", "hdr-2")], body).json();
    assert_eq!(b["request_id"], "hdr-2");
    let keys: Vec<&String> = b.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    assert!(keys.len() > 5);
    let e = s.post("/v1/decide", &[("Content-Type", "application/json"), ("X-Request-Id", "hdr-3")], r#"{"region":"630000","years":0}"#);
    assert_eq!(e.status, 400);
    assert_eq!(e.json()["request_id"], "hdr-3", "{}", e.body);
    let e = s.post_json("/v1/decide", r#"{"region":"630000","years":0,"id":"own"}"#).json();
    assert_eq!(e["request_id"], "own");
    let long = "x".repeat(201);
    let e = s.post("/v1/decide", &[("Content-Type", "application/json"), ("X-Request-Id", &long)], body);
    assert_eq!((e.status, e.json()["error"]["code"].clone()), (400, Json::from("request.invalid")));
}

fn code(r: &serve_support::Reply) -> String {
    r.json()["error"]["code"].as_str().unwrap_or_default().to_string()
}

#[test]
fn each_error_has_its_status_and_the_error_object() {
    let s = Server::start(&["--decision-log", "off", "--max-body-bytes", "1000", "--timeout-ms", "500"]);
    let bad = s.post_json("/v1/decide", "{\"region\": ");
    assert_eq!((bad.status, code(&bad)), (400, "request.invalid".into()));
    assert_eq!(bad.json()["error"]["path"], "");
    let invalid = s.post_json("/v1/decide", r#"{"region":"630000","applicant":{"kind":"robot"}}"#);
    assert_eq!((invalid.status, invalid.json()["error"]["path"].clone()), (400, Json::from("/applicant/kind")));
    let big = s.post_json("/v1/decide", &format!("{{\"region\":\"{}\"}}", "x".repeat(2000)));
    assert_eq!((big.status, code(&big)), (413, "request.too_large".into()));
    let form = s.post("/v1/decide", &[("Content-Type", "application/x-www-form-urlencoded")], "a=b");
    assert_eq!((form.status, code(&form)), (415, "request.unsupported_media_type".into()));
    let missing = s.get("/v2/decide");
    assert_eq!((missing.status, code(&missing)), (404, "request.not_found".into()));
    let wrong = s.get("/v1/decide");
    assert_eq!((wrong.status, code(&wrong), wrong.allow.as_deref()), (405, "request.method_not_allowed".into(), Some("POST")));
    let wrong = s.post_json("/v1/regions", "{}");
    assert_eq!((wrong.status, wrong.allow.as_deref()), (405, Some("GET, HEAD")));
    // A chunked body past the limit (no Content-Length to refuse it by).
    let chunk = "x".repeat(600);
    let chunked = format!(
        "POST /v1/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    let r = s.raw(chunked.as_bytes(), Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 413") && r.contains("request.too_large"), "{r}");
    // A body that never comes: 408 with the error object once the request's time is up.
    let slow = "POST /v1/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"re";
    let r = s.raw(slow.as_bytes(), Duration::from_secs(5));
    assert!(r.starts_with("HTTP/1.1 408") && r.contains("request.timeout"), "{r}");
    // Bytes that are not HTTP get hyper's 400 and the server goes on answering.
    let _ = s.raw(b"\x16\x03\x01\x02\x00garbage\r\n\r\n", Duration::from_secs(2));
    assert_eq!(s.get("/healthz").status, 200);
    let metrics = s.get("/metrics").body;
    for line in [
        "carules_errors_total{code=\"request.too_large\"} 2",
        "carules_errors_total{code=\"request.timeout\"} 1",
        "carules_errors_total{code=\"request.not_found\"} 1",
    ] {
        assert!(metrics.contains(line), "no `{line}` in\n{metrics}");
    }
}

#[test]
fn batch_answers_lines_in_order() {
    let s = Server::start(&["--decision-log", "off"]);
    let lines = [
        r#"{"request_id":"a","region":"630000","as_of":"2026-11-21T10:00:00+08:00"}"#,
        "",
        r#"{"id":"b","region":"630000","years":0}"#,
        "{not json",
        &qinghai(),
    ];
    let r = s.post("/v1/batch", &[("Content-Type", "application/x-ndjson")], &lines.join("\n"));
    assert_eq!((r.status, r.content_type.as_deref()), (200, Some("application/x-ndjson")));
    let answers: Vec<Json> = r.body.lines().map(|l| serde_json::from_str(l).unwrap_or_default()).collect();
    assert_eq!(answers.len(), 4, "{}", r.body);
    assert_eq!((answers[0]["request_id"].clone(), answers[0]["decision_id"].is_string()), (Json::from("a"), true));
    assert_eq!((answers[1]["request_id"].clone(), answers[1]["error"]["path"].clone()), (Json::from("b"), Json::from("/years")));
    assert!(answers[2]["error"].is_object());
    assert_eq!(answers[3]["allowed"], false);
}

#[test]
fn metrics_count_requests_answers_and_the_revision() {
    let s = Server::start(&["--decision-log", "off"]);
    assert_eq!(s.post_json("/v1/decide", &qinghai()).status, 200);
    assert_eq!(s.post_json("/v1/decide", r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00"}"#).status, 200);
    assert_eq!(s.post_json("/v1/decide", "[]").status, 400);
    let m = s.get("/metrics");
    assert!(m.content_type.as_deref().is_some_and(|c| c.starts_with("application/openmetrics-text")));
    let revision = carules::serve::state::revision(&carules::rules::shipped_files());
    for line in [
        "carules_http_requests_total{endpoint=\"decide\",status=\"200\"} 2".to_string(),
        "carules_http_requests_total{endpoint=\"decide\",status=\"400\"} 1".to_string(),
        "carules_answers_total{outcome=\"denied\"} 1".to_string(),
        "carules_answers_total{outcome=\"undetermined\"} 1".to_string(),
        "carules_errors_total{code=\"request.invalid\"} 1".to_string(),
        format!("carules_rules_revision{{revision=\"{revision}\",back_end=\"compiled\"}} 1"),
        "carules_http_request_duration_seconds_count{endpoint=\"decide\"} 3".to_string(),
    ] {
        assert!(m.body.contains(&line), "no `{line}` in\n{}", m.body);
    }
}

/// The concurrency limit counts decisions, not bodies being received: with one slot, two
/// clients sending their bodies slowly do not hold up a third.
#[test]
fn a_slow_body_takes_no_decision_slot() {
    use std::io::Write;
    let s = Server::start(&["--decision-log", "off", "--concurrency", "1", "--timeout-ms", "5000"]);
    let head = "POST /v1/decide HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"re";
    let slow: Vec<std::net::TcpStream> = (0..2)
        .filter_map(|_| {
            let mut c = std::net::TcpStream::connect(&s.addr).ok()?;
            c.write_all(head.as_bytes()).ok()?;
            Some(c)
        })
        .collect();
    assert_eq!(slow.len(), 2);
    std::thread::sleep(Duration::from_millis(200));
    let start = std::time::Instant::now();
    let a = s.post_json("/v1/decide", &qinghai());
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(start.elapsed() < Duration::from_secs(2), "the decision waited {:?} behind slow senders", start.elapsed());
}

/// A connection that sends no head, or stays idle after an answer, is closed after
/// `--header-timeout-ms`: idle connections cannot pile up.
#[test]
fn idle_connections_are_closed() {
    use std::io::{Read, Write};
    let s = Server::start(&["--decision-log", "off", "--header-timeout-ms", "300"]);
    for first in [&b""[..], b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"] {
        let mut c = std::net::TcpStream::connect(&s.addr).unwrap_or_else(|e| panic!("{e}"));
        c.set_read_timeout(Some(Duration::from_secs(5))).unwrap_or_else(|e| panic!("{e}"));
        c.write_all(first).unwrap_or_else(|e| panic!("{e}"));
        let start = std::time::Instant::now();
        let mut got = Vec::new();
        let read = c.read_to_end(&mut got);
        assert!(read.is_ok(), "the connection was not closed: {read:?}");
        assert!(start.elapsed() < Duration::from_secs(3), "closed after {:?}", start.elapsed());
        assert_eq!(first.is_empty(), got.is_empty(), "{}", String::from_utf8_lossy(&got));
    }
}
