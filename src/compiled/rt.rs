//! Small constructors and macros the generated code is written with. They exist so the
//! generated file reads like the rule files, and so it needs no `unwrap` (values are
//! already checked; a constructor that could fail falls back to a default).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rust_decimal::Decimal;

/// `Cow::Borrowed`: static text and lists in the generated rule set.
pub use std::borrow::Cow::Borrowed as B;

/// [`crate::ir::Node::Static`]: static sub-trees of conditions and expressions.
pub use crate::ir::Node::Static as N;

/// A date (checked when the rules were compiled; the fallback is never reached).
pub const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => NaiveDate::MIN,
    }
}

/// A time of day, hours and minutes.
pub const fn tod(h: u32, m: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(h, m, 0) {
        Some(x) => x,
        None => NaiveTime::MIN,
    }
}

/// An instant: its UTC date, UTC (hour, minute, second, nanosecond) and its offset from UTC
/// in seconds.
pub const fn time(utc: NaiveDate, (h, m, s, ns): (u32, u32, u32, u32), offset: i32) -> DateTime<FixedOffset> {
    let naive = match utc.and_hms_nano_opt(h, m, s, ns) {
        Some(x) => x,
        None => NaiveDate::MIN.and_time(NaiveTime::MIN),
    };
    DateTime::from_naive_utc_and_offset(naive, fixed(offset))
}

/// The offset of `secs` seconds east of UTC (UTC itself if out of range, which the checker
/// never lets through).
const fn fixed(secs: i32) -> FixedOffset {
    match FixedOffset::east_opt(secs) {
        Some(x) => x,
        None => fixed(0),
    }
}

/// A decimal from the three 32-bit words of its mantissa, its sign and its scale.
pub const fn dec(lo: u32, mid: u32, hi: u32, negative: bool, scale: u32) -> Decimal {
    Decimal::from_parts(lo, mid, hi, negative, scale)
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
