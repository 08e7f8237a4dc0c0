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
    for v in ["\"undetermined\"", "\"self_paid\"", "\"weekdays_except_holidays\"", "\"not_in_force\"", "\"certificate\"", "\"obligations\""] {
        assert!(s.contains(v), "the response schema does not list {v}");
    }
}
