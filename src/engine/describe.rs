//! Conditions and values in zh-CN, for people: the labels of facts and enum members, never
//! ids ("办理方式为现场办理，且证书签发机构为北京数字认证股份有限公司或湖北省数字证书认证管理中心").

use crate::ir::{AsStr, CmpOp, Collection, Cond, EnumId, Expr, FactId, MemberId, Quantifier, RuleSet, Type, Value};
use chrono::{Datelike, Timelike};

/// The zh-CN label of fact `f` (its path when it has none).
pub fn fact_label(rs: &RuleSet, f: FactId) -> &str {
    rs.facts.get(f).map(|x| if x.label.is_empty() { x.path.as_str() } else { x.label.as_str() }).unwrap_or("")
}

/// The zh-CN label of member `m` of enum `e`.
pub fn member_label(rs: &RuleSet, e: EnumId, m: MemberId) -> &str {
    rs.enums.get(e).and_then(|x| x.members.get(m as usize)).map(|x| if x.label.is_empty() { x.id.as_str() } else { x.label.as_str() }).unwrap_or("")
}

fn enum_of(rs: &RuleSet, e: &Expr) -> Option<EnumId> {
    match e {
        Expr::Fact(f) => match rs.facts.get(*f).map(|x| x.ty) {
            Some(Type::Enum(id) | Type::Set(id)) => Some(id),
            _ => None,
        },
        _ => None,
    }
}

/// A value in zh-CN; `e` is the enum of the other side for members.
pub fn value(rs: &RuleSet, v: &Value, e: Option<EnumId>) -> String {
    match v {
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
        Value::Int(n) => n.to_string(),
        Value::Money(d) => format!("{} 元", d.round_dp(2)),
        Value::Date(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Value::Time(t) => format!("{}年{}月{}日 {:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute()),
        Value::TimeOfDay(t) => format!("{:02}:{:02}", t.hour(), t.minute()),
        Value::Region(r) => r.to_string(),
        Value::Str(s) => format!("“{s}”"),
        Value::Days(n) => format!("{n}天"),
        Value::Minutes(n) if *n % 60 == 0 && *n != 0 => format!("{}小时", n / 60),
        Value::Minutes(n) => format!("{n}分钟"),
        Value::Months(n) if *n % 12 == 0 && *n != 0 => format!("{}年", n / 12),
        Value::Months(n) => format!("{n}个月"),
        Value::Enum(m) => e.map(|id| member_label(rs, id, *m).to_string()).unwrap_or_else(|| m.to_string()),
        Value::Set(bits) => {
            let names: Vec<String> =
                (0..64u16).filter(|i| bits & (1u64 << i) != 0).map(|i| e.map(|id| member_label(rs, id, i).to_string()).unwrap_or_default()).collect();
            if names.is_empty() { "无".into() } else { names.join("、") }
        }
        Value::Absent => "未填写".into(),
    }
}

/// An expression in zh-CN.
pub fn expr(rs: &RuleSet, e: &Expr) -> String {
    match e {
        Expr::Fact(f) => fact_label(rs, *f).to_string(),
        Expr::Lit(v) => value(rs, v, None),
        Expr::Today => "受理日".into(),
        Expr::Add(a, b) => format!("{} + {}", expr(rs, a), expr(rs, b)),
        Expr::Sub(a, b) => format!("{} − {}", expr(rs, a), expr(rs, b)),
        Expr::Mul(a, b) => format!("{} × {}", expr(rs, a), expr(rs, b)),
        Expr::Count(c, x) => format!("{}中{}的数量", collection(*c), cond(rs, x)),
    }
}

fn op(o: CmpOp) -> &'static str {
    match o {
        CmpOp::Eq => "为",
        CmpOp::Ne => "不为",
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
    }
}

/// A condition in zh-CN.
pub fn cond(rs: &RuleSet, c: &Cond) -> String {
    match c {
        Cond::Const(true) => "总是".into(),
        Cond::Const(false) => "从不".into(),
        Cond::And(cs) => cs.iter().map(|x| paren(rs, x)).collect::<Vec<_>>().join("，且"),
        Cond::Or(cs) => cs.iter().map(|x| paren(rs, x)).collect::<Vec<_>>().join("，或"),
        Cond::Not(x) => match x.as_ref() {
            Cond::Truthy(e) => format!("{}：否", expr(rs, e)),
            Cond::Has(e, m) => format!("{}不含{}", expr(rs, e), enum_of(rs, e).map(|id| member_label(rs, id, *m)).unwrap_or("")),
            Cond::Within(e, code) => format!("{}不在{}范围内", expr(rs, e), region_name(rs, *code)),
            other => format!("并非（{}）", cond(rs, other)),
        },
        Cond::Truthy(e) => format!("{}：是", expr(rs, e)),
        Cond::Cmp(a, o, b) => {
            let en = enum_of(rs, a);
            let rhs = match b {
                Expr::Lit(v) => value(rs, v, en),
                other => expr(rs, other),
            };
            match (o, en.is_some() || matches!(b, Expr::Lit(Value::Bool(_)))) {
                (CmpOp::Eq | CmpOp::Ne, true) => format!("{}{}{}", expr(rs, a), op(*o), rhs),
                (CmpOp::Eq, false) => format!("{} = {}", expr(rs, a), rhs),
                (CmpOp::Ne, false) => format!("{} ≠ {}", expr(rs, a), rhs),
                _ => format!("{} {} {}", expr(rs, a), op(*o), rhs),
            }
        }
        Cond::In(e, vals, neg) => {
            let en = enum_of(rs, e);
            let vs: Vec<String> = vals.iter().map(|v| value(rs, v, en)).collect();
            format!("{}{}{}", expr(rs, e), if *neg { "不为" } else { "为" }, vs.join("或"))
        }
        Cond::Has(e, m) => format!("{}含{}", expr(rs, e), enum_of(rs, e).map(|id| member_label(rs, id, *m)).unwrap_or("")),
        Cond::Within(e, code) => format!("{}在{}范围内", expr(rs, e), region_name(rs, *code)),
        Cond::Quant(q, c, x) => match q {
            Quantifier::Any => format!("{}中有{}", collection(*c), cond(rs, x)),
            Quantifier::All => format!("{}均{}", collection(*c), cond(rs, x)),
        },
    }
}

fn collection(c: Collection) -> &'static str {
    match c {
        Collection::Together => "同时申请的其他证书",
        Collection::Items => "本次申请的证书",
    }
}

