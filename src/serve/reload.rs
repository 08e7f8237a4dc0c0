//! Hot reload of `--rules DIR`: on SIGHUP, or when a `*.carules` file below the directory
//! changes (name, size or modification time, polled), the directory is read and checked
//! again off the request path — once it has stayed the same for the debounce interval, so a
//! file half saved by an editor or a copy under way is never read, and only when it is still
//! the same after it was read. A rule set with errors is refused — the old one keeps
//! serving, the errors are logged and shown in `/readyz` —, so is one that lost a region the
//! serving set has (unless `--allow-region-removal`: a region whose file is being rewritten
//! would otherwise be answered by its parent's rules), and a good one is swapped in
//! atomically: a request answers wholly with the rule set it started with, and its answer
//! names that revision. `/readyz` and the log say what a reload changed (regions added and
//! removed).

use super::App;
use super::state::Served;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// What identifies the state of a rule directory: every `*.carules` file with its size and
/// modification time, sorted.
pub type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// How a reload is made (the flags of `carules serve`).
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// How long the directory must stay unchanged before it is read.
    pub debounce: Duration,
    /// Whether a rule set without a region the serving one has may be swapped in.
    pub allow_region_removal: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { debounce: Duration::from_millis(500), allow_region_removal: false }
    }
}

/// [`fingerprint`] off the runtime's threads.
pub async fn fingerprint_of(dir: &Path) -> Fingerprint {
    let d = dir.to_path_buf();
    tokio::task::spawn_blocking(move || fingerprint(&d)).await.unwrap_or_default()
}

/// Waits until `dir` has stayed the same for `debounce` (starting from `seen`); its state then.
async fn settle(dir: &Path, mut seen: Fingerprint, debounce: Duration) -> Fingerprint {
    loop {
        tokio::time::sleep(debounce).await;
        let again = fingerprint_of(dir).await;
        if again == seen {
            return again;
        }
        seen = again;
    }
}

/// The state of `dir` now (taken when the server starts, compared with at every poll).
pub fn fingerprint(dir: &Path) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    // Each directory once by its real path, as the loader reads it (`rules::load_dir`):
    // links are followed, a loop is not.
    let mut seen = std::collections::HashSet::new();
    while let Some(d) = stack.pop() {
        if !std::fs::canonicalize(&d).is_ok_and(|real| seen.insert(real)) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = std::fs::metadata(&p) else { continue };
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

/// SIGHUP as a stream (`None` where it cannot be had). Taken before the server says it is
/// listening, so that a SIGHUP sent from then on never meets its default action (the end of
/// the process).
#[cfg(unix)]
pub type Hangup = Option<tokio::signal::unix::Signal>;
/// SIGHUP as a stream: none on this platform.
#[cfg(not(unix))]
pub type Hangup = Option<()>;

/// Handles SIGHUP from now on (see [`Hangup`]); inside the runtime.
pub fn hangup() -> Hangup {
    #[cfg(unix)]
    return tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    #[cfg(not(unix))]
    None
}

/// Watches `dir` until the process ends: every `poll` (none: SIGHUP only) and on SIGHUP;
/// `last`: its state when the serving set was read.
pub async fn watch(app: Arc<App>, dir: PathBuf, poll: Option<Duration>, hup: Hangup, last: Fingerprint) {
    #[cfg(unix)]
    let mut hup = hup;
    #[cfg(not(unix))]
    let _ = hup;
    let mut last = last;
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
        let now = fingerprint_of(&dir).await;
        if !forced && now == last {
            continue;
        }
        let stable = settle(&dir, now, app.reload.debounce).await;
        reload(&app, &dir, if forced { "SIGHUP" } else { "file change" }).await;
        // Changed while it was read: the next poll (or SIGHUP) reads it again.
        let after = fingerprint_of(&dir).await;
        if after != stable {
            tracing::warn!("reload: {} changed while it was read; read again at the next poll", dir.display());
        }
        last = stable;
    }
}

/// The region codes of a rule set.
fn regions(engine: &Served) -> BTreeSet<String> {
    engine.rules().set.regions.iter().map(|r| r.code.to_string()).collect()
}

/// Without `--rules` there is nothing to reload: SIGHUP is logged and ignored until the
/// process ends (unhandled, its default action would end the server).
pub async fn ignore_hangup(hup: Hangup) {
    #[cfg(unix)]
    if let Some(mut hup) = hup {
        while hup.recv().await.is_some() {
            tracing::info!("SIGHUP ignored: serving the shipped rules, there is no --rules DIR to reload");
        }
    }
    #[cfg(not(unix))]
    let _ = hup;
}

/// Checks `dir` again and swaps it in, or refuses it.
pub async fn reload(app: &App, dir: &Path, why: &str) {
    let d = dir.to_path_buf();
    let loaded = tokio::task::spawn_blocking(move || Served::load(&d)).await;
    let old = app.current.engine.load_full();
    let serving = old.revision.clone();
    match loaded {
        Ok(Ok(engine)) if engine.revision == serving => {
            tracing::info!(revision = %serving, "reload ({why}): {} unchanged", dir.display());
        }
        Ok(Ok(engine)) => {
            let (before, after) = (regions(&old), regions(&engine));
            let removed: Vec<&String> = before.difference(&after).collect();
            let added: Vec<&String> = after.difference(&before).collect();
            if !removed.is_empty() && !app.reload.allow_region_removal {
                app.metrics.reload("refused");
                let message = format!("the new rule set has no region {}: refused (--allow-region-removal swaps such a set in)", join(&removed));
                app.current.last_reload.store(Arc::new(Some(json!({
                    "result": "refused", "trigger": why, "at": super::now(), "serving": serving, "error_count": 1,
                    "regions_removed": removed,
                    "errors": [{"code": "reload.regions_removed", "message": message}],
                }))));
                tracing::error!(serving = %serving, "reload ({why}): {}: {message}; still serving {serving}", dir.display());
                return;
            }
            let revision = engine.revision.clone();
            app.metrics.serving(&revision, engine.back_end);
            app.current.engine.store(Arc::new(engine));
            app.metrics.reload("swapped");
            app.current.last_reload.store(Arc::new(Some(json!({
                "result": "swapped", "trigger": why, "at": super::now(), "revision": revision, "previous": serving,
                "regions_added": added, "regions_removed": removed,
            }))));
            tracing::info!(revision = %revision, previous = %serving, "reload ({why}): {} swapped in; regions added: {}; removed: {}", dir.display(), join(&added), join(&removed));
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

fn join(codes: &[&String]) -> String {
    if codes.is_empty() {
        return "none".into();
    }
    codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}
