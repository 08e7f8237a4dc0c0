//! One decoded value → the typed value of a fact, by the fact's declared type.

use super::raw::Raw;
use crate::answer::ApiError;
use crate::ir::{AsStr, FactId, RegionId, RuleSet, Type, Value};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The value of fact `f` (visible in `region`) given as `v`; `None` for null (unknown).
///
/// Shapes by type: bool `true`/`false`; int, days, minutes, months a whole number (an int
/// at least the fact's `min`); money a decimal string or a whole number, never negative,
/// never a float; date `"YYYY-MM-DD"`; time RFC 3339 with offset; time of day `"HH:MM"`;
/// region a declared region or a 6-digit GB/T 2260 code (string or number); enum a member
/// id, alias or label visible in `region`; set a list of those.
///
/// Errors: `request.invalid` at `path` (at `path/i` for the i-th member of a set) naming
/// what was expected and what was found.
pub(super) fn value(rs: &RuleSet, region: RegionId, f: FactId, v: &Raw<'_, '_>, path: &str) -> Result<Option<Value>, ApiError> {
    if v.is_null() {
        return Ok(None);
    }
    let fact = rs.facts.get(f);
    let ty = fact.map(|x| x.ty).unwrap_or(Type::Str);
    let wrong = |what: &str, zh: &str| ApiError::new(path, format!("expected {what}, found {}", v.kind())).with_zh(format!("{{field}}应为{zh}"));
    let val = match ty {
        Type::Bool => match v {
            Raw::Bool(b) => Value::Bool(*b),
            _ => return Err(wrong("true or false", "是或否")),
        },
        Type::Int => {
            let n = whole(v, path).ok_or_else(|| wrong("a whole number", "整数"))??;
            let min = fact.and_then(|x| x.min).unwrap_or(0);
            if n < min {
                let what = fact.map(|x| format!("`{}` ({})", x.path, x.label)).unwrap_or_default();
                return Err(
                    ApiError::new(path, format!("{n} is below the smallest value of {what}, {min}")).with_zh(format!("{{field}}不能小于{min}，收到{n}"))
                );
            }
            Value::Int(n)
        }
        Type::Money(_) => Value::Money(money(v, path)?),
        Type::Date => {
            let s = v.as_str().ok_or_else(|| wrong("a date \"YYYY-MM-DD\"", "日期，如“2026-11-21”"))?;
            let d = date(s).ok_or_else(|| {
                ApiError::new(path, format!("`{}` is not a date (YYYY-MM-DD)", super::limits::shown(s)))
                    .with_zh(format!("{{field}}应为日期，如“2026-11-21”，收到“{}”", super::limits::shown(s)))
            })?;
            if !super::limits::YEARS.contains(&chrono::Datelike::year(&d)) {
                return Err(super::limits::year_out_of_range(path, &super::limits::shown(s)));
            }
            Value::Date(d)
        }
        Type::Time => Value::Time(time(v, path)?),
        Type::TimeOfDay => {
            let s = v.as_str().ok_or_else(|| wrong("a time of day \"HH:MM\"", "时刻，如“09:00”"))?;
            Value::TimeOfDay(chrono::NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| {
                ApiError::new(path, format!("`{}` is not a time of day (HH:MM)", super::limits::shown(s)))
                    .with_zh(format!("{{field}}应为时刻，如“09:00”，收到“{}”", super::limits::shown(s)))
            })?)
        }
        Type::Region => region_code(rs, v, path)?,
        Type::Str => Value::Str(v.as_str().ok_or_else(|| wrong("text", "文字"))?.to_string().into()),
        Type::Enum(e) => {
            let s = v.as_str().ok_or_else(|| wrong("a string", "文字"))?;
            Value::Enum(member(rs, region, e, s, path)?)
        }
        Type::Set(e) => {
            let Raw::List(a) = v else { return Err(wrong("a list", "一组值（列表）")) };
            let mut bits = 0u64;
            for (i, x) in a.iter().enumerate() {
                let at = |e: ApiError| ApiError { path: format!("{path}/{i}{}", e.path.strip_prefix(path).unwrap_or("")), ..e };
                let s =
                    x.as_str().ok_or_else(|| at(ApiError::new(path, format!("expected a string, found {}", x.kind())).with_zh("{field}的每一项应为文字")))?;
                bits |= 1u64 << (member(rs, region, e, s, path).map_err(at)? as u64 & 63);
            }
            Value::Set(bits)
        }
        Type::Days | Type::Minutes | Type::Months => Value::Int(whole(v, path).ok_or_else(|| wrong("a whole number", "整数"))??),
    };
    Ok(Some(val))
}

