//! The checked intermediate representation: names resolved to indices, every expression
//! typed, document lists expanded, exceptions ordered. Produced by [`crate::check`];
//! consumed by the engine ([`crate::engine`]) and the code generator.
//!
//! - `expr`: types, run-time values, expressions and conditions;
//! - `body`: what each kind of rule says;
//! - here: vocabulary, facts, documents, rules, regions, the calendar and the rule set.

use chrono::NaiveDate;

/// Index of an enum in [`RuleSet::enums`].
pub type EnumId = usize;
/// Index of a member inside its enum.
pub type MemberId = u16;
/// Index of a fact in [`RuleSet::facts`].
pub type FactId = usize;
/// Index of a rule in [`RuleSet::rules`].
pub type RuleId = usize;
/// Index of a document in [`RuleSet::documents`].
pub type DocId = usize;
/// Index of a region in [`RuleSet::regions`].
pub type RegionId = usize;

mod body;
mod expr;
pub mod lookup;
pub use lookup::Lookup;
mod store;
pub use body::*;
pub use expr::*;
pub use store::*;

/// A member of an enum.
#[derive(Debug, Clone)]
pub struct Member {
    /// Id used in requests and rules.
    pub id: Text,
    /// zh-CN label.
    pub label: Text,
    /// Other accepted spellings.
    pub aliases: List<Text>,
    /// The region whose file declared it (visible there and in the regions below), or
    /// `None` for the shared vocabulary (prelude).
    pub scope: Option<RegionId>,
}

/// A declared enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Name.
    pub name: Text,
    /// zh-CN label.
    pub label: Text,
    /// Members.
    pub members: List<Member>,
    /// A region's own spellings of members declared elsewhere (`extend key { main alias
    /// "业务主锁" }`), each visible in its region and below.
    pub aliases: List<ScopedAlias>,
}

/// An alias a region (or the prelude) gives a member declared elsewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopedAlias {
    /// The member.
    pub member: MemberId,
    /// The spelling.
    pub alias: Text,
    /// The region whose file gave it (visible there and below), `None` for the prelude.
    pub scope: Option<RegionId>,
}

impl Enum {
    /// The member with this id, alias or label, whatever its scope (a region's own aliases
    /// of a member included).
    pub fn lookup(&self, s: &str) -> Option<MemberId> {
        self.members
            .iter()
            .position(|m| m.id == s || m.label == s || m.aliases.iter().any(|a| a == s))
            .and_then(|i| MemberId::try_from(i).ok())
            .or_else(|| self.aliases.iter().find(|a| a.alias == s).map(|a| a.member))
    }
    /// The region aliases of member `m` visible where `visible` says, in declaration order.
    pub fn scoped_aliases(&self, m: MemberId, visible: impl Fn(Option<RegionId>) -> bool) -> impl Iterator<Item = &str> {
        self.aliases.iter().filter(move |a| a.member == m && visible(a.scope)).map(|a| a.alias.as_str())
    }
    /// The member's id.
    pub fn id_of(&self, m: MemberId) -> &str {
        self.members.get(m as usize).map(|x| x.id.as_str()).unwrap_or("?")
    }
}

/// A declared fact.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Dotted path, also the JSON path in requests.
    pub path: Text,
    /// Type.
    pub ty: Type,
    /// zh-CN label.
    pub label: Text,
    /// Default when absent: an assumption the answer states (`assumed`).
    pub default: Option<Value>,
    /// The citation that justifies the default (`default … source doc "article"`); the
    /// checker refuses an uncited default on a fact a rule reads (E0203).
    pub default_source: Option<Source>,
    /// Smallest value a request may give (int facts).
    pub min: Option<i64>,
    /// The region whose file declared it, or `None` for the shared facts (prelude).
    pub scope: Option<RegionId>,
}

/// A source document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Id in rule files.
    pub id: Text,
    /// Number (文号), if the document has one.
    pub number: Option<Text>,
    /// Title.
    pub title: Text,
    /// Issuer.
    pub issuer: Option<Text>,
    /// Date of issue.
    pub date: Option<NaiveDate>,
    /// Date from which it applies; `None` = the document does not say.
    pub in_force: Option<NaiveDate>,
    /// First day it no longer applies (废止 / 失效); `None` = still in force as encoded.
    pub repealed: Option<NaiveDate>,
    /// The document that replaced it, where known.
    pub superseded_by: Option<DocId>,
    /// Where it was published: page address or publication, as recorded.
    pub url: Option<Text>,
    /// "`number`《title》" as shown in answers.
    pub display: Text,
}

/// A citation: document and article.
#[derive(Debug, Clone)]
pub struct Source {
    /// Document.
    pub doc: DocId,
    /// Article / clause / table row.
    pub article: Text,
}

