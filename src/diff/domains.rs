//! Exhaustiveness beyond sampling: the rules whose text changed, the facts they read, and
//! the finite domains of those facts (enum members, booleans, the number, money and date
//! boundaries their conditions compare against), enumerated over the handbook matrix of the
//! regions the rules apply in.

use crate::ir::{AsStr, Cond, Expr, FactId, RegionId, Rule, RuleSet, Type, Value};
use serde::Serialize;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// At most this many value combinations of one rule's facts are enumerated per matrix
/// request; past it the report says the enumeration was truncated.
pub const MAX_COMBINATIONS: usize = 256;

/// Facts the matrix itself ranges over (region, service, applicant kind, channel) or fixes
/// (`as_of`): not enumerated again.
const MATRIX_FACTS: [&str; 4] = ["as_of", "service", "channel", "applicant.kind"];

/// What was enumerated for one changed rule.
#[derive(Debug, Clone, Serialize)]
pub struct Enumerated {
    /// Rule id (`540000/fee.org.new`).
    pub rule: String,
    /// Whether the rule was added, removed or edited.
    pub change: &'static str,
    /// Facts enumerated, each with every value tried (`null` = the fact left out).
    pub facts: Vec<FactDomain>,
    /// Facts the rule reads that the matrix ranges over (service, kind, channel).
    pub by_matrix: Vec<String>,
    /// Facts the rule reads but whose domain is not finite here, with why.
    pub not_enumerated: Vec<Skipped>,
    /// Value combinations per matrix request.
    pub combinations: usize,
    /// Whether the product was cut at [`MAX_COMBINATIONS`].
    pub truncated: bool,
}

/// One enumerated fact and its values.
#[derive(Debug, Clone, Serialize)]
pub struct FactDomain {
    /// Fact path.
    pub fact: String,
    /// Every value tried, `null` for absent.
    pub values: Vec<Json>,
}

/// A fact read but not enumerated.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// Fact path.
    pub fact: String,
    /// Why (`no literal boundary in the conditions`, `text`, …).
    pub why: String,
}

/// The ids of rules whose checked form differs between the sets, or that only one has:
/// `(id, "edited" | "added" | "removed")`. Compared on the IR (condition, body, citation,
/// notes), so a change of a `let` a rule uses counts; a vocabulary change that renumbers facts
/// marks more rules, never fewer.
pub fn changed_rules(old: &RuleSet, new: &RuleSet) -> Vec<(String, &'static str)> {
    let print = |r: &Rule| format!("{:?}|{:?}|{:?}|{:?}|{:?}|{:?}", r.kind, r.source, r.when, r.body, r.notes, r.overrides);
    let olds: BTreeMap<&str, String> = old.rules.iter().map(|r| (r.id.as_str(), print(r))).collect();
    let news: BTreeMap<&str, String> = new.rules.iter().map(|r| (r.id.as_str(), print(r))).collect();
    let mut out = Vec::new();
    for (id, p) in &news {
        match olds.get(id) {
            None => out.push((id.to_string(), "added")),
            Some(q) if q != p => out.push((id.to_string(), "edited")),
            _ => {}
        }
    }
    out.extend(olds.keys().filter(|id| !news.contains_key(*id)).map(|id| (id.to_string(), "removed")));
    out
}

/// The domains of the facts `rule` reads, in the set that has it.
pub fn domains(rs: &RuleSet, rule: &Rule, change: &'static str) -> Enumerated {
    let mut reads: Vec<FactId> = Vec::new();
    let mut bounds: BTreeMap<FactId, Vec<Value>> = BTreeMap::new();
    walk(&rule.when, &mut reads, &mut bounds);
    // The body (fee items and quantities, document items) read through its own conditions:
    // the fact ids its printed form names.
    let body = format!("{:?}", rule.body);
    for piece in body.split("Fact(").skip(1) {
        if let Ok(f) = piece.chars().take_while(char::is_ascii_digit).collect::<String>().parse::<FactId>()
            && !reads.contains(&f)
        {
            reads.push(f);
        }
    }
    let mut e = Enumerated { rule: rule.id.to_string(), change, facts: vec![], by_matrix: vec![], not_enumerated: vec![], combinations: 1, truncated: false };
    for f in reads {
        let Some(fact) = rs.facts.get(f) else { continue };
        let path = fact.path.to_string();
        if MATRIX_FACTS.contains(&path.as_str()) {
            e.by_matrix.push(path);
            continue;
        }
        match values(rs, rule.region, fact.ty, fact.min, bounds.get(&f).map(Vec::as_slice).unwrap_or_default()) {
            Ok(mut vals) => {
                vals.push(Json::Null);
                e.combinations = e.combinations.saturating_mul(vals.len());
                e.facts.push(FactDomain { fact: path, values: vals });
            }
            Err(why) => e.not_enumerated.push(Skipped { fact: path, why }),
        }
    }
    e.truncated = e.combinations > MAX_COMBINATIONS;
    e.combinations = e.combinations.min(MAX_COMBINATIONS);
    e
}

