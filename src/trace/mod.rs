//! Article traceability (`carules trace`): each article of a document's `outline` beside
//! the rules that cite it, or the reason it is `not_encoded`, or nothing (uncovered).
//!
//! Read from the syntax trees, not the IR: outlines and article texts stay out of the
//! checked rule set, the compiled rules and the WebAssembly build. [`cite`] decides which
//! articles a citation names (the checker uses it too, for E0204 and E0205); [`build`]
//! gathers every citation of every file; [`render`] writes the text view, [`html`] the page.

pub mod cite;
#[cfg(feature = "handbook")]
pub mod html;
pub mod render;

use crate::ast::{self, Clause, FieldValue, Item, Span, Spanned};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a citation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UseKind {
    /// A rule's `source doc "article"`.
    Rule,
    /// A documents item's `source "article"` (in its rule's document).
    Item,
    /// `default … source doc "article"` on a fact or in a region header.
    Default,
    /// A calendar's `source`.
    Calendar,
}

/// One citation as written in a file, borrowed from its syntax tree.
#[derive(Debug, Clone)]
pub struct Citation<'a> {
    /// The document cited, with its span.
    pub doc: &'a Spanned<String>,
    /// The article text as written.
    pub article: &'a str,
    /// Where the citation stands (the article string; the whole item for an item's source).
    pub span: Span,
    /// What cites.
    pub kind: UseKind,
    /// Who cites: `630000/renewal.window`, `630000/org.new item legal_rep_id_copy`,
    /// `years`, `340000 default years`, `cn2026`.
    pub id: String,
    /// The region of the file it stands in (`None`: the prelude or the calendar).
    pub region: Option<String>,
}

/// The region code of a file's `region` header, if it has one.
pub fn file_region(file: &ast::File) -> Option<&str> {
    file.items.iter().find_map(|i| match i {
        Item::Region(r) => Some(r.code.node.as_str()),
        _ => None,
    })
}

/// Every citation of a file: rule sources, documents items' sources, cited defaults and
/// calendar sources, in the order written.
pub fn citations(file: &ast::File) -> Vec<Citation<'_>> {
    let region = file_region(file).map(str::to_string);
    let mut out = Vec::new();
    for item in &file.items {
        let cite = |s, kind, id| cite(s, kind, id, &region);
        match item {
            Item::Rule(r) => {
                let rule = match &region {
                    Some(code) => format!("{code}/{}", r.id.node),
                    None => r.id.node.clone(),
                };
                out.extend(r.sources.iter().map(|s| cite(s, UseKind::Rule, rule.clone())));
                let Some(first) = r.sources.first() else { continue };
                for c in &r.body {
                    if let Clause::DocItem { id, source: Some(article), .. } = &c.node {
                        let id = format!("{rule} item {}", id.node);
                        out.push(Citation { doc: &first.doc, article, span: c.span, kind: UseKind::Item, id, region: region.clone() });
                    }
                }
            }
            Item::Fact(f) => out.extend(f.default_source.iter().map(|s| cite(s, UseKind::Default, f.path.node.clone()))),
            Item::Region(r) => {
                for (fact, _, s) in &r.defaults {
                    out.extend(s.iter().map(|s| cite(s, UseKind::Default, format!("{} default {}", r.code.node, fact.node))));
                }
            }
            Item::Calendar(c) => out.push(cite(&c.source, UseKind::Calendar, c.id.node.clone())),
            _ => {}
        }
    }
    out
}

fn cite<'a>(s: &'a ast::SourceRef, kind: UseKind, id: String, region: &Option<String>) -> Citation<'a> {
    Citation { doc: &s.doc, article: &s.article, span: s.article_span, kind, id, region: region.clone() }
}

/// Every document of a rule set with its articles and who cites them.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// Documents in file order, then in the order declared.
    pub documents: Vec<DocTrace>,
}

/// One document: what it is, and its articles (when it has an outline) or its citations.
#[derive(Debug, Clone, Serialize)]
pub struct DocTrace {
    /// Document id.
    pub id: String,
    /// `title`, `number`, `issuer`, `date`, `url` as written (`None`: unspecified or absent).
    pub title: Option<String>,
    /// Document number.
    pub number: Option<String>,
    /// Publisher.
    pub issuer: Option<String>,
    /// Date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Where it was read.
    pub url: Option<String>,
    /// The file that declares it.
    pub file: String,
    /// The region of that file (`None`: the prelude or the calendar).
    pub region: Option<String>,
    /// Whether the document has an `outline`.
    pub outlined: bool,
    /// Its articles, in outline order (empty without an outline).
    pub articles: Vec<ArticleTrace>,
    /// Article coverage (`None` without an outline).
    pub coverage: Option<Coverage>,
    /// Without an outline: every citation of the document.
    pub citations: Vec<Use>,
}

/// Whether an article is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Some rule, item, default or calendar cites it.
    Encoded,
    /// No citation; the outline says why (`not_encoded "reason"`).
    NotEncoded,
    /// No citation and no reason: a gap.
    Uncovered,
}

/// One article with its text and who cites it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleTrace {
    /// The number as the outline writes it.
    pub number: String,
    /// The text.
    pub text: String,
    /// Encoded, not encoded (with a reason) or uncovered.
    pub status: Status,
    /// The `not_encoded` reason.
    pub reason: Option<String>,
    /// The citations that name it.
    pub cited_by: Vec<Use>,
}

