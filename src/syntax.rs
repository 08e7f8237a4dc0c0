//! Text → syntax tree. The pest grammar lives in `grammar/carules.pest`; this module turns
//! its parse tree into [`crate::ast`] nodes with spans, and a pest error into a located
//! [`Diagnostic`] with readable "expected …" wording.

use crate::ast::*;
use crate::diag::{Code, Diagnostic};
use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/carules.pest"]
struct RuleParser;

type P<'a> = Pair<'a, Rule>;

/// Parses one file's text. Errors: one `E0001` diagnostic at the first syntax error.
pub fn parse_file(file: &str, text: &str) -> Result<File, Diagnostic> {
    let mut pairs = RuleParser::parse(Rule::file, text).map_err(|e| syntax_error(file, text, e))?;
    let mut out = File::default();
    let Some(root) = pairs.next() else {
        return Ok(out);
    };
    for p in inner(root) {
        let item = match p.as_rule() {
            Rule::enum_decl => Item::Enum(enum_decl(p)),
            Rule::extend_decl => Item::Extend(enum_decl(p)),
            Rule::fact_decl => Item::Fact(fact_decl(p)),
            Rule::document_decl => Item::Document(document_decl(p)),
            Rule::calendar_decl => Item::Calendar(calendar_decl(p)),
            Rule::region_decl => Item::Region(region_decl(p)),
            Rule::rule => Item::Rule(rule_decl(p)),
            _ => continue,
        };
        out.items.push(item);
    }
    Ok(out)
}

fn syntax_error(file: &str, text: &str, e: pest::error::Error<Rule>) -> Diagnostic {
    let (start, end) = match e.location {
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, t)) => (s, t),
    };
    let rest = text.get(start..).unwrap_or("");
    // An opening quote whose line holds no closing quote: strings end on their own line.
    if rest.starts_with('"') && !closes_on_line(rest) {
        let line_end = rest.find('\n').map_or(text.len(), |i| start + i);
        return Diagnostic::new(Code::Syntax, file, Span { start, end: line_end.max(start + 1) }, "unterminated string: the closing `\"` is missing")
            .with_help("end the string with `\"` on the same line; write a line break inside a string as `\\n`");
    }
    let found = found_token(rest);
    let mut help = String::from("see docs/language.md for the form of each item");
    let message = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, negatives } => {
            let mut names: Vec<String> = Vec::new();
            let mut keywords: Vec<&'static str> = Vec::new();
            let mut in_rule = false;
            for r in positives {
                if let Some(k) = keyword_of(*r) {
                    keywords.push(k);
                }
                if is_rule_clause(*r) {
                    in_rule = true;
                } else {
                    names.push(rule_name(r).to_string());
                }
            }
            names.sort();
            names.dedup();
            let mut m = match (names.is_empty(), in_rule) {
                (true, true) => "expected the next clause of the rule or its closing `}`".to_string(),
                (true, false) => "unexpected input".to_string(),
                (false, true) => format!("expected {}, or else the next clause of the rule or its closing `}}`", join_or(&names)),
                (false, false) => format!("expected {}", join_or(&names)),
            };
            if !negatives.is_empty() {
                let names: Vec<String> = negatives.iter().map(|r| rule_name(r).to_string()).collect();
                m.push_str(&format!(" (not {})", join_or(&names)));
            }
            m.push_str(&format!(", found {}", found.as_deref().map_or("end of file".to_string(), |t| format!("`{t}`"))));
            let word = found.as_deref().unwrap_or("");
            if word.starts_with('=') && !word.starts_with("==") {
                help = "comparisons are written `==` (equal) or `!=` (not equal)".into();
            } else if word.starts_with('/') && text.get(..start).is_some_and(|b| b.ends_with('元')) {
                help = "money units are `元` (once), `元/年` (per year) and `元/次` (per time)".into();
            } else if in_rule && ITEM_KEYWORDS.contains(&word) {
                help = format!("is a `}}` missing before this `{word}`? every rule ends with `}}`");
            } else if let Some(s) = crate::diag::suggest(word, keywords.iter().copied()).filter(|_| word.chars().all(|c| c.is_alphanumeric() || c == '_')) {
                help = s;
            }
            m
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    Diagnostic::new(Code::Syntax, file, Span { start, end: end.max(start + found.as_deref().map_or(0, str::len)) }, message).with_help(help)
}

