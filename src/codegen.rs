//! Rust back end: checked IR → Rust source, through the minijinja template
//! `templates/shipped.rs.j2`. The output builds the same IR without the parser and compiles
//! every condition to native code (see `src/compiled/shipped.rs`, the committed output for
//! the shipped rules).

use crate::ir::*;
use chrono::{Datelike, Timelike};
use minijinja::{Environment, context};
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/shipped.rs.j2");

/// Renders the Rust source for a rule set. `files` names the sources in the header.
///
/// Errors: a message if the template fails to render (a bug in the template).
pub fn generate(rs: &RuleSet, files: &[String]) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.add_template("shipped.rs", TEMPLATE).map_err(|e| e.to_string())?;
    let tmpl = env.get_template("shipped.rs").map_err(|e| e.to_string())?;
    let g = Gen { rs };
    let mut rules = Vec::new();
    let mut last_region = None;
    for (i, r) in rs.rules.iter().enumerate() {
        let header = (last_region != Some(r.region)).then(|| rs.regions.get(r.region).map(|x| format!("{} {}", x.code, x.name)).unwrap_or_default());
        last_region = Some(r.region);
        let mut items = Vec::new();
        let mut quantities = Vec::new();
        let mut fee_items = Vec::new();
        match &r.body {
            Body::Documents(DocList::Items(list, _)) => {
                for (j, it) in list.iter().enumerate() {
                    if let Some(c) = &it.when {
                        items.push(Piece { index: j, name: it.id.to_string(), text: g.cond_text(c), code: g.cond_code(c) });
                    }
                }
            }
            Body::Fee { items: fi, .. } => {
                for (j, it) in fi.iter().enumerate() {
                    if let Some(q) = &it.quantity {
                        quantities.push(Piece { index: j, name: it.label.to_string(), text: g.expr_text(q), code: g.expr_code(q) });
                    }
                    if let Some(c) = &it.when {
                        fee_items.push(Piece { index: j, name: it.label.to_string(), text: g.cond_text(c), code: g.cond_code(c) });
                    }
                }
            }
            _ => {}
        }
        rules.push(RuleOut {
            index: i,
            id: r.id.to_string(),
            kind: r.kind.as_str(),
            citation: g.citation(&r.source),
            region_header: header,
            ctor: g.rule(r),
            when_text: g.cond_text(&r.when),
            when_code: g.cond_code(&r.when),
            items,
            quantities,
            fee_items,
        });
    }
    let counts = format!("{} regions, {} rules, {} documents", rs.regions.len(), rs.rules.len(), rs.documents.len());
    let out = tmpl
        .render(context! {
            files => files.join(", "),
            counts => counts,
            enums => rs.enums.iter().map(|e| g.enum_(e)).collect::<Vec<_>>(),
            facts => rs.facts.iter().map(|f| g.fact(f)).collect::<Vec<_>>(),
            documents => rs.documents.iter().map(|d| g.document(d)).collect::<Vec<_>>(),
            regions => rs.regions.iter().map(|r| g.region(r)).collect::<Vec<_>>(),
            rules => rules,
            calendar => g.calendar(&rs.calendar),
            known => g.known(&rs.known),
        })
        .map_err(|e| e.to_string())?;
    rustfmt(&out)
}

