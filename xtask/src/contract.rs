//! `cargo xtask contract`: every operation against Prism's mock of the spec, with two seeds for
//! the dynamic responses so that optional fields get exercised.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::codegen;

/// Pinned so that runs are comparable.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";
const SEEDS: [u32; 2] = [1, 2];

/// The prism binary, installed with npm into the cache folder when missing.
fn ensure_prism() -> Result<PathBuf, String> {
    let dir = crate::cache_dir("MM_PRISM_DIR", "mm-prism");
    let binary = dir.join("node_modules/.bin/prism");
    if binary.exists() {
        return Ok(binary);
    }
    println!("==> installing {PRISM} into {}", dir.display());
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(PRISM)
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!("npm could not install {PRISM} ({status})"));
    }
    Ok(binary)
}

struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn start_prism(binary: &Path, spec: &Path, seed: u32, log: &Path) -> Result<(Prism, u16), String> {
    let port = free_port()?;
    let log_file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let child = Command::new(binary)
        .args([
            "mock",
            "--dynamic",
            "--seed",
            &seed.to_string(),
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
        ])
        .arg(spec)
        .stdout(Stdio::from(
            log_file.try_clone().map_err(|e| e.to_string())?,
        ))
        .stderr(Stdio::from(log_file))
        .spawn()
        .map_err(|e| format!("cannot start prism: {e}"))?;
    let prism = Prism(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "prism did not listen within 120 s; see {}",
                log.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok((prism, port))
}

pub fn run(root: &Path) -> Result<(), String> {
    let source = codegen::Source::resolve(None, None, root)
        .ok_or("no spec: set MM_OPENAPI_SPEC or put ../shared/spec beside the project")?;
    let output = codegen::generate(&source, root)?;
    let work = std::env::temp_dir().join(format!("mm-contract-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    // Prism reads the spec with our overrides applied (never committed: it lives in a temp folder).
    let spec_path = work.join("spec.json");
    let spec_json = serde_json::to_string(&output.spec)
        .map_err(|e| format!("cannot write the spec as JSON: {e}"))?;
    std::fs::write(&spec_path, spec_json)
        .map_err(|e| format!("cannot write {}: {e}", spec_path.display()))?;
    let binary = ensure_prism()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for seed in SEEDS {
        let log = work.join(format!("prism-seed-{seed}.log"));
        let (prism, port) = start_prism(&binary, &spec_path, seed, &log)?;
        println!("==> contract run with seed {seed} against prism on port {port}");
        let status = Command::new(&cargo)
            .args([
                "test",
                "--quiet",
                "-p",
                "tests",
                "--test",
                "contract",
                "--",
                "--ignored",
                "--nocapture",
            ])
            .current_dir(root)
            .env("MM_CONTRACT_URL", format!("http://127.0.0.1:{port}"))
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        drop(prism);
        if !status.success() {
            return Err(format!(
                "the contract test failed with seed {seed}; prism's log: {}",
                log.display()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
