//! The rule set as `const` Rust data: text and lists borrowed (`B(…)`), sub-trees as
//! static references (`N(&…)`), dates, times and decimals through `const fn`s.

use super::*;
use chrono::{Datelike, Timelike};

impl Gen<'_> {
    pub(super) fn citation(&self, s: &Source) -> String {
        let d = self.rs.documents.get(s.doc).map(|d| d.display.as_str()).unwrap_or("");
        format!("{d} {}", s.article).replace('\n', " ")
    }

    pub(super) fn source(&self, s: &Source) -> String {
        format!("Source {{ doc: {}, article: {} }}", s.doc, t(&s.article))
    }

    pub(super) fn enum_(&self, e: &Enum) -> String {
        let members: Vec<String> = e
            .members
            .iter()
            .map(|m| format!("Member {{ id: {}, label: {}, aliases: {}, scope: {:?} }}", t(&m.id), t(&m.label), strs(&m.aliases), m.scope))
            .collect();
        let aliases: Vec<String> =
            e.aliases.iter().map(|a| format!("ScopedAlias {{ member: {}, alias: {}, scope: {:?} }}", a.member, t(&a.alias), a.scope)).collect();
        format!("Enum {{ name: {}, label: {}, members: B(&[{}]), aliases: B(&[{}]) }}", t(&e.name), t(&e.label), members.join(", "), aliases.join(", "))
    }

    pub(super) fn ty(&self, t: Type) -> String {
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

    pub(super) fn value(&self, v: &Value) -> String {
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

    pub(super) fn fact(&self, f: &Fact) -> String {
        format!(
            "Fact {{ path: {}, ty: {}, label: {}, default: {}, default_source: {}, min: {:?}, scope: {:?} }}",
            t(&f.path),
            self.ty(f.ty),
            t(&f.label),
            opt(&f.default, |v| self.value(v)),
            opt(&f.default_source, |s| self.source(s)),
            f.min,
            f.scope
        )
    }

    pub(super) fn date(&self, d: &chrono::NaiveDate) -> String {
        format!("date({}, {}, {})", d.year(), d.month(), d.day())
    }

    pub(super) fn document(&self, d: &Document) -> String {
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

    pub(super) fn region(&self, r: &Region) -> String {
        let rules: Vec<String> = r.rules.iter().map(|(k, v)| format!("(Kind::{k:?}, {})", nums(v))).collect();
        let defaults: Vec<String> = r.defaults.iter().map(|(k, v)| format!("({k}, {})", self.value(v))).collect();
        let cited: Vec<String> = r.default_sources.iter().map(|(k, s)| format!("({k}, {})", self.source(s))).collect();
        format!(
            "Region {{ code: {}, name: {}, aliases: {}, parent: {:?}, services: {}, defaults: B(&[{}]), default_sources: B(&[{}]), rules: B(&[{}]) }}",
            t(&r.code),
            t(&r.name),
            strs(&r.aliases),
            r.parent,
            nums(&r.services),
            defaults.join(", "),
            cited.join(", "),
            rules.join(", ")
        )
    }

    pub(super) fn calendar(&self, c: &Calendar) -> String {
        let ds = |s: &[chrono::NaiveDate]| format!("B(&[{}])", s.iter().map(|d| self.date(d)).collect::<Vec<_>>().join(", "));
        let sources: Vec<String> = c.sources.iter().map(|(y, s)| format!("({y}, {})", self.source(s))).collect();
        format!("Calendar {{ years: {}, off: {}, work: {}, sources: B(&[{}]) }}", nums(&c.years), ds(&c.off), ds(&c.work), sources.join(", "))
    }

    pub(super) fn known(&self, k: &Known) -> String {
        format!(
            "Known {{ as_of: {}, service: {}, channel: {}, years: {}, charged: {}, kind: {}, issued_in: {}, region: {}, service_enum: {}, kind_enum: {} }}",
            k.as_of, k.service, k.channel, k.years, k.charged, k.kind, k.issued_in, k.region, k.service_enum, k.kind_enum
        )
    }

    pub(super) fn rule(&self, r: &Rule) -> String {
        format!(
            "Rule {{ id: {}, region: {}, kind: Kind::{:?}, source: {}, overrides: {}, services: {:#x}, when: {}, notes: {}, assumptions: {}, body: {} }}",
            t(&r.id),
            r.region,
            r.kind,
            self.source(&r.source),
            nums(&r.overrides),
            r.services,
            self.cond_ir(&r.when),
            strs(&r.notes),
            strs(&r.assumptions),
            self.body(&r.body)
        )
    }

    pub(super) fn body(&self, b: &Body) -> String {
        match b {
            Body::Finding { severity, code, message, remedy, refer_to, set } => {
                let set: Vec<String> = set.iter().map(|l| format!("SetLine {{ label: {}, at_least: {} }}", t(&l.label), l.at_least)).collect();
                format!(
                    "Body::Finding {{ severity: Severity::{severity:?}, code: {}, message: {}, remedy: {}, refer_to: {refer_to:?}, set: B(&[{}]) }}",
                    t(code),
                    t(message),
                    opt(remedy, |x| t(x)),
                    set.join(", ")
                )
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
                let items = self.doc_items(items);
                format!("Body::Documents(DocList::Items(B(&[{}]), {}))", items.join(", "), opt(incomplete, |x| t(x)))
            }
            Body::Documents(DocList::None(w)) => format!("Body::Documents(DocList::None({}))", t(w)),
            Body::Documents(DocList::Unspecified(w)) => format!("Body::Documents(DocList::Unspecified({}))", t(w)),
            Body::Deadline { spec, basis, after } => {
                let spec = match spec {
                    DeadlineSpec::Minutes(n) => format!("DeadlineSpec::Minutes({n})"),
                    DeadlineSpec::Days(n, d) => format!("DeadlineSpec::Days({n}, DaySet::{d:?})"),
                    DeadlineSpec::Months(n) => format!("DeadlineSpec::Months({n})"),
                    DeadlineSpec::Cutoff(t, d) => format!("DeadlineSpec::Cutoff(tod({}, {}), DaySet::{d:?})", t.hour(), t.minute()),
                    DeadlineSpec::Immediate => "DeadlineSpec::Immediate".into(),
                };
                format!("Body::Deadline {{ spec: {spec}, basis: {}, after: {after:?} }}", t(basis))
            }
            Body::Media(m) => format!("Body::Media({})", t(m)),
            Body::Validity { months, after, basis } => format!("Body::Validity {{ months: {months}, after: {after:?}, basis: {} }}", t(basis)),
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
            Body::Office { name, contacts } => {
                let contacts: Vec<String> = contacts
                    .iter()
                    .map(|c| format!("Contact {{ kind: ContactKind::{:?}, value: {}, label: {} }}", c.kind, t(&c.value), opt(&c.label, |x| t(x))))
                    .collect();
                format!("Body::Office {{ name: {}, contacts: B(&[{}]) }}", t(name), contacts.join(", "))
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
    /// The items of a documents list as `DocItem` constructors.
    fn doc_items(&self, items: &[DocItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                format!(
                    "DocItem {{ id: {}, name: {}, copies: {:?}, requires: {}, forms: B(&[{}]), when: {}, source: {}, rule: {} }}",
                    t(&i.id),
                    t(&i.name),
                    i.copies,
                    strs(&i.requires),
                    i.forms
                        .iter()
                        .map(|f| format!("FormSpec {{ form: DocForm::{:?}, requires: {} }}", f.form, strs(&f.requires)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    opt(&i.when, |c| self.cond_ir(c)),
                    self.source(&i.source),
                    i.rule
                )
            })
            .collect()
    }

    pub(super) fn cond_ir(&self, c: &Cond) -> String {
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

    pub(super) fn expr_ir(&self, e: &Expr) -> String {
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
}
