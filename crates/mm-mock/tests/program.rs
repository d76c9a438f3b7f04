//! `mm-mock` as a program: it prints its URL and seeded credentials, answers over HTTP with
//! them, and stops cleanly on SIGINT (Ctrl-C).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn get(addr: &str, path: &str, token: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to mm-mock");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .expect("send a request");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");
    answer
}

#[test]
fn the_program_serves_seeded_users_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mm-mock"))
        .args(["--port", "0", "--seed", "--server-version", "10.5.0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start mm-mock");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut url = None;
    let mut token = None;
    for line in lines.by_ref() {
        let line = line.expect("a line of output");
        if let Some(rest) = line.strip_prefix("mm-mock listening on http://") {
            url = Some(rest.to_owned());
        }
        if line.starts_with("user: ") {
            token = line.split(" token ").nth(1).map(str::to_owned);
        }
        if line.starts_with("stop with") {
            break;
        }
    }
    let addr = url.expect("the URL is printed");
    let token = token.expect("the seeded user's token is printed");

    let me = get(&addr, "/api/v4/users/me", &token);
    assert!(me.starts_with("HTTP/1.1 200"), "{me}");
    assert!(me.contains("\"username\":\"user\""), "{me}");
    assert!(
        me.to_ascii_lowercase().contains("x-version-id: 10.5.0"),
        "{me}"
    );

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    let exit = child.wait().expect("mm-mock exits");
    assert!(exit.success(), "{exit:?}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert_eq!(rest, vec!["mm-mock stopped".to_owned()]);
}

#[test]
fn bad_arguments_are_explained() {
    let output = Command::new(env!("CARGO_BIN_EXE_mm-mock"))
        .args(["--port", "99999"])
        .output()
        .expect("run mm-mock");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a port number"), "{stderr}");
}
