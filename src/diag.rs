//! Diagnostics as data: a stable code, a file and span, a message, a help line. Rendered
//! for people (`file:line:column`, the source line with a caret) by [`render`], and
//! serialisable for machines.

use crate::ast::Span;
use serde::Serialize;

/// Stable diagnostic codes (docs/language.md, "Diagnostics").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// E0001 syntax error.
    Syntax,
    /// E0002 a condition or expression nested too deeply.
    TooDeep,
    /// E0003 an escape a string does not know (`"a\qb"`): only `\n`, `\t`, `\"` and `\\`.
    BadEscape,
    /// E0101 unknown fact.
    UnknownFact,
    /// E0102 unknown enum or type (`set of rols`; a rule needing the `media` or `requirement`
    /// enum where none is declared). Until issue 21 it also covered unknown documents, rules,
    /// regions, seasons and derivations, now E0111–E0115.
    UnknownName,
    /// E0103 unknown enum member.
    UnknownMember,
    /// E0104 duplicate name.
    Duplicate,
    /// E0105 a name declared by another region, not visible here.
    Scope,
    /// E0111 unknown document (a `source`, a default's citation, an `outline`). Split out of E0102.
    UnknownDocument,
    /// E0112 unknown rule (`overrides`, `include`, `as`, `derive`). Split out of E0102.
    UnknownRule,
    /// E0113 unknown region (a `parent`, `within`, a region literal). Split out of E0102.
    UnknownRegion,
    /// E0114 an `assume` naming a season its `hours` rule does not declare. Split out of E0102.
    UnknownSeason,
    /// E0115 a checklist item's `derive` naming no derivation (`overdue`, `on_time`). Split
    /// out of E0102.
    UnknownDerivation,
    /// E0201 rule without a source.
    MissingSource,
    /// E0202 a rule in a file without a `region` header. Until issue 21 it also covered a
    /// second header and a header after rules, now E0212 and E0213.
    RegionHeader,
    /// E0203 a default without a citation on a fact a rule reads: a default is an
    /// assumption, allowed only where a regulation justifies it.
    UncitedDefault,
    /// E0204 a citation naming no article of its document's `outline`.
    UnknownArticle,
    /// E0205 `not_encoded` on an article that a rule, item, default or calendar cites.
    EncodedArticle,
    /// E0211 a citation naming its document but no article (`source doc ""`). Split out of E0201.
    MissingArticle,
    /// E0212 a second `region` header in one file. Split out of E0202.
    SecondRegion,
    /// E0213 the `region` header after the file's first rule. Split out of E0202.
    LateRegionHeader,
    /// E0301 type or unit mismatch.
    Type,
    /// E0401 overlapping rules without an order.
    Conflict,
    /// E0402 exception that can never apply.
    Unreachable,
    /// E0403 covered service without a documents rule.
    NoDocuments,
    /// E0404 override cycle.
    Cycle,
    /// E0501 bad value (range, date, a day set or quantity missing). Until issue 21 it also
    /// covered clauses not valid for the rule's kind, now E0502.
    BadValue,
    /// E0502 a clause, or a title, that a rule of this kind does not take (a `within` in a fee
    /// rule; a title on a rule other than `checklist` and `office`). Split out of E0501.
    NotForKind,
    /// E0503 an item of a `package` fee with a `when` of its own (a package is sold whole).
    PackageItemCondition,
    /// E0504 a `form` listed twice in one document item.
    FormTwice,
    /// E0505 a form's `(requires …)` naming what the item already requires whatever its form.
    FormRequiresAgain,
    /// E0506 `within … after <fact>` or `valid … after <fact>` whose fact is not a time or a date.
    EventNotATime,
    /// E0507 a limit in minutes or hours counted from a date (a day has no hour to count from).
    HoursAfterADate,
    /// E0508 a `valid` term in days, weekdays, working days, minutes or hours (months or years only).
    TermUnit,
    /// E0509 `at_least` a number outside 1 to 1000.
    MinimumSetSize,
    /// E0601 I/O problem reading the rule directory.
    Io,
    /// W0001 an identifier mixing scripts (warning).
    MixedScript,
}

