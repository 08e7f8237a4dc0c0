//! `carules diff OLD NEW`: the impact of a rule change. Both rule sets answer the same
//! requests — every case of both sets' `tests/*.yaml`, the handbook matrix (each region ×
//! service × applicant kind × channel), seeded generated requests ([`crate::api::sample`])
//! and, for the rules whose checked form changed, every combination of the finite domains of
//! the facts they read ([`domains`]) — and every answer part that differs ([`parts::PARTS`])
//! is reported, old → new with both citations, grouped by region and service. The JSON shape
//! of [`Report`] is documented in `docs/authoring.md`; [`render`] writes text and Markdown.

pub mod domains;
pub mod parts;
pub mod render;

use crate::api::{Options, Rules};
use crate::ir::{AsStr, RegionId, RuleSet};
use serde::Serialize;
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};

/// One rule set to compare: how the report names it, its checked rules and its case files
/// (`(name, yaml text)`).
pub struct Side<'a> {
    /// `rules`, `HEAD~1`, … as the user named it.
    pub label: String,
    /// The checked rule set.
    pub rules: &'a RuleSet,
    /// Its case files.
    pub cases: Vec<(String, String)>,
}

/// What is asked besides the cases.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The `as_of` of matrix and enumerated requests (RFC 3339, `+08:00`).
    pub as_of: String,
    /// How many generated requests (alternately from the new and the old set's vocabulary).
    pub samples: usize,
    /// Seed of the generator.
    pub seed: u64,
}

/// The impact report; its JSON form is the `--format json` output.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The old set's label.
    pub old: String,
    /// The new set's label.
    pub new: String,
    /// How many distinct requests of each origin were answered by both sets:
    /// `{cases, matrix, samples, enumerated, total}`.
    pub requests: BTreeMap<&'static str, usize>,
    /// The rules whose checked form differs, with what was enumerated for each.
    pub enumerated: Vec<domains::Enumerated>,
    /// How many answers differ in at least one part.
    pub answers_changed: usize,
    /// The differing answers by region and service, in code and service order.
    pub groups: Vec<Group>,
}

/// The changed answers of one region and service.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Region code (`540000`), or the request's `region` when it names none known.
    pub region: String,
    /// Region name.
    pub region_name: String,
    /// Service id, empty when the request names none.
    pub service: String,
    /// The answers that changed.
    pub changes: Vec<Changed>,
}

/// One request whose answer changed.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// Where the request comes from: `case FILE :: NAME`, `matrix`, `sample N` or
    /// `enumerated for RULE`.
    pub origin: String,
    /// `decide` or `documents`.
    pub query: &'static str,
    /// The request.
    pub request: Json,
    /// The parts that differ.
    pub parts: Vec<PartChange>,
}

/// One part of an answer, old → new.
#[derive(Debug, Clone, Serialize)]
pub struct PartChange {
    /// `allowed`, `fee`, `documents`, `deadline`, `validity`, `office_hours`, `needs` or `error`.
    pub part: &'static str,
    /// The old value (fee: `{status, amount}`; documents: ids; with `branches` when it
    /// depends on missing facts).
    pub old: Json,
    /// The new value.
    pub new: Json,
    /// The old answer's citations for the part: `[{rule, doc, article}]`.
    pub old_citations: Vec<Json>,
    /// The new answer's.
    pub new_citations: Vec<Json>,
}

/// A request to answer with both sets.
struct Input {
    origin: String,
    query: &'static str,
    request: Json,
}

