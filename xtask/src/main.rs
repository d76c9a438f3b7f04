//! Project tasks: `cargo xtask test`, `cargo xtask codegen [--check]`.

mod bench;
mod codegen;
mod contract;
mod differential;
mod release;
mod spec_diff;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  test                      fmt check, clippy, codegen check, tests, examples, contract (what CI runs)
  bench [--python] [--websockets [N]]
                            instructions per typed GET, mm vs bare hyper (callgrind; fails above
                            1.10×); --python adds wall and CPU time against the Python driver;
                            --websockets measures the heap of N (10,000) idle websockets instead
  contract                  every operation against Prism's mock of the spec (installs Prism with npm)
  spec-diff OLD NEW [--out FILE]
                            the API changes between two specs (operations, models, mm's methods
                            and types), as Markdown
  differential              every request of the official JS client replayed through mm and compared
                            (installs the pinned @mattermost/client with npm)
  release [patch|minor|major] [--dry-run|--publish] [--skip-tests] [--no-verify]
                            check the tree is clean and codegen fresh, run `cargo xtask test`,
                            bump the version, date the changelog, package every crate and print
                            the `cargo publish` commands; a dry run in a temporary clone unless
                            --publish (which commits, tags and publishes)
  codegen [options]         regenerate mm-types and mm-api from the OpenAPI spec
      --spec FILE           an assembled core spec (default: $MM_OPENAPI_SPEC, else
                            ../shared/spec/mattermost-openapi-v4-newest.yaml)
      --mattermost-src DIR  a Mattermost checkout: assemble api/v4/source as upstream's Makefile does
      --playbooks-spec FILE the Playbooks plugin spec (default: $MM_PLAYBOOKS_SPEC, else
                            ../shared/spec/playbooks-openapi.yaml); its operations and models are
                            generated apart from the core ones (cargo feature `playbooks`)
      --server-model FILE   the server's Go model structs as data (default: $MM_SERVER_MODEL, else
                            ../shared/server-model/model-fields.json); where they and the spec
                            disagree, the server wins (report: docs/server-drift.md)
      --model-spec FILE     the core spec of the release the server model was taken from (default:
                            $MM_MODEL_SPEC, else ../shared/spec/mattermost-openapi-v4.yaml): keys
                            the model lacks are dropped only if that spec had them too
      --check               regenerate in memory and fail if the committed files differ";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("test") => run_steps(&root),
        Some("codegen") => match codegen_command(&root, &args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("codegen: {error}");
                ExitCode::FAILURE
            }
        },
        Some("spec-diff") => match spec_diff_command(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("spec-diff: {error}");
                ExitCode::FAILURE
            }
        },
        Some("differential") => match differential::run(&root) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("differential: {error}");
                ExitCode::FAILURE
            }
        },
        Some("release") => match release::release(&root, &args[1..], |dir| {
            let status = Command::new("cargo")
                .current_dir(dir)
                .args(["xtask", "test"])
                .status()
                .map_err(|e| format!("cannot run cargo xtask test: {e}"))?;
            if status.success() {
                Ok(())
            } else {
                Err("cargo xtask test failed".into())
            }
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("release: {error}");
                ExitCode::FAILURE
            }
        },
        Some("bench") => match bench::run(&root, &args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("bench: {error}");
                ExitCode::FAILURE
            }
        },
        Some("contract") => match contract::run(&root) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("contract: {error}");
                ExitCode::FAILURE
            }
        },
        Some("help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown task {other:?}\n\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// A cache folder for tools installed with npm: `$ENV_VAR`, else `~/.cache/NAME`.
pub fn cache_dir(env_var: &str, name: &str) -> PathBuf {
    std::env::var_os(env_var)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir)
                .join(".cache")
                .join(name)
        })
}

/// xtask's own folder: `$CARGO_MANIFEST_DIR` as cargo sets it when running (tests included),
/// else where this binary was built. With a shared target folder a binary built in another
/// checkout may run here, so the compile-time path can point elsewhere.
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The workspace of the current directory (not the one this binary was built from: with a
/// shared target folder, `cargo xtask` may run a binary built for another checkout).
fn workspace_root() -> PathBuf {
    let start = std::env::current_dir().unwrap_or_default();
    start
        .ancestors()
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|manifest| manifest.contains("[workspace]"))
        })
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        })
}

fn spec_diff_command(args: &[String]) -> Result<(), String> {
    let mut files = Vec::new();
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a file")?)),
            other => files.push(PathBuf::from(other)),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(format!("give two spec files, OLD and NEW\n\n{USAGE}"));
    };
    let report = spec_diff::run(old, new)?;
    match out {
        Some(path) => std::fs::write(&path, report)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            print!("{report}");
            Ok(())
        }
    }
}

