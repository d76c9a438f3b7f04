//! No dependency logs a credential: the `log` records of tungstenite (and everything else) are
//! captured at trace level while websockets open with header and challenge authentication.
//!
//! One test in its own binary (the logger is global), against a peer that speaks the protocol
//! by hand, so that every captured record comes from the client side.

use std::sync::Mutex;

use futures_util::StreamExt;
use mm_driver::Driver;
use mm_driver::ws::WebsocketConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

static CAPTURED: Mutex<String> = Mutex::new(String::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!(
            "{} {}: {}\n",
            record.level(),
            record.target(),
            record.args()
        );
        CAPTURED
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_str(&line);
    }

    fn flush(&self) {}
}

static LOGGER: Capture = Capture;

const TOKEN: &str = "ws-secret-token-0123456789";

/// Accepts websocket upgrades by hand, says hello, then reads and discards what comes.
async fn hand_written_peer() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    let Ok(n) = stream.read(&mut buffer).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    head.extend_from_slice(&buffer[..n]);
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let key = head
                    .lines()
                    .find_map(|l| l.strip_prefix("sec-websocket-key: "))
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                let accept =
                    tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
                let response = format!(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
                );
                let _ = stream.write_all(response.as_bytes()).await;
                let hello = br#"{"event":"hello","seq":0,"data":{"connection_id":"c1","server_version":"11.6.0"},"broadcast":{"omit_users":null,"user_id":"","channel_id":"","team_id":""}}"#;
                let mut frame = vec![0x81, 126];
                frame.extend_from_slice(&(hello.len() as u16).to_be_bytes());
                frame.extend_from_slice(hello);
                let _ = stream.write_all(&frame).await;
                while let Ok(n) = stream.read(&mut buffer).await {
                    if n == 0 {
                        return;
                    }
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn no_credential_reaches_a_dependency_s_log() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let addr = hand_written_peer().await;
    for challenge in [false, true] {
        let mut config = WebsocketConfig::default();
        config.authenticate_with_challenge = challenge;
        let driver = Driver::builder()
            .url(format!("http://{addr}"))
            .token(TOKEN)
            .websocket(config)
            .build()
            .unwrap();
        let mut events = driver.websocket().await.unwrap();
        let _ = events.next().await;
        driver.disconnect();
    }
    let captured = CAPTURED.lock().unwrap().clone();
    assert!(
        captured.contains("tungstenite"),
        "tungstenite's trace records were captured:\n{captured}"
    );
    assert!(
        !captured.contains(TOKEN),
        "the token reached a log:\n{captured}"
    );
}
