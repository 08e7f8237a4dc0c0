//! Rules: the frame every rule shares (source, overrides, when, notes, assumptions) and one
//! function per rule kind that checks its body clauses.

use super::{Checker, Ctx, Decl, err, suggest};
use crate::ast::{self, Clause, DurUnit, Span, Spanned};
use crate::diag::Code;
use crate::ir::*;
use chrono::NaiveDate;

/// What `check` found in a rule of one kind, before the shared frame is added.
pub(super) type BodyResult = Option<Body>;

impl Checker {
    /// Resolves a rule reference from a rule in `region`: own region first, then ancestors.
    pub(super) fn rule_ref(&mut self, file: &str, r: &Spanned<String>, region: RegionId) -> Option<RuleId> {
        if r.node.contains('/') {
            if let Some(i) = self.rule_index.get(&r.node) {
                return Some(*i);
            }
        } else {
            let mut cur = Some(region);
            for _ in 0..8 {
                let Some(rg) = cur else { break };
                let code = self.regions.get(rg).map(|x| x.code.clone()).unwrap_or_default();
                if let Some(i) = self.rule_index.get(&format!("{code}/{}", r.node)) {
                    return Some(*i);
                }
                cur = self.regions.get(rg).and_then(|x| x.parent);
            }
        }
        let help = suggest(&r.node, self.rule_index.keys().map(|s| s.rsplit('/').next().unwrap_or(s)))
            .unwrap_or_else(|| "a rule is referenced by its id, or `<region>/<id>` for another region's rule".into());
        self.push(err(Code::UnknownRule, file, r.span, format!("unknown rule `{}`", r.node)).with_help(help));
        None
    }

    pub(super) fn declare_rule(&mut self, file: &str, rd: ast::RuleDecl, region: RegionId) {
        let code = self.regions.get(region).map(|r| r.code.clone()).unwrap_or_default();
        let full = format!("{code}/{}", rd.id.node);
        if let Some(first) = self.rule_index.get(&full).and_then(|i| self.decls.get(*i)).map(|d| (d.file.clone(), d.decl.id.span)) {
            let msg = format!("rule `{}` is declared twice in region {code}", rd.id.node);
            self.push(err(Code::Duplicate, file, rd.id.span, msg).with_help("rule ids are unique within a region: rename one of them").with_related(
                &first.0,
                first.1,
                "first declared here",
            ));
            return;
        }
        self.rule_index.insert(full, self.decls.len());
        self.mixed_script(file, &rd.id);
        std::rc::Rc::make_mut(&mut self.decls).push(Decl { file: file.to_string(), decl: rd, region });
    }

    /// Checks one rule: its frame and its body.
    pub(super) fn rule(&mut self, id: RuleId, decl: &Decl) -> Option<Rule> {
        let (file, rd, region) = (decl.file.as_str(), &decl.decl, decl.region);
        let ctx = Ctx { file, region: Some(region), in_quantifier: false };
        let kind = rd.kind.node;
        let code = self.regions.get(region).map(|r| r.code.clone()).unwrap_or_default();
        let source = self.source(file, rd);
        let mut overrides = std::collections::BTreeSet::new();
        // A rule whose `overrides` does not resolve is left out of the region analysis, so the
        // unknown name is not followed by a spurious conflict (E0401) with the rule it meant.
        let mut overrides_ok = true;
        for o in &rd.overrides {
            let Some(t) = self.rule_ref(file, o, region) else {
                overrides_ok = false;
                continue;
            };
            if let Some(td) = self.decls.get(t)
                && td.decl.kind.node != kind
            {
                let msg = format!("a {} rule cannot override the {} rule `{}`", kind.as_str(), td.decl.kind.node.as_str(), o.node);
                self.push(err(Code::Type, file, o.span, msg).with_help("`overrides` names a rule of the same kind that this rule is an exception to"));
            }
            overrides.insert(t);
        }
        if let [_, extra, ..] = rd.when.as_slice() {
            self.push(err(Code::Duplicate, file, extra.span, "a rule has at most one `when`").with_help("join the conditions with `and` / `or`"));
        }
        let when = match rd.when.first() {
            Some(w) => self.cond(&ctx, w),
            None => Some(Cond::Const(true)),
        };
        // A minimum set's shortfall is part of the condition: both back ends evaluate it.
        let when = match (when, kind) {
            (Some(w), Kind::Finding) => self.with_shortfall(&ctx, rd, w),
            (w, _) => w,
        };
        let body = match kind {
            Kind::Finding => self.finding_body(&ctx, rd),
            Kind::Fee => self.fee_body(&ctx, rd, region),
            Kind::Documents => self.documents_body(&ctx, rd, id, region),
            Kind::Deadline => self.deadline_body(&ctx, rd),
            Kind::Media => self.media_body(&ctx, rd),
            Kind::Accept => self.accept_body(&ctx, rd),
            Kind::Hours => self.hours_body(&ctx, rd),
            Kind::Checklist => self.checklist_body(&ctx, rd, region),
            Kind::Office => self.office_body(&ctx, rd),
            Kind::Validity => self.validity_body(&ctx, rd),
        };
        let titled = self.title(file, rd);
        let (source, when, body, ()) = (source?, when?, body?, titled?);
        if !overrides_ok {
            return None;
        }
        Some(Rule {
            id: text(format!("{code}/{}", rd.id.node)),
            region,
            kind,
            source,
            overrides: list(overrides.into_iter().collect()),
            services: u64::MAX,
            when,
            notes: texts(&rd.notes),
            assumptions: texts(&rd.assumptions),
            body,
        })
    }

