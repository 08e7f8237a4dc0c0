//! carules — regulations as code for China's public-resource-trading CA certificates.
//!
//! Pipeline: text ([`syntax`], grammar in `grammar/carules.pest`) → syntax tree ([`ast`])
//! → checked IR ([`check`] → [`ir`]) → the [`engine`] (interpreter) and Rust code generator
//! (`codegen`, whose output for the shipped rules is [`compiled`]), reading a [`request`]
//! and building an [`answer`]. [`api`] is the front door every host calls:
//! `decide(rules, request, options)` and its `_json` / `_str` forms; [`host`] holds the one
//! [`host::Engine`] hosts answer with. Modules import only those below them
//! (ARCHITECTURE.md, "Layers").
//!
//! Features: `parser` (grammar, checker, rules from disk or embedded), `codegen` (the Rust
//! back end), `handbook` (the region handbook's templates), `schema` (the response schema
//! derived), `cli` (default: the command line, with all of these), `serve` (default: the
//! HTTP service; tokio, axum). Without them — as in the WebAssembly build, which depends with
//! `default-features = false` — the crate holds only the compiled rules, the engine and the
//! JSON API.
//!
//! ```
//! use carules::api::{Options, Rules};
//! let request = serde_json::json!({
//!     "region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal", "channel": "onsite",
//!     "applicant": {"kind": "organization", "roles": ["bidder"], "registered": true},
//!     "certificate": {"issuer": "BJCA", "expires_on": "2026-12-10", "key": "main"},
//!     "bidding": {"encrypted_bid_uploaded": true, "closed": false}
//! });
//! let answer = carules::api::decide_json(Rules::shipped(), &request, Options::default());
//! assert_eq!(answer["allowed"], false);
//! let ban = answer["findings"].as_array().unwrap().iter().find(|f| f["code"] == "bidding.in_progress").unwrap();
//! assert_eq!(ban["severity"], "deny");
//! assert_eq!(ban["source"]["article"], "四 注");
//! ```

// The library holds no unsafe code (the binary's two `unsafe` blocks set signal handling).
#![forbid(unsafe_code)]
// `cargo doc` prints no warning (.ci/run documents the library with these denied).
#![deny(
    rustdoc::broken_intra_doc_links,
    rustdoc::private_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::bare_urls,
    rustdoc::redundant_explicit_links,
    rustdoc::invalid_codeblock_attributes,
    rustdoc::invalid_rust_codeblocks
)]
// Library code reads slices with `.get()` (a bad index is a located error, never a panic);
// unit tests may index.
#![deny(clippy::indexing_slicing)]
#![cfg_attr(test, allow(clippy::indexing_slicing))]

pub mod answer;
pub mod api;
pub mod ast;
pub mod calendar;
pub mod compiled;
pub mod diag;
pub mod engine;
pub mod gb2260;
pub mod handbook;
pub mod host;
pub mod ir;
pub mod request;
#[cfg(feature = "serve")]
pub mod serve;

#[cfg(feature = "cases")]
pub mod cases;
#[cfg(feature = "parser")]
pub mod check;
#[cfg(feature = "codegen")]
pub mod codegen;
#[cfg(feature = "cli")]
pub mod diff;
#[cfg(feature = "parser")]
pub mod fmt;
#[cfg(feature = "cli")]
pub mod lsp;
#[cfg(feature = "parser")]
pub mod rules;
#[cfg(feature = "parser")]
pub mod syntax;
#[cfg(feature = "parser")]
pub mod trace;
#[cfg(feature = "cli")]
pub mod yaml;
