//! `cargo xtask bench`: the CPU cost of a typed GET through mm's full default stack against a
//! bare hyper-util client with the same typed decode, counted in instructions with valgrind's
//! callgrind (repeatable within about 2% on a shared machine, where wall time is not).
//!
//! Both clients (`bench-client`, crate `mm-bench`) run against one local server in another
//! process (`bench-server`). "Bare hyper" is hyper-util's pooled `legacy::Client`, what a
//! program using hyper directly would take; an informational row compares mm with one bare
//! hyper connection and no pool at all. Each case runs twice under callgrind, with 100 and
//! with 1,100 requests; the difference over 1,000 is the cost per request, without start-up.
//! The task fails when mm costs more than [`LIMIT`] times bare hyper, sequentially or with 64
//! requests in flight. `--python` adds wall and CPU time per request against the Python
//! driver (`xtask/scripts/python_bench.py`, in a temporary virtual environment).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The most mm may cost per request, as a multiple of bare hyper.
const LIMIT: f64 = 1.10;

/// Idle websockets held by one client in `--websockets` (the scale).
const WEBSOCKETS: usize = 10_000;

/// The most heap an idle mm websocket may hold, in bytes.
const WEBSOCKET_LIMIT: usize = 10_000;

/// Request counts of the two runs of each case.
const FEW: u64 = 100;
const MANY: u64 = 1_100;

/// Kills the server when the task ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let python = args.iter().any(|a| a == "--python");
    let websockets = match args.iter().position(|a| a == "--websockets") {
        None => None,
        Some(i) => Some(match args.get(i + 1).filter(|n| !n.starts_with("--")) {
            Some(n) => n
                .parse::<usize>()
                .map_err(|_| format!("--websockets takes a number of connections, not {n:?}"))?,
            None => WEBSOCKETS,
        }),
    };
    if let Some(other) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--python" | "--websockets") && a.parse::<usize>().is_err())
    {
        return Err(format!(
            "unknown option {other:?} (--python, --websockets [N])"
        ));
    }
    if let Some(connections) = websockets {
        return websocket_memory(root, connections);
    }
    let status = Command::new("cargo")
        .current_dir(root)
        .args(["build", "--release", "-p", "mm-bench", "--bins"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building mm-bench failed".into());
    }
    let bin = target_dir(root).join("release");
    let (_server, url) = start_server(&bin.join("bench-server"))?;
    let client = bin.join("bench-client");
    let scratch = std::env::temp_dir().join(format!("mm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {scratch:?}: {e}"))?;

    println!(
        "instructions per typed GET /api/v4/users/me (callgrind, ({MANY} - {FEW} requests) / {}):",
        MANY - FEW
    );
    println!("| case | bare hyper | mm | ratio |\n|---|---|---|---|");
    let mut over = Vec::new();
    let mut mm_sequential = 0.0;
    for (name, in_flight) in [("sequential", 1), ("64 in flight", 64)] {
        let hyper = per_request(&client, &url, "hyper", in_flight, false, &scratch)?;
        let mm = per_request(&client, &url, "mm", in_flight, false, &scratch)?;
        let ratio = mm / hyper;
        println!("| {name} | {hyper:.0} | {mm:.0} | {ratio:.3}× |");
        if ratio > LIMIT {
            over.push(format!("{name}: {ratio:.3}×"));
        }
        if in_flight == 1 {
            mm_sequential = mm;
        }
    }
    // The floor: one hyper connection and no pool, so what mm's layers cost above raw hyper.
    let connection = per_request(&client, &url, "conn", 1, false, &scratch)?;
    println!(
        "| sequential, against one bare hyper connection without a pool (not gated) | {connection:.0} | {mm_sequential:.0} | {:.3}× |",
        mm_sequential / connection
    );
    let hyper = per_request(&client, &url, "hyper", 1, true, &scratch)?;
    let mm = per_request(&client, &url, "mm", 1, true, &scratch)?;
    println!(
        "| 200-user page, sequential (not gated) | {hyper:.0} | {mm:.0} | {:.3}× |",
        mm / hyper
    );
    let _ = std::fs::remove_dir_all(&scratch);
    if python {
        python_comparison(root, &client, &url)?;
    }
    if over.is_empty() {
        println!("bench: mm is within {LIMIT}× of bare hyper");
        Ok(())
    } else {
        Err(format!(
            "mm costs more than {LIMIT}× bare hyper per request ({})",
            over.join(", ")
        ))
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Starts `bench-server` on a free port and reads the URL it prints.
fn start_server(program: &Path) -> Result<(Server, String), String> {
    let mut child = Command::new(program)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let stdout = child.stdout.take().ok_or("the server has no stdout")?;
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the server's URL: {e}"))?;
    let url = line.trim().to_owned();
    if !url.starts_with("http://") {
        return Err(format!("the server printed {url:?}, not its URL"));
    }
    Ok((server, url))
}

/// Instructions per request of one client and case, start-up subtracted.
fn per_request(
    client: &Path,
    url: &str,
    which: &str,
    in_flight: u64,
    page: bool,
    scratch: &Path,
) -> Result<f64, String> {
    let few = instructions(client, url, which, in_flight, page, FEW, scratch)?;
    let many = instructions(client, url, which, in_flight, page, MANY, scratch)?;
    Ok(many.saturating_sub(few) as f64 / (MANY - FEW) as f64)
}

/// The instructions callgrind counts for one run of `bench-client` (all its threads).
fn instructions(
    client: &Path,
    url: &str,
    which: &str,
    in_flight: u64,
    page: bool,
    requests: u64,
    scratch: &Path,
) -> Result<u64, String> {
    let out = scratch.join(format!(
        "callgrind-{which}-{in_flight}-{page}-{requests}.out"
    ));
    let mut command = Command::new("valgrind");
    command
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(client)
        .args([url, "--client", which])
        .args(["--requests", &requests.to_string()])
        .args(["--in-flight", &in_flight.to_string()]);
    if page {
        command.arg("--page");
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run valgrind ({e}); install it (apt-get install valgrind)"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-client --client {which} failed under callgrind: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .join(" / ")
        ));
    }
    let profile =
        std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    profile
        .lines()
        .find_map(|line| {
            line.strip_prefix("summary:")
                .or_else(|| line.strip_prefix("totals:"))
        })
        .and_then(|total| total.trim().parse().ok())
        .ok_or_else(|| format!("no instruction total in {}", out.display()))
}

