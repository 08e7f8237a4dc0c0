//! The fast path of [`super::parse_str`]: request text read straight into the fact vector,
//! without the compact tree of `raw` values the general path keeps for its errors.
//!
//! It reads a request that names its `region` before any fact (as a request usually does)
//! and that has nothing wrong with it: each fact's value is converted as its key is read,
//! the region being known. At the first thing it does not expect — a fact before the
//! region, a key outside the shape, a duplicate key, a value over a limit, a value a fact
//! does not take, text that is not JSON, any error of the checks that follow — it gives up
//! and the general path reads the text again from the start: every error, its message and
//! its path, is the general path's own. What it does read it reads exactly as the general
//! path does (the same decoder for each value, [`super::value::value`] for its fact, the
//! same [`super::build::finish`]), so an accepted request is the same request either way.

use super::build::{Slot, Within, finish, question_explain, request_id, slot};
use super::decode::{Any, At, Ctx, Key, Mode, Seg, structural};
use super::raw::Top;
use super::value::value;
use super::{Request, RuleSet};
use crate::ir::lookup::{Node, Shape};
use crate::ir::{RegionMatch, Value};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use std::fmt;

/// The most keys the fast path reads in one object of the fact shape (more: the general path).
const KEYS: usize = 16;

/// The request read from `text` by the fast path, or `None` when the general path must
/// read it (see the module docs); never a different request than the general path's.
pub(super) fn text(rs: &RuleSet, shape: &Shape, text: &str, require_as_of: bool) -> Option<Request> {
    let text = super::decode::bounded(text).ok()?;
    let mut ctx = Ctx::default();
    // Filled rather than `vec![None; n]`, which clones the `None` into each slot.
    let mut facts: Vec<Option<Value>> = Vec::with_capacity(rs.facts.len());
    facts.resize_with(rs.facts.len(), || None);
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = TopSeed { rs, shape, ctx: &mut ctx, facts: &mut facts };
    let (top, matched) = seed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    if ctx.duplicate.is_some() {
        return None;
    }
    let matched = matched?;
    let request_id = request_id(&top).ok()?;
    let asked = question_explain(&top).ok()?;
    let req = finish(rs, &top, matched, asked, facts, require_as_of).ok()?;
    Some(Request { request_id, ..req })
}

/// The error that sends the text to the general path (its wording is never shown).
fn give_up<E: de::Error>() -> E {
    E::custom("the general path reads this request")
}

/// The request object: structural keys as the general decoder keeps them, facts converted
/// as read.
struct TopSeed<'a, 's> {
    rs: &'s RuleSet,
    shape: &'s Shape,
    ctx: &'a mut Ctx,
    facts: &'a mut [Option<Value>],
}

impl<'de, 's> DeserializeSeed<'de> for TopSeed<'_, 's> {
    type Value = (Top<'de, 's>, Option<RegionMatch>);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, 's> Visitor<'de> for TopSeed<'_, 's> {
    type Value = (Top<'de, 's>, Option<RegionMatch>);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a request object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let TopSeed { rs, shape, ctx, facts } = self;
        let root = At { parent: None, seg: Seg::Root };
        let mut top = Top { object: true, ..Top::default() };
        let mut matched: Option<RegionMatch> = None;
        let mut within: Option<Within> = None;
        let mut seen = Seen::default();
        while let Some(key) = map.next_key_seed(Key)? {
            if let Some((slot, mode)) = structural(&mut top, &key, shape) {
                if slot.is_some() {
                    return Err(give_up());
                }
                let raw = map.next_value_seed(Any { mode, ctx: &mut *ctx, at: &root, depth: 1 })?;
                if key == "region" {
                    matched = Some(super::region::region(rs, Some(&raw)).map_err(|_| give_up())?);
                }
                *slot = Some(raw);
                continue;
            }
            let (Some(m), Some(node)) = (&matched, shape.keys.get(key.as_ref())) else { return Err(give_up()) };
            seen.add(node)?;
            let within = within.get_or_insert_with(|| Within::new(rs, m.region));
            map.next_value_seed(Fact { rs, region: m.region, within, node, ctx: &mut *ctx, facts: &mut *facts, depth: 1 })?;
        }
        Ok((top, matched))
    }
}

/// The keys of one object read so far, for duplicates: the nodes they name (every key the
/// fast path reads names one).
#[derive(Default)]
struct Seen<'s> {
    nodes: [Option<&'s Node>; KEYS],
    len: usize,
}

impl<'s> Seen<'s> {
    /// Adds `node`; gives up on a duplicate or past [`KEYS`] keys.
    fn add<E: de::Error>(&mut self, node: &'s Node) -> Result<(), E> {
        let before = self.nodes.get(..self.len).ok_or_else(give_up)?;
        if before.iter().flatten().any(|n| std::ptr::eq(*n, node)) {
            return Err(give_up());
        }
        *self.nodes.get_mut(self.len).ok_or_else(give_up)? = Some(node);
        self.len += 1;
        Ok(())
    }
}

/// The value of a key of the shape: a fact visible in the region, converted into `facts`,
/// or an object holding such facts, read key by key.
struct Fact<'a, 's> {
    rs: &'s RuleSet,
    region: crate::ir::RegionId,
    within: &'a Within,
    node: &'s Node,
    ctx: &'a mut Ctx,
    facts: &'a mut [Option<Value>],
    /// Lists and objects around this value.
    depth: u32,
}

