//! `cargo xtask spec-diff OLD NEW`: the API changes between two specs, as a reviewer of a new
//! Mattermost release needs them: operations added, removed and changed (parameters, request
//! bodies, responses), models added, removed and changed (fields), and what that does to mm's
//! public API (methods of the API groups, model types).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use yaml_serde::Value;

use crate::codegen::{Source, names};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// One operation, as far as a diff cares.
struct Op {
    id: String,
    method: String,
    path: String,
    group: String,
    /// `in name: type (required)` lines.
    parameters: BTreeSet<String>,
    body: String,
    responses: BTreeSet<String>,
}

fn text(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or_default()
}

/// A schema in one line: `$ref Post`, `array of $ref Post`, `string`, `object{a, b}`.
fn shape(schema: Option<&Value>) -> String {
    let Some(schema) = schema else {
        return "none".into();
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or_default().to_owned();
    }
    for combinator in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema.get(combinator).and_then(Value::as_sequence) {
            let parts: Vec<String> = parts.iter().map(|p| shape(Some(p))).collect();
            return format!("{combinator}({})", parts.join(", "));
        }
    }
    match text(schema.get("type")) {
        "array" => format!("array of {}", shape(schema.get("items"))),
        "object" | "" => match schema.get("properties").and_then(Value::as_mapping) {
            Some(properties) => {
                let keys: Vec<&str> = properties.keys().filter_map(Value::as_str).collect();
                format!("object{{{}}}", keys.join(", "))
            }
            None => "object".into(),
        },
        other => match text(schema.get("format")) {
            "" => other.to_owned(),
            format => format!("{other} ({format})"),
        },
    }
}

