//! Pest parse tree → [`crate::ast`]: typed kinds, operators and units, unescaped strings,
//! and the span of every node (trailing whitespace and comments excluded).

use super::Rule;
use crate::ast::*;
use crate::ir::{CmpOp, DaySet, Kind, MoneyUnit};
use pest::iterators::{Pair, Pairs};

pub(super) type P<'a> = Pair<'a, Rule>;

/// The items of a parsed file.
pub(super) fn file(mut pairs: Pairs<'_, Rule>) -> File {
    let mut out = File::default();
    let Some(root) = pairs.next() else {
        return out;
    };
    for p in inner(root) {
        let item = match p.as_rule() {
            Rule::enum_decl => Item::Enum(enum_decl(p)),
            Rule::extend_decl => Item::Extend(enum_decl(p)),
            Rule::fact_decl => Item::Fact(fact_decl(p)),
            Rule::let_decl => Item::Let(let_decl(p)),
            Rule::document_decl => Item::Document(document_decl(p)),
            Rule::outline_decl => Item::Outline(super::outline::outline_decl(p)),
            Rule::calendar_decl => Item::Calendar(calendar_decl(p)),
            Rule::region_decl => Item::Region(region_decl(p)),
            Rule::rule => Item::Rule(rule_decl(p)),
            _ => continue,
        };
        out.items.push(item);
    }
    out
}

/// Children of a pair without the keyword tokens (`k_*` rules).
pub(super) fn inner(p: P) -> impl Iterator<Item = P> {
    p.into_inner().filter(|x| !is_keyword(x.as_rule()))
}

fn is_keyword(r: Rule) -> bool {
    matches!(
        r,
        Rule::k_alias
            | Rule::k_article
            | Rule::k_as
            | Rule::k_assume
            | Rule::k_calendar
            | Rule::k_copies
            | Rule::k_after
            | Rule::k_valid
            | Rule::k_at_least
            | Rule::k_form
            | Rule::k_cutoff
            | Rule::k_days
            | Rule::k_default
            | Rule::k_derive
            | Rule::k_document
            | Rule::k_else
            | Rule::k_except
            | Rule::k_extend
            | Rule::k_enum
            | Rule::k_fact
            | Rule::k_from
            | Rule::k_holidays
            | Rule::k_immediate
            | Rule::k_include
            | Rule::k_incomplete
            | Rule::k_issue
            | Rule::k_item
            | Rule::k_items
            | Rule::k_let
            | Rule::k_min
            | Rule::k_none
            | Rule::k_not_encoded
            | Rule::k_note
            | Rule::k_of
            | Rule::k_outline
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
pub(super) fn sp(p: &P) -> Span {
    let s = p.as_span();
    let text = s.as_str();
    // Pest lets blanks and comments trail a pair only through its implicit skip, which takes
    // every blank and comment up to the next token. So a pair that ends before the end of
    // the input on a non-blank character ends on a token of its own: nothing to trim.
    let blank = |c: char| c.is_whitespace() || c == '\u{FEFF}';
    let len = if s.end() < s.get_input().len() && text.chars().next_back().is_some_and(|c| !blank(c)) { text.len() } else { trimmed_len(text) };
    Span { start: s.start(), end: s.start() + len }
}

fn trimmed_len(text: &str) -> usize {
    let mut t = text.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    loop {
        // A trailing comment: `#` outside a string on the last line.
        let line_start = t.rfind('\n').map_or(0, |i| i + 1);
        let last_line = t.get(line_start..).unwrap_or("");
        if !last_line.contains('#') {
            return t.len();
        }
        let mut in_str = false;
        let mut escaped = false;
        let mut hash = None;
        for (i, c) in last_line.char_indices() {
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

pub(super) fn spanned(p: &P) -> Spanned<String> {
    Spanned { node: p.as_str().to_string(), span: sp(p) }
}

pub(super) fn empty() -> Spanned<String> {
    Spanned { node: String::new(), span: Span::default() }
}

/// Unescapes a `string` pair.
pub(super) fn string(p: P) -> String {
    let raw = inner(p).next().map(|i| i.as_str()).unwrap_or("");
    if !raw.contains('\\') {
        return raw.to_string();
    }
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
                let (mut label, mut aliases) = (None, Vec::new());
                for y in mi {
                    match y.as_rule() {
                        Rule::string => label = Some(string(y)),
                        _ => aliases = alias_list(y),
                    }
                }
                let alias_only = label.is_none();
                members.push(EnumMember { id, label: label.unwrap_or_default(), aliases, alias_only });
            }
            _ => {}
        }
    }
    EnumDecl { name, label, members }
}

fn alias_list(p: P) -> Vec<String> {
    inner(p).map(string).collect()
}

fn fact_decl(p: P) -> FactDecl {
    let mut path = empty();
    let mut ty = TypeExpr::Named(empty());
    let mut label = None;
    let mut default = None;
    let mut default_source = None;
    let mut min = None;
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
                let mut di = inner(x);
                if let Some(l) = di.next() {
                    default = Some(literal(l));
                }
                default_source = di.next().map(source_ref);
            }
            Rule::fact_min => min = inner(x).next().map(|n| spanned(&n)),
            _ => {}
        }
    }
    FactDecl { path, ty, label, default, default_source, min }
}

