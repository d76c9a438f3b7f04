//! From paths to operations: names, groups, parameters, bodies and outputs.

use std::collections::{BTreeMap, BTreeSet};

use yaml_serde::Value;

use super::model::{Ty, Types, description};
use super::names::{group_name, identifier, pascal_case, snake_case};
use super::overrides::NAME_OVERRIDES;

#[derive(Debug, Clone)]
pub struct Param {
    pub json: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    pub doc: String,
    /// The first allowed value, for string parameters with an enum.
    pub first_enum_value: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Body {
    Json {
        ty: Ty,
        required: bool,
    },
    /// A multipart form: its fields, required ones first as positional arguments.
    Multipart(Vec<FormField>),
    FormUrlEncoded,
    Binary,
}

/// One field of a multipart form.
#[derive(Debug, Clone)]
pub struct FormField {
    /// The field name on the wire (`channel_id`, `importFrom`).
    pub json: String,
    pub rust: String,
    pub kind: FieldKind,
    pub required: bool,
    /// One part per value (`files`, `client_ids`): `type: array`, or `x-mm-repeated` from an
    /// override.
    pub repeated: bool,
    pub doc: String,
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    /// A file part (`format: binary`).
    File,
    /// A text part holding a scalar (`Str`, `I64`, `F64`, `Bool`).
    Text(Ty),
    /// A text part holding a JSON document (an object schema: `emoji` of CreateEmoji).
    Json(Ty),
}

#[derive(Debug, Clone)]
pub enum Output {
    Json(Ty),
    Binary,
    Empty,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: String,
    /// The method name (snake_case of the operationId, or an override).
    pub name: String,
    /// The builder type's name.
    pub builder: String,
    pub method: String,
    pub path: String,
    /// Normalized groups, the primary (first tag) first.
    pub groups: Vec<String>,
    pub summary: String,
    pub description: String,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    pub query: Vec<Param>,
    pub body: Option<Body>,
    /// The request body's schema, for the contract test's samples.
    pub body_schema: Option<Value>,
    pub output: Output,
    /// Query flags that change the answer's shape: (flag, method, answer type).
    pub shape_flags: Vec<(String, String, Ty)>,
    /// "Minimum server version: X" of the description (`9.5`).
    pub min_server_version: Option<String>,
    /// The plugin whose spec defines the operation (`playbooks`); `None` for the core API.
    /// Its models live in their own module and its groups behind the plugin's cargo feature.
    pub plugin: Option<&'static str>,
    /// The Python driver's names for it where they differ (`#[doc(alias)]`).
    pub aliases: Vec<String>,
}

impl Operation {
    pub fn group(&self) -> &str {
        &self.groups[0]
    }

    /// The path of the operation's models from mm-api's generated code.
    pub fn types(&self) -> &'static str {
        match self.plugin {
            Some("playbooks") => "types::playbooks::",
            _ => "types::",
        }
    }

    /// The cargo feature that enables `group` (a plugin's groups share the plugin's feature).
    pub fn feature<'a>(&self, group: &'a str) -> &'a str {
        self.plugin.unwrap_or(group)
    }

    /// The item type when the operation pages through an array with `page` and `per_page`.
    pub fn page_item(&self) -> Option<&Ty> {
        let has = |name: &str| self.query.iter().any(|p| p.json == name);
        match &self.output {
            Output::Json(Ty::Vec(item)) if has("page") && has("per_page") => Some(item),
            _ => None,
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

fn is_json(content_type: &str) -> bool {
    content_type == "application/json" || content_type.ends_with("+json")
}

/// The operations of a spec: the core API (`plugin` `None`, where the override tables must all
/// apply) or a plugin's.
pub fn collect(
    spec: &Value,
    types: &mut Types<'_>,
    plugin: Option<&'static str>,
) -> Result<Vec<Operation>, String> {
    let paths = spec
        .get("paths")
        .and_then(Value::as_mapping)
        .ok_or("the spec has no paths")?;
    let mut operations = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().ok_or("a path is not a string")?;
        let shared_params = item
            .get("parameters")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let mut operation = operation(path, method, op, &shared_params, types)?;
            operation.plugin = plugin;
            operations.push(operation);
        }
    }
    check_names(&operations)?;
    if plugin.is_some() {
        return Ok(operations);
    }
    for (id, name, ..) in super::overrides::QUERY_PARAMS {
        if !operations.iter().any(|op| op.id == *id) {
            return Err(format!("QUERY_PARAMS: no operation {id} (for {name})"));
        }
    }
    for (id, go_name, _) in super::server_model::BODY_STRUCTS {
        if !operations
            .iter()
            .any(|op| op.id == *id && matches!(op.body, Some(Body::Json { .. })))
        {
            return Err(format!(
                "body struct {go_name} for {id} no longer applies: no such operation with a JSON body"
            ));
        }
    }
    Ok(operations)
}

