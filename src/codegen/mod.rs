//! Rust back end: checked IR → Rust source, through the minijinja template
//! `templates/shipped.rs.j2`. The output builds the same IR without the parser and compiles
//! every condition to native code (see `src/compiled/shipped.rs`, the committed output for
//! the shipped rules).

use crate::ir::*;

mod conds;
mod data;
use minijinja::{Environment, context};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeSet;

const TEMPLATE: &str = include_str!("../../templates/shipped.rs.j2");

/// Renders the Rust source for a rule set. `files` names the sources in the header.
///
/// Errors: a message if the template fails to render (a bug in the template).
pub fn generate(rs: &RuleSet, files: &[String]) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.add_template("shipped.rs", TEMPLATE).map_err(|e| e.to_string())?;
    let tmpl = env.get_template("shipped.rs").map_err(|e| e.to_string())?;
    let g = Gen { rs, fact_names: fact_names(rs), used_facts: RefCell::default(), used_members: RefCell::default() };
    let mut rules = Vec::new();
    let mut last_region = None;
    for (i, r) in rs.rules.iter().enumerate() {
        let header = (last_region != Some(r.region)).then(|| rs.regions.get(r.region).map(|x| format!("{} {}", x.code, x.name)).unwrap_or_default());
        last_region = Some(r.region);
        let mut items = Vec::new();
        let mut quantities = Vec::new();
        let mut fee_items = Vec::new();
        match &r.body {
            Body::Documents(DocList::Items(list, _)) => {
                for (j, it) in list.iter().enumerate() {
                    if let Some(c) = &it.when {
                        items.push(Piece { index: j, name: it.id.to_string(), text: g.cond_text(c), code: g.cond_code(c) });
                    }
                }
            }
            Body::Fee { items: fi, .. } => {
                for (j, it) in fi.iter().enumerate() {
                    if let Some(q) = &it.quantity {
                        quantities.push(Piece { index: j, name: it.label.to_string(), text: crate::engine::written::expr(g.rs, q), code: g.expr_code(q) });
                    }
                    if let Some(c) = &it.when {
                        fee_items.push(Piece { index: j, name: it.label.to_string(), text: g.cond_text(c), code: g.cond_code(c) });
                    }
                }
            }
            _ => {}
        }
        rules.push(RuleOut {
            index: i,
            id: r.id.to_string(),
            kind: r.kind.as_str(),
            citation: g.citation(&r.source),
            region_header: header,
            ctor: g.rule(r),
            when_text: g.cond_text(&r.when),
            when_code: g.cond_code(&r.when),
            items,
            quantities,
            fee_items,
        });
    }
    let counts = format!("{} regions, {} rules, {} documents", rs.regions.len(), rs.rules.len(), rs.documents.len());
    let out = tmpl
        .render(context! {
            files => files.join(", "),
            counts => counts,
            enums => rs.enums.iter().map(|e| g.enum_(e)).collect::<Vec<_>>(),
            facts => rs.facts.iter().map(|f| g.fact(f)).collect::<Vec<_>>(),
            documents => rs.documents.iter().map(|d| g.document(d)).collect::<Vec<_>>(),
            regions => rs.regions.iter().map(|r| g.region(r)).collect::<Vec<_>>(),
            rules => rules,
            consts => g.consts(),
            calendar => g.calendar(&rs.calendar),
            known => g.known(&rs.known),
        })
        .map_err(|e| e.to_string())?;
    rustfmt(&out)
}

/// Formats generated code with `rustfmt` (the toolchain's, with this repository's settings
/// from `rustfmt.toml`), so the committed file passes `cargo fmt --check` like hand-written
/// code. Errors: rustfmt cannot be started or rejects the code (a bug in the template).
fn rustfmt(code: &str) -> Result<String, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--config", "max_width=160,use_small_heuristics=Max"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt to format the generated code: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(code.as_bytes()).map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    }
    let out = child.wait_with_output().map_err(|e| format!("rustfmt failed: {e}"))?;
    if !out.status.success() {
        return Err(format!("rustfmt rejected the generated code: {}", String::from_utf8_lossy(&out.stderr)));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("rustfmt wrote invalid UTF-8: {e}"))
}

#[derive(Serialize)]
struct Piece {
    index: usize,
    name: String,
    text: String,
    code: String,
}

#[derive(Serialize)]
struct RuleOut {
    index: usize,
    id: String,
    kind: &'static str,
    citation: String,
    region_header: Option<String>,
    ctor: String,
    when_text: String,
    when_code: String,
    items: Vec<Piece>,
    quantities: Vec<Piece>,
    fee_items: Vec<Piece>,
}

struct Gen<'a> {
    rs: &'a RuleSet,
    /// The constant naming each fact slot (`F_CERTIFICATE_EXPIRES_ON`).
    fact_names: Vec<String>,
    /// Facts and enum members the generated conditions name, to declare as constants.
    used_facts: RefCell<BTreeSet<FactId>>,
    used_members: RefCell<BTreeSet<(EnumId, MemberId)>>,
}

/// `certificate.expires_on` → `CERTIFICATE_EXPIRES_ON`.
fn const_name(s: &str) -> String {
    let n: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if n.chars().all(|c| c == '_') { "X".into() } else { n }
}

/// One constant name per fact slot: the path, with the declaring region's code (or the
/// slot number) when several facts share a path.
fn fact_names(rs: &RuleSet) -> Vec<String> {
    let base: Vec<String> = rs.facts.iter().map(|f| format!("F_{}", const_name(&f.path))).collect();
    let mut out = Vec::with_capacity(base.len());
    for (i, (b, f)) in base.iter().zip(rs.facts.iter()).enumerate() {
        let shared = base.iter().filter(|x| *x == b).count() > 1;
        let name = match (shared, f.scope.and_then(|r| rs.regions.get(r))) {
            (false, _) => b.clone(),
            (true, Some(r)) => format!("{b}_{}", r.code),
            (true, None) => format!("{b}_{i}"),
        };
        out.push(name);
    }
    out
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// A decimal as a `const` expression: `dec(lo, mid, hi, negative, scale)`.
fn dec(d: &rust_decimal::Decimal) -> String {
    let m = d.mantissa().unsigned_abs();
    format!("dec({}, {}, {}, {}, {})", m as u32, (m >> 32) as u32, (m >> 64) as u32, d.is_sign_negative(), d.scale())
}

fn opt<T>(o: &Option<T>, f: impl Fn(&T) -> String) -> String {
    match o {
        Some(x) => format!("Some({})", f(x)),
        None => "None".into(),
    }
}

/// Static text: `B("…")` (`Cow::Borrowed`).
fn t(s: &str) -> String {
    format!("B({})", lit(s))
}

/// A static list of texts.
fn strs(v: &[Text]) -> String {
    format!("B(&[{}])", v.iter().map(|x| t(x)).collect::<Vec<_>>().join(", "))
}

/// A static list of numbers.
fn nums<T: std::fmt::Display>(v: &[T]) -> String {
    format!("B(&[{}])", v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", "))
}
