//! Lowering of rule body clauses (severity, fee items, document items, deadlines, office
//! hours, checklist items) from pest pairs to the syntax tree.

use super::Rule;
use super::lower::*;
use crate::ast::*;
use crate::ir::{DaySet, DocForm, MoneyUnit, Severity};

/// The body clause `x` of a rule (severity, fee item, document item, deadline, …), or
/// `None` for a pair that is not one.
pub(super) fn body_clause(x: P) -> Option<Clause> {
    Some(match x.as_rule() {
        Rule::severity_clause => {
            let mut ci = inner(x);
            let severity = match ci.next().map(|s| s.as_str().trim().to_string()).as_deref() {
                Some("deny") => Severity::Deny,
                Some("warn") => Severity::Warn,
                Some("oblige") => Severity::Oblige,
                Some("refer") => Severity::Refer,
                _ => Severity::Info,
            };
            let code = ci.next().map(|c| spanned(&c)).unwrap_or_else(empty);
            let message = ci.next().map(string).unwrap_or_default();
            let to = ci.next().and_then(|t| inner(t).last()).map(|r| spanned(&r));
            Clause::Severity { severity, code, message, to }
        }
        Rule::remedy_clause => Clause::Remedy(inner(x).next().map(string).unwrap_or_default()),
        Rule::status_clause => Clause::Status(match x.as_str().trim() {
            "capped" => Status::Capped,
            "fixed" => Status::Fixed,
            "free" => Status::Free,
            "minimum" => Status::Minimum,
            "package" => Status::Package,
            _ => Status::SelfPaid,
        }),
        Rule::unspecified_clause => Clause::Unspecified(inner(x).find(|y| y.as_rule() == Rule::string).map(string)),
        Rule::as_clause => Clause::As(inner(x).next().map(|y| spanned(&y)).unwrap_or_else(empty)),
        Rule::fee_item => fee_item(x),
        Rule::doc_item => doc_item(x),
        Rule::requires_clause => Clause::Requires(inner(x).map(|q| spanned(&q)).collect()),
        Rule::include_clause => {
            let mut ci = inner(x);
            let target = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
            let range = ci.next().map(|r| {
                let mut ri = inner(r);
                let a = ri.next().map(|n| spanned(&n)).unwrap_or_else(empty);
                let b = ri.next().map(|n| spanned(&n)).unwrap_or_else(empty);
                (a, b)
            });
            Clause::Include { target, range }
        }
        Rule::none_clause => Clause::None(inner(x).next().map(string).unwrap_or_default()),
        Rule::incomplete_clause => Clause::Incomplete(inner(x).next().map(string).unwrap_or_default()),
        Rule::within_clause => within_clause(x),
        Rule::valid_clause => valid_clause(x),
        Rule::at_least_clause => at_least_clause(x),
        Rule::cutoff_clause => cutoff_clause(x),
        Rule::immediate_clause => Clause::Immediate(inner(x).next().map(string).unwrap_or_default()),
        Rule::issue_clause => Clause::Issue(inner(x).next().map(|a| spanned(&a)).unwrap_or_else(empty)),
        Rule::accept_clause => Clause::Accept(x.as_str().starts_with("accepted")),
        Rule::days_clause => Clause::Days(inner(x).next().map(day_set).unwrap_or(DaySet::Working)),
        Rule::season_clause => season_clause(x),
        Rule::assume_clause => {
            let mut ci = inner(x);
            let season = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
            let from = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
            let to = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
            let why = ci.next().map(string).unwrap_or_default();
            Clause::Assume { season, from, to, why }
        }
        Rule::check_item => check_item(x),
        Rule::contact_clause => {
            let mut ci = inner(x);
            let kind = match ci.next().map(|k| k.as_str().trim().to_string()).as_deref() {
                Some("address") => ContactKind::Address,
                Some("window") => ContactKind::Window,
                Some("hotline") => ContactKind::Hotline,
                Some("online") => ContactKind::Online,
                Some("email") => ContactKind::Email,
                Some("wechat") => ContactKind::Wechat,
                Some("mini_program") => ContactKind::MiniProgram,
                _ => ContactKind::Form,
            };
            let value = ci.next().map(string).unwrap_or_default();
            let label = ci.next().map(string);
            Clause::Contact { kind, value, label }
        }
        _ => return None,
    })
}

fn fee_item(x: P) -> Clause {
    let mut label = String::new();
    let mut amount = empty();
    let mut unit = MoneyUnit::Once;
    let mut quantity = None;
    let mut when = None;
    for y in inner(x) {
        match y.as_rule() {
            Rule::string => label = string(y),
            Rule::number => amount = spanned(&y),
            Rule::money_unit => unit = MoneyUnit::parse(y.as_str()).unwrap_or(MoneyUnit::Once),
            Rule::expr => quantity = Some(expr(y)),
            Rule::item_when => when = inner(y).next().map(cond),
            _ => {}
        }
    }
    Clause::FeeItem { label, amount, unit, quantity, when }
}

