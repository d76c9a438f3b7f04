//! `cargo xtask codegen`: the Mattermost v4 OpenAPI spec → `mm-types` models and `mm-api`
//! operations, formatted with rustfmt, deterministic (same spec → same bytes).

mod baseline;
mod contract;
mod differential;
mod drift;
mod model;
pub mod names;
mod operations;
mod overrides;
mod python_names;
mod render;
mod served_spec;
mod server_model;
mod spec;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use yaml_serde::{Mapping, Value};

pub use baseline::Baseline;
pub use model::component_type;
pub use server_model::GoModel;
pub use spec::Source;
pub use spec::parse as parse_spec;

/// The committed report of spec/server disagreements.
const DRIFT_REPORT: &str = "docs/server-drift.md";

const FEATURES_BEGIN: &str = "# BEGIN generated group features (cargo xtask codegen)";
const FEATURES_END: &str = "# END generated group features";

/// What codegen produced, for the summary.
pub struct Summary {
    /// Core operations.
    pub operations: usize,
    /// Playbooks operations and component schemas.
    pub playbooks_operations: usize,
    pub playbooks_schemas: usize,
    pub groups: usize,
    pub schemas: usize,
    pub types: usize,
    /// Disagreements between spec and server resolved (the report's rows).
    pub drift: usize,
    /// Each override applied, with the bug it fixes.
    pub overrides: Vec<String>,
    pub files: usize,
}

/// Every output file: path relative to the workspace root → content.
pub struct Output {
    pub files: BTreeMap<PathBuf, String>,
    /// The spec after the overrides, for the contract test's mock server.
    pub spec: Value,
    pub summary: Summary,
}

/// The inputs besides the core spec.
pub struct Inputs {
    /// The server's Go model structs as data.
    pub model: PathBuf,
    /// The core spec of the release the model was taken from.
    pub model_spec: PathBuf,
    /// The Playbooks plugin spec.
    pub playbooks: PathBuf,
}

impl Inputs {
    /// The explicit paths, else their environment variables, else `../shared/...`.
    pub fn resolve(
        model: Option<PathBuf>,
        model_spec: Option<PathBuf>,
        playbooks: Option<PathBuf>,
        root: &Path,
    ) -> Self {
        Self {
            model: GoModel::resolve(model, root),
            model_spec: Baseline::resolve(model_spec, root),
            playbooks: input_path(
                playbooks,
                "MM_PLAYBOOKS_SPEC",
                root,
                "../shared/spec/playbooks-openapi.yaml",
            ),
        }
    }
}

/// An input file: the explicit path, else `$env_var`, else `default` under the workspace root.
pub fn input_path(explicit: Option<PathBuf>, env_var: &str, root: &Path, default: &str) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os(env_var).map(PathBuf::from))
        .unwrap_or_else(|| root.join(default))
}

/// The plugin whose spec is generated beside the core one.
const PLAYBOOKS: &str = "playbooks";

/// Generates from `source` and the other inputs at their default places.
pub fn generate(source: &Source, root: &Path) -> Result<Output, String> {
    generate_with(source, &Inputs::resolve(None, None, None, root), root)
}

/// The types a spec's operations send and answer.
fn usage_of(
    types: &model::Types<'_>,
    operations: &[operations::Operation],
) -> HashMap<String, model::Usage> {
    let request_roots: Vec<model::Ty> = operations
        .iter()
        .filter_map(|op| match &op.body {
            Some(operations::Body::Json { ty, .. }) => Some(ty.clone()),
            _ => None,
        })
        .collect();
    let response_roots: Vec<model::Ty> = operations
        .iter()
        .filter_map(|op| match &op.output {
            operations::Output::Json(ty) => Some(ty.clone()),
            _ => None,
        })
        .collect();
    types.usage(&request_roots, &response_roots)
}

fn schemas_of(spec: &Value) -> Mapping {
    spec.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default()
}