/// `v` as a whole number within [`super::limits::MAX_WHOLE`] either side of zero: `None`
/// when it is no whole number; an error at `path` when it is one past the bound.
fn whole(v: &Raw<'_, '_>, path: &str) -> Option<Result<i64, ApiError>> {
    use super::limits::MAX_WHOLE;
    let Raw::Num(number) = v else { return None };
    let too_large = || {
        ApiError::new(path, format!("a whole number is at most {MAX_WHOLE} in size, found {number}"))
            .with_zh(format!("{{field}}的数值过大（绝对值最多{MAX_WHOLE}）"))
    };
    match number.as_i64() {
        Some(n) if n.unsigned_abs() <= MAX_WHOLE.unsigned_abs() => Some(Ok(n)),
        Some(_) => Some(Err(too_large())),
        None if number.is_u64() => Some(Err(too_large())),
        None => None,
    }
}

/// A date as chrono's `%Y-%m-%d` reads it. The usual form, four, two and two digits, is
/// read directly (chrono's format-string parser costs a thousand instructions); any other
/// text, and a day that does not exist, goes to chrono, so what is accepted is unchanged.
fn date(s: &str) -> Option<NaiveDate> {
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *s.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            let year = i32::try_from(n(&digits[..4])).unwrap_or(0);
            if let Some(d) = NaiveDate::from_ymd_opt(year, n(&digits[4..6]), n(&digits[6..])) {
                return Some(d);
            }
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// An amount in yuan: a decimal string (trimmed) or a whole number, not below zero.
fn money(v: &Raw<'_, '_>, path: &str) -> Result<Decimal, ApiError> {
    let s: std::borrow::Cow<'_, str> = match v {
        Raw::Str(s) => s.as_ref().into(),
        Raw::Num(n) if n.is_i64() || n.is_u64() => n.to_string().into(),
        _ => {
            return Err(
                ApiError::new(path, format!("expected a decimal string such as \"300.00\", found {}", v.kind())).with_zh("{field}应为金额（元），如“300.00”")
            );
        }
    };
    let d = Decimal::from_str(s.trim()).map_err(|_| {
        ApiError::new(path, format!("`{}` is not an amount in yuan (e.g. \"300.00\")", super::limits::shown(&s)))
            .with_zh(format!("{{field}}应为金额（元），如“300.00”，收到“{}”", super::limits::shown(&s)))
    })?;
    if d.is_sign_negative() && !d.is_zero() {
        return Err(ApiError::new(path, format!("`{}` is negative: amounts are never below zero", super::limits::shown(&s)))
            .with_zh(format!("{{field}}不能为负数，收到“{}”", super::limits::shown(&s))));
    }
    Ok(d)
}

/// A region: a declared region's code, name or alias, any 6-digit GB/T 2260 code, or the
/// name of a place of the national table ([`crate::gb2260`]: `济南市`, `格尔木`).
///
/// Errors: `request.invalid` at `path` for anything else, or a name several places share.
fn region_code(rs: &RuleSet, v: &Raw<'_, '_>, path: &str) -> Result<Value, ApiError> {
    let s: std::borrow::Cow<'_, str> = match v {
        Raw::Str(s) => s.as_ref().into(),
        Raw::Num(n) => n.to_string().into(),
        _ => {
            return Err(ApiError::new(path, format!("expected a GB/T 2260 region code such as \"371500\", found {}", v.kind()))
                .with_zh("{field}应为六位行政区划代码，如“371500”"));
        }
    };
    if let Some(r) = rs.region(&s) {
        Ok(Value::Region(rs.regions.get(r).map(|x| x.code_num()).unwrap_or(0)))
    } else if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0') {
        Ok(Value::Region(s.parse().unwrap_or(0)))
    } else if let Some(code) = super::region::place_code(&s, path)? {
        Ok(Value::Region(code))
    } else {
        Err(ApiError::new(path, format!("`{}` is not a GB/T 2260 region code or a place name", super::limits::shown(&s)))
            .with_zh(format!("{{field}}应为六位行政区划代码或省、市、县的名称，收到“{}”", super::limits::shown(&s))))
    }
}

/// A time: RFC 3339 with offset, as China Standard Time.
///
/// Errors: `request.invalid` at `path` for anything else.
pub(super) fn time(v: &Raw<'_, '_>, path: &str) -> Result<DateTime<FixedOffset>, ApiError> {
    let s = v.as_str().ok_or_else(|| {
        ApiError::new(path, "a time is an RFC 3339 string with offset, e.g. \"2026-11-21T10:00:00+08:00\"")
            .with_zh("{field}应为带时区的时间，如“2026-11-21T10:00:00+08:00”")
    })?;
    let t = rfc3339(s).ok_or_else(|| {
        ApiError::new(path, format!("`{}` is not an RFC 3339 time with offset (e.g. \"2026-11-21T10:00:00+08:00\")", super::limits::shown(s)))
            .with_zh(format!("{{field}}应为带时区的时间，如“2026-11-21T10:00:00+08:00”，收到“{}”", super::limits::shown(s)))
    })?;
    let t = t.with_timezone(&super::cst());
    if !super::limits::YEARS.contains(&chrono::Datelike::year(&t)) {
        return Err(super::limits::year_out_of_range(path, &super::limits::shown(s)));
    }
    Ok(t)
}

