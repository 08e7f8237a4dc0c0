//! The request's `region` ([`crate::ir::RuleSet::resolve_region`]) and its errors: an unknown
//! name with the nearest names of the national table, a name several places share with every
//! candidate and its code, a place outside every region with rules.

use super::raw::Raw;
use crate::answer::ApiError;
use crate::gb2260::{Named, table};
use crate::ir::{AsStr, RegionMatch, RegionMiss, RuleSet};

/// At most this many nearest names are suggested for an unknown region.
const NEAREST: usize = 5;
/// At most this many candidates of an ambiguous name are listed (the others counted).
const CANDIDATES: usize = 12;

/// `region`: a declared region's code, name or alias, or a place of the national table
/// (code or name) or a 6-digit code below a declared region.
///
/// Errors: `request.invalid` at `/region` — missing, not a string or number, or naming no
/// region with rules ([`miss`]).
pub(super) fn region(rs: &RuleSet, v: Option<&Raw<'_, '_>>) -> Result<RegionMatch, ApiError> {
    let region_s: std::borrow::Cow<'_, str> = match v {
        Some(Raw::Str(s)) => s.as_ref().into(),
        Some(Raw::Num(n)) => n.to_string().into(),
        Some(_) => {
            return Err(
                ApiError::new("/region", "region must be a GB/T 2260 code string such as \"630000\"").with_zh("{field}应为六位行政区划代码，如“630000”")
            );
        }
        None => return Err(ApiError::new("/region", "missing required field `region`").with_zh("缺少{field}")),
    };
    rs.resolve_region(&region_s).map_err(|m| miss(rs, &region_s, &m))
}

/// The error for a `region` that names no region with rules (at `/region`, English and
/// zh-CN): for an unknown name, the nearest names of the table (at most five, with their
/// codes) or a near-miss alias; for an ambiguous one, the candidates with their codes; for a
/// place without rules, where it lies; these two end with the provinces that have rules.
pub(crate) fn miss(rs: &RuleSet, given: &str, miss: &RegionMiss) -> ApiError {
    let shown = super::limits::shown(given);
    let t = table();
    // The tops of the trees below the national layer (100000 itself is no place to ask).
    let national = |r: &crate::ir::Region| r.code_num() == crate::ir::NATIONAL;
    let top = |r: &crate::ir::Region| !national(r) && r.parent.is_none_or(|p| rs.regions.get(p).is_some_and(national));
    let provinces: Vec<&crate::ir::Region> = rs.regions.iter().filter(|r| top(r)).collect();
    let codes = provinces.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", ");
    let names = provinces.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join("、");
    let (en, zh) = match miss {
        RegionMiss::Ambiguous(candidates) => {
            let more = candidates.len().saturating_sub(CANDIDATES);
            let listed = candidates.iter().take(CANDIDATES);
            let en: Vec<String> = listed.clone().map(|c| format!("{c:06} {}", t.path(*c))).collect();
            let zh: Vec<String> = listed.map(|c| format!("{}（{c:06}）", t.path(*c))).collect();
            let (more_en, more_zh) = if more > 0 { (format!(" and {more} more"), format!("等{}处", candidates.len())) } else { Default::default() };
            return ApiError::new(
                "/region",
                format!("region `{shown}` names {} places: {}{more_en}; give the code of the one meant", candidates.len(), en.join(", ")),
            )
            .with_zh(format!("“{shown}”对应多个地区：{}{more_zh}；请填写所指地区的六位行政区划代码", zh.join("、")));
        }
        RegionMiss::NoRules(code) => (
            if given.trim() == format!("{code:06}") {
                format!("no rules are encoded for `{shown}` ({}) or for a region containing it", t.path(*code))
            } else {
                format!("no rules are encoded for `{shown}` ({code:06} {}) or for a region containing it", t.path(*code))
            },
            format!("未收录{}（{code:06}）及其上级地区的规定", t.path(*code)),
        ),
        RegionMiss::Unknown => {
            let nearest = t.nearest(given, NEAREST);
            let (hint_en, hint_zh) = if nearest.is_empty() {
                let declared = rs.regions.iter().flat_map(|r| std::iter::once(&r.code).chain(std::iter::once(&r.name)).chain(r.aliases.iter()));
                let hint = crate::diag::suggest(given, declared.map(|s| s.as_str()));
                (hint.map(|s| format!("; {s}")).unwrap_or_default(), String::new())
            } else {
                let en: Vec<String> = nearest.iter().map(|c| format!("{} ({c:06})", t.name(*c).unwrap_or_default())).collect();
                let zh: Vec<String> = nearest.iter().map(|c| format!("{}（{c:06}）", t.name(*c).unwrap_or_default())).collect();
                (format!("; did you mean {}?", en.join(", ")), format!("；是否指：{}？", zh.join("、")))
            };
            (
                format!("unknown region `{shown}`: not a GB/T 2260 code, nor the name of a province, prefecture or county{hint_en}"),
                format!("未知地区“{shown}”：不是六位行政区划代码，也不是省、市、县的名称{hint_zh}"),
            )
        }
    };
    let stop = if zh.ends_with('？') { "" } else { "。" };
    ApiError::new("/region", format!("{en} (regions with rules at the top of their tree: {codes})"))
        .with_zh(format!("{zh}{stop}已收录规定的地区（不含其下级）：{names}"))
}

/// A value of a fact of type `region` given as a place name of the national table: its
/// code; `None` when the table has no such name.
///
/// Errors: `request.invalid` at `path` for a name several places share, listing them.
pub(super) fn place_code(s: &str, path: &str) -> Result<Option<u32>, ApiError> {
    match table().named(s) {
        Named::None => Ok(None),
        Named::One(code) => Ok(Some(code)),
        Named::Several(codes) => {
            let t = table();
            let en: Vec<String> = codes.iter().take(CANDIDATES).map(|c| format!("{c:06} {}", t.path(*c))).collect();
            let zh: Vec<String> = codes.iter().take(CANDIDATES).map(|c| format!("{}（{c:06}）", t.path(*c))).collect();
            let shown = super::limits::shown(s);
            Err(ApiError::new(path, format!("`{shown}` names {} places: {}; give the code of the one meant", codes.len(), en.join(", ")))
                .with_zh(format!("{{field}}为“{shown}”，对应多个地区：{}；请填写六位行政区划代码", zh.join("、"))))
        }
    }
}
