//! The contract test: one call of every operation with schema-valid sample arguments, run
//! against Prism's mock of the spec (see `cargo xtask contract`).

use std::fmt::Write as _;

use serde_json::json;
use yaml_serde::{Mapping, Value};

use super::operations::{Body, FieldKind, Operation, Output, Param};
use super::render::HEADER;

/// Strings that match the spec's patterns (which have no `example`).
const PATTERN_SAMPLES: &[(&str, &str)] = &[("^([0-1][0-9]|2[0-3]):([0-5][0-9])$", "09:00")];

/// A sample JSON value that satisfies `schema`: required properties only, first enum values.
pub fn sample(schema: &Value, components: &Mapping, depth: usize) -> serde_json::Value {
    if depth > 12 {
        return json!(null);
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        // Following a reference is not nesting: keep the depth.
        return components
            .get(name)
            .map_or(json!({}), |s| sample(s, components, depth));
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence) {
        let mut merged = serde_json::Map::new();
        for part in parts {
            if let serde_json::Value::Object(map) = sample(part, components, depth) {
                merged.extend(map);
            }
        }
        return serde_json::Value::Object(merged);
    }
    if let Some(first) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_sequence)
        .and_then(|c| c.first())
    {
        let branch = sample(first, components, depth + 1);
        // Properties beside the `oneOf` apply to every branch: the branch refines them.
        if schema.get("properties").is_some()
            && let (Value::Mapping(base), serde_json::Value::Object(refined)) = (schema, &branch)
        {
            let mut rest = base.clone();
            rest.remove("oneOf");
            rest.remove("anyOf");
            if let serde_json::Value::Object(mut merged) =
                sample(&Value::Mapping(rest), components, depth)
            {
                merged.extend(refined.clone());
                return serde_json::Value::Object(merged);
            }
        }
        return branch;
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Some(example) = schema.get("example") {
            return serde_json::to_value(example).unwrap_or(json!(null));
        }
        if let Some((_, text)) = PATTERN_SAMPLES.iter().find(|(p, _)| *p == pattern) {
            return json!(text);
        }
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_sequence)
        .and_then(|e| e.first())
    {
        return serde_json::to_value(first).unwrap_or(json!(null));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-01-01T00:00:00Z"),
            Some("uri") => json!("https://example.com"),
            Some("email") => json!("someone@example.com"),
            _ => json!("sample"),
        },
        Some("integer") => json!(1),
        Some("number") => json!(1.0),
        Some("boolean") => json!(true),
        Some("array") => {
            let count = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1) as usize;
            match schema.get("items") {
                Some(items) => {
                    serde_json::Value::Array(vec![sample(items, components, depth + 1); count])
                }
                None => json!([]),
            }
        }
        _ => {
            let mut object = serde_json::Map::new();
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_sequence)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            // Near the top every property is filled (more of the request type is exercised);
            // deeper, only the required ones (to stay finite).
            if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
                for (key, property) in properties {
                    if let Some(key) = key.as_str().filter(|k| depth <= 1 || required.contains(k)) {
                        object.insert(key.to_owned(), sample(property, components, depth + 1));
                    }
                }
            }
            serde_json::Value::Object(object)
        }
    }
}

fn scalar(param: &Param) -> String {
    use super::model::Ty;
    if let Some(first) = &param.first_enum_value {
        return format!("{first:?}");
    }
    match param.ty {
        Ty::I64 | Ty::I32 => "1".into(),
        Ty::F64 => "1.0".into(),
        Ty::Bool => "true".into(),
        _ => "\"sample\"".into(),
    }
}