/// Keywords that start an item of a file (a rule that reaches one was not closed).
const ITEM_KEYWORDS: [&str; 15] =
    ["enum", "extend", "fact", "document", "calendar", "region", "finding", "fee", "documents", "deadline", "media", "accept", "hours", "checklist", "}"];

/// Whether a string opening at the start of `s` is closed before the end of its line.
fn closes_on_line(s: &str) -> bool {
    let mut chars = s.chars().skip(1);
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return true,
            '\n' => return false,
            _ => {}
        }
    }
    false
}

/// The token at the start of `s`, for "found `…`": a word, a number-like run, or one character.
fn found_token(s: &str) -> Option<String> {
    let c = s.chars().next()?;
    let t: String = if c.is_alphabetic() || c == '_' {
        s.chars().take_while(|x| x.is_alphanumeric() || *x == '_' || *x == '.').collect()
    } else if c.is_ascii_digit() {
        s.chars().take_while(|x| x.is_ascii_digit() || matches!(x, '.' | '-' | ':')).collect()
    } else if s.starts_with("==") || s.starts_with("!=") || s.starts_with("<=") || s.starts_with(">=") {
        s.chars().take(2).collect()
    } else {
        c.to_string()
    };
    Some(t.trim_end_matches('.').to_string())
}

/// Clauses of a rule's frame and body: summarised as "the next clause of the rule".
fn is_rule_clause(r: Rule) -> bool {
    matches!(
        r,
        Rule::kw_unspecified
            | Rule::severity
            | Rule::status_clause
            | Rule::accept_clause
            | Rule::k_assume
            | Rule::k_cutoff
            | Rule::k_days
            | Rule::k_immediate
            | Rule::k_include
            | Rule::k_issue
            | Rule::k_item
            | Rule::k_none
            | Rule::k_note
            | Rule::k_overrides
            | Rule::k_remedy
            | Rule::k_requires
            | Rule::k_season
            | Rule::k_source
            | Rule::k_when
            | Rule::k_within
    )
}

/// The word of a keyword rule, for "did you mean" on a misspelt keyword.
fn keyword_of(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::kw_unspecified => "unspecified",
        Rule::k_alias => "alias",
        Rule::k_assume => "assume",
        Rule::k_cutoff => "cutoff",
        Rule::k_days => "days",
        Rule::k_default => "default",
        Rule::k_immediate => "immediate",
        Rule::k_include => "include",
        Rule::k_issue => "issue",
        Rule::k_item => "item",
        Rule::k_none => "none",
        Rule::k_note => "note",
        Rule::k_overrides => "overrides",
        Rule::k_parent => "parent",
        Rule::k_remedy => "remedy",
        Rule::k_requires => "requires",
        Rule::k_season => "season",
        Rule::k_services => "services",
        Rule::k_source => "source",
        Rule::k_when => "when",
        Rule::k_within => "within",
        Rule::k_copies => "copies",
        Rule::k_passes => "passes",
        Rule::k_derive => "derive",
        _ => return None,
    })
}

