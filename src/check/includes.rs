//! After every rule is checked: documents lists expanded through their `include`s (each
//! list expanded once and memoised, and bounded in size, so nested includes cannot blow
//! up), `as` fees validated, and `overrides` closed transitively (with cycles reported).

use super::{Checker, DocEntry, err};
use crate::diag::Code;
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// At most this many items in one expanded documents list.
pub(super) const MAX_LIST_ITEMS: usize = 500;

enum Expansion {
    /// Shared with every list that includes it (items are copied once, into the includer).
    Done(Rc<Vec<DocItem>>),
    Failed,
}

impl Checker {
    pub(super) fn expand_includes(&mut self, rules: &mut [Option<Rule>]) {
        // Ordered by rule: the E0104 below are reported in the same order on every run.
        let mut memo: BTreeMap<RuleId, Expansion> = BTreeMap::new();
        let ids: Vec<RuleId> = self.doc_entries.keys().copied().collect();
        let mut ids = ids;
        ids.sort_unstable();
        for i in ids {
            self.expand(i, &mut memo, &mut Vec::new());
        }
        for (i, e) in memo {
            let Some(Some(r)) = rules.get_mut(i) else { continue };
            match (e, &mut r.body) {
                (Expansion::Done(items), Body::Documents(DocList::Items(slot, _))) => {
                    let (mut seen, mut reported) = (BTreeSet::new(), BTreeSet::new());
                    for it in items.iter() {
                        // Each repeated item once, however many times it repeats.
                        if !seen.insert(it.id.clone())
                            && reported.insert(it.id.clone())
                            && let Some(d) = self.decls.get(i)
                        {
                            let (file, span) = (d.file.clone(), d.decl.id.span);
                            self.push(
                                err(Code::Duplicate, &file, span, format!("item `{}` appears twice in this list (through `include`)", it.id))
                                    .with_help("include a range of items, or drop the repeated item"),
                            );
                        }
                    }
                    *slot = list(Rc::try_unwrap(items).unwrap_or_else(|shared| (*shared).clone()));
                }
                (Expansion::Failed, _) => {
                    if let Some(slot) = rules.get_mut(i) {
                        *slot = None;
                    }
                }
                _ => {}
            }
        }
    }

    /// The expanded items of documents rule `i`, memoised; `None` on a cycle or an error.
    fn expand(&mut self, i: RuleId, memo: &mut BTreeMap<RuleId, Expansion>, stack: &mut Vec<RuleId>) -> Option<Rc<Vec<DocItem>>> {
        if let Some(e) = memo.get(&i) {
            return match e {
                Expansion::Done(v) => Some(Rc::clone(v)),
                Expansion::Failed => None,
            };
        }
        // A list on the stack is being expanded: a cycle (it had entries, or it would not be there).
        if stack.contains(&i) {
            return None;
        }
        // A list with no entries of its own (`none`, `unspecified`, or a rule that failed)
        // contributes nothing. The entries are taken: once expanded, a list is in `memo`.
        let Some(entries) = self.doc_entries.remove(&i) else { return Some(Rc::new(vec![])) };
        stack.push(i);
        let mut out: Vec<DocItem> = Vec::new();
        let mut failed = false;
        let (file, _) = self.decls.get(i).map(|d| (d.file.clone(), d.decl.id.span)).unwrap_or_default();
        for e in entries {
            match e {
                DocEntry::Item(it) => out.push(it),
                DocEntry::Include { target, range, span } => {
                    let Some(sub) = self.expand(target, memo, stack) else {
                        if stack.contains(&target) || memo.get(&target).is_none() {
                            self.push(
                                err(Code::BadValue, &file, span, "documents lists include each other in a cycle")
                                    .with_help("a list may include another, never itself"),
                            );
                        }
                        failed = true;
                        continue;
                    };
                    match range {
                        None => out.extend(sub.iter().cloned()),
                        Some((a, b)) if b <= sub.len() => out.extend(sub.iter().skip(a - 1).take(b + 1 - a).cloned()),
                        Some((a, b)) => {
                            let n = sub.len();
                            self.push(err(
                                Code::BadValue,
                                &file,
                                span,
                                format!("`items {a}..{b}`: the included list has only {n} items; use a range within 1..{n}"),
                            ));
                            failed = true;
                        }
                    }
                }
            }
            if out.len() > MAX_LIST_ITEMS {
                let span = self.decls.get(i).map(|d| d.decl.id.span).unwrap_or_default();
                self.push(
                    err(Code::BadValue, &file, span, format!("this documents list expands to more than {MAX_LIST_ITEMS} items"))
                        .with_help("a list this long is a mistake: check its `include`s"),
                );
                failed = true;
                break;
            }
        }
        stack.pop();
        if failed {
            memo.insert(i, Expansion::Failed);
            return None;
        }
        let out = Rc::new(out);
        memo.insert(i, Expansion::Done(Rc::clone(&out)));
        Some(out)
    }

