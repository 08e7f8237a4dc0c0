//! The structural parts of a request besides the facts: `submitted_documents`,
//! `observations`, `records` and `together`, checked in that order after the facts.

use super::Line;
use super::Record;
use super::build::{line_keys, read_level};
use super::raw::Raw;
use super::value::{time, value};
use crate::answer::ApiError;
use crate::ir::{RegionId, RuleSet, Value};
use std::collections::BTreeMap;

/// `submitted_documents`: a list of document item ids.
///
/// Errors: not a list (`/submitted_documents`), an id not a string (`…/i`).
pub(super) fn submitted(v: Option<&Raw<'_, '_>>) -> Result<Option<Vec<String>>, ApiError> {
    Ok(match v {
        None | Some(Raw::Null) => None,
        Some(Raw::List(a)) => {
            let mut v = Vec::with_capacity(a.len());
            for (i, x) in a.iter().enumerate() {
                match x {
                    Raw::Str(s) => v.push(s.to_string()),
                    _ => {
                        return Err(
                            ApiError::new(&format!("/submitted_documents/{i}"), "document ids are strings").with_zh("{field}的每一项应为材料编号（文字）")
                        );
                    }
                }
            }
            Some(v)
        }
        Some(_) => return Err(ApiError::new("/submitted_documents", "submitted_documents must be a list of document ids").with_zh("{field}应为材料编号的列表")),
    })
}

/// `observations`: checklist answers by item id, true (是) or false (否).
///
/// Errors: not an object (`/observations`), an answer neither (`/observations/<id>`, the
/// first in sorted id order).
pub(super) fn observations(v: Option<&Raw<'_, '_>>) -> Result<BTreeMap<String, bool>, ApiError> {
    let mut observations = BTreeMap::new();
    match v {
        None | Some(Raw::Null) => {}
        Some(Raw::Object(m)) => {
            let answers = m.first_failure(|e| {
                let b = match &e.raw {
                    Raw::Bool(b) => *b,
                    Raw::Str(s) if s == "是" => true,
                    Raw::Str(s) if s == "否" => false,
                    _ => return Err(()),
                };
                observations.insert(e.key.to_string(), b);
                Ok(())
            });
            answers.map_err(|(e, ())| {
                ApiError::new(&format!("/observations/{}", e.key), "an observation is true (是) or false (否)").with_zh("考评观察结果应为是或否")
            })?;
        }
        Some(_) => {
            return Err(
                ApiError::new("/observations", "observations must be an object keyed by checklist item id").with_zh("{field}应为以考评项编号为键的对象")
            );
        }
    }
    Ok(observations)
}

/// `records`: service records `{channel, received_at, completed_at}`.
///
/// Errors: not a list (`/records`), then per record in order (`/records/i/…`).
pub(super) fn records(rs: &RuleSet, region: RegionId, v: Option<&Raw<'_, '_>>) -> Result<Vec<Record>, ApiError> {
    let mut records = Vec::new();
    match v {
        None | Some(Raw::Null) => {}
        Some(Raw::List(a)) => {
            for (i, r) in a.iter().enumerate() {
                records.push(record(rs, region, r, i)?);
            }
        }
        Some(_) => return Err(ApiError::new("/records", "records must be a list").with_zh("{field}应为列表")),
    }
    Ok(records)
}

/// One record: its keys are `received_at`, `completed_at` or the path of a fact visible in
/// `region` (`channel`); the first error in sorted key order is reported.
fn record(rs: &RuleSet, region: RegionId, r: &Raw<'_, '_>, i: usize) -> Result<Record, ApiError> {
    let base = format!("/records/{i}");
    let Raw::Object(obj) = r else {
        return Err(ApiError::new(&base, "a record is an object {channel, received_at, completed_at}")
            .with_zh("每条办理记录应为一组信息（办理方式、受理时间、办结时间）"));
    };
    let mut facts = vec![None; rs.facts.len()];
    let mut received_at = None;
    let mut completed_at = None;
    let read = obj.first_failure(|e| {
        let (k, v) = (e.key.as_ref(), &e.raw);
        let path = || format!("{base}/{k}");
        match k {
            "received_at" => received_at = Some(time(v, &path())?),
            "completed_at" => {
                if !v.is_null() {
                    completed_at = Some(time(v, &path())?)
                }
            }
            _ => match rs.fact(k).filter(|f| rs.facts.get(*f).is_some_and(|x| rs.visible(x.scope, region))) {
                Some(f) => {
                    if let Some(slot) = facts.get_mut(f) {
                        *slot = value(rs, region, f, v, &path())?;
                    }
                }
                None => {
                    return Err(ApiError::new(
                        &path(),
                        format!("unknown record field `{}`: a record has channel, received_at, completed_at", super::limits::shown(k)),
                    )
                    .with_zh(format!("办理记录中有无法识别的项“{}”", super::limits::shown(k))));
                }
            },
        }
        Ok(())
    });
    read.map_err(|(_, e)| e)?;
    let received_at =
        received_at.ok_or_else(|| ApiError::new(&format!("{base}/received_at"), "missing required field `received_at`").with_zh("办理记录缺少{field}"))?;
    if let Some(slot) = facts.get_mut(rs.known.as_of) {
        *slot = Some(Value::Time(received_at));
    }
    Ok(Record { facts, received_at, completed_at })
}

/// `together`: the other certificates applied for in the same visit.
///
/// Errors: not a list (`/together`), then per line in order (`/together/i/…`).
pub(super) fn lines(rs: &RuleSet, region: RegionId, v: Option<&Raw<'_, '_>>) -> Result<Vec<Line>, ApiError> {
    match v {
        None | Some(Raw::Null) => Ok(vec![]),
        Some(Raw::List(a)) => {
            let mut out = Vec::with_capacity(a.len());
            for (i, x) in a.iter().enumerate() {
                out.push(line(rs, region, x, i)?);
            }
            Ok(out)
        }
        Some(_) => {
            Err(ApiError::new("/together", "together must be a list of the other certificates applied for in the same visit").with_zh("{field}应为列表"))
        }
    }
}

/// One certificate applied for together with the main one: the visit's facts with its own
/// service, reason, years, quantity and certificate facts over them.
fn line(rs: &RuleSet, region: RegionId, x: &Raw<'_, '_>, i: usize) -> Result<Line, ApiError> {
    let at = format!("/together/{i}");
    let Raw::Object(obj) = x else {
        return Err(ApiError::new(&at, "a certificate applied for together is an object {service, certificate, quantity, …}")
            .with_zh("同次办理的每张证书应为一组信息（对象）"));
    };
    line_keys(obj, &at)?;
    let mut own: Vec<Option<Value>> = vec![None; rs.facts.len()];
    read_level(rs, region, obj, None, &mut own).map_err(|e| ApiError { path: format!("{at}{}", e.path), ..e })?;
    // Facts under `certificate.` not given for this line are this line's unknowns (or
    // defaults), not the main certificate's values; so is its quantity (unknown unless
    // given: never assumed); the rest (service, years, …) are the visit's.
    let mut facts = Vec::new();
    for (j, f) in rs.facts.iter().enumerate() {
        let given = own.get(j).cloned().flatten();
        if given.is_some() {
            facts.push((j, given));
        } else if f.path.starts_with("certificate.") {
            facts.push((j, f.default.clone()));
        } else if f.path == "quantity" {
            facts.push((j, None));
        }
    }
    Ok(facts)
}
