//! The one zh-CN label table for the engine's own values (severities, fee states, money
//! units, day sets, parts of an answer, trace results, checklist results). The rule set's
//! vocabulary labels its own enums; these complete it. The CLI text view and the portal read
//! the same labels: the portal through `vocabulary()`, under the names `answer.*`.

use crate::answer::{CheckResult, DaySet, FeeStatus, Form, ListStatus, Part, Per, RuleKind, Severity, TraceResult};
use serde_json::{Value as Json, json};

/// A closed set of answer values with their contract ids and zh-CN labels.
pub trait Labelled: Copy + PartialEq + 'static {
    /// Name in `vocabulary()`: `answer.<name>`.
    const NAME: &'static str;
    /// Every value: (value, id as serialised, zh-CN label).
    const LABELS: &'static [(Self, &'static str, &'static str)];
    /// The zh-CN label.
    fn zh(self) -> &'static str {
        Self::LABELS.iter().find(|(v, _, _)| *v == self).map(|x| x.2).unwrap_or("")
    }
    /// The id, as serialised.
    fn id(self) -> &'static str {
        Self::LABELS.iter().find(|(v, _, _)| *v == self).map(|x| x.1).unwrap_or("")
    }
}

macro_rules! labels {
    ($t:ty, $name:literal, [$(($v:expr, $id:literal, $zh:literal)),* $(,)?]) => {
        impl Labelled for $t {
            const NAME: &'static str = $name;
            const LABELS: &'static [(Self, &'static str, &'static str)] = &[$(($v, $id, $zh)),*];
        }
    };
}

labels!(Severity, "severity", [(Severity::Deny, "deny", "不予办理"), (Severity::Warn, "warn", "注意"), (Severity::Info, "info", "提示")]);
labels!(
    FeeStatus,
    "fee_status",
    [
        (FeeStatus::Free, "free", "免费"),
        (FeeStatus::Capped, "capped", "限价（最高不超过）"),
        (FeeStatus::Fixed, "fixed", "固定收费"),
        (FeeStatus::Minimum, "minimum", "最低收费（不低于）"),
        (FeeStatus::Package, "package", "套餐价"),
        (FeeStatus::SelfPaid, "self_paid", "自行缴费（规定未设收费标准）"),
        (FeeStatus::Unspecified, "unspecified", "规定未涉及"),
        (FeeStatus::Undetermined, "undetermined", "还需确认（取决于尚未提供的信息）"),
    ]
);
labels!(
    Form,
    "form",
    [
        (Form::Original, "original", "原件"),
        (Form::Copy, "copy", "复印件"),
        (Form::Paper, "paper", "纸质件"),
        (Form::Scan, "scan", "扫描件"),
        (Form::Photo, "photo", "照片"),
        (Form::Electronic, "electronic", "电子版"),
    ]
);
labels!(
    Per,
    "per",
    [
        (Per::Once, "once", "一次性"),
        (Per::Year, "year", "每年"),
        (Per::Time, "time", "每次"),
        (Per::Set, "set", "每套"),
        (Per::Piece, "piece", "每个"),
        (Per::Key, "key", "每把"),
        (Per::Certificate, "certificate", "每张"),
        (Per::PiecePerYear, "piece_per_year", "每个每年"),
    ]
);
labels!(
    DaySet,
    "days",
    [
        (DaySet::Working, "working", "法定工作日"),
        (DaySet::Weekdays, "weekdays", "周一至周五"),
        (DaySet::WeekdaysExceptHolidays, "weekdays_except_holidays", "周一至周五（节假日除外）"),
        (DaySet::All, "all", "每天"),
        (DaySet::AllExceptHolidays, "all_except_holidays", "每天（节假日除外）"),
    ]
);
labels!(
    Part,
    "part",
    [
        (Part::Allowed, "allowed", "能否办理"),
        (Part::Findings, "findings", "办理提示"),
        (Part::Obligations, "obligations", "申请人义务"),
        (Part::Referrals, "referrals", "另行办理"),
        (Part::Fee, "fee", "收费"),
        (Part::Documents, "documents", "所需材料"),
        (Part::Deadline, "deadline", "办结时限"),
        (Part::Certificate, "certificate", "证书介质"),
        (Part::OfficeHours, "office_hours", "办公时间"),
        (Part::Validity, "validity", "证书有效期"),
        (Part::Accepted, "accepted", "证书互认"),
        (Part::Checklist, "checklist", "考评"),
    ]
);
labels!(
    TraceResult,
    "trace_result",
    [
        (TraceResult::Applied, "applied", "适用"),
        (TraceResult::Overridden, "overridden", "被覆盖"),
        (TraceResult::NotApplicable, "not_applicable", "不适用"),
        (TraceResult::Unknown, "unknown", "信息不足"),
        (TraceResult::NotInForce, "not_in_force", "未施行"),
    ]
);
labels!(
    ListStatus,
    "list_status",
    [
        (ListStatus::Listed, "listed", "已列明"),
        (ListStatus::None, "none", "无需提交"),
        (ListStatus::Unspecified, "unspecified", "规定未列明"),
        (ListStatus::Undetermined, "undetermined", "还需确认"),
    ]
);
labels!(
    RuleKind,
    "rule_kind",
    [
        (RuleKind::Finding, "finding", "办理条件"),
        (RuleKind::Fee, "fee", "收费"),
        (RuleKind::Documents, "documents", "所需材料"),
        (RuleKind::Deadline, "deadline", "办结时限"),
        (RuleKind::Media, "media", "证书介质"),
        (RuleKind::Accept, "accept", "证书互认"),
        (RuleKind::Hours, "hours", "办公时间"),
        (RuleKind::Checklist, "checklist", "考评清单"),
        (RuleKind::Office, "office", "办理地点"),
        (RuleKind::Validity, "validity", "证书有效期"),
    ]
);
labels!(
    CheckResult,
    "check_result",
    [(CheckResult::Pass, "pass", "符合"), (CheckResult::Fail, "fail", "不符合"), (CheckResult::Unknown, "unknown", "无法判断")]
);

