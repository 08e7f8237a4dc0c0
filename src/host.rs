//! What hosts answer with. [`Engine`] is the one owner of a rule set and its back end that
//! the CLI (`carules decide`, `test`, `batch`, …), the server (`carules serve`, one per
//! loaded revision) and the WebAssembly build ([`Engine::shipped`]) share. The functions
//! are the string-in, string-out API every host exposes (WASM, servers, FFI), over the
//! shipped rules, compiled. They never panic and never return an error type: bad input
//! comes back as the error object `{"error": {"code": "request.invalid", …}}`.

use crate::api::{self as front, Options, Rules};
use crate::ir::RuleSet;

/// A rule set and how its conditions are evaluated: the shipped rules compiled into the
/// crate ([`Engine::shipped`]), or a rule set checked at run time and interpreted
/// ([`Engine::interpreted`]: `--rules DIR`, `--interpret`, a server's reloaded directory).
/// Both answer byte for byte alike (`tests/compiled.rs`).
#[derive(Debug, Default)]
pub struct Engine {
    /// `None`: the shipped rules, compiled; `Some`: a checked rule set, interpreted.
    checked: Option<RuleSet>,
}

impl Engine {
    /// The shipped rules, compiled into the crate (nothing is checked at start-up).
    pub const fn shipped() -> Engine {
        Engine { checked: None }
    }

    /// A checked rule set (`carules::check::check`), answered by the interpreter.
    pub fn interpreted(rs: RuleSet) -> Engine {
        Engine { checked: Some(rs) }
    }

    /// The rules and their evaluator, for the front door ([`crate::api`]).
    pub fn rules(&self) -> Rules<'_> {
        match &self.checked {
            Some(rs) => Rules::interpreted(rs),
            None => Rules::shipped(),
        }
    }

    /// The back end's name, for messages and the server's `back_end` field: `compiled` or
    /// `interpreter`.
    pub fn back_end(&self) -> &'static str {
        if self.checked.is_some() { "interpreter" } else { "compiled" }
    }
}

/// The engine the host functions answer with.
static SHIPPED: Engine = Engine::shipped();

/// `decide(request JSON) -> answer JSON` (or the error object).
pub fn decide(request: &str) -> String {
    front::decide_str(SHIPPED.rules(), request, Options::default()).unwrap_or_else(|e| e)
}

/// `documents(query JSON) -> {region, service, documents, documents_info, needs, branches,
/// findings}` (or the error object). The query is a request whose `as_of` may be omitted.
pub fn documents(query: &str) -> String {
    front::documents_str(SHIPPED.rules(), query).unwrap_or_else(|e| e)
}

/// `notice(request JSON) -> {"html": …}` (or the error object): the 一次性告知单 for the
/// request (`handbook::notice`), as a complete A4 HTML page — the page the CLI's `carules
/// notice --format html` prints.
pub fn notice(request: &str) -> String {
    let rules = SHIPPED.rules();
    match crate::handbook::notice::build_text(rules, request) {
        Ok(n) => {
            let mut o = String::from("{\"html\":");
            front::write::escape(&mut o, &crate::handbook::notice::html(&n));
            o.push('}');
            o
        }
        Err(e) => front::write::error(&e),
    }
}

/// `regions() -> [{code, name, aliases, parent, services}]`.
pub fn regions() -> String {
    front::regions(SHIPPED.rules().set).to_string()
}

/// `vocabulary() -> {enum name: [{id, label}]}`: labels for building forms.
pub fn vocabulary() -> String {
    front::vocabulary(SHIPPED.rules().set).to_string()
}

/// `facts(region) -> [{fact, path, label, type, enum?, choices?, min?, default?, default_zh?,
/// region}]`: the facts a request for that region may give, for building its form
/// ([`crate::api::facts`]), or the error object for a region without rules.
pub fn facts(region: &str) -> String {
    match front::facts(SHIPPED.rules().set, region) {
        Ok(v) => v.to_string(),
        Err(e) => e.to_json().to_string(),
    }
}

/// `schema("request" | "response") -> JSON Schema` (or the error object for another name).
pub fn schema(which: &str) -> String {
    match front::schema::schema(SHIPPED.rules().set, which) {
        Some(s) => s.to_string(),
        None => front::ApiError::new("", format!("unknown schema `{which}`: expected request or response"))
            .with_zh("未知的结构说明名称：可选请求或回答")
            .to_json()
            .to_string(),
    }
}

/// The crate version.
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