fn paren(rs: &RuleSet, c: &Cond) -> String {
    match c {
        Cond::And(_) | Cond::Or(_) => format!("（{}）", cond(rs, c)),
        _ => cond(rs, c),
    }
}

fn region_name(rs: &RuleSet, code: u32) -> String {
    rs.regions
        .iter()
        .find(|r| r.code_num() == code)
        .map(|r| r.name.to_string())
        .or_else(|| crate::gb2260::table().name(code).map(str::to_string))
        .unwrap_or_else(|| code.to_string())
}

/// The values of a branch constraint in zh-CN: "现场办理", "北京…或湖北…", "是".
pub fn values(rs: &RuleSet, f: FactId, vals: &[Value]) -> String {
    let en = match rs.facts.get(f).map(|x| x.ty) {
        Some(Type::Enum(id) | Type::Set(id)) => Some(id),
        _ => None,
    };
    vals.iter().map(|v| value(rs, v, en)).collect::<Vec<_>>().join("或")
}

#[cfg(test)]
mod tests {
    use super::{cond, value};
    use crate::ir::{Collection, Cond, Expr, Node, Quantifier, Value};
    use crate::rules::test_support::rs;

    /// Durations read as people say them: whole hours and whole years in the larger unit,
    /// the rest (and zero) in the smaller one.
    #[test]
    fn durations_use_the_larger_unit_only_when_whole() {
        let shown = |v: Value| value(rs(), &v, None);
        assert_eq!(shown(Value::Minutes(30)), "30分钟");
        assert_eq!(shown(Value::Minutes(120)), "2小时");
        assert_eq!(shown(Value::Minutes(90)), "90分钟");
        assert_eq!(shown(Value::Minutes(0)), "0分钟");
        assert_eq!(shown(Value::Months(24)), "2年");
        assert_eq!(shown(Value::Months(13)), "13个月");
        assert_eq!(shown(Value::Months(0)), "0个月");
        assert_eq!(shown(Value::Days(30)), "30天");
    }

    /// A quantifier names its collection: the other certificates applied for together, or
    /// every certificate of the request.
    #[test]
    fn quantifiers_name_their_collection() {
        let rs = rs();
        let inner = Cond::Truthy(Expr::Fact(rs.known.as_of));
        let said = cond(rs, &inner);
        let any = Cond::Quant(Quantifier::Any, Collection::Together, Node::new(inner.clone()));
        let all = Cond::Quant(Quantifier::All, Collection::Items, Node::new(inner));
        assert_eq!(cond(rs, &any), format!("同时申请的其他证书中有{said}"));
        assert_eq!(cond(rs, &all), format!("本次申请的证书均{said}"));
    }

    /// A set names its members in order; an empty set is 无.
    #[test]
    fn sets_name_their_members() {
        let rs = rs();
        let role = rs.fact("applicant.roles").and_then(|f| rs.facts.get(f)).and_then(|f| match f.ty {
            crate::ir::Type::Set(id) => Some(id),
            _ => None,
        });
        assert!(role.is_some(), "applicant.roles is a set of role");
        assert_eq!(value(rs, &Value::Set(0b110), role), "供应商、竞买人");
        assert_eq!(value(rs, &Value::Set(0b1), role), "投标人");
        assert_eq!(value(rs, &Value::Set(0), role), "无");
    }

    /// An equality of numbers is written with `=` and `≠`; of members and bools with 为 and
    /// 不为.
    #[test]
    fn equalities_read_by_type() {
        let rs = rs();
        let years = || Expr::Fact(rs.known.years);
        let label = super::fact_label(rs, rs.known.years);
        let eq = cond(rs, &Cond::Cmp(years(), crate::ir::CmpOp::Eq, Expr::Lit(Value::Int(2))));
        assert_eq!(eq, format!("{label} = 2"));
        let ne = cond(rs, &Cond::Cmp(years(), crate::ir::CmpOp::Ne, Expr::Lit(Value::Int(2))));
        assert_eq!(ne, format!("{label} ≠ 2"));
        let service = cond(rs, &Cond::Cmp(Expr::Fact(rs.known.service), crate::ir::CmpOp::Eq, Expr::Lit(Value::Enum(0))));
        assert!(service.contains('为') && !service.contains(" = "), "{service}");
    }

    /// A region is named by its name in the rules, not its code; a code the rules do not
    /// list is shown as the code.
    #[test]
    fn regions_are_named() {
        let rs = rs();
        let issued = Expr::Fact(rs.known.issued_in);
        let said = cond(rs, &Cond::Within(issued.clone(), 630000));
        assert!(said.ends_with("在青海省范围内"), "{said}");
        let negated = cond(rs, &Cond::Not(Node::new(Cond::Within(issued.clone(), 630000))));
        assert!(negated.ends_with("不在青海省范围内"), "{negated}");
        assert!(cond(rs, &Cond::Within(issued, 999999)).ends_with("在999999范围内"));
    }
}
