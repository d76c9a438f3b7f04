//! From schemas to Rust types: every `components/schemas` entry, and every inline object,
//! enum and union the operations use, gets a named definition.

use std::collections::{BTreeSet, HashMap};

use yaml_serde::{Mapping, Value};

use super::drift::Drift;
use super::names::{identifier, pascal_case, snake_case};
use super::server_model::{GoField, GoModel, same_key};

/// A Rust type as a field or an output uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Str,
    I64,
    I32,
    F64,
    Bool,
    /// No schema at all.
    Value,
    Vec(Box<Ty>),
    Map(Box<Ty>),
    Named(String),
}

impl Ty {
    /// The type as Rust source; `prefix` qualifies named types (`types::`).
    pub fn rust(&self, prefix: &str) -> String {
        match self {
            Self::Str => "String".into(),
            Self::I64 => "i64".into(),
            Self::I32 => "i32".into(),
            Self::F64 => "f64".into(),
            Self::Bool => "bool".into(),
            Self::Value => "serde_json::Value".into(),
            Self::Vec(item) => format!("Vec<{}>", item.rust(prefix)),
            // Go's `map[string]string`: small and short-keyed, kept flat (`mm_types::StringMap`).
            Self::Map(value) if **value == Self::Str => format!("{prefix}StringMap"),
            Self::Map(value) => {
                format!("std::collections::BTreeMap<String, {}>", value.rust(prefix))
            }
            Self::Named(name) => format!("{prefix}{name}"),
        }
    }

