//! Syntax trees → checked [`RuleSet`], with every diagnostic found in one run.
//!
//! Passes: (1) parse every file; (2) declare enums, facts, documents, regions and rule
//! shells; (3) resolve and type every condition and body; (4) expand document lists and
//! close `overrides` transitively; (5) analyse each region's effective rule set: conflicts
//! (E0401), unreachable exceptions (E0402), services without documents (E0403).

use crate::analysis::disjoint;
use crate::ast::{self, Clause, Literal, Span, Spanned};
use crate::diag::{Code, Diagnostic, suggest};
use crate::ir::*;
use crate::syntax::parse_file;
use chrono::{Datelike, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;

/// Checks a set of rule files given as `(name, text)` pairs.
///
/// Returns the rule set when there is no error, and every diagnostic otherwise (located:
/// line and column filled in).
pub fn check(files: &[(String, String)]) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut c = Checker::default();
    let mut parsed = Vec::new();
    for (name, text) in files {
        match parse_file(name, text) {
            Ok(f) => parsed.push((name.clone(), f)),
            Err(d) => c.diags.push(d),
        }
    }
    let rs = c.run(&parsed);
    let mut diags = c.diags;
    if diags.is_empty()
        && let Some(rs) = rs
    {
        return Ok(rs);
    }
    crate::diag::locate(&mut diags, files);
    diags.sort_by(|a, b| (a.file.as_str(), a.span.start, a.code).cmp(&(b.file.as_str(), b.span.start, b.code)));
    diags.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.code == b.code && a.message == b.message);
    Err(diags)
}

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    enums: Vec<Enum>,
    enum_index: HashMap<String, EnumId>,
    facts: Vec<Fact>,
    fact_index: HashMap<String, FactId>,
    documents: Vec<Document>,
    doc_index: HashMap<String, DocId>,
    regions: Vec<Region>,
    region_index: HashMap<String, RegionId>,
    /// Rule shells: (file, decl, region).
    decls: Vec<(String, ast::RuleDecl, RegionId)>,
    rule_index: HashMap<String, RuleId>,
    /// Where each region's `services` clause (or header) stands, for E0403.
    region_spans: HashMap<RegionId, (String, Span)>,
    /// Overrides as written (before the transitive closure), for E0402.
    direct_overrides: Vec<BTreeSet<RuleId>>,
}

struct Ctx<'a> {
    file: &'a str,
}

fn err(code: Code, file: &str, span: Span, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, file, span, msg)
}

impl Checker {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn run(&mut self, files: &[(String, ast::File)]) -> Option<RuleSet> {
        // Pass 2a: enums.
        for (file, f) in files {
            for item in &f.items {
                if let ast::Item::Enum(e) = item {
                    self.declare_enum(file, e);
                }
            }
        }
        for (file, f) in files {
            for item in &f.items {
                if let ast::Item::Extend(e) = item {
                    self.extend_enum(file, e);
                }
            }
        }
        // Pass 2b: facts, documents, regions.
        for (file, f) in files {
            for item in &f.items {
                match item {
                    ast::Item::Fact(fd) => self.declare_fact(file, fd),
                    ast::Item::Document(d) => self.declare_document(file, d),
                    _ => {}
                }
            }
        }
        let mut region_decls = Vec::new();
        for (file, f) in files {
            let mut region: Option<RegionId> = None;
            let mut seen_other = false;
            for item in &f.items {
                match item {
                    ast::Item::Region(r) => {
                        if region.is_some() {
                            self.push(
                                err(Code::RegionHeader, file, Span { start: r.span.start, end: r.code.span.end }, "a file may declare only one region")
                                    .with_help("put each region in its own file"),
                            );
                            continue;
                        }
                        if seen_other {
                            self.push(
                                err(
                                    Code::RegionHeader,
                                    file,
                                    Span { start: r.span.start, end: r.code.span.end },
                                    "the `region` header must come before the rules of the file",
                                )
                                .with_help("move the `region` block to the top of the file"),
                            );
                        }
                        region = self.declare_region(file, r);
                        if let Some(id) = region {
                            region_decls.push((file.clone(), r.clone(), id));
                        }
                    }
                    ast::Item::Rule(rd) => {
                        seen_other = true;
                        match region {
                            Some(rg) => self.declare_rule(file, rd, rg),
                            None => self.push(
                                err(Code::RegionHeader, file, rd.kind.span, format!("rule `{}` is outside any region", rd.id.node))
                                    .with_help("rules belong in a region file that starts with `region <code> \"<name>\" { … }`"),
                            ),
                        }
                    }
                    _ => {}
                }
            }
        }
        for (file, r, id) in &region_decls {
            self.resolve_region(file, r, *id);
        }
        let known = self.known(files.first().map(|f| f.0.as_str()).unwrap_or("prelude.carules"));
        let calendar = self.calendar(files);
        // Pass 3: rules.
        let decls = std::mem::take(&mut self.decls);
        let mut rules: Vec<Option<Rule>> = Vec::new();
        for (file, rd, region) in &decls {
            rules.push(self.rule(file, rd, *region, &decls));
        }
        // Pass 4: includes and overrides closure.
        self.expand_includes(&decls, &mut rules);
        self.close_overrides(&decls, &mut rules);
        self.decls = decls;
        let known = known?;
        // Rules that failed to check become inert placeholders (never applicable) so the
        // region analysis still runs on the rest and reports its errors in the same run.
        let rules: Vec<Rule> = rules
            .into_iter()
            .zip(&self.decls)
            .map(|(r, (_, rd, region))| {
                r.unwrap_or_else(|| Rule {
                    id: format!("invalid/{}", rd.id.node),
                    region: *region,
                    kind: Kind::Finding,
                    source: Source { doc: 0, article: String::new() },
                    overrides: BTreeSet::new(),
                    when: Cond::Const(false),
                    notes: vec![],
                    body: Body::Accept(false),
                })
            })
            .collect();
        let mut rs = RuleSet {
            enums: std::mem::take(&mut self.enums),
            facts: std::mem::take(&mut self.facts),
            documents: std::mem::take(&mut self.documents),
            regions: std::mem::take(&mut self.regions),
            rules,
            calendar,
            known,
        };
        // Effective rule lists and inherited defaults / services.
        for r in 0..rs.regions.len() {
            let chain = chain(&rs, r);
            let mut by_kind: BTreeMap<Kind, Vec<RuleId>> = BTreeMap::new();
            let mut defaults = BTreeMap::new();
            for anc in &chain {
                for (i, rule) in rs.rules.iter().enumerate() {
                    if rule.region == *anc {
                        by_kind.entry(rule.kind).or_default().push(i);
                    }
                }
                if let Some(reg) = rs.regions.get(*anc) {
                    defaults.extend(reg.defaults.iter().map(|(k, v)| (*k, v.clone())));
                }
            }
            if let Some(reg) = rs.regions.get_mut(r) {
                reg.rules = by_kind;
                reg.defaults = defaults;
            }
        }
        self.analyse(&rs);
        if self.diags.is_empty() { Some(rs) } else { None }
    }

    fn declare_enum(&mut self, file: &str, e: &ast::EnumDecl) {
        if self.enum_index.contains_key(&e.name.node) || is_builtin_type(&e.name.node) {
            self.push(
                err(Code::Duplicate, file, e.name.span, format!("enum `{}` is declared twice", e.name.node))
                    .with_help("enum names are global: rename one of them"),
            );
            return;
        }
        let mut members: Vec<Member> = Vec::new();
        for m in &e.members {
            if members.iter().any(|x| x.id == m.id.node) {
                self.push(
                    err(Code::Duplicate, file, m.id.span, format!("member `{}` is declared twice in enum `{}`", m.id.node, e.name.node))
                        .with_help("declare each member once; other spellings go in its `alias` list"),
                );
                continue;
            }
            members.push(Member { id: m.id.node.clone(), label: m.label.clone(), aliases: m.aliases.clone() });
        }
        if members.len() > 64 {
            self.push(err(Code::BadValue, file, e.name.span, format!("enum `{}` has {} members; at most 64 are supported", e.name.node, members.len())));
        }
        self.enum_index.insert(e.name.node.clone(), self.enums.len());
        self.enums.push(Enum { name: e.name.node.clone(), label: e.label.clone().unwrap_or_default(), members });
    }

