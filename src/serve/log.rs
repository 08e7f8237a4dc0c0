//! The decision log: one JSON line per decision, written off the request path — handlers
//! put lines in a bounded queue, one thread writes them — to standard output or to a file
//! rotated by size (`FILE` → `FILE.1` → … → `FILE.N`, the oldest dropped). An answer never
//! waits for the log: when the queue is full (the reader of standard output stopped, the
//! disk is slow or full) the line is dropped and counted (`carules_decision_log_dropped_total`,
//! `/readyz`). On shutdown the queue is closed and the writer writes and flushes every line
//! still queued, for as long as the server's grace allows.

use prometheus_client::metrics::counter::Counter;
use std::io::Write;
use std::path::PathBuf;
use tokio::sync::mpsc;

/// Where decision lines go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Not written.
    Off,
    /// Standard output.
    Stdout,
    /// A file, rotated when a line would take it past `max_bytes`; `keep` older files kept.
    File {
        /// The file.
        path: PathBuf,
        /// Size at which it is rotated.
        max_bytes: u64,
        /// How many rotated files are kept.
        keep: u32,
    },
}

/// How many lines may wait for the writer by default (`--decision-log-queue`); past it a
/// line is dropped, never waited for.
pub const QUEUE: usize = 65_536;

/// The sending side, held by the handlers; `None` when the log is off.
#[derive(Clone)]
pub struct Log {
    tx: Option<mpsc::Sender<String>>,
    dropped: Counter,
}

impl Log {
    /// Queues one line (without its newline), or drops and counts it when the queue is full:
    /// never waits.
    pub fn write(&self, line: String) {
        if let Some(tx) = &self.tx
            && let Err(mpsc::error::TrySendError::Full(_)) = tx.try_send(line)
        {
            self.dropped.inc();
        }
    }

    /// Asks the writer to write every line queued so far, flush and end (at shutdown, once
    /// no request is in flight), and waits for it at most `within`: a writer stuck on a
    /// reader that stopped reading does not keep the process from ending. Whether it ended.
    pub async fn close(&self, writer: Option<std::thread::JoinHandle<()>>, within: std::time::Duration) -> bool {
        let (Some(tx), Some(writer)) = (&self.tx, writer) else { return true };
        let deadline = std::time::Instant::now() + within;
        let mut sent = false;
        while std::time::Instant::now() < deadline {
            // The empty line is the end mark (a decision line is never empty); it waits for
            // room in the queue like any line, never blocking.
            sent = sent || tx.try_send(String::new()).is_ok();
            if sent && writer.is_finished() {
                let _ = writer.join();
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        false
    }

    /// Lines dropped so far because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.get()
    }

    /// Lines waiting for the writer now, and the queue's size (`None` when the log is off).
    pub fn queued(&self) -> Option<(usize, usize)> {
        self.tx.as_ref().map(|tx| (tx.max_capacity() - tx.capacity(), tx.max_capacity()))
    }

    /// Whether lines are written at all (so handlers skip building them when not).
    pub fn on(&self) -> bool {
        self.tx.is_some()
    }
}

/// What the writer counts, shared with the metrics.
#[derive(Clone, Default)]
pub struct Counters {
    /// Lines dropped because the queue was full.
    pub dropped: Counter,
    /// Lines the writer could not write (disk full, a closed pipe).
    pub write_errors: Counter,
}

/// Starts the writer thread for `target` with a queue of `queue` lines: the log handle, and
/// the thread, which ends once every handle is dropped and the queue is written and flushed.
///
/// Errors: the file cannot be opened, or the thread cannot be started.
pub fn start(target: &Target, queue: usize, counters: Counters) -> std::io::Result<(Log, Option<std::thread::JoinHandle<()>>)> {
    let mut sink = match target {
        Target::Off => return Ok((Log { tx: None, dropped: counters.dropped }, None)),
        Target::Stdout => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
        Target::File { path, max_bytes, keep } => Sink::file(path.clone(), *max_bytes, *keep)?,
    };
    let (tx, mut rx) = mpsc::channel::<String>(queue.max(1));
    let errors = counters.write_errors.clone();
    // A thread of its own, not the runtime's blocking pool: a write that never returns (a
    // reader that stopped) must not keep the process from ending.
    let task = std::thread::Builder::new().name("decision-log".into()).spawn(move || {
        'lines: while let Some(line) = rx.blocking_recv() {
            if line.is_empty() {
                break;
            }
            sink.line(&line, &errors);
            // Flush whenever the queue runs dry: a quiet server's log is always on disk.
            while let Ok(more) = rx.try_recv() {
                if more.is_empty() {
                    break 'lines;
                }
                sink.line(&more, &errors);
            }
            sink.flush(&errors);
        }
        sink.flush(&errors);
    })?;
    Ok((Log { tx: Some(tx), dropped: counters.dropped }, Some(task)))
}

enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File { path: PathBuf, max_bytes: u64, keep: u32, file: std::io::BufWriter<std::fs::File>, size: u64 },
}

impl Sink {
    fn file(path: PathBuf, max_bytes: u64, keep: u32) -> std::io::Result<Sink> {
        let f = std::fs::OpenOptions::new().create(true).append(true).open(&path)?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        Ok(Sink::File { path, max_bytes, keep, file: std::io::BufWriter::new(f), size })
    }

    /// Writes `line` and its newline in one piece (so a failed write leaves no torn line in
    /// the buffer after it: the whole line is counted as an error).
    fn line(&mut self, line: &str, errors: &Counter) {
        let mut whole = String::with_capacity(line.len() + 1);
        whole.push_str(line);
        whole.push('\n');
        match self {
            Sink::Stdout(out) => {
                if out.write_all(whole.as_bytes()).is_err() {
                    errors.inc();
                }
            }
            Sink::File { path, max_bytes, keep, file, size } => {
                let len = whole.len() as u64;
                if *size > 0 && *size + len > *max_bytes {
                    match rotate(path, *keep) {
                        Ok(f) => {
                            let _ = file.flush();
                            *file = std::io::BufWriter::new(f);
                            *size = 0;
                        }
                        Err(e) => tracing::error!("decision log: cannot rotate {}: {e}", path.display()),
                    }
                }
                if let Err(e) = file.write_all(whole.as_bytes()) {
                    errors.inc();
                    tracing::error!("decision log: cannot write {}: {e}", path.display());
                }
                *size += len;
            }
        }
    }

    fn flush(&mut self, errors: &Counter) {
        let flushed = match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { file, .. } => file.flush(),
        };
        if flushed.is_err() {
            errors.inc();
        }
    }
}

/// Shifts `FILE.i` to `FILE.i+1` (dropping `FILE.keep`), `FILE` to `FILE.1`, and opens a
/// new `FILE`. With `keep` 0 the full file is simply truncated.
fn rotate(path: &std::path::Path, keep: u32) -> std::io::Result<std::fs::File> {
    let numbered = |i: u32| {
        let mut p = path.as_os_str().to_owned();
        p.push(format!(".{i}"));
        PathBuf::from(p)
    };
    if keep > 0 {
        let _ = std::fs::remove_file(numbered(keep));
        for i in (1..keep).rev() {
            let _ = std::fs::rename(numbered(i), numbered(i + 1));
        }
        std::fs::rename(path, numbered(1))?;
    }
    std::fs::OpenOptions::new().create(true).write(true).truncate(true).open(path)
}
