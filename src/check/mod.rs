//! Syntax trees → checked [`RuleSet`], with every diagnostic found in one run.
//!
//! Passes, each in its own file:
//! 1. parse every file ([`crate::syntax`]);
//! 2. `declare`: regions and their parents first (scopes need them), then vocabulary
//!    (`enum`, `extend`), facts, documents, region services and defaults, `let`s, calendars;
//! 3. `rules`: rule shells, then every rule's frame and body (`types` types conditions);
//! 4. `includes`: document lists expanded (memoised, bounded), `overrides` closed
//!    transitively, `as` fees validated;
//! 5. `regions`: per region, conflicts (E0401), unreachable exceptions (E0402), services
//!    without documents (E0403), using the disjointness [`analysis`];
//! 6. `defaults`: E0203, an uncited default on a fact a deciding rule reads;
//! 7. `outline` (after the documents are declared): outlines, and every citation of an
//!    outlined document naming one of its articles (E0204, E0205).
//!
//! Rules that fail to check become inert placeholders so the region analysis still runs on
//! the rest and reports its errors in the same run.

pub mod analysis;
mod declare;
mod defaults;
mod documents;
mod fees;
mod includes;
mod offices;
mod outline;
mod places;
mod regions;
mod rules;
mod size;
mod types;
mod validity;

use crate::ast::{self, Span};
use crate::diag::{Code, Diagnostic, Severity as DiagSeverity, suggest};
use crate::ir::*;
use crate::syntax::parse_recovering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The outcome of checking: the rule set when there is no error, and every diagnostic
/// (errors and warnings), located.
#[derive(Debug)]
pub struct Report {
    /// The checked rule set, if there was no error.
    pub rules: Option<RuleSet>,
    /// Every diagnostic, errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a set of rule files given as `(name, text)` pairs.
///
/// Returns the rule set when there is no error (warnings are dropped: see [`check_all`]),
/// and every error otherwise (located: line and column filled in).
pub fn check(files: &[(String, String)]) -> Result<RuleSet, Vec<Diagnostic>> {
    let report = check_all(files);
    match report.rules {
        Some(rs) => Ok(rs),
        None => Err(report.diagnostics.into_iter().filter(|d| d.severity == DiagSeverity::Error).collect()),
    }
}

/// Checks a set of rule files and returns the rule set (if no error) and every
/// diagnostic, warnings included.
pub fn check_all(files: &[(String, String)]) -> Report {
    let mut c = Checker::default();
    let mut parsed = Vec::new();
    // A file with syntax errors still contributes the items that parse, so their name and
    // type errors are reported in the same run (`syntax::parse_recovering`).
    for ((name, _), (file, ds)) in files.iter().zip(parse_all(files)) {
        c.diags.extend(ds);
        if let Some(f) = file {
            parsed.push((name.clone(), f));
        }
    }
    let rs = c.run(parsed);
    let mut diags = c.diags;
    crate::diag::locate(&mut diags, files);
    diags.sort_by(|a, b| (a.file.as_str(), a.span.start, a.code).cmp(&(b.file.as_str(), b.span.start, b.code)));
    diags.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.code == b.code && a.message == b.message);
    let errors = diags.iter().any(|d| d.severity == DiagSeverity::Error);
    Report { rules: if errors { None } else { rs }, diagnostics: diags }
}

/// A file as parsed: what could be recovered of it, and its syntax diagnostics.
type Parsed = (Option<ast::File>, Vec<Diagnostic>);

