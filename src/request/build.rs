//! Decoded request → [`Request`]: validation and conversion, once the whole object is read
//! and the region is known, in the order the checks have always run — the object,
//! `request_id` (or `id`; later errors carry it), `region`,
//! `question`, `explain`, the facts (key by key in sorted key order, depth first), `as_of`
//! when required, `submitted_documents`, `observations`, `records`, `together` — so the
//! error reported does not depend on the order of keys in the text.

use super::raw::{Entry, Level, Raw, Top};
use super::value::value;
use super::{LINE_KEYS, MAX_REQUEST_ID, Question, Request, STRUCTURAL, parts};
use crate::answer::ApiError;
use crate::ir::lookup::Node;
use crate::ir::{AsStr, FactId, RegionId, RegionMatch, RuleSet, Value};

/// The request, validated against the facts visible in its region.
///
/// Errors: `request.invalid` with the JSON pointer of the first offending value.
pub(super) fn request(rs: &RuleSet, top: &Top<'_, '_>, require_as_of: bool) -> Result<Request, ApiError> {
    if !top.object {
        return Err(ApiError::new("", "the request must be an object").with_zh("请求应为一个 JSON 对象（以 { 开始）"));
    }
    let request_id = request_id(top)?;
    match checked(rs, top, require_as_of) {
        Ok(req) => Ok(Request { request_id, ..req }),
        Err(e) => Err(ApiError { request_id, ..e }),
    }
}

/// `request_id`, or its synonym `id`: a string of at most [`MAX_REQUEST_ID`] characters
/// (`null` is none).
///
/// Errors: `request.invalid` at `/id` when both are given; at the key for a value that is
/// not such a string.
pub(super) fn request_id(top: &Top<'_, '_>) -> Result<Option<String>, ApiError> {
    let given = |r: &Option<Raw<'_, '_>>| r.as_ref().is_some_and(|r| !r.is_null());
    if given(&top.request_id) && given(&top.id) {
        return Err(ApiError::new("/id", "`id` is a synonym of `request_id`: give one of them, not both").with_zh("请求编号只能给一个（两种写法是同一项）"));
    }
    let (key, raw) = if given(&top.id) { ("id", &top.id) } else { ("request_id", &top.request_id) };
    match raw {
        None | Some(Raw::Null) => Ok(None),
        Some(Raw::Str(s)) if s.chars().count() <= MAX_REQUEST_ID => Ok(Some(s.to_string())),
        Some(Raw::Str(s)) => {
            Err(ApiError::new(&format!("/{key}"), format!("{key} is {} characters long: at most {MAX_REQUEST_ID} are accepted", s.chars().count()))
                .with_zh(format!("请求编号最长{MAX_REQUEST_ID}个字符")))
        }
        Some(other) => Err(ApiError::new(
            &format!("/{key}"),
            format!("{key} must be a string (the caller's id for the request, echoed in the answer), not {}", other.kind()),
        )
        .with_zh("请求编号应为文字")),
    }
}

/// The request after its `request_id`, validated.
fn checked(rs: &RuleSet, top: &Top<'_, '_>, require_as_of: bool) -> Result<Request, ApiError> {
    let matched = super::region::region(rs, top.region.as_ref())?;
    let (question, explain) = question_explain(top)?;
    let mut facts: Vec<Option<Value>> = vec![None; rs.facts.len()];
    read_level(rs, matched.region, &top.facts, None, &mut facts)?;
    finish(rs, top, matched, (question, explain), facts, require_as_of)
}

/// `question` and `explain`.
///
/// Errors: `request.invalid` at `/question`, then at `/explain`.
pub(super) fn question_explain(top: &Top<'_, '_>) -> Result<(Question, bool), ApiError> {
    let question = question(top.question.as_ref())?;
    let explain = match &top.explain {
        None | Some(Raw::Null) => false,
        Some(Raw::Bool(b)) => *b,
        Some(_) => return Err(ApiError::new("/explain", "explain must be true or false").with_zh("{field}应为是或否")),
    };
    Ok((question, explain))
}