    fn extend_enum(&mut self, file: &str, e: &ast::EnumDecl) {
        let Some(id) = self.enum_index.get(&e.name.node).copied() else {
            let help = suggest(&e.name.node, self.enum_index.keys().map(|s| s.as_str()))
                .unwrap_or_else(|| "`extend` adds members to an enum declared with `enum`".into());
            self.push(err(Code::UnknownName, file, e.name.span, format!("unknown enum `{}`", e.name.node)).with_help(help));
            return;
        };
        for m in &e.members {
            let Some(en) = self.enums.get_mut(id) else { return };
            if en.members.iter().any(|x| x.id == m.id.node) {
                self.push(err(Code::Duplicate, file, m.id.span, format!("enum `{}` already has member `{}`", e.name.node, m.id.node)));
                continue;
            }
            en.members.push(Member { id: m.id.node.clone(), label: m.label.clone(), aliases: m.aliases.clone() });
            if en.members.len() > 64 {
                self.push(err(Code::BadValue, file, m.id.span, format!("enum `{}` would have more than 64 members", e.name.node)));
                return;
            }
        }
    }

    fn resolve_type(&mut self, file: &str, t: &ast::TypeExpr) -> Option<Type> {
        match t {
            ast::TypeExpr::Named(n) => match n.node.as_str() {
                "bool" => Some(Type::Bool),
                "int" => Some(Type::Int),
                "money" => Some(Type::Money(MoneyUnit::Once)),
                "date" => Some(Type::Date),
                "time" => Some(Type::Time),
                "region" => Some(Type::Region),
                "string" => Some(Type::Str),
                other => match self.enum_index.get(other) {
                    Some(e) => Some(Type::Enum(*e)),
                    None => {
                        let names: Vec<String> = BUILTIN_TYPES.iter().map(|s| s.to_string()).chain(self.enum_index.keys().cloned()).collect();
                        let mut d = err(Code::UnknownName, file, n.span, format!("unknown type `{other}`"));
                        d = d.with_help(
                            suggest(other, names.iter().map(|s| s.as_str())).unwrap_or_else(|| "declare it with `enum` or use a built-in type".into()),
                        );
                        self.push(d);
                        None
                    }
                },
            },
            ast::TypeExpr::SetOf(n) => match self.enum_index.get(&n.node) {
                Some(e) => Some(Type::Set(*e)),
                None => {
                    let help = suggest(&n.node, self.enum_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "`set of` takes an enum name".into());
                    self.push(err(Code::UnknownName, file, n.span, format!("unknown enum `{}`", n.node)).with_help(help));
                    None
                }
            },
        }
    }

    fn declare_fact(&mut self, file: &str, f: &ast::FactDecl) {
        if self.fact_index.contains_key(&f.path.node) {
            self.push(
                err(Code::Duplicate, file, f.path.span, format!("fact `{}` is declared twice", f.path.node))
                    .with_help("fact paths are global (the prelude declares the facts of the decision API): use the fact, or choose another path"),
            );
            return;
        }
        let Some(ty) = self.resolve_type(file, &f.ty) else { return };
        let default = f.default.as_ref().and_then(|d| self.const_value(file, d, ty));
        self.fact_index.insert(f.path.node.clone(), self.facts.len());
        self.facts.push(Fact { path: f.path.node.clone(), ty, label: f.label.clone().unwrap_or_default(), default });
    }

    /// A literal as a constant of type `ty` (fact defaults, region defaults).
    fn const_value(&mut self, file: &str, l: &Spanned<Literal>, ty: Type) -> Option<Value> {
        if let (Literal::Name(n), Type::Enum(e)) = (&l.node, ty)
            && n == "none"
            && self.enums.get(e).and_then(|x| x.lookup(n)).is_none()
        {
            return Some(Value::Absent);
        }
        let node = match &l.node {
            Literal::Name(n) => ast::Expr::Name(n.clone()),
            other => ast::Expr::Lit(other.clone()),
        };
        let e = Spanned { node, span: l.span };
        if let (Literal::List(items), Type::Set(en)) = (&l.node, ty) {
            let mut bits = 0u64;
            for it in items {
                let (x, _) = self.expr(&Ctx { file }, it, Some(Type::Enum(en)))?;
                if let Expr::Lit(Value::Enum(m)) = x {
                    bits |= 1 << (m as u64 & 63);
                }
            }
            return Some(Value::Set(bits));
        }
        let (x, t) = self.expr(&Ctx { file }, &e, Some(ty))?;
        if t != ty {
            self.push(err(Code::Type, file, l.span, format!("expected {}, found {}", self.type_name(ty), self.type_name(t))));
            return None;
        }
        match x {
            Expr::Lit(v) => Some(v),
            _ => None,
        }
    }

    fn declare_document(&mut self, file: &str, d: &ast::DocumentDecl) {
        if self.doc_index.contains_key(&d.id.node) {
            self.push(
                err(Code::Duplicate, file, d.id.span, format!("document `{}` is declared twice", d.id.node))
                    .with_help("document ids are global: declare each document once and cite it from any region"),
            );
            return;
        }
        let mut doc = Document { id: d.id.node.clone(), number: None, title: String::new(), issuer: None, date: None, in_force: None, display: String::new() };
        let mut has_title = false;
        for f in &d.fields {
            let text = match &f.value {
                ast::FieldValue::Text(t) => Some(t.clone()),
                _ => None,
            };
            let date = match &f.value {
                ast::FieldValue::Date(s) => self.date(file, s),
                _ => None,
            };
            match f.key.node.as_str() {
                "number" => doc.number = text,
                "title" => {
                    has_title = true;
                    doc.title = text.unwrap_or_default()
                }
                "issuer" => doc.issuer = text,
                "date" => doc.date = date,
                "in_force" => doc.in_force = date,
                _ => {}
            }
        }
        if !has_title {
            self.push(err(Code::BadValue, file, d.id.span, format!("document `{}` has no `title`", d.id.node)).with_help("add `title \"…\"`"));
        }
        let t = doc.title.trim_start_matches('《').trim_end_matches('》');
        doc.display = match &doc.number {
            Some(n) => format!("{n}《{t}》"),
            None => format!("《{t}》"),
        };
        self.doc_index.insert(d.id.node.clone(), self.documents.len());
        self.documents.push(doc);
    }

