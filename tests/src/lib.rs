//! Test harness shared by the integration tests: scripted HTTP servers on 127.0.0.1, a raw TCP
//! server for malformed responses, TLS certificates, a CONNECT proxy, a recording sleeper and a
//! log capture.
#![forbid(unsafe_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

pub mod contract;
pub mod differential;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use mm_transport::{BoxFuture, Clock, Jitter, RetryConfig, Sleeper};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub index: usize,
    /// Which TCP connection carried it: 0 for the first the server accepted, 1, ...
    pub connection: usize,
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub version: http::Version,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A response.
    Respond {
        status: StatusCode,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    /// Close the connection without answering.
    Drop,
    /// Never answer.
    Hang,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Self::Respond {
            status: StatusCode::from_u16(status).unwrap(),
            headers: Vec::new(),
            body: Bytes::new(),
        }
    }

    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self::status(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// A Mattermost AppError body.
    pub fn app_error(status: u16, id: &str, message: &str) -> Self {
        Self::json(
            status,
            serde_json::json!({
                "id": id, "message": message, "detailed_error": "",
                "request_id": "req1234567890abcdefghijklm", "status_code": status,
            }),
        )
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    pub fn body(mut self, new_body: impl Into<Bytes>) -> Self {
        if let Self::Respond { body, .. } = &mut self {
            *body = new_body.into();
        }
        self
    }
}

/// A sample Mattermost user, about 700 bytes of JSON.
pub fn user_json(id: &str, username: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "create_at": 1_700_000_000_000_i64, "update_at": 1_700_000_100_000_i64, "delete_at": 0,
        "username": username, "auth_data": "", "auth_service": "", "email": format!("{username}@example.com"),
        "email_verified": true, "nickname": "", "first_name": "Alice", "last_name": "Liddell",
        "position": "Engineer", "roles": "system_user", "allow_marketing": false,
        "notify_props": {"channel": "true", "comments": "never", "desktop": "mention", "desktop_sound": "true",
            "email": "true", "first_name": "false", "mention_keys": "", "push": "mention", "push_status": "away"},
        "last_password_update": 1_700_000_000_000_i64, "last_picture_update": 0, "locale": "en",
        "timezone": {"automaticTimezone": "Europe/Berlin", "manualTimezone": "", "useAutomaticTimezone": "true"},
        "disable_welcome_email": false, "mfa_active": false, "is_bot": false, "bot_description": "",
        "terms_of_service_id": "", "terms_of_service_create_at": 0
    })
}

type Handler = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

/// A scripted HTTP/1.1 + HTTP/2 server on 127.0.0.1 that records every request.
pub struct ScriptedServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ScriptedServer {
    /// A server answering each request with `handler`.
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with_tls(handler, None).await
    }

    /// A server answering with `replies` in order, repeating the last one.
    pub async fn sequence(replies: Vec<Reply>) -> Self {
        Self::start(move |request| replies[request.index.min(replies.len() - 1)].clone()).await
    }

    /// Like [`ScriptedServer::start`], over TLS when `tls` is given.
    pub async fn start_with_tls(
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let counter = Arc::new(AtomicUsize::new(0));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            for connection in 0.. {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let recorded = recorded.clone();
                let counter = counter.clone();
                let tls = tls.clone();
                tokio::spawn(async move {
                    let service =
                        hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                            let handler = handler.clone();
                            let recorded = recorded.clone();
                            let counter = counter.clone();
                            async move {
                                answer(request, connection, &handler, &recorded, &counter).await
                            }
                        });
                    let builder =
                        hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                    match tls {
                        Some(config) => {
                            let acceptor = tokio_rustls::TlsAcceptor::from(config);
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let _ = builder
                                    .serve_connection(TokioIo::new(stream), service)
                                    .await;
                            }
                        }
                        None => {
                            let _ = builder
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        }
                    }
                });
            }
        });
        Self {
            addr,
            requests,
            task,
        }
    }

    /// A TLS server (certificate of `pki`, HTTP/1.1 and HTTP/2) answering every request with a
    /// user.
    pub async fn tls_user(pki: &TestPki) -> Self {
        Self::start_with_tls(
            |_| Reply::json(200, user_json("u1", "alice")),
            Some(pki.server_config.clone()),
        )
        .await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn https_url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the script")
    }
}

impl std::error::Error for Dropped {}

