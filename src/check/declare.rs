//! Declarations (region headers in `places.rs`): vocabulary (enums, their `extend`s and a
//! region's aliases of shared members), facts, named conditions, documents, calendars — and
//! the scoped look-ups every later pass resolves names with.
//!
//! Scope: what a region file declares (enum members, facts, finding codes, `let`s) is
//! visible in that region and the regions below it; what the prelude declares, everywhere.
//! Two sibling regions may declare the same name; a region never sees a sibling's.

use super::{Checker, Ctx, err, suggest};
use crate::ast::{self, Literal, Span, Spanned};
use crate::diag::{Code, Diagnostic};
use crate::ir::*;
use chrono::{Datelike, NaiveDate, NaiveTime};
use std::collections::{BTreeMap, BTreeSet};

pub(super) const BUILTIN_TYPES: [&str; 7] = ["bool", "int", "money", "date", "time", "region", "string"];

/// A `let`, checked in its own scope.
pub(crate) struct LetDef {
    pub(super) scope: Option<RegionId>,
    pub(super) cond: Cond,
}

impl Checker {
    // -----------------------------------------------------------------------------------
    // Scope

    /// Whether vocabulary of `scope` is visible from `region` (`None` = the prelude, which
    /// sees only shared vocabulary).
    pub(super) fn visible(&self, scope: Option<RegionId>, region: Option<RegionId>) -> bool {
        crate::ir::scope_visible(&self.regions, scope, region)
    }

    /// Whether declarations in scopes `a` and `b` could both be visible somewhere.
    fn overlap(&self, a: Option<RegionId>, b: Option<RegionId>) -> bool {
        match (a, b) {
            (None, _) | (_, None) => true,
            (Some(x), Some(y)) => self.visible(Some(x), Some(y)) || self.visible(Some(y), Some(x)),
        }
    }

    fn scope_name(&self, scope: Option<RegionId>) -> String {
        match scope.and_then(|s| self.regions.get(s)) {
            Some(r) => format!("region {} {}", r.code, r.name),
            None => "the prelude".into(),
        }
    }

    /// The fact with this path visible from `region`.
    pub(super) fn fact(&self, path: &str, region: Option<RegionId>) -> Option<FactId> {
        self.fact_index.get(path)?.iter().copied().find(|f| self.facts.get(*f).is_some_and(|x| self.visible(x.scope, region)))
    }

    /// The member of enum `e` visible from `region`; `Err(Some(scope))` when it exists only
    /// in a scope not visible from there.
    pub(super) fn member(&self, e: EnumId, s: &str, region: Option<RegionId>) -> Result<MemberId, Option<Option<RegionId>>> {
        let Some(en) = self.enums.get(e) else { return Err(None) };
        let matches = |m: &Member| m.id == s || m.label == s || m.aliases.iter().any(|a| a == s);
        if let Some(i) = en.members.iter().position(|m| matches(m) && self.visible(m.scope, region)) {
            return MemberId::try_from(i).map_err(|_| None);
        }
        if let Some(a) = en.aliases.iter().find(|a| a.alias == s && self.visible(a.scope, region)) {
            return Ok(a.member);
        }
        Err(en.members.iter().find(|m| matches(m)).map(|m| m.scope).or_else(|| en.aliases.iter().find(|a| a.alias == s).map(|a| a.scope)))
    }

    /// The condition of the `let` with this name visible from `region`.
    pub(super) fn let_cond(&self, name: &str, region: Option<RegionId>) -> Option<Cond> {
        self.lets.get(name)?.iter().find(|l| self.visible(l.scope, region)).map(|l| l.cond.clone())
    }