/// One citation of a document: who cites, with which words, where.
#[derive(Debug, Clone, Serialize)]
pub struct Use {
    /// Rule, item, default or calendar.
    pub kind: UseKind,
    /// Who cites (see [`Citation::id`]).
    pub id: String,
    /// The article text as the citation writes it.
    pub citation: String,
    /// The region of the citing file.
    pub region: Option<String>,
    /// The citing file.
    pub file: String,
    /// Its 1-based line.
    pub line: usize,
}

/// Article counts of one or more outlines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Articles.
    pub articles: usize,
    /// Cited by some rule.
    pub encoded: usize,
    /// Not cited, with a reason.
    pub not_encoded: usize,
    /// Neither.
    pub uncovered: usize,
}

impl Coverage {
    /// Encoded or explained, in percent of the articles (100 when there are none).
    pub fn percent(&self) -> f64 {
        if self.articles == 0 { 100.0 } else { (self.encoded + self.not_encoded) as f64 * 100.0 / self.articles as f64 }
    }

    fn add(&mut self, status: Status) {
        self.articles += 1;
        match status {
            Status::Encoded => self.encoded += 1,
            Status::NotEncoded => self.not_encoded += 1,
            Status::Uncovered => self.uncovered += 1,
        }
    }
}

/// Builds the trace of a rule set given as `(name, text)` pairs. Files that do not parse are
/// skipped: run the checker first (the CLI refuses a rule set that does not check).
pub fn build(files: &[(String, String)]) -> Trace {
    let parsed: Vec<(&str, &str, ast::File)> =
        files.iter().filter_map(|(n, t)| crate::syntax::parse_file(n, t).ok().map(|f| (n.as_str(), t.as_str(), f))).collect();
    let mut outlines: BTreeMap<&str, &ast::OutlineDecl> = BTreeMap::new();
    let mut uses: BTreeMap<&str, Vec<(&str, Use)>> = BTreeMap::new();
    for (name, text, f) in &parsed {
        for i in &f.items {
            if let Item::Outline(o) = i {
                outlines.entry(o.doc.node.as_str()).or_insert(o);
            }
        }
        for c in citations(f) {
            let line = crate::diag::line_col(text, c.span.start).0;
            let u = Use { kind: c.kind, id: c.id, citation: c.article.to_string(), region: c.region, file: name.to_string(), line };
            uses.entry(c.doc.node.as_str()).or_default().push((c.article, u));
        }
    }
    let mut documents = Vec::new();
    for (name, _, f) in &parsed {
        for i in &f.items {
            if let Item::Document(d) = i {
                let cited = uses.remove(d.id.node.as_str()).unwrap_or_default();
                documents.push(document(name, file_region(f), d, outlines.get(d.id.node.as_str()).copied(), cited));
            }
        }
    }
    Trace { documents }
}

/// One document's trace: its fields, and its articles with their citations.
fn document(file: &str, region: Option<&str>, d: &ast::DocumentDecl, outline: Option<&ast::OutlineDecl>, cited: Vec<(&str, Use)>) -> DocTrace {
    let field = |key: &str| {
        d.fields.iter().find(|f| f.key.node == key).and_then(|f| match &f.value {
            FieldValue::Text(t) => Some(t.clone()),
            FieldValue::Date(x) | FieldValue::Name(x) => Some(x.node.clone()),
            FieldValue::Unspecified => None,
        })
    };
    let mut doc = DocTrace {
        id: d.id.node.clone(),
        title: field("title"),
        number: field("number"),
        issuer: field("issuer"),
        date: field("date"),
        url: field("url"),
        file: file.to_string(),
        region: region.map(str::to_string),
        outlined: outline.is_some(),
        articles: vec![],
        coverage: None,
        citations: vec![],
    };
    let Some(o) = outline else {
        doc.citations = cited.into_iter().map(|(_, u)| u).collect();
        return doc;
    };
    let numbers: Vec<&str> = o.articles.iter().map(|a| a.number.node.as_str()).collect();
    let mut by: Vec<Vec<Use>> = vec![Vec::new(); numbers.len()];
    for (article, u) in cited {
        for i in cite::articles(&numbers, article) {
            if let Some(list) = by.get_mut(i) {
                list.push(u.clone());
            }
        }
    }
    let mut coverage = Coverage::default();
    for (a, cited_by) in o.articles.iter().zip(by) {
        let reason = a.not_encoded.as_ref().map(|r| r.node.clone());
        let status = match (cited_by.is_empty(), &reason) {
            (false, _) => Status::Encoded,
            (true, Some(_)) => Status::NotEncoded,
            (true, None) => Status::Uncovered,
        };
        coverage.add(status);
        doc.articles.push(ArticleTrace { number: a.number.node.clone(), text: a.text.clone(), status, reason, cited_by });
    }
    doc.coverage = Some(coverage);
    doc
}

impl Trace {
    /// The documents of one region: declared in its file, or cited by its rules.
    pub fn region(self, code: &str) -> Trace {
        let mine = |d: &DocTrace| {
            d.region.as_deref() == Some(code)
                || d.citations.iter().chain(d.articles.iter().flat_map(|a| &a.cited_by)).any(|u| u.region.as_deref() == Some(code))
        };
        Trace { documents: self.documents.into_iter().filter(mine).collect() }
    }

    /// The articles neither cited nor marked `not_encoded`, as `(document, number)`.
    pub fn uncovered(&self) -> Vec<(&str, &str)> {
        self.documents.iter().flat_map(|d| d.articles.iter().filter(|a| a.status == Status::Uncovered).map(|a| (d.id.as_str(), a.number.as_str()))).collect()
    }

    /// The article coverage of every outlined document together.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage::default();
        for a in self.documents.iter().flat_map(|d| &d.articles) {
            c.add(a.status);
        }
        c
    }
}
