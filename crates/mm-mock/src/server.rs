//! The server: listener, connections, the request pipeline (log, faults, rate limit, route),
//! and the public handle.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio::task::{JoinHandle, JoinSet};

use crate::app_error::AppError;
use crate::events::MockEvent;
use crate::faults::{Fault, FaultRule, Faults};
use crate::rate_limit::{Decision, RateLimit, RateLimiter};
use crate::request::{MockRequest, Reply, parse_query};
use crate::request_log::LoggedRequest;
use crate::router::{Resolution, dispatch, resolve};
use crate::routes::Ctx;
use crate::store::{Store, new_id};
use crate::websocket::Hub;

/// Why the mock could not start.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use mm_mock::{MockError, MockServer};
///
/// let first = MockServer::start().await?;
/// // The port is taken: the second server cannot listen.
/// let error = MockServer::builder().port(first.addr().port()).start().await.unwrap_err();
/// assert!(matches!(error, MockError::Bind(_)));
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The listening socket could not be opened.
    #[error("mm-mock could not listen on 127.0.0.1 ({0}); is the loopback interface up?")]
    Bind(#[source] std::io::Error),
}

/// Server settings.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub version: String,
    pub user_access_tokens: bool,
    pub incoming_webhooks: bool,
    pub max_file_size: usize,
}

/// State shared by all connections.
pub(crate) struct Shared {
    store: Mutex<Store>,
    faults: Mutex<Faults>,
    log: Mutex<Vec<LoggedRequest>>,
    limiter: Option<Mutex<RateLimiter>>,
    events: broadcast::Sender<MockEvent>,
    hub: Mutex<Hub>,
    /// Set when the server stops, so that websocket tasks end too.
    closing: tokio::sync::watch::Sender<bool>,
    pub config: Config,
}

/// Locks a mutex, recovering the data if a panicking test thread poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn hub(&self) -> MutexGuard<'_, Hub> {
        lock(&self.hub)
    }

    /// Delivers an event to the websocket connections of its recipients, and to test subscribers.
    pub fn publish(&self, event: MockEvent) {
        self.hub().deliver(&event);
        // No subscriber is fine.
        let _ = self.events.send(event);
    }
}

/// Builds a [`MockServer`] with non-default settings.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use mm_mock::MockServer;
///
/// let server = MockServer::builder()
///     .server_version("9.5.0") // an older server than the default
///     .rate_limit(10.0, 2)     // 10 requests a second, bursts of 2
///     .latency(Duration::from_millis(5))
///     .max_file_size(1 << 20)
///     .start()
///     .await?;
/// let seed = server.seed();
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let (status, body) = call(&server, "GET", "/api/v4/system/ping", &seed.user.token, "").await?;
/// assert_eq!(status, 200);
/// assert!(body.contains(r#""version":"9.5.0""#));
/// call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
/// let (status, body) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
/// assert_eq!((status, body.as_str()), (429, "limit exceeded\n")); // as Mattermost's limiter answers
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct MockServerBuilder {
    config: Config,
    rate_limit: Option<RateLimit>,
    latency: Duration,
    addr: SocketAddr,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                version: crate::SERVER_VERSION.to_owned(),
                user_access_tokens: true,
                incoming_webhooks: true,
                max_file_size: 100 << 20,
            },
            rate_limit: None,
            latency: Duration::ZERO,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl MockServerBuilder {
    /// Limit each token (or anonymous clients together) to `per_second` requests per second
    /// with bursts of `burst`, answering like Mattermost's rate limiter.
    pub fn rate_limit(mut self, per_second: f64, burst: u32) -> Self {
        self.rate_limit = Some(RateLimit { per_second, burst });
        self
    }

    /// The server version it claims (`X-Version-Id`, websocket `hello`); default
    /// [`crate::SERVER_VERSION`]. For testing how a client meets an older or newer server.
    pub fn server_version(mut self, version: &str) -> Self {
        self.config.version = version.to_owned();
        self
    }

    /// Listen on this port of 127.0.0.1 (default 0: a free port, see [`MockServer::url`]).
    pub fn port(mut self, port: u16) -> Self {
        self.addr.set_port(port);
        self
    }

    /// Wait this long before handling each request.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Switch personal access tokens on or off (off: 501, as when the setting is disabled).
    ///
    /// [`incoming_webhooks`](Self::incoming_webhooks) works the same way:
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use mm_mock::MockServer;
    ///
    /// let server = MockServer::builder()
    ///     .user_access_tokens(false)
    ///     .incoming_webhooks(false)
    ///     .start()
    ///     .await?;
    /// let seed = server.seed();
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let path = format!("/api/v4/users/{}/tokens", seed.user.id);
    /// let (status, body) = call(&server, "POST", &path, &seed.user.token, r#"{"description":"ci"}"#).await?;
    /// assert_eq!(status, 501);
    /// assert!(body.contains("app.user_access_token.disabled"));
    /// let (status, _) = call(&server, "POST", "/hooks/xq8kd3wggbbyjkp6ebi4f9i6wc", "", r#"{"text":"hi"}"#).await?;
    /// assert_eq!(status, 501);
    /// # Ok(()) }
    /// ```
    pub fn user_access_tokens(mut self, enabled: bool) -> Self {
        self.config.user_access_tokens = enabled;
        self
    }

    /// Switch incoming webhooks on or off (off: 501).
    pub fn incoming_webhooks(mut self, enabled: bool) -> Self {
        self.config.incoming_webhooks = enabled;
        self
    }

    /// The largest file upload accepted (default 100 MiB); larger gives 413.
    pub fn max_file_size(mut self, bytes: usize) -> Self {
        self.config.max_file_size = bytes;
        self
    }

    /// Starts the server on `127.0.0.1`, on a free port unless [`port`](Self::port) chose one.
    pub async fn start(self) -> Result<MockServer, MockError> {
        let listener = TcpListener::bind(self.addr)
            .await
            .map_err(MockError::Bind)?;
        let addr = listener.local_addr().map_err(MockError::Bind)?;
        let (events, _) = broadcast::channel(4096);
        let shared = Arc::new(Shared {
            store: Mutex::new(Store::default()),
            faults: Mutex::new(Faults::with_latency(self.latency)),
            log: Mutex::new(Vec::new()),
            limiter: self
                .rate_limit
                .map(|limit| Mutex::new(RateLimiter::new(limit))),
            events,
            hub: Mutex::new(Hub::default()),
            closing: tokio::sync::watch::channel(false).0,
            config: self.config,
        });
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        Ok(MockServer {
            addr,
            shared,
            task: Some(task),
        })
    }
}

