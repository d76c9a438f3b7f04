//! The spec of the server release the Go model was extracted from. The Go structs can only
//! judge keys that existed at their release: a key the spec has and the struct lacks is a spec
//! mistake when that release's spec had it too, and a newer field (the struct is simply older)
//! when it did not. Newer fields are kept, so that a client built from a newer spec reads them.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use yaml_serde::Value;

/// Keys of every schema and request body in the Go model's release spec.
pub struct Baseline {
    /// Component schema name → its property keys (through `allOf`).
    schemas: HashMap<String, BTreeSet<String>>,
    /// `"{operationId} body"` → the JSON request body's property keys.
    bodies: HashMap<String, BTreeSet<String>>,
    /// Every operationId.
    pub operations: BTreeSet<String>,
}

impl Baseline {
    /// `--model-spec`, `$MM_MODEL_SPEC`, or `../shared/spec/mattermost-openapi-v4.yaml`.
    pub fn resolve(explicit: Option<PathBuf>, root: &Path) -> PathBuf {
        super::input_path(
            explicit,
            "MM_MODEL_SPEC",
            root,
            "../shared/spec/mattermost-openapi-v4.yaml",
        )
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the spec of the server model's release {} (pass --model-spec FILE or set MM_MODEL_SPEC): {e}",
                path.display()
            )
        })?;
        let (spec, _) = super::spec::parse(&text)?;
        let components = spec
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_mapping);
        let mut schemas = HashMap::new();
        for (name, schema) in components.into_iter().flatten() {
            if let Some(name) = name.as_str() {
                let mut keys = BTreeSet::new();
                collect_keys(&spec, schema, &mut keys, 0);
                schemas.insert(name.to_owned(), keys);
            }
        }
        let mut bodies = HashMap::new();
        let mut operations = BTreeSet::new();
        let paths = spec.get("paths").and_then(Value::as_mapping);
        for (_, item) in paths.into_iter().flatten() {
            for (_, op) in item.as_mapping().into_iter().flatten() {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                operations.insert(id.to_owned());
                let schema = op
                    .get("requestBody")
                    .and_then(|b| b.get("content"))
                    .and_then(|c| c.get("application/json"))
                    .and_then(|j| j.get("schema"));
                let mut keys = BTreeSet::new();
                if let Some(schema) = schema {
                    collect_keys(&spec, schema, &mut keys, 0);
                }
                bodies.insert(format!("{id} body"), keys);
            }
        }
        Ok(Self {
            schemas,
            bodies,
            operations,
        })
    }

    /// Whether the release spec already had `key` in `schema` (a schema name or
    /// `"{operationId} body"`), so that the Go struct of that release can judge it.
    pub fn had(&self, schema: &str, key: &str) -> bool {
        self.schemas
            .get(schema)
            .or_else(|| self.bodies.get(schema))
            .is_some_and(|keys| keys.contains(key))
    }
}

fn collect_keys(spec: &Value, schema: &Value, keys: &mut BTreeSet<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        if let Some(target) = spec
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(name))
        {
            collect_keys(spec, target, keys, depth + 1);
        }
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_mapping) {
        keys.extend(
            properties
                .keys()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        collect_keys(spec, part, keys, depth + 1);
    }
}