/// Parses every file, on as many threads as there are cores (files are independent), and
/// returns the results in the order of `files`, so the diagnostics do not depend on timing.
fn parse_all(files: &[(String, String)]) -> Vec<Parsed> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len());
    if threads < 2 {
        return files.iter().map(|(name, text)| parse_recovering(name, text)).collect();
    }
    // Work sharing: each thread takes the next file not yet taken, so a large file does not
    // hold up a whole share.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((name, text)) = files.get(i) else { break };
            done.push((i, parse_recovering(name, text)));
        }
        done
    };
    let mut results: Vec<(usize, Parsed)> = std::thread::scope(|s| {
        // The main thread's stack size, so deeply nested conditions parse (or hit pest's stack
        // guard) the same way on every thread.
        let helpers: Vec<_> = (1..threads).filter_map(|_| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, work).ok()).collect();
        let mut all = work();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// A rule as declared: its file, syntax and region.
#[derive(Debug, Clone)]
pub(crate) struct Decl {
    pub(crate) file: String,
    pub(crate) decl: ast::RuleDecl,
    pub(crate) region: RegionId,
}

/// An entry of a documents list before expansion: an item, or an `include`.
#[derive(Debug, Clone)]
pub(crate) enum DocEntry {
    /// An item of the list itself.
    Item(DocItem),
    /// `include <rule> [items a..b]` (1-based, inclusive).
    Include { target: RuleId, range: Option<(usize, usize)>, span: Span },
}

/// Where names are resolved: the file (for diagnostics), the region whose vocabulary is
/// visible (`None` = the prelude's only), and whether inside a quantifier.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a str,
    pub(crate) region: Option<RegionId>,
    pub(crate) in_quantifier: bool,
}

/// Where something is declared: file and span.
pub(crate) type Place = (String, Span);
/// Something declared in a scope (a region, or `None` for the prelude).
pub(crate) type Scoped<T> = (Option<RegionId>, T);

#[derive(Default)]
pub(crate) struct Checker {
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) enums: Vec<Enum>,
    /// Enum name → (id, file, span of the declaration).
    pub(crate) enum_index: HashMap<String, (EnumId, String, Span)>,
    /// (enum, member id) → declarations `(scope, (file, span))`.
    pub(crate) member_spans: HashMap<(EnumId, String), Vec<Scoped<Place>>>,
    pub(crate) facts: Vec<Fact>,
    /// Fact path → facts with that path (one per scope).
    pub(crate) fact_index: HashMap<String, Vec<FactId>>,
    pub(crate) fact_spans: Vec<(String, Span)>,
    pub(crate) lets: HashMap<String, Vec<declare::LetDef>>,
    pub(crate) documents: Vec<Document>,
    pub(crate) doc_index: HashMap<String, DocId>,
    pub(crate) doc_decls: HashMap<String, (String, Span)>,
    pub(crate) pending_supersede: Vec<(String, String, ast::Spanned<String>)>,
    /// Fact default citations, resolved once every document is declared.
    pub(crate) pending_default_sources: Vec<(String, (Option<RegionId>, FactId), ast::SourceRef)>,
    /// Where each default is written: (region, or `None` for the fact's own) → place.
    pub(crate) default_spans: BTreeMap<(Option<RegionId>, FactId), Place>,
    pub(crate) regions: Vec<Region>,
    pub(crate) region_index: HashMap<String, RegionId>,
    pub(crate) region_decls: HashMap<String, (String, Span)>,
    /// The region of each region file.
    pub(crate) file_region: HashMap<String, RegionId>,
    /// Rule shells.
    pub(crate) decls: std::rc::Rc<Vec<Decl>>,
    pub(crate) rule_index: HashMap<String, RuleId>,
    /// Where each region's `services` clause (or header) stands, for E0403.
    pub(crate) region_spans: HashMap<RegionId, (String, Span)>,
    /// Overrides as written (before the transitive closure), for E0402.
    pub(crate) direct_overrides: Vec<BTreeSet<RuleId>>,
    /// Documents lists before expansion.
    pub(crate) doc_entries: HashMap<RuleId, Vec<DocEntry>>,
    /// Rules that failed to check (inert placeholders in the region analysis).
    pub(crate) failed: BTreeSet<RuleId>,
}

pub(crate) fn err(code: Code, file: &str, span: Span, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, file, span, msg)
}