/// An in-process Mattermost server on `127.0.0.1`. Dropping it stops it.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use mm_mock::MockServer;
///
/// let server = MockServer::start().await?;
/// let seed = server.seed(); // users with tokens, a team, a channel
/// println!("listening on {} ({})", server.url(), server.addr());
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let (status, body) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
/// assert_eq!(status, 200);
/// assert!(body.contains(r#""username":"user""#));
///
/// // What the client sent, secrets redacted.
/// let requests = server.requests();
/// assert_eq!(requests[0].path, "/api/v4/users/me");
/// assert_eq!(requests[0].header("authorization"), Some("[redacted]"));
///
/// server.shutdown().await; // or drop it
/// # Ok(()) }
/// ```
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shared.closing.send_replace(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl MockServer {
    /// Starts a server with the default settings.
    pub async fn start() -> Result<Self, MockError> {
        MockServerBuilder::default().start().await
    }

    /// A builder for other settings.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting and closes every connection.
    pub async fn shutdown(mut self) {
        self.shared.closing.send_replace(true);
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Adds a fault rule.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use std::time::Duration;
    /// use mm_mock::{Fault, FaultRule};
    /// use http::Method;
    ///
    /// // The next 2 requests to any post: the connection closes without an answer.
    /// server.inject(FaultRule::new(None, "/api/v4/posts/*", Fault::Drop, 2));
    /// // The next `GET /api/v4/users/me`: a truncated JSON body with a 200.
    /// server.inject(FaultRule::new(Some(Method::GET), "/api/v4/users/me", Fault::MalformedJson, 1));
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let (status, _) = call(&server, "GET", "/api/v4/posts/ag1yb3ekqbd4tkkxhdzjm4y6mo", &seed.user.token, "").await?;
    /// assert_eq!(status, 0); // no answer at all
    /// let (status, body) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
    /// assert_eq!(status, 200);
    /// assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
    /// let (status, _) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
    /// assert_eq!(status, 200); // used up: back to normal
    /// # Ok(()) }
    /// ```
    pub fn inject(&self, rule: FaultRule) {
        lock(&self.shared.faults).add(rule);
    }

    /// Answers the next `times` requests of `method` to `path` with `status`.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use http::Method;
    ///
    /// server.fail_next(Method::GET, "/api/v4/users/me", 503, 2);
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let (status, body) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
    /// assert_eq!(status, 503);
    /// assert!(body.contains("mm_mock.injected_fault")); // an AppError body
    /// call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
    /// let (status, _) = call(&server, "GET", "/api/v4/users/me", &seed.user.token, "").await?;
    /// assert_eq!(status, 200); // a client retrying twice succeeds
    /// # Ok(()) }
    /// ```
    pub fn fail_next(&self, method: Method, path: &str, status: u16, times: usize) {
        self.inject(FaultRule::new(
            Some(method),
            path,
            Fault::Status(status),
            times,
        ));
    }

    /// Sets the latency added to every request.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use std::time::{Duration, Instant};
    ///
    /// server.set_latency(Duration::from_millis(50));
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let started = Instant::now();
    /// call(&server, "GET", "/api/v4/system/ping", "", "").await?;
    /// assert!(started.elapsed() >= Duration::from_millis(50));
    ///
    /// server.clear_faults(); // no latency, no fault rules
    /// let (status, _) = call(&server, "GET", "/api/v4/system/ping", "", "").await?;
    /// assert_eq!(status, 200);
    /// # Ok(()) }
    /// ```
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared.faults).latency = latency;
    }

    /// Removes every fault rule and the latency.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// `ws://127.0.0.1:<port>/api/v4/websocket`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use futures_util::StreamExt;
    /// use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    ///
    /// // A websocket client authenticated at the upgrade, as Mattermost clients are.
    /// let mut request = server.websocket_url().into_client_request()?;
    /// request.headers_mut().insert("authorization", format!("Bearer {}", seed.user.token).parse()?);
    /// let stream = tokio::net::TcpStream::connect(server.addr()).await?;
    /// let (mut socket, _) = tokio_tungstenite::client_async(request, stream).await?;
    ///
    /// // The first frame is `hello`, with the connection id to resume with.
    /// let Some(Ok(frame)) = socket.next().await else { panic!("no hello") };
    /// let hello: serde_json::Value = serde_json::from_str(frame.to_text()?)?;
    /// assert_eq!(hello["event"], "hello");
    /// assert_eq!(hello["data"]["connection_id"].as_str().map(str::len), Some(26));
    /// # Ok(()) }
    /// ```
    pub fn websocket_url(&self) -> String {
        format!("ws://{}/api/v4/websocket", self.addr)
    }

    /// Websocket fault: drop every connection (no close frame) after `events` more events;
    /// `0` drops them now.
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello
    ///
    /// server.ws_drop_after(1);
    /// server.publish(mm_mock::MockEvent::new(
    ///     "typing",
    ///     serde_json::json!({"parent_id": "", "user_id": seed.admin.id}),
    ///     mm_mock::Broadcast { channel_id: seed.channel_id.clone(), ..Default::default() },
    ///     vec![seed.user.id.clone()],
    /// ));
    /// assert!(next_text(&mut socket).await.is_some_and(|frame| frame.contains("typing")));
    /// assert_eq!(next_text(&mut socket).await, None); // then the connection is gone
    ///
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello
    /// server.ws_drop_after(0);
    /// assert_eq!(next_text(&mut socket).await, None); // gone at once
    /// # Ok(()) }
    /// ```
    pub fn ws_drop_after(&self, events: usize) {
        let mut hub = self.shared.hub();
        if events == 0 {
            hub.faults.drop_after = None;
            hub.drop_all();
        } else {
            hub.faults.drop_after = Some(events);
        }
    }

    /// Websocket fault: answer resumes as if the connection were unknown (a new `hello`).
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// let hello: serde_json::Value = serde_json::from_str(&next_text(&mut socket).await.unwrap_or_default())?;
    /// let id = hello["data"]["connection_id"].as_str().unwrap_or_default().to_owned();
    /// drop(socket); // the network drops the connection
    ///
    /// server.ws_refuse_resume(true);
    /// let query = format!("?connection_id={id}&sequence_number=1");
    /// let mut socket = ws(&server, &seed.user.token, &query).await?;
    /// // Not resumed: a new connection, with a new hello (the client must refetch what it missed).
    /// let hello: serde_json::Value = serde_json::from_str(&next_text(&mut socket).await.unwrap_or_default())?;
    /// assert_eq!(hello["event"], "hello");
    /// assert_ne!(hello["data"]["connection_id"], id.as_str());
    /// # Ok(()) }
    /// ```
    pub fn ws_refuse_resume(&self, refuse: bool) {
        self.shared.hub().faults.refuse_resume = refuse;
    }

    /// Websocket fault: stop answering sockets (no pongs, no replies) until switched off.
    ///
    /// Frames that arrive meanwhile wait, in order, and are answered once the stall ends, as by
    /// a server that hung and recovered.
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use std::time::Duration;
    ///
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello
    ///
    /// server.ws_stall(true);
    /// send_text(&mut socket, r#"{"seq": 1, "action": "ping"}"#).await?;
    /// let reply = tokio::time::timeout(Duration::from_millis(200), next_text(&mut socket)).await;
    /// assert!(reply.is_err()); // no pong: a client should declare the peer dead
    ///
    /// server.ws_stall(false);
    /// send_text(&mut socket, r#"{"seq": 2, "action": "ping"}"#).await?;
    /// let late = next_text(&mut socket).await.unwrap_or_default();
    /// assert!(late.contains(r#""seq_reply":1"#)); // the ping sent meanwhile, answered late
    /// let reply = next_text(&mut socket).await.unwrap_or_default();
    /// assert!(reply.contains(r#""seq_reply":2"#));
    /// # Ok(()) }
    /// ```
    pub fn ws_stall(&self, stall: bool) {
        self.shared.hub().faults.stall = stall;
    }

    /// Websocket fault: skip one `seq` number on the next event, so clients see a gap.
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello, seq 0
    ///
    /// server.ws_skip_seq();
    /// server.publish(mm_mock::MockEvent::new(
    ///     "typing",
    ///     serde_json::json!({"parent_id": "", "user_id": seed.admin.id}),
    ///     mm_mock::Broadcast { channel_id: seed.channel_id.clone(), ..Default::default() },
    ///     vec![seed.user.id.clone()],
    /// ));
    /// let event: serde_json::Value = serde_json::from_str(&next_text(&mut socket).await.unwrap_or_default())?;
    /// assert_eq!(event["seq"], 2); // 1 never came: a client should resume from it
    /// # Ok(()) }
    /// ```
    pub fn ws_skip_seq(&self) {
        self.shared.hub().faults.skip_seq = true;
    }

    /// Websocket fault: send `text` as it is (no `seq`) to every open connection, at once.
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello
    ///
    /// let mut other = ws(&server, &seed.admin.token, "").await?;
    /// next_text(&mut other).await; // hello
    ///
    /// server.ws_send_malformed(r#"{"event": "posted", "data": "#);
    /// assert_eq!(next_text(&mut socket).await.as_deref(), Some(r#"{"event": "posted", "data": "#));
    /// assert_eq!(next_text(&mut other).await.as_deref(), Some(r#"{"event": "posted", "data": "#));
    /// # Ok(()) }
    /// ```
    pub fn ws_send_malformed(&self, text: &str) {
        self.shared.hub().send_raw(text);
    }

    /// Every request received so far, secrets redacted.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let login = r#"{"login_id":"user","password":"user-password"}"#;
    /// call(&server, "POST", "/api/v4/users/login?device=ci", "", login).await?;
    ///
    /// let requests = server.requests();
    /// let sent = requests.last().expect("one request");
    /// assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v4/users/login"));
    /// assert_eq!(sent.query_param("device"), Some("ci"));
    /// let body = sent.json().unwrap_or_default();
    /// assert_eq!(body["login_id"], "user");
    /// assert_eq!(body["password"], "[redacted]");
    ///
    /// server.clear_requests();
    /// assert!(server.requests().is_empty());
    /// # Ok(()) }
    /// ```
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.shared.log).clone()
    }

    /// Forgets the logged requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Publishes an event as if a REST call had: websocket connections of its recipients
    /// receive it (for tests and benchmarks of websocket clients).
    ///
    /// ```
    /// # use mm_mock::doc_support::Socket;
    /// # use mm_mock::doc_support::ws;
    /// # use mm_mock::doc_support::next_text;
    /// # use mm_mock::doc_support::send_text;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// use mm_mock::{Broadcast, MockEvent};
    ///
    /// // `ws` connects a websocket client as in `MockServer::websocket_url`'s example.
    /// let mut socket = ws(&server, &seed.user.token, "").await?;
    /// next_text(&mut socket).await; // hello
    ///
    /// server.publish(MockEvent::new(
    ///     "status_change",
    ///     serde_json::json!({"status": "away", "user_id": seed.user.id}),
    ///     Broadcast { user_id: seed.user.id.clone(), ..Broadcast::default() },
    ///     vec![seed.user.id.clone()],
    /// ));
    /// let frame: serde_json::Value = serde_json::from_str(&next_text(&mut socket).await.unwrap_or_default())?;
    /// assert_eq!(frame["event"], "status_change");
    /// assert_eq!(frame["data"]["status"], "away");
    /// assert_eq!(frame["seq"], 1);
    /// # Ok(()) }
    /// ```
    pub fn publish(&self, event: MockEvent) {
        self.shared.publish(event);
    }

    /// Receives every event REST calls publish from now on.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// let mut events = server.subscribe_events();
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let post = format!(r#"{{"channel_id":"{}","message":"hello"}}"#, seed.channel_id);
    /// let (status, _) = call(&server, "POST", "/api/v4/posts", &seed.user.token, &post).await?;
    /// assert_eq!(status, 201);
    ///
    /// let event = events.recv().await?;
    /// assert_eq!(event.event, "posted");
    /// assert!(event.recipients.contains(&seed.admin.id)); // the channel's members
    /// # Ok(()) }
    /// ```
    pub fn subscribe_events(&self) -> broadcast::Receiver<MockEvent> {
        self.shared.events.subscribe()
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // Connections live in the set: when this task is aborted, they are all closed.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let shared = shared.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                        let shared = shared.clone();
                        async move {
                            if crate::websocket::is_websocket(&request) {
                                return Ok(crate::websocket::upgrade(shared, request));
                            }
                            handle(&shared, request).await
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades()
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DropConnection {}

async fn handle(
    shared: &Shared,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, DropConnection> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .map_err(|_| DropConnection)?;
    let request = MockRequest {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(parse_query).unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    lock(&shared.log).push(LoggedRequest::new(
        request.method.clone(),
        request.path.clone(),
        request.query.clone(),
        &request.headers,
        &request.body,
    ));
    let request_id = new_id();
    let (latency, fault) = {
        let mut faults = lock(&shared.faults);
        (faults.latency, faults.take(&request.method, &request.path))
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let reply = match fault {
        Some(Fault::Drop) => return Err(DropConnection),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            None
        }
        Some(Fault::Status(429)) => Some(limit_exceeded(None)),
        Some(Fault::Status(status)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(
                AppError::new(
                    status,
                    "mm_mock.injected_fault",
                    "A fault injected by the test.",
                )
                .into_reply(&request_id),
            )
        }
        Some(Fault::MalformedJson) => Some(Reply {
            status: StatusCode::OK,
            headers: vec![("content-type", "application/json".to_owned())],
            body: Bytes::from_static(br#"{"id": "truncated", "username": "#),
        }),
        None => None,
    };
    let decision = match (&reply, &shared.limiter) {
        (None, Some(limiter)) => {
            let key =
                crate::auth::request_token(&request).unwrap_or_else(|| "anonymous".to_owned());
            Some(lock(limiter).check(&key))
        }
        _ => None,
    };
    let reply = match (reply, decision) {
        (Some(reply), _) => reply,
        (None, Some(decision)) if !decision.allowed => limit_exceeded(Some(decision)),
        (None, _) => route(shared, &request, &request_id),
    };
    let mut reply = reply.header("x-request-id", request_id).header(
        "x-version-id",
        format!("{0}.{0}.mock.false", shared.config.version),
    );
    if let Some(decision) = decision.filter(|d| d.allowed) {
        reply = with_rate_headers(reply, decision);
    }
    Ok(reply.into_response())
}

fn route(shared: &Shared, request: &MockRequest, request_id: &str) -> Reply {
    match resolve(&request.method, &request.path) {
        Resolution::Found(route) => {
            let ctx = Ctx { shared, request };
            dispatch(&ctx, route).unwrap_or_else(|error| error.into_reply(request_id))
        }
        Resolution::WrongMethod => Reply {
            status: StatusCode::METHOD_NOT_ALLOWED,
            headers: Vec::new(),
            body: Bytes::new(),
        },
        Resolution::NotFound => AppError::no_route().into_reply(request_id),
    }
}

fn with_rate_headers(reply: Reply, decision: Decision) -> Reply {
    reply
        .header("x-ratelimit-limit", decision.limit.to_string())
        .header("x-ratelimit-remaining", decision.remaining.to_string())
        .header("x-ratelimit-reset", decision.reset_seconds.to_string())
}

/// Mattermost's rate limiter answer: plain text, no JSON.
fn limit_exceeded(decision: Option<Decision>) -> Reply {
    let decision = decision.unwrap_or(Decision {
        allowed: false,
        limit: 0,
        remaining: 0,
        reset_seconds: 1,
    });
    with_rate_headers(
        Reply::text(StatusCode::TOO_MANY_REQUESTS, "limit exceeded\n"),
        decision,
    )
}