    fn named(&self, out: &mut Vec<String>) {
        match self {
            Self::Vec(inner) | Self::Map(inner) => inner.named(out),
            Self::Named(name) => out.push(name.clone()),
            _ => {}
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust: String,
    pub json: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// The server sends `null` when unset (a Go pointer without `omitempty`): an `Option`
    /// field then writes `null` too, as Go would, instead of leaving the key out.
    pub go_null: bool,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Struct(Vec<Field>),
    /// String enum: (Rust variant, JSON value).
    Enum(Vec<(String, String)>),
    /// Untagged union: (Rust variant, type).
    Union(Vec<(String, Ty)>),
    Alias(Ty),
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: String,
    /// `models` for component schemas and their inline parts, else the group of the operation.
    pub module: String,
    pub kind: Kind,
}

/// Where a type is used: read from the server, sent to it, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

pub struct Types<'a> {
    pub defs: Vec<TypeDef>,
    index: HashMap<String, usize>,
    taken: BTreeSet<String>,
    components: &'a Mapping,
    go: &'a GoModel,
    /// Go struct name → the Rust type that stands for it.
    go_types: HashMap<String, String>,
    /// Every disagreement between spec and server that codegen resolved (the server won).
    pub drift: Vec<Drift>,
}

pub fn description(schema: &Value) -> String {
    schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

/// The Rust name of a component schema (`Server_Busy` → `ServerBusy`).
pub fn component_type(name: &str) -> String {
    pascal_case(name)
}

impl<'a> Types<'a> {
    pub fn new(components: &'a Mapping, go: &'a GoModel) -> Self {
        let names: Vec<&str> = components.keys().filter_map(Value::as_str).collect();
        let taken = names.iter().map(|n| component_type(n)).collect();
        // Same-named schemas first, so that they stand for their struct where a paired schema
        // (`UserAccessTokenSanitized`) stands for the same one.
        let mut go_types = HashMap::new();
        for name in &names {
            if go.has_struct(name) {
                go_types.insert((*name).to_owned(), component_type(name));
            }
        }
        for name in &names {
            if let Some(go_name) = go.struct_for_schema(name) {
                debug_assert!(go.has_struct(go_name), "model.{go_name}");
                go_types
                    .entry(go_name.to_owned())
                    .or_insert_with(|| component_type(name));
            }
        }
        Self {
            defs: Vec::new(),
            index: HashMap::new(),
            taken,
            components,
            go,
            go_types,
            drift: Vec::new(),
        }
    }

    /// The Go struct a component schema stands for, unless it marshals itself.
    fn go_struct_of(&self, schema: &str) -> Option<String> {
        let name = self
            .go
            .struct_for_schema(schema)
            .map(str::to_owned)
            .or_else(|| self.go.has_struct(schema).then(|| schema.to_owned()))?;
        (!self.go.custom_marshal(&name)).then_some(name)
    }

    /// Defines every component schema, in the spec's order.
    pub fn define_components(&mut self) -> Result<(), String> {
        let components = self.components;
        for (name, schema) in components {
            let name = name
                .as_str()
                .ok_or("a component schema has a non-string name")?;
            let rust = component_type(name);
            if self.index.contains_key(&rust) {
                return Err(format!(
                    "two component schemas are both named `{rust}` in Rust"
                ));
            }
            let mut kind = self.kind_of(schema, &rust, "models")?;
            if let Some(go_name) = self.go_struct_of(name) {
                let declared = match &mut kind {
                    Kind::Struct(fields) => Some(std::mem::take(fields)),
                    // `type: object` with no properties: the server's struct gives them.
                    Kind::Alias(Ty::Value) => Some(Vec::new()),
                    _ => None,
                };
                if let Some(fields) = declared {
                    kind = Kind::Struct(self.merge_go(name, &go_name, fields, true)?);
                }
            }
            self.push(TypeDef {
                name: rust,
                doc: description(schema),
                module: "models".into(),
                kind,
            });
        }
        Ok(())
    }

    /// The spec's fields of `schema` merged with the Go struct `go_name`: keys the spec lacks
    /// are added, keys cased differently take the server's casing, types and nullability follow
    /// the server, and keys the server never sends are dropped (only when every key of the
    /// struct is known). In the server's field order. `record`: note each disagreement.
    fn merge_go(
        &mut self,
        schema: &str,
        go_name: &str,
        mut spec_fields: Vec<Field>,
        record: bool,
    ) -> Result<Vec<Field>, String> {
        let Some(go_fields) = self.go.fields(go_name) else {
            return Ok(spec_fields);
        };
        let mut drift = Vec::new();
        let mut merged = Vec::new();
        for go_field in &go_fields {
            let go_ty = self.go_ty(&go_field.go_type)?;
            let nullable = go_field.go_type.starts_with('*')
                && !matches!(go_ty, Ty::Vec(_) | Ty::Map(_) | Ty::Value);
            let server = go_description(go_name, go_field);
            let exact = spec_fields.iter().position(|f| f.json == go_field.key);
            let position = exact.or_else(|| {
                spec_fields
                    .iter()
                    .position(|f| same_key(&f.json, &go_field.key))
            });
            let Some(position) = position else {
                drift.push(Drift::new(
                    schema,
                    &go_field.key,
                    "missing",
                    &server,
                    "added",
                ));
                merged.push(Field {
                    rust: identifier(&snake_case(&go_field.key)),
                    json: go_field.key.clone(),
                    ty: go_ty,
                    required: false,
                    nullable,
                    go_null: go_field.null_when_unset,
                    doc: String::new(),
                });
                continue;
            };
            let mut field = spec_fields.remove(position);
            if exact.is_none() {
                drift.push(Drift::new(
                    schema,
                    &go_field.key,
                    &format!("key `{}`", field.json),
                    &server,
                    "server's key",
                ));
                field.json = go_field.key.clone();
                field.rust = identifier(&snake_case(&go_field.key));
            }
            if !self.keeps_spec_type(&field.ty, &go_ty) {
                drift.push(Drift::new(
                    schema,
                    &go_field.key,
                    &format!("type `{}`", field.ty.rust("")),
                    &server,
                    &format!("type `{}`", go_ty.rust("")),
                ));
                field.ty = go_ty;
            }
            // A key the spec requires is always sent: no `Option`, even for a Go pointer (a
            // null from the server still reads as the zero value).
            let nullable = nullable && !field.required;
            if field.nullable != nullable {
                drift.push(Drift::new(
                    schema,
                    &go_field.key,
                    if field.nullable {
                        "nullable"
                    } else {
                        "not nullable"
                    },
                    &server,
                    if nullable { "`Option`" } else { "plain value" },
                ));
                field.nullable = nullable;
            }
            field.go_null = go_field.null_when_unset;
            merged.push(field);
        }
        for field in spec_fields {
            if self.go.judges(schema, &field.json) {
                drift.push(Drift::new(
                    schema,
                    &field.json,
                    &format!("type `{}`", field.ty.rust("")),
                    &format!("no such key in `model.{go_name}`"),
                    "dropped",
                ));
            } else {
                // Newer than the model's release: the struct cannot judge it.
                drift.push(Drift::new(
                    schema,
                    &field.json,
                    &format!("type `{}`", field.ty.rust("")),
                    &format!("no such key in `model.{go_name}` (older release)"),
                    "kept (newer field)",
                ));
                merged.push(field);
            }
        }
        // Two Go keys may give one Rust name (`PostId` beside `post_id`).
        let mut seen = BTreeSet::new();
        for field in &mut merged {
            while !seen.insert(field.rust.clone()) {
                field.rust.push_str("_2");
            }
        }
        if record {
            self.drift.extend(drift);
        }
        Ok(merged)
    }

    /// Whether a component schema was merged with the server's Go struct.
    pub fn is_go_merged(&self, schema: &str) -> bool {
        self.go_struct_of(schema).is_some()
    }

    /// Merges an operation's inline request body type with the Go struct its handler decodes.
    pub fn apply_body_struct(&mut self, ty: &Ty, go_name: &str, label: &str) -> Result<(), String> {
        if !self.go.has_struct(go_name) {
            return Err(format!(
                "{label}: no struct model.{go_name} in the server model"
            ));
        }
        let Ty::Named(name) = ty else {
            return Err(format!("{label}: the body is not a named type"));
        };
        let Some(&index) = self.index.get(name) else {
            return Err(format!("{label}: unknown body type {name}"));
        };
        let Kind::Struct(fields) = &mut self.defs[index].kind else {
            return Err(format!("{label}: the body is not an object"));
        };
        let fields = std::mem::take(fields);
        let merged = self.merge_go(label, go_name, fields, true)?;
        self.defs[index].kind = Kind::Struct(merged);
        Ok(())
    }

    /// Whether the spec's type can stay where the server's Go type is `go`: the same shape, or
    /// a more precise form of it (an enum for a string, a schema paired with the struct).
    fn keeps_spec_type(&self, spec: &Ty, go: &Ty) -> bool {
        match (spec, go) {
            (a, b) if a == b => true,
            (Ty::I64 | Ty::I32, Ty::I64) => true,
            (Ty::Named(name), Ty::Str) => self.is_enum(name),
            (Ty::Vec(a), Ty::Vec(b)) | (Ty::Map(a), Ty::Map(b)) => self.keeps_spec_type(a, b),
            _ => false,
        }
    }

    /// Whether a named type is a string enum (components may not be defined yet).
    fn is_enum(&self, name: &str) -> bool {
        if let Some(def) = self.get(name) {
            return matches!(def.kind, Kind::Enum(_));
        }
        self.components.iter().any(|(key, schema)| {
            key.as_str().is_some_and(|k| component_type(k) == name) && Self::is_string_enum(schema)
        })
    }

    /// The Rust type of a Go type; structs of the model package that the spec lacks are
    /// defined from the server's data.
    fn go_ty(&mut self, go_type: &str) -> Result<Ty, String> {
        let bare = go_type.trim_start_matches('*');
        Ok(match bare {
            "string" | "[]byte" | "time.Time" => Ty::Str,
            "bool" => Ty::Bool,
            "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16"
            | "uint32" | "uint64" => Ty::I64,
            "float32" | "float64" => Ty::F64,
            "any" | "interface{}" | "json.RawMessage" | "struct{}" => Ty::Value,
            _ if bare.starts_with("[]") => Ty::Vec(Box::new(self.go_ty(&bare[2..])?)),
            _ if bare.starts_with("map[") => match bare.find(']') {
                Some(end) => Ty::Map(Box::new(self.go_ty(&bare[end + 1..])?)),
                None => Ty::Value,
            },
            _ => {
                if let Some(underlying) = self.go.underlying(bare).map(str::to_owned) {
                    self.go_ty(&underlying)?
                } else if self.go.has_struct(bare) && !self.go.custom_marshal(bare) {
                    // A struct with its own MarshalJSON: its rows may not be its shape.
                    Ty::Named(self.go_struct_type(bare)?)
                } else {
                    // A type of another package (`opengraph.OpenGraph`): any JSON.
                    Ty::Value
                }
            }
        })
    }

    /// The Rust type for a Go struct: the schema paired with it, or a type defined from the
    /// server's data (named after the struct) when the spec has none.
    fn go_struct_type(&mut self, go_name: &str) -> Result<String, String> {
        if let Some(rust) = self.go_types.get(go_name) {
            return Ok(rust.clone());
        }
        let rust = self.reserve(go_name);
        self.go_types.insert(go_name.to_owned(), rust.clone());
        // Pushed before its fields so that a struct that refers to itself finds its name.
        self.push(TypeDef {
            name: rust.clone(),
            doc: format!(
                "`model.{go_name}` of the Mattermost server; not described by the spec, so defined from the server's Go struct."
            ),
            module: "models".into(),
            kind: Kind::Struct(Vec::new()),
        });
        self.drift.push(Drift::new(
            go_name,
            "*",
            "no schema",
            &format!("struct `model.{go_name}`"),
            &format!("type `{rust}` defined from the struct"),
        ));
        let fields = self.merge_go(go_name, go_name, Vec::new(), false)?;
        if let Some(index) = self.index.get(&rust) {
            self.defs[*index].kind = Kind::Struct(fields);
        }
        Ok(rust)
    }

    /// Documents a type that the spec left undocumented.
    /// Documents an inline type that has no description (component schemas are documented by
    /// the operations that use them, see `operations::document_models`).
    pub fn document(&mut self, ty: &Ty, doc: String) {
        if let Ty::Named(name) = ty
            && let Some(index) = self.index.get(name)
            && self.defs[*index].doc.is_empty()
            && self.defs[*index].module != "models"
        {
            self.defs[*index].doc = doc;
        }
    }

    /// Mutable access to a definition by name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut TypeDef> {
        let index = *self.index.get(name)?;
        self.defs.get_mut(index)
    }

    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.index.get(name).map(|i| &self.defs[*i])
    }

