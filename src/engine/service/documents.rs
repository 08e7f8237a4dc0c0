//! The documents part: the winning list, items whose own condition holds, and what the
//! applicant handed in against it.

use super::*;
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DocsOutcome<'a> {
    pub(super) answer: DocumentsBranch<'a>,
    /// Listed items not submitted.
    pub(super) missing: Vec<Str<'a>>,
    /// Items listed under an undecided condition and not submitted.
    pub(super) uncertain: Vec<Str<'a>>,
    pub(super) waits: Waits,
}

impl DocsOutcome<'_> {
    /// Whether what was submitted is complete: null when the list is open-ended or an item's
    /// condition is undecided.
    pub(super) fn complete(&self) -> Option<bool> {
        if !self.missing.is_empty() {
            return Some(false);
        }
        match self.answer.documents_info.status {
            ListStatus::Listed if self.answer.documents_info.incomplete.is_none() && self.uncertain.is_empty() => Some(true),
            ListStatus::None => Some(true),
            _ => None,
        }
    }
}

/// `documents_info` when no documents rule wins.
fn unspecified_info<'a>() -> DocumentsInfo<'a> {
    DocumentsInfo { status: ListStatus::Unspecified, cited: MaybeCited::default(), why: None, incomplete: None, origin: Origin::Answer }
}

pub(super) fn undetermined_info<'a>() -> DocumentsInfo<'a> {
    DocumentsInfo { status: ListStatus::Undetermined, ..unspecified_info() }
}

#[inline(never)]
pub(super) fn documents_outcome<'a>(
    rs: &'a RuleSet,
    conds: &dyn crate::engine::Conds,
    env: &Env,
    w: Option<RuleId>,
    submitted: Option<&[String]>,
) -> DocsOutcome<'a> {
    let mut waits = Waits::new();
    let Some((w, r)) = w.and_then(|w| rs.rules.get(w).map(|r| (w, r))) else {
        let info = unspecified_info();
        return DocsOutcome {
            answer: DocumentsBranch { documents: None, documents_info: info, missing_documents: None },
            missing: vec![],
            uncertain: vec![],
            waits,
        };
    };
    let info = crate::engine::parts::documents_info(rs, w).unwrap_or_else(unspecified_info);
    let mut missing = vec![];
    let mut uncertain = vec![];
    let documents = match &r.body {
        Body::Documents(DocList::Items(items, _)) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                let condition = match &it.when {
                    None => None,
                    Some(c) => {
                        env.take_missing();
                        match conds.item_when(env, w, i) {
                            Some(true) => None,
                            Some(false) => continue,
                            None => {
                                waits.push((w, env.take_missing()));
                                Some(Str::from(format!("仅当{}时提交", describe::cond(rs, c))))
                            }
                        }
                    }
                };
                if let Some(sub) = submitted
                    && !sub.iter().any(|s| *s == *it.id)
                {
                    if condition.is_some() { uncertain.push(Str::from(it.id.as_str())) } else { missing.push(Str::from(it.id.as_str())) }
                }
                out.push(crate::engine::parts::document_item(rs, w, i, it, condition));
            }
            Some(out)
        }
        Body::Documents(DocList::None(_)) => Some(vec![]),
        _ => None,
    };
    DocsOutcome { answer: DocumentsBranch { documents, documents_info: info, missing_documents: None }, missing, uncertain, waits }
}

#[inline(never)]
pub(super) fn missing_finding<'a>(answer: &DocumentsBranch<'a>, missing: &[Str<'a>]) -> Finding<'a> {
    let items: Vec<&DocumentOut<'a>> = answer.documents.iter().flatten().filter(|d| missing.contains(&d.id)).collect();
    let names: Vec<&str> = items.iter().map(|d| d.name.as_ref()).collect();
    let first = items.first();
    Finding {
        code: "documents.missing".into(),
        severity: Severity::Deny,
        message: format!("材料不全，缺少：{}", names.join("；")).into(),
        remedy: Some("请补齐所缺材料后再办理".into()),
        cited: Cited {
            source: first.map(|d| d.source.clone()),
            rule: first.map(|d| d.rule.clone()).unwrap_or_default(),
            notes: Texts::default(),
            assumptions: Texts::default(),
        },
        minimum_set: vec![],
        origin: Origin::Answer,
    }
}

#[inline(never)]
pub(super) fn incomplete_finding<'a>(info: &DocumentsInfo<'a>) -> Finding<'a> {
    Finding {
        code: "documents.incomplete_list".into(),
        severity: Severity::Warn,
        message: format!("规定所列材料并不完整（{}），无法确认所交材料已经齐全", info.incomplete.as_deref().unwrap_or("")).into(),
        remedy: Some("请向办理窗口确认是否还需其他材料".into()),
        cited: Cited {
            source: info.cited.source.clone(),
            rule: info.cited.rule.clone().unwrap_or_default(),
            notes: Texts::default(),
            assumptions: Texts::default(),
        },
        minimum_set: vec![],
        origin: Origin::Answer,
    }
}
