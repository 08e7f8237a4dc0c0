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

/// Rewrites a `oneOf` (or `anyOf`) of string `const`s — how schemars writes an enum whose
/// members are documented — as one `enum` of those strings, each member's description kept
/// in the schema's: client generators type an `enum` as a closed set, while
/// openapi-python-client reads the `oneOf` as "the first const or an error".
fn const_sets_as_enums(v: &mut Json) {
    match v {
        Json::Object(m) => {
            for key in ["oneOf", "anyOf"] {
                let members: Option<Vec<(String, Option<String>)>> = m.get(key).and_then(Json::as_array).and_then(|alts| {
                    alts.iter()
                        .map(|a| Some((a.get("const")?.as_str()?.to_string(), a.get("description").and_then(Json::as_str).map(str::to_string))))
                        .collect()
                });
                if let Some(members) = members.filter(|ms| !ms.is_empty()) {
                    m.remove(key);
                    let said: Vec<String> = members.iter().filter_map(|(c, d)| d.as_ref().map(|d| format!("`{c}`: {d}"))).collect();
                    if !said.is_empty() {
                        let head = m.get("description").and_then(Json::as_str).map(|d| format!("{d}\n\n")).unwrap_or_default();
                        m.insert("description".into(), Json::String(format!("{head}{}", said.join("\n"))));
                    }
                    m.insert("type".into(), json!("string"));
                    m.insert("enum".into(), members.into_iter().map(|(c, _)| Json::String(c)).collect());
                }
            }
            m.values_mut().for_each(const_sets_as_enums);
        }
        Json::Array(a) => a.iter_mut().for_each(const_sets_as_enums),
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

/// The response schema as the server writes answers (schemars' serialize contract): a field
/// an answer leaves out when empty (`skip_serializing_if`: `needs`, `assumed`, `branches`, …)
/// is not required. The committed `schemas/response.schema.json` is drawn for reading and
/// lists such fields as required, which a generated client then fails to parse.
fn response_schema() -> Json {
    let generator = schemars::generate::SchemaSettings::draft2020_12().for_serialize().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<crate::api::response::Response>()).unwrap_or(Json::Null)
}

/// An item of `GET /v1/regions`.
fn region_info() -> Json {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    json!({"type": "object", "required": ["code", "name", "aliases", "parent", "services"], "properties": {
        "code": {"type": "string", "description": "GB/T 2260 code"},
        "name": {"type": "string"},
        "aliases": strings.clone(),
        "parent": {"type": ["string", "null"], "description": "the code of the region whose rules this one extends"},
        "services": strings
    }})
}

/// The body of `GET /readyz` (docs/service.md).
fn readiness() -> Json {
    json!({"type": "object", "required": ["ready", "rules_revision", "back_end", "rules_dir", "last_reload", "decision_log"], "properties": {
        "ready": {"type": "boolean", "description": "false once shutdown has begun (status 503)"},
        "rules_revision": {"type": "string"},
        "back_end": {"type": "string", "enum": ["compiled", "interpreter"]},
        "rules_dir": {"type": ["string", "null"]},
        "last_reload": {"type": ["object", "null"], "description": "the last reload of --rules DIR: swapped or refused, with what it changed or why"},
        "decision_log": {"anyOf": [{"type": "null"}, {"type": "object", "required": ["queued", "capacity", "dropped"], "properties": {
            "queued": {"type": "integer"}, "capacity": {"type": "integer"}, "dropped": {"type": "integer"}
        }}]}
    }})
}

/// `GET /readyz`: 200 ready, 503 while shutting down, the same body.
fn readyz() -> Json {
    let body = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Readiness"}}});
    json!({"get": {"summary": "Ready to answer, with the revision served and the last reload", "responses": {
        "200": {"description": "ready", "content": body.clone()},
        "503": {"description": "shutting down: not ready (ready false)", "content": body}
    }}})
}

/// The document for the rule set whose request schema is `request`.
pub fn document(request: &Json, revision: &str) -> Json {
    let mut components = Map::new();
    let request = take_defs(request.clone(), &mut components);
    let response = take_defs(response_schema(), &mut components);
    components.insert("Request".into(), request);
    components.insert("Response".into(), response);
    components.insert(
        "Stamped".into(),
        json!({"type": "object", "description": "the server-added fields (docs/service.md)",
        "required": ["decision_id", "rules_revision"],
        "properties": {
            "decision_id": {"type": "string", "description": "unique per answer (UUID v7)"},
            "rules_revision": {"type": "string", "description": "content hash of the rule set that answered: sha256: and 16 hex digits"},
            "request_id": {"type": ["string", "null"], "description": "the body's request_id or id, else the X-Request-Id header (the same field as the response's)"}
        }}),
    );
    // One stamped schema per kind of answer, and `Answer` any of them: generators merge an
    // `allOf` of objects into one typed model, but not of `Response`, itself an `anyOf`.
    let mut kinds = Vec::new();
    for (kind, what) in [("Service", "a service answer"), ("Acceptance", "an acceptance answer"), ("Evaluation", "an evaluation answer")] {
        let name = format!("{kind}Answer");
        kinds.push(json!({"$ref": format!("#/components/schemas/{name}")}));
        let parts = [json!({"$ref": format!("#/components/schemas/{kind}Response")}), json!({"$ref": "#/components/schemas/Stamped"})];
        components.insert(name, json!({"description": format!("{what} with the server-added fields"), "allOf": parts}));
    }
    components.insert("Answer".into(), json!({"description": "an answer with the server-added fields", "anyOf": kinds}));
    components.insert("Error".into(), error_object());
    components.insert("RegionInfo".into(), region_info());
    components.insert("Readiness".into(), readiness());
    components.values_mut().for_each(rebase);
    components.values_mut().for_each(const_sets_as_enums);
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
            "/v1/regions": get("The regions of the rule set", "application/json", json!({"type": "array", "items": {"$ref": "#/components/schemas/RegionInfo"}})),
            "/v1/vocabulary": get("Every enum with its members' ids and zh-CN labels", "application/json", any.clone()),
            "/v1/schema/request": get("The request JSON Schema", "application/json", any.clone()),
            "/v1/schema/response": get("The response JSON Schema", "application/json", any.clone()),
            "/openapi.json": get("This document", "application/json", any.clone()),
            "/healthz": get("The process is up", "application/json", any.clone()),
            "/readyz": readyz(),
            "/metrics": get("Prometheus / OpenMetrics text", "application/openmetrics-text", json!({"type": "string"})),
        },
        "components": {"schemas": components}
    })
}