    pub(super) fn unknown_fact(&mut self, file: &str, n: &Spanned<String>, region: Option<RegionId>) {
        if let Some(other) = self.fact_index.get(&n.node).and_then(|v| v.first()).and_then(|f| self.facts.get(*f)).map(|f| f.scope) {
            let (owner, here) = (self.scope_name(other), self.scope_name(region));
            self.push(
                err(Code::Scope, file, n.span, format!("fact `{}` is declared by {owner} and is not visible in {here}", n.node))
                    .with_help("a region sees the prelude's vocabulary and its ancestors'; declare the fact in the prelude or in this region's file"),
            );
            return;
        }
        if let Some(l) = self.lets.get(&n.node).and_then(|v| v.first()) {
            let (owner, here) = (self.scope_name(l.scope), self.scope_name(region));
            self.push(err(Code::Scope, file, n.span, format!("`let {}` is declared by {owner} and is not visible in {here}", n.node)));
            return;
        }
        let names: Vec<&str> = self
            .fact_index
            .iter()
            .filter(|(_, ids)| ids.iter().any(|f| self.facts.get(*f).is_some_and(|x| self.visible(x.scope, region))))
            .map(|(k, _)| k.as_str())
            .chain(self.lets.keys().map(|s| s.as_str()))
            .collect();
        let help = suggest(&n.node, names).unwrap_or_else(|| "declare it with `fact <path> : <type>` or `let <name> = <condition>`".into());
        self.push(err(Code::UnknownFact, file, n.span, format!("unknown fact `{}`", n.node)).with_help(help));
    }

