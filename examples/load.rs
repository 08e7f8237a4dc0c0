//! Load test of `carules serve` on loopback, bounded in count and time (docs/service.md):
//!
//! ```sh
//! cargo build --release && cargo run --release --example load -- [--requests N] [--seconds S] [--log off|-|FILE]
//! ```
//!
//! Starts `target/release/carules serve --listen 127.0.0.1:0`, then, for concurrency 1, 16
//! and 64 (one keep-alive connection per client thread), sends up to N `POST /v1/decide`
//! (the 青海 renewal of the README) or stops after S seconds, and prints requests/s, p50 and
//! p99 latency and errors. Then floods it for S seconds with slowly-sent request heads and
//! bodies and oversized bodies while 4 clients keep deciding, and prints the server's resident memory
//! before, at its peak and after, with the latency and errors of the 4 clients meanwhile.
//! The client is a minimal HTTP/1.1 writer and reader over `std::net`, so it costs the
//! shared cores as little as possible.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

struct Opts {
    bin: String,
    requests: u64,
    seconds: u64,
    log: String,
}

fn opts() -> Opts {
    let mut o = Opts { bin: "target/release/carules".into(), requests: 50_000, seconds: 10, log: "off".into() };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let v = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--bin" => o.bin = v,
            "--requests" => o.requests = v.parse().unwrap_or(o.requests),
            "--seconds" => o.seconds = v.parse().unwrap_or(o.seconds),
            "--log" => o.log = v,
            other => eprintln!("ignored argument {other}"),
        }
    }
    o
}

/// One keep-alive connection.
struct Client {
    w: TcpStream,
    r: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: &str) -> std::io::Result<Client> {
        let w = TcpStream::connect(addr)?;
        w.set_nodelay(true)?;
        w.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(Client { r: BufReader::new(w.try_clone()?), w })
    }

    /// Sends a prepared request; the status (the body is read and dropped).
    fn call(&mut self, request: &[u8]) -> std::io::Result<u16> {
        self.w.write_all(request)?;
        let mut line = String::new();
        self.r.read_line(&mut line)?;
        let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            if self.r.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.r.read_exact(&mut body)?;
        Ok(status)
    }
}

fn request(addr: &str) -> Vec<u8> {
    let body = r#"{"region":"630000","as_of":"2026-11-21T10:00:00+08:00","service":"renewal","channel":"onsite","years":1,"applicant":{"kind":"organization","roles":["bidder"],"registered":true},"certificate":{"issuer":"BJCA","issued_in":"630000","expires_on":"2026-12-10","key":"main"},"bidding":{"encrypted_bid_uploaded":true,"closed":false},"charged":"300.00"}"#;
    format!("POST /v1/decide HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

struct Run {
    done: u64,
    errors: u64,
    elapsed: Duration,
    micros: Vec<u64>,
}

/// `clients` threads deciding until `total` requests are sent, `deadline` passes or `stop`.
fn run(addr: &str, clients: usize, total: u64, deadline: Duration, stop: Option<Arc<AtomicBool>>) -> Run {
    let sent = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (addr, sent, errors, stop) = (addr.to_string(), sent.clone(), errors.clone(), stop.clone());
            std::thread::spawn(move || {
                let req = request(&addr);
                let mut micros = Vec::new();
                let mut client = Client::connect(&addr).ok();
                while sent.fetch_add(1, Ordering::Relaxed) < total && start.elapsed() < deadline && !stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed)) {
                    let t = Instant::now();
                    let ok = match client.as_mut().map(|c| c.call(&req)) {
                        Some(Ok(200)) => true,
                        _ => {
                            client = Client::connect(&addr).ok();
                            false
                        }
                    };
                    micros.push(t.elapsed().as_micros() as u64);
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
                micros
            })
        })
        .collect();
    let mut micros: Vec<u64> = threads.into_iter().flat_map(|t| t.join().unwrap_or_default()).collect();
    micros.sort_unstable();
    Run { done: micros.len() as u64, errors: errors.load(Ordering::Relaxed), elapsed: start.elapsed(), micros }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).saturating_sub(1).min(sorted.len().saturating_sub(1));
    sorted.get(i).copied().unwrap_or(0) as f64 / 1000.0
}

fn report(label: &str, r: &Run) {
    let rps = r.done as f64 / r.elapsed.as_secs_f64();
    println!("| {label} | {} | {:.0} | {:.3} | {:.3} | {} |", r.done, rps, pct(&r.micros, 0.50), pct(&r.micros, 0.99), r.errors);
}

/// Resident memory of `pid`, in KiB.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