impl Code {
    /// The stable code string, e.g. `"E0401"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E0001",
            Code::TooDeep => "E0002",
            Code::BadEscape => "E0003",
            Code::UnknownFact => "E0101",
            Code::UnknownName => "E0102",
            Code::UnknownMember => "E0103",
            Code::Duplicate => "E0104",
            Code::Scope => "E0105",
            Code::UnknownDocument => "E0111",
            Code::UnknownRule => "E0112",
            Code::UnknownRegion => "E0113",
            Code::UnknownSeason => "E0114",
            Code::UnknownDerivation => "E0115",
            Code::MissingSource => "E0201",
            Code::RegionHeader => "E0202",
            Code::UncitedDefault => "E0203",
            Code::UnknownArticle => "E0204",
            Code::EncodedArticle => "E0205",
            Code::MissingArticle => "E0211",
            Code::SecondRegion => "E0212",
            Code::LateRegionHeader => "E0213",
            Code::Type => "E0301",
            Code::Conflict => "E0401",
            Code::Unreachable => "E0402",
            Code::NoDocuments => "E0403",
            Code::Cycle => "E0404",
            Code::BadValue => "E0501",
            Code::NotForKind => "E0502",
            Code::PackageItemCondition => "E0503",
            Code::FormTwice => "E0504",
            Code::FormRequiresAgain => "E0505",
            Code::EventNotATime => "E0506",
            Code::HoursAfterADate => "E0507",
            Code::TermUnit => "E0508",
            Code::MinimumSetSize => "E0509",
            Code::Io => "E0601",
            Code::MixedScript => "W0001",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether a diagnostic stops the rule set from checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule set does not check.
    Error,
    /// Worth a look; the rule set still checks.
    Warning,
}

/// Another place a diagnostic points at (the first declaration of a duplicate, the other
/// rule of a conflict).
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// File name.
    pub file: String,
    /// Byte span.
    #[serde(skip)]
    pub span: Span,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What it is.
    pub message: String,
}

/// One located problem in a rule file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// error | warning.
    pub severity: Severity,
    /// File name relative to the rule directory.
    pub file: String,
    /// Byte span in the file.
    #[serde(skip)]
    pub span: Span,
    /// 1-based line (filled by [`locate`]).
    pub line: usize,
    /// 1-based column in characters (filled by [`locate`]).
    pub column: usize,
    /// Lower-case message; user input in backticks.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places it points at.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// An error without help.
    pub fn new(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { code, severity: Severity::Error, file: file.to_string(), span, line: 0, column: 0, message: message.into(), help: None, related: vec![] }
    }

    /// A warning without help.
    pub fn warning(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(code, file, span, message) }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds another place the diagnostic points at.
    pub fn with_related(mut self, file: &str, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related { file: file.to_string(), span, line: 0, column: 0, message: message.into() });
        self
    }
}

/// Fills line and column of each diagnostic from the file texts (`(name, text)` pairs).
pub fn locate(diags: &mut [Diagnostic], files: &[(String, String)]) {
    // One index of line starts per file, built on first use: locating is a binary search,
    // so many diagnostics in one long file cost n·log n, not n² (10,000 in one file).
    let mut indexes: Vec<Option<Vec<usize>>> = vec![None; files.len()];
    let mut at = |file: &str, pos: usize| -> Option<(usize, usize)> {
        let i = files.iter().position(|(n, _)| n == file)?;
        let text = &files.get(i)?.1;
        let starts = indexes.get_mut(i)?.get_or_insert_with(|| newline_starts(text));
        Some(line_col_in(text, starts, pos))
    };
    for d in diags.iter_mut() {
        if let Some((l, c)) = at(&d.file, d.span.start) {
            d.line = l;
            d.column = c;
        }
        for r in d.related.iter_mut() {
            if let Some((l, c)) = at(&r.file, r.span.start) {
                r.line = l;
                r.column = c;
            }
        }
    }
}

