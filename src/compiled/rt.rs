//! Small constructors and macros the generated code is written with. They exist so the
//! generated file reads like the rule files, and so it needs no `unwrap` (values are
//! already checked; a constructor that could fail falls back to a default).

use crate::ir::{RuleId, Source};
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// An owned string.
pub fn s(x: &str) -> String {
    x.to_string()
}

/// Owned strings.
pub fn ss(x: &[&str]) -> Vec<String> {
    x.iter().map(|v| v.to_string()).collect()
}

/// A date (checked when the rules were compiled).
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Dates.
pub fn dates(x: &[(i32, u32, u32)]) -> BTreeSet<NaiveDate> {
    x.iter().map(|(y, m, d)| date(*y, *m, *d)).collect()
}

/// A time of day.
pub fn tod(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default()
}

/// An instant given in RFC 3339.
pub fn time(x: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(x).unwrap_or_default()
}

/// A decimal from mantissa and scale.
pub fn dec(m: i128, scale: u32) -> Decimal {
    Decimal::from_i128_with_scale(m, scale)
}

/// A set of rule ids.
pub fn ids(x: &[RuleId]) -> BTreeSet<RuleId> {
    x.iter().copied().collect()
}

/// A citation.
pub fn src(doc: usize, article: &str) -> Source {
    Source { doc, article: article.to_string() }
}

/// A map from pairs.
pub fn map<K: Ord, V>(x: Vec<(K, V)>) -> BTreeMap<K, V> {
    x.into_iter().collect()
}

/// Kleene `and`, stopping at the first false operand (as the interpreter does).
#[macro_export]
macro_rules! and {
    ($($x:expr),+ $(,)?) => {{
        let mut unknown = false;
        let mut decided = false;
        $(
            if !decided {
                match $x {
                    Some(false) => decided = true,
                    None => unknown = true,
                    Some(true) => {}
                }
            }
        )+
        if decided { Some(false) } else if unknown { None } else { Some(true) }
    }};
}

/// Kleene `or`, stopping at the first true operand (as the interpreter does).
#[macro_export]
macro_rules! or {
    ($($x:expr),+ $(,)?) => {{
        let mut unknown = false;
        let mut decided = false;
        $(
            if !decided {
                match $x {
                    Some(true) => decided = true,
                    None => unknown = true,
                    Some(false) => {}
                }
            }
        )+
        if decided { Some(true) } else if unknown { None } else { Some(false) }
    }};
}

pub use crate::{and, or};