    fn source(&mut self, file: &str, rd: &ast::RuleDecl) -> Option<Source> {
        match rd.sources.as_slice() {
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
                self.citation(file, s)
            }
        }
    }

    pub(super) fn not_allowed(&mut self, file: &str, kind: Kind, c: &Spanned<Clause>) {
        let name = clause_name(&c.node);
        let msg = format!("`{name}` is not part of a `{}` rule", kind.as_str());
        self.push(err(Code::NotForKind, file, c.span, msg).with_help(format!("a `{}` rule takes: {}", kind.as_str(), kind_help(kind))));
    }

    /// A title is the checklist's heading or the office's name; any other kind refuses it
    /// (E0502), rather than dropping it in silence.
    fn title(&mut self, file: &str, rd: &ast::RuleDecl) -> Option<()> {
        let kind = rd.kind.node;
        match &rd.title {
            Some(t) if !matches!(kind, Kind::Checklist | Kind::Office) => {
                let msg = format!("a `{}` rule has no title: only `checklist` and `office` rules take one", kind.as_str());
                let help = "remove the text after the rule id; say it in a `note \"…\"` if it matters";
                self.push(err(Code::NotForKind, file, t.span, msg).with_help(help));
                None
            }
            _ => Some(()),
        }
    }

    pub(super) fn missing(&mut self, file: &str, rd: &ast::RuleDecl, what: &str) {
        let kind = rd.kind.node;
        let msg = format!("`{}` rule `{}` has no {what}", kind.as_str(), rd.id.node);
        self.push(err(Code::BadValue, file, rd.id.span, msg).with_help(format!("a `{}` rule takes: {}", kind.as_str(), kind_help(kind))));
    }

    fn finding_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut sev = None;
        let mut remedy = None;
        let mut refer_to = None;
        let mut set = Vec::new();
        for c in &rd.body {
            match &c.node {
                Clause::Severity { severity, code, message, to } => {
                    if let Some(e) = self.enum_index.get("finding_code").map(|x| x.0)
                        && let Err(scope) = self.member(e, &code.node, ctx.region)
                    {
                        self.unknown_member(file, code, e, ctx.region, scope);
                        ok = false;
                    }
                    if sev.is_some() {
                        self.push(
                            err(Code::Duplicate, file, c.span, "a finding rule states one `deny`, `warn`, `info`, `oblige` or `refer` line")
                                .with_help("split it into two rules"),
                        );
                        ok = false;
                    }
                    sev = Some((*severity, code.node.clone(), message.clone()));
                    if let Some(t) = to {
                        refer_to = self.refer_target(file, *severity, t, ctx);
                        ok &= refer_to.is_some();
                    }
                }
                Clause::Remedy(r) => remedy = Some(r.clone()),
                // Typed with the rule's condition (`with_shortfall`); its line kept here.
                Clause::AtLeast { n, label, .. } => {
                    if let Some(v) = n.node.parse::<i64>().ok().filter(|v| (1..=1000).contains(v)) {
                        set.push(SetLine { label: text(label.clone()), at_least: v });
                    }
                }
                _ => {
                    self.not_allowed(file, Kind::Finding, c);
                    ok = false;
                }
            }
        }
        let Some((severity, code, message)) = sev else {
            self.missing(file, rd, "`deny`, `warn`, `info`, `oblige` or `refer` line");
            return None;
        };
        ok.then_some(Body::Finding { severity, code: text(code), message: text(message), remedy: remedy.map(text), refer_to, set: list(set) })
    }

    /// The `office` rule a `refer … to <office>` names: only `refer` takes `to` (E0502), and the
    /// rule must exist (E0112) and be an `office` rule (E0301).
    fn refer_target(&mut self, file: &str, severity: Severity, to: &Spanned<String>, ctx: &Ctx) -> Option<RuleId> {
        if severity != Severity::Refer {
            let msg = format!("`to {}` after `{}`: only a `refer` line names an office", to.node, severity.as_str());
            self.push(err(Code::NotForKind, file, to.span, msg).with_help("write `refer <code> \"…\" to <office rule>`, or drop `to …`"));
            return None;
        }
        let region = ctx.region?;
        let id = self.rule_ref(file, to, region)?;
        let kind = self.decls.get(id).map(|d| d.decl.kind.node);
        if kind != Some(Kind::Office) {
            let what = kind.map(|k| k.as_str()).unwrap_or("unknown");
            let msg = format!("`{}` is a `{what}` rule, not an `office`", to.node);
            self.push(err(Code::Type, file, to.span, msg).with_help("`refer … to` names an `office` rule: where the applicant is sent"));
            return None;
        }
        Some(id)
    }

    fn deadline_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut spec = None;
        let mut event = None;
        for c in &rd.body {
            let s = match &c.node {
                Clause::Within { n, unit, except_holidays, after, basis } => {
                    if let Some(a) = after {
                        event = self.event_fact(ctx, a, *unit);
                        ok &= event.is_some();
                    }
                    let Some(v) = n.node.parse::<i64>().ok().filter(|v| *v <= 100_000) else {
                        self.push(err(Code::BadValue, file, n.span, format!("`{}` {} is out of range (at most 100000)", n.node, unit.as_str())));
                        // Reported; still a time limit, so not "has no time limit" too.
                        ok = false;
                        spec = Some((DeadlineSpec::Immediate, basis.clone()));
                        continue;
                    };
                    let sp = match (unit, except_holidays) {
                        (DurUnit::Minutes, false) => DeadlineSpec::Minutes(v),
                        (DurUnit::Hours, false) => DeadlineSpec::Minutes(v * 60),
                        (DurUnit::Days, false) => DeadlineSpec::Days(v, DaySet::All),
                        (DurUnit::Days, true) => DeadlineSpec::Days(v, DaySet::AllExceptHolidays),
                        (DurUnit::Weekdays, false) => DeadlineSpec::Days(v, DaySet::Weekdays),
                        (DurUnit::Weekdays, true) => DeadlineSpec::Days(v, DaySet::WeekdaysExceptHolidays),
                        (DurUnit::WorkingDays, false) => DeadlineSpec::Days(v, DaySet::Working),
                        (DurUnit::Months, false) => DeadlineSpec::Months(v),
                        (DurUnit::Years, false) => DeadlineSpec::Months(v * 12),
                        (u, true) => {
                            self.push(err(Code::BadValue, file, c.span, format!("`except holidays` applies to `days` and `weekdays`, not `{}`", u.as_str())));
                            ok = false;
                            continue;
                        }
                    };
                    (sp, basis.clone())
                }
                Clause::Cutoff { at, next_working, basis } => match self.tod(file, at) {
                    Some(t) => (DeadlineSpec::Cutoff(t, if *next_working { DaySet::Working } else { DaySet::All }), basis.clone()),
                    None => {
                        // Reported; still a time limit, so not "has no time limit" too.
                        ok = false;
                        (DeadlineSpec::Immediate, basis.clone())
                    }
                },
                Clause::Immediate(b) => (DeadlineSpec::Immediate, b.clone()),
                _ => {
                    self.not_allowed(file, Kind::Deadline, c);
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
            self.missing(file, rd, "time limit (`within`, `cutoff` or `immediate`)");
            return None;
        };
        ok.then_some(Body::Deadline { spec, basis: text(basis), after: event })
    }

    fn media_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut m = None;
        for c in &rd.body {
            match &c.node {
                Clause::Issue(x) => match self.enum_index.get("media").map(|e| e.0) {
                    Some(e) => match self.member(e, &x.node, ctx.region) {
                        Ok(mm) => m = self.enums.get(e).map(|en| en.id_of(mm).to_string()),
                        Err(scope) => {
                            self.unknown_member(file, x, e, ctx.region, scope);
                            ok = false;
                        }
                    },
                    None => {
                        self.push(err(Code::UnknownName, file, x.span, "no `media` enum is declared"));
                        ok = false;
                    }
                },
                _ => {
                    self.not_allowed(file, Kind::Media, c);
                    ok = false;
                }
            }
        }
        let Some(m) = m else {
            self.missing(file, rd, "`issue <media>` line");
            return None;
        };
        ok.then_some(Body::Media(text(m)))
    }

    fn accept_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let mut ok = true;
        let mut a = None;
        for c in &rd.body {
            match &c.node {
                Clause::Accept(b) => a = Some(*b),
                _ => {
                    self.not_allowed(ctx.file, Kind::Accept, c);
                    ok = false;
                }
            }
        }
        let Some(a) = a else {
            self.missing(ctx.file, rd, "`accepted` or `rejected`");
            return None;
        };
        ok.then_some(Body::Accept(a))
    }

    fn hours_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut days: Option<DaySet> = None;
        let mut seasons: Vec<(Season, bool)> = vec![];
        let mut assume = None;
        for c in &rd.body {
            match &c.node {
                Clause::Days(d) => days = Some(*d),
                Clause::Season { id, label, days: sd, periods } => {
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
                    seasons.push((
                        Season { id: text(id.node.clone()), label: text(label.clone()), periods: list(ps), days: sd.unwrap_or(DaySet::Working) },
                        sd.is_some(),
                    ));
                }
                Clause::Assume { season, from, to, why } => assume = Some((season.clone(), from.clone(), to.clone(), why.clone())),
                _ => {
                    self.not_allowed(file, Kind::Hours, c);
                    ok = false;
                }
            }
        }
        if seasons.is_empty() {
            self.missing(file, rd, "`season`");
            return None;
        }
        if days.is_none() && seasons.iter().any(|(_, own)| !own) {
            self.push(
                err(Code::BadValue, file, rd.id.span, format!("hours `{}` do not say on which days the office is open", rd.id.node)).with_help(
                    "add `days working` (official working days, 调休 included), `days weekdays` (周一至周五), `days weekdays except holidays`, `days all` or `days all except holidays` (节假日除外)",
                ),
            );
            ok = false;
        }
        let seasons: Vec<Season> = seasons.into_iter().map(|(s, own)| if own { s } else { Season { days: days.unwrap_or(DaySet::Working), ..s } }).collect();
        if seasons.len() > 1 && assume.is_none() {
            self.push(
                err(Code::BadValue, file, rd.id.span, "several seasons but no rule says when each applies")
                    .with_help("add `assume <season> from MM-DD to MM-DD \"…\"` and say that it is an assumption where the regulation is silent"),
            );
            ok = false;
        }
        let mut h = Hours { seasons: list(seasons), assume: None };
        if let Some((s, from, to, why)) = assume {
            let idx = h.seasons.iter().position(|x| x.id == s.node);
            let md = |x: &Spanned<String>| -> Option<(u32, u32)> {
                let (m, d) = x.node.split_once('-')?;
                let (m, d) = (m.parse().ok()?, d.parse().ok()?);
                NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
            };
            match (idx, md(&from), md(&to)) {
                (Some(i), Some(f), Some(t)) => h.assume = Some((i, f, t, text(why))),
                (None, _, _) => {
                    self.push(err(Code::UnknownSeason, file, s.span, format!("unknown season `{}`", s.node)));
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

    fn checklist_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl, region: RegionId) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut items = Vec::new();
        for c in &rd.body {
            match &c.node {
                Clause::CheckItem { id, text, passes, derive } => {
                    let p = match passes.node.as_str() {
                        "是" | "yes" | "true" => true,
                        "否" | "no" | "false" => false,
                        other => {
                            self.push(
                                err(Code::BadValue, file, passes.span, format!("`{other}` is not an answer")).with_help("write `passes 是` or `passes 否`"),
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
                                    self.push(err(Code::UnknownDerivation, file, f.span, format!("unknown derivation `{other}`")).with_help(help));
                                    ok = false;
                                    None
                                }
                            };
                            let target = self.rule_ref(file, r, region);
                            if let Some(t) = target {
                                if self.decls.get(t).is_none_or(|d| d.decl.kind.node != Kind::Deadline) {
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
                    items.push(CheckItem { id: crate::ir::text(id.clone()), text: crate::ir::text(text.clone()), passes: p, derive: d });
                }
                _ => {
                    self.not_allowed(file, Kind::Checklist, c);
                    ok = false;
                }
            }
        }
        if items.is_empty() {
            self.missing(file, rd, "`item`");
            return None;
        }
        ok.then(|| Body::Checklist { title: text(rd.title.as_ref().map_or_else(|| rd.id.node.clone(), |t| t.node.clone())), items: list(items) })
    }
}

fn clause_name(c: &Clause) -> &'static str {
    match c {
        Clause::Severity { .. } => "deny/warn/info/oblige/refer",
        Clause::Remedy(_) => "remedy",
        Clause::Status(_) => "status",
        Clause::Unspecified(_) => "unspecified",
        Clause::As(_) => "as",
        Clause::FeeItem { .. } => "item (fee)",
        Clause::DocItem { .. } => "item (document)",
        Clause::Requires(_) => "requires",
        Clause::Include { .. } => "include",
        Clause::None(_) => "none",
        Clause::Incomplete(_) => "incomplete",
        Clause::Within { .. } => "within",
        Clause::Valid { .. } => "valid",
        Clause::AtLeast { .. } => "at_least",
        Clause::Cutoff { .. } => "cutoff",
        Clause::Immediate(_) => "immediate",
        Clause::Issue(_) => "issue",
        Clause::Accept(_) => "accepted/rejected",
        Clause::Days(_) => "days",
        Clause::Season { .. } => "season",
        Clause::Assume { .. } => "assume <season> from … to …",
        Clause::CheckItem { .. } => "item (checklist)",
        Clause::Contact { kind, .. } => kind.as_str(),
    }
}

fn kind_help(k: Kind) -> &'static str {
    match k {
        Kind::Finding => "`deny|warn|info|oblige <code> \"message\"`, an optional `remedy \"…\"` and `at_least N \"label\" (condition) [+ held]` lines",
        Kind::Fee => {
            "`capped`, `fixed`, `minimum` or `package` with `item \"label\" N 元|元/年|元/次|元/套|元/个|元/把|元/张|元/个/年 [× quantity] [when …]`, or `free`, `self_paid`, `unspecified`, or `as <fee rule>`"
        }
        Kind::Documents => "`requires`, `item <id> \"name\" …`, `include <rule> [items a..b]`, `incomplete \"…\"`, or `none \"…\"` / `unspecified \"…\"`",
        Kind::Deadline => {
            "one of `within N minutes|hours|days|weekdays|working_days|months|years \"…\"`, `cutoff HH:MM same_day else next_day|next_working_day \"…\"`, `immediate \"…\"`"
        }
        Kind::Media => "`issue <media>`",
        Kind::Accept => "`accepted` or `rejected`",
        Kind::Hours => {
            "`days working|weekdays|all [except holidays]`, `season <id> \"label\" [days …] HH:MM-HH:MM, …`, `assume <season> from MM-DD to MM-DD \"…\"`"
        }
        Kind::Checklist => "`item \"id\" \"text\" passes 是|否 [derive overdue|on_time(<deadline rule>)]`",
        Kind::Validity => "`valid N months|years [after <time or date fact>] \"…\"`",
        Kind::Office => "`address \"…\"`, `window \"…\"`, `hotline \"number\" [\"whose\"]`, `online \"url\" [\"what\"]`, `form \"name\" [\"url\"]`",
    }
}