/// Answers every request with both sets and reports what changed.
///
/// Errors: a message naming a case file that does not load.
pub fn diff(old: &Side<'_>, new: &Side<'_>, settings: &Settings) -> Result<Report, String> {
    let mut seen = BTreeSet::new();
    let mut inputs: Vec<Input> = Vec::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut add = |kind: &'static str, input: Input, inputs: &mut Vec<Input>| {
        if seen.insert(format!("{}{}", input.query, input.request)) {
            *counts.entry(kind).or_default() += 1;
            inputs.push(input);
        }
    };
    for side in [new, old] {
        for (file, text) in &side.cases {
            for c in crate::cases::load(file, text)? {
                let query = if c.query.as_deref() == Some("documents") { "documents" } else { "decide" };
                add("cases", Input { origin: format!("case {file} :: {}", c.name), query, request: c.request }, &mut inputs);
            }
        }
    }
    for side in [new, old] {
        for request in matrix(side.rules, None, &settings.as_of) {
            add("matrix", Input { origin: "matrix".into(), query: "decide", request }, &mut inputs);
        }
    }
    let mut rng = crate::api::sample::Rng::new(settings.seed);
    for i in 0..settings.samples {
        let set = if i % 2 == 0 { new.rules } else { old.rules };
        add("samples", Input { origin: format!("sample {i}"), query: "decide", request: crate::api::sample::request(set, &mut rng) }, &mut inputs);
    }
    let mut enumerated = Vec::new();
    for (id, change) in domains::changed_rules(old.rules, new.rules) {
        let (set, rule) = match (new.rules.rules.iter().find(|r| r.id.as_str() == id), old.rules.rules.iter().find(|r| r.id.as_str() == id)) {
            (Some(r), _) => (new.rules, r),
            (None, Some(r)) => (old.rules, r),
            (None, None) => continue,
        };
        let e = domains::domains(set, rule, change);
        for base in matrix(set, Some(rule.region), &settings.as_of) {
            for request in combinations(&base, &e) {
                add("enumerated", Input { origin: format!("enumerated for {id}"), query: "decide", request }, &mut inputs);
            }
        }
        enumerated.push(e);
    }
    counts.insert("total", inputs.len());
    let groups = compare(old.rules, new.rules, inputs);
    let answers_changed = groups.iter().map(|g| g.changes.len()).sum();
    Ok(Report { old: old.label.clone(), new: new.label.clone(), requests: counts, enumerated, answers_changed, groups })
}

/// Answers each input with both sets; the changed ones grouped by region and service.
fn compare(old: &RuleSet, new: &RuleSet, inputs: Vec<Input>) -> Vec<Group> {
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for input in inputs {
        let answer = |rs: &RuleSet| match input.query {
            "documents" => crate::api::documents_json(Rules::interpreted(rs), &input.request),
            _ => crate::api::decide_json(Rules::interpreted(rs), &input.request, Options::default()),
        };
        let (a, b) = (answer(old), answer(new));
        if a == b {
            continue;
        }
        let changed: Vec<PartChange> = parts::PARTS.iter().filter_map(|name| part_change(&a, &b, name)).collect();
        if changed.is_empty() {
            continue;
        }
        let region_of = |x: &Json| x.get("region").and_then(|r| r.get("code")).and_then(Json::as_str).map(str::to_string);
        let name_of = |x: &Json| x.get("region").and_then(|r| r.get("name")).and_then(Json::as_str).map(str::to_string);
        let asked = input.request.get("region").map(|r| r.as_str().map(str::to_string).unwrap_or_else(|| r.to_string())).unwrap_or_default();
        let region = region_of(&b).or_else(|| region_of(&a)).unwrap_or(asked);
        let region_name = name_of(&b).or_else(|| name_of(&a)).unwrap_or_default();
        let service = input.request.get("service").and_then(Json::as_str).unwrap_or_default().to_string();
        let g = groups.entry((region.clone(), service.clone())).or_insert_with(|| Group { region, region_name, service, changes: vec![] });
        g.changes.push(Changed { origin: input.origin, query: input.query, request: input.request, parts: changed });
    }
    groups.into_values().collect()
}

