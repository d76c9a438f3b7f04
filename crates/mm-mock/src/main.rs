//! The server double as a program, for bots written in any language:
//!
//! ```text
//! cargo run -p mm-mock -- --port 8065 --seed
//! ```
//!
//! It prints its URL (and, with `--seed`, the seeded users' credentials and tokens), serves
//! until Ctrl-C (SIGINT) or SIGTERM, then stops.

use std::process::ExitCode;

use mm_mock::MockServer;

const USAGE: &str = "usage: mm-mock [--port PORT] [--seed] [--server-version VERSION]

  --port PORT               listen on 127.0.0.1:PORT (default 8065; 0 picks a free port)
  --seed                    create an admin, a user, a team and a channel, and print them
  --server-version VERSION  the version it claims (X-Version-Id, websocket hello)";

struct Options {
    port: u16,
    seed: bool,
    server_version: Option<String>,
}

/// The options, or `None` when `--help` was asked for.
fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        port: 8065,
        seed: false,
        server_version: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--port" => {
                let value = iter.next().ok_or("--port needs a number")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port {value:?} is not a port number (0-65535)"))?;
            }
            "--seed" => options.seed = true,
            "--server-version" => {
                options.server_version = Some(
                    iter.next()
                        .ok_or("--server-version needs a version")?
                        .clone(),
                );
            }
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    Ok(Some(options))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("mm-mock: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mm-mock: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(options))
}

async fn serve(options: Options) -> ExitCode {
    let mut builder = MockServer::builder().port(options.port);
    if let Some(version) = &options.server_version {
        builder = builder.server_version(version);
    }
    let server = match builder.start().await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("mm-mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("mm-mock listening on {}", server.url());
    println!("websocket: {}", server.websocket_url());
    if options.seed {
        let seed = server.seed();
        for (role, user) in [("admin", &seed.admin), ("user", &seed.user)] {
            println!(
                "{role}: id {} login {} password {} token {}",
                user.id, user.username, user.password, user.token
            );
        }
        println!("team: id {} name {}", seed.team_id, seed.team_name);
        println!("channel: id {} name {}", seed.channel_id, seed.channel_name);
    }
    println!("stop with Ctrl-C");
    if let Err(error) = shutdown_signal().await {
        eprintln!("mm-mock: cannot wait for a signal: {error}");
        return ExitCode::FAILURE;
    }
    server.shutdown().await;
    println!("mm-mock stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM where there is one (what `kill` and process managers send).
async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