    fn push(&mut self, def: TypeDef) {
        self.index.insert(def.name.clone(), self.defs.len());
        self.defs.push(def);
    }

    /// A free type name based on `base` (components keep their names; inline types get a
    /// number when their natural name is taken).
    fn reserve(&mut self, base: &str) -> String {
        let base = pascal_case(base);
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn component(&self, name: &str) -> Result<&'a Value, String> {
        self.components
            .get(name)
            .ok_or_else(|| format!("$ref to unknown schema {name}"))
    }

    /// The properties and required list of a schema, following `allOf` and `$ref`.
    fn object_parts<'b>(
        &self,
        schema: &'b Value,
        out: &mut Vec<(&'b str, &'b Value)>,
        required: &mut BTreeSet<String>,
    ) -> Result<(), String>
    where
        'a: 'b,
    {
        if let Some(name) = ref_name(schema) {
            return self.object_parts(self.component(name)?, out, required);
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence) {
            for part in parts {
                self.object_parts(part, out, required)?;
            }
        }
        if let Some(list) = schema.get("required").and_then(Value::as_sequence) {
            required.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
            for (key, value) in properties {
                if let Some(key) = key.as_str() {
                    out.retain(|(existing, _)| *existing != key);
                    out.push((key, value));
                }
            }
        }
        Ok(())
    }

    fn is_string_enum(schema: &Value) -> bool {
        schema
            .get("enum")
            .and_then(Value::as_sequence)
            .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string))
            && schema
                .get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t == "string")
    }

    /// Whether the `oneOf` branches of an object with `properties` only constrain those
    /// properties (which are required when `channel_mode` is `specific`, say): the value is
    /// still one object with every property, not one of several shapes.
    fn refines_properties(schema: &Value, choices: &[Value]) -> bool {
        let Some(properties) = schema.get("properties").and_then(Value::as_mapping) else {
            return false;
        };
        let known = |key: &Value| properties.contains_key(key);
        choices.iter().all(|choice| {
            choice.get("$ref").is_none()
                && choice
                    .get("properties")
                    .and_then(Value::as_mapping)
                    .is_none_or(|p| p.keys().all(known))
                && choice
                    .get("required")
                    .and_then(Value::as_sequence)
                    .is_none_or(|r| r.iter().all(known))
        })
    }

    /// The definition for a named schema.
    fn kind_of(&mut self, schema: &Value, name: &str, module: &str) -> Result<Kind, String> {
        if Self::is_string_enum(schema) {
            return Ok(Kind::Enum(enum_variants(schema)));
        }
        let union = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_sequence)
            .filter(|choices| !Self::refines_properties(schema, choices));
        if let Some(choices) = union {
            let mut variants: Vec<(String, Ty)> = Vec::new();
            for (index, choice) in choices.iter().enumerate() {
                let ty = self.ty_of(choice, &format!("{name}Variant{index}"), module)?;
                let mut variant = variant_name(&ty);
                while variants.iter().any(|(v, _)| *v == variant) {
                    variant.push('2');
                }
                variants.push((variant, ty));
            }
            return Ok(Kind::Union(variants));
        }
        let is_object = schema.get("properties").is_some()
            || schema
                .get("allOf")
                .and_then(Value::as_sequence)
                .is_some_and(|parts| parts.len() > 1 || ref_name(&parts[0]).is_none());
        if is_object {
            let mut properties = Vec::new();
            let mut required = BTreeSet::new();
            self.object_parts(schema, &mut properties, &mut required)?;
            let mut fields: Vec<Field> = Vec::new();
            for (json, property) in properties {
                let mut rust = identifier(&snake_case(json));
                while fields.iter().any(|f| f.rust == rust) {
                    rust.push_str("_2");
                }
                let ty = self.ty_of(property, &format!("{name}{}", pascal_case(json)), module)?;
                fields.push(Field {
                    rust,
                    json: json.to_owned(),
                    ty,
                    required: required.contains(json),
                    nullable: property
                        .get("nullable")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    go_null: false,
                    doc: description(property),
                });
            }
            return Ok(Kind::Struct(fields));
        }
        Ok(Kind::Alias(self.ty_of(
            schema,
            &format!("{name}Value"),
            module,
        )?))
    }

    /// The type of a schema where it is used; inline objects, enums and unions become named
    /// types called `context`.
    pub fn ty_of(&mut self, schema: &Value, context: &str, module: &str) -> Result<Ty, String> {
        if let Some(name) = ref_name(schema) {
            self.component(name)?;
            return Ok(Ty::Named(component_type(name)));
        }
        if schema.get("$ref").is_some() {
            return Err(format!("unsupported $ref {:?}", schema.get("$ref")));
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_sequence)
            && parts.len() == 1
            && let Some(name) = ref_name(&parts[0])
        {
            return Ok(Ty::Named(component_type(name)));
        }
        let named = Self::is_string_enum(schema)
            || schema.get("oneOf").is_some()
            || schema.get("anyOf").is_some()
            || schema.get("allOf").is_some()
            || schema
                .get("properties")
                .and_then(Value::as_mapping)
                .is_some_and(|p| !p.is_empty());
        if named {
            let name = self.reserve(context);
            let kind = self.kind_of(schema, &name, module)?;
            self.push(TypeDef {
                name: name.clone(),
                doc: description(schema),
                module: module.to_owned(),
                kind,
            });
            return Ok(Ty::Named(name));
        }
        let format = schema
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        Ok(match schema.get("type").and_then(Value::as_str) {
            Some("string") => Ty::Str,
            Some("integer") if format == "int32" => Ty::I32,
            Some("integer") => Ty::I64,
            Some("number") if format == "int64" || format == "int32" => Ty::I64,
            Some("number") => Ty::F64,
            Some("boolean") => Ty::Bool,
            Some("array") => match schema.get("items") {
                Some(items) => Ty::Vec(Box::new(self.ty_of(
                    items,
                    &format!("{context}Item"),
                    module,
                )?)),
                None => Ty::Vec(Box::new(Ty::Value)),
            },
            _ => match schema.get("additionalProperties") {
                Some(additional)
                    if additional.is_mapping()
                        && additional.as_mapping().is_some_and(|m| !m.is_empty()) =>
                {
                    Ty::Map(Box::new(self.ty_of(
                        additional,
                        &format!("{context}Value"),
                        module,
                    )?))
                }
                _ => Ty::Value,
            },
        })
    }

    /// The named types a type refers to, directly or through fields.
    fn children(&self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(def) = self.get(name) {
            match &def.kind {
                Kind::Struct(fields) => fields.iter().for_each(|f| f.ty.named(&mut out)),
                Kind::Union(variants) => variants.iter().for_each(|(_, ty)| ty.named(&mut out)),
                Kind::Alias(ty) => ty.named(&mut out),
                Kind::Enum(_) => {}
            }
        }
        out
    }

    /// Marks everything reachable from `roots` as used in requests or responses.
    pub fn usage(&self, request_roots: &[Ty], response_roots: &[Ty]) -> HashMap<String, Usage> {
        let mut usage: HashMap<String, Usage> = HashMap::new();
        for (roots, is_request) in [(request_roots, true), (response_roots, false)] {
            let mut stack = Vec::new();
            for root in roots {
                root.named(&mut stack);
            }
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let entry = usage.entry(name.clone()).or_default();
                if is_request {
                    entry.request = true;
                } else {
                    entry.response = true;
                }
                stack.extend(self.children(&name));
            }
        }
        usage
    }
}