/// The finite domain of a fact of type `ty` as request values, or why it has none.
fn values(rs: &RuleSet, region: RegionId, ty: Type, min: Option<i64>, bounds: &[Value]) -> Result<Vec<Json>, String> {
    let around = |vals: Vec<Json>| if vals.is_empty() { Err("no literal boundary in the conditions".to_string()) } else { Ok(vals) };
    match ty {
        Type::Bool => Ok(vec![json!(true), json!(false)]),
        Type::Enum(e) => Ok(members(rs, region, e).into_iter().map(Json::from).collect()),
        Type::Set(e) => {
            let mut out = vec![json!([])];
            out.extend(members(rs, region, e).into_iter().map(|m| json!([m])));
            Ok(out)
        }
        Type::Int | Type::Days | Type::Minutes | Type::Months => {
            let lo = min.unwrap_or(i64::MIN);
            let mut out: Vec<i64> = bounds
                .iter()
                .filter_map(|v| if let Value::Int(n) | Value::Days(n) | Value::Minutes(n) | Value::Months(n) = v { Some(*n) } else { None })
                .flat_map(|n| [n - 1, n, n + 1])
                .filter(|n| *n >= lo)
                .collect();
            if out.is_empty() && min.is_some() {
                // A count such as `years`, read by a quantity: its smallest values.
                out = (0..3).map(|i| lo.saturating_add(i)).collect();
            }
            out.sort_unstable();
            out.dedup();
            around(out.into_iter().map(Json::from).collect())
        }
        Type::Money(_) => {
            let cent = rust_decimal::Decimal::new(1, 2);
            let mut out: Vec<rust_decimal::Decimal> =
                bounds.iter().filter_map(|v| if let Value::Money(m) = v { Some(*m) } else { None }).flat_map(|m| [m - cent, m, m + cent]).collect();
            out.sort_unstable();
            out.dedup();
            around(out.into_iter().map(|m| json!(format!("{m:.2}"))).collect())
        }
        Type::Date => {
            let mut out: Vec<chrono::NaiveDate> = bounds
                .iter()
                .filter_map(|v| if let Value::Date(d) = v { Some(*d) } else { None })
                .flat_map(|d| [d.pred_opt(), Some(d), d.succ_opt()])
                .flatten()
                .collect();
            out.sort_unstable();
            out.dedup();
            around(out.into_iter().map(|d| json!(d.to_string())).collect())
        }
        Type::Time | Type::TimeOfDay | Type::Region | Type::Str => Err("not a finite domain (time, place or text)".to_string()),
    }
}

/// Members of enum `e` visible in `region`.
fn members(rs: &RuleSet, region: RegionId, e: usize) -> Vec<String> {
    rs.enums.get(e).map(|en| en.members.iter().filter(|m| rs.visible(m.scope, region)).map(|m| m.id.to_string()).collect()).unwrap_or_default()
}

/// Collects the facts a condition reads and the literals each is compared with.
fn walk(c: &Cond, reads: &mut Vec<FactId>, bounds: &mut BTreeMap<FactId, Vec<Value>>) {
    match c {
        Cond::Const(_) => {}
        Cond::And(l) | Cond::Or(l) => l.iter().for_each(|x| walk(x, reads, bounds)),
        Cond::Not(x) | Cond::Quant(_, _, x) => walk(x, reads, bounds),
        Cond::Truthy(e) | Cond::Has(e, _) | Cond::Within(e, _) | Cond::In(e, _, _) => expr(e, reads, bounds),
        Cond::Cmp(a, _, b) => {
            if let (Expr::Fact(f), Expr::Lit(v)) | (Expr::Lit(v), Expr::Fact(f)) = (a, b) {
                bounds.entry(*f).or_default().push(v.clone());
            }
            expr(a, reads, bounds);
            expr(b, reads, bounds);
        }
    }
}

/// Collects the facts an expression reads (and, inside a count, the literals compared).
fn expr(e: &Expr, reads: &mut Vec<FactId>, bounds: &mut BTreeMap<FactId, Vec<Value>>) {
    match e {
        Expr::Fact(f) => {
            if !reads.contains(f) {
                reads.push(*f);
            }
        }
        Expr::Lit(_) | Expr::Today => {}
        Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => {
            expr(a, reads, bounds);
            expr(b, reads, bounds);
        }
        Expr::Count(_, c) => walk(c, reads, bounds),
    }
}