    pub(super) fn unknown_member(&mut self, file: &str, n: &Spanned<String>, e: EnumId, region: Option<RegionId>, scope: Option<Option<RegionId>>) {
        let Some(en) = self.enums.get(e) else { return };
        if let Some(other) = scope {
            let (owner, here) = (self.scope_name(other), self.scope_name(region));
            let msg = format!("`{}` of enum `{}` is declared by {owner} and is not visible in {here}", n.node, en.name);
            self.push(err(Code::Scope, file, n.span, msg).with_help("a region sees the prelude's members and its ancestors' `extend`s, never a sibling's"));
            return;
        }
        let ids: Vec<&str> = en.members.iter().filter(|m| self.visible(m.scope, region)).map(|m| m.id.as_str()).collect();
        let help = suggest(&n.node, ids.iter().copied())
            .unwrap_or_else(|| format!("`{}` has: {}", en.name, ids.iter().take(12).map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")));
        let msg = format!("`{}` is not a member of enum `{}`", n.node, en.name);
        self.push(err(Code::UnknownMember, file, n.span, msg).with_help(help));
    }

    pub(super) fn duplicate(&mut self, file: &str, span: Span, msg: String, first: &(String, Span), help: &str) {
        self.push(err(Code::Duplicate, file, span, msg).with_help(help).with_related(&first.0, first.1, "first declared here"));
    }

    // -----------------------------------------------------------------------------------
    // Vocabulary

    pub(super) fn declare_enum(&mut self, file: &str, scope: Option<RegionId>, e: &ast::EnumDecl) {
        if let Some((_, f, s)) = self.enum_index.get(&e.name.node).cloned() {
            self.duplicate(
                file,
                e.name.span,
                format!("enum `{}` is declared twice", e.name.node),
                &(f, s),
                "enum names are global: rename one of them, or `extend` the existing one",
            );
            return;
        }
        if BUILTIN_TYPES.contains(&e.name.node.as_str()) {
            self.push(err(Code::Duplicate, file, e.name.span, format!("`{}` is a built-in type", e.name.node)).with_help("choose another name"));
            return;
        }
        let id = self.enums.len();
        self.enum_index.insert(e.name.node.clone(), (id, file.to_string(), e.name.span));
        self.enums.push(Enum {
            name: text(e.name.node.clone()),
            label: text(e.label.clone().unwrap_or_default()),
            members: List::Borrowed(&[]),
            aliases: List::Borrowed(&[]),
        });
        self.add_members(file, scope, id, e);
    }

    pub(super) fn extend_enum(&mut self, file: &str, scope: Option<RegionId>, e: &ast::EnumDecl) {
        let Some(id) = self.enum_index.get(&e.name.node).map(|x| x.0) else {
            let help = suggest(&e.name.node, self.enum_index.keys().map(|s| s.as_str()))
                .unwrap_or_else(|| "`extend` adds members to an enum declared with `enum`".into());
            self.push(err(Code::UnknownName, file, e.name.span, format!("unknown enum `{}`", e.name.node)).with_help(help));
            return;
        };
        self.add_members(file, scope, id, e);
    }

    fn add_members(&mut self, file: &str, scope: Option<RegionId>, id: EnumId, e: &ast::EnumDecl) {
        for m in &e.members {
            if m.alias_only {
                self.add_aliases(file, scope, id, e, m);
                continue;
            }
            let clash = self.member_spans.get(&(id, m.id.node.clone())).and_then(|v| v.iter().find(|(s, _)| self.overlap(*s, scope)).cloned());
            if let Some((_, first)) = clash {
                let msg = format!("member `{}` of enum `{}` is declared twice", m.id.node, e.name.node);
                self.duplicate(file, m.id.span, msg, &first, "declare each member once; other spellings go in its `alias` list");
                continue;
            }
            let Some(en) = self.enums.get_mut(id) else { return };
            if en.members.len() >= 63 {
                self.push(err(Code::BadValue, file, m.id.span, format!("enum `{}` would have more than 63 members", e.name.node)));
                return;
            }
            en.members.to_mut().push(Member { id: text(m.id.node.clone()), label: text(m.label.clone()), aliases: texts(&m.aliases), scope });
            self.member_spans.entry((id, m.id.node.clone())).or_default().push((scope, (file.to_string(), m.id.span)));
            self.mixed_script(file, &m.id);
        }
    }

    /// `extend e { m alias "…" }`: the scope's own spellings of an existing member `m`. In an
    /// `enum`, a member needs its label (E0501); the member must be visible here (E0103, or
    /// E0105 for another region's); a spelling that already names a member visible here is a
    /// duplicate (E0104).
    fn add_aliases(&mut self, file: &str, scope: Option<RegionId>, id: EnumId, e: &ast::EnumDecl, m: &ast::EnumMember) {
        let declared_here = self.enum_index.get(&e.name.node).is_some_and(|(_, f, s)| f == file && *s == e.name.span);
        if declared_here {
            let msg = format!("member `{}` of enum `{}` has no label", m.id.node, e.name.node);
            self.push(
                err(Code::BadValue, file, m.id.span, msg).with_help("write its zh-CN label after the id; a label-less `alias` line belongs in an `extend`"),
            );
            return;
        }
        let Some(en) = self.enums.get(id) else { return };
        let found = en.members.iter().position(|x| x.id == m.id.node);
        let Some(member) = found.filter(|i| en.members.get(*i).is_some_and(|x| self.visible(x.scope, scope))).and_then(|i| MemberId::try_from(i).ok()) else {
            let other = found.and_then(|i| en.members.get(i)).map(|x| x.scope);
            self.unknown_member(file, &m.id, id, scope, other);
            return;
        };
        for a in &m.aliases {
            if let Ok(taken) = self.member(id, a, scope) {
                let name = self.enums.get(id).map(|x| x.id_of(taken).to_string()).unwrap_or_default();
                let msg = format!("`{a}` already names member `{name}` of enum `{}` here", e.name.node);
                self.push(err(Code::Duplicate, file, m.id.span, msg).with_help("an alias names one member in a region; drop it or choose another spelling"));
                continue;
            }
            if let Some(en) = self.enums.get_mut(id) {
                en.aliases.to_mut().push(ScopedAlias { member, alias: text(a.clone()), scope });
            }
        }
    }

    /// Warns about an identifier that mixes scripts (a Cyrillic `а` in a Latin id).
    pub(super) fn mixed_script(&mut self, file: &str, id: &Spanned<String>) {
        let latin = id.node.chars().any(|c| c.is_ascii_alphabetic());
        let other = id.node.chars().find(|c| c.is_alphabetic() && !c.is_ascii() && !is_cjk(*c));
        if let (true, Some(c)) = (latin, other) {
            self.push(
                Diagnostic::warning(Code::MixedScript, file, id.span, format!("`{}` mixes Latin letters with `{c}` (U+{:04X})", id.node, c as u32))
                    .with_help("an identifier that looks Latin but holds a letter of another script never matches what people type; use one script"),
            );
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
                    Some(e) => Some(Type::Enum(e.0)),
                    None => {
                        let names: Vec<String> = BUILTIN_TYPES.iter().map(|s| s.to_string()).chain(self.enum_index.keys().cloned()).collect();
                        let help = suggest(other, names.iter().map(|s| s.as_str())).unwrap_or_else(|| "declare it with `enum` or use a built-in type".into());
                        self.push(err(Code::UnknownName, file, n.span, format!("unknown type `{other}`")).with_help(help));
                        None
                    }
                },
            },
            ast::TypeExpr::SetOf(n) => match self.enum_index.get(&n.node) {
                Some(e) => Some(Type::Set(e.0)),
                None => {
                    let help = suggest(&n.node, self.enum_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "`set of` takes an enum name".into());
                    self.push(err(Code::UnknownName, file, n.span, format!("unknown enum `{}`", n.node)).with_help(help));
                    None
                }
            },
        }
    }

