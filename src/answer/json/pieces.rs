//! The pieces of a rule set as data: what each rule, item, fact and enum member says,
//! rendered to JSON once into one text (by `api::write::pieces`) and looked up by the
//! [`Origin`] of a part and the [`Piece`] its type splices.

use crate::answer::Origin;

/// Which piece of what an [`Origin`] names a type splices (`#[json(piece = whole)]` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// A rule's whole part (finding, obligation, referral, media, office, documents info),
    /// or an enum member's whole choice.
    Whole,
    /// The end of a rule's part after what the request decides (fee, deadline, office hours).
    Tail,
    /// A rule's entry as a rule waiting on a missing fact.
    Waiting,
    /// A rule's id as a JSON string.
    Id,
    /// A rule's citation `{doc, document, article}`.
    Source,
    /// An item's head: a document item or fee item up to what the request decides.
    Head,
    /// A fact's `needs` entry up to its choices.
    Need,
    /// A fact's branch constraint up to its values.
    Constraint,
}

/// A piece: a range of [`Rendered`]'s text; empty for no piece.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

/// What one rule says, as JSON.
#[derive(Debug, Clone, Default)]
pub struct RulePieces {
    /// The rule id as a JSON string.
    pub id: Span,
    /// Its citation `{doc, document, article}`.
    pub source: Span,
    /// The whole part it gives: its finding, obligation or referral, its media, its office,
    /// its `documents_info`.
    pub whole: Span,
    /// The end of the part it gives, after what the request decides: from `,"source"` of a
    /// fee, of a deadline, of office hours.
    pub tail: Span,
    /// Its entry as a rule waiting on a missing fact.
    pub waiting: Span,
    /// Its document items up to `"condition"`, or its fee items up to `"quantity"`.
    pub items: Vec<Span>,
}

/// What one fact's declaration says, as JSON.
#[derive(Debug, Clone, Default)]
pub struct FactPieces {
    /// A `needs` entry up to its choices.
    pub need: Span,
    /// A branch constraint up to its values.
    pub constraint: Span,
}

/// The pieces of a rule set: one text, and per rule, fact and enum member the spans of it
/// that say what they say.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    text: String,
    /// Per rule (by `RuleId`).
    pub rules: Vec<RulePieces>,
    /// Per fact (by `FactId`).
    pub facts: Vec<FactPieces>,
    /// Per enum, per member: the member as a choice `{id, label}`.
    pub members: Vec<Vec<Span>>,
}

impl Rendered {
    /// The text of `span`; `None` when it is empty.
    pub fn text(&self, span: Span) -> Option<&str> {
        if span.start == span.end {
            return None;
        }
        self.text.get(span.start..span.end)
    }

    /// Renders one piece with `write` (given a writer without pieces) and returns its span.
    pub fn piece(&mut self, write: impl FnOnce(&mut super::W<'_, '_>)) -> Span {
        let start = self.text.len();
        write(&mut super::W::new(&mut self.text, None));
        Span { start, end: self.text.len() }
    }

    /// Gives back the room the text did not use (once every piece is rendered).
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
    }

    /// The text of piece `which` of what `origin` names, if there is one.
    pub fn find(&self, origin: Origin, which: Piece) -> Option<&str> {
        let span = match (origin, which) {
            (Origin::Rule(id), _) => {
                let r = self.rules.get(id)?;
                match which {
                    Piece::Whole => r.whole,
                    Piece::Tail => r.tail,
                    Piece::Waiting => r.waiting,
                    Piece::Id => r.id,
                    Piece::Source => r.source,
                    Piece::Head | Piece::Need | Piece::Constraint => return None,
                }
            }
            (Origin::Item(rule, i), Piece::Head) => *self.rules.get(rule)?.items.get(i)?,
            (Origin::Fact(f), Piece::Need) => self.facts.get(f)?.need,
            (Origin::Fact(f), Piece::Constraint) => self.facts.get(f)?.constraint,
            (Origin::Member(e, m), Piece::Whole) => *self.members.get(e)?.get(usize::from(m))?,
            _ => return None,
        };
        self.text(span)
    }
}
