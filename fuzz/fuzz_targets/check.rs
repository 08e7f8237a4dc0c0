//! Fuzz target: rule text → parser and checker (as a region file beside the shipped prelude
//! and calendar), diagnostics rendered as `carules check` renders them. When the text
//! checks, a few requests are answered with it (interpreted), since a rule that checks must
//! never panic at decide time. Fails on a panic or a stack overflow.

#![no_main]

use carules::api::{Options, Rules};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The shipped prelude and calendar.
fn base() -> &'static [(String, String)] {
    static BASE: OnceLock<Vec<(String, String)>> = OnceLock::new();
    BASE.get_or_init(|| {
        carules::rules::shipped_files().into_iter().filter(|(n, _)| n.ends_with("prelude.carules") || n.ends_with("calendar.carules")).collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files = base().to_vec();
    files.push(("610000-fuzz.carules".to_string(), text.to_string()));
    let report = carules::check::check_all(&files);
    let _ = carules::diag::render(&report.diagnostics, &files);
    let Some(rs) = report.rules else { return };
    for r in rs.regions.iter() {
        for service in ["new", "renewal", "reissue"] {
            let request = serde_json::json!({
                "region": r.code.to_string(), "as_of": "2026-11-21T10:00:00+08:00", "service": service, "channel": "onsite", "years": 3,
                "applicant": {"kind": "organization"}, "certificate": {"expires_on": "2026-12-10"},
            });
            let _ = carules::api::decide(Rules::interpreted(&rs), &request, Options::default());
            let _ = carules::api::documents(Rules::interpreted(&rs), &request);
        }
    }
});