/// Generates from `source` (the core spec) and `inputs`.
pub fn generate_with(source: &Source, inputs: &Inputs, root: &Path) -> Result<Output, String> {
    let mut go = GoModel::load(&inputs.model)?;
    go.baseline = Some(Baseline::load(&inputs.model_spec)?);
    let text = source.text()?;
    let (mut spec, repeats) = spec::parse(&text)?;
    overrides::apply(&mut spec)?;
    let components = spec
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .cloned()
        .ok_or("the spec has no components/schemas")?;
    let mut types = model::Types::new(&components, &go);
    types.define_components()?;
    let mut operations = operations::collect(&spec, &mut types, None)?;
    operations::document_models(&mut types, &operations);
    let usage = usage_of(&types, &operations);
    // Prism and the contract samples see the server's shapes, not the spec's mistakes.
    let merged_bodies: Vec<&str> = server_model::BODY_STRUCTS
        .iter()
        .map(|(id, ..)| *id)
        .collect();
    served_spec::write(&mut spec, &types, &mut operations, &merged_bodies);

    // The Playbooks plugin: its own models (never merged with the core ones of the same name)
    // and its own operations, behind the `playbooks` feature.
    let playbooks_text = std::fs::read_to_string(&inputs.playbooks).map_err(|e| {
        format!(
            "cannot read the Playbooks spec {} (pass --playbooks-spec FILE or set MM_PLAYBOOKS_SPEC): {e}",
            inputs.playbooks.display()
        )
    })?;
    let (mut playbooks_spec, playbooks_repeats) = spec::parse(&playbooks_text)?;
    overrides::apply_playbooks(&mut playbooks_spec)?;
    let playbooks_components = schemas_of(&playbooks_spec);
    let no_go = GoModel::empty();
    let mut playbooks_types = model::Types::new(&playbooks_components, &no_go);
    playbooks_types.define_components()?;
    let mut playbooks_operations =
        operations::collect(&playbooks_spec, &mut playbooks_types, Some(PLAYBOOKS))?;
    operations::document_models(&mut playbooks_types, &playbooks_operations);
    let playbooks_usage = usage_of(&playbooks_types, &playbooks_operations);
    // One spec for Prism: the plugin's schemas renamed apart from the core ones.
    served_spec::merge_plugin(
        &mut spec,
        &playbooks_spec,
        &mut playbooks_operations,
        "Playbooks_",
    )?;
    for op in &playbooks_operations {
        if let Some(core) = operations
            .iter()
            .find(|c| c.groups.iter().any(|g| op.groups.contains(g)))
        {
            return Err(format!(
                "Playbooks operation {} shares a group with core operation {}: rename one in NAME_OVERRIDES or the tags",
                op.id, core.id
            ));
        }
    }
    let served_components = schemas_of(&spec);

    let mut files = BTreeMap::new();
    let core_types = render::types_files(&types, &usage, None, &[PLAYBOOKS]);
    let plugin_types =
        render::types_files(&playbooks_types, &playbooks_usage, Some(PLAYBOOKS), &[]);
    for (name, source) in core_types.into_iter().chain(plugin_types) {
        files.insert(
            PathBuf::from("crates/mm-types/src/generated").join(name),
            rustfmt(&source, root)?,
        );
    }
    let core_operations = operations.len();
    operations.extend(playbooks_operations);
    let python = python_names::load(root)?;
    let aliases = python_names::aliases(&python, &operations);
    for op in &mut operations {
        if let Some(names) = aliases.get(&python_names::route(&op.method, &op.path)) {
            op.aliases = names.iter().cloned().collect();
        }
    }
    for (method, path, alias, _) in overrides::DOC_ALIASES {
        let op = operations
            .iter_mut()
            .find(|op| op.method.eq_ignore_ascii_case(method) && op.path == *path)
            .ok_or_else(|| format!("DOC_ALIASES: no operation {method} {path} (for {alias})"))?;
        if !op.aliases.iter().any(|a| a == alias) {
            op.aliases.push((*alias).to_owned());
        }
    }
    let (api, features) = render::api_files(&operations);
    for (name, source) in api {
        files.insert(
            PathBuf::from("crates/mm-api/src/generated").join(name),
            rustfmt(&source, root)?,
        );
    }
    let removed_upstream: std::collections::BTreeSet<String> = go
        .baseline
        .as_ref()
        .map(|b| {
            b.operations
                .iter()
                .filter(|id| !operations.iter().any(|op| op.id == **id))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    files.insert(
        PathBuf::from(python_names::REPORT),
        python_names::report(&python, &operations, &removed_upstream),
    );
    let file_name = |path: &Path| {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    files.insert(
        PathBuf::from(DRIFT_REPORT),
        drift::render(&types.drift, &file_name(&go.source)),
    );
    files.insert(
        PathBuf::from("tests/tests/differential.rs"),
        rustfmt(&differential::render(&operations), root)?,
    );
    files.insert(
        PathBuf::from("tests/tests/contract.rs"),
        rustfmt(&contract::render(&operations, &served_components), root)?,
    );
    let cargo_path = PathBuf::from("crates/mm-api/Cargo.toml");
    let cargo = std::fs::read_to_string(root.join(&cargo_path))
        .map_err(|e| format!("cannot read mm-api/Cargo.toml: {e}"))?;
    files.insert(cargo_path, replace_block(&cargo, &features)?);

    let groups: std::collections::BTreeSet<&str> = operations
        .iter()
        .flat_map(|op| op.groups.iter().map(String::as_str))
        .collect();
    Ok(Output {
        summary: Summary {
            operations: core_operations,
            playbooks_operations: operations.len() - core_operations,
            playbooks_schemas: playbooks_components.len(),
            groups: groups.len(),
            schemas: components.len(),
            types: types.defs.len(),
            drift: types.drift.len(),
            overrides: overrides::OVERRIDES
                .iter()
                .map(|o| format!("{}: {}", o.pointer, o.bug))
                .chain(
                    overrides::PLAYBOOKS_OVERRIDES
                        .iter()
                        .map(|o| format!("playbooks {}: {}", o.pointer, o.bug)),
                )
                .chain(
                    overrides::NAME_OVERRIDES
                        .iter()
                        .map(|o| format!("{} {} named {}: {}", o.method, o.path, o.name, o.bug)),
                )
                .chain(
                    server_model::SCHEMA_STRUCTS
                        .iter()
                        .map(|(schema, go, evidence)| {
                            format!("schema {schema} is model.{go}: {evidence}")
                        }),
                )
                .chain(
                    server_model::BODY_STRUCTS
                        .iter()
                        .map(|(id, go, evidence)| format!("{id} body is model.{go}: {evidence}")),
                )
                .chain(
                    overrides::DOC_ALIASES
                        .iter()
                        .map(|(m, p, alias, why)| format!("{m} {p} doc alias {alias}: {why}")),
                )
                .chain(overrides::SHAPE_FLAGS.iter().map(|f| {
                    format!(
                        "{} {}() sets {} and answers {}: {}",
                        f.operation,
                        f.method,
                        f.flag,
                        f.schema.replace('\n', " "),
                        f.evidence
                    )
                }))
                .chain(
                    overrides::QUERY_PARAMS
                        .iter()
                        .map(|(id, name, ty, evidence)| {
                            format!("{id} query parameter {name} ({ty}): {evidence}")
                        }),
                )
                .chain(repeats)
                .chain(
                    playbooks_repeats
                        .into_iter()
                        .map(|r| format!("playbooks: {r}")),
                )
                .collect(),
            files: files.len(),
        },
        files,
        spec,
    })
}

fn replace_block(cargo: &str, features: &str) -> Result<String, String> {
    let start = cargo
        .find(FEATURES_BEGIN)
        .ok_or("mm-api/Cargo.toml has no generated features block")?;
    let end = cargo
        .find(FEATURES_END)
        .ok_or("mm-api/Cargo.toml has no end of the generated features block")?;
    Ok(format!(
        "{}{FEATURES_BEGIN}\n{features}{}",
        &cargo[..start],
        &cargo[end..]
    ))
}

/// Formats Rust source with rustfmt (edition 2024), through stdin.
fn rustfmt(source: &str, root: &Path) -> Result<String, String> {
    // From the workspace root, so that its rustfmt.toml applies as it does to `cargo fmt`.
    let mut child = Command::new("rustfmt")
        .current_dir(root)
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot run rustfmt (is it installed? `rustup component add rustfmt`): {e}")
        })?;
    child
        .stdin
        .take()
        .ok_or("rustfmt has no stdin")?
        .write_all(source.as_bytes())
        .map_err(|e| format!("cannot write to rustfmt: {e}"))?;
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt failed: {e}"))?;
    if !output.status.success() {
        let first_lines: String = String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(20)
            .collect::<Vec<_>>()
            .join("\n");
        return Err(format!("rustfmt rejected generated code:\n{first_lines}"));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt wrote invalid UTF-8: {e}"))
}

/// Generated files on disk that the generator no longer produces.
fn stale_files(root: &Path, output: &Output) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, output: &Output, stale: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            return;
        };
        for entry in entries.flatten() {
            let relative = dir.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(root, &relative, output, stale);
            } else if !output.files.contains_key(&relative) {
                stale.push(relative);
            }
        }
    }
    let mut stale = Vec::new();
    for dir in [
        "crates/mm-types/src/generated",
        "crates/mm-api/src/generated",
    ] {
        walk(root, Path::new(dir), output, &mut stale);
    }
    stale.sort();
    stale
}

