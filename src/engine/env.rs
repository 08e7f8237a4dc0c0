//! The fact environment of one evaluation: the request's fact values, the date of `as_of`,
//! and the facts found missing while evaluating (so an answer can name what it waits on).

use crate::ir::{Collection, FactId, Quantifier, RuleSet, Value};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::cell::RefCell;

pub use crate::request::Line;

/// Evaluation environment for one set of facts.
pub struct Env<'a> {
    pub(crate) rs: &'a RuleSet,
    pub(crate) facts: &'a [Option<Value>],
    pub(crate) today: Option<NaiveDate>,
    /// The other certificates applied for in the same visit.
    pub(crate) lines: &'a [Line],
    missing: RefCell<Vec<FactId>>,
}

impl<'a> Env<'a> {
    /// An environment over `facts` (indexed by [`FactId`]; `None` = the request lacks it).
    pub fn new(rs: &'a RuleSet, facts: &'a [Option<Value>]) -> Self {
        let today = match facts.get(rs.known.as_of) {
            Some(Some(Value::Time(t))) => Some(t.date_naive()),
            _ => None,
        };
        Env { rs, facts, today, lines: &[], missing: RefCell::new(Vec::new()) }
    }

    /// An environment over `facts` and the facts of the other certificates of the visit.
    pub fn with_lines(rs: &'a RuleSet, facts: &'a [Option<Value>], lines: &'a [Line]) -> Self {
        Env { lines, ..Env::new(rs, facts) }
    }

    /// The facts of `line`: this environment's facts with the line's own over them.
    pub fn line_facts(&self, line: &Line) -> Vec<Option<Value>> {
        let mut f = self.facts.to_vec();
        for (id, v) in line {
            if let Some(slot) = f.get_mut(*id) {
                *slot = v.clone();
            }
        }
        f
    }

    /// The fact vectors of the collection: this certificate's (for `items`), then each line's.
    fn each(&self, c: Collection) -> Vec<Cow<'_, [Option<Value>]>> {
        let mut out = Vec::with_capacity(self.lines.len() + 1);
        if c == Collection::Items {
            out.push(Cow::Borrowed(self.facts));
        }
        out.extend(self.lines.iter().map(|l| Cow::Owned(self.line_facts(l))));
        out
    }

    /// `any|all <collection> (cond)`: Kleene `or` / `and` of `f` over the certificates;
    /// the facts found missing in any of them are missing here.
    pub fn quant(&self, q: Quantifier, c: Collection, f: impl Fn(&Env) -> Option<bool>) -> Option<bool> {
        let all = self.each(c);
        let results: Vec<Option<bool>> = all
            .iter()
            .map(|facts| {
                let e = Env { rs: self.rs, facts, today: self.today, lines: &[], missing: RefCell::new(Vec::new()) };
                let r = f(&e);
                for m in e.take_missing() {
                    self.note_missing(m);
                }
                r
            })
            .collect();
        match q {
            Quantifier::Any => super::ops::or(results),
            Quantifier::All => super::ops::and(results),
        }
    }

    /// `count <collection> (cond)`: unknown when the condition is unknown for any of them.
    pub fn count(&self, c: Collection, f: impl Fn(&Env) -> Option<bool>) -> Option<Value> {
        let mut n = 0i64;
        let mut unknown = false;
        for facts in self.each(c).iter() {
            let e = Env { rs: self.rs, facts, today: self.today, lines: &[], missing: RefCell::new(Vec::new()) };
            match f(&e) {
                Some(true) => n += 1,
                Some(false) => {}
                None => unknown = true,
            }
            for m in e.take_missing() {
                self.note_missing(m);
            }
        }
        (!unknown).then_some(Value::Int(n))
    }

    fn note_missing(&self, f: FactId) {
        let mut m = self.missing.borrow_mut();
        if !m.contains(&f) {
            m.push(f);
        }
    }

    /// The rule set.
    pub fn rules(&self) -> &'a RuleSet {
        self.rs
    }

    /// The value of fact `f`; records it as missing when the request did not give it.
    pub fn fact(&self, f: FactId) -> Option<Value> {
        let v = self.facts.get(f).and_then(|v| v.as_ref());
        if v.is_none() {
            self.note_missing(f);
        }
        v.cloned()
    }

    /// The value of fact `f`, borrowed (for the typed operations of generated code);
    /// records it as missing when the request did not give it.
    pub fn get(&self, f: FactId) -> Option<&'a Value> {
        let v = self.facts.get(f).and_then(|v| v.as_ref());
        if v.is_none() {
            self.note_missing(f);
        }
        v
    }

    /// The date of `as_of` (+08:00); records `as_of` as missing when absent.
    pub fn today(&self) -> Option<Value> {
        if self.today.is_none() {
            self.fact(self.rs.known.as_of);
        }
        self.today.map(Value::Date)
    }

    /// The facts found missing since the last call, in the order they were met.
    pub fn take_missing(&self) -> Vec<FactId> {
        std::mem::take(&mut *self.missing.borrow_mut())
    }
}
