//! Working days, day sets and deadlines over the holiday calendar carried in
//! `rules/calendar.carules`.
//!
//! A working day is Monday–Friday that is not a day off, or a make-up working day (调休上班).
//! Other day sets: Monday–Friday whatever the calendar says; Monday–Friday except days off;
//! every day; every day except days off. "N个工作日内" counts from the day after the event
//! (民法典 第二百零一条) and ends at 23:59:59+08:00 of the Nth day of the set; "N个月" ends on
//! the corresponding day of the last month, or its last day (第二百零二条). A date in a year
//! the calendar does not cover is an error wherever the set needs the calendar, never a
//! weekday-only guess.

use crate::ir::{Calendar, DaySet, DeadlineSpec, sorted_has};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, NaiveTime, Weekday};

/// China Standard Time, +08:00.
pub fn cst() -> FixedOffset {
    use chrono::Offset;
    FixedOffset::east_opt(8 * 3600).unwrap_or(chrono::Utc.fix())
}

/// `t` as RFC 3339 to the second (`2026-11-21T10:00:00+08:00`): the bytes of chrono's
/// `to_rfc3339_opts(SecondsFormat::Secs, false)`, written directly for the usual case (a
/// four-digit year, an offset in whole minutes), through chrono otherwise. Every answer
/// writes `as_of` and its deadline this way.
pub fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    use chrono::Timelike;
    let off = t.offset().local_minus_utc();
    let year = t.year();
    if !(0..=9999).contains(&year) || off % 60 != 0 {
        return t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    }
    let mut b = [0u8; 25];
    let mut put = |at: usize, v: u32, n: usize| {
        let mut v = v;
        for i in (0..n).rev() {
            if let Some(x) = b.get_mut(at + i) {
                *x = b'0' + (v % 10) as u8;
            }
            v /= 10;
        }
    };
    let (sign, abs) = if off < 0 { (b'-', -off) } else { (b'+', off) };
    put(0, year.unsigned_abs(), 4);
    put(5, t.month(), 2);
    put(8, t.day(), 2);
    put(11, t.hour(), 2);
    put(14, t.minute(), 2);
    // A leap second (nanosecond ≥ 1e9) is written as second 60, as chrono writes it.
    put(17, t.second() + u32::from(t.nanosecond() >= 1_000_000_000), 2);
    put(20, abs.unsigned_abs() / 3600, 2);
    put(23, abs.unsigned_abs() / 60 % 60, 2);
    for (at, c) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, sign), (22, b':')] {
        if let Some(x) = b.get_mut(at) {
            *x = c;
        }
    }
    String::from_utf8(b.to_vec()).unwrap_or_default()
}

/// `date ± n months` with calendar arithmetic (民法典 第二百零二条: the period ends on the
/// corresponding day of the last month, or on that month's last day when it has none).
pub fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) }
}

/// The calendar does not cover this year (or the date is out of range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotCovered(pub i32);