fn let_decl(p: P) -> LetDecl {
    let mut it = inner(p);
    let name = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let c = it.next().map(cond).unwrap_or(Spanned { node: Cond::Const(false), span: name.span });
    LetDecl { name, cond: c }
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
            Some(v) if v.as_rule() == Rule::ident => FieldValue::Name(spanned(&v)),
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
    let (article_span, article) = it.next().map(|a| (sp(&a), string(a))).unwrap_or((doc.span, String::new()));
    SourceRef { doc, article, article_span }
}

fn calendar_decl(p: P) -> CalendarDecl {
    let mut it = inner(p);
    let id = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let source = it.next().map(source_ref).unwrap_or(SourceRef { doc: empty(), article: String::new(), article_span: Span::default() });
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
                    r.defaults.push((spanned(&k), literal(v), di.next().map(source_ref)));
                }
            }
            _ => {}
        }
    }
    r
}

fn rule_kind(s: &str) -> Kind {
    match s.trim() {
        "finding" => Kind::Finding,
        "fee" => Kind::Fee,
        "documents" => Kind::Documents,
        "deadline" => Kind::Deadline,
        "media" => Kind::Media,
        "accept" => Kind::Accept,
        "hours" => Kind::Hours,
        "office" => Kind::Office,
        "validity" => Kind::Validity,
        _ => Kind::Checklist,
    }
}

pub(super) fn dur_unit(s: &str) -> DurUnit {
    match s.trim() {
        "minutes" => DurUnit::Minutes,
        "hours" => DurUnit::Hours,
        "days" => DurUnit::Days,
        "weekdays" => DurUnit::Weekdays,
        "working_days" => DurUnit::WorkingDays,
        "months" => DurUnit::Months,
        _ => DurUnit::Years,
    }
}

pub(super) fn day_set(p: P) -> DaySet {
    let mut kind = "working";
    let mut except = false;
    for x in inner(p) {
        match x.as_rule() {
            Rule::days_kind => {
                kind = if x.as_str().starts_with("weekdays") {
                    "weekdays"
                } else if x.as_str().starts_with("all") {
                    "all"
                } else {
                    "working"
                }
            }
            Rule::except_holidays => except = true,
            _ => {}
        }
    }
    match (kind, except) {
        ("weekdays", false) => DaySet::Weekdays,
        ("weekdays", true) => DaySet::WeekdaysExceptHolidays,
        ("all", false) => DaySet::All,
        ("all", true) => DaySet::AllExceptHolidays,
        // `working except holidays` is the same set as `working`.
        _ => DaySet::Working,
    }
}

fn rule_decl(p: P) -> RuleDecl {
    let span = sp(&p);
    let mut it = inner(p);
    let kind = it.next().map(|x| Spanned { node: rule_kind(x.as_str()), span: sp(&x) }).unwrap_or(Spanned { node: Kind::Finding, span });
    let id = it.next().map(|x| spanned(&x)).unwrap_or_else(empty);
    let mut r = RuleDecl { kind, id, title: None, sources: vec![], overrides: vec![], when: vec![], notes: vec![], assumptions: vec![], body: vec![], span };
    for x in it {
        let xs = sp(&x);
        let clause = match x.as_rule() {
            Rule::string => {
                r.title = Some(Spanned { span: xs, node: string(x) });
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
                r.when.extend(inner(x).next().map(cond));
                continue;
            }
            Rule::note_clause => {
                r.notes.extend(inner(x).next().map(string));
                continue;
            }
            Rule::assume_note => {
                r.assumptions.extend(inner(x).next().map(string));
                continue;
            }
            _ => match super::clauses::body_clause(x) {
                Some(c) => c,
                None => continue,
            },
        };
        r.body.push(Spanned { node: clause, span: xs });
    }
    r
}

