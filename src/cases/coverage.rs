//! Which rules and which document items the cases exercise (`carules test --coverage`).
//!
//! A rule is exercised when some case's answer cites it (a `rule` field anywhere in the
//! answer: findings, obligations, fee, documents, deadline, hours, branches) or its trace says
//! it applied or was overridden (the cases run with `explain` for coverage). A document item
//! — `(rule, item id)` — is exercised when some answer lists it, in `documents` or in a
//! branch.

use crate::ir::{Body, DocList, RuleSet};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// Coverage of a rule set by a run of cases.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coverage {
    /// Rules in the rule set.
    pub rules: usize,
    /// Ids (`<region>/<local id>`) of the rules no case exercises, sorted.
    pub rules_missed: Vec<String>,
    /// Document items in the rule set's lists.
    pub items: usize,
    /// `<rule id>#<item id>` of the items no case's answer lists, sorted.
    pub items_missed: Vec<String>,
}

impl Coverage {
    /// Per cent of rules exercised (100 for an empty rule set).
    pub fn rules_percent(&self) -> f64 {
        percent(self.rules, self.rules_missed.len())
    }
    /// Per cent of document items listed (100 when there are none).
    pub fn items_percent(&self) -> f64 {
        percent(self.items, self.items_missed.len())
    }
}

fn percent(total: usize, missed: usize) -> f64 {
    if total == 0 { 100.0 } else { (total - missed.min(total)) as f64 * 100.0 / total as f64 }
}

/// Coverage of `rs` by the answers (with `explain`) of a run of cases.
pub fn measure<'a>(rs: &RuleSet, answers: impl IntoIterator<Item = &'a Json>) -> Coverage {
    let mut rules = BTreeSet::new();
    let mut items = BTreeSet::new();
    for a in answers {
        collect(a, &mut rules, &mut items);
    }
    let all_items: Vec<String> = rs
        .rules
        .iter()
        .flat_map(|r| match &r.body {
            Body::Documents(DocList::Items(list, _)) => {
                list.iter().map(|i| format!("{}#{}", rs.rules.get(i.rule).map_or(r.id.as_ref(), |x| x.id.as_ref()), i.id)).collect()
            }
            _ => Vec::new(),
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Coverage {
        rules: rs.rules.len(),
        rules_missed: rs.rules.iter().map(|r| r.id.to_string()).filter(|id| !rules.contains(id)).collect(),
        items: all_items.len(),
        items_missed: all_items.into_iter().filter(|k| !items.contains(k)).collect(),
    }
}

fn collect(v: &Json, rules: &mut BTreeSet<String>, items: &mut BTreeSet<String>) {
    match v {
        Json::Object(m) => {
            if let Some(Json::String(rule)) = m.get("rule") {
                let traced = m.get("result").and_then(Json::as_str);
                if traced.is_none_or(|r| r == "applied" || r == "overridden") {
                    rules.insert(rule.clone());
                }
                if let Some(Json::String(id)) = m.get("id") {
                    items.insert(format!("{rule}#{id}"));
                }
            }
            m.values().for_each(|x| collect(x, rules, items));
        }
        Json::Array(a) => a.iter().for_each(|x| collect(x, rules, items)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_count_what_was_missed() {
        let c = Coverage { rules: 4, rules_missed: vec!["a/x".into()], items: 0, items_missed: vec![] };
        assert_eq!(c.rules_percent(), 75.0);
        assert_eq!(c.items_percent(), 100.0);
    }

    #[test]
    fn cited_and_applied_rules_count_consulted_ones_do_not() {
        let answer = serde_json::json!({
            "findings": [{"rule": "r/cited"}],
            "documents": [{"id": "licence", "rule": "r/docs"}],
            "trace": [{"rule": "r/applied", "result": "applied"}, {"rule": "r/skipped", "result": "not_applicable"}, {"rule": "r/over", "result": "overridden"}]
        });
        let (mut rules, mut items) = (BTreeSet::new(), BTreeSet::new());
        collect(&answer, &mut rules, &mut items);
        let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
        assert_eq!(rules, ["r/applied", "r/cited", "r/docs", "r/over"]);
        assert_eq!(items.into_iter().collect::<Vec<_>>(), ["r/docs#licence"]);
    }
}