/// A checked rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Full id `<region>/<local id>`.
    pub id: Text,
    /// Region.
    pub region: RegionId,
    /// Kind.
    pub kind: Kind,
    /// Citation.
    pub source: Source,
    /// Rules this one overrides, transitively closed.
    pub overrides: List<RuleId>,
    /// The services (bit `m` = member `m` of the `service` enum) for which the condition can
    /// hold: a service the condition's conjuncts exclude (`service == renewal`, `service in
    /// [...]`, `service != …`) has its bit clear, and the rule is then false without being
    /// evaluated (Kleene `and` with a false conjunct). All bits when it does not test the
    /// service. Set by the checker (`check::services_mask`), written out by the generator.
    pub services: u64,
    /// Condition.
    pub when: Cond,
    /// Notes.
    pub notes: List<Text>,
    /// Labelled assumptions (`assume "…"`): where the regulation is silent, what the rule
    /// takes to hold. Repeated in the answer beside the part they qualify.
    pub assumptions: List<Text>,
    /// What it says.
    pub body: Body,
}

/// A region.
#[derive(Debug, Clone)]
pub struct Region {
    /// GB/T 2260 code.
    pub code: Text,
    /// Name.
    pub name: Text,
    /// Aliases.
    pub aliases: List<Text>,
    /// Parent.
    pub parent: Option<RegionId>,
    /// Services covered (members of the `service` enum).
    pub services: List<MemberId>,
    /// Fact defaults of this region (own, ancestors merged in by the checker).
    pub defaults: List<(FactId, Value)>,
    /// The citations of those defaults that have one, sorted by fact (merged likewise).
    pub default_sources: List<(FactId, Source)>,
    /// Rules that apply here, ancestors first, grouped by kind.
    pub rules: List<(Kind, List<RuleId>)>,
}

impl Region {
    /// The code as a number (0 if malformed, which the checker rejects).
    pub fn code_num(&self) -> u32 {
        self.code.parse().unwrap_or(0)
    }
    /// The rules of `kind` that apply here, ancestors first (empty when there are none).
    pub fn rules_of(&self, kind: Kind) -> &[RuleId] {
        sorted_get(&self.rules, &kind).map(|v| &v[..]).unwrap_or(&[])
    }
    /// The region's default for fact `f`, if it (or an ancestor) declares one.
    pub fn default_of(&self, f: FactId) -> Option<&Value> {
        sorted_get(&self.defaults, &f)
    }
    /// The citation of the region's default for fact `f`, if it has one.
    pub fn default_source_of(&self, f: FactId) -> Option<&Source> {
        sorted_get(&self.default_sources, &f)
    }
}

/// The merged working-day calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    /// Years covered.
    pub years: List<i32>,
    /// Days off (holidays).
    pub off: List<NaiveDate>,
    /// Make-up working days.
    pub work: List<NaiveDate>,
    /// Citation per year.
    pub sources: List<(i32, Source)>,
}

/// Well-known facts the engine reads.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// `as_of`.
    pub as_of: FactId,
    /// `service`.
    pub service: FactId,
    /// `channel`.
    pub channel: FactId,
    /// `years`.
    pub years: FactId,
    /// `charged`.
    pub charged: FactId,
    /// `applicant.kind`.
    pub kind: FactId,
    /// `certificate.issued_in`.
    pub issued_in: FactId,
    /// `region`: the place the request asks about (its GB/T 2260 code), filled by the request
    /// reader from the request's `region`, never read as a fact key.
    pub region: FactId,
    /// The `service` enum.
    pub service_enum: EnumId,
    /// The `kind` enum.
    pub kind_enum: EnumId,
}

/// The whole checked rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Enums.
    pub enums: List<Enum>,
    /// Facts.
    pub facts: List<Fact>,
    /// Documents.
    pub documents: List<Document>,
    /// Regions.
    pub regions: List<Region>,
    /// Rules.
    pub rules: List<Rule>,
    /// Calendar.
    pub calendar: Calendar,
    /// Well-known facts.
    pub known: Known,
    /// Look-up tables (regions, request shape), built on first use.
    pub lookup: lookup::Lookup,
}

/// How a request's region resolved: the declared region whose rules answer, and the
/// code asked about when it is an undeclared lower level of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionMatch {
    /// The declared region.
    pub region: RegionId,
    /// The undeclared GB/T 2260 code asked about, if any.
    pub asked: Option<u32>,
}

/// Why a request's region names no region with rules ([`RuleSet::resolve_region`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionMiss {
    /// Neither a declared region nor a place of the national table, nor a 6-digit code below
    /// a declared region.
    Unknown,
    /// A name several places of the table share: their codes, ascending. Not guessed.
    Ambiguous(Vec<u32>),
    /// A place of the table (its code) with no declared region at or above it.
    NoRules(u32),
}

impl RuleSet {
    /// The declared region with this code, name or alias (aliases without regard to ASCII
    /// case). Constant time whatever the number of regions.
    pub fn region(&self, s: &str) -> Option<RegionId> {
        let s = s.trim();
        let t = self.lookup.get(self);
        if let Some(i) = t.regions.get(s) {
            return Some(*i);
        }
        if s.is_ascii() && s.bytes().any(|b| b.is_ascii_uppercase()) {
            return t.aliases_lower.get(&s.to_ascii_lowercase()).copied();
        }
        None
    }

