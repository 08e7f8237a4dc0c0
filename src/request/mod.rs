//! Request JSON → typed facts, with the spec's error object for bad input.
//!
//! The request shape is not hard-coded: every `fact` of the rule set names its JSON path,
//! and the engine reads exactly those paths plus the structural keys of the decision API
//! (`region`, `question`, `submitted_documents`, `observations`, `records`, `explain`).
//! Unknown keys are errors (with "did you mean"), so a misspelt fact is never ignored.
//!
//! One code path for text and values: `decode` reads the request in one pass (a serde
//! `DeserializeSeed` over the fact shape, from JSON text or from a `serde_json::Value`) into
//! compact `raw` values; `build` validates and converts them once the region is known
//! (`value`: one fact's value; `parts`: documents, observations, records, `together`;
//! `region`: the request's region, by code or place name, and its errors). Text is first
//! tried by `fast`: a well-formed request naming its region first is converted as it is
//! read, without the compact values; anything else is read again by the general path.

mod build;
mod decode;
mod fast;
pub mod limits;
mod parts;
mod raw;
mod region;
mod value;

#[cfg(feature = "handbook")]
pub(crate) use region::miss as region_miss;

use crate::answer::ApiError;
use crate::ir::lookup::Shape;
use crate::ir::{FactId, RegionId, RuleSet, Value};
use chrono::{DateTime, FixedOffset};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The three questions of the decision API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Service: allowed, findings, fee, documents, deadline …
    Service,
    /// Acceptance of a certificate.
    Acceptance,
    /// A checklist evaluation.
    Evaluation,
}

/// A service record (for derived checklist items).
#[derive(Debug, Clone)]
pub struct Record {
    /// Facts of the record (`channel`, …); `as_of` holds `received_at`.
    pub facts: Vec<Option<Value>>,
    /// When it was received.
    pub received_at: DateTime<FixedOffset>,
    /// When it was completed, if it was.
    pub completed_at: Option<DateTime<FixedOffset>>,
}

/// Another certificate applied for in the same visit: the facts it gives of its own (its
/// service, years, quantity, `certificate.*`), laid over the visit's facts when evaluated.
pub type Line = Vec<(FactId, Option<Value>)>;

/// A parsed, validated request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The declared region whose rules answer.
    pub region: RegionId,
    /// The GB/T 2260 code asked about, when it is an undeclared lower level of `region`.
    pub asked: Option<u32>,
    /// Question.
    pub question: Question,
    /// Fact values by [`FactId`]; `None` = unknown.
    pub facts: Vec<Option<Value>>,
    /// The facts the request left out whose value in `facts` is a default (the region's or
    /// the fact's own), in fact order: assumptions the answer states (`assumed`).
    pub defaulted: Vec<FactId>,
    /// `submitted_documents`, if given.
    pub submitted: Option<Vec<String>>,
    /// Checklist observations by item id (true = 是).
    pub observations: BTreeMap<String, bool>,
    /// Service records.
    pub records: Vec<Record>,
    /// The other certificates applied for in the same visit (`together`): the facts each one
    /// gives of its own.
    pub lines: Vec<Line>,
    /// Include the trace of rules consulted.
    pub explain: bool,
    /// The caller's `request_id` (or its synonym `id`), echoed in the answer.
    pub request_id: Option<String>,
}

const STRUCTURAL: [&str; 9] = ["region", "question", "submitted_documents", "observations", "records", "explain", "together", "request_id", "id"];

/// The longest `request_id` accepted, in characters.
pub const MAX_REQUEST_ID: usize = 200;

/// The keys a certificate applied for `together` may give: its service, reason, term,
/// quantity and the facts of the certificate itself. Everything else (applicant, channel,
/// bidding, as_of) is the visit's, shared with the main certificate.
pub(crate) const LINE_KEYS: [&str; 5] = ["service", "reason", "years", "quantity", "certificate"];

/// Reads a request held as a `serde_json::Value` (the CLI's YAML, hosts holding values),
/// through the same decoder as text: `require_as_of`: the decision API needs `as_of`; the
/// clerk's `documents` query may omit it (rules are then not date-filtered).
///
/// Errors: `request.invalid` with the JSON pointer of the first offending value (see
/// [`parse_str`] for the order).
pub fn parse(rs: &RuleSet, json: &Json, require_as_of: bool) -> Result<Request, ApiError> {
    decode::value(shape(rs), json).and_then(|top| build::request(rs, &top, require_as_of)).map_err(|e| e.localised(rs))
}

/// Reads request text in one pass, straight into the fact vector (no `serde_json::Value`):
/// `{region, as_of?, question?, <facts>…, submitted_documents?, observations?, records?,
/// together?, explain?}`, the facts being those declared (`fact` paths) and visible in the
/// requested region.
///
/// Errors: `request.invalid`, the first of: text that is not JSON (at `""`, as
/// `serde_json` words it); a duplicate key in any object (at its pointer); a request that
/// is not an object; a bad `request_id` or `id` (not a string, longer than
/// [`MAX_REQUEST_ID`] characters, or both given); a missing or unknown `region`; a bad `question` or `explain`; a fact
/// key or value, in sorted key order; a missing `as_of` (when required); then
/// `submitted_documents`, `observations`, `records`, `together`. The order of keys in the
/// text never changes which error is reported. An error after `request_id` carries it
/// ([`ApiError::request_id`]).
pub fn parse_str(rs: &RuleSet, text: &str, require_as_of: bool) -> Result<Request, ApiError> {
    if let Some(request) = fast::text(rs, shape(rs), text, require_as_of) {
        return Ok(request);
    }
    decode::text(shape(rs), text).and_then(|top| build::request(rs, &top, require_as_of)).map_err(|e| e.localised(rs))
}

/// Checks that `text` is JSON in which no object names a key twice (what [`parse_str`]
/// checks first), keeping nothing.
///
/// Errors: as the first two of [`parse_str`].
pub fn check_json(text: &str) -> Result<(), ApiError> {
    decode::check(text)
}

/// The first duplicate key of a request read by another serde deserializer (the CLI's
/// YAML), as [`check_json`] finds them in JSON text: `request.invalid` at the key's
/// pointer, "duplicate key `k`: …".
///
/// At most `max_values` values are read (each scalar, list and object counts one, a YAML
/// alias each time it is expanded): one more is `request.invalid` at `""`, "the request
/// expands to more than N values: …", and reading stops there.
///
/// Errors: the deserializer's own (syntax).
pub fn duplicate_key<'de, D: serde::Deserializer<'de>>(d: D, max_values: usize) -> Result<Option<ApiError>, D::Error> {
    decode::duplicate_key(d, Some(max_values))
}

/// The top level of the request shape (the JSON keys the declared facts make).
fn shape(rs: &RuleSet) -> &Shape {
    &rs.lookup.get(rs).shape
}

pub use crate::calendar::cst;
