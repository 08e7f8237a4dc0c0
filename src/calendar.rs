//! Working days and deadlines over the holiday calendar carried in `rules/calendar.carules`.
//!
//! A working day is Monday–Friday that is not a day off, or a make-up working day (调休上班).
//! "N个工作日内" counts from the day after the event (民法典 第二百零一条) and ends at
//! 23:59:59+08:00 of the Nth working day. A date in a year the calendar does not cover is
//! an error, never a weekday-only guess.

use crate::ir::{Calendar, DeadlineSpec};
use crate::request::cst;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Weekday};

/// The calendar does not cover this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotCovered(pub i32);

/// Whether `d` is a working day. Errors when its year is not covered.
pub fn is_working_day(cal: &Calendar, d: NaiveDate) -> Result<bool, NotCovered> {
    if !cal.years.contains(&d.year()) {
        return Err(NotCovered(d.year()));
    }
    if cal.work.contains(&d) {
        return Ok(true);
    }
    if cal.off.contains(&d) {
        return Ok(false);
    }
    Ok(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
}

/// The Nth working day after `d` (the day of `d` itself not counted).
pub fn add_working_days(cal: &Calendar, d: NaiveDate, n: i64) -> Result<NaiveDate, NotCovered> {
    let mut cur = d;
    let mut left = n;
    while left > 0 {
        cur = cur.succ_opt().ok_or(NotCovered(cur.year() + 1))?;
        if is_working_day(cal, cur)? {
            left -= 1;
        }
    }
    Ok(cur)
}

/// End of day 23:59:59+08:00.
pub fn end_of_day(d: NaiveDate) -> Option<DateTime<FixedOffset>> {
    let t = NaiveTime::from_hms_opt(23, 59, 59)?;
    d.and_time(t).and_local_timezone(cst()).single()
}

/// The due time of a deadline counted from `at`.
pub fn due(cal: &Calendar, spec: &DeadlineSpec, at: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, NotCovered> {
    let at = at.with_timezone(&cst());
    let day = at.date_naive();
    let eod = |d: NaiveDate| end_of_day(d).ok_or(NotCovered(d.year()));
    match spec {
        DeadlineSpec::Minutes(m) => Ok(at + Duration::minutes(*m)),
        DeadlineSpec::Days(n) => eod(day + Duration::days(*n)),
        DeadlineSpec::WorkingDays(n) => eod(add_working_days(cal, day, *n)?),
        DeadlineSpec::Cutoff(t) => {
            if at.time() < *t {
                eod(day)
            } else {
                eod(day + Duration::days(1))
            }
        }
        DeadlineSpec::Immediate => Ok(at),
    }
}
