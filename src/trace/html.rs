//! The trace as an HTML page in the handbook's print style (`templates/trace.html.j2`,
//! minijinja; feature `handbook`).

use super::Trace;

const HTML: &str = include_str!("../../templates/trace.html.j2");

/// The trace as a complete HTML page; `region` titles it. Errors: a template that fails to
/// render (a bug in the template).
pub fn page(trace: &Trace, region: Option<&str>) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_template("trace.html", HTML).map_err(|e| e.to_string())?;
    let t = env.get_template("trace.html").map_err(|e| e.to_string())?;
    t.render(minijinja::context! { t => trace, region => region, css => crate::handbook::CSS }).map_err(|e| e.to_string())
}
