//! A seeded generator of valid requests, driven by the rule set's own vocabulary and fact
//! declarations (so regional facts are exercised too). Used by the differential tests
//! (interpreter vs compiled, native vs WASM) and by `carules sample`.

use crate::ir::lookup::{Node, Shape};
use crate::ir::{AsStr, Fact, RegionId, RuleSet, Type};
use serde_json::{Map, Value as Json, json};

/// xorshift64*: small, deterministic, dependency-free.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a constant).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.bits() % n }
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

fn date(r: &mut Rng) -> String {
    format!("{}-{:02}-{:02}", 2025 + r.below(2), 1 + r.below(12), 1 + r.below(28))
}

fn value(rs: &RuleSet, region: RegionId, f: &Fact, r: &mut Rng) -> Json {
    let path = f.path.as_str();
    match f.ty {
        Type::Bool => json!(r.chance(50)),
        Type::Int | Type::Days | Type::Minutes | Type::Months => {
            let lo = f.min.unwrap_or(0).max(0) as u64;
            json!(lo + r.below(if path == "years" { 4 } else { 3 }))
        }
        Type::Money(_) => json!(format!("{}.{:02}", r.below(1500), r.below(100))),
        Type::Date => json!(date(r)),
        Type::Time => json!(format!("{}T{:02}:{:02}:00+08:00", date(r), r.below(24), r.below(60))),
        Type::TimeOfDay => json!(format!("{:02}:{:02}", r.below(24), r.below(60))),
        Type::Region => {
            let extra = ["110000", "370100", "152501"];
            let n = rs.regions.len() as u64 + extra.len() as u64;
            let i = r.below(n) as usize;
            json!(rs.regions.get(i).map(|x| x.code.clone()).or_else(|| extra.get(i - rs.regions.len()).map(|s| s.to_string()).map(crate::ir::text)))
        }
        Type::Str => json!("x"),
        Type::Enum(e) => {
            let members: Vec<&str> = visible_members(rs, region, e);
            json!(members.get(r.below(members.len() as u64) as usize))
        }
        Type::Set(e) => {
            let mut out = Vec::new();
            for m in visible_members(rs, region, e) {
                if r.chance(15) {
                    out.push(json!(m));
                }
            }
            Json::Array(out)
        }
    }
}

/// The ids of the members of enum `e` visible in `region`.
fn visible_members(rs: &RuleSet, region: RegionId, e: usize) -> Vec<&str> {
    rs.enums.get(e).map(|en| en.members.iter().filter(|m| rs.visible(m.scope, region)).map(|m| m.id.as_str()).collect()).unwrap_or_default()
}

/// Fills one level of the request shape (the tree the request decoder walks and the request
/// schema describes): at each key, the fact declared there that is visible in the region
/// (given with 80% chance; `as_of` always), or the level below.
fn fill(rs: &RuleSet, region: RegionId, shape: &Shape, out: &mut Map<String, Json>, r: &mut Rng) {
    let mut keys: Vec<(&String, &Node)> = shape.keys.iter().collect();
    keys.sort_by(|a, b| a.0.cmp(b.0));
    for (key, node) in keys {
        // `region` is the request's own key, not a fact to give (the prelude's `fact region`).
        let given = node.facts.iter().filter(|f| **f != rs.known.region);
        if let Some(f) = given.filter_map(|f| rs.facts.get(*f)).find(|f| rs.visible(f.scope, region)) {
            if f.path == "as_of" || r.chance(80) {
                out.insert(key.clone(), value(rs, region, f, r));
            }
        } else if !node.children.keys.is_empty() {
            let mut below = Map::new();
            fill(rs, region, &node.children, &mut below, r);
            if !below.is_empty() {
                out.insert(key.clone(), Json::Object(below));
            }
        }
    }
}

/// One valid request: a region, a question, and each fact visible in the region given with
/// 80% chance.
pub fn request(rs: &RuleSet, r: &mut Rng) -> Json {
    let mut root = Map::new();
    let region_id = r.below(rs.regions.len() as u64) as usize;
    let region = rs.regions.get(region_id).map(|x| x.code.clone()).unwrap_or_default();
    root.insert("region".into(), json!(region));
    let q = match r.below(10) {
        0 => "acceptance",
        1 => "evaluation",
        _ => "service",
    };
    root.insert("question".into(), json!(q));
    fill(rs, region_id, &rs.lookup.get(rs).shape, &mut root, r);
    if r.chance(30) {
        let ids = ["business_license", "legal_rep_id_copy", "ca_lock", "id_card_copy", "authorization_letter", "agent_id_copy"];
        let sub: Vec<&str> = ids.iter().copied().filter(|_| r.chance(50)).collect();
        root.insert("submitted_documents".into(), json!(sub));
    }
    if q == "evaluation" {
        let mut obs = Map::new();
        for i in 1..=10 {
            if r.chance(60) {
                obs.insert(i.to_string(), json!(r.chance(50)));
            }
        }
        root.insert("observations".into(), Json::Object(obs));
        let day = date(r);
        let recs: Vec<Json> = (0..r.below(4))
            .map(|_| {
                let h = 8 + r.below(11);
                json!({"channel": if r.chance(50) { "onsite" } else { "online" },
                       "received_at": format!("{day}T{h:02}:{:02}:00+08:00", r.below(60)),
                       "completed_at": format!("{day}T{:02}:{:02}:00+08:00", h + r.below(3), r.below(60))})
            })
            .collect();
        root.insert("records".into(), Json::Array(recs));
    }
    if r.chance(10) {
        root.insert("explain".into(), json!(true));
    }
    Json::Object(root)
}
