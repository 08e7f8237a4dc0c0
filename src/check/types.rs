//! Conditions and expressions: name resolution (facts, `let`s, enum members by the type on
//! the other side, all within the rule's region scope) and types with units (money per
//! unit, days vs minutes vs months, dates vs times of day).

use super::{Checker, Ctx, err};
use crate::ast::{self, BinOp, DurUnit, Literal, Span, Spanned};
use crate::diag::Code;
use crate::ir::*;
use rust_decimal::Decimal;
use std::str::FromStr;

impl Checker {
    pub(super) fn type_name(&self, t: Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::Int => "a whole number".into(),
            Type::Money(u) => format!("money ({})", u.as_str()),
            Type::Date => "a date".into(),
            Type::Time => "a time (RFC 3339)".into(),
            Type::TimeOfDay => "a time of day".into(),
            Type::Region => "a region code".into(),
            Type::Str => "text".into(),
            Type::Days => "a number of days".into(),
            Type::Minutes => "a number of minutes".into(),
            Type::Months => "a number of months".into(),
            Type::Enum(e) => format!("`{}`", self.enums.get(e).map(|x| x.name.as_str()).unwrap_or("?")),
            Type::Set(e) => format!("a set of `{}`", self.enums.get(e).map(|x| x.name.as_str()).unwrap_or("?")),
        }
    }

    /// Types a condition in the scope of `ctx`.
    pub(super) fn cond(&mut self, ctx: &Ctx, c: &Spanned<ast::Cond>) -> Option<Cond> {
        let file = ctx.file;
        match &c.node {
            ast::Cond::Const(b) => Some(Cond::Const(*b)),
            ast::Cond::And(cs) | ast::Cond::Or(cs) => {
                let parts: Vec<Option<Cond>> = cs.iter().map(|x| self.cond(ctx, x)).collect();
                let parts: Vec<Cond> = parts.into_iter().collect::<Option<Vec<Cond>>>()?;
                Some(if matches!(c.node, ast::Cond::And(_)) { Cond::And(list(parts)) } else { Cond::Or(list(parts)) })
            }
            ast::Cond::Not(x) => self.cond(ctx, x).map(|x| Cond::Not(Node::new(x))),
            ast::Cond::Truthy(e) => {
                if let ast::Expr::Name(n) = &e.node
                    && self.fact(n, ctx.region).is_none()
                    && let Some(l) = self.let_cond(n, ctx.region)
                {
                    return Some(l);
                }
                let (x, t) = self.expr(ctx, e, None)?;
                if t != Type::Bool {
                    let tn = self.type_name(t);
                    self.push(
                        err(Code::Type, file, e.span, format!("a condition must be true or false, but this is {tn}"))
                            .with_help("compare it: `x == value`, `x in [a, b]`, `x > 3`"),
                    );
                    return None;
                }
                Some(Cond::Truthy(x))
            }
            ast::Cond::Cmp(l, op, r) => self.cmp(ctx, c, l, op, r),
            ast::Cond::In(l, neg, items) => self.in_list(ctx, l, neg, items),
            ast::Cond::Has(l, x) => {
                let (lx, e) = self.set_expr(ctx, l, "has")?;
                match self.expr(ctx, x, Some(Type::Enum(e)))? {
                    (Expr::Lit(Value::Enum(m)), _) => Some(Cond::Has(lx, m)),
                    _ => {
                        self.push(err(Code::Type, file, x.span, "`has` takes a member of the set's enum"));
                        None
                    }
                }
            }
            ast::Cond::HasAny(l, xs) | ast::Cond::HasAll(l, xs) => self.has_many(ctx, c, l, xs),
            ast::Cond::Within(l, code) => self.within(ctx, l, code),
            ast::Cond::Quantified(q, coll, body) => {
                if ctx.in_quantifier {
                    self.push(
                        err(Code::Type, file, c.span, "quantifiers do not nest").with_help("inside `any`/`all`/`count`, test the facts of one certificate"),
                    );
                    return None;
                }
                let inner_ctx = Ctx { in_quantifier: true, ..*ctx };
                let b = self.cond(&inner_ctx, body)?;
                Some(Cond::Quant(*q, *coll, Node::new(b)))
            }
        }
    }

    /// `l op r`: both sides of one type (a context name such as an enum member takes the
    /// other side's type); ordering only on ordered types; sets are never compared.
    fn cmp(&mut self, ctx: &Ctx, c: &Spanned<ast::Cond>, l: &Spanned<ast::Expr>, op: &CmpOp, r: &Spanned<ast::Expr>) -> Option<Cond> {
        let file = ctx.file;
        let (lx, lt, rx, rt) = if self.is_context_name(l, ctx) && !self.is_context_name(r, ctx) {
            let (rx, rt) = self.expr(ctx, r, None)?;
            let (lx, lt) = self.expr(ctx, l, Some(rt))?;
            (lx, lt, rx, rt)
        } else {
            let (lx, lt) = self.expr(ctx, l, None)?;
            let (rx, rt) = self.expr(ctx, r, Some(lt))?;
            (lx, lt, rx, rt)
        };
        if lt != rt {
            let (a, b) = (self.type_name(lt), self.type_name(rt));
            self.push(err(Code::Type, file, c.span, format!("cannot compare {a} with {b}")).with_help(compare_help(lt, rt)));
            return None;
        }
        let ordered = matches!(lt, Type::Int | Type::Money(_) | Type::Date | Type::Time | Type::TimeOfDay | Type::Days | Type::Minutes | Type::Months);
        if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let tn = self.type_name(lt);
            self.push(err(Code::Type, file, c.span, format!("`{}` does not apply to {tn}", op.as_str())).with_help("use `==`, `!=` or `in [...]`"));
            return None;
        }
        if matches!(lt, Type::Set(_)) {
            self.push(err(Code::Type, file, c.span, "sets are tested with `has`, `has any [...]` or `has all [...]`, not compared"));
            return None;
        }
        Some(Cond::Cmp(lx, *op, rx))
    }

    /// `l [not] in [a, b]`: constants of `l`'s type; a set is tested with `has any`.
    fn in_list(&mut self, ctx: &Ctx, l: &Spanned<ast::Expr>, neg: &bool, items: &[Spanned<ast::Expr>]) -> Option<Cond> {
        let file = ctx.file;
        let (lx, lt) = self.expr(ctx, l, None)?;
        if matches!(lt, Type::Set(_)) {
            self.push(
                err(Code::Type, file, l.span, "a set is tested with `has any [...]`, not `in`").with_help("write `applicant.roles has any [bidder, supplier]`"),
            );
            return None;
        }
        let mut vals = Vec::new();
        let mut ok = true;
        for it in items {
            match self.expr(ctx, it, Some(lt)) {
                Some((Expr::Lit(v), t)) if t == lt => vals.push(v),
                Some((_, t)) if t != lt => {
                    let (a, b) = (self.type_name(t), self.type_name(lt));
                    self.push(err(Code::Type, file, it.span, format!("this list holds {b}, but this item is {a}")));
                    ok = false;
                }
                Some(_) => {
                    self.push(err(Code::Type, file, it.span, "list items are constants"));
                    ok = false;
                }
                None => ok = false,
            }
        }
        ok.then_some(Cond::In(lx, list(vals), *neg))
    }

    /// `set has any [...]` / `set has all [...]`: an `or` / `and` of membership tests.
    fn has_many(&mut self, ctx: &Ctx, c: &Spanned<ast::Cond>, l: &Spanned<ast::Expr>, xs: &[Spanned<ast::Expr>]) -> Option<Cond> {
        let file = ctx.file;
        let any = matches!(c.node, ast::Cond::HasAny(..));
        let (lx, e) = self.set_expr(ctx, l, if any { "has any" } else { "has all" })?;
        let mut parts = Vec::new();
        let mut ok = true;
        for x in xs {
            match self.expr(ctx, x, Some(Type::Enum(e))) {
                Some((Expr::Lit(Value::Enum(m)), _)) => parts.push(Cond::Has(lx.clone(), m)),
                Some(_) => {
                    self.push(err(Code::Type, file, x.span, "`has any` / `has all` take members of the set's enum"));
                    ok = false;
                }
                None => ok = false,
            }
        }
        ok.then_some(if any { Cond::Or(list(parts)) } else { Cond::And(list(parts)) })
    }

    /// `region_expr within <code>`: the code must be a declared region or a place of the
    /// national table (GB/T 2260, `data/gb2260.tsv`).
    fn within(&mut self, ctx: &Ctx, l: &Spanned<ast::Expr>, code: &Spanned<String>) -> Option<Cond> {
        let file = ctx.file;
        let (lx, lt) = self.expr(ctx, l, None)?;
        if lt != Type::Region {
            let tn = self.type_name(lt);
            self.push(err(Code::Type, file, l.span, format!("`within` tests a region code, but this is {tn}")));
            return None;
        }
        if !self.region_index.contains_key(&code.node) && !in_national_table(&code.node) {
            let help = super::suggest(&code.node, self.region_index.keys().map(|s| s.as_str())).unwrap_or_else(|| "declare the region in its own file".into());
            self.push(err(Code::UnknownRegion, file, code.span, format!("unknown region `{}`", code.node)).with_help(help));
            return None;
        }
        Some(Cond::Within(lx, code.node.parse().unwrap_or(0)))
    }

    /// The `when` of an item (fee or document), typed; a condition that does not check
    /// clears `ok` (its error is reported) and gives `None`.
    pub(super) fn item_cond(&mut self, ctx: &Ctx, when: Option<&Spanned<ast::Cond>>, ok: &mut bool) -> Option<Cond> {
        let c = self.cond(ctx, when?);
        *ok &= c.is_some();
        c
    }

    fn set_expr(&mut self, ctx: &Ctx, l: &Spanned<ast::Expr>, what: &str) -> Option<(Expr, EnumId)> {
        let (lx, lt) = self.expr(ctx, l, None)?;
        match lt {
            Type::Set(e) => Some((lx, e)),
            _ => {
                let tn = self.type_name(lt);
                self.push(
                    err(Code::Type, ctx.file, l.span, format!("`{what}` tests a set, but this is {tn}"))
                        .with_help("for a single value write `x == value` or `x in [a, b]`"),
                );
                None
            }
        }
    }

    /// A bare name that is not a fact: resolved by the type on the other side.
    fn is_context_name(&self, e: &Spanned<ast::Expr>, ctx: &Ctx) -> bool {
        matches!(&e.node, ast::Expr::Name(n) if self.fact(n, ctx.region).is_none())
    }

    /// Types an expression; `expected` resolves bare names (enum members).
    pub(super) fn expr(&mut self, ctx: &Ctx, e: &Spanned<ast::Expr>, expected: Option<Type>) -> Option<(Expr, Type)> {
        let file = ctx.file;
        match &e.node {
            ast::Expr::Today => Some((Expr::Today, Type::Date)),
            ast::Expr::Name(n) => {
                if let Some(f) = self.fact(n, ctx.region) {
                    let ty = self.facts.get(f).map(|x| x.ty)?;
                    return Some((Expr::Fact(f), ty));
                }
                match expected {
                    Some(Type::Enum(en)) => match self.member(en, n, ctx.region) {
                        Ok(m) => Some((Expr::Lit(Value::Enum(m)), Type::Enum(en))),
                        Err(scope) => {
                            self.unknown_member(file, &Spanned { node: n.clone(), span: e.span }, en, ctx.region, scope);
                            None
                        }
                    },
                    Some(Type::Bool) if n == "yes" || n == "no" => Some((Expr::Lit(Value::Bool(n == "yes")), Type::Bool)),
                    _ => {
                        self.unknown_fact(file, &Spanned { node: n.clone(), span: e.span }, ctx.region);
                        None
                    }
                }
            }
            ast::Expr::Lit(l) => self.literal(ctx, l, e.span, expected),
            ast::Expr::Count(coll, body) => {
                if ctx.in_quantifier {
                    self.push(err(Code::Type, file, e.span, "quantifiers do not nest"));
                    return None;
                }
                let inner_ctx = Ctx { in_quantifier: true, ..*ctx };
                let b = self.cond(&inner_ctx, body)?;
                Some((Expr::Count(*coll, Node::new(b)), Type::Int))
            }
            ast::Expr::Bin(a, op, b) => {
                let (ax, at) = self.expr(ctx, a, None)?;
                let want_b = match (at, op) {
                    (Type::Date, BinOp::Sub) if matches!(b.node, ast::Expr::Lit(Literal::Duration(..))) => None,
                    (Type::Date, _) => Some(Type::Date),
                    (t, BinOp::Mul) => Some(if matches!(t, Type::Money(_)) { Type::Int } else { t }),
                    (t, _) => Some(t),
                };
                let (bx, bt) = self.expr(ctx, b, want_b)?;
                let res = match (at, *op, bt) {
                    (Type::Int, _, Type::Int) => Some(Type::Int),
                    (Type::Date, BinOp::Sub, Type::Date) => Some(Type::Days),
                    (Type::Date, BinOp::Add | BinOp::Sub, Type::Days | Type::Months) => Some(Type::Date),
                    (Type::Time, BinOp::Sub, Type::Time) => Some(Type::Minutes),
                    (Type::Time, BinOp::Add | BinOp::Sub, Type::Minutes) => Some(Type::Time),
                    (Type::Money(u), BinOp::Add | BinOp::Sub, Type::Money(v)) if u == v => Some(Type::Money(u)),
                    (Type::Money(u), BinOp::Mul, Type::Int) => Some(Type::Money(u)),
                    (Type::Days, BinOp::Add | BinOp::Sub, Type::Days) => Some(Type::Days),
                    (Type::Minutes, BinOp::Add | BinOp::Sub, Type::Minutes) => Some(Type::Minutes),
                    (Type::Months, BinOp::Add | BinOp::Sub, Type::Months) => Some(Type::Months),
                    _ => None,
                };
                let Some(rt) = res else {
                    let (x, y) = (self.type_name(at), self.type_name(bt));
                    let opname = match op {
                        BinOp::Add => "add",
                        BinOp::Sub => "subtract",
                        BinOp::Mul => "multiply",
                    };
                    self.push(err(Code::Type, file, e.span, format!("cannot {opname} {x} and {y}")).with_help(compare_help(at, bt)));
                    return None;
                };
                let node = match op {
                    BinOp::Add => Expr::Add(Node::new(ax), Node::new(bx)),
                    BinOp::Sub => Expr::Sub(Node::new(ax), Node::new(bx)),
                    BinOp::Mul => Expr::Mul(Node::new(ax), Node::new(bx)),
                };
                Some((node, rt))
            }
        }
    }

    fn literal(&mut self, ctx: &Ctx, l: &Literal, span: Span, expected: Option<Type>) -> Option<(Expr, Type)> {
        let file = ctx.file;
        let lit = |v: Value, t: Type| Some((Expr::Lit(v), t));
        match l {
            Literal::Number(n) => {
                if expected == Some(Type::Region) && n.len() == 6 {
                    if !self.region_index.contains_key(n) && !in_national_table(n) {
                        self.push(err(Code::UnknownRegion, file, span, format!("unknown region `{n}`")));
                    }
                    return lit(Value::Region(n.parse().unwrap_or(0)), Type::Region);
                }
                match n.parse::<i64>() {
                    Ok(v) => lit(Value::Int(v), Type::Int),
                    Err(_) if n.contains('.') => {
                        self.push(
                            err(Code::Type, file, span, format!("`{n}` is not a whole number")).with_help("amounts of money carry their unit: `2.50 元`"),
                        );
                        None
                    }
                    Err(_) => {
                        self.push(err(Code::BadValue, file, span, format!("`{n}` is too large")).with_help("whole numbers range up to 9223372036854775807"));
                        None
                    }
                }
            }
            Literal::Money(n, unit) => match money(n) {
                Some(d) => lit(Value::Money(d), Type::Money(*unit)),
                None => {
                    self.push(
                        err(Code::BadValue, file, span, format!("`{n}` is not an amount of money"))
                            .with_help("amounts have at most 2 decimal places and 15 digits before the point"),
                    );
                    None
                }
            },
            Literal::Duration(n, u) => {
                let v = n.parse::<i64>().ok().filter(|v| *v <= 1_000_000);
                let Some(v) = v else {
                    self.push(err(Code::BadValue, file, span, format!("`{n}` is not a whole number of {} (at most 1000000)", u.as_str())));
                    return None;
                };
                match u {
                    DurUnit::Minutes => lit(Value::Minutes(v), Type::Minutes),
                    DurUnit::Hours => lit(Value::Minutes(v * 60), Type::Minutes),
                    DurUnit::Days => lit(Value::Days(v), Type::Days),
                    DurUnit::Months => lit(Value::Months(v), Type::Months),
                    DurUnit::Years => lit(Value::Months(v * 12), Type::Months),
                    DurUnit::WorkingDays | DurUnit::Weekdays => {
                        self.push(
                            err(Code::Type, file, span, "working days and weekdays are counted only by `deadline` rules")
                                .with_help("in conditions use `days`, `months`, `years`, `hours` or `minutes`"),
                        );
                        None
                    }
                }
            }
            Literal::Date(d) => {
                let d = self.date(file, &Spanned { node: d.clone(), span })?;
                lit(Value::Date(d), Type::Date)
            }
            Literal::TimeOfDay(t) => {
                let t = self.tod(file, &Spanned { node: t.clone(), span })?;
                lit(Value::TimeOfDay(t), Type::TimeOfDay)
            }
            Literal::Str(s) => match expected {
                Some(Type::Region) if s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()) => lit(Value::Region(s.parse().unwrap_or(0)), Type::Region),
                Some(Type::Enum(en)) => match self.member(en, s, ctx.region) {
                    Ok(m) => lit(Value::Enum(m), Type::Enum(en)),
                    Err(scope) => {
                        self.unknown_member(file, &Spanned { node: s.clone(), span }, en, ctx.region, scope);
                        None
                    }
                },
                _ => lit(Value::Str(text(s.clone())), Type::Str),
            },
            Literal::List(_) => {
                self.push(err(Code::Type, file, span, "a list is allowed only after `in`, `has any`, `has all` or as a set default"));
                None
            }
            Literal::Bool(b) => lit(Value::Bool(*b), Type::Bool),
            Literal::Name(n) => self.expr(ctx, &Spanned { node: ast::Expr::Name(n.clone()), span }, expected),
        }
    }
}

