//! Conditions as the rule files write them (`service == renewal and certificate.issuer in
//! [BJCA, HBCA]`), from the IR: what `--explain` shows beside the zh-CN description
//! ([`super::describe`]) and what the generated code carries as comments.

use crate::ir::{AsStr, Collection, Cond, EnumId, Expr, MemberId, Quantifier, RuleSet, Type, Value};

/// `c` in the rule language's syntax, with fact paths and member ids.
pub fn cond(rs: &RuleSet, c: &Cond) -> String {
    match c {
        Cond::Const(b) => b.to_string(),
        Cond::And(cs) => cs.iter().map(|x| paren(rs, x)).collect::<Vec<_>>().join(" and "),
        Cond::Or(cs) => cs.iter().map(|x| paren(rs, x)).collect::<Vec<_>>().join(" or "),
        Cond::Not(x) => format!("not {}", paren(rs, x)),
        Cond::Truthy(e) => expr(rs, e),
        Cond::Cmp(a, op, b) => format!("{} {} {}", expr(rs, a), op.as_str(), expr_as(rs, b, a)),
        Cond::In(e, vals, neg) => format!(
            "{} {}in [{}]",
            expr(rs, e),
            if *neg { "not " } else { "" },
            vals.iter().map(|v| value(rs, v, enum_of(rs, e))).collect::<Vec<_>>().join(", ")
        ),
        Cond::Has(e, m) => format!("{} has {}", expr(rs, e), member(rs, enum_of(rs, e), *m)),
        Cond::Within(e, code) => format!("{} within {code}", expr(rs, e)),
        Cond::Quant(q, c, x) => format!("{} {} ({})", quant_word(*q), coll_word(*c), cond(rs, x)),
    }
}

fn paren(rs: &RuleSet, c: &Cond) -> String {
    match c {
        Cond::And(_) | Cond::Or(_) => format!("({})", cond(rs, c)),
        _ => cond(rs, c),
    }
}

/// The enum of a fact operand, for naming the members compared with it.
pub(crate) fn enum_of(rs: &RuleSet, e: &Expr) -> Option<EnumId> {
    match e {
        Expr::Fact(f) => match rs.facts.get(*f).map(|x| x.ty) {
            Some(Type::Enum(id) | Type::Set(id)) => Some(id),
            _ => None,
        },
        _ => None,
    }
}

fn member(rs: &RuleSet, e: Option<EnumId>, m: MemberId) -> String {
    e.and_then(|id| rs.enums.get(id)).map(|en| en.id_of(m).to_string()).unwrap_or_else(|| m.to_string())
}

/// A literal as the rule files write it; `e` is the enum of the other operand.
pub fn value(rs: &RuleSet, v: &Value, e: Option<EnumId>) -> String {
    match v {
        Value::Enum(m) => member(rs, e, *m),
        Value::Money(d) => format!("{d} 元"),
        Value::Days(n) => format!("{n} days"),
        Value::Minutes(n) => format!("{n} minutes"),
        Value::Months(n) => format!("{n} months"),
        Value::Str(s) => format!("{:?}", s.as_str()),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Date(d) => d.to_string(),
        Value::TimeOfDay(t) => t.format("%H:%M").to_string(),
        Value::Region(r) => r.to_string(),
        Value::Time(t) => t.to_rfc3339(),
        Value::Set(b) => format!("{{{b:#x}}}"),
        Value::Absent => "none".into(),
    }
}

fn expr_as(rs: &RuleSet, e: &Expr, other: &Expr) -> String {
    match e {
        Expr::Lit(v) => value(rs, v, enum_of(rs, other)),
        _ => expr(rs, e),
    }
}

/// An expression in the rule language's syntax.
pub fn expr(rs: &RuleSet, e: &Expr) -> String {
    match e {
        Expr::Fact(f) => rs.facts.get(*f).map(|x| x.path.to_string()).unwrap_or_default(),
        Expr::Lit(v) => value(rs, v, None),
        Expr::Today => "today".into(),
        Expr::Add(a, b) => format!("{} + {}", expr(rs, a), expr(rs, b)),
        Expr::Sub(a, b) => format!("{} - {}", expr(rs, a), expr(rs, b)),
        Expr::Mul(a, b) => format!("{} × {}", expr(rs, a), expr(rs, b)),
        Expr::Count(c, x) => format!("count {} ({})", coll_word(*c), cond(rs, x)),
    }
}