impl Checker {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// The checker's phases in order: regions, vocabulary and facts, rules, then the rule
    /// set's derived tables and the analysis. `None` when any error was reported.
    fn run(&mut self, mut files: Vec<(String, ast::File)>) -> Option<RuleSet> {
        let region_decls = self.declare_regions(&files);
        for (file, r, id) in &region_decls {
            self.region_parent(file, r, *id);
        }
        self.declare_vocabulary(&files, &region_decls);
        self.outlines(&files);
        let known = self.known(files.first().map(|f| f.0.as_str()).unwrap_or("prelude.carules"));
        let calendar = self.calendar(&files);
        self.declare_rules(&mut files);
        let (rules, known) = self.check_rules(known)?;
        let mut rs = RuleSet {
            enums: list(std::mem::take(&mut self.enums)),
            facts: list(std::mem::take(&mut self.facts)),
            documents: list(std::mem::take(&mut self.documents)),
            regions: list(std::mem::take(&mut self.regions)),
            rules: list(rules),
            calendar,
            known,
            lookup: Default::default(),
        };
        effective_rules(&mut rs);
        let service = rs.known.service;
        for r in rs.rules.to_mut().iter_mut() {
            r.services = services_mask(&r.when, service);
        }
        self.analyse(&rs);
        self.uncited_defaults(&rs);
        let errors = self.diags.iter().any(|d| d.severity == DiagSeverity::Error);
        if errors { None } else { Some(rs) }
    }

    /// The `region` header of every file (one per file, before its rules).
    fn declare_regions(&mut self, files: &[(String, ast::File)]) -> Vec<(String, ast::RegionDecl, RegionId)> {
        // Regions first: every scoped look-up needs them and their parents.
        let mut region_decls = Vec::new();
        for (file, f) in files {
            let mut region: Option<RegionId> = None;
            let mut seen_rule = false;
            for item in &f.items {
                match item {
                    ast::Item::Region(r) => {
                        let span = Span { start: r.span.start, end: r.code.span.end };
                        if region.is_some() {
                            self.push(err(Code::SecondRegion, file, span, "a file may declare only one region").with_help("put each region in its own file"));
                            continue;
                        }
                        if seen_rule {
                            self.push(
                                err(Code::LateRegionHeader, file, span, "the `region` header must come before the rules of the file")
                                    .with_help("move the `region` block to the top of the file"),
                            );
                        }
                        region = self.declare_region(file, r);
                        if let Some(id) = region {
                            self.file_region.insert(file.clone(), id);
                            region_decls.push((file.clone(), r.clone(), id));
                        }
                    }
                    ast::Item::Rule(_) => seen_rule = true,
                    _ => {}
                }
            }
        }
        region_decls
    }

    /// Enums, their extensions, facts, documents, region details and `let` names.
    fn declare_vocabulary(&mut self, files: &[(String, ast::File)], region_decls: &[(String, ast::RegionDecl, RegionId)]) {
        // Vocabulary, facts, documents.
        for (file, f) in files {
            let scope = self.file_region.get(file).copied();
            for item in &f.items {
                if let ast::Item::Enum(e) = item {
                    self.declare_enum(file, scope, e);
                }
            }
        }
        for (file, f) in files {
            let scope = self.file_region.get(file).copied();
            for item in &f.items {
                if let ast::Item::Extend(e) = item {
                    self.extend_enum(file, scope, e);
                }
            }
        }
        for (file, f) in files {
            let scope = self.file_region.get(file).copied();
            for item in &f.items {
                match item {
                    ast::Item::Fact(fd) => self.declare_fact(file, scope, fd),
                    ast::Item::Document(d) => self.declare_document(file, d),
                    _ => {}
                }
            }
        }
        self.link_superseded();
        for (file, r, id) in region_decls {
            self.resolve_region(file, r, *id);
        }
        self.link_default_sources();
        for (file, f) in files {
            let scope = self.file_region.get(file).copied();
            for item in &f.items {
                if let ast::Item::Let(l) = item {
                    self.declare_let(file, scope, l);
                }
            }
        }
    }

    /// Declares every rule of every region file (rules outside a region are errors). The
    /// rules move into their declarations: this is the last phase that reads the files.
    fn declare_rules(&mut self, files: &mut [(String, ast::File)]) {
        // Rules.
        for (file, f) in files.iter_mut() {
            let mut header_seen = false;
            for item in std::mem::take(&mut f.items) {
                if matches!(item, ast::Item::Region(_)) {
                    header_seen = true;
                }
                let ast::Item::Rule(rd) = item else { continue };
                match self.file_region.get(file).copied().filter(|_| header_seen) {
                    Some(rg) => self.declare_rule(file, rd, rg),
                    None => self.push(
                        err(Code::RegionHeader, file, rd.kind.span, format!("rule `{}` is outside any region", rd.id.node))
                            .with_help("rules belong in a region file that starts with `region <code> \"<name>\" { … }`"),
                    ),
                }
            }
        }
    }