    pub(super) fn declare_fact(&mut self, file: &str, scope: Option<RegionId>, f: &ast::FactDecl) {
        let clash =
            self.fact_index.get(&f.path.node).and_then(|ids| ids.iter().find(|i| self.facts.get(**i).is_some_and(|x| self.overlap(x.scope, scope))).copied());
        if let Some(first) = clash.and_then(|i| self.fact_spans.get(i).cloned()) {
            let help =
                "fact paths are shared with the regions below (the prelude declares the facts of the decision API): use the fact, or choose another path";
            self.duplicate(file, f.path.span, format!("fact `{}` is declared twice", f.path.node), &first, help);
            return;
        }
        let Some(ty) = self.resolve_type(file, &f.ty) else { return };
        let default = f.default.as_ref().and_then(|d| self.const_value(file, scope, d, ty));
        let min = match &f.min {
            Some(m) if ty == Type::Int => match m.node.parse::<i64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    self.push(err(Code::BadValue, file, m.span, format!("`{}` is too large", m.node)));
                    None
                }
            },
            Some(m) => {
                self.push(err(Code::Type, file, m.span, "`min` applies to whole-number facts only"));
                None
            }
            None => None,
        };
        if let (Some(Value::Int(d)), Some(m)) = (&default, min)
            && *d < m
        {
            let span = f.default.as_ref().map(|d| d.span).unwrap_or(f.path.span);
            self.push(err(Code::BadValue, file, span, format!("the default {d} is below the fact's `min {m}`")));
        }
        if let Some(d) = f.default.as_ref().filter(|_| default.is_some()) {
            self.note_default(file, (None, self.facts.len()), d.span, f.default_source.as_ref());
        }
        self.fact_index.entry(f.path.node.clone()).or_default().push(self.facts.len());
        self.fact_spans.push((file.to_string(), f.path.span));
        let label = text(f.label.clone().unwrap_or_default());
        self.facts.push(Fact { path: text(f.path.node.clone()), ty, label, default, default_source: None, min, scope });
        self.mixed_script(file, &f.path);
    }

    /// A literal as a constant of type `ty` (fact defaults, region defaults).
    pub(super) fn const_value(&mut self, file: &str, region: Option<RegionId>, l: &Spanned<Literal>, ty: Type) -> Option<Value> {
        let ctx = Ctx { file, region, in_quantifier: false };
        // `default none`: an optional fact; when the request leaves it out it is known to be
        // absent (equal to nothing), not unknown. Not for bool facts (say `default false`)
        // nor sets (say `default []`).
        if let Literal::Name(n) = &l.node
            && n == "none"
            && !matches!(ty, Type::Enum(e) if self.member(e, n, region).is_ok())
        {
            if matches!(ty, Type::Bool | Type::Set(_)) {
                let what = if ty == Type::Bool { "`default false` or `default true`" } else { "`default []`" };
                self.push(err(Code::Type, file, l.span, "a bool or set fact cannot be optional (`default none`)").with_help(format!("write {what}")));
                return None;
            }
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
                let (x, _) = self.expr(&ctx, it, Some(Type::Enum(en)))?;
                if let Expr::Lit(Value::Enum(m)) = x {
                    bits |= 1 << (m as u64 & 63);
                }
            }
            return Some(Value::Set(bits));
        }
        let (x, t) = self.expr(&ctx, &e, Some(ty))?;
        if t != ty {
            let (a, b) = (self.type_name(ty), self.type_name(t));
            self.push(err(Code::Type, file, l.span, format!("expected {a}, found {b}")));
            return None;
        }
        match x {
            Expr::Lit(v) => Some(v),
            _ => None,
        }
    }

    pub(super) fn declare_let(&mut self, file: &str, scope: Option<RegionId>, l: &ast::LetDecl) {
        if self.lets.get(&l.name.node).is_some_and(|v| v.iter().any(|d| self.overlap(d.scope, scope))) || self.fact(&l.name.node, scope).is_some() {
            self.push(
                err(Code::Duplicate, file, l.name.span, format!("`{}` is already a fact or a `let`", l.name.node))
                    .with_help("give the named condition its own name"),
            );
            return;
        }
        let ctx = Ctx { file, region: scope, in_quantifier: false };
        let Some(c) = self.cond(&ctx, &l.cond) else { return };
        let c = self.bounded_let(file, &l.name, c);
        self.lets.entry(l.name.node.clone()).or_default().push(LetDef { scope, cond: c });
    }

    // -----------------------------------------------------------------------------------
    // Documents and calendars

    pub(super) fn declare_document(&mut self, file: &str, d: &ast::DocumentDecl) {
        if let Some(first) = self.doc_decls.get(&d.id.node).cloned() {
            let help = "document ids are global: declare each document once and cite it from any region";
            self.duplicate(file, d.id.span, format!("document `{}` is declared twice", d.id.node), &first, help);
            return;
        }
        let mut doc = Document {
            id: text(d.id.node.clone()),
            number: None,
            title: Text::Borrowed(""),
            issuer: None,
            date: None,
            in_force: None,
            repealed: None,
            superseded_by: None,
            url: None,
            display: Text::Borrowed(""),
        };
        let mut has_title = false;
        for f in &d.fields {
            let text = match &f.value {
                ast::FieldValue::Text(t) => Some(text(t.clone())),
                _ => None,
            };
            let date = match &f.value {
                ast::FieldValue::Date(s) => self.date(file, s),
                _ => None,
            };
            match (f.key.node.as_str(), &f.value) {
                ("superseded_by", ast::FieldValue::Name(n)) => self.pending_supersede.push((file.to_string(), d.id.node.clone(), n.clone())),
                ("superseded_by", _) => self.push(err(Code::BadValue, file, f.key.span, "`superseded_by` names a document id")),
                (_, ast::FieldValue::Name(n)) => {
                    self.push(err(Code::BadValue, file, n.span, format!("`{}` takes a quoted string, a date or `unspecified`", f.key.node)))
                }
                ("number", _) => doc.number = text,
                ("title", _) => {
                    has_title = true;
                    doc.title = text.unwrap_or_default()
                }
                ("issuer", _) => doc.issuer = text,
                ("url", _) => doc.url = text,
                ("date", _) => doc.date = date,
                ("in_force", _) => doc.in_force = date,
                ("repealed", _) => doc.repealed = date,
                _ => {}
            }
        }
        if !has_title {
            self.push(err(Code::BadValue, file, d.id.span, format!("document `{}` has no `title`", d.id.node)).with_help("add `title \"…\"`"));
        }
        if let (Some(f), Some(r)) = (doc.in_force, doc.repealed)
            && r <= f
        {
            self.push(err(Code::BadValue, file, d.id.span, format!("document `{}` is repealed on or before it comes into force", d.id.node)));
        }
        let t = doc.title.trim_start_matches('《').trim_end_matches('》');
        doc.display = match &doc.number {
            Some(n) => text(format!("{n}《{t}》")),
            None => text(format!("《{t}》")),
        };
        self.doc_index.insert(d.id.node.clone(), self.documents.len());
        self.doc_decls.insert(d.id.node.clone(), (file.to_string(), d.id.span));
        self.documents.push(doc);
    }

    /// `superseded_by` links, once every document is declared.
    pub(super) fn link_superseded(&mut self) {
        for (file, id, by) in std::mem::take(&mut self.pending_supersede) {
            let Some(target) = self.doc(&file, &by) else { continue };
            if let Some(d) = self.doc_index.get(&id).copied().and_then(|i| self.documents.get_mut(i)) {
                d.superseded_by = Some(target);
            }
        }
    }

    pub(super) fn doc(&mut self, file: &str, d: &Spanned<String>) -> Option<DocId> {
        match self.doc_index.get(&d.node) {
            Some(i) => Some(*i),
            None => {
                let help = suggest(&d.node, self.doc_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "declare it with `document <id> { … }`".into());
                self.push(err(Code::UnknownDocument, file, d.span, format!("unknown document `{}`", d.node)).with_help(help));
                None
            }
        }
    }

    pub(super) fn date(&mut self, file: &str, s: &Spanned<String>) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&s.node, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&d.year()) => Some(d),
            _ => {
                self.push(
                    err(Code::BadValue, file, s.span, format!("`{}` is not a valid date", s.node))
                        .with_help("dates are written YYYY-MM-DD, years 1900 to 2200"),
                );
                None
            }
        }
    }

    pub(super) fn tod(&mut self, file: &str, s: &Spanned<String>) -> Option<NaiveTime> {
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

    pub(super) fn calendar(&mut self, files: &[(String, ast::File)]) -> Calendar {
        let mut cal = CalendarSets::default();
        for (file, f) in files {
            for item in &f.items {
                let ast::Item::Calendar(c) = item else { continue };
                let Some(doc) = self.doc(file, &c.source.doc) else { continue };
                let year = match c.year.node.parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => y,
                    _ => {
                        self.push(err(Code::BadValue, file, c.year.span, "`year` must be a year like 2026"));
                        continue;
                    }
                };
                if !cal.years.insert(year) {
                    self.push(err(Code::Duplicate, file, c.year.span, format!("year {year} has two calendars")));
                }
                cal.sources.insert(year, Source { doc, article: text(c.source.article.clone()) });
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
        Calendar {
            years: list(cal.years.into_iter().collect()),
            off: list(cal.off.into_iter().collect()),
            work: list(cal.work.into_iter().collect()),
            sources: list(cal.sources.into_iter().collect()),
        }
    }

    /// The facts the engine reads by path, with the types it needs.
    pub(super) fn known(&mut self, file: &str) -> Option<Known> {
        let need = |me: &mut Self, path: &str, ty: &str| -> Option<FactId> {
            let f = me.fact(path, None);
            let ok = f.and_then(|f| me.facts.get(f)).is_some_and(|fact| match (ty, fact.ty) {
                ("time", Type::Time) | ("int", Type::Int) | ("money", Type::Money(_)) | ("region", Type::Region) => true,
                (e, Type::Enum(id)) => me.enums.get(id).is_some_and(|en| en.name == e),
                _ => false,
            });
            if !ok {
                me.push(
                    err(Code::UnknownFact, file, Span::default(), format!("the engine needs fact `{path}` of type `{ty}`"))
                        .with_help("the prelude declares the facts of the decision API; keep them"),
                );
                return None;
            }
            f
        };
        let k = Known {
            as_of: need(self, "as_of", "time")?,
            service: need(self, "service", "service")?,
            channel: need(self, "channel", "channel")?,
            years: need(self, "years", "int")?,
            charged: need(self, "charged", "money")?,
            kind: need(self, "applicant.kind", "kind")?,
            issued_in: need(self, "certificate.issued_in", "region")?,
            region: need(self, "region", "region")?,
            service_enum: self.enum_index.get("service")?.0,
            kind_enum: self.enum_index.get("kind")?.0,
        };
        Some(k)
    }
}

/// Whether `c` is a CJK ideograph, CJK punctuation or a full-width form: script that cannot
/// pass for Latin, so it does not make an identifier "mixed".
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// The calendar as the checker gathers it, before it becomes sorted lists.
#[derive(Default)]
struct CalendarSets {
    years: BTreeSet<i32>,
    off: BTreeSet<chrono::NaiveDate>,
    work: BTreeSet<chrono::NaiveDate>,
    sources: BTreeMap<i32, Source>,
}