fn quant_word(q: Quantifier) -> &'static str {
    match q {
        Quantifier::Any => "any",
        Quantifier::All => "all",
    }
}

fn coll_word(c: Collection) -> &'static str {
    match c {
        Collection::Together => "together",
        Collection::Items => "items",
    }
}

/// The facts `c` reads, in order of first use, outside quantifiers and counts (which read the
/// facts of each certificate of the visit).
pub fn facts_read(c: &Cond) -> Vec<crate::ir::FactId> {
    fn in_expr(e: &Expr, out: &mut Vec<crate::ir::FactId>) {
        match e {
            Expr::Fact(f) if !out.contains(f) => out.push(*f),
            Expr::Add(a, b) | Expr::Sub(a, b) | Expr::Mul(a, b) => {
                in_expr(a, out);
                in_expr(b, out);
            }
            _ => {}
        }
    }
    fn in_cond(c: &Cond, out: &mut Vec<crate::ir::FactId>) {
        match c {
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|x| in_cond(x, out)),
            Cond::Not(x) => in_cond(x, out),
            Cond::Truthy(e) | Cond::In(e, _, _) | Cond::Has(e, _) | Cond::Within(e, _) => in_expr(e, out),
            Cond::Cmp(a, _, b) => {
                in_expr(a, out);
                in_expr(b, out);
            }
            Cond::Const(_) | Cond::Quant(..) => {}
        }
    }
    let mut out = Vec::new();
    in_cond(c, &mut out);
    out
}

/// A fact's value as a request writes it: member ids, `YYYY-MM-DD` dates, RFC 3339 times,
/// money as a string with two decimals, numbers and booleans as JSON; null when absent.
pub fn request_form(rs: &RuleSet, f: crate::ir::FactId, v: Option<&Value>) -> serde_json::Value {
    use serde_json::Value as J;
    let en = match rs.facts.get(f).map(|x| x.ty) {
        Some(Type::Enum(id) | Type::Set(id)) => Some(id),
        _ => None,
    };
    match v {
        None | Some(Value::Absent) => J::Null,
        Some(Value::Bool(b)) => J::Bool(*b),
        Some(Value::Int(n) | Value::Days(n) | Value::Minutes(n) | Value::Months(n)) => J::from(*n),
        Some(Value::Money(d)) => J::String(format!("{:.2}", d.round_dp(2))),
        Some(Value::Str(s)) => J::String(s.to_string()),
        Some(Value::Set(bits)) => J::Array((0..64u32).filter(|i| bits & (1u64 << i) != 0).map(|i| J::String(member(rs, en, i as MemberId))).collect()),
        Some(other) => J::String(value(rs, other, en)),
    }
}

#[cfg(test)]
mod tests {
    use super::request_form;
    use crate::ir::Value;

    /// The facts a condition reads include those inside arithmetic, once each, in order of
    /// first use.
    #[test]
    fn facts_read_inside_arithmetic() {
        use crate::ir::{CmpOp, Cond, Expr, Node};
        let rs = crate::rules::test_support::rs();
        let Some(expires) = rs.fact("certificate.expires_on") else { panic!("no certificate.expires_on") };
        let left = Expr::Sub(Node::new(Expr::Fact(expires)), Node::new(Expr::Today));
        let c = Cond::And(crate::ir::list(vec![
            Cond::Cmp(left.clone(), CmpOp::Le, Expr::Lit(Value::Days(30))),
            Cond::Cmp(Expr::Fact(rs.known.years), CmpOp::Ge, Expr::Mul(Node::new(Expr::Lit(Value::Int(2))), Node::new(Expr::Fact(rs.known.years)))),
            Cond::Cmp(left, CmpOp::Ge, Expr::Lit(Value::Days(0))),
        ]));
        assert_eq!(super::facts_read(&c), vec![expires, rs.known.years]);
    }

    /// A set is written as the ids of its members, in member order.
    #[test]
    fn a_set_is_written_as_its_member_ids() {
        let rs = crate::rules::test_support::rs();
        let Some(roles) = rs.fact("applicant.roles") else { panic!("no applicant.roles") };
        // role: bidder 0, supplier 1, auction_bidder 2.
        assert_eq!(request_form(rs, roles, Some(&Value::Set(0b101))), serde_json::json!(["bidder", "auction_bidder"]));
        assert_eq!(request_form(rs, roles, Some(&Value::Set(0))), serde_json::json!([]));
    }
}
