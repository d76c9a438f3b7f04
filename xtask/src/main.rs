//! Project tasks: `cargo xtask test`.

use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => run_steps(&test_steps()),
        Some("help") | None => {
            println!(
                "usage: cargo xtask <task>\n\ntasks:\n  test   fmt check, clippy, and the whole test suite (what CI runs)"
            );
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown task {other:?}; run `cargo xtask help`");
            ExitCode::FAILURE
        }
    }
}

struct Step {
    name: &'static str,
    args: Vec<&'static str>,
}

fn test_steps() -> Vec<Step> {
    vec![
        Step {
            name: "format check",
            args: vec!["fmt", "--all", "--", "--check"],
        },
        Step {
            name: "clippy",
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
            args: vec!["test", "--workspace"],
        },
        Step {
            name: "quickstart example against mm-mock",
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
            name: "custom layer example against mm-mock",
            args: vec![
                "run",
                "--quiet",
                "-p",
                "examples",
                "--example",
                "custom_layer",
            ],
        },
    ]
}

fn run_steps(steps: &[Step]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    for step in steps {
        println!("==> {} (cargo {})", step.name, step.args.join(" "));
        let step_started = Instant::now();
        // The examples must run against mm-mock here, whatever the caller's environment says.
        let status = Command::new(&cargo)
            .args(&step.args)
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
    println!(
        "==> all checks passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
