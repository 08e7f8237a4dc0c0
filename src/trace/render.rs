//! The text view of a trace: per document its fields and coverage, then each article with
//! its text and the citations that name it, its `not_encoded` reason, or `UNCOVERED`.

use super::{Coverage, DocTrace, Status, Trace, Use};
use std::fmt::Write;

/// The trace as text, ending with the article coverage of all outlined documents.
pub fn text(trace: &Trace) -> String {
    let mut out = String::new();
    for d in &trace.documents {
        document(&mut out, d);
    }
    let outlined = trace.documents.iter().filter(|d| d.outlined).count();
    let _ = writeln!(out, "{} documents, {outlined} with an outline; {}", trace.documents.len(), summary(&trace.coverage()));
    out
}

/// `N articles: E encoded, X not encoded, U uncovered (P % encoded or explained)`.
pub fn summary(c: &Coverage) -> String {
    format!(
        "{} articles: {} encoded, {} not encoded, {} uncovered ({:.1} % encoded or explained)",
        c.articles,
        c.encoded,
        c.not_encoded,
        c.uncovered,
        c.percent()
    )
}

fn document(out: &mut String, d: &DocTrace) {
    let _ = writeln!(out, "{} 《{}》", d.id, d.title.as_deref().unwrap_or("?"));
    let fields = [("number", &d.number), ("issuer", &d.issuer), ("date", &d.date), ("url", &d.url)];
    let known: Vec<String> = fields.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}: {v}"))).collect();
    if !known.is_empty() {
        let _ = writeln!(out, "  {}", known.join("; "));
    }
    let _ = writeln!(out, "  declared in {}", d.file);
    match &d.coverage {
        None => {
            let _ = writeln!(out, "  no outline; {} citations:", d.citations.len());
            for u in &d.citations {
                let _ = writeln!(out, "    “{}”  {}", u.citation, by(u));
            }
        }
        Some(c) => {
            let _ = writeln!(out, "  {}", summary(c));
            for a in &d.articles {
                let mark = match a.status {
                    Status::Uncovered => "  UNCOVERED",
                    _ => "",
                };
                let _ = writeln!(out, "\n  {}{mark}", a.number);
                for line in a.text.lines() {
                    let _ = writeln!(out, "    | {line}");
                }
                if let Some(r) = &a.reason {
                    let _ = writeln!(out, "    not encoded: {r}");
                }
                for u in &a.cited_by {
                    let _ = writeln!(out, "    ← {}  “{}”", by(u), u.citation);
                }
            }
        }
    }
    out.push('\n');
}

/// Who cites, and where: `630000/renewal.window (rule, rules/630000-qinghai.carules:120)`.
fn by(u: &Use) -> String {
    let kind = match u.kind {
        super::UseKind::Rule => "rule",
        super::UseKind::Item => "item",
        super::UseKind::Default => "default",
        super::UseKind::Calendar => "calendar",
    };
    format!("{} ({kind}, {}:{})", u.id, u.file, u.line)
}