    /// `as <rule>` names a fee rule that states its own status (not another `as`).
    pub(super) fn check_charge_as(&mut self, rules: &mut [Option<Rule>]) {
        let targets: Vec<(RuleId, RuleId)> = rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.as_ref().map(|r| &r.body) {
                Some(Body::Fee { charge_as: Some(t), .. }) => Some((i, *t)),
                _ => None,
            })
            .collect();
        for (i, t) in targets {
            let chained = matches!(rules.get(t), Some(Some(Rule { body: Body::Fee { charge_as: Some(_), .. }, .. })));
            if chained && let Some(d) = self.decls.get(i) {
                let (file, span) = (d.file.clone(), d.decl.id.span);
                self.push(err(Code::BadValue, &file, span, "a fee charged `as` another rule must name a rule with items of its own, not another `as`"));
                if let Some(slot) = rules.get_mut(i) {
                    *slot = None;
                }
            }
        }
    }

    pub(super) fn close_overrides(&mut self, rules: &mut [Option<Rule>]) {
        let direct: Vec<BTreeSet<RuleId>> = rules.iter().map(|r| r.as_ref().map(|r| r.overrides.iter().copied().collect()).unwrap_or_default()).collect();
        self.direct_overrides = direct.clone();
        for i in 0..rules.len() {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<RuleId> = direct.get(i).map(|s| s.iter().copied().collect()).unwrap_or_default();
            while let Some(x) = stack.pop() {
                if x == i {
                    // One diagnostic per cycle, at its first rule, naming the whole cycle.
                    let path = cycle_path(&direct, i);
                    if path.iter().min() == Some(&i)
                        && let Some(d) = self.decls.get(i)
                    {
                        let names: Vec<String> =
                            path.iter().chain(std::iter::once(&i)).filter_map(|r| self.decls.get(*r)).map(|d| format!("`{}`", d.decl.id.node)).collect();
                        let (file, span) = (d.file.clone(), d.decl.id.span);
                        self.push(
                            err(Code::Cycle, &file, span, format!("override cycle: {}", names.join(" overrides ")))
                                .with_help("an exception overrides the general rule, never the other way round: drop one `overrides`"),
                        );
                    }
                    break;
                }
                if seen.insert(x) {
                    stack.extend(direct.get(x).into_iter().flatten().copied());
                }
            }
            if let Some(Some(r)) = rules.get_mut(i) {
                r.overrides = list(seen.into_iter().collect());
            }
        }
    }
}

/// The rules of a cycle of `overrides` through `start`, in order, starting with `start`.
fn cycle_path(direct: &[BTreeSet<RuleId>], start: RuleId) -> Vec<RuleId> {
    let mut parent: BTreeMap<RuleId, RuleId> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(x) = queue.pop_front() {
        for y in direct.get(x).into_iter().flatten().copied() {
            if y == start {
                let mut path = vec![x];
                let mut cur = x;
                while let Some(p) = parent.get(&cur).copied() {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = parent.entry(y) {
                e.insert(x);
                queue.push_back(y);
            }
        }
    }
    vec![start]
}