    /// The region a request names, and the place asked about when it has no rules of its own:
    ///
    /// - a declared region's code, name or alias (`630000`, `青海`, `qinghai`);
    /// - a place of the national table ([`crate::gb2260`]) by code (`632801`) or name, with or
    ///   without its suffix (`格尔木市`, `格尔木`, `海西蒙古族藏族自治州`, `海西州`): answered by its
    ///   nearest declared ancestor (county → its prefecture → its province, as the table has
    ///   them);
    /// - any other 6-digit code whose prefecture or province is declared (XXYYZZ → XXYY00 →
    ///   XX0000).
    ///
    /// Errors: [`RegionMiss`] — no such place, a name several places share (never guessed),
    /// or a place with no declared region at or above it.
    pub fn resolve_region(&self, s: &str) -> Result<RegionMatch, RegionMiss> {
        if let Some(region) = self.region(s) {
            return Ok(RegionMatch { region, asked: None });
        }
        let s = s.trim();
        let table = crate::gb2260::table();
        let code = if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            match s.parse::<u32>() {
                Ok(code) if code >= 110000 => code,
                _ => return Err(RegionMiss::Unknown),
            }
        } else {
            match table.named(s) {
                crate::gb2260::Named::One(code) => code,
                crate::gb2260::Named::Several(codes) => return Err(RegionMiss::Ambiguous(codes)),
                crate::gb2260::Named::None => return Err(RegionMiss::Unknown),
            }
        };
        let codes = &self.lookup.get(self).codes;
        for anc in [code, code / 100 * 100, code / 10000 * 10000] {
            if let Some(region) = codes.get(&anc) {
                return Ok(RegionMatch { region: *region, asked: (anc != code).then_some(code) });
            }
        }
        Err(if table.get(code).is_some() { RegionMiss::NoRules(code) } else { RegionMiss::Unknown })
    }

    /// Whether vocabulary of `scope` (a declaring region, or shared) is visible in `region`:
    /// shared vocabulary everywhere, a region's own in it and the regions below it.
    pub fn visible(&self, scope: Option<RegionId>, region: RegionId) -> bool {
        scope_visible(&self.regions, scope, Some(region))
    }

    /// The member of enum `e` with this id, alias or label that is visible in `region`.
    pub fn member(&self, e: EnumId, s: &str, region: RegionId) -> Option<MemberId> {
        let en = self.enums.get(e)?;
        en.members
            .iter()
            .position(|m| (m.id == s || m.label == s || m.aliases.iter().any(|a| a == s)) && self.visible(m.scope, region))
            .and_then(|i| MemberId::try_from(i).ok())
            .or_else(|| en.aliases.iter().find(|a| a.alias == s && self.visible(a.scope, region)).map(|a| a.member))
    }
    /// The fact with this path.
    pub fn fact(&self, path: &str) -> Option<FactId> {
        self.facts.iter().position(|f| f.path == path)
    }

    /// The services a region covers: its own `services` list, or its nearest ancestor's.
    pub fn services(&self, r: RegionId) -> &[MemberId] {
        let mut cur = Some(r);
        for _ in 0..16 {
            let Some(reg) = cur.and_then(|x| self.regions.get(x)) else { break };
            if !reg.services.is_empty() {
                return &reg.services;
            }
            cur = reg.parent;
        }
        &[]
    }
}

/// The code of the nation (GB/T 2260 `100000`, 中华人民共和国): the national layer's region,
/// within which every place lies.
pub const NATIONAL: u32 = 100000;

/// Whether region code `inner` lies within `outer` (GB/T 2260: 100000 ⊃ 150000 ⊃ 152500 ⊃
/// 152501; every code lies within [`NATIONAL`]).
pub fn region_within(inner: u32, outer: u32) -> bool {
    if outer == NATIONAL {
        true
    } else if outer.is_multiple_of(10000) {
        inner / 10000 == outer / 10000
    } else if outer.is_multiple_of(100) {
        inner / 100 == outer / 100
    } else {
        inner == outer
    }
}

/// Whether vocabulary declared in `scope` (a region, or `None` for the shared prelude) is
/// visible from `region` (`None` = the prelude, which sees only shared vocabulary): shared
/// vocabulary everywhere, a region's own in it and the regions below it (parents in
/// `regions`, at most 8 levels).
pub fn scope_visible(regions: &[Region], scope: Option<RegionId>, region: Option<RegionId>) -> bool {
    let Some(s) = scope else { return true };
    let mut cur = region;
    for _ in 0..8 {
        match cur {
            Some(r) if r == s => return true,
            Some(r) => cur = regions.get(r).and_then(|x| x.parent),
            None => return false,
        }
    }
    false
}
