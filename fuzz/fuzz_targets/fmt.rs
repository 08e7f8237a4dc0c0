//! Fuzz target: rule text → `carules fmt`. When the text parses, formatting must succeed
//! (the formatter never refuses what the parser accepts), and the result must parse, keep
//! the same statements (the parser reports as many statement starts), and be a fixed point
//! (fmt(fmt(x)) = fmt(x)). Text that does not parse must be refused, never rewritten. Fails
//! on a panic or a broken property.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let starts = carules::syntax::statement_starts("fuzz.carules", text.strip_prefix('\u{FEFF}').unwrap_or(text));
    match (carules::fmt::format("fuzz.carules", text), starts) {
        (Ok(once), Ok(before)) => {
            let after = carules::syntax::statement_starts("fuzz.carules", once.strip_prefix('\u{FEFF}').unwrap_or(&once));
            assert_eq!(after.as_ref().map(Vec::len).ok(), Some(before.len()), "formatting changed the statements");
            let twice = carules::fmt::format("fuzz.carules", &once);
            assert_eq!(twice.as_deref().ok(), Some(once.as_str()), "fmt is not idempotent");
        }
        (Ok(_), Err(_)) => panic!("text that does not parse was formatted"),
        (Err(_), Ok(_)) => panic!("text that parses was refused"),
        (Err(_), Err(_)) => {}
    }
});
