//! The Python driver's method names (`xtask/data/python-names.tsv`, listed from the
//! `mattermostautodriver` wheel by `xtask/scripts/python_names.py`) against mm's operations:
//! where a name differs it becomes a doc alias on mm's method, and the names mm lacks are
//! reported with their reason (`docs/python-names.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use super::operations::Operation;

/// The committed list of the Python driver's endpoint methods.
pub const DATA: &str = "xtask/data/python-names.tsv";
/// The committed report.
pub const REPORT: &str = "docs/python-names.md";

/// One endpoint method of the Python driver.
pub struct PythonMethod {
    pub module: String,
    pub name: String,
    pub operation_id: String,
    pub method: String,
    pub path: String,
}

/// The list and the release it was taken from.
pub struct PythonNames {
    pub release: String,
    pub methods: Vec<PythonMethod>,
}

pub fn load(root: &Path) -> Result<PythonNames, String> {
    let text =
        std::fs::read_to_string(root.join(DATA)).map_err(|e| format!("cannot read {DATA}: {e}"))?;
    let mut release = String::new();
    let mut methods = Vec::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            release = comment.split(':').next().unwrap_or_default().to_owned();
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [module, name, operation_id, method, path] = fields.as_slice() else {
            return Err(format!("{DATA}: not five tab-separated fields: {line:?}"));
        };
        methods.push(PythonMethod {
            module: (*module).to_owned(),
            name: (*name).to_owned(),
            operation_id: (*operation_id).to_owned(),
            method: (*method).to_owned(),
            path: (*path).to_owned(),
        });
    }
    Ok(PythonNames { release, methods })
}

/// `/api/v4/users/{user_id}` and `/api/v4/users/{id}` are the same route.
pub fn route(method: &str, path: &str) -> String {
    let mut out = format!("{} ", method.to_uppercase());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// The operation a Python method calls: by operationId, else by route.
fn find<'a>(operations: &'a [Operation], python: &PythonMethod) -> Option<&'a Operation> {
    let wanted = route(&python.method, &python.path);
    operations
        .iter()
        .find(|op| route(&op.method, &op.path) == wanted)
        .or_else(|| operations.iter().find(|op| op.id == python.operation_id))
}

/// The Python names that differ from mm's, by route (`POST /api/v4/...`): each becomes a
/// `#[doc(alias)]`.
pub fn aliases(
    names: &PythonNames,
    operations: &[Operation],
) -> BTreeMap<String, BTreeSet<String>> {
    let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for python in &names.methods {
        if let Some(op) = find(operations, python)
            && op.name != python.name
        {
            aliases
                .entry(route(&op.method, &op.path))
                .or_default()
                .insert(python.name.clone());
        }
    }
    aliases
}

/// `docs/python-names.md`.
pub fn report(
    names: &PythonNames,
    operations: &[Operation],
    removed_upstream: &BTreeSet<String>,
) -> String {
    let mut same = 0;
    let mut renamed = Vec::new();
    let mut regrouped = Vec::new();
    let mut missing = Vec::new();
    for python in &names.methods {
        match find(operations, python) {
            Some(op) if op.name != python.name => renamed.push(format!(
                "| `{}.{}` | `{}().{}` | {} |",
                python.module,
                python.name,
                op.group(),
                op.name,
                if op.id == python.operation_id {
                    format!("`{}`: see the name overrides (doc alias)", op.id)
                } else {
                    format!(
                        "operationId `{}` here, `{}` in the Python release's spec (doc alias)",
                        op.id, python.operation_id
                    )
                }
            )),
            Some(op) if !op.groups.contains(&python.module) => {
                regrouped.push(format!(
                    "| `{}.{}` | `{}().{}` |",
                    python.module,
                    python.name,
                    op.group(),
                    op.name
                ));
            }
            Some(_) => same += 1,
            None => missing.push(format!(
                "| `{}.{}` | `{} {}` | {} |",
                python.module,
                python.name,
                python.method,
                python.path,
                if removed_upstream.contains(&python.operation_id) {
                    "removed upstream: in the 11.6 spec, gone from the newest (the server no longer routes it)"
                } else {
                    "in neither spec mm is generated from: the Python release was generated from newer upstream sources than the newest spec here (use the raw escape hatch)"
                }
            )),
        }
    }
    let mut out = format!(
        "# The Python driver's names in mm\n\nGenerated by `cargo xtask codegen`, do not edit. The {} endpoint methods of `{}` ({DATA}, listed by `xtask/scripts/python_names.py`), matched to mm's operations by route, else by operationId.\n\n| | methods |\n|---|---|\n| same name, same group | {same} |\n| same name, reached from another group | {} |\n| another name (a `#[doc(alias)]` on mm's method, so rustdoc search finds the Python name) | {} |\n| missing from mm | {} |\n",
        names.methods.len(),
        names.release,
        regrouped.len(),
        renamed.len(),
        missing.len()
    );
    if !missing.is_empty() {
        let _ = write!(
            out,
            "\n## Missing from mm\n\n| Python | route | why |\n|---|---|---|\n{}\n",
            missing.join("\n")
        );
    }
    if !renamed.is_empty() {
        let _ = write!(
            out,
            "\n## Named differently\n\n| Python | mm | why |\n|---|---|---|\n{}\n",
            renamed.join("\n")
        );
    }
    if !regrouped.is_empty() {
        let _ = write!(
            out,
            "\n## In another group\n\n| Python | mm |\n|---|---|\n{}\n",
            regrouped.join("\n")
        );
    }
    out
}