    /// Checks each declared rule, expands includes, resolves `as` and closes overrides.
    /// Rules that failed are kept as inert placeholders so indices stay stable.
    fn check_rules(&mut self, known: Option<Known>) -> Option<(Vec<Rule>, Known)> {
        // Shared, not copied: checking a rule reads the other rules' declarations too.
        let decls = std::rc::Rc::clone(&self.decls);
        let mut rules: Vec<Option<Rule>> = decls.iter().enumerate().map(|(i, d)| self.rule(i, d)).collect();
        self.expand_includes(&mut rules);
        self.check_charge_as(&mut rules);
        self.close_overrides(&mut rules);
        let known = known?;
        self.failed = rules.iter().enumerate().filter(|(_, r)| r.is_none()).map(|(i, _)| i).collect();
        let rules: Vec<Rule> = rules
            .into_iter()
            .zip(decls.iter())
            .map(|(r, d)| {
                r.unwrap_or_else(|| Rule {
                    id: text(format!("invalid/{}", d.decl.id.node)),
                    region: d.region,
                    kind: d.decl.kind.node,
                    source: Source { doc: 0, article: Text::Borrowed("") },
                    overrides: List::Borrowed(&[]),
                    services: u64::MAX,
                    when: Cond::Const(false),
                    notes: List::Borrowed(&[]),
                    assumptions: List::Borrowed(&[]),
                    body: Body::Accept(false),
                })
            })
            .collect();
        Some((rules, known))
    }
}

/// The services for which `when` can hold (see [`crate::ir::Rule::services`]): the
/// intersection, over the top-level conjuncts that test fact `service` against members, of
/// the members they allow. Only conjuncts count, so a rule left out for a service is false
/// for it under three-valued logic too.
pub fn services_mask(when: &Cond, service: FactId) -> u64 {
    let conjuncts: &[Cond] = match when {
        Cond::And(cs) => cs,
        c => std::slice::from_ref(c),
    };
    let bits = |vals: &[Value]| vals.iter().fold(0u64, |m, v| if let Value::Enum(x) = v { m | (1u64 << (*x as u64 & 63)) } else { m });
    let mut mask = u64::MAX;
    for c in conjuncts {
        mask &= match c {
            Cond::Cmp(Expr::Fact(f), CmpOp::Eq, Expr::Lit(v)) | Cond::Cmp(Expr::Lit(v), CmpOp::Eq, Expr::Fact(f)) if *f == service => {
                bits(std::slice::from_ref(v))
            }
            Cond::Cmp(Expr::Fact(f), CmpOp::Ne, Expr::Lit(v)) | Cond::Cmp(Expr::Lit(v), CmpOp::Ne, Expr::Fact(f)) if *f == service => {
                !bits(std::slice::from_ref(v))
            }
            Cond::In(Expr::Fact(f), vals, neg) if *f == service => {
                if *neg {
                    !bits(vals)
                } else {
                    bits(vals)
                }
            }
            _ => u64::MAX,
        };
    }
    mask
}