fn join_or(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n => format!("{} or {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn rule_name(r: &Rule) -> &'static str {
    match r {
        Rule::EOI => "end of file",
        Rule::enum_decl => "`enum`",
        Rule::extend_decl => "`extend`",
        Rule::fact_decl => "`fact`",
        Rule::document_decl => "`document`",
        Rule::calendar_decl => "`calendar`",
        Rule::region_decl => "`region`",
        Rule::rule => "a rule (`finding`, `fee`, `documents`, `deadline`, `media`, `accept`, `hours`, `checklist`)",
        Rule::file | Rule::rule_kind | Rule::k_enum | Rule::k_extend | Rule::k_fact | Rule::k_document | Rule::k_calendar | Rule::k_region => {
            "an item (`enum`, `extend`, `fact`, `document`, `calendar`, `region` or a rule such as `finding`, `fee`, `documents`)"
        }
        Rule::ident | Rule::dotted | Rule::name => "a name",
        Rule::rule_ref => "a rule id",
        Rule::string => "a quoted string",
        Rule::region_code => "a 6-digit region code",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::tod => "a time of day (HH:MM)",
        Rule::number | Rule::int => "a number",
        Rule::money_unit => "a money unit (`元`, `元/年`, `元/次`)",
        Rule::dur_unit => "a duration unit (`minutes`, `hours`, `days`, `working_days`)",
        Rule::source_clause => "`source`",
        Rule::overrides_clause => "`overrides`",
        Rule::when_clause => "`when`",
        Rule::note_clause => "`note`",
        Rule::severity_clause => "`deny`/`warn`/`info`",
        Rule::cond | Rule::conj | Rule::neg | Rule::atom => "a condition",
        Rule::comparison => "a comparison",
        Rule::cmp_tail => "a comparison operator",
        Rule::cmp_op => "`==`, `!=`, `<`, `<=`, `>`, `>=`",
        Rule::add_op | Rule::mul_op => "an arithmetic operator (`+`, `-`, `×`)",
        Rule::expr | Rule::term | Rule::factor => "an expression",
        Rule::literal => "a value",
        Rule::list => "a list `[…]`",
        Rule::doc_field | Rule::doc_key => "a document field (`number`, `title`, `issuer`, `date`, `in_force`)",
        Rule::enum_member => "an enum member",
        Rule::type_expr => "a type",
        Rule::cal_entry | Rule::cal_kind => "`off` or `work`",
        Rule::year_clause => "`year`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_unspecified => "`unspecified`",
        Rule::fee_item | Rule::doc_item | Rule::check_item => "an `item`",
        Rule::period => "a period (HH:MM-HH:MM)",
        Rule::month_day => "a month-day (MM-DD)",
        _ => "a clause",
    }
}

/// Children of a pair without the keyword tokens (`k_*` rules).
fn inner(p: P) -> impl Iterator<Item = P> {
    p.into_inner().filter(|x| !is_keyword(x.as_rule()))
}

fn is_keyword(r: Rule) -> bool {
    matches!(
        r,
        Rule::k_alias
            | Rule::k_assume
            | Rule::k_calendar
            | Rule::k_copies
            | Rule::k_cutoff
            | Rule::k_days
            | Rule::k_default
            | Rule::k_derive
            | Rule::k_document
            | Rule::k_else
            | Rule::k_extend
            | Rule::k_enum
            | Rule::k_fact
            | Rule::k_from
            | Rule::k_immediate
            | Rule::k_include
            | Rule::k_issue
            | Rule::k_item
            | Rule::k_items
            | Rule::k_next_day
            | Rule::k_none
            | Rule::k_note
            | Rule::k_of
            | Rule::k_overrides
            | Rule::k_parent
            | Rule::k_passes
            | Rule::k_region
            | Rule::k_remedy
            | Rule::k_requires
            | Rule::k_same_day
            | Rule::k_season
            | Rule::k_services
            | Rule::k_set
            | Rule::k_source
            | Rule::k_to
            | Rule::k_when
            | Rule::k_within
            | Rule::k_year
    )
}

/// The span of a pair without the whitespace and comments pest lets trail it (a
/// condition at the end of a `when` would otherwise run on to the next clause).
fn sp(p: &P) -> Span {
    let s = p.as_span();
    Span { start: s.start(), end: s.start() + trimmed_len(s.as_str()) }
}

fn trimmed_len(text: &str) -> usize {
    let mut t = text.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    loop {
        // A trailing comment: `#` outside a string on the last line.
        let line_start = t.rfind('\n').map_or(0, |i| i + 1);
        let mut in_str = false;
        let mut escaped = false;
        let mut hash = None;
        for (i, c) in t.get(line_start..).unwrap_or("").char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_str => escaped = true,
                '"' => in_str = !in_str,
                '#' if !in_str => {
                    hash = Some(line_start + i);
                    break;
                }
                _ => {}
            }
        }
        match hash {
            Some(h) => t = t.get(..h).unwrap_or("").trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'),
            None => return t.len(),
        }
    }
}

