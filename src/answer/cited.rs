//! Where a part of an answer comes from: one type shared by every part one rule gives.

use super::{SourceOut, Str, is_empty};
use crate::answer::json::Json;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Serialize;

/// The provenance of a part one rule gives — its citation, the rule's id, the rule's notes
/// and its labelled assumptions — written inline into the part (`#[serde(flatten)]`) as
/// `"source"`, `"rule"`, `"notes"`, `"assumptions"`, the last two left out when empty.
///
/// `S` is the citation: a [`SourceOut`], or `Option<SourceOut>` (`null`) where the part may
/// come from the engine's own checks rather than a rule of the regulation (a finding) or
/// from no rule at all (an unspecified fee or documents list, an acceptance no rule
/// decides). `R` is the rule id likewise: `Str`, or `Option<Str>` (`null`).
#[derive(Debug, Clone, Default, Serialize, Json, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Cited<'a, S = SourceOut<'a>, R = Str<'a>> {
    /// Citation: document and article.
    pub source: S,
    /// Rule id (`630000/…`).
    pub rule: R,
    /// Notes of the rule.
    #[serde(skip_serializing_if = "is_empty")]
    pub notes: Texts<'a>,
    /// Labelled assumptions of the rule, where the regulation is silent.
    #[serde(skip_serializing_if = "is_empty")]
    pub assumptions: Texts<'a>,
}

/// Lines of text a rule holds (its notes, its assumptions): borrowed from the rule set, so a
/// part citing a rule allocates nothing for them; owned where the engine composes them.
pub type Texts<'a> = std::borrow::Cow<'a, [crate::ir::Text]>;

/// The provenance of a part that may come from no rule: citation and rule id may be null.
pub type MaybeCited<'a> = Cited<'a, Option<SourceOut<'a>>, Option<Str<'a>>>;

impl<'a> Cited<'a> {
    /// The same provenance where citation and rule id may be null (a fee, a documents list,
    /// an acceptance).
    pub fn maybe(self) -> MaybeCited<'a> {
        Cited { source: Some(self.source), rule: Some(self.rule), notes: self.notes, assumptions: self.assumptions }
    }

    /// The same provenance where only the citation may be null (a finding).
    pub fn source_optional(self) -> Cited<'a, Option<SourceOut<'a>>> {
        Cited { source: Some(self.source), rule: self.rule, notes: self.notes, assumptions: self.assumptions }
    }
}
