//! The compiled back end: Rust generated from the checked IR of the shipped rules by
//! `carules codegen` (module `codegen`, templates in `templates/`). The generated file is
//! committed; `tests/compiled.rs` fails when it is stale.

pub mod rt;
pub mod shipped;

use crate::ir::RuleSet;

pub use shipped::Compiled;

/// The shipped rule set: a `static` of the generated code (no parser, nothing built at
/// start-up; only the look-up tables are built, on first use).
pub fn rules() -> &'static RuleSet {
    &shipped::RULES
}
