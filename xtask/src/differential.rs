//! `cargo xtask differential`: the official JS client (`@mattermost/client`, pinned in
//! `tests/differential/package.json`) sends every request it has to a capture server; the
//! differential test rebuilds each one through mm's typed methods and compares them.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `node_modules` with the pinned client, installed with `npm ci` when the lock file changed.
fn ensure_client(root: &Path) -> Result<PathBuf, String> {
    let dir = crate::cache_dir("MM_CLIENT4_DIR", "mm-client4");
    let source = root.join("tests/differential");
    let lock = std::fs::read(source.join("package-lock.json"))
        .map_err(|e| format!("cannot read tests/differential/package-lock.json: {e}"))?;
    let modules = dir.join("node_modules");
    let installed = std::fs::read(dir.join("package-lock.json")).ok();
    if installed.as_deref() == Some(lock.as_slice()) && modules.join("@mattermost/client").exists()
    {
        return Ok(modules);
    }
    println!(
        "==> installing the pinned @mattermost/client into {}",
        dir.display()
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file))
            .map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() {
        return Err(format!("npm ci failed in {} ({status})", dir.display()));
    }
    Ok(modules)
}

pub fn run(root: &Path) -> Result<(), String> {
    let modules = ensure_client(root)?;
    let work = std::env::temp_dir().join(format!("mm-differential-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let capture = work.join("client4.json");
    let status = Command::new("node")
        .arg(root.join("tests/differential/capture.mjs"))
        .arg("--node-modules")
        .arg(&modules)
        .arg("--out")
        .arg(&capture)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !status.success() {
        return Err(format!("the Client4 capture failed ({status})"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args([
            "test",
            "--quiet",
            "-p",
            "tests",
            "--test",
            "differential",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .current_dir(root)
        .env("MM_CLIENT4_CAPTURE", &capture)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the differential test failed; the capture is in {}",
            capture.display()
        ));
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
