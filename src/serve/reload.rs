//! Hot reload of `--rules DIR`: on SIGHUP, or when a `*.carules` file below the directory
//! changes (name, size or modification time, polled), the directory is read and checked
//! again off the request path. A rule set with errors is refused — the old one keeps
//! serving, the errors are logged and shown in `/readyz` — and a good one is swapped in
//! atomically: a request answers wholly with the rule set it started with, and its answer
//! names that revision.

use super::App;
use super::state::Engine;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// What identifies the state of a rule directory: every `*.carules` file with its size and
/// modification time, sorted.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn fingerprint(dir: &Path) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "carules") {
                out.push((p, meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// Watches `dir` until the process ends: every `poll` (none: SIGHUP only) and on SIGHUP.
pub async fn watch(app: Arc<App>, dir: PathBuf, poll: Option<Duration>) {
    #[cfg(unix)]
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut last = {
        let d = dir.clone();
        tokio::task::spawn_blocking(move || fingerprint(&d)).await.unwrap_or_default()
    };
    let mut tick = tokio::time::interval(poll.unwrap_or(Duration::from_secs(3600)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tick.tick().await;
    loop {
        #[cfg(unix)]
        let hangup = async {
            match hup.as_mut() {
                Some(h) => h.recv().await,
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let hangup = std::future::pending::<Option<()>>();
        let forced = tokio::select! {
            _ = tick.tick() => false,
            _ = hangup => true,
        };
        if !forced && poll.is_none() {
            continue;
        }
        let d = dir.clone();
        let now = tokio::task::spawn_blocking(move || fingerprint(&d)).await.unwrap_or_default();
        if !forced && now == last {
            continue;
        }
        last = now;
        reload(&app, &dir, if forced { "SIGHUP" } else { "file change" }).await;
    }
}

/// Checks `dir` again and swaps it in, or refuses it.
pub async fn reload(app: &App, dir: &Path, why: &str) {
    let d = dir.to_path_buf();
    let loaded = tokio::task::spawn_blocking(move || Engine::load(&d)).await;
    let serving = app.current.engine.load().revision.clone();
    match loaded {
        Ok(Ok(engine)) if engine.revision == serving => {
            tracing::info!(revision = %serving, "reload ({why}): {} unchanged", dir.display());
        }
        Ok(Ok(engine)) => {
            let revision = engine.revision.clone();
            app.metrics.serving(&revision, engine.back_end);
            app.current.engine.store(Arc::new(engine));
            app.metrics.reload("swapped");
            app.current
                .last_reload
                .store(Arc::new(Some(json!({"result": "swapped", "trigger": why, "at": super::now(), "revision": revision, "previous": serving}))));
            tracing::info!(revision = %revision, previous = %serving, "reload ({why}): {} swapped in", dir.display());
        }
        Ok(Err(errors)) => {
            let count = errors.as_array().map_or(0, |a| a.len());
            let first = errors.get(0).cloned().unwrap_or_default();
            app.metrics.reload("refused");
            app.current.last_reload.store(Arc::new(Some(json!({
                "result": "refused", "trigger": why, "at": super::now(), "serving": serving, "error_count": count,
                "errors": errors.as_array().map(|a| a.iter().take(20).cloned().collect::<Vec<_>>()),
            }))));
            tracing::error!(serving = %serving, "reload ({why}): {} refused, {count} error(s), still serving {serving}; first: {first}", dir.display());
        }
        Err(e) => tracing::error!("reload ({why}): the check did not finish: {e}"),
    }
}