/// Byte offsets where the lines of `text` start (after each `\n`), the first line's 0 included.
fn newline_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// [`line_col`] with the line starts of `text` at hand (`newline_starts`).
fn line_col_in(text: &str, starts: &[usize], pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let line = starts.partition_point(|&s| s <= pos).max(1);
    let start = starts.get(line - 1).copied().unwrap_or(0);
    let col = text.get(start..pos).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// 1-based line and character column of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = text.get(..pos).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|s| s.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// The longest source line [`render`] shows; the header line locates a diagnostic on a
/// longer one.
#[cfg(feature = "cli")]
const MAX_SHOWN_LINE: usize = 10_000;

/// Renders diagnostics for people, rustc-style, through miette's graphical handler
/// (no colour, so the output is stable for snapshots and logs).
#[cfg(feature = "cli")]
pub fn render(diags: &[Diagnostic], files: &[(String, String)]) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        // miette counts columns in bytes; the header line below gives the character column.
        .without_primary_span_start();
    let mut out = String::new();
    // Each file's text shared by its diagnostics, with its line index (`Windowed`).
    let sources: Vec<Windowed> = files.iter().map(|(n, t)| Windowed::new(n, t)).collect();
    for d in diags {
        let source = sources.iter().find(|w| *w.name == *d.file).cloned().unwrap_or_else(|| Windowed::new(&d.file, ""));
        let text = &*source.text;
        let len = d.span.end.saturating_sub(d.span.start).min(text.len().saturating_sub(d.span.start));
        let mut md =
            MietteDiagnostic::new(d.message.clone()).with_label(LabeledSpan::at(d.span.start.min(text.len())..d.span.start.min(text.len()) + len, "here"));
        if let Some(h) = &d.help {
            md = md.with_help(h.clone());
        }
        // miette keeps columns in a u16: a line longer than that panics in its renderer.
        // Such a line is not shown (the header line still locates the diagnostic).
        let line_len = {
            let at = d.span.start.min(text.len());
            let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
            let end = text.get(at..).and_then(|t| t.find('\n')).map_or(text.len(), |i| at + i);
            end.saturating_sub(start)
        };
        let report = if line_len > MAX_SHOWN_LINE {
            let md = MietteDiagnostic::new(d.message.clone());
            let md = match &d.help {
                Some(h) => md.with_help(format!("{h}\n(the line is {line_len} bytes long: too long to show)")),
                None => md.with_help(format!("(the line is {line_len} bytes long: too long to show)")),
            };
            miette::Report::new(md)
        } else {
            miette::Report::new(md).with_source_code(source.clone())
        };
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{}:{}:{}: {level}[{}]: {}\n", d.file, d.line, d.column, d.code.as_str(), d.message));
        let mut body = String::new();
        let _ = handler.render_report(&mut body, report.as_ref());
        // miette repeats the message after `×` (wrapped onto `│` lines); the header line
        // above already carries it.
        for line in body.lines().skip_while(|l| l.trim().is_empty() || l.trim_start().starts_with('×') || l.trim_start().starts_with('│')) {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for r in &d.related {
            out.push_str(&format!("  note: {} at {}:{}:{}\n", r.message, r.file, r.line, r.column));
        }
    }
    out
}

/// A file's text for miette, read from a few lines before the span rather than from the top:
/// miette's own `str` source scans from the first byte on every read, so rendering many
/// diagnostics of one long file was quadratic (10,000 region headers in one file: minutes).
/// The contents handed back are those miette would compute on the whole text: the window
/// starts at a line boundary (as miette counts lines: `\n`, `\r\n` or a lone `\r`) more lines
/// before the span than the context asks for, and line and offsets are shifted back.
#[cfg(feature = "cli")]
#[derive(Clone)]
struct Windowed {
    name: std::sync::Arc<str>,
    text: std::sync::Arc<str>,
    /// Byte offsets where lines start, as miette counts them; the first is 0.
    starts: std::sync::Arc<[usize]>,
}

#[cfg(feature = "cli")]
impl Windowed {
    fn new(name: &str, text: &str) -> Windowed {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            if b == b'\r' || b == b'\n' {
                starts.push(i + 1);
            }
            i += 1;
        }
        Windowed { name: name.into(), text: text.into(), starts: starts.into() }
    }
}