/// The request once its facts are read into `facts` (the region, question and `explain`
/// checked): defaults, the `region` fact, `as_of` when required, then the structural parts.
///
/// Errors: `request.invalid` for a missing `as_of`, then as [`parts`] reports.
pub(super) fn finish(
    rs: &RuleSet,
    top: &Top<'_, '_>,
    RegionMatch { region, asked }: RegionMatch,
    (question, explain): (Question, bool),
    mut facts: Vec<Option<Value>>,
    require_as_of: bool,
) -> Result<Request, ApiError> {
    // Defaults: region's (ancestors merged), then the fact's own.
    // Defaults: the region's (ancestors merged), then the fact's own, of the facts visible
    // in the region (listed once per rule set).
    let mut defaulted = Vec::new();
    for (i, default) in rs.lookup.get(rs).defaults.get(region).map(|d| &d[..]).unwrap_or_default() {
        if let Some(slot) = facts.get_mut(*i)
            && slot.is_none()
        {
            *slot = Some(default.clone());
            defaulted.push(*i);
        }
    }
    // `region`: the place asked about, always known (the prelude's `fact region`).
    if let Some(slot) = facts.get_mut(rs.known.region) {
        *slot = asked.or_else(|| rs.regions.get(region).and_then(|r| r.code.parse().ok())).map(Value::Region);
    }
    if require_as_of && facts.get(rs.known.as_of).is_none_or(|v| v.is_none()) {
        return Err(ApiError::new(
            "/as_of",
            "missing required field `as_of` (RFC 3339 with offset, e.g. \"2026-11-21T10:00:00+08:00\"): the engine never reads a clock",
        )
        .with_zh("缺少{field}（带时区的时间，如“2026-11-21T10:00:00+08:00”）：本系统不自行读取时钟"));
    }
    let submitted = parts::submitted(top.submitted.as_ref())?;
    let observations = parts::observations(top.observations.as_ref())?;
    let records = parts::records(rs, region, top.records.as_ref())?;
    let lines = parts::lines(rs, region, top.together.as_ref())?;
    Ok(Request { region, asked, question, facts, defaulted, submitted, observations, records, explain, lines, request_id: None })
}

/// A region with its ancestors, as [`RuleSet::visible`] walks them (the region and at most
/// seven above it), walked once for all the facts of a request.
pub(super) struct Within {
    chain: [RegionId; 8],
    len: usize,
}

impl Within {
    /// `region` and its ancestors.
    pub(super) fn new(rs: &RuleSet, region: RegionId) -> Within {
        let mut within = Within { chain: [region; 8], len: 0 };
        let mut cur = Some(region);
        for slot in &mut within.chain {
            let Some(r) = cur else { break };
            *slot = r;
            within.len += 1;
            cur = rs.regions.get(r).and_then(|x| x.parent);
        }
        within
    }

    /// Whether what is declared in `scope` is visible: [`RuleSet::visible`].
    pub(super) fn sees(&self, scope: Option<RegionId>) -> bool {
        scope.is_none_or(|s| self.chain.get(..self.len).unwrap_or_default().contains(&s))
    }
}

/// `question`: service (the default), acceptance or evaluation.
fn question(v: Option<&Raw<'_, '_>>) -> Result<Question, ApiError> {
    Ok(match v {
        None | Some(Raw::Null) => Question::Service,
        Some(Raw::Str(s)) => match s.as_ref() {
            "service" => Question::Service,
            "acceptance" => Question::Acceptance,
            "evaluation" => Question::Evaluation,
            other => {
                return Err(ApiError::new(
                    "/question",
                    format!("unknown question `{}`: expected service, acceptance or evaluation", super::limits::shown(other)),
                )
                .with_zh(format!("{{field}}不能为“{}”，可选：证书服务、证书互认、CA企业考评", super::limits::shown(other))));
            }
        },
        Some(_) => return Err(ApiError::new("/question", "question must be a string").with_zh("{field}应为文字")),
    })
}

/// The dotted path of a level of the request (`certificate`, `a.b`), as a chain on the stack.
pub(super) struct Prefix<'a> {
    parent: Option<&'a Prefix<'a>>,
    key: &'a str,
}

impl Prefix<'_> {
    fn dotted(p: Option<&Prefix<'_>>) -> String {
        match p {
            None => String::new(),
            Some(p) => join(&Prefix::dotted(p.parent), p.key),
        }
    }
}

