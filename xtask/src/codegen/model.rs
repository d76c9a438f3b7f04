//! From schemas to Rust types: every `components/schemas` entry, and every inline object,
//! enum and union the operations use, gets a named definition.

use std::collections::{BTreeSet, HashMap};

use yaml_serde::{Mapping, Value};

use super::names::{identifier, pascal_case, snake_case};

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
            Self::Map(value) => {
                format!("std::collections::HashMap<String, {}>", value.rust(prefix))
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
    pub fn new(components: &'a Mapping) -> Self {
        let taken = components
            .keys()
            .filter_map(Value::as_str)
            .map(component_type)
            .collect();
        Self {
            defs: Vec::new(),
            index: HashMap::new(),
            taken,
            components,
        }
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
            let kind = self.kind_of(schema, &rust, "models")?;
            self.push(TypeDef {
                name: rust,
                doc: description(schema),
                module: "models".into(),
                kind,
            });
        }
        Ok(())
    }

    /// Documents a type that the spec left undocumented.
    pub fn document(&mut self, ty: &Ty, doc: String) {
        if let Ty::Named(name) = ty
            && let Some(index) = self.index.get(name)
            && self.defs[*index].doc.is_empty()
        {
            self.defs[*index].doc = doc;
        }
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

    /// The definition for a named schema.
    fn kind_of(&mut self, schema: &Value, name: &str, module: &str) -> Result<Kind, String> {
        if Self::is_string_enum(schema) {
            return Ok(Kind::Enum(enum_variants(schema)));
        }
        let union = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_sequence);
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
