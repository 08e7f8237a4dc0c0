//! The pieces of a rule set as data: what each rule, fact and enum says, rendered to JSON
//! the first time an answer needs it (by the renderer `api::write::pieces` gives) and kept,
//! looked up by the [`Origin`] of a part and the [`Piece`] its type splices. Rendering lazily,
//! one rule at a time, keeps the first answer of a fresh process or WebAssembly instance from
//! paying for every rule of every region.

use crate::answer::Origin;
use crate::ir::{EnumId, FactId, RuleId, RuleSet};
use std::sync::OnceLock;

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

/// A piece: a range of its owner's text; empty for no piece.
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

/// JSON text and the pieces rendered into it.
#[derive(Debug, Clone, Default)]
pub struct PieceText(String);

impl PieceText {
    /// Renders one piece with `write` (given a writer without pieces) and returns its span.
    pub fn piece(&mut self, write: impl FnOnce(&mut super::W<'_, '_>)) -> Span {
        let start = self.0.len();
        write(&mut super::W::new(&mut self.0, None));
        Span { start, end: self.0.len() }
    }

    /// The text of `span`; `None` when it is empty.
    pub fn get(&self, span: Span) -> Option<&str> {
        if span.start == span.end {
            return None;
        }
        self.0.get(span.start..span.end)
    }

    /// Gives back the room the text did not use (once every piece is rendered).
    pub fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// What one rule says, as JSON.
#[derive(Debug, Clone, Default)]
pub struct RulePieces {
    /// The text the spans below are ranges of.
    pub text: PieceText,
    /// The rule id as a JSON string.
    pub id: Span,
    /// Its citation `{doc, document, article}`.
    pub source: Span,
    /// The whole part it gives: its finding, obligation or referral, its media, its office,
    /// its `documents_info`.
    pub whole: Span,
    /// The end of the part it gives, after what the request decides: from `,"source"` of a
    /// fee, from `,"basis"` of a deadline, from `,"source"` of office hours.
    pub tail: Span,
    /// Its entry as a rule waiting on a missing fact.
    pub waiting: Span,
    /// Its document items up to `"condition"`, or its fee items up to `"quantity"`.
    pub items: Vec<Span>,
}

/// What one fact's declaration says, as JSON.
#[derive(Debug, Clone, Default)]
pub struct FactPieces {
    /// The text the spans below are ranges of.
    pub text: PieceText,
    /// A `needs` entry up to its choices.
    pub need: Span,
    /// A branch constraint up to its values.
    pub constraint: Span,
}

/// What one enum's members say as choices `{id, label}`, as JSON.
#[derive(Debug, Clone, Default)]
pub struct EnumPieces {
    /// The text the spans below are ranges of.
    pub text: PieceText,
    /// Per member.
    pub members: Vec<Span>,
}

/// How the pieces of one rule, fact or enum are rendered (the front door's `engine::parts`
/// functions written through the derived writers).
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    /// The pieces of rule `id`.
    pub rule: fn(&RuleSet, RuleId) -> RulePieces,
    /// The pieces of fact `f`.
    pub fact: fn(&RuleSet, FactId) -> FactPieces,
    /// The pieces of enum `e`.
    pub enumeration: fn(&RuleSet, EnumId) -> EnumPieces,
}

/// The pieces of a rule set: per rule, fact and enum, rendered on first use and kept.
#[derive(Debug)]
pub struct Rendered {
    rules: Vec<OnceLock<RulePieces>>,
    facts: Vec<OnceLock<FactPieces>>,
    enums: Vec<OnceLock<EnumPieces>>,
    render: Renderer,
}

impl Rendered {
    /// Room for the pieces of `rs`, none rendered yet.
    pub fn new(rs: &RuleSet, render: Renderer) -> Rendered {
        Rendered { rules: cells(rs.rules.len()), facts: cells(rs.facts.len()), enums: cells(rs.enums.len()), render }
    }

    /// The pieces of rule `id` of `rs` (the rule set these pieces are of), rendered now if
    /// not yet.
    pub fn rule(&self, rs: &RuleSet, id: RuleId) -> Option<&RulePieces> {
        Some(self.rules.get(id)?.get_or_init(|| (self.render.rule)(rs, id)))
    }

    /// The pieces of fact `f` of `rs`, rendered now if not yet.
    pub fn fact(&self, rs: &RuleSet, f: FactId) -> Option<&FactPieces> {
        Some(self.facts.get(f)?.get_or_init(|| (self.render.fact)(rs, f)))
    }

    /// The pieces of enum `e` of `rs`, rendered now if not yet.
    pub fn enumeration(&self, rs: &RuleSet, e: EnumId) -> Option<&EnumPieces> {
        Some(self.enums.get(e)?.get_or_init(|| (self.render.enumeration)(rs, e)))
    }

    /// The text of piece `which` of what `origin` names in `rs`, if there is one.
    pub fn find(&self, rs: &RuleSet, origin: Origin, which: Piece) -> Option<&str> {
        match (origin, which) {
            (Origin::Rule(id), _) => {
                let r = self.rule(rs, id)?;
                let span = match which {
                    Piece::Whole => r.whole,
                    Piece::Tail => r.tail,
                    Piece::Waiting => r.waiting,
                    Piece::Id => r.id,
                    Piece::Source => r.source,
                    Piece::Head | Piece::Need | Piece::Constraint => return None,
                };
                r.text.get(span)
            }
            (Origin::Item(rule, i), Piece::Head) => {
                let r = self.rule(rs, rule)?;
                r.text.get(*r.items.get(i)?)
            }
            (Origin::Fact(f), Piece::Need) => self.fact(rs, f).and_then(|p| p.text.get(p.need)),
            (Origin::Fact(f), Piece::Constraint) => self.fact(rs, f).and_then(|p| p.text.get(p.constraint)),
            (Origin::Member(e, m), Piece::Whole) => {
                let p = self.enumeration(rs, e)?;
                p.text.get(*p.members.get(usize::from(m))?)
            }
            _ => None,
        }
    }
}

/// `n` cells, none filled.
fn cells<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}