fn operation(
    path: &str,
    method: &str,
    op: &Value,
    shared: &[Value],
    types: &mut Types<'_>,
) -> Result<Operation, String> {
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{method} {path} has no operationId"))?
        .to_owned();
    let name = NAME_OVERRIDES
        .iter()
        .find(|o| o.method == method && o.path == path)
        .map(|o| o.name.to_owned())
        .unwrap_or_else(|| identifier(&snake_case(&id)));
    let builder = pascal_case(&name);
    let mut groups: Vec<String> = Vec::new();
    for tag in op
        .get("tags")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let group = group_name(tag.as_str().unwrap_or_default());
        if !group.is_empty() && !groups.contains(&group) {
            groups.push(group);
        }
    }
    if groups.is_empty() {
        groups.push("misc".into());
    }
    let module = groups[0].clone();
    let mut path_params = Vec::new();
    let mut query = Vec::new();
    let own = op
        .get("parameters")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    for param in shared.iter().chain(own.iter()) {
        let json = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
        let schema = param.get("schema").cloned().unwrap_or(Value::Null);
        let ty = match schema.get("type").and_then(Value::as_str) {
            Some("integer") => Ty::I64,
            Some("number") => Ty::F64,
            Some("boolean") => Ty::Bool,
            _ => Ty::Str,
        };
        let built = Param {
            rust: identifier(&snake_case(&json)),
            json,
            ty,
            required: param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)
                || location == "path",
            doc: description(param),
            first_enum_value: schema
                .get("enum")
                .and_then(Value::as_sequence)
                .and_then(|values| values.first())
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        match location {
            "path" => {
                path_params.retain(|p: &Param| p.json != built.json);
                path_params.push(built);
            }
            "query" => {
                query.retain(|p: &Param| p.json != built.json);
                query.push(built);
            }
            _ => {}
        }
    }
    for (_, name, ty, evidence) in super::overrides::QUERY_PARAMS
        .iter()
        .filter(|(op_id, ..)| *op_id == id)
    {
        if query.iter().any(|q| q.json == *name) {
            return Err(format!(
                "query parameter {name} of {id} is declared now; drop it from QUERY_PARAMS ({evidence})"
            ));
        }
        query.push(Param {
            json: (*name).to_owned(),
            rust: identifier(&snake_case(name)),
            ty: match *ty {
                "boolean" => Ty::Bool,
                "integer" => Ty::I64,
                _ => Ty::Str,
            },
            required: false,
            doc: format!("The `{name}` query parameter (not in the spec; {evidence})."),
            first_enum_value: None,
        });
    }
    // Path parameters in the order they appear in the path.
    path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.json)).unwrap_or(usize::MAX));
    for placeholder in path.split('{').skip(1).filter_map(|s| s.split('}').next()) {
        if !path_params.iter().any(|p| p.json == placeholder) {
            return Err(format!(
                "{method} {path}: path parameter {{{placeholder}}} is not declared"
            ));
        }
    }
    let mut body_schema = None;
    let body = match op.get("requestBody") {
        None => None,
        Some(request_body) => {
            let required = request_body
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let content = request_body
                .get("content")
                .and_then(Value::as_mapping)
                .ok_or_else(|| format!("{id}: requestBody without content"))?;
            let types_listed: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
            body_schema = types_listed
                .first()
                .and_then(|t| content.get(*t))
                .and_then(|c| c.get("schema"))
                .cloned();
            if let Some(json_type) = types_listed.iter().find(|t| is_json(t)) {
                let schema = content.get(*json_type).and_then(|c| c.get("schema"));
                let ty = match schema {
                    Some(schema) => types.ty_of(schema, &format!("{builder}Request"), &module)?,
                    None => Ty::Value,
                };
                if let Some(go_name) = super::server_model::body_struct(&id) {
                    types.apply_body_struct(&ty, go_name, &format!("{id} body"))?;
                }
                types.document(
                    &ty,
                    format!("The request body of `{name}` (operation `{id}`)."),
                );
                Some(Body::Json { ty, required })
            } else if let Some(form) = content.get("multipart/form-data") {
                let fields = form_fields(&id, &builder, &module, form.get("schema"), types)?;
                // A query parameter repeating a form field (`channel_id` of UploadFile) is the
                // other way to send the same value; the typed form already carries it.
                query.retain(|q| !fields.iter().any(|f| f.json == q.json));
                Some(Body::Multipart(fields))
            } else if types_listed.contains(&"application/x-www-form-urlencoded") {
                Some(Body::FormUrlEncoded)
            } else {
                Some(Body::Binary)
            }
        }
    };
    let output = output(&id, &builder, &module, op, types)?;
    let mut shape_flags = Vec::new();
    for flag in super::overrides::SHAPE_FLAGS
        .iter()
        .filter(|f| f.operation == id)
    {
        if !query.iter().any(|q| q.json == flag.flag) {
            return Err(format!("{id} has no {} parameter", flag.flag));
        }
        let schema: Value = yaml_serde::from_str(flag.schema).map_err(|e| e.to_string())?;
        let ty = types.ty_of(
            &schema,
            &format!("{builder}{}", pascal_case(flag.method)),
            &module,
        )?;
        shape_flags.push((flag.flag.to_owned(), flag.method.to_owned(), ty));
    }
    Ok(Operation {
        id,
        name,
        builder,
        method: method.to_uppercase(),
        path: path.to_owned(),
        groups,
        summary: op
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned(),
        description: description(op),
        deprecated: op
            .get("deprecated")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        path_params,
        query,
        body,
        min_server_version: min_server_version(&description(op)),
        body_schema,
        output,
        shape_flags,
        plugin: None,
        aliases: Vec::new(),
    })
}

