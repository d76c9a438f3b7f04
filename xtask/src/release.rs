//! `cargo xtask release patch|minor|major [--skip-tests] [--no-verify] [--publish]`: checks that the tree is
//! clean and the generated code fresh, runs `cargo xtask test`, bumps the workspace version in
//! lockstep, moves the changelog's "Unreleased" section under the new version, packages every
//! published crate in dependency order and prints the `cargo publish` commands.
//!
//! A dry run by default: all of it happens in a temporary clone of `HEAD`, and the working tree
//! is left alone. With `--publish` it happens in the working tree, which is committed and
//! tagged, and the crates are published.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The published crates, each after the ones it depends on.
pub const CRATES: &[&str] = &[
    "mm-types",
    "mm-transport",
    "mm-api",
    "mm-ws",
    "mm-driver",
    "mm-mock",
];

/// Which part of the version to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "patch" => Some(Self::Patch),
            "minor" => Some(Self::Minor),
            "major" => Some(Self::Major),
            _ => None,
        }
    }

    /// `0.1.0` → `0.1.1` / `0.2.0` / `1.0.0`.
    pub fn apply(self, version: &str) -> Result<String, String> {
        let parts: Vec<u64> = version
            .split('.')
            .map(|p| p.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("the version {version:?} is not MAJOR.MINOR.PATCH"))?;
        let [major, minor, patch] = parts.as_slice() else {
            return Err(format!("the version {version:?} is not MAJOR.MINOR.PATCH"));
        };
        Ok(match self {
            Self::Patch => format!("{major}.{minor}.{}", patch + 1),
            Self::Minor => format!("{major}.{}.0", minor + 1),
            Self::Major => format!("{}.0.0", major + 1),
        })
    }
}

/// The workspace version: `version = "..."` under `[workspace.package]`.
pub fn workspace_version(manifest: &str) -> Result<String, String> {
    let section = manifest
        .split("[workspace.package]")
        .nth(1)
        .ok_or("Cargo.toml has no [workspace.package]")?;
    section
        .lines()
        .take_while(|line| !line.starts_with('['))
        .find_map(|line| {
            line.strip_prefix("version = \"")
                .and_then(|rest| rest.strip_suffix('"'))
        })
        .map(str::to_owned)
        .ok_or_else(|| "[workspace.package] has no version".to_owned())
}

/// The manifest with the workspace version and every `mm-*` dependency's version at `new`.
pub fn bump_manifest(manifest: &str, old: &str, new: &str) -> Result<String, String> {
    let mut out = String::with_capacity(manifest.len());
    let mut section = "";
    let mut changed = 0;
    for line in manifest.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            section = if trimmed.starts_with("[workspace.package]") {
                "package"
            } else if trimmed.starts_with("[workspace.dependencies]") {
                "dependencies"
            } else {
                ""
            };
        }
        let old_field = format!("version = \"{old}\"");
        let new_field = format!("version = \"{new}\"");
        let rewritten = match section {
            "package" if trimmed.starts_with(&old_field) => {
                line.replacen(&old_field, &new_field, 1)
            }
            "dependencies"
                if CRATES.iter().any(|c| trimmed.starts_with(&format!("{c} ")))
                    && line.contains(&old_field) =>
            {
                line.replacen(&old_field, &new_field, 1)
            }
            _ => line.to_owned(),
        };
        if rewritten != line {
            changed += 1;
        }
        out.push_str(&rewritten);
    }
    // The workspace version and the `[workspace.dependencies]` entry of every published crate.
    if changed != 1 + CRATES.len() {
        return Err(format!(
            "expected the workspace version and {} mm-* dependencies at {old}; changed {changed} lines",
            CRATES.len()
        ));
    }
    Ok(out)
}

/// The changelog with its "Unreleased" entries under `## {version} ({date})` and a new, empty
/// "Unreleased" section above.
pub fn move_unreleased(changelog: &str, version: &str, date: &str) -> Result<String, String> {
    const HEADING: &str = "## Unreleased\n";
    let at = changelog
        .find(HEADING)
        .ok_or("CHANGELOG.md has no \"## Unreleased\" section")?;
    let body_start = at + HEADING.len();
    let body_end = changelog[body_start..]
        .find("\n## ")
        .map_or(changelog.len(), |i| body_start + i + 1);
    if changelog[body_start..body_end].trim().is_empty() {
        return Err(
            "the \"Unreleased\" section of CHANGELOG.md is empty: nothing to release".into(),
        );
    }
    Ok(format!(
        "{}{HEADING}\n## {version} ({date})\n{}",
        &changelog[..at],
        &changelog[body_start..]
    ))
}

