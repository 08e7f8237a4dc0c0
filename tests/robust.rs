//! Rule files at the edges: no panic, no stack overflow, no silent wrong value (issue 10).
//!
//! The broken-rule corpus (`tests/check/`) snapshots small cases; this file builds the
//! large ones (thousands of levels of nesting, very long lines) in code, and checks that the
//! same broken input always gives the same diagnostics.

use std::path::Path;

/// The shipped prelude and calendar, which every checked file is checked with.
fn base() -> Vec<(String, String)> {
    ["prelude.carules", "calendar.carules"]
        .iter()
        .map(|n| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").join(n);
            (n.to_string(), std::fs::read_to_string(&path).unwrap_or_default())
        })
        .collect()
}

/// A region file with one finding rule whose condition is `cond`.
fn region_with(cond: &str) -> String {
    format!(
        r#"region 610000 "陕西省" {{
  alias "陕西"
}}

document sn_ca_guide {{
  title "陕西省公共资源交易CA数字证书办理指南（测试样例）"
  date 2024-03-01
  in_force 2024-03-01 "自印发之日起施行"
}}

finding term.check {{
  source sn_ca_guide "一"
  when {cond}
  deny term.not_offered "期限不符"
}}
"#
    )
}

/// Checks `text` as `610000-test.carules` with the prelude and calendar; the rendered
/// diagnostics.
fn check(text: &str) -> String {
    let mut files = base();
    files.push(("610000-test.carules".to_string(), text.to_string()));
    let report = carules::check::check_all(&files);
    carules::diag::render(&report.diagnostics, &files)
}

#[test]
fn deep_nesting_is_a_located_error_not_a_stack_overflow() {
    let cases = [
        ("1,500 nested parentheses", format!("{}years == 1{}", "(".repeat(1500), ")".repeat(1500))),
        ("10,000 nots", format!("{}(years == 1)", "not ".repeat(10_000))),
        ("10,000 parenthesised expressions", format!("years == {}1{}", "(".repeat(10_000), ")".repeat(10_000))),
        ("a 20,000-term sum", format!("years == {}", vec!["1"; 20_000].join(" + "))),
        ("a 20,000-factor product", format!("years == {}", vec!["1"; 20_000].join(" × "))),
        ("a 20,000-term difference", format!("years == {}", vec!["1"; 20_000].join(" - "))),
        ("nested lists", format!("years in {}1{}", "[".repeat(5_000), "]".repeat(5_000))),
    ];
    for (what, cond) in cases {
        // The test thread's stack (2 MiB) is smaller than the main thread's: the limit must
        // hold on it too.
        let out = check(&region_with(&cond));
        assert!(out.contains("error[E0002]"), "{what}: expected E0002, got:\n{}", out.chars().take(2000).collect::<String>());
        assert!(
            out.contains("610000-test.carules:13:"),
            "{what}: the error is located on the condition's line:\n{}",
            out.chars().take(2000).collect::<String>()
        );
    }
}

#[test]
fn nesting_below_the_limit_still_checks() {
    // A condition of 40 parentheses, 20 `not`s and a 30-term sum: deeper than any real rule,
    // within the limit. Checked on a thread with the main thread's stack size.
    let cond = format!("{}{}years == {}{}", "(".repeat(40), "not not ".repeat(10), vec!["1"; 30].join(" + "), ")".repeat(40));
    let at_limit = format!("{}years == 1{}", "(".repeat(98), ")".repeat(98));
    let text = region_with(&cond);
    let out = std::thread::Builder::new().stack_size(8 << 20).spawn(move || check(&text)).map(|h| h.join());
    let Ok(Ok(out)) = out else {
        panic!("the check thread failed");
    };
    assert!(!out.contains("E0002"), "unexpected E0002:\n{out}");
    // Just below the limit, the parser, lowering and typing recurse that deep without
    // overflowing a debug build's stack.
    let text = region_with(&at_limit);
    let out = std::thread::Builder::new().stack_size(8 << 20).spawn(move || check(&text)).map(|h| h.join());
    let Ok(Ok(out)) = out else {
        panic!("the check thread failed");
    };
    assert!(!out.contains("E0002"), "unexpected E0002:\n{out}");
}

#[test]
fn a_diagnostic_past_column_65535_renders_located() {
    // miette keeps columns in a u16 and panicked past column 65,535 of a line.
    let cond = format!("{}years == bogus_fact", " ".repeat(70_000));
    let out = check(&region_with(&cond));
    assert!(out.contains("610000-test.carules:13:70"), "the header line locates it:\n{}", out.chars().take(500).collect::<String>());
    assert!(out.contains("error[E0"), "{}", out.chars().take(500).collect::<String>());
    assert!(out.contains("too long to show"), "{}", out.chars().take(500).collect::<String>());
}

/// A region file with documents lists that repeat items through `include`s, and an
/// unknown fact with two equally near candidates.
fn duplicates_file() -> String {
    let mut s = region_with("applicant.kind == organization and service == unlock");
    s.push_str(
        r#"
documents l0 {
  source sn_ca_guide "一"
  when applicant.kind == organization and service == unlock
  item a "甲" copies 1
  item b "乙" copies 1
}
"#,
    );
    for k in 1..8 {
        s.push_str(&format!(
            "\ndocuments l{k} {{\n  source sn_ca_guide \"一\"\n  when applicant.kind == organization and service == unlock and years == {k}\n  include l{prev}\n  include l{prev}\n}}\n",
            prev = k - 1
        ));
    }
    s
}

