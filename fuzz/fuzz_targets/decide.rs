//! Fuzz target: request text → `api::decide_str` with the shipped rules, both back ends.
//! Fails on a panic, on the compiled and interpreted answers differing (byte for byte), on
//! an error that is not the error object, and on a documents query panicking. Text that
//! reads as YAML is also answered as the CLI answers a YAML request file.

#![no_main]

use carules::api::{Options, Rules};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let compiled = carules::api::decide_str(Rules::shipped(), text, Options::default());
    if let Ok(rs) = carules::rules::shipped() {
        let interpreted = carules::api::decide_str(Rules::interpreted(rs), text, Options::default());
        assert_eq!(compiled, interpreted, "the back ends answer differently");
    }
    if let Err(e) = &compiled {
        let v: serde_json::Value = serde_json::from_str(e).unwrap_or_default();
        assert_eq!(v["error"]["code"], "request.invalid", "not the error object: {e}");
        assert!(v["error"]["path"].as_str().is_some_and(|p| p.is_empty() || p.starts_with('/')), "{e}");
    }
    let _ = carules::api::documents_str(Rules::shipped(), text);
    if let Ok(value) = carules::yaml::request(text) {
        let _ = carules::api::decide(Rules::shipped(), &value, Options::default());
    }
});
