//! The committed response schema (`schemas/response.schema.json`, served by builds without
//! schemars such as WebAssembly) equals the one derived from the response types now.

#[test]
fn committed_response_schema_is_fresh() {
    let fresh = serde_json::to_string_pretty(&carules::api::schema::fresh_response_schema()).unwrap_or_default() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/response.schema.json");
    if std::env::var_os("CARULES_BLESS").is_some() {
        let _ = std::fs::write(&path, &fresh);
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == fresh, "schemas/response.schema.json is stale: run `CARULES_BLESS=1 cargo test --test schema` and commit it");
}

#[test]
fn the_schema_lists_the_closed_sets() {
    let s = carules::api::schema::RESPONSE_SCHEMA;
    for v in ["\"undetermined\"", "\"self_paid\"", "\"weekdays_except_holidays\"", "\"not_in_force\"", "\"certificate\"", "\"obligations\"", "\"request_id\""] {
        assert!(s.contains(v), "the response schema does not list {v}");
    }
}

/// The request schema is drawn from the request shape the decoder walks: a path several
/// regions declare with their own types offers each (`anyOf`), a fact's minimum is its own,
/// and every structural key the decoder accepts (`together` included) is described.
#[test]
fn the_request_schema_follows_the_request_shape() {
    let rs = carules::compiled::rules();
    let s = carules::api::schema::schema(rs, "request").unwrap_or_default();
    let props = &s["properties"];
    let cert_type = &props["certificate"]["properties"]["type"]["anyOf"];
    assert!(cert_type.as_array().is_some_and(|a| a.len() >= 3), "certificate.type: {cert_type}");
    assert_eq!(props["years"]["minimum"], 1);
    assert_eq!(props["quantity"]["minimum"], 1);
    for k in ["region", "question", "as_of", "submitted_documents", "observations", "records", "together", "explain", "request_id", "id"] {
        assert!(props.get(k).is_some(), "no `{k}` in the request schema");
    }
    assert!(props["together"]["items"]["properties"].get("certificate").is_some());
    assert!(props["together"]["items"]["properties"].get("applicant").is_none(), "applicant facts are the visit's, not a line's");
}