/// Slow senders: `n` connections each sending one byte every 200 ms — of a request head,
/// or (`body`) of a body after a whole head.
fn slow_senders(addr: &str, n: usize, body: bool, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    let addr = addr.to_string();
    std::thread::spawn(move || {
        let head: &[u8] = if body {
            b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"region\":\"630000\",\"as_of\":\"2026-11-21T10:00:00+08:00\",\"service\":\"renewal\"                                                  "
        } else {
            b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
        };
        let mut conns: Vec<(TcpStream, usize)> = (0..n).filter_map(|_| TcpStream::connect(&addr).ok().map(|c| (c, 0))).collect();
        let opened = conns.len();
        while !stop.load(Ordering::Relaxed) {
            for (c, at) in conns.iter_mut() {
                if *at < head.len() && c.write_all(&head[*at..*at + 1]).is_ok() {
                    *at += 1;
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        opened
    })
}

/// Oversized bodies: connections declaring and sending 10 MB, again and again.
fn oversized(addr: &str, threads: usize, stop: Arc<AtomicBool>) -> Vec<std::thread::JoinHandle<(u64, u64)>> {
    (0..threads)
        .map(|_| {
            let (addr, stop) = (addr.to_string(), stop.clone());
            std::thread::spawn(move || {
                let chunk = vec![b' '; 64 * 1024];
                let (mut sent, mut refused) = (0u64, 0u64);
                while !stop.load(Ordering::Relaxed) {
                    let Ok(mut c) = TcpStream::connect(&addr) else { continue };
                    let _ = c.set_write_timeout(Some(Duration::from_millis(500)));
                    let _ = c.set_read_timeout(Some(Duration::from_secs(2)));
                    let head = format!("POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", 10 << 20);
                    sent += 1;
                    let _ = c.write_all(head.as_bytes());
                    for _ in 0..160 {
                        if c.write_all(&chunk).is_err() {
                            break;
                        }
                    }
                    let mut buf = [0u8; 12];
                    if c.read_exact(&mut buf).is_ok() && buf.starts_with(b"HTTP/1.1 413") {
                        refused += 1;
                    }
                }
                (sent, refused)
            })
        })
        .collect()
}

fn main() {
    let o = opts();
    let mut child = match std::process::Command::new(&o.bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--decision-log", &o.log])
        .stdout(if o.log == "-" { std::process::Stdio::null() } else { std::process::Stdio::inherit() })
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return eprintln!("cannot start {}: {e} (cargo build --release first)", o.bin),
    };
    let Some(err) = child.stderr.take() else { return };
    let mut lines = BufReader::new(err).lines();
    let addr = lines.by_ref().map_while(Result::ok).find_map(|l| l.split("http://").nth(1).map(|a| a.split_whitespace().next().unwrap_or("").to_string()));
    std::thread::spawn(move || lines.for_each(drop));
    let Some(addr) = addr else { return eprintln!("the server printed no address") };
    let pid = child.id();
    println!("server {addr} (pid {pid}), decision log {}; {} cores", o.log, std::thread::available_parallelism().map_or(0, |n| n.get()));
    run(&addr, 4, 2000, Duration::from_secs(5), None);
    println!("| concurrency | decisions | decisions/s | p50 ms | p99 ms | errors |\n|---:|---:|---:|---:|---:|---:|");
    for c in [1, 16, 64] {
        report(&c.to_string(), &run(&addr, c, o.requests, Duration::from_secs(o.seconds), None));
    }
    flood(&addr, pid, o.seconds);
    let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
    let _ = child.wait();
}

fn flood(addr: &str, pid: u32, seconds: u64) {
    let before = rss(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let slow = [slow_senders(addr, 500, false, stop.clone()), slow_senders(addr, 500, true, stop.clone())];
    let big = oversized(addr, 8, stop.clone());
    let (peak, s2) = (Arc::new(AtomicU64::new(before)), stop.clone());
    let sampler = {
        let peak = peak.clone();
        std::thread::spawn(move || {
            while !s2.load(Ordering::Relaxed) {
                peak.fetch_max(rss(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let during = run(addr, 4, u64::MAX, Duration::from_secs(seconds), None);
    stop.store(true, Ordering::Relaxed);
    let opened: usize = slow.into_iter().map(|t| t.join().unwrap_or(0)).sum();
    let (sent, refused) = big.into_iter().filter_map(|t| t.join().ok()).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let _ = sampler.join();
    std::thread::sleep(Duration::from_secs(1));
    println!(
        "\nflood for {seconds} s: {opened} connections sending their head (half) or body (half) one byte per 200 ms, {sent} bodies of 10 MB declared ({refused} answered 413 before the body was sent)"
    );
    println!("| 4 clients deciding meanwhile | decisions | decisions/s | p50 ms | p99 ms | errors |\n|---:|---:|---:|---:|---:|---:|");
    report("flood", &during);
    println!("\nserver RSS: {} KiB before, {} KiB peak, {} KiB after", before, peak.load(Ordering::Relaxed), rss(pid));
}
