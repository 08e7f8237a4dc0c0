//! The decision log: one JSON line per decision, written off the request path — handlers
//! send lines into a channel, one task writes them — to standard output or to a file rotated
//! by size (`FILE` → `FILE.1` → … → `FILE.N`, the oldest dropped). On shutdown the channel
//! is closed and the task writes and flushes every line still queued before it ends.

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

/// How many lines may wait for the writer before a handler waits for room.
const QUEUE: usize = 65_536;

/// What the writer task receives.
enum Msg {
    Line(String),
    /// Write what came before, flush, and end.
    Close,
}

/// The sending side, held by the handlers; `None` when the log is off.
#[derive(Clone)]
pub struct Log {
    tx: Option<mpsc::Sender<Msg>>,
}

impl Log {
    /// Queues one line (without its newline). Waits only when the queue is full.
    pub async fn write(&self, line: String) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Msg::Line(line)).await;
        }
    }

    /// Asks the writer to write every line queued so far, flush and end (at shutdown,
    /// once no request is in flight); await its task after this.
    pub async fn close(&self) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Msg::Close).await;
        }
    }

    /// Whether lines are written at all (so handlers skip building them when not).
    pub fn on(&self) -> bool {
        self.tx.is_some()
    }
}

/// Starts the writer task for `target`: the log handle, and the task to await after every
/// handle is dropped (it ends once the queue is empty and flushed).
///
/// Errors: the file cannot be opened.
pub fn start(target: &Target) -> std::io::Result<(Log, Option<tokio::task::JoinHandle<()>>)> {
    let mut sink = match target {
        Target::Off => return Ok((Log { tx: None }, None)),
        Target::Stdout => Sink::Stdout(std::io::BufWriter::new(std::io::stdout())),
        Target::File { path, max_bytes, keep } => Sink::file(path.clone(), *max_bytes, *keep)?,
    };
    let (tx, mut rx) = mpsc::channel::<Msg>(QUEUE);
    let task = tokio::task::spawn_blocking(move || {
        while let Some(msg) = rx.blocking_recv() {
            let Msg::Line(line) = msg else { break };
            sink.line(&line);
            // Flush whenever the queue runs dry: a quiet server's log is always on disk.
            let mut closed = false;
            while let Ok(more) = rx.try_recv() {
                match more {
                    Msg::Line(l) => sink.line(&l),
                    Msg::Close => {
                        closed = true;
                        break;
                    }
                }
            }
            sink.flush();
            if closed {
                break;
            }
        }
        sink.flush();
    });
    Ok((Log { tx: Some(tx) }, Some(task)))
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

    fn line(&mut self, line: &str) {
        match self {
            Sink::Stdout(out) => {
                let _ = writeln!(out, "{line}");
            }
            Sink::File { path, max_bytes, keep, file, size } => {
                let len = line.len() as u64 + 1;
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
                if let Err(e) = writeln!(file, "{line}") {
                    tracing::error!("decision log: cannot write {}: {e}", path.display());
                }
                *size += len;
            }
        }
    }

    fn flush(&mut self) {
        let _ = match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File { file, .. } => file.flush(),
        };
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