/// The positional arguments of the group method, in the order `render::positional` declares them.
fn arguments(op: &Operation, components: &Mapping) -> String {
    let mut args: Vec<String> = op.path_params.iter().map(scalar).collect();
    args.extend(op.query.iter().filter(|q| q.required).map(scalar));
    let body_sample = || {
        op.body_schema
            .as_ref()
            .map_or(json!({}), |s| sample(s, components, 0))
    };
    match &op.body {
        Some(Body::Json { ty, required: true }) => {
            args.push(format!(
                "&serde_json::from_str::<{}>(r###\"{}\"###).expect(\"sample body\")",
                ty.rust(op.types()),
                body_sample()
            ));
        }
        Some(Body::Multipart(fields)) => {
            for field in fields.iter().filter(|f| f.required) {
                let one = match &field.kind {
                    FieldKind::File => "Upload::new(\"sample.txt\", \"sample\")".to_owned(),
                    FieldKind::Text(ty) => scalar(&Param {
                        json: field.json.clone(),
                        rust: field.rust.clone(),
                        ty: ty.clone(),
                        required: true,
                        doc: String::new(),
                        first_enum_value: None,
                    }),
                    FieldKind::Json(ty) => {
                        let schema = op
                            .body_schema
                            .as_ref()
                            .and_then(|s| s.get("properties"))
                            .and_then(|p| p.get(field.json.as_str()))
                            .and_then(|p| p.get("x-mm-json"))
                            .map_or(json!({}), |s| sample(s, components, 0));
                        format!(
                            "&serde_json::from_str::<{}>(r###\"{schema}\"###).expect(\"sample field\")",
                            ty.rust(op.types())
                        )
                    }
                };
                // One value of a repeated field: Prism checks the part against its one-part
                // schema (`x-mm-repeated`).
                args.push(match (&field.kind, field.repeated) {
                    (_, false) => one,
                    (FieldKind::File, true) => format!("[{one}]"),
                    (_, true) => format!("&[{one}]"),
                });
            }
        }
        Some(Body::FormUrlEncoded) => {
            let pairs: Vec<String> = match body_sample() {
                serde_json::Value::Object(fields) => fields
                    .into_iter()
                    .map(|(k, v)| {
                        format!(
                            "({k:?}, {:?})",
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            args.push(format!("&[{}]", pairs.join(", ")));
        }
        Some(Body::Binary) => args.push("Body::from(\"sample\")".into()),
        _ => {}
    }
    args.join(", ")
}

/// `tests/tests/contract.rs`: one async function per group, run one after another on a
/// thread with a large stack (debug builds of 500 calls need it).
pub fn render(operations: &[Operation], components: &Mapping) -> String {
    let mut out = format!(
        "{HEADER}//! Calls every operation of the spec once against Prism (`cargo xtask contract`).\n\
         #![allow(deprecated, clippy::all)]\n\n\
         #[allow(unused_imports)]\n\
         use mm_driver::api::{{Binary, Json, NoContent}};\n\
         #[allow(unused_imports)]\n\
         use mm_driver::transport::{{Body, Upload}};\n\
         use mm_driver::types;\n\
         use mm_driver::Driver;\n\
         use tests::contract::Report;\n\n\
         #[test]\n#[ignore = \"needs Prism: run `cargo xtask contract`\"]\n\
         fn every_operation_against_prism() {{\n\
         \x20   tests::contract::run_with_large_stack(|| async {{\n\
         \x20       let (client, mut report) = Report::start();\n"
    );
    let mut groups: Vec<&str> = operations.iter().map(|op| op.group()).collect();
    groups.dedup();
    let mut seen = std::collections::BTreeSet::new();
    groups.retain(|g| seen.insert(*g));
    for group in &groups {
        let _ = writeln!(
            out,
            "        Box::pin(group_{group}(&client, &mut report)).await;"
        );
    }
    out.push_str("        report.finish();\n    });\n}\n\n");
    for group in &groups {
        let _ = writeln!(
            out,
            "async fn group_{group}(client: &Driver, report: &mut Report) {{"
        );
        for op in operations.iter().filter(|op| op.group() == *group) {
            let output = match &op.output {
                Output::Json(ty) => format!("Json<{}>", ty.rust(op.types())),
                Output::Binary => "Binary".into(),
                Output::Empty => "NoContent".into(),
            };
            let _ = writeln!(
                out,
                "    report.check::<{output}>({:?}, client.{}().{}({}).into_call()).await;",
                op.name,
                super::names::identifier(op.group()),
                op.name,
                arguments(op, components)
            );
        }
        out.push_str("}\n\n");
    }
    out
}
