//! The decision written by hand: JSON text → typed request (serde) → answer → JSON text.
//! Money is `rust_decimal`, dates are `chrono`. The floor every engine is compared with.

use crate::{Engine, Output};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
struct Request {
    as_of: DateTime<FixedOffset>,
    service: String,
    #[serde(default = "one")]
    years: u32,
    applicant: Applicant,
    certificate: Certificate,
    #[serde(default)]
    bidding: Bidding,
    #[serde(with = "rust_decimal::serde::str")]
    charged: Decimal,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
struct Applicant {
    kind: Kind,
    registered: bool,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Organization,
    Individual,
}

#[derive(Deserialize)]
struct Certificate {
    expires_on: NaiveDate,
}

#[derive(Deserialize, Default)]
struct Bidding {
    #[serde(default)]
    encrypted_bid_uploaded: bool,
    #[serde(default)]
    closed: bool,
}

fn decide(r: &Request) -> Output {
    let mut denials = Vec::new();
    if !r.applicant.registered {
        denials.push("applicant.not_registered".to_string());
    }
    let renewal = r.service == "renewal";
    // `today` is the date of `as_of` in its own offset (+08:00).
    let days_left = (r.certificate.expires_on - r.as_of.date_naive()).num_days();
    if renewal && !(0..=30).contains(&days_left) {
        denials.push("renewal.outside_window".to_string());
    }
    if renewal && r.bidding.encrypted_bid_uploaded && !r.bidding.closed {
        denials.push("bidding.in_progress".to_string());
    }
    let per_year = match r.applicant.kind {
        Kind::Organization => Decimal::from(300),
        Kind::Individual => Decimal::from(200),
    };
    let cap = per_year * Decimal::from(r.years);
    if r.charged > cap {
        denials.push("fee.over_cap".to_string());
    }
    Output::new(denials, format!("{:.2}", cap))
}

/// The hand-written engine.
pub struct Hand;

impl Engine for Hand {
    fn name(&self) -> &'static str {
        "hand-written Rust (serde, rust_decimal, chrono)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let r: Request = serde_json::from_str(request).map_err(|e| e.to_string())?;
        decide(&r).to_json()
    }
}

/// Reading alone: the request text into the typed struct by serde, no decision. The floor
/// carules's reader is compared with (run.sh's reading row).
pub struct HandRead;

impl Engine for HandRead {
    fn name(&self) -> &'static str {
        "serde into the hand-written typed request (reading only)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let r: Request = serde_json::from_str(request).map_err(|e| e.to_string())?;
        Ok(if r.applicant.registered { "read" } else { "read." }.to_string())
    }
}
