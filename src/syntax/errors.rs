//! Pest errors → located diagnostics with readable wording: what was expected (by name,
//! never a grammar rule), what was found (a token, "a line break" or "end of file"), and a
//! help line for the usual slips (`=` for `==`, a money unit, a missing `}`, a misspelt
//! keyword).

use super::{ITEM_KEYWORDS, Rule};
use crate::ast::Span;
use crate::diag::{Code, Diagnostic};

/// The diagnostic for a pest error in the part of `text` that starts at byte `offset`.
pub(super) fn syntax_error(file: &str, text: &str, offset: usize, e: pest::error::Error<Rule>) -> Diagnostic {
    let (start, end) = match e.location {
        pest::error::InputLocation::Pos(p) => (p + offset, p + offset),
        pest::error::InputLocation::Span((s, t)) => (s + offset, t + offset),
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
                keywords.extend(words_of(*r));
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
            m.push_str(&format!(", found {}", found_text(found.as_deref())));
            let word = found.as_deref().unwrap_or("");
            if word.starts_with('=') && !word.starts_with("==") {
                help = "comparisons are written `==` (equal) or `!=` (not equal)".into();
            } else if word.starts_with('/') && text.get(..start).is_some_and(|b| b.ends_with('元')) {
                help = "money units are `元` (once), `元/年` (per year), `元/次` (per time), `元/套`, `元/个`, `元/把`, `元/张` (per set, piece, key, certificate) and `元/个/年` (per piece per year)".into();
            } else if in_rule && (ITEM_KEYWORDS.contains(&word) || word == "}") {
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

/// How a found token reads in a message: `` `tok` ``, "a line break" or "end of file".
fn found_text(t: Option<&str>) -> String {
    match t {
        None => "end of file".into(),
        Some("\n") => "a line break".into(),
        Some(t) => format!("`{t}`"),
    }
}

/// The token at the start of `s`, for "found `…`": a word, a number-like run, or one
/// character (never empty); `None` at the end of the file.
fn found_token(s: &str) -> Option<String> {
    let s = s.trim_start_matches([' ', '\t', '\r', '\u{3000}', '\u{FEFF}']);
    if s.starts_with('\n') {
        return Some("\n".into());
    }
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
    let trimmed = t.trim_end_matches('.');
    Some(if trimmed.is_empty() { t } else { trimmed.to_string() })
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
            | Rule::k_as
            | Rule::k_incomplete
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
            | Rule::contact_kind
            | Rule::k_source
            | Rule::k_when
            | Rule::k_within
            | Rule::k_valid
            | Rule::k_at_least
    )
}

/// The words of a rule that is a choice of keywords, for "did you mean".
fn words_of(r: Rule) -> &'static [&'static str] {
    match r {
        Rule::severity => &["deny", "warn", "info", "oblige"],
        Rule::status_clause => &["capped", "fixed", "free", "self_paid", "minimum", "package"],
        Rule::accept_clause => &["accepted", "rejected"],
        Rule::rule_kind => &["finding", "fee", "documents", "deadline", "media", "accept", "hours", "checklist", "office", "validity"],
        Rule::days_kind => &["working", "weekdays", "all"],
        Rule::dur_unit => &["minutes", "hours", "days", "weekdays", "working_days", "months", "years"],
        Rule::doc_key => &["number", "title", "issuer", "date", "in_force", "repealed", "superseded_by", "url"],
        Rule::next_day => &["next_day", "next_working_day"],
        Rule::form_kind => &["original", "copy", "paper", "scan", "photo", "electronic"],
        _ => &[],
    }
}

/// The word of a keyword rule, for "did you mean" on a misspelt keyword.
fn keyword_of(r: Rule) -> Option<&'static str> {
    Some(match r {
        Rule::kw_unspecified => "unspecified",
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
        Rule::k_after => "after",
        Rule::k_form => "form",
        Rule::k_passes => "passes",
        Rule::k_derive => "derive",
        Rule::k_as => "as",
        Rule::k_incomplete => "incomplete",
        Rule::k_let => "let",
        Rule::k_min => "min",
        Rule::k_except => "except",
        Rule::k_holidays => "holidays",
        Rule::k_alias => "alias",
        Rule::k_items => "items",
        _ => return None,
    })
}

fn join_or(names: &[String]) -> String {
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The name of a grammar rule as an author knows it, for "expected …" messages: items,
/// names and values here, clauses and keywords in [`clause_name`].
pub(super) fn rule_name(r: &Rule) -> &'static str {
    match r {
        Rule::EOI => "end of file",
        Rule::enum_decl => "`enum`",
        Rule::extend_decl => "`extend`",
        Rule::fact_decl => "`fact`",
        Rule::let_decl | Rule::k_let => "`let`",
        Rule::document_decl => "`document`",
        Rule::outline_decl | Rule::k_outline => "`outline`",
        Rule::outline_article | Rule::k_article => "`article \"number\" \"text\"`",
        Rule::not_encoded | Rule::k_not_encoded => "`not_encoded \"reason\"`",
        Rule::calendar_decl => "`calendar`",
        Rule::region_decl => "`region`",
        Rule::rule => "a rule (`finding`, `fee`, `documents`, `deadline`, `media`, `accept`, `hours`, `checklist`)",
        Rule::file | Rule::rule_kind | Rule::k_enum | Rule::k_extend | Rule::k_fact | Rule::k_document | Rule::k_calendar | Rule::k_region => {
            "an item (`enum`, `extend`, `fact`, `let`, `document`, `outline`, `calendar`, `region` or a rule such as `finding`, `fee`, `documents`)"
        }
        Rule::ident | Rule::dotted | Rule::name | Rule::segment => "a name",
        Rule::rule_ref => "a rule id",
        Rule::string => "a quoted string",
        Rule::region_code => "a 6-digit region code",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::tod => "a time of day (HH:MM)",
        Rule::number | Rule::int => "a number",
        Rule::money_unit => "a money unit (`元`, `元/年`, `元/次`, `元/套`, `元/个`, `元/把`, `元/张`, `元/个/年`)",
        Rule::dur_unit => "a duration unit (`minutes`, `hours`, `days`, `weekdays`, `working_days`, `months`, `years`)",
        Rule::except_holidays | Rule::k_except => "`except holidays`",
        Rule::k_holidays => "`holidays`",
        Rule::next_day => "`next_day` or `next_working_day`",
        Rule::day_set | Rule::days_kind => "a day set (`working`, `weekdays`, `all`)",
        Rule::quantified | Rule::quantifier => "`any` or `all`",
        Rule::collection => "`together` or `items`",
        Rule::count | Rule::kw_count => "`count`",
        Rule::kw_all => "`all`",
        Rule::kw_any => "`any`",
        Rule::kw_not => "`not`",
        Rule::kw_in => "`in`",
        Rule::kw_has => "`has`",
        Rule::kw_within => "`within`",
        Rule::kw_today => "`today`",
        Rule::kw_true | Rule::kw_false => "`true` or `false`",
        _ => clause_name(r),
    }
}

