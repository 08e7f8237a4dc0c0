//! The deadline, the certificate media and the office hours parts.

use super::*;
#[derive(Debug, Clone, PartialEq)]
pub(super) enum DeadlineOutcome<'a> {
    None,
    Due(Box<Deadline<'a>>),
    NotCovered(i32, RuleId),
    /// The limit counts from an event the request does not give: rule, fact.
    Waits(RuleId, FactId),
}

#[inline(never)]
pub(super) fn deadline_outcome<'a>(rs: &'a RuleSet, env: &Env, w: Option<RuleId>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>) -> DeadlineOutcome<'a> {
    let (Some((w, r)), Some(as_of)) = (w.and_then(|w| rs.rules.get(w).map(|r| (w, r))), as_of) else { return DeadlineOutcome::None };
    let Body::Deadline { spec, after, .. } = &r.body else { return DeadlineOutcome::None };
    // Counted from the event the rule names, never from `as_of` in its place.
    let (at, counts_from) = match after {
        None => (as_of, None),
        Some(f) => match event(rs, env, *f, as_of) {
            Some(x) => x,
            None => return DeadlineOutcome::Waits(w, *f),
        },
    };
    match calendar::due(&rs.calendar, spec, at) {
        Ok(due) => match crate::engine::parts::deadline_frame(rs, w) {
            Some(frame) => DeadlineOutcome::Due(Box::new(Deadline {
                due: crate::calendar::rfc3339(&due).into(),
                due_date: due.date_naive().to_string().into(),
                counts_from,
                ..frame
            })),
            None => DeadlineOutcome::None,
        },
        Err(NotCovered(y)) => DeadlineOutcome::NotCovered(y, w),
    }
}

/// The validity part when rule `w` wins: the term, and the expiry date counted from the event
/// the rule names; `Waits` (the term without a date) when the request does not give it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum ValidityOutcome<'a> {
    None,
    Valid(Box<Validity<'a>>),
    Waits(Box<Validity<'a>>, RuleId, FactId),
}

#[inline(never)]
pub(super) fn validity_outcome<'a>(rs: &'a RuleSet, env: &Env, w: Option<RuleId>, as_of: Option<chrono::DateTime<chrono::FixedOffset>>) -> ValidityOutcome<'a> {
    let Some((w, r)) = w.and_then(|w| rs.rules.get(w).map(|r| (w, r))) else { return ValidityOutcome::None };
    let (Body::Validity { months, after, .. }, Some(mut v)) = (&r.body, crate::engine::parts::validity_frame(rs, w)) else { return ValidityOutcome::None };
    // The regulation names no event: the term alone, no date guessed from `as_of`.
    let Some(f) = after else { return ValidityOutcome::Valid(Box::new(v)) };
    let Some((at, shown)) = as_of.and_then(|a| event(rs, env, *f, a)) else { return ValidityOutcome::Waits(Box::new(v), w, *f) };
    v.expires_on = calendar::due(&rs.calendar, &crate::ir::DeadlineSpec::Months(*months), at).ok().map(|d| d.date_naive().to_string().into());
    v.counts_from = shown;
    ValidityOutcome::Valid(Box::new(v))
}

/// The time of event fact `f` (a date counts from its midnight, in the offset of `as_of`) and
/// how the answer names it; `None` when the request does not give it.
fn event<'a>(
    rs: &'a RuleSet,
    env: &Env,
    f: FactId,
    as_of: chrono::DateTime<chrono::FixedOffset>,
) -> Option<(chrono::DateTime<chrono::FixedOffset>, Option<EventOut<'a>>)> {
    let fact = rs.facts.get(f)?;
    let (at, shown) = match env.fact(f)? {
        Value::Time(t) => (t, crate::calendar::rfc3339(&t)),
        Value::Date(d) => (d.and_time(chrono::NaiveTime::MIN).and_local_timezone(*as_of.offset()).single()?, d.to_string()),
        _ => return None,
    };
    Some((at, Some(EventOut { fact: fact.path.as_str().into(), label: fact.label.as_str().into(), at: shown.into() })))
}

pub(crate) fn day_set(d: crate::ir::DaySet) -> DaySet {
    match d {
        crate::ir::DaySet::Working => DaySet::Working,
        crate::ir::DaySet::Weekdays => DaySet::Weekdays,
        crate::ir::DaySet::WeekdaysExceptHolidays => DaySet::WeekdaysExceptHolidays,
        crate::ir::DaySet::All => DaySet::All,
        crate::ir::DaySet::AllExceptHolidays => DaySet::AllExceptHolidays,
    }
}

/// Office hours on the day of `at`, and the year the calendar does not cover if that
/// leaves open whether the office opens that day.
#[inline(never)]
pub(super) fn office_hours<'a>(
    rs: &'a RuleSet,
    id: RuleId,
    r: &'a Rule,
    h: &'a Hours,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> (OfficeHours<'a>, Option<i32>) {
    let day = at.date_naive();
    let md = (day.month(), day.day());
    let (idx, assumption) = match &h.assume {
        Some((i, from, to, why)) => {
            let inside = if from <= to { md >= *from && md <= *to } else { md >= *from || md <= *to };
            let idx = if inside { *i } else { (0..h.seasons.len()).find(|x| x != i).unwrap_or(*i) };
            (idx, Some(Str::from(why.as_str())))
        }
        None => (0, None),
    };
    let season = h.seasons.get(idx);
    let periods: Vec<Str<'a>> = season
        .map(|s| s.periods.iter().map(|(a, b)| format!("{:02}:{:02}-{:02}:{:02}", a.hour(), a.minute(), b.hour(), b.minute()).into()).collect::<Vec<Str<'a>>>())
        .unwrap_or_default();
    let t = at.time();
    let in_period = season.is_some_and(|s| s.periods.iter().any(|(a, b)| t >= *a && t < *b));
    let days = season.map(|s| s.days).unwrap_or(crate::ir::DaySet::Working);
    // 周一至周五 (`days weekdays`) says nothing of holidays and 调休 working weekends: on
    // such a day the office may or may not open — undetermined, never guessed either way.
    let silent = days == crate::ir::DaySet::Weekdays;
    let special = |d| -> Result<bool, NotCovered> {
        let holiday = !calendar::in_set(&rs.calendar, crate::ir::DaySet::AllExceptHolidays, d)?;
        let make_up = calendar::in_set(&rs.calendar, crate::ir::DaySet::Working, d)? && !calendar::in_set(&rs.calendar, crate::ir::DaySet::Weekdays, d)?;
        Ok(holiday || make_up)
    };
    let (open_on_day, uncovered) = match (silent, calendar::in_set(&rs.calendar, days, day)) {
        (true, Ok(b)) => match special(day) {
            Ok(true) => (None, None),
            Ok(false) => (Some(b), None),
            Err(NotCovered(y)) => (None, Some(y)),
        },
        (false, Ok(b)) => (Some(b), None),
        (_, Err(NotCovered(y))) => (None, Some(y)),
    };
    let hours = OfficeHours {
        season: season.map(|s| s.id.as_str()).unwrap_or_default().into(),
        season_label: season.map(|s| s.label.as_str()).unwrap_or_default().into(),
        periods,
        days: day_set(days),
        working_days_only: days == crate::ir::DaySet::Working,
        open_on_day,
        open_at_as_of: open_on_day.map(|o| o && in_period),
        holidays: silent.then(|| "节假日及调休上班日是否办公：规定未明确".into()),
        assumption,
        cited: cited(rs, r),
        origin: Origin::Rule(id),
    };
    (hours, uncovered)
}
