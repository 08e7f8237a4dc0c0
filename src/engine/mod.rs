//! The engine: a checked [`RuleSet`] and a parsed [`Request`] → a [`Response`].
//!
//! - [`ops`]: primitive operations and the Kleene `and`/`or`, shared with compiled code;
//! - [`env`](mod@env): the fact environment;
//! - [`interpreter`]: the [`Conds`] interface and the IR-walking [`Interpreter`];
//! - [`select`]: in-force filtering, three-valued applicability, exceptions;
//! - [`branches`]: case splitting over missing facts for undetermined parts;
//! - [`describe`]: conditions and values in zh-CN;
//! - `service`, `questions`: the three answers.
//!
//! An answer is never confidently wrong: a rule whose condition needs a fact the request
//! lacks is *pending*; a pending refusal makes `allowed` null (undetermined) rather than
//! true, and a part of the answer that depends on a missing fact is given as labelled
//! branches. `needs` names every such fact, with its label, type, choices and the rules
//! that wait on it.

pub mod branches;
pub mod describe;
pub mod env;
pub mod interpreter;
pub mod ops;
pub mod parts;
pub mod select;
pub mod written;

mod questions;
mod service;

pub use env::Env;
pub use interpreter::{Conds, Interpreter};
pub use ops::{ArithOp, arith, cmp, has, in_list, truthy, within};