/// An RFC 3339 time as a clerk reads it: `2026年11月21日 10:00` (the time as given, in
/// its own offset; the answers use +08:00). Text that is not such a time is shown as is.
pub fn when(rfc3339: &str) -> String {
    use chrono::{Datelike, Timelike};
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => format!("{}年{}月{}日 {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute()),
        Err(_) => rfc3339.to_string(),
    }
}

/// The label of an obligation (not a severity of `findings`, listed apart).
pub const OBLIGE: &str = "须履行";

/// The label of a referral (`referrals`: the window sends the applicant elsewhere).
pub const REFER: &str = "另行办理";

fn table<T: Labelled>() -> (String, Json) {
    (format!("answer.{}", T::NAME), Json::Array(T::LABELS.iter().map(|(_, id, zh)| json!({"id": id, "label": zh})).collect()))
}

/// Every table as `{"answer.<name>": [{id, label}]}`, for `vocabulary()`.
pub fn tables() -> Vec<(String, Json)> {
    let mut v = vec![
        table::<Severity>(),
        table::<FeeStatus>(),
        table::<Per>(),
        table::<Form>(),
        table::<DaySet>(),
        table::<Part>(),
        table::<TraceResult>(),
        table::<ListStatus>(),
        table::<RuleKind>(),
        table::<CheckResult>(),
    ];
    v.push(("answer.obligation".into(), json!([{"id": "oblige", "label": OBLIGE}])));
    v.push(("answer.referral".into(), json!([{"id": "refer", "label": REFER}])));
    v
}

/// The zh-CN label of member `id` of the rule set's enum named `enum_name` (`service`,
/// `renewal` → 续期); the id itself when the rule set has no label for it. Used by the text
/// view, the handbook and the notice.
pub fn member<'a>(rs: &'a crate::ir::RuleSet, enum_name: &str, id: &'a str) -> &'a str {
    use crate::ir::AsStr;
    rs.enums
        .iter()
        .find(|e| e.name == enum_name)
        .and_then(|e| e.members.iter().find(|m| m.id == id))
        .map(|m| if m.label.is_empty() { id } else { m.label.as_str() })
        .unwrap_or(id)
}

/// The forms an item is accepted in as one zh-CN phrase: "原件或复印件（复印件：加盖公章）";
/// empty when it names none. Requirement ids are labelled from the rule set's `requirement`.
pub fn forms(rs: &crate::ir::RuleSet, forms: &[crate::answer::FormOut<'_>]) -> String {
    let names: Vec<&str> = forms.iter().map(|f| f.label).collect();
    let own: Vec<String> = forms
        .iter()
        .filter(|f| !f.requires.is_empty())
        .map(|f| format!("{}：{}", f.label, f.requires.iter().map(|r| member(rs, "requirement", r)).collect::<Vec<_>>().join("、")))
        .collect();
    let own = if own.is_empty() { String::new() } else { format!("（{}）", own.join("；")) };
    if names.is_empty() { String::new() } else { format!("{}{own}", names.join("或")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_match<T: Labelled + serde::Serialize>() {
        for (v, id, zh) in T::LABELS {
            assert_eq!(serde_json::to_value(v).ok(), Some(json!(id)), "{}: id of {id}", T::NAME);
            assert!(!zh.is_empty(), "{}: {id} has no label", T::NAME);
        }
    }

    #[test]
    fn ids_are_the_serialised_values() {
        ids_match::<Severity>();
        ids_match::<FeeStatus>();
        ids_match::<Per>();
        ids_match::<Form>();
        ids_match::<DaySet>();
        ids_match::<Part>();
        ids_match::<TraceResult>();
        ids_match::<ListStatus>();
        ids_match::<RuleKind>();
        ids_match::<CheckResult>();
    }
}