/// The release in "Minimum server version: 9.5" (any markup around it), if the text says one.
pub fn min_server_version(text: &str) -> Option<String> {
    let at = text.find("inimum server version")?;
    let rest = &text[at..];
    let start = rest.find(|c: char| c.is_ascii_digit())?;
    // Only a number that follows closely ("Minimum server version__: 9.5"), not a later one.
    if start > "inimum server version__: ".len() + 2 {
        return None;
    }
    let version: String = rest[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.');
    (!version.is_empty()).then(|| version.to_owned())
}

fn output(
    id: &str,
    builder: &str,
    module: &str,
    op: &Value,
    types: &mut Types<'_>,
) -> Result<Output, String> {
    let responses = op
        .get("responses")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{id} has no responses"))?;
    let mut success: BTreeMap<String, &Value> = BTreeMap::new();
    for (code, response) in responses {
        let code = match code {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if code.starts_with('2') {
            success.insert(code, response);
        }
    }
    let Some((_, response)) = success.into_iter().next() else {
        return Ok(Output::Empty);
    };
    let Some(content) = response.get("content").and_then(Value::as_mapping) else {
        return Ok(Output::Empty);
    };
    let listed: Vec<&str> = content.keys().filter_map(Value::as_str).collect();
    match listed.iter().find(|t| is_json(t)) {
        Some(json_type) => {
            let schema = content.get(*json_type).and_then(|c| c.get("schema"));
            match schema {
                Some(schema) if schema.get("format").and_then(Value::as_str) == Some("binary") => {
                    Ok(Output::Binary)
                }
                Some(schema) => {
                    let ty = types.ty_of(schema, &format!("{builder}Response"), module)?;
                    types.document(&ty, format!("The response of operation `{id}`."));
                    Ok(Output::Json(ty))
                }
                None => Ok(Output::Json(Ty::Value)),
            }
        }
        None if listed.is_empty() => Ok(Output::Empty),
        None => Ok(Output::Binary),
    }
}

/// Every method name must be unique within each of its groups (the override table settles the
/// known duplicate); anything else is an error.
fn check_names(operations: &[Operation]) -> Result<(), String> {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut builders: BTreeSet<String> = BTreeSet::new();
    for op in operations {
        for group in &op.groups {
            if !seen.insert((group.clone(), op.name.clone())) {
                return Err(format!(
                    "two operations are named `{}` in group `{group}` ({} {}); add a name override",
                    op.name, op.method, op.path
                ));
            }
        }
        if !builders.insert(op.builder.clone()) {
            return Err(format!(
                "two operations have the builder name `{}`",
                op.builder
            ));
        }
    }
    Ok(())
}

/// Gives every model the spec leaves undescribed a doc that says where it is met: the methods
/// that answer it and the ones that take it.
pub fn document_models(types: &mut Types<'_>, operations: &[Operation]) {
    fn named(ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Named(name) => Some(name),
            Ty::Vec(inner) | Ty::Map(inner) => named(inner),
            _ => None,
        }
    }
    let mut answered: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut taken: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for op in operations {
        if let Output::Json(ty) = &op.output
            && let Some(name) = named(ty)
        {
            answered.entry(name.to_owned()).or_default().push(&op.name);
        }
        if let Some(Body::Json { ty, .. }) = &op.body
            && let Some(name) = named(ty)
        {
            taken.entry(name.to_owned()).or_default().push(&op.name);
        }
    }
    let list = |names: &[&str]| {
        let shown: Vec<String> = names.iter().take(4).map(|n| format!("`{n}`")).collect();
        match names.len() {
            0..=4 => shown.join(", "),
            n => format!("{} and {} more", shown.join(", "), n - 4),
        }
    };
    let names: Vec<String> = types
        .defs
        .iter()
        .filter(|d| d.module == "models" && d.doc.is_empty())
        .map(|d| d.name.clone())
        .collect();
    for name in names {
        let mut parts = Vec::new();
        if let Some(ops) = answered.get(&name) {
            parts.push(format!("Answered by {}", list(ops)));
        }
        if let Some(ops) = taken.get(&name) {
            parts.push(format!("taken by {}", list(ops)));
        }
        let doc = if parts.is_empty() {
            format!("A Mattermost `{name}`, part of other models.")
        } else {
            format!("A Mattermost `{name}`. {}.", parts.join("; "))
        };
        if let Some(def) = types.get_mut(&name) {
            def.doc = doc;
        }
    }
}

/// The fields of a multipart form schema: required ones first (text before files, so that
/// the server reads `channel_id` before the first file, as `api4/file.go` needs), then
/// optional ones, each group in the spec's order.
fn form_fields(
    id: &str,
    builder: &str,
    module: &str,
    schema: Option<&Value>,
    types: &mut Types,
) -> Result<Vec<FormField>, String> {
    let Some(schema) = schema else {
        return Err(format!("{id}: multipart body without a schema"));
    };
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_sequence)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let properties = schema
        .get("properties")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{id}: multipart schema without properties"))?;
    let mut fields = Vec::new();
    for (key, property) in properties {
        let json = key
            .as_str()
            .ok_or_else(|| format!("{id}: a form field name is not a string"))?
            .to_owned();
        let repeated = property.get("type").and_then(Value::as_str) == Some("array")
            || property.get("x-mm-repeated").and_then(Value::as_bool) == Some(true);
        let item = if property.get("type").and_then(Value::as_str) == Some("array") {
            property
                .get("items")
                .ok_or_else(|| format!("{id}: form field {json} is an array without items"))?
        } else {
            property
        };
        let kind = if item.get("format").and_then(Value::as_str) == Some("binary") {
            FieldKind::File
        } else if let Some(content) = item.get("x-mm-json") {
            // A text field whose text is a JSON document (an override says of which schema).
            FieldKind::Json(types.ty_of(
                content,
                &format!("{builder}{}", pascal_case(&json)),
                module,
            )?)
        } else {
            match item.get("type").and_then(Value::as_str) {
                Some("integer") => FieldKind::Text(Ty::I64),
                Some("number") => FieldKind::Text(Ty::F64),
                Some("boolean") => FieldKind::Text(Ty::Bool),
                Some("string") => FieldKind::Text(Ty::Str),
                _ => FieldKind::Json(types.ty_of(
                    item,
                    &format!("{builder}{}", pascal_case(&json)),
                    module,
                )?),
            }
        };
        fields.push(FormField {
            rust: identifier(&snake_case(&json)),
            required: required.contains(json.as_str()),
            json,
            kind,
            repeated,
            doc: description(property),
        });
    }
    fields.sort_by_key(|f| (!f.required, matches!(f.kind, FieldKind::File)));
    Ok(fields)
}
