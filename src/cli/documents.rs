//! `carules documents --region R --applicant KIND --service S [--channel C] [--delegated]`:
//! the checklist a clerk hands over.

use serde_json::{Value as Json, json};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory (default: the shipped rules).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Region code, name or alias (630000, 青海, qinghai).
    #[arg(long)]
    region: String,
    /// Applicant kind (organization / individual, or 单位 / 个人).
    #[arg(long)]
    applicant: String,
    /// Service (new, renewal, change, …).
    #[arg(long)]
    service: String,
    /// Channel (onsite / online).
    #[arg(long)]
    channel: Option<String>,
    /// Applying through a delegate (委托代办).
    #[arg(long)]
    delegated: bool,
    /// Issuer of the certificate the service acts on (e.g. JSCA).
    #[arg(long)]
    issuer: Option<String>,
    /// Applicant roles, comma-separated.
    #[arg(long, value_delimiter = ',')]
    roles: Vec<String>,
    /// The date of the application (RFC 3339), to apply in-force dates.
    #[arg(long)]
    as_of: Option<String>,
    /// Print JSON instead of the readable list.
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> i32 {
    let engine = match super::engine(a.rules.as_deref(), false) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let mut q = json!({
        "region": a.region,
        "service": a.service,
        "applicant": {"kind": a.applicant, "delegated": a.delegated, "roles": a.roles},
    });
    if let Some(o) = q.as_object_mut() {
        if let Some(c) = &a.channel {
            o.insert("channel".into(), Json::String(c.clone()));
        }
        if let Some(t) = &a.as_of {
            o.insert("as_of".into(), Json::String(t.clone()));
        }
        if let Some(i) = &a.issuer {
            o.insert("certificate".into(), json!({"issuer": i}));
        }
    }
    match carules::api::documents(engine.rules(), &q) {
        Ok(v) => {
            if a.json {
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print!("{}", carules::api::text::documents(&v, engine.rules().set));
            }
            0
        }
        Err(e) => super::print_error_as(&e, !a.json),
    }
}