#[cfg(feature = "cli")]
impl miette::SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let line = self.starts.partition_point(|&s| s <= span.offset()).saturating_sub(1);
        let first = line.saturating_sub(context_lines_before + 1);
        let from = self.starts.get(first).copied().unwrap_or(0).min(self.text.len());
        let window = self.text.get(from..).ok_or(miette::MietteError::OutOfBounds)?;
        let shifted = miette::SourceSpan::new(span.offset().saturating_sub(from).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            miette::SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

/// "did you mean …" for a near-miss name, from the candidates given.
///
/// Deterministic: ties are broken by the candidate's name, so the hint never depends on
/// the order of a hash map. Names longer than 200 bytes get no suggestion (the comparison
/// would cost more than it could help).
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    if name.len() > 200 {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    fn last(s: &str) -> &str {
        s.rsplit(['.', '/']).next().unwrap_or(s)
    }
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        // Dotted names share long prefixes (`certificate.…`): the last part must be close too.
        if (name.contains('.') || c.contains('.')) && strsim::jaro_winkler(last(name), last(c)) <= 0.8 {
            continue;
        }
        if score > 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;
    use miette::SourceCode;

    /// The windowed source hands miette exactly what miette reads from the whole text: same
    /// bytes, offsets, line, column and line count, for every span start and length, any
    /// context, line breaks `\n`, `\r\n` and a lone `\r`, and text with multi-byte characters.
    #[test]
    fn windowed_reads_as_miette_reads_the_whole_text() {
        let texts = [
            "region 910000 \"x\" {\n  alias \"甲\"\n}\n\nfinding a {\n  source d \"一\"\n}\n",
            "a\r\nbb\r\n\r\nccc\rdd\n\ne",
            "one line, no break",
            "\n\n\nx\n",
        ];
        let mut compared = 0;
        for text in texts {
            let w = Windowed::new("f", text);
            for start in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
                for len in [0, 1, 3] {
                    if start + len > text.len() || !text.is_char_boundary(start + len) {
                        continue;
                    }
                    for ctx in 0..3 {
                        let span = miette::SourceSpan::new(start.into(), len);
                        let whole = text.read_span(&span, ctx, ctx);
                        let ours = w.read_span(&span, ctx, ctx);
                        match (whole, ours) {
                            (Ok(a), Ok(b)) => {
                                let what = format!("{text:?} at {start}+{len}, context {ctx}");
                                assert_eq!(a.data(), b.data(), "{what}: data");
                                assert_eq!((a.span().offset(), a.span().len()), (b.span().offset(), b.span().len()), "{what}: span");
                                assert_eq!((a.line(), a.column(), a.line_count()), (b.line(), b.column(), b.line_count()), "{what}: line, column, count");
                                compared += 1;
                            }
                            (a, b) => assert_eq!(a.is_ok(), b.is_ok(), "{text:?} at {start}+{len}: one reads, the other does not"),
                        }
                    }
                }
            }
        }
        assert!(compared > 300, "only {compared} spans compared");
    }

    /// Locating with the line index gives what counting from the top gives.
    #[test]
    fn located_as_counted_from_the_top() {
        let text = "a\nbé\n\nccc\r\nd";
        let starts = newline_starts(text);
        for pos in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            assert_eq!(line_col_in(text, &starts, pos), line_col(text, pos), "at {pos}");
        }
    }
}