/// Wall and CPU time per request of the Python driver, mm and bare hyper against the same
/// server, in one run.
fn python_comparison(root: &Path, client: &Path, url: &str) -> Result<(), String> {
    let venv = std::env::temp_dir().join(format!("mm-bench-venv-{}", std::process::id()));
    let result = python_comparison_in(root, client, url, &venv);
    let _ = std::fs::remove_dir_all(&venv);
    result
}

fn python_comparison_in(root: &Path, client: &Path, url: &str, venv: &Path) -> Result<(), String> {
    let run = |command: &mut Command, what: &str| -> Result<String, String> {
        let output = command
            .output()
            .map_err(|e| format!("cannot run {what}: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "{what} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(venv),
        "python3 -m venv",
    )?;
    let python = venv.join("bin").join("python");
    run(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "mattermostautodriver==11.11.1",
        ]),
        "pip install mattermostautodriver",
    )?;
    let script = root.join("xtask").join("scripts").join("python_bench.py");
    println!(
        "\nwall and CPU time per request, one client process each, same server (means of 2,000 requests; 200 for the page):"
    );
    println!("| request | client | wall per request | CPU per request |\n|---|---|---|---|");
    for (label, page, requests) in [
        ("GET /users/me", false, 2_000),
        ("GET 200 users", true, 200),
    ] {
        let mut python_command = Command::new(&python);
        python_command
            .arg(&script)
            .arg(url)
            .args(["--requests", &requests.to_string()]);
        if page {
            python_command.arg("--page");
        }
        let python_line = run(&mut python_command, "the Python benchmark")?;
        print_row(label, "Python mattermostautodriver 11.11.1", &python_line)?;
        for which in ["hyper", "mm"] {
            let mut command = Command::new(client);
            command
                .args([url, "--client", which])
                .args(["--requests", &requests.to_string()]);
            if page {
                command.arg("--page");
            }
            let line = run(&mut command, "bench-client")?;
            let name = if which == "mm" {
                "mm (full stack)"
            } else {
                "bare hyper-util + typed decode"
            };
            print_row(label, name, &line)?;
        }
    }
    Ok(())
}