use crate::answer::Severity;
use crate::answer::*;
use crate::ir::*;
use crate::request::{Question, Request};
use branches::{Branch as RawBranch, Resolved};
use select::Selection;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Answers a parsed request, evaluating rule conditions with `conds` (the interpreter or a
/// compiled rule set generated from the same IR). The front door is [`crate::api::decide`];
/// this is its decision phase, for callers holding a parsed [`Request`].
///
/// Every default the answer used is stated in its `assumed` part: a fact the request left
/// out whose default the answer took (`req.defaulted`) is *used* when, answered again with
/// that fact unknown, some part of the answer would wait on it (it is in `needs`). So
/// dropping a fact from a request never changes a determined part of the answer into another
/// determined value unless `assumed` names that fact (`tests/monotonic.rs`).
pub fn answer<'a>(rs: &'a RuleSet, req: &Request, conds: &'a dyn Conds) -> Response<'a> {
    let mut out = answer_as_given(rs, req, conds);
    if req.defaulted.is_empty() {
        return out;
    }
    let assumed: Vec<Assumed<'a>> = req.defaulted.iter().filter_map(|f| assumed(rs, req, conds, *f)).collect();
    match &mut out {
        Response::Service(s) => s.assumed = assumed,
        Response::Acceptance(a) => a.assumed = assumed,
        Response::Evaluation(_) => {}
    }
    out
}

/// `Some` when the answer used the default of fact `f`: the parts that would wait on it.
fn assumed<'a>(rs: &'a RuleSet, req: &Request, conds: &'a dyn Conds, f: FactId) -> Option<Assumed<'a>> {
    let mut without = req.clone();
    if let Some(slot) = without.facts.get_mut(f) {
        *slot = None;
    }
    without.defaulted.clear();
    without.explain = false;
    let fact = rs.facts.get(f)?;
    let needs = match answer_as_given(rs, &without, conds) {
        Response::Service(s) => s.needs,
        Response::Acceptance(a) => a.needs,
        Response::Evaluation(_) => vec![],
    };
    let need = needs.into_iter().find(|n| n.fact == fact.path.as_str())?;
    let value = req.facts.get(f).and_then(|v| v.as_ref());
    let en = written::enum_of(rs, &Expr::Fact(f));
    let label = describe::fact_label(rs, f);
    let (value_zh, sentence) = match value {
        None | Some(Value::Absent) => ("无".to_string(), format!("假设：{label}：无")),
        Some(v @ Value::Bool(_)) => {
            let zh = describe::value(rs, v, en);
            (zh.clone(), format!("假设：{label}：{zh}"))
        }
        Some(v) => {
            let zh = describe::value(rs, v, en);
            (zh.clone(), format!("假设：{label}为{zh}"))
        }
    };
    // The region's default (and its citation) comes before the fact's own.
    let region = rs.regions.get(req.region);
    let cited = match region.and_then(|r| r.default_of(f)) {
        Some(_) => region.and_then(|r| r.default_source_of(f)),
        None => fact.default_source.as_ref(),
    };
    Some(Assumed {
        fact: fact.path.as_str().into(),
        path: need.path,
        label: label.into(),
        value: written::request_form(rs, f, value),
        value_zh: value_zh.into(),
        sentence: sentence.into(),
        affects: need.affects,
        source: cited.map(|s| source(rs, s)),
    })
}

/// The answer with the request's facts as they are (defaults filled in), before `assumed`.
fn answer_as_given<'a>(rs: &'a RuleSet, req: &Request, conds: &'a dyn Conds) -> Response<'a> {
    let Some(region) = rs.regions.get(req.region) else {
        return Response::Acceptance(Box::new(AcceptanceResponse {
            request_id: req.request_id.clone().map(Into::into),
            region: RegionRef { code: "".into(), name: "".into() },
            asked_region: None,
            question: "acceptance",
            accepted: None,
            findings: vec![],
            needs: vec![],
            cited: MaybeCited::default(),
            assumed: vec![],
            branches: Branches::default(),
            trace: None,
        }));
    };
    let env = Env::with_lines(rs, &req.facts, &req.lines);
    let mut ctx = Ctx {
        explain: req.explain,
        rs,
        conds,
        region_id: req.region,
        region,
        findings: vec![],
        obligations: vec![],
        referrals: vec![],
        trace: vec![],
        not_in_force_docs: vec![],
        waits: BTreeMap::new(),
        wait_order: vec![],
        deny_possible: false,
    };
    match req.question {
        Question::Service => Response::Service(Box::new(service::answer(&env, &mut ctx, req))),
        Question::Acceptance => Response::Acceptance(Box::new(questions::acceptance(&env, &mut ctx, req))),
        Question::Evaluation => Response::Evaluation(Box::new(questions::evaluation(&env, &mut ctx, req))),
    }
}

/// Formats money with two decimals.
pub fn money(d: rust_decimal::Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

/// A citation for the response.
pub fn source<'a>(rs: &'a RuleSet, s: &'a Source) -> SourceOut<'a> {
    let d = rs.documents.get(s.doc);
    SourceOut {
        doc: d.map(|x| x.id.as_str()).unwrap_or_default().into(),
        document: d.map(|x| x.display.as_str()).unwrap_or_default().into(),
        article: s.article.as_str().into(),
    }
}

/// The provenance of a part rule `r` gives: its citation, id, notes and labelled
/// assumptions, borrowed from the rule set.
pub fn cited<'a>(rs: &'a RuleSet, r: &'a Rule) -> Cited<'a> {
    Cited { source: source(rs, &r.source), rule: r.id.as_str().into(), notes: Cow::Borrowed(&r.notes), assumptions: Cow::Borrowed(&r.assumptions) }
}

/// The state of answering one request.
pub(crate) struct Ctx<'a> {
    pub(crate) explain: bool,
    pub(crate) rs: &'a RuleSet,
    pub(crate) conds: &'a dyn Conds,
    pub(crate) region_id: RegionId,
    pub(crate) region: &'a Region,
    pub(crate) findings: Vec<Finding<'a>>,
    pub(crate) obligations: Vec<Obligation<'a>>,
    pub(crate) referrals: Vec<Referral<'a>>,
    pub(crate) trace: Vec<TraceEntry<'a>>,
    not_in_force_docs: Vec<DocId>,
    /// Missing fact → (parts it decides, rules waiting on it).
    waits: BTreeMap<FactId, (BTreeSet<Part>, Vec<RuleId>)>,
    wait_order: Vec<FactId>,
    /// Some refusal could apply once a missing fact is known.
    pub(crate) deny_possible: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn rules(&self, k: Kind) -> &'a [RuleId] {
        self.region.rules_of(k)
    }

    /// Records that rule `rule` waits on `facts` to decide `part`.
    pub(crate) fn wait(&mut self, rule: RuleId, facts: &[FactId], part: Part) {
        if part == Part::Allowed {
            self.deny_possible = true;
        }
        for f in facts {
            let e = self.waits.entry(*f).or_insert_with(|| {
                self.wait_order.push(*f);
                (BTreeSet::new(), vec![])
            });
            e.0.insert(part);
            if !e.1.contains(&rule) {
                e.1.push(rule);
            }
        }
    }

    /// Selects among the rules of `kind` and records the trace and documents not in force.
    pub(crate) fn select(&mut self, env: &Env, kind: Kind) -> Selection {
        let sel = select::select(env, self.conds, self.rules(kind), self.explain);
        self.absorb(&sel, env);
        sel
    }

    #[inline(never)]
    fn absorb(&mut self, sel: &Selection, env: &Env) {
        let today = env.today;
        let rs = self.rs;
        for (id, result) in &sel.trace {
            if let Some(r) = rs.rules.get(*id) {
                let (facts, overrode) = why(rs, env, r, *result == "applied", &sel.trace);
                self.trace.push(TraceEntry {
                    rule: r.id.as_str().into(),
                    kind: r.kind.into(),
                    result: trace_result(result),
                    source: source(rs, &r.source),
                    condition: written::cond(rs, &r.when),
                    condition_zh: describe::cond(rs, &r.when),
                    facts,
                    overrode,
                    origin: Origin::Rule(*id),
                });
            }
        }
        for id in &sel.not_in_force {
            let Some(r) = rs.rules.get(*id) else { continue };
            if self.not_in_force_docs.contains(&r.source.doc) {
                continue;
            }
            self.not_in_force_docs.push(r.source.doc);
            let Some(d) = rs.documents.get(r.source.doc) else { continue };
            let date = |x: chrono::NaiveDate| describe::value(rs, &Value::Date(x), None);
            let repealed = d.repealed.filter(|x| today.is_none_or(|t| t >= *x));
            let message = match (repealed, d.in_force) {
                (Some(x), _) => {
                    let by = d.superseded_by.and_then(|s| rs.documents.get(s)).map(|s| format!("，由{}代替", s.display)).unwrap_or_default();
                    format!("{}已于{}废止{by}，其规则不再适用", d.display, date(x))
                }
                (_, Some(f)) => format!("{}自{}起施行，受理时尚未施行，其规则不适用", d.display, date(f)),
                _ => format!("{}受理时不在施行期内，其规则不适用", d.display),
            };
            self.findings.push(Finding {
                code: "rules.not_in_force".into(),
                severity: Severity::Warn,
                message: message.into(),
                remedy: None,
                cited: Cited { source: Some(source(rs, &r.source)), rule: r.id.as_str().into(), notes: Texts::default(), assumptions: Texts::default() },
                minimum_set: vec![],
                origin: Origin::Answer,
            });
        }
    }

    /// Resolves a single-answer part: settled → its value; otherwise case splitting over
    /// the missing facts, recording what the part waits on.
    #[inline(never)]
    pub(crate) fn resolve<T: PartialEq + Clone>(
        &mut self,
        env: &Env,
        kind: Kind,
        part: Part,
        compute: impl Fn(&Env, Option<RuleId>) -> T,
    ) -> (Resolved<T>, Selection) {
        let sel = self.select(env, kind);
        if sel.settled() {
            let v = compute(env, sel.winners.first().copied());
            return (Resolved::Known(v), sel);
        }
        let mut missing: Vec<FactId> = Vec::new();
        for (_, facts) in sel.pending.iter().chain(sel.contingent.iter()) {
            for f in facts {
                if !missing.contains(f) {
                    missing.push(*f);
                }
            }
        }
        let (rs, conds, ids) = (self.rs, self.conds, self.rules(kind));
        let res = branches::resolve(env, self.region_id, &missing, |e| {
            let s = select::select(e, conds, ids, false);
            s.settled().then(|| compute(e, s.winners.first().copied()))
        });
        let _ = rs;
        if !matches!(res, Resolved::Known(_)) {
            for (r, facts) in sel.pending.iter().chain(sel.contingent.iter()) {
                self.wait(*r, facts, part);
            }
        }
        (res, sel)
    }

    /// The branches of a split part in response form; `wrap` renders a branch's value.
    #[inline(never)]
    pub(crate) fn branches<T, U>(&self, raw: Vec<RawBranch<T>>, wrap: impl Fn(T) -> U) -> Vec<Branch<'a, U>> {
        let rs = self.rs;
        raw.into_iter()
            .map(|b| {
                let when: Vec<Constraint<'a>> =
                    b.when.iter().map(|(f, vals)| parts::constraint(rs, *f, vals.iter().map(|v| choice(rs, *f, v)).collect())).collect();
                let condition = b
                    .when
                    .iter()
                    .map(|(f, vals)| format!("{}：{}", describe::fact_label(rs, *f), describe::values(rs, *f, vals)))
                    .collect::<Vec<_>>()
                    .join("；");
                let still_needs = if b.value.is_none() {
                    self.waits
                        .keys()
                        .filter(|f| !b.when.iter().any(|(g, _)| g == *f))
                        .filter_map(|f| rs.facts.get(*f))
                        .map(|x| Str::from(x.path.as_str()))
                        .collect()
                } else {
                    vec![]
                };
                Branch { when, condition: condition.into(), value: b.value.map(&wrap), still_needs }
            })
            .collect()
    }

    /// The `needs` of the answer: facts deciding a refusal first, then in the order met.
    #[inline(never)]
    pub(crate) fn needs(&self) -> Vec<Need<'a>> {
        let rs = self.rs;
        let mut order = self.wait_order.clone();
        order.sort_by_key(|f| !self.waits.get(f).is_some_and(|(p, _)| p.contains(&Part::Allowed)));
        order
            .iter()
            .filter_map(|f| {
                let (parts, rules) = self.waits.get(f)?;
                let (mut need, en) = parts::need_frame(rs, *f)?;
                need.choices = match (need.ty, en) {
                    ("bool", _) => Some(vec![choice(rs, *f, &Value::Bool(true)), choice(rs, *f, &Value::Bool(false))]),
                    (_, Some(e)) => {
                        let members = rs.enums.get(e).map(|x| &x.members[..]).unwrap_or(&[]);
                        let visible = members.iter().enumerate().filter(|(_, m)| rs.visible(m.scope, self.region_id));
                        Some(visible.map(|(i, _)| parts::member_choice(rs, e, i as MemberId)).collect())
                    }
                    _ => None,
                };
                need.affects = parts.iter().copied().collect();
                need.rules = rules.iter().filter_map(|r| parts::waiting(rs, *r)).collect();
                Some(need)
            })
            .collect()
    }
}

