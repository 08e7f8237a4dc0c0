//! The playground's functions as plain Rust, text in and JSON text out: what the WebAssembly
//! exports of `lib.rs` call, and what the root crate's `tests/playground.rs` runs natively
//! (it includes this file), so they are tested without a browser.
//!
//! The edited file is checked and answered as `carules test FILE` does with one region file:
//! over the embedded prelude, calendar and the ancestor regions it names
//! ([`carules::rules::over_embedded`]), evaluated by the interpreter. Nothing here panics on
//! any input: bad input is answered with the API's error object, or with a diagnostic.

use carules::api::error::ApiError;
use carules::api::{Options, Rules};
use carules::diag::{Code, Diagnostic, Severity};
use carules::ir::RuleSet;
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::rc::Rc;

/// The name the edited file is checked under (diagnostics in it carry this `file`).
pub const FILE: &str = "playground.carules";

/// The largest rule file or case file the playground reads (1 MiB, as a request).
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// How deep flow collections (`[…]`, `{…}`) may nest in a case file, counted before the YAML
/// parser runs (libyaml's time grows with the flow depth), as for YAML requests.
pub const MAX_FLOW_DEPTH: usize = 128;

/// How many `[` and `{` a case file may hold (the largest shipped one holds 328).
pub const MAX_FLOW_OPENERS: usize = 8192;

/// One checked text: every diagnostic, and the rule set when there is no error.
struct Checked {
    text: String,
    files: Vec<(String, String)>,
    diagnostics: Vec<Diagnostic>,
    rules: Option<RuleSet>,
}

thread_local! {
    /// The last text checked: `decide` and `run_cases` after `check` on the same text (the
    /// page's every call) do not check it again.
    static LAST: RefCell<Option<Rc<Checked>>> = const { RefCell::new(None) };
}

/// Checks `text` over the embedded base, or returns the last result for the same text.
fn checked(text: &str) -> Rc<Checked> {
    if let Some(c) = LAST.with(|l| l.borrow().clone()).filter(|c| c.text == text) {
        return c;
    }
    let c = Rc::new(if text.len() > MAX_TEXT_BYTES {
        let message = format!("the rule file is {} bytes; the playground reads files up to {MAX_TEXT_BYTES} bytes", text.len());
        let mut d = Diagnostic::new(Code::BadValue, FILE, Default::default(), message);
        (d.line, d.column) = (1, 1);
        Checked { text: text.to_string(), files: vec![], diagnostics: vec![d], rules: None }
    } else {
        let files = carules::rules::over_embedded(&[(FILE.to_string(), text.to_string())]);
        let report = carules::check::check_all(&files);
        Checked { text: text.to_string(), files, diagnostics: report.diagnostics, rules: report.rules }
    });
    LAST.with(|l| *l.borrow_mut() = Some(c.clone()));
    c
}

/// A diagnostic as `carules check --format json` writes it, with where its span ends
/// (`end_line`, `end_column`: 1-based, the column in characters, one past the last
/// character; the same as `line`, `column` for an empty span).
fn diagnostic_json(d: &Diagnostic, files: &[(String, String)]) -> Json {
    let mut v = serde_json::to_value(d).unwrap_or(Json::Null);
    let (end_line, end_column) = match files.iter().find(|(n, _)| *n == d.file) {
        Some((_, text)) if d.span.end > d.span.start => carules::diag::line_col(text, d.span.end),
        _ => (d.line, d.column),
    };
    if let Json::Object(m) = &mut v {
        m.insert("end_line".into(), end_line.into());
        m.insert("end_column".into(), end_column.into());
    }
    v
}

/// `check(text)`: every diagnostic of the rule base the text makes (errors and warnings,
/// sorted by file and position), as a JSON array; `[]` when it checks. A diagnostic in the
/// edited file names `file` [`FILE`]; one in an embedded file `(built in)/NAME`.
pub fn check(text: &str) -> String {
    let c = checked(text);
    Json::Array(c.diagnostics.iter().map(|d| diagnostic_json(d, &c.files)).collect()).to_string()
}

/// The rule set of `text`, or the error object `rules.invalid` counting its errors.
fn rules_of(c: &Checked) -> Result<&RuleSet, String> {
    c.rules.as_ref().ok_or_else(|| {
        let errors = c.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        ApiError::rules(format!("the rules do not check: {errors} error(s); see the diagnostics"))
            .with_zh(format!("规则未通过检查：{errors} 个错误，见检查结果"))
            .to_json()
            .to_string()
    })
}

/// `decide(text, request JSON)`: the answer of the interpreter over the rule base of `text`
/// (the API's answer JSON, as `carules decide --rules` writes it), or the error object
/// (`rules.invalid` when the text does not check, `request.invalid` for a bad request).
pub fn decide(text: &str, request: &str) -> String {
    let c = checked(text);
    match rules_of(&c) {
        Ok(rs) => carules::api::decide_str(Rules::interpreted(rs), request, Options::default()).unwrap_or_else(|e| e),
        Err(e) => e,
    }
}

