//! `carules serve [--listen ADDR] [--rules DIR] [--decision-log -|off|FILE] …`: the HTTP
//! decision service (`carules::serve`; docs/service.md). Runs until SIGTERM or SIGINT.

use carules::serve::{Config, log::Target};
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0: any free port; the address is printed on standard error).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// Rule directory served through the interpreter and reloaded on change or SIGHUP
    /// (default: the shipped rules, compiled).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Decision log: `-` (standard output), `off`, or a file (rotated by size).
    #[arg(long, default_value = "-")]
    decision_log: String,
    /// Size at which the decision-log file is rotated (FILE → FILE.1 → …).
    #[arg(long, default_value_t = 100 * 1024 * 1024)]
    decision_log_max_bytes: u64,
    /// Rotated decision-log files kept.
    #[arg(long, default_value_t = 5)]
    decision_log_keep: u32,
    /// Decision-log lines that may wait for the writer; past it lines are dropped and counted
    /// (answers never wait for the log).
    #[arg(long, default_value_t = carules::serve::log::QUEUE)]
    decision_log_queue: usize,
    /// Largest body of /v1/decide and /v1/documents, in bytes (larger: 413).
    #[arg(long, default_value_t = 64 * 1024)]
    max_body_bytes: usize,
    /// Largest body of /v1/batch, in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    max_batch_bytes: usize,
    /// Most request lines in one /v1/batch (more: 413, nothing answered).
    #[arg(long, default_value_t = 10_000)]
    max_batch_lines: usize,
    /// Time to receive and answer a request, in milliseconds (past it: 408).
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Time to receive a request's head, in milliseconds (past it the connection is closed).
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Decisions computed at once, once their body is received (more wait, within their timeout).
    #[arg(long, default_value_t = 512)]
    concurrency: usize,
    /// Open connections at most (more are closed at once).
    #[arg(long, default_value_t = 4096)]
    max_connections: usize,
    /// How often --rules DIR is checked for changes, in milliseconds (0: on SIGHUP only).
    #[arg(long, default_value_t = 1000)]
    poll_ms: u64,
    /// How long --rules DIR must stay unchanged before it is read again, in milliseconds.
    #[arg(long, default_value_t = 500)]
    reload_debounce_ms: u64,
    /// Swap in a reloaded rule set even when it lost a region the serving set has.
    #[arg(long)]
    allow_region_removal: bool,
    /// How long shutdown waits for requests in flight, in milliseconds.
    #[arg(long, default_value_t = 30_000)]
    grace_ms: u64,
}

pub fn run(a: Args) -> i32 {
    ignore_sigpipe();
    let decision_log = match a.decision_log.as_str() {
        "-" => Target::Stdout,
        "off" => Target::Off,
        path => Target::File { path: PathBuf::from(path), max_bytes: a.decision_log_max_bytes, keep: a.decision_log_keep },
    };
    carules::serve::run(Config {
        listen: a.listen,
        rules: a.rules,
        decision_log,
        decision_log_queue: a.decision_log_queue,
        max_body: a.max_body_bytes,
        max_batch_body: a.max_batch_bytes,
        max_batch_lines: a.max_batch_lines,
        timeout: Duration::from_millis(a.timeout_ms),
        header_timeout: Duration::from_millis(a.header_timeout_ms),
        concurrency: a.concurrency,
        max_connections: a.max_connections,
        poll: (a.poll_ms > 0).then(|| Duration::from_millis(a.poll_ms)),
        grace: Duration::from_millis(a.grace_ms),
        reload: carules::serve::reload::Policy { debounce: Duration::from_millis(a.reload_debounce_ms), allow_region_removal: a.allow_region_removal },
    })
}

/// The CLI restores SIGPIPE's default action (`main.rs`) so `carules … | head` ends quietly;
/// a server must not die when a client goes away while hyper writes to it (vectored socket
/// writes raise SIGPIPE) or when the reader of `--decision-log -` closes: the write fails
/// with an error instead, and the server goes on.
fn ignore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called before the runtime starts any thread; ignoring a signal has no other
    // effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
}
