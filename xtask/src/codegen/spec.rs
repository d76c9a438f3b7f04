//! Loading the spec: an assembled file, or a Mattermost checkout assembled the way upstream's
//! `api/Makefile` target `build-v4` does it.

use std::path::{Path, PathBuf};

use yaml_serde::Value;

/// Where the spec comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// An assembled spec file.
    File(PathBuf),
    /// A Mattermost source checkout (its `api/v4/source` folder is assembled).
    MattermostSrc(PathBuf),
}

impl Source {
    /// `--spec`, `--mattermost-src`, `$MM_OPENAPI_SPEC`, or the newest core spec in
    /// `../shared/spec/` beside the project.
    pub fn resolve(
        spec: Option<PathBuf>,
        mattermost_src: Option<PathBuf>,
        root: &Path,
    ) -> Option<Self> {
        if let Some(path) = spec {
            return Some(Self::File(path));
        }
        if let Some(path) = mattermost_src {
            return Some(Self::MattermostSrc(path));
        }
        if let Some(path) = std::env::var_os("MM_OPENAPI_SPEC") {
            return Some(Self::File(PathBuf::from(path)));
        }
        let shared = root.join("../shared/spec/mattermost-openapi-v4-newest.yaml");
        shared.exists().then_some(Self::File(shared))
    }

    /// The assembled YAML text.
    pub fn text(&self) -> Result<String, String> {
        match self {
            Self::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the spec {}: {e}", path.display())),
            Self::MattermostSrc(dir) => assemble(dir),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::MattermostSrc(dir) => format!("{} (assembled from api/v4/source)", dir.display()),
        }
    }
}

/// Concatenates `api/v4/source/*.yaml` in the order of the `build-v4` target of `api/Makefile`
/// (the optional playbooks extension is left out, as in the published spec we test against).
fn assemble(checkout: &Path) -> Result<String, String> {
    let makefile_path = checkout.join("api/Makefile");
    let makefile = std::fs::read_to_string(&makefile_path)
        .map_err(|e| format!("cannot read {}: {e}", makefile_path.display()))?;
    let mut in_target = false;
    let mut files = Vec::new();
    for line in makefile.lines() {
        if line.starts_with("build-v4:") {
            in_target = true;
            continue;
        }
        if in_target && !line.starts_with('\t') && !line.trim().is_empty() {
            break;
        }
        if !in_target {
            continue;
        }
        // Lines look like `@cat $(V4_SRC)/users.yaml >> $(V4_YAML)`.
        if let Some(rest) = line.split("$(V4_SRC)/").nth(1)
            && let Some(file) = rest.split_whitespace().next()
        {
            files.push(file.to_owned());
        }
    }
    if files.is_empty() {
        return Err(format!(
            "no `cat $(V4_SRC)/...` lines in the build-v4 target of {}",
            makefile_path.display()
        ));
    }
    let mut text = String::new();
    for file in files {
        let path = checkout.join("api/v4/source").join(&file);
        let part = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        text.push_str(&part.replace("\r\n", "\n"));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    Ok(text)
}

/// Marks a repeated path key so that the YAML parser accepts it; [`merge_repeated_paths`] folds
/// it back.
const REPEAT_MARK: &str = "#repeat";

/// Parses the YAML text. The assembled spec repeats some path keys (the same path defined in
/// two source files), which strict YAML refuses: each repeat is merged into the first, method
/// by method, the later definition winning (as the JavaScript tooling upstream reads it).
/// Returns the spec and one note per merged repeat.
pub fn parse(text: &str) -> Result<(Value, Vec<String>), String> {
    let (marked, mut notes) = mark_repeated_paths(text);
    let mut spec: Value =
        yaml_serde::from_str(&marked).map_err(|e| format!("the spec is not valid YAML: {e}"))?;
    merge_repeated_paths(&mut spec, &mut notes);
    Ok((spec, notes))
}

fn mark_repeated_paths(text: &str) -> (String, Vec<String>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut notes = Vec::new();
    let mut in_paths = false;
    let mut path = String::new();
    let mut methods: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = String::with_capacity(text.len() + 64);
    for (number, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line.starts_with("paths:");
        }
        let mut line = line.to_owned();
        if in_paths
            && line.starts_with("  ")
            && !line.starts_with("   ")
            && let Some(key) = line.trim().strip_suffix(':')
        {
            let key = key.trim_matches('"').to_owned();
            path = key.clone();
            methods.clear();
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                notes.push(format!(
                    "path {key} is defined again at line {}: merged into the first definition, the later one winning",
                    number + 1
                ));
                line = format!("  \"{key}{REPEAT_MARK}{count}\":");
            }
        } else if in_paths
            && line.starts_with("    ")
            && !line.starts_with("     ")
            && let Some(method) = line.trim().strip_suffix(':')
            && ["get", "put", "post", "delete", "patch", "head", "options"].contains(&method)
        {
            // The same method twice under one path (newest spec: `post` of
            // `/api/v4/permissions/ancillary`): the later one wins, as for repeated paths.
            let method = method.to_owned();
            let count = methods.entry(method.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                notes.push(format!(
                    "{method} of path {path} is defined again at line {}: the later one wins",
                    number + 1
                ));
                line = format!("    {method}{REPEAT_MARK}{count}:");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    (out, notes)
}

fn merge_repeated_paths(spec: &mut Value, notes: &mut Vec<String>) {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    // Repeated methods of one path: the later definition replaces the first.
    for (_, item) in paths.iter_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        let repeated: Vec<Value> = item
            .keys()
            .filter(|k| k.as_str().is_some_and(|k| k.contains(REPEAT_MARK)))
            .cloned()
            .collect();
        for key in repeated {
            if let (Some(operation), Some(base)) = (
                item.remove(&key),
                key.as_str().and_then(|k| k.split(REPEAT_MARK).next()),
            ) {
                item.insert(Value::String(base.to_owned()), operation);
            }
        }
    }
    let repeated: Vec<Value> = paths
        .keys()
        .filter(|k| k.as_str().is_some_and(|k| k.contains(REPEAT_MARK)))
        .cloned()
        .collect();
    for key in repeated {
        let Some(repeat) = paths.remove(&key) else {
            continue;
        };
        let base = key
            .as_str()
            .and_then(|k| k.split(REPEAT_MARK).next())
            .unwrap_or_default()
            .to_owned();
        match (
            paths.get_mut(base.as_str()).and_then(Value::as_mapping_mut),
            repeat,
        ) {
            (Some(first), Value::Mapping(later)) => {
                for (method, operation) in later {
                    first.insert(method, operation);
                }
            }
            (_, other) => {
                notes.push(format!(
                    "path {base}: the repeated definition could not be merged"
                ));
                paths.insert(Value::String(base), other);
            }
        }
    }
}

#[cfg(test)]
mod tests {

    /// `--mattermost-src` assembles a checkout's `api/v4/source` in the Makefile's order: the
    /// checkout-shaped copy of the newest sources gives the newest published spec byte for byte.
    #[test]
    fn a_mattermost_checkout_assembles_to_the_published_spec() {
        let shared = crate::manifest_dir().join("../../shared/spec");
        let (Ok(expected), true) = (
            std::fs::read_to_string(shared.join("mattermost-openapi-v4-newest.yaml")),
            shared.join("mattermost-src").is_dir(),
        ) else {
            eprintln!("skipped: ../shared/spec is not beside the project");
            return;
        };
        let assembled = super::assemble(&shared.join("mattermost-src")).unwrap();
        assert_eq!(assembled.len(), expected.len());
        assert!(
            assembled == expected,
            "the assembly differs from the published spec"
        );
    }
}