/// `application/json Post; multipart/form-data object{files}` for a `content` map.
fn content_shapes(content: Option<&Value>) -> Option<String> {
    let content = content?.as_mapping()?;
    Some(
        content
            .iter()
            .map(|(kind, c)| {
                format!(
                    "{} {}",
                    kind.as_str().unwrap_or_default(),
                    shape(c.get("schema"))
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// `/users/{user_id}/teams/{team_id}` → `/users/{}/teams/{}`: renamed path parameters are the
/// same operation.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

fn operations(spec: &Value) -> BTreeMap<String, Op> {
    let mut out = BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_mapping) else {
        return out;
    };
    for (path, item) in paths {
        let path = path.as_str().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let mut parameters = BTreeSet::new();
            for param in item
                .get("parameters")
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
                .chain(
                    op.get("parameters")
                        .and_then(Value::as_sequence)
                        .into_iter()
                        .flatten(),
                )
            {
                let location = text(param.get("in"));
                if location == "path" {
                    continue; // part of the path template
                }
                let required = param
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                parameters.insert(format!(
                    "{location} `{}`: {}{}",
                    text(param.get("name")),
                    shape(param.get("schema")),
                    if required { ", required" } else { "" }
                ));
            }
            let body = content_shapes(op.get("requestBody").and_then(|b| b.get("content")))
                .unwrap_or_else(|| "none".into());
            let mut responses = BTreeSet::new();
            for (code, response) in op
                .get("responses")
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
            {
                let code = match code {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                if !code.starts_with('2') {
                    continue;
                }
                let content =
                    content_shapes(response.get("content")).unwrap_or_else(|| "no content".into());
                responses.insert(format!("{code}: {content}"));
            }
            let id = text(op.get("operationId")).to_owned();
            let group = op
                .get("tags")
                .and_then(Value::as_sequence)
                .and_then(|tags| tags.first())
                .and_then(Value::as_str)
                .map(names::group_name)
                .unwrap_or_else(|| "misc".into());
            out.insert(
                format!("{} {}", method.to_uppercase(), template(path)),
                Op {
                    id,
                    method: method.to_uppercase(),
                    path: path.to_owned(),
                    group,
                    parameters,
                    body,
                    responses,
                },
            );
        }
    }
    out
}

/// `name: shape` per property of each component schema (following `allOf`).
fn models(spec: &Value) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let Some(schemas) = spec
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
    else {
        return out;
    };
    for (name, schema) in schemas {
        let mut fields = BTreeMap::new();
        let mut parts = vec![schema];
        if let Some(all) = schema.get("allOf").and_then(Value::as_sequence) {
            parts.extend(all.iter());
        }
        for part in parts {
            for (key, property) in part
                .get("properties")
                .and_then(Value::as_mapping)
                .into_iter()
                .flatten()
            {
                fields.insert(
                    key.as_str().unwrap_or_default().to_owned(),
                    shape(Some(property)),
                );
            }
            if let Some(reference) = part.get("$ref").and_then(Value::as_str) {
                fields.insert(
                    "(all of)".into(),
                    reference.rsplit('/').next().unwrap_or_default().to_owned(),
                );
            }
        }
        if fields.is_empty() {
            fields.insert("(schema)".into(), shape(Some(schema)));
        }
        out.insert(name.as_str().unwrap_or_default().to_owned(), fields);
    }
    out
}

fn method_name(op: &Op) -> String {
    format!(
        "`{}().{}`",
        names::identifier(&op.group),
        names::identifier(&names::snake_case(&op.id))
    )
}

fn load(path: &Path) -> Result<Value, String> {
    let text = Source::File(path.to_path_buf()).text()?;
    crate::codegen::parse_spec(&text).map(|(spec, _)| spec)
}

/// The diff as Markdown.
pub fn run(old: &Path, new: &Path) -> Result<String, String> {
    let (old_spec, new_spec) = (load(old)?, load(new)?);
    let (old_ops, new_ops) = (operations(&old_spec), operations(&new_spec));
    let (old_models, new_models) = (models(&old_spec), models(&new_spec));
    let file = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let added: Vec<&Op> = new_ops
        .iter()
        .filter(|(k, _)| !old_ops.contains_key(*k))
        .map(|(_, op)| op)
        .collect();
    let removed: Vec<&Op> = old_ops
        .iter()
        .filter(|(k, _)| !new_ops.contains_key(*k))
        .map(|(_, op)| op)
        .collect();
    let _ = writeln!(
        out,
        "API changes from `{}` ({} operations, {} schemas) to `{}` ({} operations, {} schemas): {} operations added, {} removed.\n",
        file(old),
        old_ops.len(),
        old_models.len(),
        file(new),
        new_ops.len(),
        new_models.len(),
        added.len(),
        removed.len()
    );
    let _ = writeln!(out, "#### Operations added ({})\n", added.len());
    for op in &added {
        let _ = writeln!(
            out,
            "- `{} {}` ({}): new method {}",
            op.method,
            op.path,
            op.id,
            method_name(op)
        );
    }
    let _ = writeln!(out, "\n#### Operations removed ({})\n", removed.len());
    for op in &removed {
        let _ = writeln!(
            out,
            "- `{} {}` ({}): method {} goes away",
            op.method,
            op.path,
            op.id,
            method_name(op)
        );
    }
    let mut changed = String::new();
    let mut changed_count = 0;
    for (key, new_op) in &new_ops {
        let Some(old_op) = old_ops.get(key) else {
            continue;
        };
        let mut lines = Vec::new();
        if old_op.id != new_op.id || old_op.group != new_op.group {
            lines.push(format!(
                "renamed: {} → {}",
                method_name(old_op),
                method_name(new_op)
            ));
        }
        if old_op.path != new_op.path {
            lines.push(format!("path `{}` → `{}`", old_op.path, new_op.path));
        }
        for gone in old_op.parameters.difference(&new_op.parameters) {
            lines.push(format!("parameter removed or changed: {gone}"));
        }
        for new in new_op.parameters.difference(&old_op.parameters) {
            lines.push(format!("parameter added or changed: {new}"));
        }
        if old_op.body != new_op.body {
            lines.push(format!("request body: {} → {}", old_op.body, new_op.body));
        }
        if old_op.responses != new_op.responses {
            let old: Vec<_> = old_op.responses.iter().cloned().collect();
            let new: Vec<_> = new_op.responses.iter().cloned().collect();
            lines.push(format!(
                "success response: {} → {}",
                old.join("; "),
                new.join("; ")
            ));
        }
        if !lines.is_empty() {
            changed_count += 1;
            let _ = writeln!(
                changed,
                "- `{} {}` ({}):",
                new_op.method, new_op.path, new_op.id
            );
            for line in lines {
                let _ = writeln!(changed, "  - {line}");
            }
        }
    }
    let _ = writeln!(
        out,
        "\n#### Operations changed ({changed_count})\n\n{changed}"
    );
    let models_added: Vec<&String> = new_models
        .keys()
        .filter(|k| !old_models.contains_key(*k))
        .collect();
    let models_removed: Vec<&String> = old_models
        .keys()
        .filter(|k| !new_models.contains_key(*k))
        .collect();
    let _ = writeln!(out, "#### Models added ({})\n", models_added.len());
    for name in &models_added {
        let _ = writeln!(
            out,
            "- `{name}`: new type `mm_types::{}`",
            crate::codegen::component_type(name)
        );
    }
    let _ = writeln!(out, "\n#### Models removed ({})\n", models_removed.len());
    for name in &models_removed {
        let _ = writeln!(
            out,
            "- `{name}`: type `mm_types::{}` goes away",
            crate::codegen::component_type(name)
        );
    }
    let mut model_changes = String::new();
    let mut model_changed = 0;
    for (name, new_fields) in &new_models {
        let Some(old_fields) = old_models.get(name) else {
            continue;
        };
        let mut lines = Vec::new();
        for (field, shape) in new_fields {
            match old_fields.get(field) {
                None => lines.push(format!("field added: `{field}` ({shape})")),
                Some(old) if old != shape => {
                    lines.push(format!("field changed: `{field}` {old} → {shape}"))
                }
                Some(_) => {}
            }
        }
        for (field, shape) in old_fields {
            if !new_fields.contains_key(field) {
                lines.push(format!("field removed: `{field}` ({shape})"));
            }
        }
        if !lines.is_empty() {
            model_changed += 1;
            let _ = writeln!(
                model_changes,
                "- `{name}` (`mm_types::{}`): {}",
                crate::codegen::component_type(name),
                lines.join("; ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n#### Models changed ({model_changed})\n\n{model_changes}"
    );
    let _ = writeln!(
        out,
        "Effect on mm's public API: each added operation is a new method (and builder type), each removed one a removed method, each changed parameter, body or response a changed signature or output type; each model change a changed type. The generated code also goes through the server-model merge and the override table, which may hide or fix some of these (see `docs/server-drift.md` after regenerating)."
    );
    Ok(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_newest_spec_adds_64_operations_and_removes_6() {
        let shared = crate::manifest_dir().join("../../shared/spec");
        let (old, new) = (
            shared.join("mattermost-openapi-v4.yaml"),
            shared.join("mattermost-openapi-v4-newest.yaml"),
        );
        if !old.exists() || !new.exists() {
            eprintln!("skipped: ../shared/spec is not beside the project");
            return;
        }
        let report = super::run(&old, &new).unwrap();
        assert!(
            report.contains("(528 operations, 182 schemas)")
                && report.contains("(586 operations, 224 schemas): 64 operations added, 6 removed"),
            "{}",
            report.lines().next().unwrap_or_default()
        );
        assert!(report.contains(
            "`GET /api/v4/ai/agents` (GetAIAgents): method `ai().get_ai_agents` goes away"
        ));
        assert!(report.contains(
            "path `/api/v4/system/notices/{teamId}` → `/api/v4/system/notices/{team_id}`"
        ));
    }
}
