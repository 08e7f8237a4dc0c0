//! Conditions as native code (typed over named fact and member constants) and as the
//! rule files write them (for comments).

use super::*;
use chrono::Timelike;

impl Gen<'_> {
    /// A condition as native code over an [`crate::engine::Env`] named `e`: facts read by
    /// reference through named slot constants, literals of the operand's concrete type
    /// (enum members as named constants), constants folded.
    pub(super) fn cond_code(&self, c: &Cond) -> String {
        match c {
            Cond::Const(b) => format!("Some({b})"),
            Cond::And(cs) if cs.is_empty() => "Some(true)".into(),
            Cond::Or(cs) if cs.is_empty() => "Some(false)".into(),
            Cond::And(cs) => format!("and!({})", cs.iter().map(|x| self.cond_code(x)).collect::<Vec<_>>().join(", ")),
            Cond::Or(cs) => format!("or!({})", cs.iter().map(|x| self.cond_code(x)).collect::<Vec<_>>().join(", ")),
            Cond::Not(x) => format!("({}).map(|b| !b)", self.cond_code(x)),
            Cond::Truthy(e) => format!("is_true({})", self.operand(e)),
            Cond::Cmp(a, op, b) => self.cmp_code(a, *op, b),
            Cond::In(e, vals, neg) => match self.members(e, vals) {
                Some(ms) => format!("member_in({}, &[{}], {neg})", self.operand(e), ms.join(", ")),
                None => format!("in_list_ref({}, &[{}], {neg})", self.operand(e), vals.iter().map(|v| self.value(v)).collect::<Vec<_>>().join(", ")),
            },
            Cond::Has(e, m) => format!("set_has({}, {})", self.operand(e), self.member_const(self.enum_of(e), *m)),
            Cond::Within(e, code) => format!("region_in({}, {code})", self.operand(e)),
            Cond::Quant(q, c, x) => format!("e.quant(Quantifier::{q:?}, Collection::{c:?}, |e| {})", self.cond_code(x)),
        }
    }

    /// A comparison: typed when one side is a literal (the literal goes right, the operator
    /// flipped if it was left), folded when both are.
    pub(super) fn cmp_code(&self, a: &Expr, op: CmpOp, b: &Expr) -> String {
        match (a, b) {
            (Expr::Lit(x), Expr::Lit(y)) => format!("{:?}", crate::engine::ops::cmp(Some(x.clone()), op, Some(y.clone()))),
            (Expr::Lit(x), other) => self.cmp_lit(other, flip(op), x),
            (other, Expr::Lit(y)) => self.cmp_lit(other, op, y),
            _ => format!("cmp_ref({}, CmpOp::{op:?}, {})", self.operand(a), self.operand(b)),
        }
    }

    pub(super) fn cmp_lit(&self, e: &Expr, op: CmpOp, v: &Value) -> String {
        let x = self.operand(e);
        let y = |f: &str, lit: String| format!("{f}({x}, CmpOp::{op:?}, {lit})");
        match v {
            Value::Enum(m) => y("cmp_member", self.member_const(self.enum_of(e), *m)),
            Value::Int(n) => y("cmp_int", n.to_string()),
            Value::Days(n) => y("cmp_days", n.to_string()),
            Value::Minutes(n) => y("cmp_minutes", n.to_string()),
            Value::Months(n) => y("cmp_months", n.to_string()),
            Value::Money(d) => y("cmp_money", dec(d)),
            Value::Date(d) => y("cmp_date", self.date(d)),
            Value::TimeOfDay(t) => y("cmp_time_of_day", format!("tod({}, {})", t.hour(), t.minute())),
            Value::Region(r) => y("cmp_region", r.to_string()),
            Value::Bool(b) => y("cmp_bool", b.to_string()),
            _ => format!("cmp_ref({x}, CmpOp::{op:?}, Some(&{}))", self.value(v)),
        }
    }

    /// An operand by reference: a fact's slot, or an expression's value.
    pub(super) fn operand(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(f) => format!("e.get({})", self.fact_const(*f)),
            _ => format!("{}.as_ref()", self.expr_code(e)),
        }
    }

    /// The members of an `in` list over an enum fact, as constants; `None` when the list is
    /// not all members.
    pub(super) fn members(&self, e: &Expr, vals: &[Value]) -> Option<Vec<String>> {
        let en = self.enum_of(e)?;
        vals.iter()
            .map(|v| match v {
                Value::Enum(m) => Some(self.member_const(Some(en), *m)),
                _ => None,
            })
            .collect()
    }

    pub(super) fn fact_const(&self, f: FactId) -> String {
        self.used_facts.borrow_mut().insert(f);
        self.fact_names.get(f).cloned().unwrap_or_else(|| f.to_string())
    }

    pub(super) fn member_const(&self, e: Option<EnumId>, m: MemberId) -> String {
        match e.and_then(|id| self.rs.enums.get(id).map(|en| (id, en))) {
            Some((id, en)) if en.members.get(m as usize).is_some() => {
                self.used_members.borrow_mut().insert((id, m));
                member_name(&en.name, en.id_of(m))
            }
            _ => m.to_string(),
        }
    }

    /// The constants the conditions name: `const F_…: FactId = n; // path: label` and
    /// `const M_…: MemberId = n; // enum.member: label`.
    pub(super) fn consts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in self.used_facts.borrow().iter() {
            if let (Some(name), Some(fact)) = (self.fact_names.get(*f), self.rs.facts.get(*f)) {
                out.push(format!("/// `{}`: {}\nconst {name}: FactId = {f};", fact.path, fact.label));
            }
        }
        for (e, m) in self.used_members.borrow().iter() {
            if let Some((en, mem)) = self.rs.enums.get(*e).and_then(|en| en.members.get(*m as usize).map(|x| (en, x))) {
                out.push(format!("/// `{}` member `{}`: {}\nconst {}: MemberId = {m};", en.name, mem.id, mem.label, member_name(&en.name, &mem.id)));
            }
        }
        out
    }

    pub(super) fn expr_code(&self, e: &Expr) -> String {
        match e {
            Expr::Fact(f) => format!("e.fact({})", self.fact_const(*f)),
            Expr::Lit(v) => format!("Some({})", self.value(v)),
            Expr::Today => "e.today()".into(),
            Expr::Add(a, b) => format!("arith(ArithOp::Add, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Sub(a, b) => format!("arith(ArithOp::Sub, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Mul(a, b) => format!("arith(ArithOp::Mul, {}, {})", self.expr_code(a), self.expr_code(b)),
            Expr::Count(c, x) => format!("e.count(Collection::{c:?}, |e| {})", self.cond_code(x)),
        }
    }

    /// A condition as the rule files write it, for comments.
    pub(super) fn cond_text(&self, c: &Cond) -> String {
        crate::engine::written::cond(self.rs, c)
    }

    pub(super) fn enum_of(&self, e: &Expr) -> Option<EnumId> {
        match e {
            Expr::Fact(f) => match self.rs.facts.get(*f).map(|x| x.ty) {
                Some(Type::Enum(id) | Type::Set(id)) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The constant naming member `id` of enum `name`: `service`, `renewal` → `M_SERVICE_RENEWAL`.
fn member_name(name: &str, id: &str) -> String {
    format!("M_{}_{}", const_name(name), const_name(id))
}

/// The operator with its operands swapped: `a < b` is `b > a`.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Eq | CmpOp::Ne => op,
    }
}