struct Options {
    bump: Bump,
    skip_tests: bool,
    verify: bool,
    publish: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut bump = None;
    let mut skip_tests = false;
    let mut verify = true;
    let mut publish = false;
    for arg in args {
        match arg.as_str() {
            "--skip-tests" => skip_tests = true,
            "--no-verify" => verify = false,
            "--publish" => publish = true,
            "--dry-run" => publish = false,
            other => {
                bump = Some(Bump::parse(other).ok_or_else(|| {
                    format!("unknown argument {other:?}: give patch, minor or major")
                })?)
            }
        }
    }
    // A dry run may leave the level out (a patch release is rehearsed); publishing may not.
    let bump = match bump {
        Some(bump) => bump,
        None if !publish => Bump::Patch,
        None => return Err("give patch, minor or major to publish".into()),
    };
    Ok(Options {
        bump,
        skip_tests,
        verify,
        publish,
    })
}

fn run(dir: &Path, program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{program} {}` failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn today() -> Result<String, String> {
    Ok(run(Path::new("."), "date", &["-u", "+%Y-%m-%d"])?
        .trim()
        .to_owned())
}

/// The release task; `test` runs `cargo xtask test` in a folder.
pub fn release(
    root: &Path,
    args: &[String],
    test: impl Fn(&Path) -> Result<(), String>,
) -> Result<(), String> {
    let options = parse(args)?;
    let status = run(root, "git", &["status", "--porcelain"])?;
    if !status.trim().is_empty() {
        return Err(format!(
            "the working tree has uncommitted changes; commit or stash them first:\n{status}"
        ));
    }
    let source = crate::codegen::Source::resolve(None, None, root).ok_or(
        "no spec: the generated code cannot be checked (put ../shared/spec beside the project)",
    )?;
    crate::codegen::generate(&source, root)
        .and_then(|output| crate::codegen::check(root, &output))?;
    println!("release: the tree is clean and the generated code is fresh");

    // A dry run works in a clone of HEAD beside the project (so that ../shared is found).
    let (dir, _cleanup) = if options.publish {
        (root.to_path_buf(), None)
    } else {
        let parent = root.parent().unwrap_or(root);
        let dir = parent.join(format!(".mm-release-dry-run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let dir_text = dir.to_string_lossy().into_owned();
        run(
            root,
            "git",
            &["clone", "--quiet", "--local", ".", &dir_text],
        )?;
        (dir.clone(), Some(RemoveOnDrop(dir)))
    };
    if options.skip_tests {
        println!("release: `cargo xtask test` skipped (--skip-tests)");
    } else {
        test(&dir)?;
    }

    let manifest_path = dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let old = workspace_version(&manifest)?;
    let new = options.bump.apply(&old)?;
    std::fs::write(&manifest_path, bump_manifest(&manifest, &old, &new)?)
        .map_err(|e| format!("cannot write Cargo.toml: {e}"))?;
    let changelog_path = dir.join("CHANGELOG.md");
    let changelog = std::fs::read_to_string(&changelog_path)
        .map_err(|e| format!("cannot read CHANGELOG.md: {e}"))?;
    std::fs::write(
        &changelog_path,
        move_unreleased(&changelog, &new, &today()?)?,
    )
    .map_err(|e| format!("cannot write CHANGELOG.md: {e}"))?;
    println!("release: {old} -> {new}; CHANGELOG.md's Unreleased section is now {new}");

    // Packaged together, so that each crate's dependencies at the new version resolve from
    // the packages before it (cargo's local overlay); with verification (each builds alone).
    let mut package = vec!["package", "--allow-dirty"];
    if !options.verify {
        if options.publish {
            return Err("--no-verify is for dry runs only".into());
        }
        package.push("--no-verify");
    }
    for name in CRATES {
        package.extend(["-p", name]);
    }
    run(&dir, "cargo", &package)?;
    let packaged: Vec<PathBuf> = CRATES
        .iter()
        .map(|name| {
            target_dir(&dir)
                .join("package")
                .join(format!("{name}-{new}.crate"))
        })
        .collect();
    for file in &packaged {
        if !file.exists() {
            return Err(format!("cargo package did not write {}", file.display()));
        }
    }
    println!("release: packaged {} crates", packaged.len());

    if options.publish {
        run(
            &dir,
            "git",
            &["commit", "--quiet", "-am", &format!("Release {new}")],
        )?;
        run(&dir, "git", &["tag", &format!("v{new}")])?;
        for name in CRATES {
            run(&dir, "cargo", &["publish", "-p", name])?;
            println!("release: published {name} {new}");
        }
        println!("release: done; push the commit and the tag v{new}");
    } else {
        println!("release: dry run, nothing changed here. To publish, in this order:");
        for name in CRATES {
            println!("  cargo publish -p {name}");
        }
        println!(
            "(or `cargo xtask release {args} --publish`)",
            args = args.join(" ")
        );
    }
    Ok(())
}

fn target_dir(dir: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.join("target"))
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump() {
        assert_eq!(Bump::Patch.apply("0.1.0").unwrap(), "0.1.1");
        assert_eq!(Bump::Minor.apply("0.1.7").unwrap(), "0.2.0");
        assert_eq!(Bump::Major.apply("0.9.3").unwrap(), "1.0.0");
        assert!(Bump::Patch.apply("0.1").is_err());
        assert!(Bump::Patch.apply("0.1.x").is_err());
    }

    #[test]
    fn a_dry_run_may_leave_the_level_out_but_publishing_may_not() {
        let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        let options = parse(&args(&["--dry-run"])).unwrap();
        assert_eq!(options.bump, Bump::Patch);
        assert!(!options.publish);
        assert_eq!(parse(&args(&["minor"])).unwrap().bump, Bump::Minor);
        assert!(parse(&args(&["--publish"])).is_err());
        assert!(parse(&args(&["sideways"])).is_err());
    }

    #[test]
    fn the_workspace_bumps_in_lockstep() {
        let manifest =
            std::fs::read_to_string(crate::manifest_dir().join("../Cargo.toml")).unwrap();
        let old = workspace_version(&manifest).unwrap();
        let new = Bump::Minor.apply(&old).unwrap();
        let bumped = bump_manifest(&manifest, &old, &new).unwrap();
        assert_eq!(workspace_version(&bumped).unwrap(), new);
        for name in CRATES.iter().filter(|n| **n != "mm-mock") {
            let line = bumped
                .lines()
                .find(|l| l.starts_with(&format!("{name} = ")))
                .unwrap();
            assert!(line.contains(&format!("version = \"{new}\"")), "{line}");
        }
        // Nothing else changes: third-party versions stay.
        assert_eq!(
            manifest.lines().count(),
            bumped.lines().count(),
            "same number of lines"
        );
        assert!(bumped.contains("tokio = { version = \"1\""));
    }

    /// The dry run, in a copy of the working tree beside the project (so that `../shared` is found), as
    /// `cargo xtask release minor --skip-tests --no-verify` (the tests and the compile
    /// verification of each package are what CI and a real release run).
    #[test]
    fn a_dry_run_bumps_packages_and_leaves_the_tree_alone() {
        let manifest_dir = crate::manifest_dir();
        let root = manifest_dir.parent().unwrap();
        if !root.join("../shared/spec").is_dir() {
            eprintln!("skipped: ../shared/spec is not beside the project");
            return;
        }
        let copy = root
            .parent()
            .unwrap()
            .join(format!(".mm-release-test-{}", std::process::id()));
        let _cleanup = RemoveOnDrop(copy.clone());
        // The working tree as it is (not HEAD), committed in a fresh repository.
        let files = run(
            root,
            "git",
            &[
                "ls-files",
                "--cached",
                "--others",
                "--exclude-standard",
                "-z",
            ],
        )
        .unwrap();
        for file in files.split('\0').filter(|f| !f.is_empty()) {
            let from = root.join(file);
            let to = copy.join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            if let Ok(target) = std::fs::read_link(&from) {
                std::os::unix::fs::symlink(target, &to).unwrap();
            } else if from.is_file() {
                std::fs::copy(&from, &to).unwrap();
            }
        }
        run(&copy, "git", &["init", "--quiet"]).unwrap();
        run(&copy, "git", &["add", "-A"]).unwrap();
        let identity = ["-c", "user.name=test", "-c", "user.email=test@example.com"];
        let mut commit = identity.to_vec();
        commit.extend(["commit", "--quiet", "-m", "copy"]);
        run(&copy, "git", &commit).unwrap();
        let args: Vec<String> = ["minor", "--skip-tests", "--no-verify"]
            .iter()
            .map(|a| (*a).to_owned())
            .collect();
        let before = std::fs::read_to_string(copy.join("Cargo.toml")).unwrap();
        release(&copy, &args, |_| Ok(())).unwrap();
        // The copy itself is untouched: the dry run worked in its own clone.
        assert_eq!(
            std::fs::read_to_string(copy.join("Cargo.toml")).unwrap(),
            before
        );
        assert!(
            run(&copy, "git", &["status", "--porcelain"])
                .unwrap()
                .trim()
                .is_empty()
        );
    }

    #[test]
    fn unreleased_moves_under_the_version() {
        let changelog =
            "# Changelog\n\n## Unreleased\n\n- a change\n\n## 0.1.0 (2026-01-01)\n\n- first\n";
        let moved = move_unreleased(changelog, "0.2.0", "2026-11-27").unwrap();
        assert_eq!(
            moved,
            "# Changelog\n\n## Unreleased\n\n## 0.2.0 (2026-11-27)\n\n- a change\n\n## 0.1.0 (2026-01-01)\n\n- first\n"
        );
        assert!(
            move_unreleased("# Changelog\n\n## Unreleased\n\n## 0.1.0\n", "0.2.0", "d").is_err()
        );
        assert!(move_unreleased("# Changelog\n", "0.2.0", "d").is_err());
    }
}
