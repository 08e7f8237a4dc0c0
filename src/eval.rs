//! The interpreter: a checked [`RuleSet`] and a parsed [`Request`] → a [`Response`].
//!
//! Conditions are three-valued (true / false / unknown when a fact is missing). Among the
//! rules of one kind that apply, a rule overridden by another applicable rule is dropped;
//! for single-answer kinds the checker guarantees at most one remains. Rules whose document
//! is not in force at `as_of` do not apply and produce `rules.not_in_force`.

use crate::calendar::{self, NotCovered};
use crate::ir::region_within;
use crate::ir::*;
use crate::request::{Question, Request};
use crate::response::Str;
use crate::response::*;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::cmp::Ordering;

/// Evaluation environment for one set of facts.
pub struct Env<'a> {
    rs: &'a RuleSet,
    facts: &'a [Option<Value>],
    today: Option<NaiveDate>,
    missing: RefCell<Vec<FactId>>,
}

impl<'a> Env<'a> {
    /// An environment over `facts` (indexed by [`FactId`]).
    pub fn new(rs: &'a RuleSet, facts: &'a [Option<Value>]) -> Self {
        let today = match facts.get(rs.known.as_of) {
            Some(Some(Value::Time(t))) => Some(t.date_naive()),
            _ => None,
        };
        Env { rs, facts, today, missing: RefCell::new(Vec::new()) }
    }

    /// The value of fact `f`; records it as missing when the request did not give it.
    pub fn fact(&self, f: FactId) -> Option<Value> {
        let v = self.facts.get(f).and_then(|v| v.as_ref());
        if v.is_none() {
            let mut m = self.missing.borrow_mut();
            if !m.contains(&f) {
                m.push(f);
            }
        }
        v.cloned()
    }

    /// The date of `as_of` (+08:00); records `as_of` as missing when absent.
    pub fn today(&self) -> Option<Value> {
        if self.today.is_none() {
            self.fact(self.rs.known.as_of);
        }
        self.today.map(Value::Date)
    }

    /// Evaluates an expression; `None` when a fact it needs is unknown.
    pub fn expr(&self, e: &Expr) -> Option<Value> {
        match e {
            Expr::Fact(f) => self.fact(*f),
            Expr::Lit(v) => Some(v.clone()),
            Expr::Today => self.today(),
            Expr::Add(a, b) => arith('+', self.expr(a), self.expr(b)),
            Expr::Sub(a, b) => arith('-', self.expr(a), self.expr(b)),
            Expr::Mul(a, b) => arith('×', self.expr(a), self.expr(b)),
        }
    }