fn cmp_op(s: &str) -> CmpOp {
    match s {
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        _ => CmpOp::Ge,
    }
}

fn collection(s: &str) -> Collection {
    if s.starts_with("together") { Collection::Together } else { Collection::Items }
}

pub(super) fn cond(p: P) -> Spanned<Cond> {
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
        Rule::quantified => {
            let mut it = inner(p);
            let q = if it.next().is_some_and(|x| x.as_str().starts_with("all")) { Quantifier::All } else { Quantifier::Any };
            let c = collection(it.next().map(|x| x.as_str()).unwrap_or(""));
            let body = it.next().map(cond).unwrap_or(Spanned { node: Cond::Const(false), span });
            Cond::Quantified(q, c, Box::new(body))
        }
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
                    let part = |i: usize| parts.get(i).cloned();
                    match rules.as_slice() {
                        [Rule::cmp_op, Rule::expr] => match (part(0), part(1)) {
                            (Some(o), Some(r)) => Cond::Cmp(lhs, cmp_op(o.as_str()), expr(r)),
                            _ => Cond::Const(false),
                        },
                        [Rule::kw_not, Rule::kw_in, Rule::list] => Cond::In(lhs, true, part(2).map(list).unwrap_or_default()),
                        [Rule::kw_in, Rule::list] => Cond::In(lhs, false, part(1).map(list).unwrap_or_default()),
                        [Rule::kw_has, Rule::kw_any, Rule::list] => Cond::HasAny(lhs, part(2).map(list).unwrap_or_default()),
                        [Rule::kw_has, Rule::kw_all, Rule::list] => Cond::HasAll(lhs, part(2).map(list).unwrap_or_default()),
                        [Rule::kw_has, Rule::expr] => match part(1) {
                            Some(r) => Cond::Has(lhs, expr(r)),
                            None => Cond::Const(false),
                        },
                        [Rule::kw_within, Rule::region_code] => match part(1) {
                            Some(c) => Cond::Within(lhs, spanned(&c)),
                            None => Cond::Const(false),
                        },
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

fn zero(span: Span) -> Spanned<Expr> {
    Spanned { node: Expr::Lit(Literal::Number("0".into())), span }
}

pub(super) fn expr(p: P) -> Spanned<Expr> {
    let span = sp(&p);
    match p.as_rule() {
        Rule::expr | Rule::term => {
            let mut it = inner(p);
            let Some(first) = it.next() else {
                return zero(span);
            };
            let mut acc = expr(first);
            while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                let o = match op.as_str() {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    _ => BinOp::Mul,
                };
                let rhs = expr(rhs);
                let s = Span { start: acc.span.start, end: rhs.span.end };
                acc = Spanned { node: Expr::Bin(Box::new(acc), o, Box::new(rhs)), span: s };
            }
            acc
        }
        Rule::factor => match inner(p).next() {
            Some(x) => match x.as_rule() {
                Rule::kw_today => Spanned { node: Expr::Today, span },
                Rule::kw_true => Spanned { node: Expr::Lit(Literal::Bool(true)), span },
                Rule::kw_false => Spanned { node: Expr::Lit(Literal::Bool(false)), span },
                Rule::name => Spanned { node: Expr::Name(x.as_str().to_string()), span },
                Rule::count => {
                    let mut it = inner(x).filter(|y| y.as_rule() != Rule::kw_count);
                    let c = collection(it.next().map(|y| y.as_str()).unwrap_or(""));
                    let body = it.next().map(cond).unwrap_or(Spanned { node: Cond::Const(false), span });
                    Spanned { node: Expr::Count(c, Box::new(body)), span }
                }
                Rule::literal => {
                    let l = literal(x);
                    Spanned { node: Expr::Lit(l.node), span: l.span }
                }
                _ => expr(x),
            },
            None => zero(span),
        },
        _ => zero(span),
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
                let u = mi.next().and_then(|a| MoneyUnit::parse(a.as_str())).unwrap_or(MoneyUnit::Once);
                Literal::Money(n, u)
            }
            Rule::duration => {
                let mut mi = inner(x);
                let n = mi.next().map(|a| a.as_str().to_string()).unwrap_or_default();
                let u = mi.next().map(|a| dur_unit(a.as_str())).unwrap_or(DurUnit::Days);
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