/// Why rule `r` was or was not applied (`--explain`): the facts its condition read with the
/// request's values, and, when it applied, the rules of this selection it overrode.
fn why<'a>(rs: &'a RuleSet, env: &Env<'_>, r: &'a crate::ir::Rule, applied: bool, trace: &[(RuleId, &str)]) -> (Vec<FactRead<'a>>, Vec<Str<'a>>) {
    let facts = written::facts_read(&r.when)
        .into_iter()
        .filter_map(|f| {
            let fact = rs.facts.get(f)?;
            let v = env.facts.get(f).and_then(|v| v.as_ref());
            Some(FactRead {
                fact: fact.path.as_str().into(),
                label: describe::fact_label(rs, f).into(),
                value: written::request_form(rs, f, v),
                value_zh: v.filter(|v| !matches!(v, Value::Absent)).map(|v| describe::value(rs, v, written::enum_of(rs, &crate::ir::Expr::Fact(f)))),
            })
        })
        .collect();
    let overrode = if applied {
        trace
            .iter()
            .filter(|(id, res)| *res == "overridden" && crate::ir::sorted_has(&r.overrides, id))
            .filter_map(|(id, _)| rs.rules.get(*id))
            .map(|o| o.id.as_str().into())
            .collect()
    } else {
        Vec::new()
    };
    (facts, overrode)
}