/// A time as chrono's `parse_from_rfc3339` reads it. The usual form,
/// `YYYY-MM-DDTHH:MM:SS+HH:MM` (or `-HH:MM`), is read directly (chrono's parser costs
/// several hundred instructions); any other text, and a date, time or offset that does not
/// exist, goes to chrono, so what is accepted is unchanged.
fn rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    use chrono::TimeZone;
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1, b'T', h0, h1, b':', i0, i1, b':', s0, s1, sign @ (b'+' | b'-'), oh0, oh1, b':', om0, om1] =
        *s.as_bytes()
    {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1, h0, h1, i0, i1, s0, s1, oh0, oh1, om0, om1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
            let part = |i: usize| n(digits.get(i..i + 2).unwrap_or_default());
            let (oh, om) = (part(14), part(16));
            let east = i32::try_from(oh * 3600 + om * 60).unwrap_or(i32::MAX);
            let offset = if oh < 24 && om < 60 { FixedOffset::east_opt(if sign == b'-' { -east } else { east }) } else { None };
            let year = i32::try_from(n(digits.get(..4).unwrap_or_default())).unwrap_or(0);
            let local = NaiveDate::from_ymd_opt(year, part(4), part(6)).and_then(|d| d.and_hms_opt(part(8), part(10), part(12)));
            if let (Some(offset), Some(local)) = (offset, local)
                && let Some(t) = offset.from_local_datetime(&local).single()
            {
                return Some(t);
            }
        }
    }
    DateTime::parse_from_rfc3339(s).ok()
}

/// The member of enum `e` named `s` (id, alias or label) visible in `region`.
///
/// Errors: `request.invalid` at `path` listing the visible members, with a near miss.
fn member(rs: &RuleSet, region: RegionId, e: usize, s: &str, path: &str) -> Result<u16, ApiError> {
    let en = rs.enums.get(e).ok_or_else(|| ApiError::new(path, "internal: unknown enum"))?;
    rs.member(e, s, region).ok_or_else(|| {
        let visible: Vec<_> = en.members.iter().filter(|m| rs.visible(m.scope, region)).collect();
        let ids: Vec<&str> = visible.iter().map(|m| m.id.as_str()).collect();
        let labels: Vec<&str> = visible.iter().map(|m| if m.label.is_empty() { m.id.as_str() } else { m.label.as_str() }).collect();
        let hint = crate::diag::suggest(s, ids.iter().copied()).map(|h| format!("; {h}")).unwrap_or_default();
        ApiError::new(path, format!("unknown {} `{}`: expected one of {}{hint}", en.name, super::limits::shown(s), ids.join(", "))).with_zh(format!(
            "{{field}}不能为“{}”，可选：{}",
            super::limits::shown(s),
            labels.join("、")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct reading of `YYYY-MM-DD` agrees with chrono on every such text, days that
    /// do not exist included.
    #[test]
    fn dates_read_as_chrono_reads_them() {
        for year in [0, 1, 999, 1900, 2000, 2024, 2025, 2026, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    assert_eq!(date(&s), NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok(), "{s}");
                }
            }
        }
        for s in ["2026-1-05", "2026-01-5", "+2026-01-05", "2026/01/05", "2026-01-05 ", "20260105", "２０２６-01-05", ""] {
            assert_eq!(date(s), NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(), "{s}");
        }
    }

    /// The direct reading of RFC 3339 times agrees with chrono on texts of the usual form,
    /// fields at and past their bounds included, and on other forms.
    #[test]
    fn times_read_as_chrono_reads_them() {
        let mut n = 0;
        for date in ["0000-01-01", "1000-02-29", "2024-02-29", "2026-02-29", "2026-11-21", "9999-12-31", "2026-00-10", "2026-13-01", "2026-04-31"] {
            for time in ["00:00:00", "10:00:00", "23:59:59", "23:59:60", "24:00:00", "12:60:00", "12:00:61"] {
                for offset in ["+00:00", "-00:00", "+08:00", "-05:30", "+23:59", "-23:59", "+24:00", "+08:60", "+99:99", "Z"] {
                    for sep in ["T", "t", " "] {
                        let s = format!("{date}{sep}{time}{offset}");
                        assert_eq!(rfc3339(&s), DateTime::parse_from_rfc3339(&s).ok(), "{s}");
                        n += 1;
                    }
                }
            }
        }
        for s in [
            "2026-11-21T10:00:00.5+08:00",
            "2026-11-21T10:00+08:00",
            "2026-11-21T10:00:00+0800",
            "+2026-11-21T10:00:00+08:00",
            "2026-11-21T10:00:00+08:00 ",
            "",
        ] {
            assert_eq!(rfc3339(s), DateTime::parse_from_rfc3339(s).ok(), "{s}");
        }
        assert!(n > 1000);
    }
}