    fn date(&mut self, file: &str, s: &Spanned<String>) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&s.node, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.push(err(Code::BadValue, file, s.span, format!("`{}` is not a valid date", s.node)).with_help("dates are written YYYY-MM-DD"));
                None
            }
        }
    }

    fn tod(&mut self, file: &str, s: &Spanned<String>) -> Option<NaiveTime> {
        match NaiveTime::parse_from_str(&s.node, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                self.push(
                    err(Code::BadValue, file, s.span, format!("`{}` is not a valid time of day", s.node))
                        .with_help("times of day are written HH:MM, 00:00 to 23:59"),
                );
                None
            }
        }
    }

    fn declare_region(&mut self, file: &str, r: &ast::RegionDecl) -> Option<RegionId> {
        if self.region_index.contains_key(&r.code.node) {
            self.push(err(Code::Duplicate, file, r.code.span, format!("region `{}` is declared twice", r.code.node)));
            return None;
        }
        let id = self.regions.len();
        self.region_index.insert(r.code.node.clone(), id);
        self.region_spans.insert(id, (file.to_string(), r.services_span.unwrap_or(r.code.span)));
        self.regions.push(Region {
            code: r.code.node.clone(),
            name: r.name.clone(),
            aliases: r.aliases.clone(),
            parent: None,
            services: vec![],
            defaults: BTreeMap::new(),
            rules: BTreeMap::new(),
        });
        Some(id)
    }

    fn resolve_region(&mut self, file: &str, r: &ast::RegionDecl, id: RegionId) {
        let parent = r.parent.as_ref().and_then(|p| match self.region_index.get(&p.node) {
            Some(pid) => Some(*pid),
            None => {
                let others = self.region_index.keys().map(|s| s.as_str()).filter(|c| *c != r.code.node);
                let help = suggest(&p.node, others).unwrap_or_else(|| "declare the parent region in its own file".into());
                self.push(err(Code::UnknownName, file, p.span, format!("unknown parent region `{}`", p.node)).with_help(help));
                None
            }
        });
        if let (Some(p), Some(pc)) = (parent, r.parent.as_ref()) {
            let child: u32 = r.code.node.parse().unwrap_or(0);
            let par: u32 = pc.node.parse().unwrap_or(0);
            if !crate::analysis::region_within(child, par) || child == par {
                self.push(
                    err(Code::BadValue, file, pc.span, format!("region `{}` does not lie within `{}` by its GB/T 2260 code", r.code.node, pc.node))
                        .with_help("a region lies within the region whose code it extends: 152500 within 150000, 371500 within 370000"),
                );
            }
            let _ = p;
        }
        let service_enum = self.enum_index.get("service").copied();
        let mut services = Vec::new();
        for s in &r.services {
            if let Some(e) = service_enum {
                match self.enums.get(e).and_then(|en| en.lookup(&s.node)) {
                    Some(m) => services.push(m),
                    None => self.unknown_member(file, s, e),
                }
            }
        }
        let mut defaults = BTreeMap::new();
        for (k, v) in &r.defaults {
            match self.fact_index.get(&k.node).copied() {
                Some(f) => {
                    let ty = self.facts.get(f).map(|x| x.ty).unwrap_or(Type::Bool);
                    if let Some(val) = self.const_value(file, v, ty) {
                        defaults.insert(f, val);
                    }
                }
                None => self.unknown_fact(file, k),
            }
        }
        if let Some(reg) = self.regions.get_mut(id) {
            reg.parent = parent;
            reg.services = services;
            reg.defaults = defaults;
        }
    }

    fn declare_rule(&mut self, file: &str, rd: &ast::RuleDecl, region: RegionId) {
        let code = self.regions.get(region).map(|r| r.code.clone()).unwrap_or_default();
        let full = format!("{code}/{}", rd.id.node);
        if self.rule_index.contains_key(&full) {
            self.push(
                err(Code::Duplicate, file, rd.id.span, format!("rule `{}` is declared twice in region {code}", rd.id.node))
                    .with_help("rule ids are unique within a region: rename one of them"),
            );
            return;
        }
        self.rule_index.insert(full, self.decls.len());
        self.decls.push((file.to_string(), rd.clone(), region));
    }

    fn unknown_fact(&mut self, file: &str, n: &Spanned<String>) {
        let help = suggest(&n.node, self.fact_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "declare it with `fact <path> : <type>`".into());
        self.push(err(Code::UnknownFact, file, n.span, format!("unknown fact `{}`", n.node)).with_help(help));
    }

    fn unknown_member(&mut self, file: &str, n: &Spanned<String>, e: EnumId) {
        let Some(en) = self.enums.get(e) else { return };
        let ids: Vec<&str> = en.members.iter().map(|m| m.id.as_str()).collect();
        let help = suggest(&n.node, ids.iter().copied())
            .unwrap_or_else(|| format!("`{}` has: {}", en.name, ids.iter().take(12).map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")));
        let msg = format!("`{}` is not a member of enum `{}`", n.node, en.name);
        self.push(err(Code::UnknownMember, file, n.span, msg).with_help(help));
    }

    fn known(&mut self, file: &str) -> Option<Known> {
        let mut need = |path: &str, ty: &str| -> Option<FactId> {
            let f = self.fact_index.get(path).copied();
            let ok = f.and_then(|f| self.facts.get(f)).is_some_and(|fact| match (ty, fact.ty) {
                ("time", Type::Time) | ("int", Type::Int) | ("money", Type::Money(_)) | ("region", Type::Region) => true,
                (e, Type::Enum(id)) => self.enums.get(id).is_some_and(|en| en.name == e),
                _ => false,
            });
            if !ok {
                self.diags.push(
                    err(Code::UnknownFact, file, Span::default(), format!("the engine needs fact `{path}` of type `{ty}`"))
                        .with_help("the prelude declares the facts of the decision API; keep them"),
                );
                return None;
            }
            f
        };
        let k = Known {
            as_of: need("as_of", "time")?,
            service: need("service", "service")?,
            channel: need("channel", "channel")?,
            years: need("years", "int")?,
            charged: need("charged", "money")?,
            kind: need("applicant.kind", "kind")?,
            issued_in: need("certificate.issued_in", "region")?,
            service_enum: *self.enum_index.get("service")?,
            kind_enum: *self.enum_index.get("kind")?,
        };
        Some(k)
    }

    fn calendar(&mut self, files: &[(String, ast::File)]) -> Calendar {
        let mut cal = Calendar::default();
        for (file, f) in files {
            for item in &f.items {
                let ast::Item::Calendar(c) = item else { continue };
                let Some(doc) = self.doc(file, &c.source.doc) else { continue };
                let Ok(year) = c.year.node.parse::<i32>() else {
                    self.push(err(Code::BadValue, file, c.year.span, "`year` must be a year like 2026"));
                    continue;
                };
                if !cal.years.insert(year) {
                    self.push(err(Code::Duplicate, file, c.year.span, format!("year {year} has two calendars")));
                }
                cal.sources.insert(year, Source { doc, article: c.source.article.clone() });
                for e in &c.entries {
                    let Some(from) = self.date(file, &e.from) else { continue };
                    let to = match &e.to {
                        Some(t) => match self.date(file, t) {
                            Some(d) => d,
                            None => continue,
                        },
                        None => from,
                    };
                    if from.year() != year || to.year() != year || to < from {
                        self.push(err(Code::BadValue, file, e.from.span, format!("calendar dates must lie in {year} and run forwards")));
                        continue;
                    }
                    let mut d = from;
                    while d <= to {
                        if e.off {
                            cal.off.insert(d)
                        } else {
                            cal.work.insert(d)
                        };
                        match d.succ_opt() {
                            Some(n) => d = n,
                            None => break,
                        }
                    }
                }
            }
        }
        cal
    }

    fn doc(&mut self, file: &str, d: &Spanned<String>) -> Option<DocId> {
        match self.doc_index.get(&d.node) {
            Some(i) => Some(*i),
            None => {
                let help = suggest(&d.node, self.doc_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "declare it with `document <id> { … }`".into());
                self.push(err(Code::UnknownName, file, d.span, format!("unknown document `{}`", d.node)).with_help(help));
                None
            }
        }
    }

    /// Resolves a rule reference from a rule in `region`: own region first, then ancestors.
    fn rule_ref(&mut self, file: &str, r: &Spanned<String>, region: RegionId) -> Option<RuleId> {
        if r.node.contains('/') {
            if let Some(i) = self.rule_index.get(&r.node) {
                return Some(*i);
            }
        } else {
            let mut cur = Some(region);
            let mut guard = 0;
            while let Some(rg) = cur {
                let code = self.regions.get(rg).map(|x| x.code.clone()).unwrap_or_default();
                if let Some(i) = self.rule_index.get(&format!("{code}/{}", r.node)) {
                    return Some(*i);
                }
                cur = self.regions.get(rg).and_then(|x| x.parent);
                guard += 1;
                if guard > 16 {
                    break;
                }
            }
        }
        let help = suggest(&r.node, self.rule_index.keys().map(|s| s.rsplit('/').next().unwrap_or(s)))
            .unwrap_or_else(|| "a rule is referenced by its id, or `<region>/<id>` for another region's rule".into());
        self.push(err(Code::UnknownName, file, r.span, format!("unknown rule `{}`", r.node)).with_help(help));
        None
    }

    fn rule(&mut self, file: &str, rd: &ast::RuleDecl, region: RegionId, decls: &[(String, ast::RuleDecl, RegionId)]) -> Option<Rule> {
        let ctx = Ctx { file };
        let kind = match rd.kind.node.trim() {
            "finding" => Kind::Finding,
            "fee" => Kind::Fee,
            "documents" => Kind::Documents,
            "deadline" => Kind::Deadline,
            "media" => Kind::Media,
            "accept" => Kind::Accept,
            "hours" => Kind::Hours,
            _ => Kind::Checklist,
        };
        let code = self.regions.get(region).map(|r| r.code.clone()).unwrap_or_default();
        let source = match rd.sources.as_slice() {
            [] => {
                self.push(
                    err(Code::MissingSource, file, rd.id.span, format!("rule `{}` cites no source", rd.id.node))
                        .with_help("add `source <document> \"<article>\"`: every rule names the article it comes from"),
                );
                None
            }
            [s, rest @ ..] => {
                for extra in rest {
                    self.push(
                        err(Code::Duplicate, file, extra.doc.span, "a rule has exactly one `source`")
                            .with_help("split the rule, or cite the other article in a `note`"),
                    );
                }
                if s.article.trim().is_empty() {
                    self.push(
                        err(Code::MissingSource, file, s.doc.span, "the citation names no article")
                            .with_help("write the article, clause or table row: `source doc \"第二十五条\"`"),
                    );
                }
                self.doc(file, &s.doc).map(|doc| Source { doc, article: s.article.clone() })
            }
        };
        let mut overrides = BTreeSet::new();
        // A rule whose `overrides` does not resolve is left out of the region analysis, so the
        // unknown name is not followed by a spurious conflict (E0401) with the rule it meant.
        let mut overrides_ok = true;
        for o in &rd.overrides {
            let Some(t) = self.rule_ref(file, o, region) else {
                overrides_ok = false;
                continue;
            };
            if let Some((_, td, _)) = decls.get(t)
                && td.kind.node.trim() != rd.kind.node.trim()
            {
                self.push(
                    err(Code::Type, file, o.span, format!("a {} rule cannot override the {} rule `{}`", rd.kind.node.trim(), td.kind.node.trim(), o.node))
                        .with_help("`overrides` names a rule of the same kind that this rule is an exception to"),
                );
            }
            overrides.insert(t);
        }
        let when = match &rd.when {
            Some(w) => self.cond(&ctx, w),
            None => Some(Cond::Const(true)),
        };
        let body = self.body(&ctx, kind, rd, region, decls);
        let (source, when, body) = (source?, when?, body?);
        if !overrides_ok {
            return None;
        }
        Some(Rule { id: format!("{code}/{}", rd.id.node), region, kind, source, overrides, when, notes: rd.notes.clone(), body })
    }

    fn not_allowed(&mut self, file: &str, kind: Kind, c: &Spanned<Clause>) {
        let name = clause_name(&c.node);
        let mut d = err(Code::BadValue, file, c.span, format!("`{name}` is not part of a `{}` rule", kind.as_str()));
        d = d.with_help(format!("a `{}` rule takes: {}", kind.as_str(), kind_help(kind)));
        self.push(d);
    }

    fn body(&mut self, ctx: &Ctx, kind: Kind, rd: &ast::RuleDecl, region: RegionId, decls: &[(String, ast::RuleDecl, RegionId)]) -> Option<Body> {
        let file = ctx.file;
        let mut ok = true;
        let missing = |me: &mut Self, what: &str| {
            me.push(err(Code::BadValue, file, rd.id.span, format!("`{}` rule `{}` has no {what}", kind.as_str(), rd.id.node)).with_help(format!(
                "a `{}` rule takes: {}",
                kind.as_str(),
                kind_help(kind)
            )));
        };
        match kind {
            Kind::Finding => {
                let mut sev = None;
                let mut remedy = None;
                for c in &rd.body {
                    match &c.node {
                        Clause::Severity { severity, code, message } => {
                            let s = match severity.trim() {
                                "deny" => Severity::Deny,
                                "warn" => Severity::Warn,
                                _ => Severity::Info,
                            };
                            if let Some(e) = self.enum_index.get("finding_code").copied()
                                && self.enums.get(e).and_then(|en| en.lookup(&code.node)).is_none()
                            {
                                self.unknown_member(file, code, e);
                                ok = false;
                            }
                            sev = Some((s, code.node.clone(), message.clone()));
                        }
                        Clause::Remedy(r) => remedy = Some(r.clone()),
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                let Some((severity, code, message)) = sev else {
                    missing(self, "`deny`, `warn` or `info` line");
                    return None;
                };
                ok.then_some(Body::Finding { severity, code, message, remedy })
            }
            Kind::Fee => {
                let mut status = None;
                let mut why = None;
                let mut items = Vec::new();
                for c in &rd.body {
                    match &c.node {
                        Clause::Status(s) => {
                            status = Some(match s.trim() {
                                "capped" => FeeStatus::Capped,
                                "fixed" => FeeStatus::Fixed,
                                "free" => FeeStatus::Free,
                                _ => FeeStatus::SelfPaid,
                            })
                        }
                        Clause::Unspecified(w) => {
                            status = Some(FeeStatus::Unspecified);
                            why = w.clone();
                        }
                        Clause::FeeItem { label, amount, unit, quantity } => {
                            let unit = match unit.as_str() {
                                "元/年" => MoneyUnit::PerYear,
                                "元/次" => MoneyUnit::PerTime,
                                _ => MoneyUnit::Once,
                            };
                            let Ok(amount) = Decimal::from_str(amount) else {
                                self.push(err(Code::BadValue, file, c.span, format!("`{amount}` is not an amount")));
                                ok = false;
                                continue;
                            };
                            let q = match quantity {
                                Some(q) => match self.expr(ctx, q, Some(Type::Int)) {
                                    Some((e, Type::Int)) => Some(e),
                                    Some((_, t)) => {
                                        let tn = self.type_name(t);
                                        self.push(
                                            err(Code::Type, file, q.span, format!("the quantity of a fee item is a whole number, found {tn}"))
                                                .with_help("write `× years`, `× (years - 1)` or a number"),
                                        );
                                        ok = false;
                                        None
                                    }
                                    None => {
                                        ok = false;
                                        None
                                    }
                                },
                                None => None,
                            };
                            items.push(FeeItem { label: label.clone(), amount, unit, quantity: q });
                        }
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                let Some(status) = status else {
                    missing(self, "status (`capped`, `fixed`, `free`, `self_paid` or `unspecified`)");
                    return None;
                };
                match status {
                    FeeStatus::Capped | FeeStatus::Fixed if items.is_empty() => {
                        missing(self, "`item` (a capped or fixed fee states its amounts)");
                        ok = false;
                    }
                    FeeStatus::Free | FeeStatus::SelfPaid | FeeStatus::Unspecified if !items.is_empty() => {
                        self.push(
                            err(Code::BadValue, file, rd.id.span, format!("a `{}` fee has no items", status.as_str()))
                                .with_help("remove the items, or make the fee `capped` or `fixed`"),
                        );
                        ok = false;
                    }
                    _ => {}
                }
                ok.then_some(Body::Fee { status, items, why })
            }
            Kind::Documents => {
                let this =
                    self.rule_index.get(&format!("{}/{}", self.regions.get(region).map(|r| r.code.as_str()).unwrap_or(""), rd.id.node)).copied().unwrap_or(0);
                let mut list_requires: Vec<String> = Vec::new();
                let mut items = Vec::new();
                let mut special: Option<DocList> = None;
                let src = rd.sources.first().and_then(|s| self.doc_index.get(&s.doc.node).map(|d| (*d, s.article.clone())));
                for c in &rd.body {
                    if let Clause::Requires(rs) = &c.node {
                        for r in rs {
                            if self.requirement(file, r) {
                                list_requires.push(r.node.clone());
                            } else {
                                ok = false;
                            }
                        }
                    }
                }
                for c in &rd.body {
                    match &c.node {
                        Clause::Requires(_) => {}
                        Clause::DocItem { id, name, copies, requires, when, source } => {
                            let mut req = list_requires.clone();
                            for r in requires {
                                if self.requirement(file, r) {
                                    if !req.contains(&r.node) {
                                        req.push(r.node.clone());
                                    }
                                } else {
                                    ok = false;
                                }
                            }
                            let w = match when {
                                Some(w) => match self.cond(ctx, w) {
                                    Some(c) => Some(c),
                                    None => {
                                        ok = false;
                                        None
                                    }
                                },
                                None => None,
                            };
                            if items.iter().any(|(_, i): &PendingItem| i.as_ref().is_some_and(|x| x.id == id.node)) {
                                self.push(err(Code::Duplicate, file, id.span, format!("item `{}` is listed twice", id.node)));
                                ok = false;
                            }
                            let (doc, article) = src.clone().unwrap_or((0, String::new()));
                            items.push((
                                None,
                                Some(DocItem {
                                    id: id.node.clone(),
                                    name: name.clone(),
                                    copies: *copies,
                                    requires: req,
                                    when: w,
                                    source: Source { doc, article: source.clone().unwrap_or(article) },
                                    rule: this,
                                }),
                            ));
                        }
                        Clause::Include { target, range } => {
                            if let Some(t) = self.rule_ref(file, target, region) {
                                match decls.get(t) {
                                    Some((_, td, _)) if td.kind.node.trim() == "documents" => {}
                                    _ => {
                                        self.push(err(Code::Type, file, target.span, format!("`{}` is not a documents rule", target.node)));
                                        ok = false;
                                    }
                                }
                                if let Some((a, b)) = range
                                    && (*a == 0 || b < a)
                                {
                                    self.push(
                                        err(Code::BadValue, file, c.span, format!("`items {a}..{b}` is not a range of items"))
                                            .with_help("items are numbered from 1: `items 1..5`"),
                                    );
                                    ok = false;
                                }
                                items.push((Some((Spanned { node: t.to_string(), span: c.span }, *range)), None));
                            } else {
                                ok = false;
                            }
                        }
                        Clause::None(w) => special = Some(DocList::None(w.clone())),
                        Clause::Unspecified(w) => special = Some(DocList::Unspecified(w.clone().unwrap_or_default())),
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                if special.is_some() && !items.is_empty() {
                    self.push(err(Code::BadValue, file, rd.id.span, "a documents rule is either a list of items or `none` / `unspecified`, not both"));
                    ok = false;
                }
                if special.is_none() && items.is_empty() {
                    missing(self, "`item`, `include`, `none` or `unspecified`");
                    ok = false;
                }
                // Includes are recorded as placeholders and expanded in pass 4.
                let placeholder: Vec<DocItem> = items
                    .into_iter()
                    .map(|(inc, item)| match (inc, item) {
                        (_, Some(i)) => i,
                        (Some((t, range)), None) => DocItem {
                            id: format!("\u{0}include:{}:{}:{}", t.node, range.map(|r| r.0).unwrap_or(0), range.map(|r| r.1).unwrap_or(0)),
                            name: String::new(),
                            copies: None,
                            requires: vec![],
                            when: None,
                            source: Source { doc: 0, article: format!("{}:{}", t.span.start, t.span.end) },
                            rule: this,
                        },
                        (None, None) => DocItem {
                            id: String::new(),
                            name: String::new(),
                            copies: None,
                            requires: vec![],
                            when: None,
                            source: Source { doc: 0, article: String::new() },
                            rule: this,
                        },
                    })
                    .collect();
                ok.then(|| special.unwrap_or(DocList::Items(placeholder))).map(Body::Documents)
            }
            Kind::Deadline => {
                let mut spec = None;
                for c in &rd.body {
                    let s = match &c.node {
                        Clause::Within { n, unit, basis } => {
                            let n = i64::from(*n);
                            let sp = match unit.as_str() {
                                "minutes" => DeadlineSpec::Minutes(n),
                                "hours" => DeadlineSpec::Minutes(n * 60),
                                "days" => DeadlineSpec::Days(n),
                                _ => DeadlineSpec::WorkingDays(n),
                            };
                            (sp, basis.clone())
                        }
                        Clause::Cutoff { at, basis } => match self.tod(file, at) {
                            Some(t) => (DeadlineSpec::Cutoff(t), basis.clone()),
                            None => {
                                // Reported; still a time limit, so not "has no time limit" too.
                                ok = false;
                                (DeadlineSpec::Immediate, basis.clone())
                            }
                        },
                        Clause::Immediate(b) => (DeadlineSpec::Immediate, b.clone()),
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                            continue;
                        }
                    };
                    if spec.is_some() {
                        self.push(
                            err(Code::Duplicate, file, c.span, "a deadline rule states one time limit")
                                .with_help("split it into two rules with disjoint `when` conditions"),
                        );
                        ok = false;
                    }
                    spec = Some(s);
                }
                let Some((spec, basis)) = spec else {
                    missing(self, "time limit (`within`, `cutoff` or `immediate`)");
                    return None;
                };
                ok.then_some(Body::Deadline { spec, basis })
            }
            Kind::Media => {
                let mut m = None;
                for c in &rd.body {
                    match &c.node {
                        Clause::Issue(x) => match self.enum_index.get("media").copied() {
                            Some(e) => match self.enums.get(e).and_then(|en| en.lookup(&x.node)) {
                                Some(mm) => m = self.enums.get(e).map(|en| en.id_of(mm).to_string()),
                                None => {
                                    self.unknown_member(file, x, e);
                                    ok = false;
                                }
                            },
                            None => {
                                self.push(err(Code::UnknownName, file, x.span, "no `media` enum is declared"));
                                ok = false;
                            }
                        },
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                let Some(m) = m else {
                    missing(self, "`issue <media>` line");
                    return None;
                };
                ok.then_some(Body::Media(m))
            }
            Kind::Accept => {
                let mut a = None;
                for c in &rd.body {
                    match &c.node {
                        Clause::Accept(b) => a = Some(*b),
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                let Some(a) = a else {
                    missing(self, "`accepted` or `rejected`");
                    return None;
                };
                ok.then_some(Body::Accept(a))
            }
            Kind::Hours => {
                let mut h = Hours { working_days_only: false, seasons: vec![], assume: None };
                let mut assume = None;
                for c in &rd.body {
                    match &c.node {
                        Clause::Days(d) => h.working_days_only = d.trim() == "working",
                        Clause::Season { id, label, periods } => {
                            let mut ps = Vec::new();
                            for (a, b) in periods {
                                match (self.tod(file, a), self.tod(file, b)) {
                                    (Some(x), Some(y)) if x < y => ps.push((x, y)),
                                    (Some(_), Some(_)) => {
                                        self.push(
                                            err(Code::BadValue, file, Span { start: a.span.start, end: b.span.end }, "a period must end after it starts")
                                                .with_help("write the start first: `08:30-11:30`"),
                                        );
                                        ok = false;
                                    }
                                    _ => ok = false,
                                }
                            }
                            h.seasons.push(Season { id: id.node.clone(), label: label.clone(), periods: ps });
                        }
                        Clause::Assume { season, from, to, why } => assume = Some((season.clone(), from.clone(), to.clone(), why.clone())),
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                if h.seasons.is_empty() {
                    missing(self, "`season`");
                    return None;
                }
                if h.seasons.len() > 1 && assume.is_none() {
                    self.push(
                        err(Code::BadValue, file, rd.id.span, "several seasons but no rule says when each applies")
                            .with_help("add `assume <season> from MM-DD to MM-DD \"…\"` and say that it is an assumption where the regulation is silent"),
                    );
                    ok = false;
                }
                if let Some((s, from, to, why)) = assume {
                    let idx = h.seasons.iter().position(|x| x.id == s.node);
                    let md = |x: &Spanned<String>| -> Option<(u32, u32)> {
                        let (m, d) = x.node.split_once('-')?;
                        let (m, d) = (m.parse().ok()?, d.parse().ok()?);
                        NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
                    };
                    match (idx, md(&from), md(&to)) {
                        (Some(i), Some(f), Some(t)) => h.assume = Some((i, f, t, why)),
                        (None, _, _) => {
                            self.push(err(Code::UnknownName, file, s.span, format!("unknown season `{}`", s.node)));
                            ok = false;
                        }
                        _ => {
                            self.push(err(Code::BadValue, file, from.span, "not a month-day (MM-DD)"));
                            ok = false;
                        }
                    }
                }
                ok.then_some(Body::Hours(h))
            }
            Kind::Checklist => {
                let mut items = Vec::new();
                for c in &rd.body {
                    match &c.node {
                        Clause::CheckItem { id, text, passes, derive } => {
                            let p = match passes.node.as_str() {
                                "是" | "yes" | "true" => true,
                                "否" | "no" | "false" => false,
                                other => {
                                    self.push(
                                        err(Code::BadValue, file, passes.span, format!("`{other}` is not an answer"))
                                            .with_help("write `passes 是` or `passes 否`"),
                                    );
                                    ok = false;
                                    true
                                }
                            };
                            let d = match derive {
                                Some((f, r)) => {
                                    let how = match f.node.as_str() {
                                        "overdue" => Some(Derive::Overdue),
                                        "on_time" => Some(Derive::OnTime),
                                        other => {
                                            let help = suggest(other, ["overdue", "on_time"])
                                                .unwrap_or_else(|| "use `overdue(<deadline rule>)` or `on_time(<deadline rule>)`".into());
                                            self.push(err(Code::UnknownName, file, f.span, format!("unknown derivation `{other}`")).with_help(help));
                                            ok = false;
                                            None
                                        }
                                    };
                                    let target = self.rule_ref(file, r, region);
                                    if let Some(t) = target {
                                        if decls.get(t).is_none_or(|(_, td, _)| td.kind.node.trim() != "deadline") {
                                            self.push(
                                                err(Code::Type, file, r.span, format!("`{}` is not a deadline rule", r.node))
                                                    .with_help("a checklist item is derived through the deadline rule that states the time limit"),
                                            );
                                            ok = false;
                                        }
                                    } else {
                                        ok = false;
                                    }
                                    how.zip(target)
                                }
                                None => None,
                            };
                            if items.iter().any(|x: &CheckItem| x.id == *id) {
                                self.push(err(Code::Duplicate, file, c.span, format!("checklist item `{id}` appears twice")));
                                ok = false;
                            }
                            items.push(CheckItem { id: id.clone(), text: text.clone(), passes: p, derive: d });
                        }
                        _ => {
                            self.not_allowed(file, kind, c);
                            ok = false;
                        }
                    }
                }
                if items.is_empty() {
                    missing(self, "`item`");
                    return None;
                }
                ok.then(|| Body::Checklist { title: rd.title.clone().unwrap_or_else(|| rd.id.node.clone()), items })
            }
        }
    }

    fn requirement(&mut self, file: &str, r: &Spanned<String>) -> bool {
        match self.enum_index.get("requirement").copied() {
            Some(e) => {
                if self.enums.get(e).and_then(|en| en.lookup(&r.node)).is_some() {
                    true
                } else {
                    self.unknown_member(file, r, e);
                    false
                }
            }
            None => {
                self.push(err(Code::UnknownName, file, r.span, "no `requirement` enum is declared"));
                false
            }
        }
    }

    fn expand_includes(&mut self, decls: &[(String, ast::RuleDecl, RegionId)], rules: &mut [Option<Rule>]) {
        fn expand(i: RuleId, rules: &[Option<Rule>], stack: &mut Vec<RuleId>, out: &mut Vec<(RuleId, IncludeResult)>) -> Option<Vec<DocItem>> {
            if stack.contains(&i) {
                return None;
            }
            let Some(Some(Rule { body: Body::Documents(DocList::Items(items)), .. })) = rules.get(i) else {
                return Some(vec![]);
            };
            stack.push(i);
            let mut res = Vec::new();
            for it in items {
                if let Some(rest) = it.id.strip_prefix("\u{0}include:") {
                    let mut parts = rest.split(':');
                    let t: RuleId = parts.next().and_then(|x| x.parse().ok()).unwrap_or(usize::MAX);
                    let a: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                    let b: usize = parts.next().and_then(|x| x.parse().ok()).unwrap_or(0);
                    let span =
                        it.source.article.split_once(':').map(|(s, e)| Span { start: s.parse().unwrap_or(0), end: e.parse().unwrap_or(0) }).unwrap_or_default();
                    let Some(sub) = expand(t, rules, stack, out) else {
                        out.push((i, Err((span, "documents lists include each other in a cycle".into()))));
                        stack.pop();
                        return None;
                    };
                    if a == 0 {
                        res.extend(sub);
                    } else if b <= sub.len() {
                        res.extend(sub.into_iter().skip(a - 1).take(b + 1 - a));
                    } else {
                        out.push((
                            i,
                            Err((span, format!("`items {a}..{b}`: the included list has only {} items; use a range within 1..{}", sub.len(), sub.len()))),
                        ));
                    }
                } else {
                    res.push(it.clone());
                }
            }
            stack.pop();
            Some(res)
        }
        let mut expanded = Vec::new();
        let mut errors = Vec::new();
        for i in 0..rules.len() {
            if matches!(rules.get(i), Some(Some(Rule { body: Body::Documents(DocList::Items(_)), .. })))
                && let Some(items) = expand(i, rules, &mut Vec::new(), &mut errors)
            {
                expanded.push((i, items));
            }
        }
        for (i, e) in errors {
            if let (Err((span, msg)), Some((file, _, _))) = (e, decls.get(i)) {
                self.push(err(Code::BadValue, file, span, msg));
            }
        }
        for (i, items) in expanded {
            if let Some(Some(r)) = rules.get_mut(i) {
                let mut seen = BTreeSet::new();
                for it in &items {
                    if !seen.insert(it.id.clone())
                        && let Some((file, rd, _)) = decls.get(i)
                    {
                        self.push(
                            err(Code::Duplicate, file, rd.id.span, format!("item `{}` appears twice in this list (through `include`)", it.id))
                                .with_help("include a range of items, or drop the repeated item"),
                        );
                    }
                }
                r.body = Body::Documents(DocList::Items(items));
            }
        }
    }

    fn close_overrides(&mut self, decls: &[(String, ast::RuleDecl, RegionId)], rules: &mut [Option<Rule>]) {
        let direct: Vec<BTreeSet<RuleId>> = rules.iter().map(|r| r.as_ref().map(|r| r.overrides.clone()).unwrap_or_default()).collect();
        self.direct_overrides = direct.clone();
        for i in 0..rules.len() {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<RuleId> = direct.get(i).map(|s| s.iter().copied().collect()).unwrap_or_default();
            while let Some(x) = stack.pop() {
                if x == i {
                    // One diagnostic per cycle, at its first rule, naming the whole cycle.
                    let path = cycle_path(&direct, i);
                    if path.iter().min() == Some(&i)
                        && let Some((file, rd, _)) = decls.get(i)
                    {
                        let names: Vec<String> =
                            path.iter().chain(std::iter::once(&i)).filter_map(|r| decls.get(*r)).map(|(_, d, _)| format!("`{}`", d.id.node)).collect();
                        self.push(
                            err(Code::Cycle, file, rd.id.span, format!("override cycle: {}", names.join(" overrides ")))
                                .with_help("an exception overrides the general rule, never the other way round: drop one `overrides`"),
                        );
                    }
                    break;
                }
                if seen.insert(x) {
                    stack.extend(direct.get(x).into_iter().flatten().copied());
                }
            }
            if let Some(Some(r)) = rules.get_mut(i) {
                r.overrides = seen;
            }
        }
    }

    fn analyse(&mut self, rs: &RuleSet) {
        let span_of = |me: &Self, i: RuleId| me.decls.get(i).map(|(f, rd, _)| (f.clone(), rd.id.span, rd.id.node.clone()));
        let mut reported = BTreeSet::new();
        for (ri, region) in rs.regions.iter().enumerate() {
            for (kind, ids) in &region.rules {
                for (x, a) in ids.iter().enumerate() {
                    let Some(ra) = rs.rules.get(*a) else { continue };
                    // Unreachable exceptions.
                    if ra.region == ri {
                        for o in &ra.overrides {
                            let Some(ro) = rs.rules.get(*o) else { continue };
                            if !self.direct_overrides.get(*a).is_some_and(|d| d.contains(o)) {
                                continue;
                            }
                            if disjoint(&ra.when, &ro.when, rs)
                                && let Some((f, sp, id)) = span_of(self, *a)
                            {
                                self.push(
                                    err(
                                        Code::Unreachable,
                                        &f,
                                        sp,
                                        format!("exception `{id}` can never apply where `{}` applies: their conditions exclude each other", ro.id),
                                    )
                                    .with_help("an exception narrows the rule it overrides; check the `when` of both rules"),
                                );
                            }
                        }
                    }
                    if !kind.single() {
                        continue;
                    }
                    for b in ids.iter().skip(x + 1) {
                        let Some(rb) = rs.rules.get(*b) else { continue };
                        if ra.region != ri && rb.region != ri {
                            continue;
                        }
                        if ra.overrides.contains(b) || rb.overrides.contains(a) {
                            continue;
                        }
                        if !reported.insert((*a.min(b), *a.max(b))) {
                            continue;
                        }
                        if !disjoint(&ra.when, &rb.when, rs)
                            && let Some((f, sp, id)) = span_of(self, *b)
                        {
                            self.push(
                                err(
                                    Code::Conflict,
                                    &f,
                                    sp,
                                    format!("{} rules `{id}` and `{}` can both apply and neither overrides the other", kind.as_str(), ra.id),
                                )
                                .with_help(format!(
                                    "make their `when` conditions exclusive, or write `overrides {}` in the exception",
                                    short_ref(&ra.id, &rb.id)
                                )),
                            );
                        }
                    }
                }
            }
            // Services covered without a documents rule.
            let services = rs.services(ri).to_vec();
            let docs = region.rules.get(&Kind::Documents).cloned().unwrap_or_default();
            let Some(kind_enum) = rs.enums.get(rs.known.kind_enum) else { continue };
            let Some(service_enum) = rs.enums.get(rs.known.service_enum) else { continue };
            for s in &services {
                for (k, km) in kind_enum.members.iter().enumerate() {
                    let probe = Cond::And(vec![
                        Cond::Cmp(Expr::Fact(rs.known.kind), CmpOp::Eq, Expr::Lit(Value::Enum(k as MemberId))),
                        Cond::Cmp(Expr::Fact(rs.known.service), CmpOp::Eq, Expr::Lit(Value::Enum(*s))),
                    ]);
                    let covered = docs.iter().any(|d| rs.rules.get(*d).is_some_and(|r| !disjoint(&r.when, &probe, rs)));
                    if !covered && region_owns_services(rs, ri) {
                        let (file, span) = self.region_span(ri);
                        let sname = service_enum.id_of(*s);
                        self.push(
                            err(
                                Code::NoDocuments,
                                &file,
                                span,
                                format!("region {} covers service `{sname}` but no documents rule applies to `{}` applicants", region.code, km.id),
                            )
                            .with_help("add a `documents` rule, or `documents … { unspecified \"…\" }` saying the regulation lists none"),
                        );
                    }
                }
            }
        }
    }

    fn region_span(&self, r: RegionId) -> (String, Span) {
        // The region header's file and the span of its `services` clause, found through a rule
        // or, failing that, at the start of the first file naming the region.
        self.region_spans.get(&r).cloned().unwrap_or_default()
    }
}

/// The rules of a cycle of `overrides` through `start`, in order, starting with `start`.
fn cycle_path(direct: &[BTreeSet<RuleId>], start: RuleId) -> Vec<RuleId> {
    let mut parent: BTreeMap<RuleId, RuleId> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(x) = queue.pop_front() {
        for y in direct.get(x).into_iter().flatten().copied() {
            if y == start {
                let mut path = vec![x];
                let mut cur = x;
                while let Some(p) = parent.get(&cur).copied() {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(y) {
                e.insert(x);
                queue.push_back(y);
            }
        }
    }
    vec![start]
}

fn short_ref(target: &str, from: &str) -> String {
    let (tr, tid) = target.split_once('/').unwrap_or(("", target));
    let (fr, _) = from.split_once('/').unwrap_or(("", from));
    if tr == fr { tid.to_string() } else { target.to_string() }
}

fn chain(rs: &RuleSet, r: RegionId) -> Vec<RegionId> {
    let mut out = vec![r];
    let mut cur = rs.regions.get(r).and_then(|x| x.parent);
    while let Some(p) = cur {
        if out.contains(&p) || out.len() > 16 {
            break;
        }
        out.push(p);
        cur = rs.regions.get(p).and_then(|x| x.parent);
    }
    out.reverse();
    out
}

fn region_owns_services(rs: &RuleSet, r: RegionId) -> bool {
    rs.regions.get(r).is_some_and(|x| !x.services.is_empty())
}

/// A documents-list entry before expansion: an `include` (target, range) or an item.
type PendingItem = (Option<(Spanned<String>, Option<(u32, u32)>)>, Option<DocItem>);
/// The expansion of one list, or where and why it failed.
type IncludeResult = Result<Vec<DocItem>, (Span, String)>;

const BUILTIN_TYPES: [&str; 7] = ["bool", "int", "money", "date", "time", "region", "string"];

fn is_builtin_type(s: &str) -> bool {
    BUILTIN_TYPES.contains(&s)
}

fn clause_name(c: &Clause) -> &'static str {
    match c {
        Clause::Severity { .. } => "deny/warn/info",
        Clause::Remedy(_) => "remedy",
        Clause::Status(_) => "status",
        Clause::Unspecified(_) => "unspecified",
        Clause::FeeItem { .. } => "item (fee)",
        Clause::DocItem { .. } => "item (document)",
        Clause::Requires(_) => "requires",
        Clause::Include { .. } => "include",
        Clause::None(_) => "none",
        Clause::Within { .. } => "within",
        Clause::Cutoff { .. } => "cutoff",
        Clause::Immediate(_) => "immediate",
        Clause::Issue(_) => "issue",
        Clause::Accept(_) => "accepted/rejected",
        Clause::Days(_) => "days",
        Clause::Season { .. } => "season",
        Clause::Assume { .. } => "assume",
        Clause::CheckItem { .. } => "item (checklist)",
    }
}

fn kind_help(k: Kind) -> &'static str {
    match k {
        Kind::Finding => "`deny|warn|info <code> \"message\"` and an optional `remedy \"…\"`",
        Kind::Fee => "`capped` or `fixed` with `item \"label\" N 元|元/年|元/次`, or `free`, `self_paid`, `unspecified`",
        Kind::Documents => "`requires`, `item <id> \"name\" …`, `include <rule> [items a..b]`, or `none \"…\"` / `unspecified \"…\"`",
        Kind::Deadline => "one of `within N minutes|hours|days|working_days \"…\"`, `cutoff HH:MM same_day else next_day \"…\"`, `immediate \"…\"`",
        Kind::Media => "`issue <media>`",
        Kind::Accept => "`accepted` or `rejected`",
        Kind::Hours => "`days working|all`, `season <id> \"label\" HH:MM-HH:MM, …`, `assume <season> from MM-DD to MM-DD \"…\"`",
        Kind::Checklist => "`item \"id\" \"text\" passes 是|否 [derive overdue|on_time(<deadline rule>)]`",
    }
}

// ---------------------------------------------------------------------------------------
// Conditions and expressions: name resolution and types.

impl Checker {
    fn type_name(&self, t: Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::Int => "a whole number".into(),
            Type::Money(u) => format!("money ({})", u.as_str()),
            Type::Date => "a date".into(),
            Type::Time => "a time (RFC 3339)".into(),
            Type::TimeOfDay => "a time of day".into(),
            Type::Region => "a region code".into(),
            Type::Str => "text".into(),
            Type::Days => "a number of days".into(),
            Type::Minutes => "a number of minutes".into(),
            Type::Enum(e) => format!("`{}`", self.enums.get(e).map(|x| x.name.as_str()).unwrap_or("?")),
            Type::Set(e) => format!("a set of `{}`", self.enums.get(e).map(|x| x.name.as_str()).unwrap_or("?")),
        }
    }

    fn cond(&mut self, ctx: &Ctx, c: &Spanned<ast::Cond>) -> Option<Cond> {
        let file = ctx.file;
        match &c.node {
            ast::Cond::Const(b) => Some(Cond::Const(*b)),
            ast::Cond::And(cs) | ast::Cond::Or(cs) => {
                let parts: Vec<Option<Cond>> = cs.iter().map(|x| self.cond(ctx, x)).collect();
                let parts: Option<Vec<Cond>> = parts.into_iter().collect();
                let parts = parts?;
                Some(if matches!(c.node, ast::Cond::And(_)) { Cond::And(parts) } else { Cond::Or(parts) })
            }
            ast::Cond::Not(x) => self.cond(ctx, x).map(|x| Cond::Not(Box::new(x))),
            ast::Cond::Truthy(e) => {
                let (x, t) = self.expr(ctx, e, None)?;
                if t != Type::Bool {
                    let tn = self.type_name(t);
                    self.push(
                        err(Code::Type, file, e.span, format!("a condition must be true or false, but this is {tn}"))
                            .with_help("compare it: `x == value`, `x in [a, b]`, `x > 3`"),
                    );
                    return None;
                }
                Some(Cond::Truthy(x))
            }
            ast::Cond::Cmp(l, op, r) => {
                let op = match op.as_str() {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                let (lx, lt, rx, rt) = if self.is_context_name(l) && !self.is_context_name(r) {
                    let (rx, rt) = self.expr(ctx, r, None)?;
                    let (lx, lt) = self.expr(ctx, l, Some(rt))?;
                    (lx, lt, rx, rt)
                } else {
                    let (lx, lt) = self.expr(ctx, l, None)?;
                    let (rx, rt) = self.expr(ctx, r, Some(lt))?;
                    (lx, lt, rx, rt)
                };
                if lt != rt {
                    let (a, b) = (self.type_name(lt), self.type_name(rt));
                    self.push(err(Code::Type, file, c.span, format!("cannot compare {a} with {b}")).with_help(compare_help(lt, rt)));
                    return None;
                }
                let ordered = matches!(lt, Type::Int | Type::Money(_) | Type::Date | Type::Time | Type::TimeOfDay | Type::Days | Type::Minutes);
                if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    let tn = self.type_name(lt);
                    self.push(err(Code::Type, file, c.span, format!("`{}` does not apply to {tn}", op.as_str())).with_help("use `==`, `!=` or `in [...]`"));
                    return None;
                }
                if matches!(lt, Type::Set(_)) {
                    self.push(err(Code::Type, file, c.span, "sets are tested with `has` or `has any [...]`, not compared"));
                    return None;
                }
                Some(Cond::Cmp(lx, op, rx))
            }
            ast::Cond::In(l, neg, items) => {
                let (lx, lt) = self.expr(ctx, l, None)?;
                if matches!(lt, Type::Set(_)) {
                    self.push(
                        err(Code::Type, file, l.span, "a set is tested with `has any [...]`, not `in`")
                            .with_help("write `applicant.roles has any [bidder, supplier]`"),
                    );
                    return None;
                }
                let mut vals = Vec::new();
                let mut ok = true;
                for it in items {
                    match self.expr(ctx, it, Some(lt)) {
                        Some((Expr::Lit(v), t)) if t == lt => vals.push(v),
                        Some((_, t)) if t != lt => {
                            let (a, b) = (self.type_name(t), self.type_name(lt));
                            self.push(err(Code::Type, file, it.span, format!("this list holds {b}, but this item is {a}")));
                            ok = false;
                        }
                        Some(_) => {
                            self.push(err(Code::Type, file, it.span, "list items are constants"));
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Cond::In(lx, vals, *neg))
            }
            ast::Cond::Has(l, x) => {
                let (lx, lt) = self.expr(ctx, l, None)?;
                let Type::Set(e) = lt else {
                    let tn = self.type_name(lt);
                    self.push(
                        err(Code::Type, file, l.span, format!("`has` tests a set, but this is {tn}"))
                            .with_help("for a single value write `x == value` or `x in [a, b]`"),
                    );
                    return None;
                };
                match self.expr(ctx, x, Some(Type::Enum(e)))? {
                    (Expr::Lit(Value::Enum(m)), _) => Some(Cond::Has(lx, m)),
                    _ => {
                        self.push(err(Code::Type, file, x.span, "`has` takes a member of the set's enum"));
                        None
                    }
                }
            }
            ast::Cond::HasAny(l, xs) => {
                let (lx, lt) = self.expr(ctx, l, None)?;
                let Type::Set(e) = lt else {
                    let tn = self.type_name(lt);
                    self.push(
                        err(Code::Type, file, l.span, format!("`has any` tests a set, but this is {tn}")).with_help("for a single value write `x in [a, b]`"),
                    );
                    return None;
                };
                let mut parts = Vec::new();
                let mut ok = true;
                for x in xs {
                    match self.expr(ctx, x, Some(Type::Enum(e))) {
                        Some((Expr::Lit(Value::Enum(m)), _)) => parts.push(Cond::Has(lx.clone(), m)),
                        Some(_) => {
                            self.push(err(Code::Type, file, x.span, "`has any` takes members of the set's enum"));
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Cond::Or(parts))
            }
            ast::Cond::Within(l, code) => {
                let (lx, lt) = self.expr(ctx, l, None)?;
                if lt != Type::Region {
                    let tn = self.type_name(lt);
                    self.push(err(Code::Type, file, l.span, format!("`within` tests a region code, but this is {tn}")));
                    return None;
                }
                if !self.region_index.contains_key(&code.node) {
                    let help = suggest(&code.node, self.region_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "declare the region in its own file".into());
                    self.push(err(Code::UnknownName, file, code.span, format!("unknown region `{}`", code.node)).with_help(help));
                    return None;
                }
                Some(Cond::Within(lx, code.node.parse().unwrap_or(0)))
            }
        }
    }

    /// A bare name that is not a fact: resolved by the type on the other side.
    fn is_context_name(&self, e: &Spanned<ast::Expr>) -> bool {
        matches!(&e.node, ast::Expr::Name(n) if !self.fact_index.contains_key(n))
    }

    fn expr(&mut self, ctx: &Ctx, e: &Spanned<ast::Expr>, expected: Option<Type>) -> Option<(Expr, Type)> {
        let file = ctx.file;
        match &e.node {
            ast::Expr::Today => Some((Expr::Today, Type::Date)),
            ast::Expr::Name(n) => {
                if let Some(f) = self.fact_index.get(n).copied() {
                    let ty = self.facts.get(f).map(|x| x.ty)?;
                    return Some((Expr::Fact(f), ty));
                }
                match expected {
                    Some(Type::Enum(en)) => match self.enums.get(en).and_then(|x| x.lookup(n)) {
                        Some(m) => Some((Expr::Lit(Value::Enum(m)), Type::Enum(en))),
                        None => {
                            self.unknown_member(file, &Spanned { node: n.clone(), span: e.span }, en);
                            None
                        }
                    },
                    Some(Type::Bool) if n == "yes" || n == "no" => Some((Expr::Lit(Value::Bool(n == "yes")), Type::Bool)),
                    _ => {
                        self.unknown_fact(file, &Spanned { node: n.clone(), span: e.span });
                        None
                    }
                }
            }
            ast::Expr::Lit(l) => self.literal(ctx, l, e.span, expected),
            ast::Expr::Bin(a, op, b) => {
                let (ax, at) = self.expr(ctx, a, None)?;
                let want_b = match (at, op) {
                    (Type::Date, '-') if matches!(b.node, ast::Expr::Lit(Literal::Duration(..))) => Some(Type::Days),
                    (Type::Date, _) => Some(Type::Date),
                    (t, '×') => Some(if matches!(t, Type::Money(_)) { Type::Int } else { t }),
                    (t, _) => Some(t),
                };
                let (bx, bt) = self.expr(ctx, b, want_b)?;
                let res = match (at, *op, bt) {
                    (Type::Int, _, Type::Int) => Some(Type::Int),
                    (Type::Date, '-', Type::Date) => Some(Type::Days),
                    (Type::Date, '+' | '-', Type::Days) => Some(Type::Date),
                    (Type::Time, '-', Type::Time) => Some(Type::Minutes),
                    (Type::Time, '+' | '-', Type::Minutes) => Some(Type::Time),
                    (Type::Money(u), '+' | '-', Type::Money(v)) if u == v => Some(Type::Money(u)),
                    (Type::Money(u), '×', Type::Int) => Some(Type::Money(u)),
                    (Type::Days, '+' | '-', Type::Days) => Some(Type::Days),
                    (Type::Minutes, '+' | '-', Type::Minutes) => Some(Type::Minutes),
                    _ => None,
                };
                let Some(rt) = res else {
                    let (x, y) = (self.type_name(at), self.type_name(bt));
                    let opname = match op {
                        '+' => "add",
                        '-' => "subtract",
                        _ => "multiply",
                    };
                    self.push(err(Code::Type, file, e.span, format!("cannot {opname} {x} and {y}")).with_help(compare_help(at, bt)));
                    return None;
                };
                let node = match op {
                    '+' => Expr::Add(Box::new(ax), Box::new(bx)),
                    '-' => Expr::Sub(Box::new(ax), Box::new(bx)),
                    _ => Expr::Mul(Box::new(ax), Box::new(bx)),
                };
                Some((node, rt))
            }
        }
    }

    fn literal(&mut self, ctx: &Ctx, l: &Literal, span: Span, expected: Option<Type>) -> Option<(Expr, Type)> {
        let file = ctx.file;
        let lit = |v: Value, t: Type| Some((Expr::Lit(v), t));
        match l {
            Literal::Number(n) => {
                if expected == Some(Type::Region) && n.len() == 6 {
                    if !self.region_index.contains_key(n) {
                        self.push(err(Code::UnknownName, file, span, format!("unknown region `{n}`")));
                    }
                    return lit(Value::Region(n.parse().unwrap_or(0)), Type::Region);
                }
                match n.parse::<i64>() {
                    Ok(v) => lit(Value::Int(v), Type::Int),
                    Err(_) => {
                        self.push(
                            err(Code::Type, file, span, format!("`{n}` is not a whole number")).with_help("amounts of money carry their unit: `2.50 元`"),
                        );
                        None
                    }
                }
            }
            Literal::Money(n, u) => {
                let unit = match u.as_str() {
                    "元/年" => MoneyUnit::PerYear,
                    "元/次" => MoneyUnit::PerTime,
                    _ => MoneyUnit::Once,
                };
                match Decimal::from_str(n) {
                    Ok(d) => lit(Value::Money(d), Type::Money(unit)),
                    Err(_) => {
                        self.push(err(Code::BadValue, file, span, format!("`{n}` is not an amount")));
                        None
                    }
                }
            }
            Literal::Duration(n, u) => {
                let Ok(v) = n.parse::<i64>() else {
                    self.push(err(Code::BadValue, file, span, format!("`{n}` is not a whole number of {u}")));
                    return None;
                };
                match u.as_str() {
                    "minutes" => lit(Value::Minutes(v), Type::Minutes),
                    "hours" => lit(Value::Minutes(v * 60), Type::Minutes),
                    "days" => lit(Value::Days(v), Type::Days),
                    _ => {
                        self.push(
                            err(Code::Type, file, span, "working days are counted only by `deadline` rules")
                                .with_help("in conditions use `days`, `hours` or `minutes`"),
                        );
                        None
                    }
                }
            }
            Literal::Date(d) => {
                let d = self.date(file, &Spanned { node: d.clone(), span })?;
                lit(Value::Date(d), Type::Date)
            }
            Literal::TimeOfDay(t) => {
                let t = self.tod(file, &Spanned { node: t.clone(), span })?;
                lit(Value::TimeOfDay(t), Type::TimeOfDay)
            }
            Literal::Str(s) => match expected {
                Some(Type::Region) if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) => lit(Value::Region(s.parse().unwrap_or(0)), Type::Region),
                Some(Type::Enum(en)) => match self.enums.get(en).and_then(|x| x.lookup(s)) {
                    Some(m) => lit(Value::Enum(m), Type::Enum(en)),
                    None => {
                        self.unknown_member(file, &Spanned { node: s.clone(), span }, en);
                        None
                    }
                },
                _ => lit(Value::Str(s.clone()), Type::Str),
            },
            Literal::List(_) => {
                self.push(err(Code::Type, file, span, "a list is allowed only after `in`, `has any` or as a set default"));
                None
            }
            Literal::Bool(b) => lit(Value::Bool(*b), Type::Bool),
            Literal::Name(n) => self.expr(ctx, &Spanned { node: ast::Expr::Name(n.clone()), span }, expected),
        }
    }
}

fn compare_help(a: Type, b: Type) -> String {
    match (a, b) {
        (Type::Money(_), Type::Money(_)) => "amounts must carry the same unit: `元`, `元/年` or `元/次`".into(),
        (Type::Date, Type::TimeOfDay) | (Type::TimeOfDay, Type::Date) => "a date is not a time of day: compare dates with dates (`today`, `2026-01-01`)".into(),
        (Type::Days, Type::Minutes) | (Type::Minutes, Type::Days) => "`date - date` counts days; compare it with `N days`".into(),
        (Type::Date, Type::Int) | (Type::Int, Type::Date) | (Type::Days, Type::Int) | (Type::Int, Type::Days) => {
            "`date - date` is a number of days: write `30 days`, not `30`".into()
        }
        (Type::Enum(_), Type::Bool) | (Type::Bool, Type::Enum(_)) => {
            "compare an enum with one of its members (`applicant.kind == organization`); test a bool fact by itself (`applicant.registered`, `not applicant.registered`)".into()
        }
        _ => "both sides must have the same type and unit".into(),
    }
}
