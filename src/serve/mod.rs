//! `carules serve`: the decision API over HTTP (feature `serve`; docs/service.md). axum
//! routes on hyper HTTP/1.1 connections, tokio underneath; every decision goes through the
//! front door ([`crate::api`]) as in every other build, so the answers are byte for byte
//! those of the CLI and WebAssembly, with the server's fields (`decision_id`,
//! `rules_revision`, `request_id`) spliced in front.
//!
//! - `state`: the rule set served ([`state::Served`]) and its revision; swapped atomically;
//! - `routes`: the endpoints and the outermost layer (timeout, metrics, headers);
//! - `decision`: one decision (stamp, summary, log line) and `/v1/batch`;
//! - `reply`: error objects with their status, the server-added fields;
//! - `log`: the decision log (a channel and one writer; file rotation);
//! - `reload`: hot reload of `--rules DIR`; `metrics`: Prometheus; `openapi`: `/openapi.json`.
//!
//! The engine never reads a clock; the server does, for `decision_id` (UUID v7) and the
//! decision log's time.

pub mod decision;
pub mod log;
pub mod metrics;
pub mod openapi;
pub mod reload;
pub mod reply;
pub mod routes;
pub mod state;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How the server runs (the flags of `carules serve`).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    pub listen: String,
    /// A rule directory to serve through the interpreter (hot reloaded); `None`: the shipped
    /// rules, compiled.
    pub rules: Option<PathBuf>,
    /// Where decision lines go.
    pub decision_log: log::Target,
    /// Decision lines that may wait for the writer; past it they are dropped and counted.
    pub decision_log_queue: usize,
    /// Largest body of `/v1/decide` and `/v1/documents`, in bytes (larger: 413).
    pub max_body: usize,
    /// Largest body of `/v1/batch`, in bytes.
    pub max_batch_body: usize,
    /// Most request lines in one `/v1/batch` (more: 413, nothing answered).
    pub max_batch_lines: usize,
    /// Time to receive and answer one request (past it: 408 `request.timeout`).
    pub timeout: Duration,
    /// Time to receive a request head (past it the connection is closed).
    pub header_timeout: Duration,
    /// Decisions (or batches) computed at once, once their body is received; more wait
    /// within their timeout.
    pub concurrency: usize,
    /// Open connections at most; past it new connections are closed at once.
    pub max_connections: usize,
    /// How often `--rules DIR` is checked for changes; `None`: on SIGHUP only.
    pub poll: Option<Duration>,
    /// How long shutdown waits for requests in flight.
    pub grace: Duration,
    /// How `--rules DIR` is reloaded (debounce, region removal).
    pub reload: reload::Policy,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            rules: None,
            decision_log: log::Target::Stdout,
            decision_log_queue: log::QUEUE,
            max_body: 64 * 1024,
            max_batch_body: 4 * 1024 * 1024,
            max_batch_lines: 10_000,
            timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            concurrency: 512,
            max_connections: 4096,
            poll: Some(Duration::from_secs(1)),
            grace: Duration::from_secs(30),
            reload: reload::Policy::default(),
        }
    }
}

/// Limits the handlers apply.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// [`Config::max_body`].
    pub body: usize,
    /// [`Config::max_batch_body`].
    pub batch_body: usize,
    /// [`Config::max_batch_lines`].
    pub batch_lines: usize,
    /// [`Config::timeout`].
    pub timeout: Duration,
}

/// What every handler shares.
pub struct App {
    /// The rule set served.
    pub current: state::Current,
    /// The metrics.
    pub metrics: metrics::Metrics,
    /// The decision log.
    pub log: log::Log,
    /// The limits.
    pub limits: Limits,
    /// `--rules DIR`, if given.
    pub rules_dir: Option<PathBuf>,
    /// One permit per decision (or batch) being computed ([`Config::concurrency`]).
    pub deciding: Arc<tokio::sync::Semaphore>,
    /// [`Config::reload`].
    pub reload: reload::Policy,
}

/// Now, in China Standard Time, RFC 3339 with milliseconds (`2026-11-21T10:00:00.123+08:00`).
pub fn now() -> String {
    let utc = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    utc.with_timezone(&crate::request::cst()).to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// Runs the server until SIGTERM or SIGINT; returns the exit code (0 after a clean
/// shutdown; 1 when the rules do not check or the address cannot be bound).
pub fn run(config: Config) -> i32 {
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).with_ansi(false).try_init();
    match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt.block_on(serve(config)),
        Err(e) => {
            tracing::error!("cannot start the runtime: {e}");
            1
        }
    }
}

async fn serve(config: Config) -> i32 {
    // The directory's state before it is read: a change from then on is reloaded.
    let seen = config.rules.as_deref().map(reload::fingerprint).unwrap_or_default();
    let engine = match &config.rules {
        None => state::Served::shipped(),
        Some(dir) => match state::Served::load(dir) {
            Ok(e) => e,
            Err(errors) => {
                tracing::error!("{} does not check: {errors}", dir.display());
                return 1;
            }
        },
    };
    let listener = match tokio::net::TcpListener::bind(&config.listen).await {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("cannot listen on {}: {e}", config.listen);
            return 1;
        }
    };
    let metrics = metrics::Metrics::new();
    let (log, writer) = match log::start(&config.decision_log, config.decision_log_queue, metrics.log_counters()) {
        Ok(x) => x,
        Err(e) => {
            tracing::error!("cannot open the decision log: {e}");
            return 1;
        }
    };
    metrics.serving(&engine.revision, engine.back_end);
    let hup = reload::hangup();
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    eprintln!("carules serve: listening on http://{addr} (rules {}, {})", engine.revision, engine.back_end);
    let limits = Limits { body: config.max_body, batch_body: config.max_batch_body, batch_lines: config.max_batch_lines, timeout: config.timeout };
    let deciding = Arc::new(tokio::sync::Semaphore::new(config.concurrency.max(1)));
    let app = Arc::new(App {
        current: state::Current::new(engine),
        metrics,
        log: log.clone(),
        limits,
        rules_dir: config.rules.clone(),
        deciding,
        reload: config.reload,
    });
    let watcher = match config.rules.clone() {
        Some(dir) => tokio::spawn(reload::watch(app.clone(), dir, config.poll, hup, seen)),
        None => tokio::spawn(reload::ignore_hangup(hup)),
    };
    let router = routes::router(app.clone());
    accept(listener, router, &config, &app).await;
    watcher.abort();
    if !log.close(writer, config.grace).await {
        tracing::warn!("the decision log could not be written out within {:?}: {} queued line(s) lost", config.grace, log.queued().map_or(0, |q| q.0));
    }
    tracing::info!("stopped");
    0
}

/// Accepts connections until SIGTERM or SIGINT, then stops accepting, marks the server as
/// draining and waits (at most `config.grace`) for the requests in flight.
async fn accept(listener: tokio::net::TcpListener, router: axum::Router, config: &Config, app: &App) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(config.header_timeout).max_buf_size(64 * 1024);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
    let mut stop = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else { continue };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    app.current.draining.store(true, Ordering::Relaxed);
    drop(listener);
    tracing::info!("shutting down: waiting for requests in flight");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(config.grace) => tracing::warn!("requests still in flight after {:?}: stopping", config.grace),
    }
}

/// SIGTERM or SIGINT.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            () = term => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