fn weekday(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn covered(cal: &Calendar, d: NaiveDate) -> Result<(), NotCovered> {
    if sorted_has(&cal.years, &d.year()) { Ok(()) } else { Err(NotCovered(d.year())) }
}

/// Whether `d` is a working day. Errors when its year is not covered.
pub fn is_working_day(cal: &Calendar, d: NaiveDate) -> Result<bool, NotCovered> {
    in_set(cal, DaySet::Working, d)
}

/// Whether `d` belongs to the day set. Errors when the set needs the calendar and the
/// year of `d` is not covered.
pub fn in_set(cal: &Calendar, set: DaySet, d: NaiveDate) -> Result<bool, NotCovered> {
    Ok(match set {
        DaySet::All => true,
        DaySet::Weekdays => weekday(d),
        DaySet::Working => {
            covered(cal, d)?;
            sorted_has(&cal.work, &d) || (!sorted_has(&cal.off, &d) && weekday(d))
        }
        DaySet::WeekdaysExceptHolidays => {
            covered(cal, d)?;
            weekday(d) && !sorted_has(&cal.off, &d)
        }
        DaySet::AllExceptHolidays => {
            covered(cal, d)?;
            !sorted_has(&cal.off, &d)
        }
    })
}

/// The Nth day of the set after `d` (the day of `d` itself not counted).
pub fn add_days(cal: &Calendar, set: DaySet, d: NaiveDate, n: i64) -> Result<NaiveDate, NotCovered> {
    if set == DaySet::All {
        return Duration::try_days(n).and_then(|x| d.checked_add_signed(x)).ok_or(NotCovered(d.year()));
    }
    let mut cur = d;
    let mut left = n;
    if set == DaySet::Weekdays && n > 5 {
        // Whole weeks at once: five weekdays a week, whatever the calendar says.
        let weeks = Duration::try_days((n - 1) / 5 * 7).ok_or(NotCovered(d.year()))?;
        cur = cur.checked_add_signed(weeks).ok_or(NotCovered(d.year()))?;
        left = n - (n - 1) / 5 * 5;
    }
    // The other sets need the calendar: the walk ends at the first year it does not cover.
    while left > 0 {
        cur = cur.succ_opt().ok_or(NotCovered(cur.year()))?;
        if in_set(cal, set, cur)? {
            left -= 1;
        }
    }
    Ok(cur)
}

/// The Nth working day after `d` (the day of `d` itself not counted).
pub fn add_working_days(cal: &Calendar, d: NaiveDate, n: i64) -> Result<NaiveDate, NotCovered> {
    add_days(cal, DaySet::Working, d, n)
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
    let out = NotCovered(day.year());
    let eod = |d: NaiveDate| end_of_day(d).ok_or(NotCovered(d.year()));
    match spec {
        DeadlineSpec::Minutes(m) => Duration::try_minutes(*m).and_then(|x| at.checked_add_signed(x)).ok_or(out),
        DeadlineSpec::Days(n, set) => eod(add_days(cal, *set, day, *n)?),
        DeadlineSpec::Months(n) => eod(add_months(day, *n).ok_or(out)?),
        DeadlineSpec::Cutoff(t, set) => {
            if at.time() < *t {
                eod(day)
            } else {
                eod(add_days(cal, *set, day, 1)?)
            }
        }
        DeadlineSpec::Immediate => Ok(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::list;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    /// `rfc3339` writes chrono's bytes: across years 0–9999 and beyond, offsets east and west
    /// (whole minutes and not), every hour, minute and second, and a leap second.
    #[test]
    fn rfc3339_is_chronos() {
        let mut seen = 0;
        for (y, off) in
            [(2026, 8 * 3600), (1, -5 * 3600 - 30 * 60), (9999, 14 * 3600), (0, 0), (10000, 3600), (-1, 0), (2026, 8 * 3600 + 7), (1999, -12 * 3600)]
        {
            let Some(tz) = FixedOffset::east_opt(off) else { continue };
            for (mo, day, h, mi, sec) in [(1, 1, 0, 0, 0), (12, 31, 23, 59, 59), (2, 28, 9, 5, 7), (6, 15, 12, 30, 45)] {
                let Some(t) = NaiveDate::from_ymd_opt(y, mo, day).and_then(|x| x.and_hms_opt(h, mi, sec)).and_then(|x| x.and_local_timezone(tz).single())
                else {
                    continue;
                };
                assert_eq!(rfc3339(&t), t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false), "{t:?}");
                seen += 1;
            }
        }
        let leap =
            NaiveDate::from_ymd_opt(2016, 12, 31).and_then(|x| x.and_hms_milli_opt(23, 59, 59, 1_500)).and_then(|x| x.and_local_timezone(cst()).single());
        if let Some(t) = leap {
            assert_eq!(rfc3339(&t), t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
            seen += 1;
        }
        assert!(seen >= 30, "only {seen} times compared");
    }

    /// 2026 National Day: off 10-01..10-07, make-up working days Sun 09-20 and Sat 10-10.
    fn cal() -> Calendar {
        let off: Vec<NaiveDate> = (1..=7).map(|day| d(2026, 10, day)).collect();
        Calendar { years: list(vec![2026]), off: list(off), work: list(vec![d(2026, 9, 20), d(2026, 10, 10)]), sources: Default::default() }
    }

    /// `is_working_day` (the public shorthand for `in_set(Working)`) on each kind of day:
    /// a make-up Saturday and Sunday work, a holiday Thursday and a plain Sunday do not, a
    /// plain Monday does; a year the calendar lacks is an error, not a weekday guess.
    /// (cargo mutants found no test calling it.)
    #[test]
    fn working_days_follow_the_calendar() {
        let c = cal();
        assert_eq!(is_working_day(&c, d(2026, 10, 10)), Ok(true), "make-up Saturday");
        assert_eq!(is_working_day(&c, d(2026, 9, 20)), Ok(true), "make-up Sunday");
        assert_eq!(is_working_day(&c, d(2026, 10, 1)), Ok(false), "National Day, a Thursday");
        assert_eq!(is_working_day(&c, d(2026, 10, 11)), Ok(false), "a plain Sunday");
        assert_eq!(is_working_day(&c, d(2026, 10, 12)), Ok(true), "a plain Monday");
        assert_eq!(is_working_day(&c, d(2027, 1, 4)), Err(NotCovered(2027)));
    }

    #[test]
    fn day_sets_differ_on_make_up_days_and_holidays() {
        let c = cal();
        let sat_make_up = d(2026, 10, 10);
        assert_eq!(in_set(&c, DaySet::Working, sat_make_up), Ok(true));
        assert_eq!(in_set(&c, DaySet::Weekdays, sat_make_up), Ok(false));
        assert_eq!(in_set(&c, DaySet::WeekdaysExceptHolidays, sat_make_up), Ok(false));
        let thu_holiday = d(2026, 10, 1);
        assert_eq!(in_set(&c, DaySet::Working, thu_holiday), Ok(false));
        assert_eq!(in_set(&c, DaySet::Weekdays, thu_holiday), Ok(true));
        assert_eq!(in_set(&c, DaySet::AllExceptHolidays, thu_holiday), Ok(false));
        assert_eq!(in_set(&c, DaySet::All, thu_holiday), Ok(true));
        assert_eq!(in_set(&c, DaySet::AllExceptHolidays, d(2026, 10, 11)), Ok(true));
        assert_eq!(in_set(&c, DaySet::Working, d(2027, 1, 4)), Err(NotCovered(2027)));
        assert_eq!(in_set(&c, DaySet::Weekdays, d(2027, 1, 4)), Ok(true));
    }

    #[test]
    fn working_days_count_from_the_day_after() {
        let c = cal();
        // Wed 09-30 + 2 working days: 10-01..10-07 off, Thu 10-08 is day 1, Fri 10-09 day 2.
        assert_eq!(add_working_days(&c, d(2026, 9, 30), 2), Ok(d(2026, 10, 9)));
        // Fri 10-09 + 1: Sat 10-10 is a make-up working day.
        assert_eq!(add_working_days(&c, d(2026, 10, 9), 1), Ok(d(2026, 10, 10)));
        assert_eq!(add_days(&c, DaySet::WeekdaysExceptHolidays, d(2026, 10, 9), 1), Ok(d(2026, 10, 12)));
        assert_eq!(add_working_days(&c, d(2026, 12, 31), 1), Err(NotCovered(2027)));
    }

    /// A cut-off time ("17:30前") is strict: a request made at the cut-off itself is due the
    /// next day of the set, one a minute before it the same day.
    #[test]
    fn a_cutoff_is_strictly_before_its_time() {
        let c = cal();
        let at = |h, m| d(2026, 10, 9).and_hms_opt(h, m, 0).and_then(|t| t.and_local_timezone(cst()).single()).unwrap_or_default();
        let cutoff = DeadlineSpec::Cutoff(NaiveTime::from_hms_opt(17, 30, 0).unwrap_or_default(), DaySet::Working);
        assert_eq!(due(&c, &cutoff, at(17, 29)), Ok(end_of_day(d(2026, 10, 9)).unwrap_or_default()));
        // Fri 10-09 at 17:30: the next working day is the make-up Saturday 10-10.
        assert_eq!(due(&c, &cutoff, at(17, 30)), Ok(end_of_day(d(2026, 10, 10)).unwrap_or_default()));
    }

    /// `add_days` agrees with counting the set's days one by one, for every set, every count
    /// from 0 to 25 and every start day from 15 September to 15 October 2026 — so the
    /// whole-week shortcut of `Weekdays` is exact and is taken by no other set (a `Working`
    /// count of more than five days still skips the National Day holiday).
    #[test]
    fn counting_days_equals_walking_them_one_by_one() {
        fn next_in(c: &Calendar, set: DaySet, mut x: NaiveDate) -> Result<NaiveDate, NotCovered> {
            loop {
                x = x.succ_opt().ok_or(NotCovered(x.year()))?;
                if in_set(c, set, x)? {
                    return Ok(x);
                }
            }
        }
        let c = cal();
        let sets = [DaySet::All, DaySet::Working, DaySet::Weekdays, DaySet::WeekdaysExceptHolidays, DaySet::AllExceptHolidays];
        for set in sets {
            for start in d(2026, 9, 15).iter_days().take_while(|x| *x <= d(2026, 10, 15)) {
                let mut walked = Ok(start);
                for n in 0..=25 {
                    if n > 0 {
                        walked = walked.and_then(|w| next_in(&c, set, w));
                    }
                    assert_eq!(add_days(&c, set, start, n), walked, "{set:?} {start} + {n}");
                }
            }
        }
        // Thu 09-24 + 10 working days: 09-25, 09-28..30, 10-08..10 (10-10 a make-up Saturday),
        // 10-12..14 — the holiday week is not counted.
        assert_eq!(add_working_days(&c, d(2026, 9, 24), 10), Ok(d(2026, 10, 14)));
    }
}