async fn answer(
    request: hyper::Request<Incoming>,
    connection: usize,
    handler: &Handler,
    recorded: &Arc<Mutex<Vec<Recorded>>>,
    counter: &Arc<AtomicUsize>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let record = Recorded {
        index: counter.fetch_add(1, Ordering::SeqCst),
        connection,
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        version: parts.version,
    };
    recorded.lock().unwrap().push(record.clone());
    match handler(&record) {
        Reply::Respond {
            status,
            headers,
            body,
        } => {
            let mut response = hyper::Response::new(Full::new(body));
            *response.status_mut() = status;
            for (name, value) in headers {
                response.headers_mut().append(
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    HeaderValue::from_str(&value).unwrap(),
                );
            }
            Ok(response)
        }
        Reply::Drop => Err(Dropped),
        Reply::Hang => {
            std::future::pending::<()>().await;
            Err(Dropped)
        }
    }
}

/// A TCP server that writes `raw` bytes to every connection and closes it: for truncated and
/// malformed responses.
pub async fn raw_server(raw: &'static [u8]) -> (SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let _ = stream.read(&mut buffer).await;
                let _ = stream.write_all(raw).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (addr, task)
}

/// A port with nothing listening on it.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

/// A minimal HTTP CONNECT proxy that records the targets it was asked for.
pub struct ConnectProxy {
    pub addr: SocketAddr,
    pub targets: Arc<Mutex<Vec<String>>>,
    pub auth_headers: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl ConnectProxy {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let targets = Arc::new(Mutex::new(Vec::new()));
        let auth_headers = Arc::new(Mutex::new(Vec::new()));
        let (t, a) = (targets.clone(), auth_headers.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                let (targets, auth_headers) = (t.clone(), a.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") {
                        if client.read_exact(&mut byte).await.is_err() {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    let head = String::from_utf8_lossy(&head).to_string();
                    let target = head
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_owned();
                    targets.lock().unwrap().push(target.clone());
                    for line in head.lines() {
                        if let Some(value) = line.strip_prefix("Proxy-Authorization: ") {
                            auth_headers.lock().unwrap().push(value.to_owned());
                        }
                    }
                    let Ok(mut upstream) = TcpStream::connect(&target).await else {
                        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    let _ = client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await;
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        Self {
            addr,
            targets,
            auth_headers,
            task,
        }
    }
}

/// A certificate authority and a `localhost` / `127.0.0.1` server certificate it signed.
pub struct TestPki {
    pub ca_pem: String,
    pub server_config: Arc<rustls::ServerConfig>,
}

impl TestPki {
    pub fn new() -> Self {
        use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let leaf_key = KeyPair::generate().unwrap();
        let leaf_params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        let leaf = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
        let mut server_config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone(), ca_cert.der().clone()], key)
            .unwrap();
        server_config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Self {
            ca_pem: ca_cert.pem(),
            server_config: Arc::new(server_config),
        }
    }
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}

/// A sleeper that records the waits and returns at once.
#[derive(Clone, Default)]
pub struct RecordingSleeper {
    pub sleeps: Arc<Mutex<Vec<Duration>>>,
}

impl RecordingSleeper {
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.sleeps.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// A clock stopped at a fixed time.
#[derive(Clone, Copy)]
pub struct FixedClock(pub SystemTime);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// Jitter that always returns the same value.
#[derive(Clone, Copy)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn sample(&self) -> f64 {
        self.0
    }
}

/// The fixed "now" of retry tests: 2023-11-14T22:13:20Z.
pub const NOW_SECS: u64 = 1_700_000_000;

/// Retry settings that never sleep, with the clock at [`NOW_SECS`] and zero jitter.
pub fn test_retry(max_retries: u32, sleeper: &RecordingSleeper) -> RetryConfig {
    RetryConfig {
        max_retries,
        max_sleep: Duration::from_secs(30),
        sleeper: Arc::new(sleeper.clone()),
        clock: Arc::new(FixedClock(
            SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS),
        )),
        jitter: Arc::new(FixedJitter(0.0)),
    }
}

/// Captures everything written by a tracing subscriber, at every level.
#[derive(Clone, Default)]
pub struct LogCapture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl LogCapture {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap()).to_string()
    }

    /// A subscriber writing here at TRACE level; install it with `tracing::subscriber::set_default`.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        let capture = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || capture.clone())
            .with_ansi(false)
            .finish()
    }
}

impl std::io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
