//! Shared by the `carules serve` tests: the built binary started on an ephemeral loopback
//! port, HTTP calls (ureq), raw socket writes for what a client library will not send, and
//! signals.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value as Json;
use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `carules serve`.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Everything written on standard error so far.
    pub stderr: Arc<Mutex<String>>,
    /// Everything written on standard output so far (the decision log with `-`).
    pub stdout: Arc<Mutex<String>>,
    /// The threads reading standard error and output, joined by [`Server::wait`] so that
    /// everything the process wrote before it ended is in `stderr` and `stdout`.
    readers: Vec<std::thread::JoinHandle<()>>,
}

/// A fresh scratch directory under the target directory.
pub fn scratch(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

impl Server {
    /// Starts `carules serve --listen 127.0.0.1:0 ARGS…` and waits for its address.
    pub fn start(args: &[&str]) -> Server {
        Server::start_with(args, true)
    }

    /// As [`Server::start`], but nothing reads standard output (`drain` false): a decision
    /// log on `-` whose reader has stopped.
    pub fn start_with(args: &[&str], drain: bool) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("carules"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let (err, all) = (child.stderr.take().unwrap(), stderr.clone());
        let err_reader = std::thread::spawn(move || {
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://") {
                    let addr: String = line[i + 7..].chars().take_while(|c| !c.is_whitespace()).collect();
                    let _ = tx.send(addr);
                }
                all.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        // Standard output (the decision log with `-`) is drained too, so it never blocks.
        let stdout = Arc::new(Mutex::new(String::new()));
        let mut readers = vec![err_reader];
        if drain {
            let (out, all_out) = (child.stdout.take().unwrap(), stdout.clone());
            readers.push(std::thread::spawn(move || {
                for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                    all_out.lock().unwrap().push_str(&(line + "\n"));
                }
            }));
        }
        let addr = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("no address: {}", stderr.lock().unwrap()));
        Server { child, base: format!("http://{addr}"), addr, stderr, stdout, readers }
    }

    /// GET `path`: status, the `X-Rules-Revision` and `X-Request-Id` headers, body.
    pub fn get(&self, path: &str) -> Reply {
        reply(ureq::get(&format!("{}{path}", self.base)).call())
    }

    /// POST `body` to `path` with `headers`.
    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut req = ureq::post(&format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.set(k, v);
        }
        reply(req.send_string(body))
    }

    /// POST JSON to `path`.
    pub fn post_json(&self, path: &str, body: &str) -> Reply {
        self.post(path, &[("Content-Type", "application/json")], body)
    }

    /// Sends a signal (`TERM`, `HUP`) to the server.
    pub fn signal(&self, sig: &str) {
        let ok = Command::new("kill").args([&format!("-{sig}"), &self.child.id().to_string()]).status().unwrap();
        assert!(ok.success());
    }

    /// Waits for the process to end (at most 30 s); its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Some(s) = self.child.try_wait().unwrap() {
                // The pipes are closed now: the readers end once they have read everything.
                for r in self.readers.drain(..) {
                    let _ = r.join();
                }
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not stop");
    }

    /// Polls `/readyz` until `pred` holds (at most 20 s); the last detail.
    pub fn ready_until(&self, pred: impl Fn(&Json) -> bool) -> Json {
        let start = Instant::now();
        loop {
            let r = self.get("/readyz").json();
            if pred(&r) || start.elapsed() > Duration::from_secs(20) {
                return r;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Writes `bytes` on a new connection and reads the whole reply (the server closes it or
    /// the read times out after `wait`).
    pub fn raw(&self, bytes: &[u8], wait: Duration) -> String {
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(wait)).unwrap();
        let _ = s.write_all(bytes);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP reply.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub revision: Option<String>,
    pub request_id: Option<String>,
    pub allow: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Json {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

fn reply(r: Result<ureq::Response, ureq::Error>) -> Reply {
    let resp = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let h = |k: &str| resp.header(k).map(str::to_string);
    let (revision, request_id, allow, content_type) = (h("x-rules-revision"), h("x-request-id"), h("allow"), h("content-type"));
    let status = resp.status();
    Reply { status, revision, request_id, allow, content_type, body: resp.into_string().unwrap() }
}

/// The example request of the README (a 青海 renewal during bidding), compact.
pub fn qinghai() -> String {
    let v: Json = serde_json::from_str(include_str!("../../benches/qinghai-renewal.json")).unwrap();
    v.to_string()
}
