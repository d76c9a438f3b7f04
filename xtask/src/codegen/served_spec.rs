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

/// The component sections a plugin spec's `$ref`s point into.
const PLUGIN_SECTIONS: &[&str] = &["schemas", "responses"];

/// Adds a plugin's paths, schemas and responses to the served spec, its components renamed with
/// `prefix` (and every `$ref` to them), so that Prism serves both APIs from one document and the
/// plugin's `Condition` never replaces the core one (upstream's merge overwrites it).
pub fn merge_plugin(
    spec: &mut Value,
    plugin: &Value,
    operations: &mut [Operation],
    prefix: &str,
) -> Result<(), String> {
    let mut plugin = plugin.clone();
    rename_refs(&mut plugin, prefix);
    for op in operations.iter_mut() {
        if let Some(schema) = &mut op.body_schema {
            rename_refs(schema, prefix);
        }
    }
    let components = match spec.get_mut("components") {
        Some(Value::Mapping(components)) => components,
        _ => return Err("the core spec has no components".into()),
    };
    for section in PLUGIN_SECTIONS {
        let Some(Value::Mapping(entries)) = plugin.get("components").and_then(|c| c.get(*section))
        else {
            continue;
        };
        let target = components
            .entry(key(section))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(target) = target else {
            return Err(format!(
                "components/{section} of the core spec is not a map"
            ));
        };
        for (name, value) in entries {
            let name = match name {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                other => return Err(format!("a plugin component is named {other:?}")),
            };
            target.insert(key(&format!("{prefix}{name}")), value.clone());
        }
    }
    // Security schemes are named in each operation's `security`, not by `$ref`: kept as they
    // are (the plugin's `BearerAuth` beside the core `bearerAuth`), unless a name collides.
    if let Some(Value::Mapping(schemes)) = plugin
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
    {
        let target = components
            .entry(key("securitySchemes"))
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(target) = target else {
            return Err("components/securitySchemes of the core spec is not a map".into());
        };
        for (name, scheme) in schemes {
            match target.get(name) {
                Some(existing) if existing != scheme => {
                    return Err(format!(
                        "the plugin's security scheme {name:?} differs from the core one"
                    ));
                }
                _ => {
                    target.insert(name.clone(), scheme.clone());
                }
            }
        }
    }
    let Some(Value::Mapping(paths)) = spec.get_mut("paths") else {
        return Err("the core spec has no paths".into());
    };
    for (path, item) in plugin
        .get("paths")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
    {
        if paths.contains_key(path) {
            return Err(format!("the plugin's path {path:?} is also a core path"));
        }
        paths.insert(path.clone(), item.clone());
    }
    Ok(())
}

/// Points every `$ref` into a plugin component section at its renamed entry.
fn rename_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map.iter_mut() {
                if k.as_str() == Some("$ref")
                    && let Value::String(target) = v
                {
                    for section in PLUGIN_SECTIONS {
                        let head = format!("#/components/{section}/");
                        if let Some(name) = target.strip_prefix(&head) {
                            *target = format!("{head}{prefix}{name}");
                            break;
                        }
                    }
                } else {
                    rename_refs(v, prefix);
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| rename_refs(v, prefix)),
        _ => {}
    }
}