/// The name of a clause or keyword rule, for "expected …" messages.
fn clause_name(r: &Rule) -> &'static str {
    match r {
        Rule::fact_default | Rule::k_default => "`default`",
        Rule::fact_min | Rule::k_min => "`min`",
        Rule::set_of | Rule::k_set => "`set of`",
        Rule::k_of => "`of`",
        Rule::alias_list | Rule::k_alias => "`alias`",
        Rule::parent_clause | Rule::k_parent => "`parent`",
        Rule::services_clause | Rule::k_services => "`services`",
        Rule::region_default => "`default <fact> = <value>`",
        Rule::as_clause | Rule::k_as => "`as`",
        Rule::incomplete_clause | Rule::k_incomplete => "`incomplete`",
        Rule::assume_note | Rule::assume_clause | Rule::k_assume => "`assume`",
        Rule::item_when => "`when`",
        Rule::item_source => "`source`",
        Rule::copies_opt | Rule::k_copies => "`copies`",
        Rule::after_event | Rule::k_after => "`after <fact>`",
        Rule::form_opt | Rule::form_choice | Rule::k_form => "`form`",
        Rule::form_kind => "a form (`original`, `copy`, `paper`, `scan`, `photo`, `electronic`)",
        Rule::requires_clause | Rule::k_requires => "`requires`",
        Rule::include_clause | Rule::k_include => "`include`",
        Rule::include_range | Rule::k_items => "`items a..b`",
        Rule::none_clause | Rule::k_none => "`none`",
        Rule::within_clause => "`within`",
        Rule::valid_clause | Rule::k_valid => "`valid`",
        Rule::at_least_clause | Rule::k_at_least => "`at_least`",
        Rule::cutoff_clause | Rule::k_cutoff => "`cutoff`",
        Rule::k_same_day => "`same_day`",
        Rule::k_else => "`else`",
        Rule::immediate_clause | Rule::k_immediate => "`immediate`",
        Rule::issue_clause | Rule::k_issue => "`issue`",
        Rule::contact_clause | Rule::contact_kind => "`address`, `window`, `hotline`, `online` or `form`",
        Rule::accept_clause => "`accepted` or `rejected`",
        Rule::days_clause | Rule::k_days => "`days`",
        Rule::season_clause | Rule::k_season => "`season`",
        Rule::k_from => "`from`",
        Rule::k_to => "`to`",
        Rule::derive | Rule::k_derive => "`derive`",
        Rule::k_passes => "`passes`",
        Rule::remedy_clause | Rule::k_remedy => "`remedy`",
        Rule::status_clause => "a fee status (`capped`, `fixed`, `minimum`, `package`, `free`, `self_paid`)",
        Rule::unspecified_clause => "`unspecified`",
        Rule::year_clause | Rule::k_year => "`year`",
        Rule::severity => "`deny`, `warn`, `info` or `oblige`",
        Rule::money => "an amount of money",
        Rule::duration => "a duration",
        Rule::source_clause => "`source`",
        Rule::overrides_clause => "`overrides`",
        Rule::when_clause => "`when`",
        Rule::note_clause => "`note`",
        Rule::severity_clause => "`deny`/`warn`/`info`/`oblige`",
        Rule::cond | Rule::conj | Rule::neg | Rule::atom => "a condition",
        Rule::comparison => "a comparison",
        Rule::cmp_tail => "a comparison operator",
        Rule::cmp_op => "`==`, `!=`, `<`, `<=`, `>`, `>=`",
        Rule::add_op | Rule::mul_op => "an arithmetic operator (`+`, `-`, `×`)",
        Rule::expr | Rule::term | Rule::factor => "an expression",
        Rule::literal => "a value",
        Rule::list => "a list `[…]`",
        Rule::doc_field | Rule::doc_key => "a document field (`number`, `title`, `issuer`, `date`, `in_force`, `repealed`, `superseded_by`, `url`)",
        Rule::enum_member => "an enum member",
        Rule::type_expr => "a type",
        Rule::cal_entry | Rule::cal_kind => "`off` or `work`",
        Rule::kw_and => "`and`",
        Rule::kw_or => "`or`",
        Rule::kw_unspecified => "`unspecified`",
        Rule::fee_item | Rule::doc_item | Rule::check_item => "an `item`",
        Rule::period => "a period (HH:MM-HH:MM)",
        Rule::month_day => "a month-day (MM-DD)",
        _ => "a clause",
    }
}