impl<'de, 's> DeserializeSeed<'de> for Fact<'_, 's> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let Fact { rs, region, within, node, ctx, facts, depth } = self;
        match slot(rs, within, Some(node)) {
            Slot::Fact(f) => {
                let root = At { parent: None, seg: Seg::Root };
                let raw = Any { mode: Mode::of(Some(node)), ctx: &mut *ctx, at: &root, depth }.deserialize(d)?;
                if ctx.duplicate.is_some() {
                    return Err(give_up());
                }
                let val = value(rs, region, f, &raw, "").map_err(|_| give_up())?;
                *facts.get_mut(f).ok_or_else(give_up)? = val;
                Ok(())
            }
            Slot::Object => d.deserialize_any(Fact { rs, region, within, node, ctx, facts, depth }),
            Slot::Unknown => Err(give_up()),
        }
    }
}

/// An object of the shape (or `null`, nothing given); anything else gives up.
impl<'de, 's> Visitor<'de> for Fact<'_, 's> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Fact { rs, region, within, node, ctx, facts, depth } = self;
        let mut seen = Seen::default();
        while let Some(key) = map.next_key_seed(Key)? {
            let child = node.children.keys.get(key.as_ref()).ok_or_else(give_up)?;
            seen.add(child)?;
            map.next_value_seed(Fact { rs, region, within, node: child, ctx: &mut *ctx, facts: &mut *facts, depth: depth + 1 })?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[cfg(feature = "cases")]
mod tests {
    use super::*;
    use serde_json::{Map, Value as Json};

    /// The requests of the repository: the malformed corpus, the rule cases, the bench's.
    fn corpus() -> Vec<Json> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let files = |dir: &str| std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten().map(|e| e.path());
        for p in files("tests/requests").filter(|p| p.extension().is_some_and(|e| e == "json")) {
            out.extend(std::fs::read_to_string(&p).ok().and_then(|t| serde_json::from_str(&t).ok()));
        }
        for p in files("rules/tests").filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
            let cases: Option<Json> = std::fs::read_to_string(&p).ok().and_then(|t| serde_yaml::from_str(&t).ok());
            for case in cases.iter().filter_map(Json::as_array).flatten() {
                out.extend(case.get("request").cloned());
            }
        }
        out.extend(std::fs::read_to_string(root.join("benches/qinghai-renewal.json")).ok().and_then(|t| serde_json::from_str(&t).ok()));
        out
    }

    /// `o` as text with its keys in the order `first`, then the rest in sorted order.
    fn ordered(o: &Map<String, Json>, first: &[&str]) -> String {
        let mut keys: Vec<&String> = o.keys().filter(|k| first.contains(&k.as_str())).collect();
        keys.sort_by_key(|k| first.iter().position(|f| f == k));
        keys.extend(o.keys().filter(|k| !first.contains(&k.as_str())));
        let parts: Vec<String> = keys.iter().map(|k| format!("{}:{}", Json::from(k.as_str()), o[k.as_str()])).collect();
        format!("{{{}}}", parts.join(","))
    }

    /// Texts made of one request: as it is, region first or last, each fact key null, of
    /// another type, repeated, misspelt, and the whole cut short.
    fn variants(r: &Json) -> Vec<String> {
        let mut out = vec![r.to_string()];
        let Some(o) = r.as_object() else { return out };
        let region_first = ordered(o, &["region"]);
        out.push(region_first.clone());
        out.push(ordered(o, &[]));
        out.push(region_first.get(..region_first.len() / 2).unwrap_or_default().to_string());
        for (k, v) in o.iter().filter(|(k, _)| k.as_str() != "region") {
            let others = [Json::Null, Json::from(7), Json::from(-2.5), Json::from("x"), Json::Array(vec![]), serde_json::json!({"kind": "z"})];
            for other in others {
                let mut o2 = o.clone();
                o2.insert(k.clone(), other);
                out.push(ordered(&o2, &["region"]));
            }
            if let Some(inner) = v.as_object() {
                for ik in inner.keys() {
                    let mut inner2 = inner.clone();
                    inner2.insert(ik.clone(), Json::Null);
                    inner2.insert(format!("{ik}x"), Json::from(true));
                    let mut o2 = o.clone();
                    o2.insert(k.clone(), Json::Object(inner2));
                    out.push(ordered(&o2, &["region"]));
                }
            }
            let text = ordered(o, &["region"]);
            out.push(format!("{},{}:{v}}}", text.trim_end_matches('}'), Json::from(k.as_str())));
            out.push(format!("{},{}:{v}}}", text.trim_end_matches('}'), Json::from(format!("{k}_"))));
        }
        out
    }

    /// Whatever the fast path accepts, the general path accepts, as the same request; and
    /// the fast path does read most of the well-formed requests.
    #[test]
    fn fast_and_general_paths_agree() {
        let Ok(rs) = crate::rules::shipped() else { panic!("the shipped rules do not check") };
        let (mut texts, mut fast, mut accepted) = (0, 0, 0);
        for r in corpus() {
            for text in variants(&r) {
                for require_as_of in [true, false] {
                    texts += 1;
                    let general =
                        super::super::decode::text(super::super::shape(rs), &text).and_then(|top| super::super::build::request(rs, &top, require_as_of));
                    accepted += usize::from(general.is_ok());
                    let Some(quick) = text_fast(rs, &text, require_as_of) else { continue };
                    fast += 1;
                    match general {
                        Ok(g) => assert_eq!(format!("{quick:?}"), format!("{g:?}"), "{text}"),
                        Err(e) => panic!("the fast path accepts what the general path refuses ({e:?}): {text}"),
                    }
                }
            }
        }
        assert!(texts > 1000 && fast * 2 > accepted, "{texts} texts, {accepted} accepted, {fast} by the fast path");
    }

    fn text_fast(rs: &RuleSet, text: &str, require_as_of: bool) -> Option<Request> {
        super::text(rs, super::super::shape(rs), text, require_as_of)
    }
}
