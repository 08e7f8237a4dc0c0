//! What the server answers with: the loaded rule set ([`Served`]: a [`crate::host::Engine`]
//! with what the read-only endpoints serve, swapped atomically on reload), its revision (a content hash of the rule files), and the outcome of the last
//! reload for `/readyz`.

use crate::api::Rules;
use crate::host::Engine;
use arc_swap::ArcSwap;
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// A rule set ready to answer, with what the read-only endpoints serve, rendered once.
pub struct Served {
    /// The shipped rules, compiled into the binary, or a directory, interpreted.
    engine: Engine,
    /// The content hash of the rule files: `sha256:` and the first 16 hex digits of the
    /// SHA-256 of every file's name and text, in name order ([`revision`]).
    pub revision: String,
    /// `compiled` or `interpreter`.
    pub back_end: &'static str,
    /// `GET /v1/regions`.
    pub regions: String,
    /// `GET /v1/vocabulary`.
    pub vocabulary: String,
    /// `GET /v1/schema/request`.
    pub request_schema: String,
    /// `GET /openapi.json`.
    pub openapi: String,
}

impl Served {
    /// The rules, for the front door.
    pub fn rules(&self) -> Rules<'_> {
        self.engine.rules()
    }

    fn new(engine: Engine, revision: String) -> Served {
        let e = Served {
            back_end: engine.back_end(),
            engine,
            revision,
            regions: String::new(),
            vocabulary: String::new(),
            request_schema: String::new(),
            openapi: String::new(),
        };
        let rs = e.rules().set;
        let request = crate::api::schema::schema(rs, "request").unwrap_or(Json::Null);
        let (regions, vocabulary) = (crate::api::regions(rs).to_string(), crate::api::vocabulary(rs).to_string());
        let openapi = super::openapi::document(&request, &e.revision).to_string();
        Served { regions, vocabulary, openapi, request_schema: request.to_string(), ..e }
    }

    /// The shipped rules, compiled; the revision is the hash of their embedded text (which
    /// `tests/compiled.rs` keeps equal to what the compiled code was generated from).
    pub fn shipped() -> Served {
        Served::new(Engine::shipped(), revision(&crate::rules::shipped_files()))
    }

    /// A rule directory, read and checked now.
    ///
    /// Errors: the diagnostics (located), as `{code, file, line, column, message}` JSON.
    pub fn load(dir: &Path) -> Result<Served, Json> {
        let files = crate::rules::load_dir(dir).map_err(|d| json!([*d]))?;
        match crate::check::check(&files) {
            Ok(rs) => Ok(Served::new(Engine::interpreted(rs), revision(&files))),
            Err(diags) => Err(serde_json::to_value(&diags).unwrap_or(Json::Null)),
        }
    }
}

/// The content hash of rule files `(name, text)` (sorted by name, as the loaders return
/// them): `sha256:` and 16 hex digits. Equal texts give equal revisions, whichever back end
/// answers with them.
pub fn revision(files: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The serving rule set and what `/readyz` reports.
pub struct Current {
    /// The engine answering now.
    pub engine: ArcSwap<Served>,
    /// The outcome of the last reload, if any (`{result, revision?, errors?, at}`).
    pub last_reload: ArcSwap<Option<Json>>,
    /// Set when shutdown begins: `/readyz` answers 503 so a load balancer stops sending.
    pub draining: AtomicBool,
}

impl Current {
    /// Serving `engine`.
    pub fn new(engine: Served) -> Current {
        Current { engine: ArcSwap::from_pointee(engine), last_reload: ArcSwap::from_pointee(None), draining: AtomicBool::new(false) }
    }

    /// Whether shutdown has begun.
    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }
}