fn spanned(p: &P) -> Spanned<String> {
    Spanned { node: p.as_str().to_string(), span: sp(p) }
}

/// Unescapes a `string` pair.
fn string(p: P) -> String {
    let raw = inner(p).next().map(|i| i.as_str()).unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn enum_decl(p: P) -> EnumDecl {
    let mut it = inner(p).peekable();
    let name = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let mut label = None;
    let mut members = Vec::new();
    for x in it {
        match x.as_rule() {
            Rule::string => label = Some(string(x)),
            Rule::enum_member => {
                let mut mi = inner(x);
                let id = mi.next().map(|x| spanned(&x)).unwrap_or_else(empty);
                let label = mi.next().map(string).unwrap_or_default();
                let aliases = mi.next().map(alias_list).unwrap_or_default();
                members.push(EnumMember { id, label, aliases });
            }
            _ => {}
        }
    }
    EnumDecl { name, label, members }
}

fn empty() -> Spanned<String> {
    Spanned { node: String::new(), span: Span::default() }
}

fn alias_list(p: P) -> Vec<String> {
    inner(p).map(string).collect()
}

fn fact_decl(p: P) -> FactDecl {
    let mut path = empty();
    let mut ty = TypeExpr::Named(empty());
    let mut label = None;
    let mut default = None;
    for x in inner(p) {
        match x.as_rule() {
            Rule::dotted => path = spanned(&x),
            Rule::type_expr => {
                if let Some(t) = inner(x).next() {
                    ty = match t.as_rule() {
                        Rule::set_of => TypeExpr::SetOf(inner(t).next().map(|i| spanned(&i)).unwrap_or_else(empty)),
                        _ => TypeExpr::Named(spanned(&t)),
                    };
                }
            }
            Rule::string => label = Some(string(x)),
            Rule::fact_default => {
                if let Some(l) = inner(x).next() {
                    default = Some(literal(l));
                }
            }
            _ => {}
        }
    }
    FactDecl { path, ty, label, default }
}

fn document_decl(p: P) -> DocumentDecl {
    let mut it = inner(p);
    let id = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let mut fields = Vec::new();
    for f in it {
        let mut fi = inner(f);
        let key = fi.next().map(|x| spanned(&x)).unwrap_or_else(empty);
        let value = match fi.next() {
            Some(v) if v.as_rule() == Rule::date => FieldValue::Date(spanned(&v)),
            Some(v) if v.as_rule() == Rule::string => FieldValue::Text(string(v)),
            _ => FieldValue::Unspecified,
        };
        let remark = fi.next().map(string);
        fields.push(DocField { key, value, remark });
    }
    DocumentDecl { id, fields }
}

fn source_ref(p: P) -> SourceRef {
    let mut it = inner(p);
    let doc = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let article = it.next().map(string).unwrap_or_default();
    SourceRef { doc, article }
}

fn calendar_decl(p: P) -> CalendarDecl {
    let mut it = inner(p);
    let id = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let source = it.next().map(source_ref).unwrap_or(SourceRef { doc: empty(), article: String::new() });
    let year = it.next().and_then(|y| inner(y).next()).map(|y| spanned(&y)).unwrap_or_else(empty);
    let mut entries = Vec::new();
    for e in it {
        let mut ei = inner(e);
        let off = ei.next().map(|k| k.as_str().starts_with("off")).unwrap_or(true);
        let from = ei.next().map(|x| spanned(&x)).unwrap_or_else(empty);
        let mut to = None;
        let mut label = String::new();
        for x in ei {
            match x.as_rule() {
                Rule::date => to = Some(spanned(&x)),
                Rule::string => label = string(x),
                _ => {}
            }
        }
        entries.push(CalEntry { off, from, to, label });
    }
    CalendarDecl { id, source, year, entries }
}

fn region_decl(p: P) -> RegionDecl {
    let span = sp(&p);
    let mut it = inner(p);
    let code = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let name = it.next().map(string).unwrap_or_default();
    let mut r = RegionDecl { code, name, aliases: vec![], parent: None, services: vec![], services_span: None, defaults: vec![], span };
    for x in it {
        match x.as_rule() {
            Rule::alias_list => r.aliases.extend(alias_list(x)),
            Rule::parent_clause => r.parent = inner(x).next().map(|c| spanned(&c)),
            Rule::services_clause => {
                r.services_span = Some(sp(&x));
                r.services.extend(inner(x).map(|s| spanned(&s)));
            }
            Rule::region_default => {
                let mut di = inner(x);
                if let (Some(k), Some(v)) = (di.next(), di.next()) {
                    r.defaults.push((spanned(&k), literal(v)));
                }
            }
            _ => {}
        }
    }
    r
}

fn rule_decl(p: P) -> RuleDecl {
    let span = sp(&p);
    let mut it = inner(p);
    let kind = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let id = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let mut r = RuleDecl { kind, id, title: None, sources: vec![], overrides: vec![], when: None, notes: vec![], body: vec![], span };
    for x in it {
        let xs = sp(&x);
        let clause = match x.as_rule() {
            Rule::string => {
                r.title = Some(string(x));
                continue;
            }
            Rule::source_clause => {
                r.sources.push(source_ref(x));
                continue;
            }
            Rule::overrides_clause => {
                r.overrides.extend(inner(x).map(|y| spanned(&y)));
                continue;
            }
            Rule::when_clause => {
                r.when = inner(x).next().map(cond);
                continue;
            }
            Rule::note_clause => {
                r.notes.extend(inner(x).next().map(string));
                continue;
            }
            Rule::severity_clause => {
                let mut ci = inner(x);
                let severity = ci.next().map(|s| s.as_str().to_string()).unwrap_or_default();
                let code = ci.next().map(|c| spanned(&c)).unwrap_or_else(empty);
                let message = ci.next().map(string).unwrap_or_default();
                Clause::Severity { severity, code, message }
            }
            Rule::remedy_clause => Clause::Remedy(inner(x).next().map(string).unwrap_or_default()),
            Rule::status_clause => Clause::Status(x.as_str().to_string()),
            Rule::unspecified_clause => Clause::Unspecified(inner(x).find(|y| y.as_rule() == Rule::string).map(string)),
            Rule::fee_item => {
                let mut ci = inner(x);
                let label = ci.next().map(string).unwrap_or_default();
                let amount = ci.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                let unit = ci.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                let quantity = ci.next().map(expr);
                Clause::FeeItem { label, amount, unit, quantity }
            }
            Rule::doc_item => {
                let mut ci = inner(x);
                let id = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let name = ci.next().map(string).unwrap_or_default();
                let (mut copies, mut requires, mut when, mut source) = (None, vec![], None, None);
                for o in ci {
                    match o.as_rule() {
                        Rule::copies_opt => copies = inner(o).next().and_then(|n| n.as_str().parse().ok()),
                        Rule::requires_clause => requires.extend(inner(o).map(|q| spanned(&q))),
                        Rule::item_when => when = inner(o).next().map(cond),
                        Rule::item_source => source = inner(o).next().map(string),
                        _ => {}
                    }
                }
                Clause::DocItem { id, name, copies, requires, when, source }
            }
            Rule::requires_clause => Clause::Requires(inner(x).map(|q| spanned(&q)).collect()),
            Rule::include_clause => {
                let mut ci = inner(x);
                let target = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let range = ci.next().map(|r| {
                    let mut ri = inner(r);
                    let a = ri.next().and_then(|n| n.as_str().parse().ok()).unwrap_or(0);
                    let b = ri.next().and_then(|n| n.as_str().parse().ok()).unwrap_or(0);
                    (a, b)
                });
                Clause::Include { target, range }
            }
            Rule::none_clause => Clause::None(inner(x).next().map(string).unwrap_or_default()),
            Rule::within_clause => {
                let mut ci = inner(x);
                let n = ci.next().and_then(|n| n.as_str().parse().ok()).unwrap_or(0);
                let unit = ci.next().map(|u| u.as_str().to_string()).unwrap_or_default();
                let basis = ci.next().map(string).unwrap_or_default();
                Clause::Within { n, unit, basis }
            }
            Rule::cutoff_clause => {
                let mut ci = inner(x);
                let at = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let basis = ci.next().map(string).unwrap_or_default();
                Clause::Cutoff { at, basis }
            }
            Rule::immediate_clause => Clause::Immediate(inner(x).next().map(string).unwrap_or_default()),
            Rule::issue_clause => Clause::Issue(inner(x).next().map(|a| spanned(&a)).unwrap_or_else(empty)),
            Rule::accept_clause => Clause::Accept(x.as_str().starts_with("accepted")),
            Rule::days_clause => Clause::Days(inner(x).next().map(|d| d.as_str().to_string()).unwrap_or_default()),
            Rule::season_clause => {
                let mut ci = inner(x);
                let id = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let label = ci.next().map(string).unwrap_or_default();
                let periods = ci
                    .map(|per| {
                        let mut pi = inner(per);
                        let a = pi.next().map(|t| spanned(&t)).unwrap_or_else(empty);
                        let b = pi.next().map(|t| spanned(&t)).unwrap_or_else(empty);
                        (a, b)
                    })
                    .collect();
                Clause::Season { id, label, periods }
            }
            Rule::assume_clause => {
                let mut ci = inner(x);
                let season = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let from = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let to = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let why = ci.next().map(string).unwrap_or_default();
                Clause::Assume { season, from, to, why }
            }
            Rule::check_item => {
                let mut ci = inner(x);
                let id = ci.next().map(string).unwrap_or_default();
                let text = ci.next().map(string).unwrap_or_default();
                let passes = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                let derive = ci.next().map(|d| {
                    let mut di = inner(d);
                    let f = di.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                    let r = di.next().map(|a| spanned(&a)).unwrap_or_else(empty);
                    (f, r)
                });
                Clause::CheckItem { id, text, passes, derive }
            }
            _ => continue,
        };
        r.body.push(Spanned { node: clause, span: xs });
    }
    r
}

fn cond(p: P) -> Spanned<Cond> {
    let span = sp(&p);
    let node = match p.as_rule() {
        Rule::cond => {
            let mut parts: Vec<Spanned<Cond>> = inner(p).filter(|x| x.as_rule() == Rule::conj).map(cond).collect();
            if parts.len() == 1 {
                return parts.remove(0);
            }
            Cond::Or(parts)
        }
        Rule::conj => {
            let mut parts: Vec<Spanned<Cond>> = inner(p).filter(|x| x.as_rule() == Rule::neg).map(cond).collect();
            if parts.len() == 1 {
                return parts.remove(0);
            }
            Cond::And(parts)
        }
        Rule::neg => {
            let mut it = inner(p);
            match it.next() {
                Some(x) if x.as_rule() == Rule::kw_not => match it.next() {
                    Some(inner) => Cond::Not(Box::new(cond(inner))),
                    None => Cond::Const(false),
                },
                Some(x) => return cond(x),
                None => Cond::Const(false),
            }
        }
        Rule::atom => match inner(p).next() {
            Some(x) if x.as_rule() == Rule::kw_true => Cond::Const(true),
            Some(x) if x.as_rule() == Rule::kw_false => Cond::Const(false),
            Some(x) => return cond(x),
            None => Cond::Const(false),
        },
        Rule::comparison => {
            let mut it = inner(p);
            let lhs = match it.next() {
                Some(e) => expr(e),
                None => return Spanned { node: Cond::Const(false), span },
            };
            match it.next() {
                None => Cond::Truthy(lhs),
                Some(tail) => {
                    let parts: Vec<P> = inner(tail).collect();
                    let rules: Vec<Rule> = parts.iter().map(|x| x.as_rule()).collect();
                    match rules.as_slice() {
                        [Rule::cmp_op, Rule::expr] => {
                            let op = parts[0].as_str().to_string();
                            Cond::Cmp(lhs, op, expr(parts[1].clone()))
                        }
                        [Rule::kw_not, Rule::kw_in, Rule::list] => Cond::In(lhs, true, list(parts[2].clone())),
                        [Rule::kw_in, Rule::list] => Cond::In(lhs, false, list(parts[1].clone())),
                        [Rule::kw_has, Rule::kw_any, Rule::list] => Cond::HasAny(lhs, list(parts[2].clone())),
                        [Rule::kw_has, Rule::expr] => Cond::Has(lhs, expr(parts[1].clone())),
                        [Rule::kw_within, Rule::region_code] => Cond::Within(lhs, spanned(&parts[1])),
                        _ => Cond::Const(false),
                    }
                }
            }
        }
        _ => Cond::Const(false),
    };
    Spanned { node, span }
}

fn list(p: P) -> Vec<Spanned<Expr>> {
    inner(p).map(expr).collect()
}

fn expr(p: P) -> Spanned<Expr> {
    let span = sp(&p);
    match p.as_rule() {
        Rule::expr | Rule::term => {
            let mut it = inner(p);
            let Some(first) = it.next() else {
                return Spanned { node: Expr::Lit(Literal::Number("0".into())), span };
            };
            let mut acc = expr(first);
            while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                let c = match op.as_str() {
                    "+" => '+',
                    "-" => '-',
                    _ => '×',
                };
                let rhs = expr(rhs);
                let s = Span { start: acc.span.start, end: rhs.span.end };
                acc = Spanned { node: Expr::Bin(Box::new(acc), c, Box::new(rhs)), span: s };
            }
            acc
        }
        Rule::factor => match inner(p).next() {
            Some(x) => match x.as_rule() {
                Rule::kw_today => Spanned { node: Expr::Today, span },
                Rule::kw_true => Spanned { node: Expr::Lit(Literal::Bool(true)), span },
                Rule::kw_false => Spanned { node: Expr::Lit(Literal::Bool(false)), span },
                Rule::name => Spanned { node: Expr::Name(x.as_str().to_string()), span },
                Rule::literal => {
                    let l = literal(x);
                    Spanned { node: Expr::Lit(l.node), span: l.span }
                }
                _ => expr(x),
            },
            None => Spanned { node: Expr::Lit(Literal::Number("0".into())), span },
        },
        _ => Spanned { node: Expr::Lit(Literal::Number("0".into())), span },
    }
}

fn literal(p: P) -> Spanned<Literal> {
    let span = sp(&p);
    let lit = match p.as_rule() {
        Rule::literal => inner(p).next(),
        _ => Some(p),
    };
    let node = match lit {
        Some(x) => match x.as_rule() {
            Rule::date => Literal::Date(x.as_str().to_string()),
            Rule::tod => Literal::TimeOfDay(x.as_str().to_string()),
            Rule::money => {
                let mut mi = inner(x);
                let n = mi.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                let u = mi.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                Literal::Money(n, u)
            }
            Rule::duration => {
                let mut mi = inner(x);
                let n = mi.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                let u = mi.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                Literal::Duration(n, u)
            }
            Rule::number => Literal::Number(x.as_str().to_string()),
            Rule::string => Literal::Str(string(x)),
            Rule::list => Literal::List(list(x)),
            Rule::kw_true => Literal::Bool(true),
            Rule::kw_false => Literal::Bool(false),
            Rule::name => Literal::Name(x.as_str().to_string()),
            _ => Literal::Str(x.as_str().to_string()),
        },
        None => Literal::Number("0".into()),
    };
    Spanned { node, span }
}
