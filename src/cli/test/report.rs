//! The three reports of `carules test`: text for people, JSON for programs, JUnit XML for CI.

use super::Run;
use carules::cases::Outcome;
use serde_json::json;
use std::time::Duration;

/// Outcomes grouped by file, in order.
fn by_file(outcomes: &[Outcome]) -> Vec<(&str, Vec<&Outcome>)> {
    let mut groups: Vec<(&str, Vec<&Outcome>)> = Vec::new();
    for o in outcomes {
        match groups.last_mut() {
            Some((f, list)) if *f == o.file => list.push(o),
            _ => groups.push((&o.file, vec![o])),
        }
    }
    groups
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Failures with what differed, one line per file (cases, failures, time), coverage, and the
/// closing `N passed, M failed`.
pub fn text(run: &Run, verbose: bool) {
    let mut failed = 0;
    for (file, cases) in by_file(&run.outcomes) {
        let mut file_failed = 0;
        for o in &cases {
            if let Some(f) = &o.failure {
                file_failed += 1;
                println!("FAIL {} :: {}\n     {}", o.file, o.name, f);
                if verbose {
                    println!("     answer: {}", serde_json::to_string(&o.actual).unwrap_or_default());
                }
            }
        }
        let time: Duration = cases.iter().map(|o| o.duration).sum();
        let status = if file_failed == 0 { "ok  " } else { "FAIL" };
        println!("{status} {file}: {} passed, {file_failed} failed ({:.1} ms)", cases.len() - file_failed, ms(time));
        failed += file_failed;
    }
    if let Some(c) = &run.coverage {
        println!("coverage: {:.1} % of {} rules, {:.1} % of {} document items", c.rules_percent(), c.rules, c.items_percent(), c.items);
        for r in &c.rules_missed {
            println!("  rule not exercised: {r}");
        }
        for i in &c.items_missed {
            println!("  document item never listed: {i}");
        }
    }
    if let Some(t) = &run.articles {
        let outlined = t.documents.iter().filter(|d| d.outlined).count();
        println!("article coverage of {outlined} outlined documents: {}", carules::trace::render::summary(&t.coverage()));
        for (doc, number) in t.uncovered() {
            println!("  article neither encoded nor marked not_encoded: {doc} {number}");
        }
    }
    println!("{} passed, {} failed", run.outcomes.len() - failed, failed);
}

/// `{rules, passed, failed, files: [{file, passed, failed, duration_ms, cases: [{name,
/// article, passed, failure?, duration_ms}]}], coverage?, articles?: {documents, coverage:
/// {articles, encoded, not_encoded, uncovered}, percent, uncovered: ["doc number"]}}`.
pub fn json(run: &Run) {
    let files: Vec<_> = by_file(&run.outcomes)
        .into_iter()
        .map(|(file, cases)| {
            let failed = cases.iter().filter(|o| o.failure.is_some()).count();
            json!({
                "file": file,
                "passed": cases.len() - failed,
                "failed": failed,
                "duration_ms": ms(cases.iter().map(|o| o.duration).sum()),
                "cases": cases.iter().map(|o| {
                    let mut c = json!({"name": o.name, "article": o.article, "passed": o.failure.is_none(), "duration_ms": ms(o.duration)});
                    if let (Some(f), Some(m)) = (&o.failure, c.as_object_mut()) {
                        m.insert("failure".into(), json!(f));
                    }
                    c
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let failed = run.outcomes.iter().filter(|o| o.failure.is_some()).count();
    let mut out = json!({"rules": run.rules, "passed": run.outcomes.len() - failed, "failed": failed, "files": files});
    if let (Some(c), Some(m)) = (&run.coverage, out.as_object_mut()) {
        m.insert(
            "coverage".into(),
            json!({"rules": c.rules, "rules_percent": c.rules_percent(), "rules_missed": c.rules_missed, "items": c.items, "items_percent": c.items_percent(), "items_missed": c.items_missed}),
        );
    }
    if let (Some(t), Some(m)) = (&run.articles, out.as_object_mut()) {
        let c = t.coverage();
        let uncovered: Vec<String> = t.uncovered().into_iter().map(|(d, n)| format!("{d} {n}")).collect();
        m.insert(
            "articles".into(),
            json!({"documents": t.documents.iter().filter(|d| d.outlined).count(), "coverage": c, "percent": c.percent(), "uncovered": uncovered}),
        );
    }
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
}

/// JUnit XML: one `<testsuite>` per case file, one `<testcase>` per case (classname = file,
/// the article as a property), a `<failure>` with what differed.
pub fn junit(run: &Run) {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("carules");
    for (file, cases) in by_file(&run.outcomes) {
        let mut suite = TestSuite::new(file);
        suite.set_time(cases.iter().map(|o| o.duration).sum());
        for o in cases {
            let status = match &o.failure {
                None => TestCaseStatus::success(),
                Some(f) => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    s.set_message(f.as_str());
                    s
                }
            };
            let mut case = TestCase::new(o.name.as_str(), status);
            case.set_classname(file).set_time(o.duration).add_property(quick_junit::Property::new("article", o.article.as_str()));
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    match report.to_string() {
        Ok(xml) => print!("{xml}"),
        Err(e) => eprintln!("error: cannot write JUnit XML: {e}"),
    }
}
