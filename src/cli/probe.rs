//! `carules probe [URL]`: a health check for images without a shell or curl (the container
//! image is `FROM scratch`): GET an `http://` URL of `carules serve`, by default
//! `http://127.0.0.1:8080/healthz`, and exit 0 on a 2xx status, 1 otherwise (refused,
//! timed out, another status), with the reason on standard error. Plain HTTP/1.1 over a
//! loopback or cluster address; no TLS, no redirects.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The URL to GET (`http://HOST:PORT/PATH`).
    #[arg(default_value = "http://127.0.0.1:8080/healthz")]
    url: String,
    /// Connect, send and read within this many milliseconds.
    #[arg(long, default_value_t = 3000)]
    timeout_ms: u64,
}

pub fn run(a: Args) -> i32 {
    match probe(&a.url, Duration::from_millis(a.timeout_ms.max(1))) {
        Ok(status) if (200..300).contains(&status) => 0,
        Ok(status) => {
            eprintln!("carules probe: {} answered {status}", a.url);
            1
        }
        Err(e) => {
            eprintln!("carules probe: {}: {e}", a.url);
            1
        }
    }
}

/// The status code `url` answers a GET with.
fn probe(url: &str, timeout: Duration) -> Result<u16, String> {
    let rest = url.strip_prefix("http://").ok_or("only http:// URLs are probed")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, "/"),
    };
    if authority.is_empty() {
        return Err("no host in the URL".into());
    }
    let with_port = if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) { authority.to_string() } else { format!("{authority}:80") };
    let addr = with_port.to_socket_addrs().map_err(|e| e.to_string())?.next().ok_or("the host has no address")?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: carules-probe\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    stream.take(1024).read_to_end(&mut head).map_err(|e| e.to_string())?;
    status(&head).ok_or_else(|| "the answer is not HTTP".into())
}

/// The status code of an HTTP/1.x status line at the start of `head`.
fn status(head: &[u8]) -> Option<u16> {
    let line = head.split(|&b| b == b'\r' || b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    parts.next().filter(|v| v.starts_with("HTTP/1."))?;
    parts.next()?.parse().ok()
}