/// An amount of money as written: at most 2 decimal places and 15 integer digits, so that
/// sums and products of fee items stay far inside the range of a decimal.
pub(super) fn money(n: &str) -> Option<Decimal> {
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    if int.len() > 15 || frac.len() > 2 {
        return None;
    }
    Decimal::from_str(n).ok()
}

pub(super) fn compare_help(a: Type, b: Type) -> String {
    match (a, b) {
        (Type::Money(_), Type::Money(_)) => "amounts must carry the same unit: `元`, `元/年`, `元/次`, …".into(),
        (Type::Date, Type::TimeOfDay) | (Type::TimeOfDay, Type::Date) => "a date is not a time of day: compare dates with dates (`today`, `2026-01-01`)".into(),
        (Type::Days, Type::Minutes) | (Type::Minutes, Type::Days) => "`date - date` counts days; compare it with `N days`".into(),
        (Type::Days, Type::Months) | (Type::Months, Type::Days) => {
            "months are not a fixed number of days: compare dates instead (`today >= certificate.expires_on - 1 months`)".into()
        }
        (Type::Date, Type::Int) | (Type::Int, Type::Date) | (Type::Days, Type::Int) | (Type::Int, Type::Days) => {
            "`date - date` is a number of days: write `30 days`, not `30`".into()
        }
        (Type::Enum(_), Type::Bool) | (Type::Bool, Type::Enum(_)) => {
            "compare an enum with one of its members (`applicant.kind == organization`); test a bool fact by itself (`applicant.registered`, `not applicant.registered`)".into()
        }
        _ => "both sides must have the same type and unit".into(),
    }
}

/// Whether `code` (six digits) is a place of the national table (GB/T 2260): a region
/// literal may name a place no rule file declares (the national layer's pilot platforms).
fn in_national_table(code: &str) -> bool {
    code.parse().ok().and_then(|c| crate::gb2260::table().get(c)).is_some()
}