/// Prints a row from a `requests wall_ns cpu_ns` line.
fn print_row(label: &str, client: &str, line: &str) -> Result<(), String> {
    let numbers: Vec<f64> = line
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [requests, wall, cpu] = numbers.as_slice() else {
        return Err(format!(
            "{client} printed {line:?}, not `requests wall_ns cpu_ns`"
        ));
    };
    println!(
        "| {label} | {client} | {:.0} µs | {:.0} µs |",
        wall / requests / 1_000.0,
        cpu / requests / 1_000.0
    );
    Ok(())
}

/// `--websockets N`: the heap per idle websocket, mm vs bare tokio-tungstenite, against
/// mm-mock in another process; fails above [`WEBSOCKET_LIMIT`] bytes for mm.
fn websocket_memory(root: &Path, connections: usize) -> Result<(), String> {
    let status = Command::new("cargo")
        .current_dir(root)
        .args([
            "build",
            "--release",
            "-p",
            "mm-bench",
            "-p",
            "mm-mock",
            "--bins",
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("building mm-bench and mm-mock failed".into());
    }
    let bin = target_dir(root).join("release");
    let mut child = Command::new(bin.join("mm-mock"))
        .args(["--port", "0", "--seed"])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start mm-mock: {e}"))?;
    let stdout = child.stdout.take().ok_or("mm-mock has no stdout")?;
    let _server = Server(child);
    let mut url = None;
    let mut token = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("cannot read mm-mock's output: {e}"))?;
        if let Some(rest) = line.strip_prefix("mm-mock listening on ") {
            url = Some(rest.trim().to_owned());
        }
        if line.starts_with("admin:") {
            token = line.rsplit(' ').next().map(str::to_owned);
        }
        if line.starts_with("stop with") {
            break;
        }
    }
    let (Some(url), Some(token)) = (url, token) else {
        return Err("mm-mock did not print its URL and the admin token".into());
    };
    println!(
        "heap per idle websocket, {connections} connections held by one client process, mm-mock in another (counting allocator):"
    );
    println!(
        "| client | read buffer | bytes per connection | open 1st half | open 2nd half |\n|---|---|---|---|---|"
    );
    let mut mm_default = 0;
    for (client, buffer) in [
        ("tungstenite", 4096),
        ("mm", 4096),
        ("tungstenite", 8192),
        ("mm", 8192),
    ] {
        let output = Command::new(bin.join("bench-ws"))
            .args([&url, &token, "--client", client])
            .args(["--connections", &connections.to_string()])
            .args(["--read-buffer", &buffer.to_string()])
            .output()
            .map_err(|e| format!("cannot run bench-ws: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "bench-ws --client {client} failed (the fd limit is `ulimit -n`; each connection needs one): {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let line = String::from_utf8_lossy(&output.stdout);
        let numbers: Vec<usize> = line
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [_, per_connection, first, second] = numbers.as_slice() else {
            return Err(format!("bench-ws printed {line:?}"));
        };
        let name = if client == "mm" {
            "mm (Driver::websocket)"
        } else {
            "bare tokio-tungstenite"
        };
        println!(
            "| {name} | {} KiB | {per_connection} | {first} ms | {second} ms |",
            buffer / 1024
        );
        if client == "mm" && buffer == 4096 {
            mm_default = *per_connection;
        }
    }
    if mm_default > WEBSOCKET_LIMIT {
        return Err(format!(
            "an idle mm websocket holds {mm_default} bytes with the default read buffer, above {WEBSOCKET_LIMIT}"
        ));
    }
    println!("bench: an idle mm websocket holds {mm_default} bytes (limit {WEBSOCKET_LIMIT})");
    Ok(())
}