    /// Evaluates a condition with Kleene logic; `None` = unknown. `and`/`or` stop at the
    /// first operand that decides them (the compiled back end does the same, so the facts
    /// reported missing are the same).
    pub fn cond(&self, c: &Cond) -> Option<bool> {
        match c {
            Cond::Const(b) => Some(*b),
            Cond::And(cs) => {
                let mut unknown = false;
                for x in cs {
                    match self.cond(x) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            Cond::Or(cs) => {
                let mut unknown = false;
                for x in cs {
                    match self.cond(x) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown { None } else { Some(false) }
            }
            Cond::Not(x) => self.cond(x).map(|b| !b),
            Cond::Truthy(e) => truthy(self.expr(e)),
            Cond::Cmp(a, op, b) => cmp(self.expr(a), *op, self.expr(b)),
            Cond::In(e, vals, neg) => in_list(self.expr(e), vals, *neg),
            Cond::Has(e, m) => has(self.expr(e), *m),
            Cond::Within(e, code) => within(self.expr(e), *code),
        }
    }

    fn take_missing(&self) -> Vec<FactId> {
        std::mem::take(&mut *self.missing.borrow_mut())
    }
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Int(x), Value::Int(y)) | (Value::Days(x), Value::Days(y)) | (Value::Minutes(x), Value::Minutes(y)) => Some(x.cmp(y)),
        (Value::Money(x), Value::Money(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Time(x), Value::Time(y)) => Some(x.cmp(y)),
        (Value::TimeOfDay(x), Value::TimeOfDay(y)) => Some(x.cmp(y)),
        (Value::Region(x), Value::Region(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        (Value::Set(x), Value::Set(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Primitive operations, shared by the interpreter and the compiled back end.

/// `x + y`, `x - y`, `x × y` (`op` is `'+'`, `'-'` or `'×'`); `None` if either is unknown.
pub fn arith(op: char, x: Option<Value>, y: Option<Value>) -> Option<Value> {
    let (x, y) = (x?, y?);
    let sub = op == '-';
    let mul = op == '×';
    Some(match (x, y) {
        (Value::Int(a), Value::Int(b)) => Value::Int(if mul {
            a.saturating_mul(b)
        } else if sub {
            a.saturating_sub(b)
        } else {
            a.saturating_add(b)
        }),
        (Value::Date(a), Value::Date(b)) => Value::Days((a - b).num_days()),
        (Value::Date(a), Value::Days(d)) => Value::Date(if sub { a - chrono::Duration::days(d) } else { a + chrono::Duration::days(d) }),
        (Value::Time(a), Value::Time(b)) => Value::Minutes((a - b).num_minutes()),
        (Value::Time(a), Value::Minutes(m)) => Value::Time(if sub { a - chrono::Duration::minutes(m) } else { a + chrono::Duration::minutes(m) }),
        (Value::Money(a), Value::Money(b)) => Value::Money(if sub { a - b } else { a + b }),
        (Value::Money(a), Value::Int(b)) => Value::Money(a * Decimal::from(b)),
        (Value::Days(a), Value::Days(b)) => Value::Days(if sub { a - b } else { a + b }),
        (Value::Minutes(a), Value::Minutes(b)) => Value::Minutes(if sub { a - b } else { a + b }),
        _ => return None,
    })
}

/// `x OP y`. An absent optional fact equals nothing and is not ordered.
pub fn cmp(x: Option<Value>, op: CmpOp, y: Option<Value>) -> Option<bool> {
    let (x, y) = (x?, y?);
    if matches!(x, Value::Absent) || matches!(y, Value::Absent) {
        return Some(match op {
            CmpOp::Eq => x == y,
            CmpOp::Ne => x != y,
            _ => false,
        });
    }
    let ord = compare(&x, &y)?;
    Some(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    })
}

/// `x in [vals]` (or `not in` when `neg`).
pub fn in_list(x: Option<Value>, vals: &[Value], neg: bool) -> Option<bool> {
    let v = x?;
    Some(vals.contains(&v) != neg)
}

/// `set has m`.
pub fn has(x: Option<Value>, m: MemberId) -> Option<bool> {
    match x? {
        Value::Set(bits) => Some(bits & (1u64 << (m as u64 & 63)) != 0),
        _ => None,
    }
}

/// `region within code`.
pub fn within(x: Option<Value>, code: u32) -> Option<bool> {
    match x? {
        Value::Region(r) => Some(region_within(r, code)),
        _ => None,
    }
}

/// A bool fact or expression as a condition.
pub fn truthy(x: Option<Value>) -> Option<bool> {
    match x? {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

/// How the conditions of rules are evaluated: by walking the IR ([`Interpreter`]) or by
/// code generated from it (`crate::compiled`). Everything else — selection, exceptions,
/// in-force dates, fees, documents, deadlines, the response — is shared.
pub trait Conds {
    /// The `when` of rule `rule`.
    fn when(&self, env: &Env, rule: RuleId) -> Option<bool>;
    /// The `when` of item `item` of documents rule `rule` (`Some(true)` when it has none).
    fn item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool>;
    /// The quantity of fee item `item` of rule `rule`, when it states one.
    fn quantity(&self, env: &Env, rule: RuleId, item: usize) -> Option<Value>;
}

/// Evaluates conditions by walking the checked IR.
#[derive(Debug, Clone, Copy, Default)]
pub struct Interpreter;

impl Conds for Interpreter {
    fn when(&self, env: &Env, rule: RuleId) -> Option<bool> {
        env.rs.rules.get(rule).and_then(|r| env.cond(&r.when))
    }
    fn item_when(&self, env: &Env, rule: RuleId, item: usize) -> Option<bool> {
        match env.rs.rules.get(rule).map(|r| &r.body) {
            Some(Body::Documents(DocList::Items(items))) => match items.get(item).and_then(|i| i.when.as_ref()) {
                Some(c) => env.cond(c),
                None => Some(true),
            },
            _ => Some(true),
        }
    }
    fn quantity(&self, env: &Env, rule: RuleId, item: usize) -> Option<Value> {
        match env.rs.rules.get(rule).map(|r| &r.body) {
            Some(Body::Fee { items, .. }) => items.get(item).and_then(|i| i.quantity.as_ref()).and_then(|q| env.expr(q)),
            _ => None,
        }
    }
}

/// The outcome of selecting among the rules of one kind.
struct Selection {
    winners: Vec<RuleId>,
    trace: Vec<(RuleId, &'static str)>,
    /// Rules that could not be decided, with the facts they need.
    unknown: Vec<(RuleId, Vec<FactId>)>,
    /// Documents not yet in force whose rules were skipped.
    not_in_force: Vec<RuleId>,
}

/// Formats money with two decimals.
pub fn money(d: Decimal) -> String {
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

fn in_force(rs: &RuleSet, r: &Rule, today: Option<NaiveDate>) -> bool {
    match (today, rs.documents.get(r.source.doc).and_then(|d| d.in_force)) {
        (Some(t), Some(f)) => t >= f,
        _ => true,
    }
}

fn select(env: &Env, conds: &dyn Conds, ids: &[RuleId], explain: bool) -> Selection {
    let rs = env.rs;
    let mut applicable = Vec::new();
    let mut trace = Vec::new();
    let mut unknown = Vec::new();
    let mut not_in_force = Vec::new();
    for &id in ids {
        let Some(r) = rs.rules.get(id) else { continue };
        if !in_force(rs, r, env.today) {
            not_in_force.push(id);
            if explain {
                trace.push((id, "not_in_force"));
            }
            continue;
        }
        env.take_missing();
        match conds.when(env, id) {
            Some(true) => applicable.push(id),
            Some(false) => {
                if explain {
                    trace.push((id, "not_applicable"))
                }
            }
            None => {
                unknown.push((id, env.take_missing()));
                if explain {
                    trace.push((id, "unknown"));
                }
            }
        }
    }
    let mut winners = Vec::new();
    for &a in &applicable {
        let overridden = applicable.iter().any(|&b| rs.rules.get(b).is_some_and(|rb| rb.overrides.contains(&a)));
        if explain {
            trace.push((a, if overridden { "overridden" } else { "applied" }));
        }
        if !overridden {
            winners.push(a);
        }
    }
    // An unknown rule matters only if no applicable rule overrides it.
    unknown.retain(|(u, _)| !applicable.iter().any(|&b| rs.rules.get(b).is_some_and(|rb| rb.overrides.contains(u))));
    Selection { winners, trace, unknown, not_in_force }
}

struct Ctx<'a> {
    explain: bool,
    rs: &'a RuleSet,
    conds: &'a dyn Conds,
    region: &'a Region,
    findings: Vec<Finding<'a>>,
    trace: Vec<TraceEntry<'a>>,
    not_in_force_docs: Vec<DocId>,
}

impl<'a> Ctx<'a> {
    fn rules(&self, k: Kind) -> &'a [RuleId] {
        self.region.rules.get(&k).map(|v| v.as_slice()).unwrap_or(&[])
    }

    fn absorb(&mut self, sel: &Selection) {
        let rs = self.rs;
        for (id, result) in &sel.trace {
            if let Some(r) = rs.rules.get(*id) {
                self.trace.push(TraceEntry { rule: r.id.as_str().into(), kind: r.kind.as_str(), result, source: source(rs, &r.source) });
            }
        }
        for id in &sel.not_in_force {
            if let Some(r) = rs.rules.get(*id)
                && !self.not_in_force_docs.contains(&r.source.doc)
            {
                self.not_in_force_docs.push(r.source.doc);
                let d = rs.documents.get(r.source.doc);
                let when = d.and_then(|d| d.in_force).map(|f| f.to_string()).unwrap_or_default();
                self.findings.push(Finding {
                    code: "rules.not_in_force".into(),
                    severity: "warn",
                    message: format!("{}自{}起施行，受理时尚未施行，其规则不适用", d.map(|d| d.display.as_str()).unwrap_or(""), when).into(),
                    remedy: None,
                    rule: r.id.as_str().into(),
                    source: Some(source(rs, &r.source)),
                });
            }
        }
        for (id, facts) in &sel.unknown {
            if let Some(r) = rs.rules.get(*id) {
                let names: Vec<String> = facts
                    .iter()
                    .filter_map(|f| rs.facts.get(*f))
                    .map(|f| if f.label.is_empty() { f.path.clone() } else { format!("{}（{}）", f.path, f.label) })
                    .collect();
                self.findings.push(Finding {
                    code: "facts.missing".into(),
                    severity: "info",
                    message: format!("无法判断规则 {} 是否适用：请求缺少 {}", r.id, names.join("、")).into(),
                    remedy: Some(
                        format!("请在请求中提供 {}", facts.iter().filter_map(|f| rs.facts.get(*f)).map(|f| f.path.as_str()).collect::<Vec<_>>().join("、"))
                            .into(),
                    ),
                    rule: r.id.as_str().into(),
                    source: Some(source(rs, &r.source)),
                });
            }
        }
    }
}

fn region_ref(r: &Region) -> RegionRef<'_> {
    RegionRef { code: r.code.as_str().into(), name: r.name.as_str().into() }
}

/// Answers a parsed request.
pub fn decide<'a>(rs: &'a RuleSet, req: &Request) -> Response<'a> {
    decide_with(rs, req, &Interpreter)
}

/// Answers a parsed request, evaluating rule conditions with `conds` (the interpreter or a
/// compiled rule set generated from the same IR).
pub fn decide_with<'a>(rs: &'a RuleSet, req: &Request, conds: &'a dyn Conds) -> Response<'a> {
    let Some(region) = rs.regions.get(req.region) else {
        return Response::Acceptance(AcceptanceResponse {
            region: RegionRef { code: "".into(), name: "".into() },
            question: "acceptance",
            accepted: None,
            findings: vec![],
            source: None,
            rule: None,
            trace: None,
        });
    };
    let env = Env::new(rs, &req.facts);
    let mut ctx = Ctx { explain: req.explain, rs, conds, region, findings: vec![], trace: vec![], not_in_force_docs: vec![] };
    match req.question {
        Question::Service => Response::Service(Box::new(service(&env, &mut ctx, req))),
        Question::Acceptance => Response::Acceptance(acceptance(&env, &mut ctx, req)),
        Question::Evaluation => Response::Evaluation(evaluation(&env, &mut ctx, req)),
    }
}

fn service<'a>(env: &Env<'_>, ctx: &mut Ctx<'a>, req: &Request) -> ServiceResponse<'a> {
    let rs = ctx.rs;
    let k = rs.known;
    let as_of = match req.facts.get(k.as_of) {
        Some(Some(Value::Time(t))) => Some(*t),
        _ => None,
    };
    let service_m = match req.facts.get(k.service) {
        Some(Some(Value::Enum(m))) => Some(*m),
        _ => None,
    };
    let service_id: Option<&str> = service_m.and_then(|m| rs.enums.get(k.service_enum).map(|e| e.id_of(m)));

    // Findings.
    let sel = select(env, ctx.conds, ctx.rules(Kind::Finding), ctx.explain);
    ctx.absorb(&sel);
    for id in &sel.winners {
        if let Some(Rule { body: Body::Finding { severity, code, message, remedy }, id: rid, source: s, .. }) = rs.rules.get(*id) {
            ctx.findings.push(Finding {
                code: code.as_str().into(),
                severity: severity.as_str(),
                message: message.as_str().into(),
                remedy: remedy.as_deref().map(Into::into),
                rule: rid.as_str().into(),
                source: Some(source(rs, s)),
            });
        }
    }

    // Service covered?
    if let Some(m) = service_m {
        let covered = rs.services(req.region);
        if !covered.contains(&m) {
            let label = rs.enums.get(k.service_enum).and_then(|e| e.members.get(m as usize)).map(|x| x.label.clone()).unwrap_or_default();
            ctx.findings.push(Finding {
                code: "service.not_regulated".into(),
                severity: "warn",
                message: format!("{}的规则未规定“{}”服务", ctx.region.name, label).into(),
                remedy: Some("请向当地公共资源交易中心或CA机构咨询".into()),
                rule: format!("{}/engine.services", ctx.region.code).into(),
                source: None,
            });
        }
    }

    // Fee.
    let fee = fee(env, ctx);
    if let (Some(amount), Some(Some(Value::Money(charged)))) = (fee.amount.as_ref(), req.facts.get(k.charged)) {
        let cap = amount.parse::<Decimal>().unwrap_or_default();
        if matches!(fee.status, "capped" | "fixed" | "free") && *charged > cap {
            ctx.findings.push(Finding {
                code: "fee.over_cap".into(),
                severity: "deny",
                message: format!("收取 {} 元，超过规定的 {} 元", money(*charged), amount).into(),
                remedy: Some(format!("按不高于 {amount} 元收费").into()),
                rule: fee.rule.clone().unwrap_or_default(),
                source: fee.source.clone(),
            });
        }
    }

    // Documents.
    let sel = select(env, ctx.conds, ctx.rules(Kind::Documents), ctx.explain);
    ctx.absorb(&sel);
    let mut documents = None;
    if let Some(Rule { body: Body::Documents(list), .. }) = sel.winners.first().and_then(|w| rs.rules.get(*w)) {
        documents = match list {
            DocList::Items(items) => {
                let mut out = Vec::new();
                let winner = sel.winners.first().copied().unwrap_or(0);
                for (i, it) in items.iter().enumerate() {
                    let include = match &it.when {
                        None => true,
                        Some(_) => {
                            env.take_missing();
                            ctx.conds.item_when(env, winner, i).unwrap_or(true)
                        }
                    };
                    if include {
                        out.push(DocumentOut {
                            id: it.id.as_str().into(),
                            name: it.name.as_str().into(),
                            copies: it.copies,
                            requires: it.requires.iter().map(|x| x.as_str().into()).collect(),
                            source: source(rs, &it.source),
                            rule: rs.rules.get(it.rule).map(|r| r.id.as_str()).unwrap_or_default().into(),
                        });
                    }
                }
                Some(out)
            }
            DocList::None(_) => Some(vec![]),
            DocList::Unspecified(_) => None,
        };
    }
    let missing_documents = req.submitted.as_ref().map(|sub| {
        documents.as_ref().map(|d| d.iter().filter(|x| !sub.iter().any(|s| **s == *x.id)).map(|x| x.id.clone()).collect::<Vec<_>>()).unwrap_or_default()
    });
    if let Some(missing) = &missing_documents
        && !missing.is_empty()
    {
        let names: Vec<&str> = documents.iter().flatten().filter(|d| missing.contains(&d.id)).map(|d| d.name.as_ref()).collect();
        let first = documents.iter().flatten().find(|d| missing.contains(&d.id));
        ctx.findings.push(Finding {
            code: "documents.missing".into(),
            severity: "deny",
            message: format!("材料不全，缺少：{}", names.join("；")).into(),
            remedy: Some("请补齐所缺材料后再办理".into()),
            rule: first.map(|d| d.rule.clone()).unwrap_or_default(),
            source: first.map(|d| d.source.clone()),
        });
    }

    // Deadline.
    let sel = select(env, ctx.conds, ctx.rules(Kind::Deadline), ctx.explain);
    ctx.absorb(&sel);
    let mut deadline = None;
    if let (Some(r), Some(at)) = (sel.winners.first().and_then(|w| rs.rules.get(*w)), as_of)
        && let Body::Deadline { spec, basis } = &r.body
    {
        match calendar::due(&rs.calendar, spec, at) {
            Ok(due) => {
                deadline = Some(Deadline {
                    due: due.to_rfc3339_opts(chrono::SecondsFormat::Secs, false).into(),
                    due_date: due.date_naive().to_string().into(),
                    basis: basis.as_str().into(),
                    source: source(rs, &r.source),
                    rule: r.id.as_str().into(),
                })
            }
            Err(NotCovered(y)) => ctx.findings.push(not_covered(rs, r, y)),
        }
    }

    // Certificate media.
    let sel = select(env, ctx.conds, ctx.rules(Kind::Media), ctx.explain);
    ctx.absorb(&sel);
    let certificate = sel.winners.first().and_then(|w| rs.rules.get(*w)).and_then(|r| match &r.body {
        Body::Media(m) => Some(CertificateOut { media: m.as_str().into(), source: source(rs, &r.source), rule: r.id.as_str().into() }),
        _ => None,
    });

    // Office hours.
    let sel = select(env, ctx.conds, ctx.rules(Kind::Hours), ctx.explain);
    ctx.absorb(&sel);
    let office_hours = sel.winners.first().and_then(|w| rs.rules.get(*w)).and_then(|r| match (&r.body, as_of) {
        (Body::Hours(h), Some(at)) => Some(office_hours(rs, r, h, at)),
        _ => None,
    });

    let allowed = !ctx.findings.iter().any(|f| f.severity == "deny");
    ServiceResponse {
        region: region_ref(ctx.region),
        question: "service",
        service: service_id.map(Into::into),
        as_of: as_of.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false).into()),
        allowed,
        findings: std::mem::take(&mut ctx.findings),
        fee,
        documents,
        missing_documents,
        deadline,
        certificate,
        office_hours,
        trace: req.explain.then(|| std::mem::take(&mut ctx.trace)),
    }
}

fn not_covered<'a>(rs: &'a RuleSet, r: &'a Rule, y: i32) -> Finding<'a> {
    Finding {
        code: "calendar.not_covered".into(),
        severity: "warn",
        message: format!("工作日历未覆盖{y}年，无法计算工作日期限").into(),
        remedy: Some(format!("在 rules/calendar.carules 中补充{y}年国务院办公厅节假日安排").into()),
        rule: r.id.as_str().into(),
        source: Some(source(rs, &r.source)),
    }
}

fn fee<'a>(env: &Env<'_>, ctx: &mut Ctx<'a>) -> Fee<'a> {
    let rs = ctx.rs;
    let sel = select(env, ctx.conds, ctx.rules(Kind::Fee), ctx.explain);
    ctx.absorb(&sel);
    let Some(r) = sel.winners.first().and_then(|w| rs.rules.get(*w)) else {
        return Fee { status: "unspecified", amount: None, currency: "CNY", items: vec![], source: None, rule: None, notes: vec![] };
    };
    let Body::Fee { status, items, why } = &r.body else {
        return Fee { status: "unspecified", amount: None, currency: "CNY", items: vec![], source: None, rule: None, notes: vec![] };
    };
    let mut notes: Vec<Str<'a>> = Vec::with_capacity(r.notes.len() + 1);
    if let Some(w) = why {
        notes.push(w.as_str().into());
    }
    notes.extend(r.notes.iter().map(|n| Str::from(n.as_str())));
    let mut out = Fee {
        status: status.as_str(),
        amount: None,
        currency: "CNY",
        items: vec![],
        source: Some(source(rs, &r.source)),
        rule: Some(r.id.as_str().into()),
        notes,
    };
    match status {
        FeeStatus::Free => out.amount = Some(money(Decimal::ZERO).into()),
        FeeStatus::Capped | FeeStatus::Fixed => {
            let mut total = Decimal::ZERO;
            let mut known = true;
            let winner = sel.winners.first().copied().unwrap_or(0);
            for (i, it) in items.iter().enumerate() {
                env.take_missing();
                let q = match (&it.quantity, it.unit) {
                    (Some(_), _) => ctx.conds.quantity(env, winner, i),
                    (None, MoneyUnit::PerYear) => env.expr(&Expr::Fact(rs.known.years)),
                    (None, _) => Some(Value::Int(1)),
                };
                let q = match q {
                    Some(Value::Int(n)) => n.max(0),
                    _ => {
                        known = false;
                        continue;
                    }
                };
                if q == 0 {
                    continue;
                }
                total += it.amount * Decimal::from(q);
                out.items.push(FeeItemOut { label: it.label.as_str().into(), amount: money(it.amount).into(), per: it.unit.per(), quantity: q });
            }
            out.amount = known.then(|| money(total).into());
        }
        FeeStatus::SelfPaid | FeeStatus::Unspecified => {}
    }
    out
}

fn office_hours<'a>(rs: &'a RuleSet, r: &'a Rule, h: &'a Hours, at: chrono::DateTime<chrono::FixedOffset>) -> OfficeHours<'a> {
    let day = at.date_naive();
    let md = (day.month(), day.day());
    let (idx, assumption) = match &h.assume {
        Some((i, from, to, why)) => {
            let inside = if from <= to { md >= *from && md <= *to } else { md >= *from || md <= *to };
            let idx = if inside { *i } else { (0..h.seasons.len()).find(|x| x != i).unwrap_or(*i) };
            (idx, Some(Str::from(why.as_str())))
        }
        None => (0, None),
    };
    let season = h.seasons.get(idx);
    let periods: Vec<Str<'a>> = season
        .map(|s| s.periods.iter().map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")).into()).collect::<Vec<Str<'a>>>())
        .unwrap_or_default();
    let t = at.time();
    let in_period = season.is_some_and(|s| s.periods.iter().any(|(a, b)| t >= *a && t < *b));
    let open = if h.working_days_only { calendar::is_working_day(&rs.calendar, day).ok().map(|w| w && in_period) } else { Some(in_period) };
    OfficeHours {
        season: season.map(|s| s.id.as_str()).unwrap_or_default().into(),
        season_label: season.map(|s| s.label.as_str()).unwrap_or_default().into(),
        periods,
        working_days_only: h.working_days_only,
        open_at_as_of: open,
        assumption,
        source: source(rs, &r.source),
        rule: r.id.as_str().into(),
    }
}

fn acceptance<'a>(env: &Env<'_>, ctx: &mut Ctx<'a>, req: &Request) -> AcceptanceResponse<'a> {
    let rs = ctx.rs;
    let sel = select(env, ctx.conds, ctx.rules(Kind::Accept), ctx.explain);
    ctx.absorb(&sel);
    let winner = sel.winners.first().and_then(|w| rs.rules.get(*w));
    let (accepted, src, rule) = match winner {
        Some(r @ Rule { body: Body::Accept(a), .. }) => (Some(*a), Some(source(rs, &r.source)), Some(Str::from(r.id.as_str()))),
        _ => (None, None, None),
    };
    AcceptanceResponse {
        region: region_ref(ctx.region),
        question: "acceptance",
        accepted,
        findings: std::mem::take(&mut ctx.findings),
        source: src,
        rule,
        trace: req.explain.then(|| std::mem::take(&mut ctx.trace)),
    }
}

fn evaluation<'a>(env: &Env<'_>, ctx: &mut Ctx<'a>, req: &Request) -> EvaluationResponse<'a> {
    let rs = ctx.rs;
    let sel = select(env, ctx.conds, ctx.rules(Kind::Checklist), ctx.explain);
    ctx.absorb(&sel);
    let winner = sel.winners.first().and_then(|w| rs.rules.get(*w));
    let mut out = EvaluationResponse {
        region: region_ref(ctx.region),
        question: "evaluation",
        checklist: None,
        items: vec![],
        passed: 0,
        failed: 0,
        unknown: 0,
        findings: vec![],
        rule: None,
    };
    if let Some(r @ Rule { body: Body::Checklist { title, items }, .. }) = winner {
        out.checklist = Some(title.as_str().into());
        out.rule = Some(r.id.as_str().into());
        for it in items {
            let (answer, basis) = match req.observations.get(&it.id) {
                Some(b) => (Some(*b), "observation"),
                None => match it.derive {
                    Some((how, dl)) => (derive(rs, ctx.conds, how, dl, req), "derived"),
                    None => (None, "none"),
                },
            };
            let basis = if answer.is_none() { "none" } else { basis };
            let result = match answer {
                Some(a) if a == it.passes => "pass",
                Some(_) => "fail",
                None => "unknown",
            };
            match result {
                "pass" => out.passed += 1,
                "fail" => out.failed += 1,
                _ => out.unknown += 1,
            }
            out.items.push(CheckItemOut { id: it.id.as_str().into(), text: it.text.as_str().into(), answer, result, basis, source: source(rs, &r.source) });
        }
    }
    out.findings = std::mem::take(&mut ctx.findings);
    out
}

/// Derives a checklist answer from service records through the deadline rule `dl`: the
/// same rule, and the same computation, that gives `deadline` in service answers.
fn derive(rs: &RuleSet, conds: &dyn Conds, how: Derive, dl: RuleId, req: &Request) -> Option<bool> {
    let rule = rs.rules.get(dl)?;
    let Body::Deadline { spec, .. } = &rule.body else { return None };
    let mut any = false;
    let mut late = false;
    for rec in &req.records {
        let env = Env::new(rs, &rec.facts);
        if conds.when(&env, dl) != Some(true) {
            continue;
        }
        let Ok(due) = calendar::due(&rs.calendar, spec, rec.received_at) else { return None };
        match rec.completed_at {
            Some(done) => {
                any = true;
                if done > due {
                    late = true;
                }
            }
            None => return None,
        }
    }
    if !any {
        return None;
    }
    Some(match how {
        Derive::Overdue => late,
        Derive::OnTime => !late,
    })
}