/// Refuses a case file the YAML parser should not be given: over [`MAX_TEXT_BYTES`], flow
/// collections nested past [`MAX_FLOW_DEPTH`] or more than [`MAX_FLOW_OPENERS`] of them, or an
/// alias (`*name`: aliases can expand a small file to millions of values).
fn yaml_bounds(yaml: &str) -> Result<(), String> {
    if yaml.len() > MAX_TEXT_BYTES {
        return Err(format!("the case file is {} bytes; the playground reads files up to {MAX_TEXT_BYTES} bytes", yaml.len()));
    }
    let (mut depth, mut openers) = (0usize, 0usize);
    let mut prev = '\n';
    for (i, ch) in yaml.char_indices() {
        match ch {
            '[' | '{' => {
                depth += 1;
                openers += 1;
                if depth > MAX_FLOW_DEPTH || openers > MAX_FLOW_OPENERS {
                    let (line, column) = carules::diag::line_col(yaml, i);
                    return Err(format!("{line}:{column}: flow collections nest deeper than {MAX_FLOW_DEPTH} or number more than {MAX_FLOW_OPENERS}"));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '*' if prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '-') => {
                let next = yaml.get(i + 1..).and_then(|r| r.chars().next()).unwrap_or(' ');
                if !next.is_whitespace() && !matches!(next, ',' | ']' | '}') {
                    let (line, column) = carules::diag::line_col(yaml, i);
                    return Err(format!(
                        "{line}:{column}: YAML aliases (`*name`) are not read by the playground; write the value out (or quote a text that starts with `*`)"
                    ));
                }
            }
            _ => {}
        }
        prev = ch;
    }
    Ok(())
}

/// `runCases(text, cases YAML)`: each case of the file (`rules/tests/*.yaml` format) answered
/// with the rule base of `text` and judged as `carules test` judges it:
/// `{"passed": n, "failed": m, "cases": [{name, article, passed, failure?, answer}]}`; or the
/// error object (`rules.invalid`, or `request.invalid` naming a case file that does not load).
pub fn run_cases(text: &str, yaml: &str) -> String {
    let c = checked(text);
    let rs = match rules_of(&c) {
        Ok(rs) => rs,
        Err(e) => return e,
    };
    let loaded = yaml_bounds(yaml).and_then(|()| carules::cases::load("cases", yaml));
    let cases = match loaded {
        Ok(cases) => cases,
        Err(e) => return ApiError::new("", e).with_zh("用例文件无法读取").to_json().to_string(),
    };
    let rules = Rules::interpreted(rs);
    let mut out = Vec::new();
    let mut failed = 0;
    for case in &cases {
        let answer = carules::cases::answer_case(rules, case);
        let failure = carules::cases::judge(case, &answer).err();
        failed += usize::from(failure.is_some());
        let mut o = json!({"name": case.name, "article": case.article, "passed": failure.is_none(), "answer": answer});
        if let (Some(f), Json::Object(m)) = (failure, &mut o) {
            m.insert("failure".into(), f.into());
        }
        out.push(o);
    }
    json!({"passed": cases.len() - failed, "failed": failed, "cases": out}).to_string()
}

/// The shipped region files the page starts from: `[{"name", "region"}]` (file name and the
/// region it declares), in file order.
pub fn examples() -> String {
    let names: Vec<Json> = carules::rules::shipped_files()
        .into_iter()
        // Region files only: not the shared base, nor the seed regulations' outlines
        // (`outlines/…`, which name documents of the region files).
        .filter(|(n, _)| n != "prelude.carules" && n != "calendar.carules" && !n.contains('/'))
        .map(|(name, text)| json!({"name": name, "region": region_line(&text)}))
        .collect();
    Json::Array(names).to_string()
}

/// The first `region …` line of a file, as written (`region 630000 "青海省" {`), for a
/// picker's label.
fn region_line(text: &str) -> String {
    text.lines().map(str::trim).find(|l| l.starts_with("region ")).map(|l| l.trim_end_matches('{').trim().to_string()).unwrap_or_default()
}

/// `example(name)`: a shipped region file to start from, `{"name", "rules", "cases",
/// "request"}` — its text, its case file (`rules/tests/STEM.yaml`, or `""`) and the request of
/// its first case (pretty JSON text, or `""`); or the error object for another name.
pub fn example(name: &str) -> String {
    let Some((_, rules)) = carules::rules::shipped_files().into_iter().find(|(n, _)| n == name && n.ends_with(".carules")) else {
        return ApiError::new("", format!("no shipped rule file `{name}`")).with_zh("没有这个规则文件").to_json().to_string();
    };
    let case_name = format!("tests/{}.yaml", name.trim_end_matches(".carules"));
    let cases = carules::rules::shipped_cases().into_iter().find(|(n, _)| *n == case_name).map(|(_, t)| t).unwrap_or_default();
    let request = carules::cases::load(&case_name, &cases)
        .ok()
        .and_then(|cs| cs.into_iter().find(|c| c.query.is_none()))
        .and_then(|c| serde_json::to_string_pretty(&c.request).ok())
        .unwrap_or_default();
    json!({"name": name, "rules": rules, "cases": cases, "request": request}).to_string()
}
