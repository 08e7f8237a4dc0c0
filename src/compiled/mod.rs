//! The compiled back end: Rust generated from the checked IR of the shipped rules by
//! `carules codegen` (module `codegen`, templates in `templates/`). The generated file is
//! committed; `tests/compiled.rs` fails when it is stale.

pub mod rt;
#[rustfmt::skip]
pub mod shipped;

use crate::ir::RuleSet;
use std::sync::OnceLock;

pub use shipped::Compiled;

/// The shipped rule set, built once per process from the generated code (no parser).
pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(shipped::ruleset)
}
