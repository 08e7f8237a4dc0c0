//! `carules documents [REQUEST] [--region R] [--applicant KIND] [--service S] [--channel C]
//! [--fact PATH=VALUE]…`: the checklist a clerk hands over. The flags and the request file
//! make one request object, read by the same request reader as every request.

use carules::api::ApiError;
use carules::ir::{RegionId, RuleSet, Type};
use serde_json::{Map, Value as Json};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Rule directory or region file, interpreted; repeat to layer an overlay over a base
    /// (a later layer's files replace the same names). Default: the shipped rules.
    #[arg(long, value_name = "DIR|FILE")]
    rules: Vec<PathBuf>,
    /// A request file (JSON or YAML, or - for standard input), as for `carules decide`; the
    /// flags add to it.
    request: Option<String>,
    /// Region code, name or alias (630000, 青海, qinghai).
    #[arg(long)]
    region: Option<String>,
    /// Applicant kind (organization / individual, or 单位 / 个人).
    #[arg(long)]
    applicant: Option<String>,
    /// Service (new, renewal, change, …).
    #[arg(long)]
    service: Option<String>,
    /// Channel (onsite / online).
    #[arg(long)]
    channel: Option<String>,
    /// Applying through a delegate (委托代办); left out, the request does not say.
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
    /// Any fact of the request, as PATH=VALUE (repeatable): `--fact certificate.issuer=BJCA`,
    /// `--fact certificate.expires_on=2026-12-10`, `--fact applicant.roles=bidder,supplier`.
    /// The value is read as the fact's declared type (true/false or 是/否, a whole number, a
    /// comma-separated set, else text).
    #[arg(long = "fact", value_name = "PATH=VALUE")]
    facts: Vec<String>,
    /// Output: the readable list (text) or the documents answer as JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Deprecated spelling of `--format json`, kept so existing scripts run.
    #[arg(long, hide = true, conflicts_with = "format")]
    json: bool,
}

/// Output format of `carules documents`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The clerk's readable list (zh-CN).
    Text,
    /// The documents answer as JSON (docs/api.md).
    Json,
}

pub fn run(a: Args) -> i32 {
    let json = a.json || a.format == Format::Json;
    let engine = match super::engine(&a.rules, false) {
        Ok(e) => e,
        Err(c) => return c,
    };
    let q = match query(&a, engine.rules().set) {
        Ok(q) => q,
        Err(e) => return super::print_error_as(&e, !json),
    };
    match carules::api::documents(engine.rules(), &q) {
        Ok(v) => {
            if json {
                println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print!("{}", carules::api::text::documents(&v, engine.rules().set));
            }
            0
        }
        Err(e) => super::print_error_as(&e, !json),
    }
}

/// The request object: the file's (or an empty one), with each flag's key added. A key the
/// file and a flag both give, or two flags, is an error at its pointer: neither "wins".
fn query(a: &Args, rs: &RuleSet) -> Result<Json, ApiError> {
    let mut q = match &a.request {
        Some(path) => super::read_request(path)?.into_value()?,
        None => Json::Object(Map::new()),
    };
    // A request that is not an object goes to the reader as it is, which says so.
    let Some(o) = q.as_object_mut() else { return Ok(q) };
    let text = |s: &Option<String>| s.as_ref().map(|x| Json::String(x.clone()));
    let flags = [
        ("region", text(&a.region)),
        ("as_of", text(&a.as_of)),
        ("service", text(&a.service)),
        ("channel", text(&a.channel)),
        ("applicant.kind", text(&a.applicant)),
        ("applicant.delegated", a.delegated.then_some(Json::Bool(true))),
        ("applicant.roles", (!a.roles.is_empty()).then(|| Json::Array(a.roles.iter().map(|r| Json::String(r.clone())).collect()))),
        ("certificate.issuer", text(&a.issuer)),
    ];
    for (path, value) in flags {
        if let Some(v) = value {
            set(o, path, v, rs)?;
        }
    }
    let region = o.get("region").and_then(Json::as_str).and_then(|r| rs.resolve_region(r).ok()).map(|m| m.region);
    for f in &a.facts {
        let Some((path, value)) = f.split_once('=') else {
            return Err(
                ApiError::new("", format!("`--fact {f}` is not PATH=VALUE (e.g. --fact certificate.issuer=BJCA)")).with_zh(format!("“{f}”应写作“事项=值”"))
            );
        };
        let path = path.trim();
        set(o, path, typed(rs, region, path, value.trim()), rs)?;
    }
    Ok(q)
}

/// `value` as the JSON the request reader expects for the fact at `path` declared (visible
/// in `region` when it is known): a bool, a whole number or a list where the text reads as
/// one, else the text — which the reader then refuses, at the fact's pointer, when it is
/// not a value of the fact's type.
fn typed(rs: &RuleSet, region: Option<RegionId>, path: &str, value: &str) -> Json {
    let ty = rs.facts.iter().filter(|f| f.path == path).find(|f| region.is_none_or(|r| rs.visible(f.scope, r))).map(|f| f.ty);
    let text = || Json::String(value.to_string());
    match ty {
        Some(Type::Bool) => match value {
            "true" | "是" => Json::Bool(true),
            "false" | "否" => Json::Bool(false),
            _ => text(),
        },
        Some(Type::Int | Type::Days | Type::Minutes | Type::Months) => value.parse::<i64>().map(Json::from).unwrap_or_else(|_| text()),
        Some(Type::Set(_)) => {
            Json::Array(value.split([',', '，', '、']).map(str::trim).filter(|s| !s.is_empty()).map(|s| Json::String(s.to_string())).collect())
        }
        _ => text(),
    }
}

/// Sets the dotted `path` of `o` to `value`, making the objects on the way (`rs` labels the
/// fact in the error).
///
/// Errors: at the path's pointer when it is already given, or when a key on the way holds
/// something else than an object.
fn set(o: &mut Map<String, Json>, path: &str, value: Json, rs: &RuleSet) -> Result<(), ApiError> {
    let pointer = format!("/{}", path.replace('.', "/"));
    let label = rs.facts.iter().find(|f| f.path == path).map(|f| f.label.to_string()).unwrap_or_else(|| path.to_string());
    let twice = || {
        ApiError::new(pointer.as_str(), format!("`{path}` is given twice (in the request and by a flag, or by two flags)"))
            .with_zh(format!("“{label}”给出了两次"))
    };
    let mut keys = path.split('.').peekable();
    let mut cur = o;
    while let Some(k) = keys.next() {
        if keys.peek().is_none() {
            if cur.contains_key(k) {
                return Err(twice());
            }
            cur.insert(k.to_string(), value);
            return Ok(());
        }
        let next = cur.entry(k.to_string()).or_insert_with(|| Json::Object(Map::new()));
        cur = next.as_object_mut().ok_or_else(twice)?;
    }
    Ok(())
}