/// How the server marshals a field: `*string, null when unset (model.Team)`.
fn go_description(go_name: &str, field: &GoField) -> String {
    let mark = if field.omitempty {
        ", omitempty"
    } else if field.null_when_unset {
        ", null when unset"
    } else {
        ""
    };
    format!("`{}`{mark} (model.{go_name})", field.go_type)
}

fn enum_variants(schema: &Value) -> Vec<(String, String)> {
    let mut variants: Vec<(String, String)> = Vec::new();
    for value in schema
        .get("enum")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let Some(json) = value.as_str() else { continue };
        if variants.iter().any(|(_, existing)| existing == json) {
            continue;
        }
        let mut rust = if json.is_empty() {
            "Empty".to_owned()
        } else {
            pascal_case(json)
        };
        if rust.is_empty() {
            rust = "Value".into();
        }
        while variants.iter().any(|(v, _)| *v == rust) || rust == "Unknown" {
            rust.push('2');
        }
        variants.push((rust, json.to_owned()));
    }
    variants
}

fn variant_name(ty: &Ty) -> String {
    match ty {
        Ty::Str => "String".into(),
        Ty::I64 | Ty::I32 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Bool => "Boolean".into(),
        Ty::Value => "Value".into(),
        Ty::Vec(_) => "Array".into(),
        Ty::Map(_) => "Map".into(),
        Ty::Named(name) => name.clone(),
    }
}