/// Each region's effective rule lists (ancestors first, by kind) and inherited defaults.
fn effective_rules(rs: &mut RuleSet) {
    let mut by_region: Vec<BTreeMap<Kind, Vec<RuleId>>> = vec![BTreeMap::new(); rs.regions.len()];
    for (i, rule) in rs.rules.iter().enumerate() {
        if let Some(m) = by_region.get_mut(rule.region) {
            m.entry(rule.kind).or_default().push(i);
        }
    }
    for r in 0..rs.regions.len() {
        let chain = chain(rs, r);
        let mut by_kind: BTreeMap<Kind, Vec<RuleId>> = BTreeMap::new();
        let mut defaults = BTreeMap::new();
        let mut cited = BTreeMap::new();
        for anc in &chain {
            for (k, ids) in by_region.get(*anc).into_iter().flatten() {
                by_kind.entry(*k).or_default().extend(ids.iter().copied());
            }
            if let Some(reg) = rs.regions.get(*anc) {
                // A region's own default replaces its ancestor's, citation and all.
                for (k, v) in reg.defaults.iter() {
                    defaults.insert(*k, v.clone());
                    cited.remove(k);
                }
                cited.extend(reg.default_sources.iter().map(|(k, s)| (*k, s.clone())));
            }
        }
        if let Some(reg) = rs.regions.to_mut().get_mut(r) {
            reg.rules = list(by_kind.into_iter().map(|(k, v)| (k, list(v))).collect());
            reg.defaults = list(defaults.into_iter().collect());
            reg.default_sources = list(cited.into_iter().collect());
        }
    }
}

/// The region and its ancestors, outermost first.
pub(crate) fn chain(rs: &RuleSet, r: RegionId) -> Vec<RegionId> {
    let mut out = vec![r];
    let mut cur = rs.regions.get(r).and_then(|x| x.parent);
    while let Some(p) = cur {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        cur = rs.regions.get(p).and_then(|x| x.parent);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::services_mask;
    use crate::ir::{Cond, Expr, Value, list};

    /// A member listed twice is allowed once (the mask is a union, not a toggle); `not in`
    /// allows the others.
    #[test]
    fn a_member_listed_twice_is_allowed_once() {
        let rs = crate::rules::test_support::rs();
        let s = rs.known.service;
        let listed = |vals: Vec<Value>, neg| Cond::In(Expr::Fact(s), list(vals), neg);
        assert_eq!(services_mask(&listed(vec![Value::Enum(1), Value::Enum(1)], false), s), 0b10);
        assert_eq!(services_mask(&listed(vec![Value::Enum(1), Value::Enum(2)], false), s), 0b110);
        assert_eq!(services_mask(&listed(vec![Value::Enum(1), Value::Enum(1)], true), s), !0b10);
    }

    /// Durations are held in their base unit, in conditions and in deadlines alike: hours as
    /// minutes, years as months; a time minus a time is minutes, and minutes add.
    #[test]
    fn durations_are_held_in_their_base_unit() {
        let own = r#"
region 910000 "示例时长" {
  services new
}
document d { title "时长示例" date 2026-01-01 in_force 2026-01-01 "自印发之日起施行" }
finding soon {
  source d "一"
  when as_of + 2 hours - as_of > 60 minutes + 30 minutes and certificate.expires_on > today + 3 years
  deny renewal.outside_window "示例"
}
deadline onsite { source d "二" when channel == onsite within 5 hours "5小时内办结" }
deadline online { source d "二" when channel == online within 2 years "2年内办结" }
documents all { source d "三" when service == new unspecified "未列明" }
"#;
        let files: Vec<(String, String)> = [
            ("prelude.carules", include_str!("../../rules/prelude.carules")),
            ("calendar.carules", include_str!("../../rules/calendar.carules")),
            ("t.carules", own),
        ]
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
        let report = super::check_all(&files);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let rs = report.rules.unwrap_or_else(|| panic!("the rules do not check"));
        let shown = |id: &str| rs.rules.iter().find(|r| r.id == id).map(|r| format!("{:?} {:?}", r.when, r.body)).unwrap_or_default();
        let soon = shown("910000/soon");
        assert!(soon.contains("Minutes(120)") && soon.contains("Months(36)"), "{soon}");
        assert!(shown("910000/onsite").contains("Minutes(300)"), "{}", shown("910000/onsite"));
        assert!(shown("910000/online").contains("Months(24)"), "{}", shown("910000/online"));
    }

    /// Chinese characters (and full-width forms) are not a "mixed script" in a Latin id;
    /// Cyrillic and Greek letters that look Latin are.
    #[test]
    fn cjk_is_told_from_look_alike_scripts() {
        use super::declare::is_cjk;
        for c in ['身', '证', '（', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'а', 'ο', 'é'] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
