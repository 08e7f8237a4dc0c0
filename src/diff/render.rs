//! The impact report for people: plain text for a terminal, Markdown for a pull-request
//! comment. Both list, per region and service, each changed answer's parts old → new with
//! the citations of both sides, then what was enumerated.

use super::{PartChange, Report};
use serde_json::Value as Json;
use std::fmt::Write;

/// A value in one line (strings without quotes).
fn show(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "—".to_string(),
        _ => v.to_string(),
    }
}

/// Citations in one line: `rule (article)`, `;`-separated.
fn cites(c: &[Json]) -> String {
    if c.is_empty() {
        return "—".to_string();
    }
    c.iter()
        .map(|x| format!("{} ({})", show(x.get("rule").unwrap_or(&Json::Null)), show(x.get("article").unwrap_or(&Json::Null))))
        .collect::<Vec<_>>()
        .join("; ")
}

fn summary(r: &Report) -> String {
    let n = |k: &str| r.requests.get(k).copied().unwrap_or(0);
    format!(
        "{} of {} answers changed ({} cases, {} matrix, {} samples, {} enumerated)",
        r.answers_changed,
        n("total"),
        n("cases"),
        n("matrix"),
        n("samples"),
        n("enumerated")
    )
}

fn enumerated_lines(r: &Report, bullet: &str, code: &str) -> String {
    let mut out = String::new();
    for e in &r.enumerated {
        let facts: Vec<String> = e.facts.iter().map(|f| format!("{code}{}{code} ({} values)", f.fact, f.values.len())).collect();
        let mut line = format!(
            "{bullet}{code}{}{code} ({}): enumerated {}",
            e.rule,
            e.change,
            if facts.is_empty() { "no further fact".to_string() } else { facts.join(", ") }
        );
        if !e.by_matrix.is_empty() {
            let _ = write!(line, "; by the matrix: {}", e.by_matrix.join(", "));
        }
        for s in &e.not_enumerated {
            let _ = write!(line, "; not enumerated: {} ({})", s.fact, s.why);
        }
        let _ = write!(line, "; {} combination(s) per matrix request{}", e.combinations, if e.truncated { ", truncated" } else { "" });
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The plain-text report.
pub fn text(r: &Report) -> String {
    let mut out = format!("carules diff {} → {}\n{}\n", r.old, r.new, summary(r));
    for g in &r.groups {
        let _ = writeln!(out, "\n{} {} · {}", g.region, g.region_name, if g.service.is_empty() { "(no service)" } else { &g.service });
        for c in &g.changes {
            let _ = writeln!(out, "  {} {}", c.origin, c.request);
            for p in &c.parts {
                let _ = writeln!(
                    out,
                    "    {}: {} → {}\n      old: {}\n      new: {}",
                    p.part,
                    show(&p.old),
                    show(&p.new),
                    cites(&p.old_citations),
                    cites(&p.new_citations)
                );
            }
        }
    }
    if !r.enumerated.is_empty() {
        let _ = writeln!(out, "\nrules changed, and the facts enumerated for them:");
        out.push_str(&enumerated_lines(r, "  ", ""));
    }
    out
}

fn row(p: &PartChange) -> String {
    let cell = |s: String| s.replace('|', "\\|");
    format!("| {} | {} | {} | {} | {} |", p.part, cell(show(&p.old)), cell(show(&p.new)), cell(cites(&p.old_citations)), cell(cites(&p.new_citations)))
}

/// The Markdown report: a heading per region and service, a table per changed answer.
pub fn markdown(r: &Report) -> String {
    let mut out = format!("## carules diff `{}` → `{}`\n\n{}\n", r.old, r.new, summary(r));
    for g in &r.groups {
        let service = if g.service.is_empty() { "(no service)" } else { &g.service };
        let _ = writeln!(out, "\n### {} {} · {service}\n", g.region, g.region_name);
        for c in &g.changes {
            let _ = writeln!(out, "<details><summary>{} ({} part(s))</summary>\n\n```json\n{}\n```\n</details>\n", c.origin, c.parts.len(), c.request);
            let _ = writeln!(out, "| part | old | new | old citation | new citation |\n|---|---|---|---|---|");
            for p in &c.parts {
                let _ = writeln!(out, "{}", row(p));
            }
            out.push('\n');
        }
    }
    if !r.enumerated.is_empty() {
        let _ = writeln!(out, "\n### Rules changed, and the facts enumerated for them\n");
        out.push_str(&enumerated_lines(r, "- ", "`"));
    }
    out
}