fn doc_item(x: P) -> Clause {
    let mut ci = inner(x);
    let id = ci.next().map(|a| spanned(&a)).unwrap_or_else(empty);
    let name = ci.next().map(string).unwrap_or_default();
    let (mut copies, mut requires, mut when, mut source, mut forms) = (None, vec![], None, None, vec![]);
    for o in ci {
        match o.as_rule() {
            Rule::copies_opt => copies = inner(o).next().map(|n| spanned(&n)),
            Rule::form_opt => forms.extend(inner(o).filter(|f| f.as_rule() == Rule::form_choice).map(form_choice)),
            Rule::requires_clause => requires.extend(inner(o).map(|q| spanned(&q))),
            Rule::item_when => when = inner(o).next().map(cond),
            Rule::item_source => source = inner(o).next().map(string),
            _ => {}
        }
    }
    Clause::DocItem { id, name, copies, requires, forms, when, source }
}

/// `copy (requires seal)`: a form and its own requirements.
fn form_choice(x: P) -> (Spanned<DocForm>, Vec<Spanned<String>>) {
    let mut ci = inner(x).filter(|y| y.as_rule() != Rule::k_requires);
    let form = match ci.next() {
        Some(f) => {
            let s = spanned(&f);
            Spanned { node: DocForm::parse(s.node.trim()).unwrap_or(DocForm::Original), span: s.span }
        }
        None => Spanned { node: DocForm::Original, span: empty().span },
    };
    (form, ci.map(|q| spanned(&q)).collect())
}

fn within_clause(x: P) -> Clause {
    let (mut n, mut unit, mut except_holidays, mut basis, mut after) = (empty(), DurUnit::Days, false, String::new(), None);
    for y in inner(x) {
        match y.as_rule() {
            Rule::int => n = spanned(&y),
            Rule::dur_unit => unit = dur_unit(y.as_str()),
            Rule::except_holidays => except_holidays = true,
            Rule::after_event => after = inner(y).next().map(|f| spanned(&f)),
            Rule::string => basis = string(y),
            _ => {}
        }
    }
    Clause::Within { n, unit, except_holidays, after, basis }
}

fn at_least_clause(x: P) -> Clause {
    let (mut n, mut label, mut c, mut held) = (empty(), String::new(), None, None);
    for y in inner(x) {
        match y.as_rule() {
            Rule::int => n = spanned(&y),
            Rule::string => label = string(y),
            Rule::cond => c = Some(cond(y)),
            Rule::expr => held = Some(expr(y)),
            _ => {}
        }
    }
    let cond = c.unwrap_or(Spanned { node: Cond::Const(false), span: n.span });
    Clause::AtLeast { n, label, cond, held }
}

fn valid_clause(x: P) -> Clause {
    let (mut n, mut unit, mut basis, mut after) = (empty(), DurUnit::Years, String::new(), None);
    for y in inner(x) {
        match y.as_rule() {
            Rule::int => n = spanned(&y),
            Rule::dur_unit => unit = dur_unit(y.as_str()),
            Rule::after_event => after = inner(y).next().map(|f| spanned(&f)),
            Rule::string => basis = string(y),
            _ => {}
        }
    }
    Clause::Valid { n, unit, after, basis }
}

fn cutoff_clause(x: P) -> Clause {
    let (mut at, mut next_working, mut basis) = (empty(), false, String::new());
    for y in inner(x) {
        match y.as_rule() {
            Rule::tod => at = spanned(&y),
            Rule::next_day => next_working = y.as_str().starts_with("next_working_day"),
            Rule::string => basis = string(y),
            _ => {}
        }
    }
    Clause::Cutoff { at, next_working, basis }
}

fn season_clause(x: P) -> Clause {
    let (mut id, mut label, mut days, mut periods) = (empty(), String::new(), None, vec![]);
    for y in inner(x) {
        match y.as_rule() {
            Rule::ident => id = spanned(&y),
            Rule::string => label = string(y),
            Rule::day_set => days = Some(day_set(y)),
            Rule::period => {
                let mut pi = inner(y);
                let a = pi.next().map(|t| spanned(&t)).unwrap_or_else(empty);
                let b = pi.next().map(|t| spanned(&t)).unwrap_or_else(empty);
                periods.push((a, b));
            }
            _ => {}
        }
    }
    Clause::Season { id, label, days, periods }
}

fn check_item(x: P) -> Clause {
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