fn trace_result(s: &str) -> TraceResult {
    match s {
        "applied" => TraceResult::Applied,
        "overridden" => TraceResult::Overridden,
        "not_applicable" => TraceResult::NotApplicable,
        "unknown" => TraceResult::Unknown,
        _ => TraceResult::NotInForce,
    }
}

/// A value of fact `f` as a choice: its id as a request gives it, and its zh-CN label.
fn choice<'a>(rs: &'a RuleSet, f: FactId, v: &Value) -> Choice<'a> {
    let en = match rs.facts.get(f).map(|x| x.ty) {
        Some(Type::Enum(id) | Type::Set(id)) => Some(id),
        _ => None,
    };
    match (v, en) {
        (Value::Enum(m), Some(e)) => parts::member_choice(rs, e, *m),
        (Value::Bool(b), _) => Choice { id: ChoiceId::Bool(*b), label: if *b { "是".into() } else { "否".into() }, origin: Origin::Answer },
        (other, _) => {
            Choice { id: ChoiceId::Member(describe::value(rs, other, en).into()), label: describe::value(rs, other, en).into(), origin: Origin::Answer }
        }
    }
}

/// The name of a type in `needs`.
pub fn type_name(t: Type) -> &'static str {
    match t {
        Type::Bool => "bool",
        Type::Int | Type::Days | Type::Minutes | Type::Months => "int",
        Type::Money(_) => "money",
        Type::Date => "date",
        Type::Time => "time",
        Type::TimeOfDay => "time_of_day",
        Type::Region => "region",
        Type::Str => "string",
        Type::Enum(_) => "enum",
        Type::Set(_) => "set",
    }
}

fn region_ref(r: &Region) -> RegionRef<'_> {
    RegionRef { code: r.code.as_str().into(), name: r.name.as_str().into() }
}

/// `asked_region` for a request naming an undeclared lower level of its region: the code,
/// its name from the national table ([`crate::gb2260`]) when it has one, and a zh-CN note.
fn asked_region<'a>(rs: &'a RuleSet, region: &'a Region, req: &Request) -> Option<AskedRegion<'a>> {
    let code = req.asked?;
    let _ = rs;
    let name = crate::gb2260::table().name(code);
    let asked = match name {
        Some(n) => format!("{n}（{code:06}）"),
        None => format!("{code:06} "),
    };
    Some(AskedRegion {
        code: format!("{code:06}").into(),
        name: name.map(Str::from),
        answered_by: region_ref(region),
        local_rules: false,
        note: format!("{asked}未收录本地规则，按上级地区{}（{}）的规则作答", region.name, region.code).into(),
    })
}