#[test]
fn the_same_broken_file_gives_the_same_diagnostics_every_time() {
    let text = duplicates_file();
    let first = check(&text);
    assert!(first.contains("error[E0104]"), "{first}");
    // Each repeated item is reported once per list, however often it repeats.
    assert_eq!(first.matches("item `a` appears twice").count(), 7, "{first}");
    for _ in 0..10 {
        assert_eq!(check(&text), first);
    }
}

#[test]
fn suggestions_break_ties_by_name() {
    for order in [["yearz", "yeary"], ["yeary", "yearz"]] {
        assert_eq!(carules::diag::suggest("yearx", order).as_deref(), Some("did you mean `yeary`?"));
    }
}

/// A region file with documents lists `l0` (two items) to `l<levels>`, each including the one
/// below twice: `l<k>` holds 2 × 2^k items once expanded.
fn doubling_lists(levels: usize) -> String {
    let mut s = region_with("applicant.kind == organization and service == unlock");
    s.push_str("\ndocuments l0 {\n  source sn_ca_guide \"一\"\n  when service == unlock\n  item a \"甲\" copies 1\n  item b \"乙\" copies 1\n}\n");
    for k in 1..=levels {
        s.push_str(&format!(
            "\ndocuments l{k} {{\n  source sn_ca_guide \"一\"\n  when service == unlock and years == {k}\n  include l{p}\n  include l{p}\n}}\n",
            p = k - 1
        ));
    }
    s
}

#[test]
fn doubled_includes_are_bounded() {
    // 20 levels, each list including the one below twice: 2 × 2^20 items if expanded
    // naively (40 s and 1.6 GB before the expansion was memoised and bounded).
    let s = doubling_lists(20);
    let start = std::time::Instant::now();
    let out = check(&s);
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
    assert!(out.contains("expands to more than 500 items"), "{}", out.chars().take(3000).collect::<String>());
}

/// A child region's rule conflicts with its parent's even when the child's file is read
/// first (ids in file order): 锡林郭勒盟's on-site and online deadlines (152500, shipped) and a
/// test parent 150000 with a deadline for every request both apply, and neither overrides the
/// other — E0401, reported at the child's rules.
#[test]
fn a_conflict_is_found_whichever_region_is_read_first() {
    let parent = r#"region 150000 "内蒙古自治区" {
  alias "内蒙古"
  services new, renewal, revoke, key_recovery
}

document nm_test {
  title "内蒙古自治区数字证书办理时限（测试样例）"
  date 2024-03-01
  in_force 2024-03-01 "自印发之日起施行"
}

fee fee.unspecified {
  source nm_test "一"
  when service in [new, renewal, revoke, key_recovery]
  unspecified
}

documents documents.unspecified {
  source nm_test "二"
  when service in [new, renewal, revoke, key_recovery]
  unspecified
}

deadline deadline.all {
  source nm_test "三"
  when service in [new, renewal, revoke, key_recovery]
  within 3 days "3日内办结"
}
"#;
    let mut files = base();
    let child = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/152500-xilinguole.carules");
    files.push(("152500-xilinguole.carules".to_string(), std::fs::read_to_string(child).unwrap_or_default()));
    files.push(("150000-test.carules".to_string(), parent.to_string()));
    let report = carules::check::check_all(&files);
    let conflicts: Vec<String> = report.diagnostics.iter().filter(|d| d.code == carules::diag::Code::Conflict).map(|d| d.message.clone()).collect();
    assert_eq!(conflicts.len(), 2, "{:?}", report.diagnostics);
    assert!(conflicts.iter().all(|m| m.contains("150000/deadline.all")), "{conflicts:?}");
}

/// The bound on an expanded documents list is exact: 500 items are a list, 501 are refused.
#[test]
fn a_list_of_500_items_is_accepted_and_501_refused() {
    let lists = |last: usize| {
        // l7 holds 2 × 2^7 = 256 items.
        let mut s = doubling_lists(7);
        s.push_str(&format!(
            "\ndocuments l8 {{\n  source sn_ca_guide \"一\"\n  when service == unlock and years == 8\n  include l7\n  include l7 items 1..{last}\n}}\n"
        ));
        check(&s)
    };
    let at_bound = lists(244);
    assert!(!at_bound.contains("expands to more than"), "{at_bound}");
    assert!(lists(245).contains("expands to more than 500 items"), "{}", lists(245));
}

#[test]
fn lets_that_double_are_bounded() {
    // Each `let` uses the one before twice: inlined, 30 of them made a condition of 2^30
    // nodes (over a minute and 24 GB before the bound).
    let mut s = region_with("l30");
    s.push_str("\nlet l0 = years == 1\n");
    for k in 1..=30 {
        s.push_str(&format!("let l{k} = l{p} or not l{p}\n", p = k - 1));
    }
    let start = std::time::Instant::now();
    let out = check(&s);
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
    assert!(out.contains("error[E0002]") && out.contains("too large to check"), "{}", out.chars().take(3000).collect::<String>());
}

#[test]
fn a_long_chain_of_lets_is_bounded_in_depth() {
    let mut s = region_with("l300");
    s.push_str("\nlet l0 = years == 1\n");
    for k in 1..=300 {
        s.push_str(&format!("let l{k} = not l{p}\n", p = k - 1));
    }
    let out = check(&s);
    assert!(out.contains("error[E0002]"), "{}", out.chars().take(3000).collect::<String>());
}