/// How part `name` changed between answers `a` and `b`, if it did: the value, and of the
/// branches (when the part depends on missing facts) only those the other answer lacks,
/// each side with the citations of what it shows.
fn part_change(a: &Json, b: &Json, name: &'static str) -> Option<PartChange> {
    let ((ov, mut oc), (nv, mut nc)) = (parts::part(a, name), parts::part(b, name));
    let (ob, nb) = (parts::branches(a, name), parts::branches(b, name));
    if ov == nv && ob.iter().map(|x| &x.0).eq(nb.iter().map(|x| &x.0)) {
        return None;
    }
    if ob.is_empty() && nb.is_empty() {
        return Some(PartChange { part: name, old: ov, new: nv, old_citations: oc, new_citations: nc });
    }
    let only = |mine: &[(Json, Vec<Json>)], theirs: &[(Json, Vec<Json>)], cites: &mut Vec<Json>| -> Vec<Json> {
        let mut out = Vec::new();
        for (v, c) in mine.iter().filter(|(v, _)| !theirs.iter().any(|(t, _)| t == v)) {
            out.push(v.clone());
            cites.extend(c.iter().filter(|x| !cites.contains(x)).cloned().collect::<Vec<_>>());
        }
        out
    };
    let (ol, nl) = (only(&ob, &nb, &mut oc), only(&nb, &ob, &mut nc));
    let with = |v: Json, l: Vec<Json>| if l.is_empty() { v } else { json!({"value": v, "branches": l}) };
    Some(PartChange { part: name, old: with(ov, ol), new: with(nv, nl), old_citations: oc, new_citations: nc })
}

/// The handbook matrix: for each region (or only `within` and the regions below it), each of
/// its services × applicant kind × channel visible there.
fn matrix(rs: &RuleSet, within: Option<RegionId>, as_of: &str) -> Vec<Json> {
    let members = |path: &str, region: RegionId| -> Vec<String> {
        let fact = rs.facts.iter().find(|f| f.path.as_str() == path);
        match fact.map(|f| f.ty) {
            Some(crate::ir::Type::Enum(e)) => {
                rs.enums.get(e).map(|en| en.members.iter().filter(|m| rs.visible(m.scope, region)).map(|m| m.id.to_string()).collect()).unwrap_or_default()
            }
            _ => vec![],
        }
    };
    let service_enum = rs.enums.get(rs.known.service_enum);
    let mut out = Vec::new();
    for (id, region) in rs.regions.iter().enumerate() {
        if within.is_some_and(|w| !below(rs, id, w)) {
            continue;
        }
        for s in region.services.iter() {
            let service = service_enum.map(|e| e.id_of(*s).to_string()).unwrap_or_default();
            for kind in members("applicant.kind", id) {
                for channel in members("channel", id) {
                    out.push(json!({"region": region.code.as_str(), "as_of": as_of, "service": service, "channel": channel, "applicant": {"kind": kind}}));
                }
            }
        }
    }
    out
}

/// Whether region `r` is `ancestor` or lies below it.
fn below(rs: &RuleSet, r: RegionId, ancestor: RegionId) -> bool {
    let mut at = Some(r);
    for _ in 0..=rs.regions.len() {
        match at {
            Some(x) if x == ancestor => return true,
            Some(x) => at = rs.regions.get(x).and_then(|g| g.parent),
            None => return false,
        }
    }
    false
}

/// `base` with every combination (up to [`domains::MAX_COMBINATIONS`]) of the enumerated
/// facts' values set (`null`: left out).
fn combinations(base: &Json, e: &domains::Enumerated) -> Vec<Json> {
    let mut out = vec![base.clone()];
    for d in &e.facts {
        let mut next = Vec::new();
        'grow: for r in &out {
            for v in &d.values {
                if next.len() >= domains::MAX_COMBINATIONS {
                    break 'grow;
                }
                let mut x = r.clone();
                if !v.is_null() {
                    set(&mut x, &d.fact, v.clone());
                }
                next.push(x);
            }
        }
        out = next;
    }
    out
}

/// Sets the value at a dotted path (`applicant.registered`), making the objects on the way.
fn set(root: &mut Json, path: &str, v: Json) {
    let mut at = root;
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        let Json::Object(m) = at else { return };
        if keys.peek().is_none() {
            m.insert(k.to_string(), v);
            return;
        }
        at = m.entry(k.to_string()).or_insert_with(|| Json::Object(Map::new()));
    }
}
