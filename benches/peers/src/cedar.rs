//! Cedar (cedar-policy): `bench.cedar`, one `forbid` per denial annotated with its code.
//! The host turns the request JSON into a Cedar context (dates as `datetime` extension values,
//! money as Long fen) and formats the fee cap (see the comment at the top of bench.cedar).

use crate::{Engine, Output};
use cedar_policy::{Authorizer, Context, Decision, Entities, EntityUid, PolicySet, Request};
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use std::str::FromStr;

/// The bench decision in Cedar.
pub const POLICIES: &str = include_str!("../bench.cedar");

/// Cedar's authorizer over `bench.cedar`.
pub struct Cedar {
    policies: PolicySet,
    authorizer: Authorizer,
    entities: Entities,
    principal: EntityUid,
    action: EntityUid,
    resource: EntityUid,
}

fn uid(s: &str) -> Result<EntityUid, String> {
    EntityUid::from_str(s).map_err(|e| format!("{s}: {e}"))
}

impl Cedar {
    /// Parses `bench.cedar`.
    pub fn load() -> Result<Self, String> {
        Ok(Cedar {
            policies: PolicySet::from_str(POLICIES).map_err(|e| format!("bench.cedar: {e}"))?,
            authorizer: Authorizer::new(),
            entities: Entities::empty(),
            principal: uid(r#"Applicant::"applicant""#)?,
            action: uid(r#"Action::"decide""#)?,
            resource: uid(r#"Service::"certificate""#)?,
        })
    }
}

fn date(s: &str) -> Json {
    json!({"__extn": {"fn": "datetime", "arg": s}})
}

/// The request JSON → the Cedar context record, and the fee cap in CNY.
fn context(r: &Json) -> Result<(Json, Decimal), String> {
    let s = |v: &Json, what: &str| v.as_str().map(str::to_string).ok_or_else(|| format!("`{what}` must be a string"));
    let as_of = s(&r["as_of"], "as_of")?;
    let today = as_of.get(..10).ok_or("`as_of` is not RFC 3339")?;
    let years = r.get("years").map_or(Some(1), Json::as_i64).ok_or("`years` must be a whole number")?;
    let charged = Decimal::from_str(&s(&r["charged"], "charged")?).map_err(|e| format!("`charged`: {e}"))?;
    let kind = s(&r["applicant"]["kind"], "applicant.kind")?;
    let per_year = match kind.as_str() {
        "organization" => 300,
        "individual" => 200,
        k => return Err(format!("unknown applicant kind `{k}`")),
    };
    let ctx = json!({
        "service": s(&r["service"], "service")?,
        "registered": r["applicant"]["registered"].as_bool().ok_or("`applicant.registered` must be a bool")?,
        "kind": kind,
        "years": years,
        "charged_fen": crate::fen(charged)?,
        "today": date(today),
        "expires_on": date(&s(&r["certificate"]["expires_on"], "certificate.expires_on")?),
        "encrypted_bid_uploaded": r["bidding"]["encrypted_bid_uploaded"].as_bool().unwrap_or(false),
        "bidding_closed": r["bidding"]["closed"].as_bool().unwrap_or(false),
    });
    Ok((ctx, Decimal::from(per_year) * Decimal::from(years)))
}

impl Engine for Cedar {
    fn name(&self) -> &'static str {
        "cedar-policy (forbid per denial)"
    }
    fn decide(&mut self, request: &str) -> Result<String, String> {
        let r: Json = serde_json::from_str(request).map_err(|e| e.to_string())?;
        let (ctx, cap) = context(&r)?;
        let ctx = Context::from_json_value(ctx, None).map_err(|e| e.to_string())?;
        let req = Request::new(self.principal.clone(), self.action.clone(), self.resource.clone(), ctx, None).map_err(|e| e.to_string())?;
        let resp = self.authorizer.is_authorized(&req, &self.policies, &self.entities);
        if let Some(e) = resp.diagnostics().errors().next() {
            return Err(format!("cedar evaluation error: {e}"));
        }
        let mut denials = Vec::new();
        if resp.decision() == Decision::Deny {
            for id in resp.diagnostics().reason() {
                let code = self.policies.annotation(id, "id").ok_or_else(|| format!("policy {id} has no @id"))?;
                denials.push(code.to_string());
            }
        }
        Output::new(denials, format!("{cap:.2}")).to_json()
    }
}