/// Writes the output; returns the number of files changed.
pub fn write(root: &Path, output: &Output) -> Result<usize, String> {
    let mut changed = 0;
    for (path, content) in &output.files {
        let full = root.join(path);
        if std::fs::read_to_string(&full).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&full, content)
            .map_err(|e| format!("cannot write {}: {e}", full.display()))?;
        changed += 1;
    }
    for path in stale_files(root, output) {
        std::fs::remove_file(root.join(&path))
            .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// Compares the output with the files on disk; a readable summary of the differences.
pub fn check(root: &Path, output: &Output) -> Result<(), String> {
    let mut problems = Vec::new();
    for (path, content) in &output.files {
        match std::fs::read_to_string(root.join(path)) {
            Err(_) => problems.push(format!("missing: {}", path.display())),
            Ok(on_disk) if on_disk != *content => {
                let line = on_disk
                    .lines()
                    .zip(content.lines())
                    .position(|(a, b)| a != b)
                    .map_or_else(
                        || on_disk.lines().count().min(content.lines().count()) + 1,
                        |i| i + 1,
                    );
                let expected = content.lines().nth(line - 1).unwrap_or("<end of file>");
                let found = on_disk.lines().nth(line - 1).unwrap_or("<end of file>");
                problems.push(format!(
                    "differs: {} from line {line}\n    generator: {}\n    committed: {}",
                    path.display(),
                    expected.trim(),
                    found.trim()
                ));
            }
            Ok(_) => {}
        }
    }
    for path in stale_files(root, output) {
        problems.push(format!("not produced by the generator: {}", path.display()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the committed generated code does not match the generator ({} files):\n{}\nrun `cargo xtask codegen` and commit the result",
            problems.len(),
            problems.join("\n")
        ))
    }
}