fn codegen_command(root: &Path, args: &[String]) -> Result<(), String> {
    let mut spec = None;
    let mut src = None;
    let mut check = false;
    let mut server_model = None;
    let mut model_spec = None;
    let mut playbooks = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(iter.next().ok_or("--spec needs a file")?)),
            "--mattermost-src" => {
                src = Some(PathBuf::from(
                    iter.next().ok_or("--mattermost-src needs a folder")?,
                ))
            }
            "--check" => check = true,
            "--server-model" => {
                server_model = Some(PathBuf::from(
                    iter.next().ok_or("--server-model needs a file")?,
                ))
            }
            "--model-spec" => {
                model_spec = Some(PathBuf::from(
                    iter.next().ok_or("--model-spec needs a file")?,
                ))
            }
            "--playbooks-spec" => {
                playbooks = Some(PathBuf::from(
                    iter.next().ok_or("--playbooks-spec needs a file")?,
                ))
            }
            other => return Err(format!("unknown option {other:?}\n\n{USAGE}")),
        }
    }
    let source = codegen::Source::resolve(spec, src, root)
        .ok_or("no spec: pass --spec FILE or --mattermost-src DIR, set MM_OPENAPI_SPEC, or put ../shared/spec beside the project")?;
    let inputs = codegen::Inputs::resolve(server_model, model_spec, playbooks, root);
    let output = codegen::generate_with(&source, &inputs, root)?;
    let s = &output.summary;
    println!(
        "codegen: {} core operations and {} Playbooks operations in {} groups, {} + {} component schemas, {} core types, {} overrides applied, {} spec/server disagreements resolved (docs/server-drift.md), nothing skipped ({}; Playbooks {}; server model {}, of the release of {})",
        s.operations,
        s.playbooks_operations,
        s.groups,
        s.schemas,
        s.playbooks_schemas,
        s.types,
        s.overrides.len(),
        s.drift,
        source.describe(),
        inputs.playbooks.display(),
        inputs.model.display(),
        inputs.model_spec.display()
    );
    for applied in &s.overrides {
        println!("  override {applied}");
    }
    if check {
        codegen::check(root, &output)?;
        println!(
            "codegen: the committed files match the generator ({} files)",
            s.files
        );
    } else {
        let changed = codegen::write(root, &output)?;
        println!("codegen: wrote {} files ({changed} changed)", s.files);
    }
    Ok(())
}

struct Step {
    name: &'static str,
    args: Vec<&'static str>,
    /// Environment variables for the step.
    env: &'static [(&'static str, &'static str)],
}

fn run_steps(root: &Path) -> ExitCode {
    let started = Instant::now();
    let mut sources = Vec::new();
    match codegen::Source::resolve(None, None, root) {
        Some(source) => sources.push(("the default spec", source)),
        None => println!(
            "==> codegen check SKIPPED: no spec found (set MM_OPENAPI_SPEC or put ../shared/spec beside the project)"
        ),
    }
    // The same code from a checkout-shaped source tree, assembled as upstream's Makefile does.
    let checkout = root.join("../shared/spec/mattermost-src");
    if checkout.is_dir() {
        sources.push((
            "a Mattermost checkout (--mattermost-src)",
            codegen::Source::MattermostSrc(checkout),
        ));
    }
    for (label, source) in &sources {
        println!("==> codegen check from {label}: {}", source.describe());
        match codegen::generate(source, root).and_then(|output| codegen::check(root, &output)) {
            Ok(()) => println!("==> codegen check from {label} passed"),
            Err(error) => {
                eprintln!("==> codegen check from {label} FAILED: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    let steps = [
        Step {
            name: "format check",
            env: &[],
            args: vec!["fmt", "--all", "--", "--check"],
        },
        Step {
            name: "clippy",
            env: &[],
            args: vec![
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        },
        Step {
            name: "tests",
            env: &[],
            args: vec!["test", "--workspace"],
        },
        Step {
            name: "docs (warnings are errors)",
            env: &[("RUSTDOCFLAGS", "-D warnings")],
            args: vec!["doc", "--workspace", "--no-deps", "--quiet"],
        },
        Step {
            name: "quickstart example against mm-mock",
            env: &[],
            args: vec![
                "run",
                "--quiet",
                "-p",
                "examples",
                "--example",
                "quickstart",
            ],
        },
        Step {
            name: "echo bot example against mm-mock",
            env: &[],
            args: vec!["run", "--quiet", "-p", "examples", "--example", "echo_bot"],
        },
        Step {
            name: "custom layer example against mm-mock",
            env: &[],
            args: vec![
                "run",
                "--quiet",
                "-p",
                "examples",
                "--example",
                "custom_layer",
            ],
        },
    ];
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for step in &steps {
        println!("==> {} (cargo {})", step.name, step.args.join(" "));
        let step_started = Instant::now();
        // The examples must run against mm-mock here, whatever the caller's environment says.
        let status = Command::new(&cargo)
            .args(&step.args)
            .envs(step.env.iter().copied())
            .current_dir(root)
            .env_remove("MM_URL")
            .status();
        match status {
            Ok(status) if status.success() => {
                println!(
                    "==> {} passed in {:.1} s",
                    step.name,
                    step_started.elapsed().as_secs_f64()
                );
            }
            Ok(status) => {
                eprintln!("==> {} FAILED ({status})", step.name);
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("==> could not run cargo for {}: {error}", step.name);
                return ExitCode::FAILURE;
            }
        }
    }
    println!("==> contract tests against Prism (cargo xtask contract)");
    if codegen::Source::resolve(None, None, root).is_none() {
        println!(
            "==> contract tests SKIPPED: no spec found (set MM_OPENAPI_SPEC or put ../shared/spec beside the project)"
        );
    } else {
        let contract_started = Instant::now();
        if let Err(error) = contract::run(root) {
            eprintln!("==> contract tests FAILED: {error}");
            return ExitCode::FAILURE;
        }
        println!(
            "==> contract tests passed in {:.1} s",
            contract_started.elapsed().as_secs_f64()
        );
    }
    println!("==> differential test against the official JS client (cargo xtask differential)");
    let differential_started = Instant::now();
    if let Err(error) = differential::run(root) {
        eprintln!("==> differential test FAILED: {error}");
        return ExitCode::FAILURE;
    }
    println!(
        "==> differential test passed in {:.1} s",
        differential_started.elapsed().as_secs_f64()
    );
    println!(
        "==> all checks passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
