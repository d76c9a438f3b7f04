//! The spec as the server really is: component schemas and request bodies that codegen merged
//! with the server's Go structs are written back from the merged types, so that the contract
//! test's mock server (Prism) and its samples check mm against what the server sends and reads,
//! not against the spec's mistakes.

use std::collections::HashMap;

use yaml_serde::{Mapping, Value};

use super::model::{Field, Kind, Ty, Types, component_type};
use super::operations::{Body, Operation};

fn key(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut map = Mapping::new();
    for (k, v) in pairs {
        map.insert(key(k), v);
    }
    Value::Mapping(map)
}

struct Writer<'a> {
    types: &'a Types<'a>,
    /// Rust type name → component schema name.
    components: HashMap<String, String>,
}

impl Writer<'_> {
    fn ty(&self, ty: &Ty, depth: usize) -> Value {
        match ty {
            Ty::Str => object(vec![("type", key("string"))]),
            Ty::I64 | Ty::I32 => object(vec![("type", key("integer"))]),
            Ty::F64 => object(vec![("type", key("number"))]),
            Ty::Bool => object(vec![("type", key("boolean"))]),
            Ty::Value => object(vec![]),
            Ty::Vec(item) => object(vec![
                ("type", key("array")),
                ("items", self.ty(item, depth)),
            ]),
            Ty::Map(value) => object(vec![
                ("type", key("object")),
                ("additionalProperties", self.ty(value, depth)),
            ]),
            Ty::Named(name) => match self.components.get(name) {
                Some(component) => object(vec![(
                    "$ref",
                    key(&format!("#/components/schemas/{component}")),
                )]),
                // Types without a schema of their own are written inline, up to a depth (a
                // struct of the server may refer to itself).
                None if depth > 6 => object(vec![]),
                None => self.named(name, depth + 1),
            },
        }
    }

    fn named(&self, name: &str, depth: usize) -> Value {
        match self.types.get(name).map(|d| &d.kind) {
            Some(Kind::Struct(fields)) => self.fields(fields, depth),
            Some(Kind::Enum(_)) => object(vec![("type", key("string"))]),
            Some(Kind::Union(variants)) => object(vec![(
                "oneOf",
                Value::Sequence(variants.iter().map(|(_, t)| self.ty(t, depth)).collect()),
            )]),
            Some(Kind::Alias(ty)) => self.ty(ty, depth),
            None => object(vec![]),
        }
    }

    fn fields(&self, fields: &[Field], depth: usize) -> Value {
        let mut properties = Mapping::new();
        for field in fields {
            let mut schema = self.ty(&field.ty, depth);
            // What the server may send as `null`: nullable (a `$ref` cannot carry it in
            // OpenAPI 3.0, so it is wrapped in `allOf`).
            if field.nullable || field.go_null {
                if let Value::Mapping(map) = &schema
                    && map.contains_key("$ref")
                {
                    schema = object(vec![("allOf", Value::Sequence(vec![schema.clone()]))]);
                }
                if let Value::Mapping(map) = &mut schema {
                    map.insert(key("nullable"), Value::Bool(true));
                }
            }
            properties.insert(key(&field.json), schema);
        }
        let required: Vec<Value> = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| key(&f.json))
            .collect();
        let mut pairs = vec![
            ("type", key("object")),
            ("properties", Value::Mapping(properties)),
        ];
        if !required.is_empty() {
            pairs.push(("required", Value::Sequence(required)));
        }
        object(pairs)
    }
}

/// Rewrites `spec` in place: every component schema paired with a Go struct, and the JSON body
/// of every operation whose body was merged with one (`merged_bodies`: operationIds).
pub fn write(spec: &mut Value, types: &Types<'_>, operations: &mut [Operation], merged: &[&str]) {
    let names: Vec<String> = spec
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let writer = Writer {
        types,
        components: names
            .iter()
            .map(|n| (component_type(n), n.clone()))
            .collect(),
    };
    let mut rewritten = Vec::new();
    for name in &names {
        if types.is_go_merged(name)
            && let Some(Kind::Struct(fields)) = types.get(&component_type(name)).map(|d| &d.kind)
        {
            rewritten.push((name.clone(), writer.fields(fields, 0)));
        }
    }
    if let Some(Value::Mapping(schemas)) = spec
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        for (name, schema) in rewritten {
            schemas.insert(key(&name), schema);
        }
    }
    for op in operations.iter_mut() {
        let Some(Body::Json {
            ty: Ty::Named(name),
            ..
        }) = &op.body
        else {
            continue;
        };
        if !merged.contains(&op.id.as_str()) {
            continue;
        }
        let schema = writer.named(name, 0);
        if let Some(slot) = spec
            .get_mut("paths")
            .and_then(|p| p.get_mut(op.path.as_str()))
            .and_then(|p| p.get_mut(op.method.to_lowercase().as_str()))
            .and_then(|o| o.get_mut("requestBody"))
            .and_then(|b| b.get_mut("content"))
            .and_then(|c| c.get_mut("application/json"))
        {
            if let Value::Mapping(content) = slot {
                content.insert(key("schema"), schema.clone());
            }
            op.body_schema = Some(schema);
        }
    }
}