/// Formats generated code with `rustfmt` (the toolchain's, with this repository's settings
/// from `rustfmt.toml`), so the committed file passes `cargo fmt --check` like hand-written
/// code. Errors: rustfmt cannot be started or rejects the code (a bug in the template).
fn rustfmt(code: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--config", "max_width=160,use_small_heuristics=Max"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt to format the generated code: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(code.as_bytes()).map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    }
    let out = child.wait_with_output().map_err(|e| format!("rustfmt failed: {e}"))?;
    if !out.status.success() {
        return Err(format!("rustfmt rejected the generated code: {}", String::from_utf8_lossy(&out.stderr)));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt wrote invalid UTF-8: {e}"))
}

#[derive(Serialize)]
struct Piece {
    index: usize,
    name: String,
    text: String,
    code: String,
}

#[derive(Serialize)]
struct RuleOut {
    index: usize,
    id: String,
    kind: &'static str,
    citation: String,
    region_header: Option<String>,
    ctor: String,
    when_text: String,
    when_code: String,
    items: Vec<Piece>,
    quantities: Vec<Piece>,
    fee_items: Vec<Piece>,
}

struct Gen<'a> {
    rs: &'a RuleSet,
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// A decimal as a `const` expression: `dec(lo, mid, hi, negative, scale)`.
fn dec(d: &rust_decimal::Decimal) -> String {
    let m = d.mantissa().unsigned_abs();
    format!("dec({}, {}, {}, {}, {})", m as u32, (m >> 32) as u32, (m >> 64) as u32, d.is_sign_negative(), d.scale())
}

fn opt<T>(o: &Option<T>, f: impl Fn(&T) -> String) -> String {
    match o {
        Some(x) => format!("Some({})", f(x)),
        None => "None".into(),
    }
}

/// Static text: `B("…")` (`Cow::Borrowed`).
fn t(s: &str) -> String {
    format!("B({})", lit(s))
}

/// A static list of texts.
fn strs(v: &[Text]) -> String {
    format!("B(&[{}])", v.iter().map(|x| t(x)).collect::<Vec<_>>().join(", "))
}

/// A static list of numbers.
fn nums<T: std::fmt::Display>(v: &[T]) -> String {
    format!("B(&[{}])", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "))
}

impl Gen<'_> {
    fn citation(&self, s: &Source) -> String {
        let d = self.rs.documents.get(s.doc).map(|d| d.display.as_str()).unwrap_or("");
        format!("{d} {}", s.article).replace('\n', " ")
    }

    fn source(&self, s: &Source) -> String {
        format!("Source {{ doc: {}, article: {} }}", s.doc, t(&s.article))
    }

    fn enum_(&self, e: &Enum) -> String {
        let members: Vec<String> = e
            .members
            .iter()
            .map(|m| format!("Member {{ id: {}, label: {}, aliases: {}, scope: {:?} }}", t(&m.id), t(&m.label), strs(&m.aliases), m.scope))
            .collect();
        format!("Enum {{ name: {}, label: {}, members: B(&[{}]) }}", t(&e.name), t(&e.label), members.join(", "))
    }

    fn ty(&self, t: Type) -> String {
        match t {
            Type::Bool => "Type::Bool".into(),
            Type::Int => "Type::Int".into(),
            Type::Money(u) => format!("Type::Money(MoneyUnit::{u:?})"),
            Type::Date => "Type::Date".into(),
            Type::Time => "Type::Time".into(),
            Type::TimeOfDay => "Type::TimeOfDay".into(),
            Type::Region => "Type::Region".into(),
            Type::Str => "Type::Str".into(),
            Type::Days => "Type::Days".into(),
            Type::Minutes => "Type::Minutes".into(),
            Type::Months => "Type::Months".into(),
            Type::Enum(e) => format!("Type::Enum({e})"),
            Type::Set(e) => format!("Type::Set({e})"),
        }
    }

    fn value(&self, v: &Value) -> String {
        match v {
            Value::Bool(b) => format!("Value::Bool({b})"),
            Value::Int(n) => format!("Value::Int({n})"),
            Value::Money(d) => format!("Value::Money({})", dec(d)),
            Value::Date(d) => format!("Value::Date(date({}, {}, {}))", d.year(), d.month(), d.day()),
            Value::Time(x) => {
                let u = x.naive_utc();
                format!(
                    "Value::Time(time(date({}, {}, {}), ({}, {}, {}, {}), {}))",
                    u.year(),
                    u.month(),
                    u.day(),
                    u.hour(),
                    u.minute(),
                    u.second(),
                    u.nanosecond(),
                    x.offset().local_minus_utc()
                )
            }
            Value::TimeOfDay(t) => format!("Value::TimeOfDay(tod({}, {}))", t.hour(), t.minute()),
            Value::Region(r) => format!("Value::Region({r})"),
            Value::Str(s) => format!("Value::Str({})", t(s)),
            Value::Days(n) => format!("Value::Days({n})"),
            Value::Minutes(n) => format!("Value::Minutes({n})"),
            Value::Months(n) => format!("Value::Months({n})"),
            Value::Enum(m) => format!("Value::Enum({m})"),
            Value::Set(b) => format!("Value::Set({b})"),
            Value::Absent => "Value::Absent".into(),
        }
    }

    fn fact(&self, f: &Fact) -> String {
        format!(
            "Fact {{ path: {}, ty: {}, label: {}, default: {}, min: {:?}, scope: {:?} }}",
            t(&f.path),
            self.ty(f.ty),
            t(&f.label),
            opt(&f.default, |v| self.value(v)),
            f.min,
            f.scope
        )
    }

    fn date(&self, d: &chrono::NaiveDate) -> String {
        format!("date({}, {}, {})", d.year(), d.month(), d.day())
    }

    fn document(&self, d: &Document) -> String {
        format!(
            "Document {{ id: {}, number: {}, title: {}, issuer: {}, date: {}, in_force: {}, repealed: {}, superseded_by: {:?}, url: {}, display: {} }}",
            t(&d.id),
            opt(&d.number, |x| t(x)),
            t(&d.title),
            opt(&d.issuer, |x| t(x)),
            opt(&d.date, |x| self.date(x)),
            opt(&d.in_force, |x| self.date(x)),
            opt(&d.repealed, |x| self.date(x)),
            d.superseded_by,
            opt(&d.url, |x| t(x)),
            t(&d.display)
        )
    }

    fn region(&self, r: &Region) -> String {
        let rules: Vec<String> = r.rules.iter().map(|(k, v)| format!("(Kind::{k:?}, {})", nums(v))).collect();
        let defaults: Vec<String> = r.defaults.iter().map(|(k, v)| format!("({k}, {})", self.value(v))).collect();
        format!(
            "Region {{ code: {}, name: {}, aliases: {}, parent: {:?}, services: {}, defaults: B(&[{}]), rules: B(&[{}]) }}",
            t(&r.code),
            t(&r.name),
            strs(&r.aliases),
            r.parent,
            nums(&r.services),
            defaults.join(", "),
            rules.join(", ")
        )
    }

    fn calendar(&self, c: &Calendar) -> String {
        let ds = |s: &[chrono::NaiveDate]| format!("B(&[{}])", s.iter().map(|d| self.date(d)).collect::<Vec<_>>().join(", "));
        let sources: Vec<String> = c.sources.iter().map(|(y, s)| format!("({y}, {})", self.source(s))).collect();
        format!("Calendar {{ years: {}, off: {}, work: {}, sources: B(&[{}]) }}", nums(&c.years), ds(&c.off), ds(&c.work), sources.join(", "))
    }

    fn known(&self, k: &Known) -> String {
        format!(
            "Known {{ as_of: {}, service: {}, channel: {}, years: {}, charged: {}, kind: {}, issued_in: {}, service_enum: {}, kind_enum: {} }}",
            k.as_of, k.service, k.channel, k.years, k.charged, k.kind, k.issued_in, k.service_enum, k.kind_enum
        )
    }

    fn rule(&self, r: &Rule) -> String {
        format!(
            "Rule {{ id: {}, region: {}, kind: Kind::{:?}, source: {}, overrides: {}, when: {}, notes: {}, assumptions: {}, body: {} }}",
            t(&r.id),
            r.region,
            r.kind,
            self.source(&r.source),
            nums(&r.overrides),
            self.cond_ir(&r.when),
            strs(&r.notes),
            strs(&r.assumptions),
            self.body(&r.body)
        )
    }

    fn body(&self, b: &Body) -> String {
        match b {
            Body::Finding { severity, code, message, remedy } => {
                format!("Body::Finding {{ severity: Severity::{severity:?}, code: {}, message: {}, remedy: {} }}", t(code), t(message), opt(remedy, |x| t(x)))
            }
            Body::Fee { status, items, why, charge_as } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| {
                        format!(
                            "FeeItem {{ label: {}, amount: {}, unit: MoneyUnit::{:?}, quantity: {}, when: {} }}",
                            t(&i.label),
                            dec(&i.amount),
                            i.unit,
                            opt(&i.quantity, |q| self.expr_ir(q)),
                            opt(&i.when, |c| self.cond_ir(c))
                        )
                    })
                    .collect();
                format!(
                    "Body::Fee {{ status: FeeStatus::{status:?}, items: B(&[{}]), why: {}, charge_as: {charge_as:?} }}",
                    items.join(", "),
                    opt(why, |x| t(x))
                )
            }
            Body::Documents(DocList::Items(items, incomplete)) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| {
                        format!(
                            "DocItem {{ id: {}, name: {}, copies: {:?}, requires: {}, when: {}, source: {}, rule: {} }}",
                            t(&i.id),
                            t(&i.name),
                            i.copies,
                            strs(&i.requires),
                            opt(&i.when, |c| self.cond_ir(c)),
                            self.source(&i.source),
                            i.rule
                        )
                    })
                    .collect();
                format!("Body::Documents(DocList::Items(B(&[{}]), {}))", items.join(", "), opt(incomplete, |x| t(x)))
            }
            Body::Documents(DocList::None(w)) => format!("Body::Documents(DocList::None({}))", t(w)),
            Body::Documents(DocList::Unspecified(w)) => format!("Body::Documents(DocList::Unspecified({}))", t(w)),
            Body::Deadline { spec, basis } => {
                let spec = match spec {
                    DeadlineSpec::Minutes(n) => format!("DeadlineSpec::Minutes({n})"),
                    DeadlineSpec::Days(n, d) => format!("DeadlineSpec::Days({n}, DaySet::{d:?})"),
                    DeadlineSpec::Months(n) => format!("DeadlineSpec::Months({n})"),
                    DeadlineSpec::Cutoff(t, d) => format!("DeadlineSpec::Cutoff(tod({}, {}), DaySet::{d:?})", t.hour(), t.minute()),
                    DeadlineSpec::Immediate => "DeadlineSpec::Immediate".into(),
                };
                format!("Body::Deadline {{ spec: {spec}, basis: {} }}", t(basis))
            }
            Body::Media(m) => format!("Body::Media({})", t(m)),
            Body::Accept(a) => format!("Body::Accept({a})"),
            Body::Hours(h) => {
                let seasons: Vec<String> = h
                    .seasons
                    .iter()
                    .map(|s| {
                        let p: Vec<String> =
                            s.periods.iter().map(|(a, b)| format!("(tod({}, {}), tod({}, {}))", a.hour(), a.minute(), b.hour(), b.minute())).collect();
                        format!("Season {{ id: {}, label: {}, periods: B(&[{}]), days: DaySet::{:?} }}", t(&s.id), t(&s.label), p.join(", "), s.days)
                    })
                    .collect();
                let assume = opt(&h.assume, |(i, f, to, w)| format!("({i}, ({}, {}), ({}, {}), {})", f.0, f.1, to.0, to.1, t(w)));
                format!("Body::Hours(Hours {{ seasons: B(&[{}]), assume: {assume} }})", seasons.join(", "))
            }
            Body::Checklist { title, items } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| {
                        format!(
                            "CheckItem {{ id: {}, text: {}, passes: {}, derive: {} }}",
                            t(&i.id),
                            t(&i.text),
                            i.passes,
                            opt(&i.derive, |(d, r)| format!("(Derive::{d:?}, {r})"))
                        )
                    })
                    .collect();
                format!("Body::Checklist {{ title: {}, items: B(&[{}]) }}", t(title), items.join(", "))
            }
        }
    }

    /// The IR constructor of a condition (kept in the IR for item conditions' trace and
    /// for the staleness test that compares this IR with the checker's).
    fn cond_ir(&self, c: &Cond) -> String {
        match c {
            Cond::Const(b) => format!("Cond::Const({b})"),
            Cond::And(cs) => format!("Cond::And(B(&[{}]))", cs.iter().map(|x| self.cond_ir(x)).collect::<Vec<_>>().join(", ")),
            Cond::Or(cs) => format!("Cond::Or(B(&[{}]))", cs.iter().map(|x| self.cond_ir(x)).collect::<Vec<_>>().join(", ")),
            Cond::Not(x) => format!("Cond::Not(N(&{}))", self.cond_ir(x)),
            Cond::Truthy(e) => format!("Cond::Truthy({})", self.expr_ir(e)),
            Cond::Cmp(a, op, b) => format!("Cond::Cmp({}, CmpOp::{op:?}, {})", self.expr_ir(a), self.expr_ir(b)),
            Cond::In(e, vals, neg) => {
                format!("Cond::In({}, B(&[{}]), {neg})", self.expr_ir(e), vals.iter().map(|v| self.value(v)).collect::<Vec<_>>().join(", "))
            }
            Cond::Has(e, m) => format!("Cond::Has({}, {m})", self.expr_ir(e)),
            Cond::Within(e, code) => format!("Cond::Within({}, {code})", self.expr_ir(e)),
            Cond::Quant(q, c, x) => format!("Cond::Quant(Quantifier::{q:?}, Collection::{c:?}, N(&{}))", self.cond_ir(x)),
        }
    }

    fn expr_ir(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(f) => format!("Expr::Fact({f})"),
            Expr::Lit(v) => format!("Expr::Lit({})", self.value(v)),
            Expr::Today => "Expr::Today".into(),
            Expr::Add(a, b) => format!("Expr::Add(N(&{}), N(&{}))", self.expr_ir(a), self.expr_ir(b)),
            Expr::Sub(a, b) => format!("Expr::Sub(N(&{}), N(&{}))", self.expr_ir(a), self.expr_ir(b)),
            Expr::Mul(a, b) => format!("Expr::Mul(N(&{}), N(&{}))", self.expr_ir(a), self.expr_ir(b)),
            Expr::Count(c, x) => format!("Expr::Count(Collection::{c:?}, N(&{}))", self.cond_ir(x)),
        }
    }

    /// A condition as native code over an [`crate::engine::Env`] named `e`.
    fn cond_code(&self, c: &Cond) -> String {
        match c {
            Cond::Const(b) => format!("Some({b})"),
            Cond::And(cs) if cs.is_empty() => "Some(true)".into(),
            Cond::Or(cs) if cs.is_empty() => "Some(false)".into(),
            Cond::And(cs) => format!("and!({})", cs.iter().map(|x| self.cond_code(x)).collect::<Vec<_>>().join(", ")),
            Cond::Or(cs) => format!("or!({})", cs.iter().map(|x| self.cond_code(x)).collect::<Vec<_>>().join(", ")),
            Cond::Not(x) => format!("({}).map(|b| !b)", self.cond_code(x)),
            Cond::Truthy(e) => format!("truthy({})", self.expr_code(e)),
            Cond::Cmp(a, op, b) => format!("cmp({}, CmpOp::{op:?}, {})", self.expr_code(a), self.expr_code(b)),
            Cond::In(e, vals, neg) => {
                format!("in_list({}, &[{}], {neg})", self.expr_code(e), vals.iter().map(|v| self.value(v)).collect::<Vec<_>>().join(", "))
            }
            Cond::Has(e, m) => format!("has({}, {m})", self.expr_code(e)),
            Cond::Within(e, code) => format!("within({}, {code})", self.expr_code(e)),
            Cond::Quant(q, c, x) => format!("e.quant(Quantifier::{q:?}, Collection::{c:?}, |e| {})", self.cond_code(x)),
        }
    }

    fn expr_code(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(f) => format!("e.fact({f} /* {} */)", self.rs.facts.get(*f).map(|x| x.path.as_str()).unwrap_or("?")),
            Expr::Lit(v) => format!("Some({})", self.value(v)),
            Expr::Today => "e.today()".into(),
            Expr::Add(a, b) => format!("arith(ArithOp::Add, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Sub(a, b) => format!("arith(ArithOp::Sub, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Mul(a, b) => format!("arith(ArithOp::Mul, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Count(c, x) => format!("e.count(Collection::{c:?}, |e| {})", self.cond_code(x)),
        }
    }

    /// A condition as the rule files write it, for comments.
    fn cond_text(&self, c: &Cond) -> String {
        match c {
            Cond::Const(b) => b.to_string(),
            Cond::And(cs) => cs.iter().map(|x| self.paren(x)).collect::<Vec<_>>().join(" and "),
            Cond::Or(cs) => cs.iter().map(|x| self.paren(x)).collect::<Vec<_>>().join(" or "),
            Cond::Not(x) => format!("not {}", self.paren(x)),
            Cond::Truthy(e) => self.expr_text(e),
            Cond::Cmp(a, op, b) => format!("{} {} {}", self.expr_text(a), op.as_str(), self.expr_text_as(b, a)),
            Cond::In(e, vals, neg) => format!(
                "{} {}in [{}]",
                self.expr_text(e),
                if *neg { "not " } else { "" },
                vals.iter().map(|v| self.value_text(v, self.enum_of(e))).collect::<Vec<_>>().join(", ")
            ),
            Cond::Has(e, m) => format!("{} has {}", self.expr_text(e), self.member(self.enum_of(e), *m)),
            Cond::Within(e, code) => format!("{} within {code}", self.expr_text(e)),
            Cond::Quant(q, c, x) => format!("{} {} ({})", quant_word(*q), coll_word(*c), self.cond_text(x)),
        }
    }

    fn paren(&self, c: &Cond) -> String {
        match c {
            Cond::And(_) | Cond::Or(_) => format!("({})", self.cond_text(c)),
            _ => self.cond_text(c),
        }
    }

    fn enum_of(&self, e: &Expr) -> Option<EnumId> {
        match e {
            Expr::Fact(f) => match self.rs.facts.get(*f).map(|x| x.ty) {
                Some(Type::Enum(id) | Type::Set(id)) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }

    fn member(&self, e: Option<EnumId>, m: MemberId) -> String {
        e.and_then(|id| self.rs.enums.get(id)).map(|en| en.id_of(m).to_string()).unwrap_or_else(|| m.to_string())
    }

    fn value_text(&self, v: &Value, e: Option<EnumId>) -> String {
        match v {
            Value::Enum(m) => self.member(e, *m),
            Value::Money(d) => format!("{d} 元"),
            Value::Days(n) => format!("{n} days"),
            Value::Minutes(n) => format!("{n} minutes"),
            Value::Months(n) => format!("{n} months"),
            Value::Str(s) => lit(s),
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Date(d) => d.to_string(),
            Value::TimeOfDay(t) => t.format("%H:%M").to_string(),
            Value::Region(r) => r.to_string(),
            Value::Time(t) => t.to_rfc3339(),
            Value::Set(b) => format!("{{{b:#x}}}"),
            Value::Absent => "none".into(),
        }
    }

    fn expr_text_as(&self, e: &Expr, other: &Expr) -> String {
        match e {
            Expr::Lit(v) => self.value_text(v, self.enum_of(other)),
            _ => self.expr_text(e),
        }
    }

    fn expr_text(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(f) => self.rs.facts.get(*f).map(|x| x.path.to_string()).unwrap_or_default(),
            Expr::Lit(v) => self.value_text(v, None),
            Expr::Today => "today".into(),
            Expr::Add(a, b) => format!("{} + {}", self.expr_text(a), self.expr_text(b)),
            Expr::Sub(a, b) => format!("{} - {}", self.expr_text(a), self.expr_text(b)),
            Expr::Mul(a, b) => format!("{} × {}", self.expr_text(a), self.expr_text(b)),
            Expr::Count(c, x) => format!("count {} ({})", coll_word(*c), self.cond_text(x)),
        }
    }
}

fn quant_word(q: Quantifier) -> &'static str {
    match q {
        Quantifier::Any => "any",
        Quantifier::All => "all",
    }
}

fn coll_word(c: Collection) -> &'static str {
    match c {
        Collection::Together => "together",
        Collection::Items => "items",
    }
}