/// Reads the facts of one level of the request into `facts`.
///
/// Errors: the first error in sorted key order, as a sorted map gives the keys
/// ([`Level::first_failure`]).
pub(super) fn read_level(
    rs: &RuleSet,
    region: RegionId,
    level: &Level<'_, '_>,
    prefix: Option<&Prefix<'_>>,
    facts: &mut [Option<Value>],
) -> Result<(), ApiError> {
    let within = Within::new(rs, region);
    let failure = level.first_failure(|Entry { key, node, raw }| {
        match slot(rs, &within, *node) {
            Slot::Fact(f) => {
                let val = match value(rs, region, f, raw, "") {
                    Ok(val) => val,
                    // The pointer is built only for the error message.
                    Err(e) => return Err(Some(ApiError { path: format!("{}{}", pointer(&join(&Prefix::dotted(prefix), key)), e.path), ..e })),
                };
                if let Some(slot) = facts.get_mut(f) {
                    *slot = val;
                }
            }
            Slot::Object => match raw {
                Raw::Object(m) => read_level(rs, region, m, Some(&Prefix { parent: prefix, key }), facts).map_err(Some)?,
                Raw::Null => {}
                _ => {
                    let path = join(&Prefix::dotted(prefix), key);
                    return Err(Some(ApiError::new(&pointer(&path), format!("`{path}` must be an object")).with_zh("{field}应为一组信息（对象）")));
                }
            },
            // Worded only if it is the one reported (the keys outside the shape are many).
            Slot::Unknown => return Err(None),
        }
        Ok(())
    });
    failure.map_err(|(e, err)| err.unwrap_or_else(|| unknown(rs, region, &Prefix::dotted(prefix), &e.key)))
}

/// What a key names in the requested region.
pub(super) enum Slot {
    Fact(FactId),
    Object,
    Unknown,
}

/// What the key of `node` is in the region `within` holds: a fact visible there (the first declared), an
/// object holding visible facts (its value was decoded against the level below), or unknown.
pub(super) fn slot(rs: &RuleSet, within: &Within, node: Option<&Node>) -> Slot {
    let Some(node) = node else { return Slot::Unknown };
    let visible = |f: &FactId| rs.facts.get(*f).is_some_and(|x| within.sees(x.scope));
    if let Some(f) = node.facts.iter().find(|f| visible(f)) {
        return Slot::Fact(*f);
    }
    if node.below.iter().any(visible) { Slot::Object } else { Slot::Unknown }
}

/// `unknown field `k``, with the nearest key of the level visible in `region`.
fn unknown(rs: &RuleSet, region: RegionId, prefix: &str, k: &str) -> ApiError {
    let siblings: Vec<String> = rs
        .facts
        .iter()
        .filter(|f| rs.visible(f.scope, region))
        .filter_map(|f| {
            let rest = if prefix.is_empty() { Some(f.path.as_str()) } else { f.path.strip_prefix(&format!("{prefix}.")) };
            rest.map(|r| r.split('.').next().unwrap_or(r).to_string())
        })
        .chain(if prefix.is_empty() { STRUCTURAL.iter().map(|s| s.to_string()).collect() } else { vec![] })
        .collect();
    let hint = crate::diag::suggest(k, siblings.iter().map(|s| s.as_str())).map(|s| format!("; {s}")).unwrap_or_default();
    ApiError::new(&pointer(&join(prefix, k)), format!("unknown field `{}`{hint}", super::limits::shown(k)))
        .with_zh(format!("请求中有无法识别的项“{}”", super::limits::shown(k)))
}

/// The keys of a line of `together` are among [`LINE_KEYS`] (the first other in sorted order is reported).
pub(super) fn line_keys(level: &Level<'_, '_>, at: &str) -> Result<(), ApiError> {
    level.first_failure(|e| if LINE_KEYS.contains(&e.key.as_ref()) { Ok(()) } else { Err(()) }).map_err(|(e, ())| {
        let k = e.key.as_ref();
        let hint = crate::diag::suggest(k, LINE_KEYS).map(|h| format!("; {h}")).unwrap_or_default();
        ApiError::new(
            &format!("{at}/{k}"),
            format!("unknown field `{}`: a certificate applied for together gives only {}{hint}", super::limits::shown(k), LINE_KEYS.join(", ")),
        )
        .with_zh(format!("同次办理的其他证书中有无法识别的项“{}”", super::limits::shown(k)))
    })
}

fn pointer(path: &str) -> String {
    format!("/{}", path.replace('.', "/"))
}

fn join(prefix: &str, k: &str) -> String {
    if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") }
}

#[cfg(test)]
#[cfg(feature = "parser")]
mod tests {
    use super::*;

    /// [`Within::sees`] is [`RuleSet::visible`], for every region and scope of the shipped rules.
    #[test]
    fn within_sees_what_visible_sees() {
        let Ok(rs) = crate::rules::shipped() else { panic!("the shipped rules do not check") };
        let n = rs.regions.len();
        for region in 0..n {
            let within = Within::new(rs, region);
            for scope in std::iter::once(None).chain((0..n + 2).map(Some)) {
                assert_eq!(within.sees(scope), rs.visible(scope, region), "{region} {scope:?}");
            }
        }
    }
}
