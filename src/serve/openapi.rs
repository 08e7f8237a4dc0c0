//! `GET /openapi.json`: an OpenAPI 3.1 document drawn from the same JSON Schemas the CLI
//! prints (`carules schema request|response`): the request schema of the rule set served,
//! and the committed response schema, whose `$defs` become `components/schemas` (its
//! references rewritten to point there).

use serde_json::{Map, Value as Json, json};

/// Rewrites `#/$defs/X` references to `#/components/schemas/X`, everywhere in `v`.
fn rebase(v: &mut Json) {
    match v {
        Json::Object(m) => {
            if let Some(Json::String(r)) = m.get_mut("$ref")
                && let Some(name) = r.strip_prefix("#/$defs/")
            {
                *r = format!("#/components/schemas/{name}");
            }
            m.values_mut().for_each(rebase);
        }
        Json::Array(a) => a.iter_mut().for_each(rebase),
        _ => {}
    }
}

/// Moves a schema's `$defs` into `components`, and returns the rest (without `$schema`).
fn take_defs(mut schema: Json, components: &mut Map<String, Json>) -> Json {
    if let Some(o) = schema.as_object_mut() {
        o.remove("$schema");
        if let Some(Json::Object(defs)) = o.remove("$defs") {
            components.extend(defs);
        }
    }
    rebase(&mut schema);
    schema
}

fn error_object() -> Json {
    json!({
        "type": "object", "required": ["error"],
        "properties": {
            "error": {"type": "object", "required": ["code", "message", "path"], "properties": {
                "code": {"type": "string", "enum": ["request.invalid", "rules.invalid", "request.too_large", "request.unsupported_media_type",
                                                     "request.not_found", "request.method_not_allowed", "request.timeout"]},
                "message": {"type": "string"},
                "path": {"type": "string", "description": "JSON pointer of the offending value; \"\" for the whole request"}
            }},
            "request_id": {"type": "string"}
        }
    })
}

fn errors(statuses: &[&str]) -> Map<String, Json> {
    statuses
        .iter()
        .map(|s| {
            (s.to_string(), json!({"description": "the error object", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}))
        })
        .collect()
}

/// A POST endpoint: `answer_schema` names the component of its answer.
fn post(summary: &str, request: &str, answer: &str, [request_type, answer_type, answer_schema]: [&str; 3]) -> Json {
    let mut responses = errors(&["400", "408", "413", "415"]);
    let schema = json!({"$ref": format!("#/components/schemas/{answer_schema}")});
    responses.insert("200".into(), json!({"description": answer, "content": {answer_type: {"schema": schema}}}));
    json!({"post": {
        "summary": summary,
        "parameters": [{"name": "X-Request-Id", "in": "header", "required": false, "schema": {"type": "string", "maxLength": 200},
                        "description": "echoed as `request_id` when the body gives none, and as this response header"}],
        "requestBody": {"required": true, "description": request, "content": {request_type: {"schema": {"$ref": "#/components/schemas/Request"}}}},
        "responses": responses
    }})
}

fn get(summary: &str, content: &str, schema: Json) -> Json {
    json!({"get": {"summary": summary, "responses": {"200": {"description": summary, "content": {content: {"schema": schema}}}}}})
}

/// The document for the rule set whose request schema is `request`.
pub fn document(request: &Json, revision: &str) -> Json {
    let mut components = Map::new();
    let request = take_defs(request.clone(), &mut components);
    let response = take_defs(serde_json::from_str(crate::api::schema::RESPONSE_SCHEMA).unwrap_or(Json::Null), &mut components);
    components.insert("Request".into(), request);
    components.insert("Response".into(), response);
    components.insert(
        "Stamped".into(),
        json!({"type": "object", "description": "the server-added fields (docs/service.md)",
        "required": ["decision_id", "rules_revision"],
        "properties": {
            "decision_id": {"type": "string", "description": "unique per answer (UUID v7)"},
            "rules_revision": {"type": "string", "description": "content hash of the rule set that answered: sha256: and 16 hex digits"},
            "request_id": {"type": "string", "description": "the body's request_id or id, else the X-Request-Id header"}
        }}),
    );
    components.insert(
        "Answer".into(),
        json!({"description": "an answer with the server-added fields", "allOf": [{"$ref": "#/components/schemas/Response"}, {"$ref": "#/components/schemas/Stamped"}]}),
    );
    components.insert("Error".into(), error_object());
    components.values_mut().for_each(rebase);
    let any = json!({"type": "object"});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "carules decision service", "version": env!("CARGO_PKG_VERSION"),
                 "description": format!("Answers of the decision API (docs/api.md) over HTTP; rules revision {revision}. See docs/service.md.")},
        "paths": {
            "/v1/decide": post("Answer a request", "a request (docs/api.md)", "the answer", ["application/json", "application/json", "Answer"]),
            // The documents answer is not in the response schema (`carules schema response`
            // describes the decision answers): only its server-added fields are described.
            "/v1/documents": post("The clerk's documents query", "a request whose as_of may be left out", "the documents answer", ["application/json", "application/json", "Stamped"]),
            "/v1/batch": post("Answer JSON lines", "one request per line", "one answer or error object per non-blank line, in order", ["application/x-ndjson", "application/x-ndjson", "Answer"]),
            "/v1/regions": get("The regions of the rule set", "application/json", json!({"type": "array"})),
            "/v1/vocabulary": get("Every enum with its members' ids and zh-CN labels", "application/json", any.clone()),
            "/v1/schema/request": get("The request JSON Schema", "application/json", any.clone()),
            "/v1/schema/response": get("The response JSON Schema", "application/json", any.clone()),
            "/openapi.json": get("This document", "application/json", any.clone()),
            "/healthz": get("The process is up", "application/json", any.clone()),
            "/readyz": get("Ready to answer (503 while shutting down), with the revision served and the last reload", "application/json", any),
            "/metrics": get("Prometheus / OpenMetrics text", "application/openmetrics-text", json!({"type": "string"})),
        },
        "components": {"schemas": components}
    })
}
