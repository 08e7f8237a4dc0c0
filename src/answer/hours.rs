//! Office hours on the day of `as_of`.

use super::{Cited, Origin, Str};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// The days an office is open or a deadline counts.
#[derive(Debug, Clone, Copy, Serialize, Json, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DaySet {
    /// Official working days: Monday–Friday minus holidays, plus make-up working days (调休).
    Working,
    /// Monday–Friday, whatever the holiday calendar says.
    Weekdays,
    /// Monday–Friday except holidays; make-up Saturdays and Sundays are not included.
    WeekdaysExceptHolidays,
    /// Every day.
    All,
    /// Every day except holidays (节假日除外).
    AllExceptHolidays,
}

/// Office hours on the day of `as_of`.
#[derive(Debug, Clone, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OfficeHours<'a> {
    /// Season id (`summer` / `winter`).
    pub season: Str<'a>,
    /// Season label (夏季 / 冬季).
    pub season_label: Str<'a>,
    /// Periods, "HH:MM-HH:MM".
    pub periods: Vec<Str<'a>>,
    /// The days the office is open in this season.
    pub days: DaySet,
    /// True when `days` is `working` (kept from the first version of the API).
    pub working_days_only: bool,
    /// Whether the window is open on this day (null when the calendar does not cover it).
    pub open_on_day: Option<bool>,
    /// Whether the window is open at `as_of` (null when the calendar does not cover the day).
    pub open_at_as_of: Option<bool>,
    /// Set when the text is silent on holidays (周一至周五): "…是否办公：规定未明确".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holidays: Option<Str<'a>>,
    /// The labelled assumption used to pick the season, if any.
    pub assumption: Option<Str<'a>>,
    /// Where it comes from: citation, rule, the rule's notes and assumptions.
    #[serde(flatten)]
    #[json(tail = tail)]
    pub cited: Cited<'a>,
    /// Where it comes from in the rule set (for the answer writer; not serialised).
    #[serde(skip)]
    pub origin: Origin,
}
