//! The connection task: connect (authenticated at the upgrade, so that resume works), read
//! events and replies, ping, detect dead peers, reconnect with backoff and resume.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::{SinkExt, Stream, StreamExt};
use http::{HeaderMap, Method, Uri};
use mm_transport::proxy::ProxyConnector;
use mm_transport::{AuthProvider, BaseUrl, Error, ErrorKind, ProxyConfig, TlsConfig};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message as Frame;
use tower::Service;

use crate::config::WebsocketConfig;
use crate::event::{Broadcast, Event, EventData, EventType};
use crate::url::websocket_url;

/// What the stream yields: events, and what happens to the connection.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// An event from the server.
    Event(Box<Event>),
    /// A new connection is open (its `hello` arrived).
    Connected {
        /// The connection id.
        connection_id: String,
    },
    /// The connection dropped; the client waits `delay` before attempt `attempt`.
    Reconnecting {
        /// 1 for the first attempt after a drop.
        attempt: u32,
        /// The wait before it.
        delay: Duration,
    },
    /// The connection was resumed: no event was lost. It comes with the resumed socket's first
    /// frame (the reply to the ping sent at once, or an event), before any replayed event.
    Resumed {
        /// The connection id.
        connection_id: String,
    },
    /// The server could not resume the connection: events were lost. Refetch what you need over
    /// REST. The stream continues on the new connection.
    Missed {
        /// The new connection id.
        connection_id: String,
    },
}

/// How to reach and authenticate with the server.
#[derive(Clone)]
pub struct ConnectOptions {
    /// The server.
    pub base: BaseUrl,
    /// Authentication headers for the upgrade request (Bearer token or your provider).
    pub auth: Option<Arc<dyn AuthProvider>>,
    /// TLS settings (shared with the HTTP client).
    pub tls: TlsConfig,
    /// Proxy settings (shared with the HTTP client).
    pub proxy: ProxyConfig,
    /// Ping, keepalive and reconnect settings.
    pub config: WebsocketConfig,
    /// Only these event types are decoded and delivered (all when `None`); others are skipped
    /// after reading their name. `hello` is always handled.
    pub only: Option<HashSet<EventType>>,
}

impl fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("base", &self.base)
            .field("auth", &self.auth.as_ref().map(|_| "***"))
            .field("tls", &self.tls)
            .field("proxy", &self.proxy)
            .field("config", &self.config)
            .finish()
    }
}

/// What a [`Handle`] asks of the connection task. An action is boxed: the channel's slots
/// (allocated 32 at a time per connection, even when idle) then take 16 bytes, not 64.
enum Command {
    Request(Box<ActionRequest>),
    Close,
}

struct ActionRequest {
    action: String,
    data: Value,
    reply: oneshot::Sender<Result<Value, Error>>,
}

/// A message on its way to [`Events`], its (rare) error boxed: the channel's slots, allocated
/// 32 at a time per connection even when idle, then take the size of a `Message` rather than
/// the 96 bytes of an inline `Error`.
type Delivery = Result<Message, Box<Error>>;

/// Sends actions and closes the connection; cheap to clone, usable from any task.
#[derive(Debug, Clone)]
pub struct Handle {
    commands: mpsc::UnboundedSender<Command>,
    timeout: Duration,
}

/// The stream of [`Message`]s. Dropping it closes the connection.
#[derive(Debug)]
pub struct Events {
    messages: mpsc::Receiver<Delivery>,
    handle: Handle,
}

impl Events {
    /// A handle for actions.
    pub fn handle(&self) -> Handle {
        self.handle.clone()
    }
}

impl Stream for Events {
    type Item = Result<Message, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.messages
            .poll_recv(cx)
            .map(|delivery| delivery.map(|message| message.map_err(|error| *error)))
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.handle.commands.send(Command::Close);
    }
}

fn ws_error(message: impl Into<String>) -> Error {
    Error::websocket(message)
}

impl Handle {
    /// Sends `action` with `data` and waits for its reply (matched by `seq_reply`).
    pub async fn request(&self, action: &str, data: Value) -> Result<Value, Error> {
        let (reply, answer) = oneshot::channel();
        self.commands
            .send(Command::Request(Box::new(ActionRequest {
                action: action.to_owned(),
                data,
                reply,
            })))
            .map_err(|_| ws_error("the websocket is closed"))?;
        match tokio::time::timeout(self.timeout, answer).await {
            Err(_) => Err(ws_error(format!(
                "no reply to `{action}` within {:?}",
                self.timeout
            ))),
            Ok(Err(_)) => Err(ws_error(format!(
                "the connection closed before `{action}` was answered"
            ))),
            Ok(Ok(result)) => result,
        }
    }

    /// `ping`: the server's answer.
    pub async fn ping(&self) -> Result<Pong, Error> {
        let reply = self.request("ping", Value::Null).await?;
        serde_json::from_value(reply)
            .map_err(|e| ws_error(format!("the ping reply did not decode ({e})")))
    }

    /// `user_typing` in a channel (or thread, with `parent_id`).
    pub async fn user_typing(
        &self,
        channel_id: &str,
        parent_id: Option<&str>,
    ) -> Result<(), Error> {
        self.request(
            "user_typing",
            json!({"channel_id": channel_id, "parent_id": parent_id.unwrap_or_default()}),
        )
        .await
        .map(drop)
    }

    /// `get_statuses`: statuses of the users the server has cached (not offline ones).
    pub async fn get_statuses(&self) -> Result<HashMap<String, String>, Error> {
        statuses(self.request("get_statuses", Value::Null).await?)
    }

    /// `get_statuses_by_ids`: each user's status (`offline` for unknown ids).
    pub async fn get_statuses_by_ids(
        &self,
        user_ids: &[&str],
    ) -> Result<HashMap<String, String>, Error> {
        statuses(
            self.request("get_statuses_by_ids", json!({"user_ids": user_ids}))
                .await?,
        )
    }

    /// `presence`: the channel (or team) the user is looking at.
    pub async fn presence(
        &self,
        channel_id: Option<&str>,
        team_id: Option<&str>,
    ) -> Result<(), Error> {
        let mut data = serde_json::Map::new();
        if let Some(channel_id) = channel_id {
            data.insert("channel_id".into(), json!(channel_id));
        }
        if let Some(team_id) = team_id {
            data.insert("team_id".into(), json!(team_id));
        }
        self.request("presence", Value::Object(data))
            .await
            .map(drop)
    }

    /// `user_update_active_status`.
    pub async fn user_update_active_status(
        &self,
        user_is_active: bool,
        manual: bool,
    ) -> Result<(), Error> {
        self.request(
            "user_update_active_status",
            json!({"user_is_active": user_is_active, "manual": manual}),
        )
        .await
        .map(drop)
    }

    /// `posted_notify_ack` for a `posted` event with `should_ack`.
    pub async fn posted_notify_ack(
        &self,
        post_id: &str,
        status: &str,
        reason: Option<&str>,
    ) -> Result<(), Error> {
        let mut data = json!({"post_id": post_id, "status": status});
        if let Some(reason) = reason {
            data["reason"] = json!(reason);
        }
        self.request("posted_notify_ack", data).await.map(drop)
    }

    /// Whether the connection task has ended.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }

    /// Closes the connection promptly and stops reconnecting.
    pub fn close(&self) {
        let _ = self.commands.send(Command::Close);
    }
}

/// The reply to `ping`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct Pong {
    /// `pong`.
    pub text: String,
    /// The server version (`11.6.0`).
    pub version: String,
    /// The server's clock, milliseconds since the epoch.
    pub server_time: i64,
    /// The cluster node that answered (empty without a cluster).
    pub node_id: String,
}

fn statuses(data: Value) -> Result<HashMap<String, String>, Error> {
    if data.is_null() {
        return Ok(HashMap::new());
    }
    serde_json::from_value(data)
        .map_err(|e| ws_error(format!("a status reply did not decode ({e})")))
}

/// Connects and returns the stream; the first item is `Connected` once `hello` arrived.
pub async fn connect(options: ConnectOptions) -> Result<Events, Error> {
    let (messages_tx, messages) = mpsc::channel(256);
    let (commands, commands_rx) = mpsc::unbounded_channel();
    let handle = Handle {
        commands,
        timeout: options.config.action_timeout,
    };
    let mut task = Connection {
        options,
        messages: messages_tx,
        commands: commands_rx,
        connection_id: String::new(),
        expected_seq: 0,
        failed_attempts: 0,
        silent_resumes: 0,
        next_request: 1,
        pending: HashMap::new(),
        resume_pending: false,
    };
    // The first connection is made before returning, so that a bad token or URL is an error
    // here rather than a stream that ends.
    let socket = task.open(false).await?;
    tokio::spawn(task.run(socket));
    Ok(Events { messages, handle })
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}
type Socket = WebSocketStream<crate::upgrade::UpgradedIo>;

/// A frame as it arrives: an event (`event`, `seq`, `broadcast`, `data`) or a reply (`status`,
/// `seq_reply`, `data`, `error`). `data` stays raw text until it is needed.
#[derive(serde::Deserialize)]
struct RawFrame<'a> {
    #[serde(borrow)]
    event: Option<std::borrow::Cow<'a, str>>,
    seq: Option<i64>,
    broadcast: Option<Broadcast>,
    #[serde(borrow)]
    data: Option<&'a serde_json::value::RawValue>,
    status: Option<String>,
    seq_reply: Option<i64>,
    error: Option<Value>,
}

/// How a connection ended.
enum Ended {
    /// `close()` or the stream was dropped.
    Closed,
    /// A resumed socket got no answer at all, or closed before one: the token was refused.
    Refused,
    /// Lost: dropped, dead peer, or (`immediate`) a gap in `seq`.
    Lost { reason: String, immediate: bool },
}

/// Waits until `Close`, answering requests with an error meanwhile.
async fn until_closed(commands: &mut mpsc::UnboundedReceiver<Command>) {
    while !wait_for_close(commands).await {}
}

/// Waits for `Close` (true) or a request (false, answered with an error) on the commands.
async fn wait_for_close(commands: &mut mpsc::UnboundedReceiver<Command>) -> bool {
    match commands.recv().await {
        Some(Command::Request(request)) => {
            let ActionRequest { action, reply, .. } = *request;
            let _ = reply.send(Err(ws_error(format!(
                "`{action}` was not sent: the websocket is busy reconnecting or delivering"
            ))));
            false
        }
        Some(Command::Close) | None => true,
    }
}

/// Resumed sockets in a row that may end before their first frame before the token is taken
/// as refused.
const MAX_SILENT_RESUMES: u32 = 3;

struct Connection {
    options: ConnectOptions,
    messages: mpsc::Sender<Delivery>,
    commands: mpsc::UnboundedReceiver<Command>,
    connection_id: String,
    expected_seq: i64,
    /// Reconnect attempts since a socket last delivered a frame: the backoff keeps growing
    /// across resumes that never prove alive.
    failed_attempts: u32,
    /// Resumed sockets in a row that ended before their first frame.
    silent_resumes: u32,
    next_request: i64,
    pending: HashMap<i64, oneshot::Sender<Result<Value, Error>>>,
    /// A resumed socket whose outcome (resumed or missed) the first frame will tell.
    resume_pending: bool,
}

impl Connection {
    /// Dials, authenticates at the upgrade, and for a new connection waits for `hello`.
    async fn open(&mut self, resume: bool) -> Result<Socket, Error> {
        let mut url = websocket_url(&self.options.base)?.to_string();
        if resume && !self.connection_id.is_empty() {
            url.push_str(&format!(
                "?connection_id={}&sequence_number={}",
                self.connection_id, self.expected_seq
            ));
        }
        let uri: Uri = url
            .parse()
            .map_err(|_| Error::config("bad websocket URL"))?;
        let challenge = self.options.config.authenticate_with_challenge;
        let mut challenge_token = None;
        let mut upgrade_headers = HeaderMap::new();
        if let Some(auth) = &self.options.auth {
            let headers: HeaderMap = auth.headers(&Method::GET, &uri).await?;
            if challenge {
                challenge_token = headers
                    .get(http::header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split_once(' '))
                    .map(|(_, token)| token.to_owned());
            } else {
                upgrade_headers = headers;
            }
        }
        let mut config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default();
        config.max_message_size = Some(self.options.config.max_message_size);
        config.max_frame_size = Some(self.options.config.max_message_size);
        // Small buffers: an idle connection should cost little (they grow for large frames).
        config.read_buffer_size = self.options.config.read_buffer_size;
        config.write_buffer_size = 0;
        // Dialing, TLS, the upgrade (by hyper: tungstenite never sees the credentials) and the
        // challenge are bounded too: a host that accepts TCP and stays silent must not hang the
        // caller.
        let limit = self.options.config.hello_timeout;
        let opened = tokio::time::timeout(limit, async {
            let stream = self.dial(&uri).await?;
            let mut upgraded = crate::upgrade::upgrade(stream, &uri, upgrade_headers).await?;
            if challenge && !resume {
                let token = challenge_token.take().ok_or_else(|| {
                    Error::config(
                        "challenge authentication needs a Bearer token from the auth provider",
                    )
                })?;
                let frame = json!({"seq": 1, "action": "authentication_challenge", "data": {"token": token}});
                crate::upgrade::write_text_frame(&mut upgraded, &frame.to_string()).await?;
            }
            Ok::<_, Error>(crate::upgrade::websocket(upgraded, config).await)
        })
        .await
        .map_err(|_| ws_error(format!("the websocket did not open within {limit:?}")))?;
        let mut socket = opened?;
        self.next_request = 1;
        if resume {
            return Ok(socket);
        }
        if challenge {
            // Its OK reply comes after `hello` and is ignored.
            self.next_request = 2;
        }
        // A new connection: the server says hello once the upgrade was authenticated. A bad
        // token gets no hello (the server closes the socket after about 5 s).
        let deadline = self.options.config.hello_timeout;
        let hello = tokio::time::timeout(deadline, async {
            while let Some(frame) = socket.next().await {
                use tokio_tungstenite::tungstenite::Error as WsError;
                use tokio_tungstenite::tungstenite::error::ProtocolError;
                match frame {
                    // Closed or reset: what the server does with a bad token.
                    Err(
                        WsError::ConnectionClosed
                        | WsError::AlreadyClosed
                        | WsError::Io(_)
                        | WsError::Protocol(ProtocolError::ResetWithoutClosingHandshake),
                    ) => return Ok(None),
                    // Not a websocket any more: a protocol error, not a credentials problem.
                    Err(error) => return Err(error),
                    Ok(Frame::Text(text)) => {
                        if let Ok(value) = serde_json::from_str::<Value>(text.as_str())
                            && value["event"] == "hello"
                        {
                            return Ok(Some(value));
                        }
                    }
                    Ok(_) => {}
                }
            }
            Ok(None)
        })
        .await;
        match hello {
            Ok(Err(error)) => Err(ws_error(format!(
                "the websocket broke before `hello` ({})",
                mm_transport::excerpt::excerpt(error.to_string().as_bytes())
            ))),
            Ok(Ok(Some(hello))) => {
                self.connection_id = hello["data"]["connection_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                // Saturating: a hostile `seq` of i64::MAX must not overflow (a gap follows and
                // the connection is renewed).
                self.expected_seq = hello["seq"].as_i64().unwrap_or_default().saturating_add(1);
                let _ = self
                    .messages
                    .send(Ok(Message::Connected {
                        connection_id: self.connection_id.clone(),
                    }))
                    .await;
                Ok(socket)
            }
            _ => Err(Error::new(
                ErrorKind::NoAccessTokenProvided,
                format!(
                    "the server sent no `hello` within {deadline:?}: the token was not accepted or the connection was closed"
                ),
            )),
        }
    }

    async fn dial(&self, uri: &Uri) -> Result<Box<dyn Io>, Error> {
        let host = uri.host().unwrap_or_default().to_owned();
        let secure = uri.scheme_str() == Some("wss");
        let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
        let target: Uri = format!("{}://{host}:{port}", if secure { "https" } else { "http" })
            .parse()
            .map_err(|_| Error::config("bad websocket host"))?;
        let mut connector = ProxyConnector::with_defaults(self.options.proxy.clone());
        // The TCP connection (or proxy tunnel) failed: nothing was sent, as for HTTP.
        let tcp = connector
            .call(target)
            .await
            .map_err(|e| {
                Error::new(ErrorKind::Connect, "could not connect to the server").with_source(e)
            })?
            .into_inner();
        if !secure {
            return Ok(Box::new(tcp));
        }
        let config = self.options.tls.client_config(&[])?;
        let name = rustls_pki_types::ServerName::try_from(host.clone())
            .map_err(|_| Error::config(format!("{host} is not a valid TLS server name")))?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(Error::from_client)?;
        Ok(Box::new(tls))
    }

    async fn send_message(&mut self, message: Message) -> bool {
        self.deliver(Ok(message)).await
    }

    /// The connection task. A plain function returning an `async move` block: an `async fn`
    /// would keep its arguments twice in its state (the parameters and their moved copies).
    #[allow(clippy::manual_async_fn)] // on purpose: see above
    fn run(mut self, mut socket: Socket) -> impl std::future::Future<Output = ()> + Send {
        async move {
            let mut resumed = false;
            loop {
                let ended = self.serve(&mut socket, resumed).await;
                for (_, reply) in self.pending.drain() {
                    let _ = reply.send(Err(ws_error("the connection was lost before the reply")));
                }
                // Close the old socket first: a server resumes only a connection it sees as gone.
                let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
                drop(socket);
                let (reason, immediate) = match ended {
                    Ended::Closed => return,
                    Ended::Refused => {
                        let _ = self
                        .messages
                        .send(Err(Box::new(Error::new(
                            ErrorKind::NoAccessTokenProvided,
                            "the server stopped answering after a reconnect: the token is no longer accepted",
                        ))))
                        .await;
                        return;
                    }
                    Ended::Lost { reason, immediate } => (reason, immediate),
                };
                if !self.options.config.keepalive {
                    let _ = self
                        .messages
                        .send(Err(Box::new(ws_error(format!(
                            "the websocket connection was lost ({reason}); keepalive is off"
                        )))))
                        .await;
                    return;
                }
                // Boxed: its state (dialing, TLS, the upgrade) would otherwise size the future of
                // every idle connection.
                match Box::pin(self.reconnect(immediate)).await {
                    Some(new_socket) => {
                        socket = new_socket;
                        resumed = !self.options.config.authenticate_with_challenge;
                    }
                    None => return,
                }
            }
        }
    }

    /// Sends a message to the stream unless the client is closed meanwhile.
    async fn deliver(&mut self, message: Result<Message, Error>) -> bool {
        tokio::select! {
            sent = self.messages.send(message.map_err(Box::new)) => sent.is_ok(),
            _ = until_closed(&mut self.commands) => false,
        }
    }

    /// Backoff with jitter (none for the first attempt after a `seq` gap), then resume;
    /// `None` when closed meanwhile.
    async fn reconnect(&mut self, immediate: bool) -> Option<Socket> {
        loop {
            self.failed_attempts = self.failed_attempts.saturating_add(1);
            let attempt = self.failed_attempts;
            let delay = if immediate && attempt == 1 {
                Duration::ZERO
            } else {
                self.options.config.reconnect_delay(attempt)
            };
            if !self
                .deliver(Ok(Message::Reconnecting { attempt, delay }))
                .await
            {
                return None;
            }
            let sleep = tokio::time::sleep(delay);
            tokio::pin!(sleep);
            loop {
                tokio::select! {
                    _ = &mut sleep => break,
                    command = self.commands.recv() => match command {
                        Some(Command::Request(request)) => {
                            let ActionRequest { action, reply, .. } = *request;
                            let _ = reply.send(Err(ws_error(format!("`{action}` was not sent: the websocket is reconnecting"))));
                        }
                        Some(Command::Close) | None => return None,
                    },
                }
            }
            // Challenge-authenticated connections cannot be resumed: open a new one.
            let challenge = self.options.config.authenticate_with_challenge;
            let previous = self.connection_id.clone();
            // `open` needs the connection mutably; the commands are watched on the side so that
            // `close()` is honoured even while dialing or waiting for `hello`.
            let (_, placeholder) = mpsc::unbounded_channel();
            let mut commands = std::mem::replace(&mut self.commands, placeholder);
            let opened = tokio::select! {
                opened = self.open(!challenge) => Some(opened),
                _ = until_closed(&mut commands) => None,
            };
            self.commands = commands;
            let opened = opened?;
            match opened {
                Ok(socket) if challenge => {
                    let connection_id = self.connection_id.clone();
                    if connection_id != previous
                        && !self.deliver(Ok(Message::Missed { connection_id })).await
                    {
                        return None;
                    }
                    return Some(socket);
                }
                Ok(socket) => {
                    // The first frame tells whether the server resumed (an event with the
                    // expected seq) or could not (a new hello).
                    self.resume_pending = true;
                    return Some(socket);
                }
                // No `hello` (or a 401) on a reconnect: a blip or a restarting server looks the
                // same as a token the server no longer takes. Only several in a row end the
                // stream.
                Err(error) if error.kind() == ErrorKind::NoAccessTokenProvided => {
                    self.silent_resumes += 1;
                    if self.silent_resumes >= MAX_SILENT_RESUMES {
                        let _ = self.deliver(Err(error)).await;
                        return None;
                    }
                    tracing::debug!(%error, attempt, "websocket reconnect got no hello");
                }
                Err(error) => tracing::debug!(%error, attempt, "websocket reconnect failed"),
            }
        }
    }

    /// Sends a text frame. A server that stops reading must not block the connection: the send
    /// is bounded by the ping interval (the longest a live server may take to read), and a
    /// `close()` meanwhile ends it at once.
    async fn send_text(&mut self, socket: &mut Socket, text: String) -> Result<(), Ended> {
        let config = &self.options.config;
        // Without pings, the action timeout bounds a send.
        let limit = if config.ping_interval.is_zero() {
            config.action_timeout
        } else {
            config.ping_interval
        }
        .max(Duration::from_millis(1));
        let sent = tokio::select! {
            sent = tokio::time::timeout(limit, socket.send(Frame::text(text))) => sent,
            _ = until_closed(&mut self.commands) => return Err(Ended::Closed),
        };
        match sent {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(Ended::Lost {
                reason: "send failed".into(),
                immediate: false,
            }),
            Err(_) => Err(Ended::Lost {
                reason: format!("the server read nothing for {limit:?}"),
                immediate: false,
            }),
        }
    }

    /// Serves one socket until it ends. A resumed socket is pinged at once: the server answers
    /// nothing on a socket whose token it no longer accepts.
    async fn serve(&mut self, socket: &mut Socket, resumed: bool) -> Ended {
        // A zero interval turns pings off (tokio's interval would panic on it: at least 1 ms).
        let pings = !self.options.config.ping_interval.is_zero();
        let interval = self
            .options
            .config
            .ping_interval
            .max(Duration::from_millis(1));
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
        // A consumer slower than the ping interval must not turn missed ticks into a burst.
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Traffic since the last ping tick: without any, the peer is dead.
        let mut heard = true;
        let mut ping_outstanding = false;
        let mut first_frame_deadline = None;
        if resumed {
            let seq = self.next_request;
            self.next_request = self.next_request.wrapping_add(1);
            let frame = json!({"seq": seq, "action": "ping"});
            if let Err(ended) = self.send_text(socket, frame.to_string()).await {
                return ended;
            }
            first_frame_deadline = Some(Box::pin(tokio::time::sleep(
                self.options.config.hello_timeout,
            )));
        }
        loop {
            tokio::select! {
                _ = async { if let Some(deadline) = first_frame_deadline.as_mut() { deadline.await } else { std::future::pending().await } } => {
                    return Ended::Refused;
                }
                frame = socket.next() => {
                    heard = true;
                    if first_frame_deadline.is_some() {
                        match &frame {
                            Some(Ok(Frame::Text(_))) => first_frame_deadline = None,
                            // Dropped before proving alive: a lost connection (the network,
                            // a restart), unless it keeps happening (a token the server no
                            // longer takes, answered by a close).
                            Some(Ok(Frame::Close(_))) | Some(Err(_)) | None => {
                                self.silent_resumes += 1;
                                if self.silent_resumes >= MAX_SILENT_RESUMES {
                                    return Ended::Refused;
                                }
                                return Ended::Lost { reason: "dropped right after resuming".into(), immediate: false };
                            }
                            _ => {}
                        }
                    }
                    if matches!(frame, Some(Ok(Frame::Text(_)))) {
                        // Alive: the backoff and the count of silent resumes start over.
                        self.failed_attempts = 0;
                        self.silent_resumes = 0;
                    }
                    match frame {
                        Some(Ok(Frame::Text(text))) => {
                            if let Some(ended) = self.on_text(text.as_str()).await {
                                return ended;
                            }
                        }
                        Some(Ok(Frame::Close(_))) | None => {
                            return Ended::Lost { reason: "the server closed the connection".into(), immediate: false };
                        }
                        Some(Err(error)) => return Ended::Lost { reason: format!("{error}"), immediate: false },
                        Some(Ok(_)) => {}
                    }
                }
                command = self.commands.recv() => match command {
                    Some(Command::Request(request)) => {
                        let ActionRequest { action, data, reply } = *request;
                        let seq = self.next_request;
                        self.next_request = self.next_request.wrapping_add(1);
                        let frame = json!({"seq": seq, "action": action, "data": data});
                        if let Err(ended) = self.send_text(socket, frame.to_string()).await {
                            let _ = reply.send(Err(ws_error("the connection was lost while sending")));
                            return ended;
                        }
                        self.pending.insert(seq, reply);
                    }
                    Some(Command::Close) | None => return Ended::Closed,
                },
                _ = ticker.tick(), if pings => {
                    // Until a resumed socket's first frame, its deadline (`hello_timeout`)
                    // decides: a short ping interval must not turn a refused token into
                    // endless reconnects.
                    if first_frame_deadline.is_some() {
                        continue;
                    }
                    if ping_outstanding && !heard {
                        return Ended::Lost { reason: format!("no answer from the server within {interval:?}"), immediate: false };
                    }
                    heard = false;
                    ping_outstanding = true;
                    // Actions whose caller stopped waiting (it timed out) are forgotten: a
                    // reply that never comes must not keep memory for the connection's life.
                    self.pending.retain(|_, reply| !reply.is_closed());
                    let seq = self.next_request;
                    self.next_request = self.next_request.wrapping_add(1);
                    let frame = json!({"seq": seq, "action": "ping"});
                    if let Err(ended) = self.send_text(socket, frame.to_string()).await {
                        return ended;
                    }
                }
            }
        }
    }

    /// Reports [`Message::Resumed`] for the first frame after a resume that is not a `hello`;
    /// `false` when the stream's reader is gone.
    async fn confirm_resumed(&mut self) -> bool {
        if !self.resume_pending {
            return true;
        }
        self.resume_pending = false;
        let resumed = Message::Resumed {
            connection_id: self.connection_id.clone(),
        };
        self.send_message(resumed).await
    }

    /// Handles one text frame; `Some` when the connection must end (a gap in `seq`).
    async fn on_text(&mut self, text: &str) -> Option<Ended> {
        let Ok(frame) = serde_json::from_str::<RawFrame<'_>>(text) else {
            tracing::warn!(
                len = text.len(),
                "skipped a websocket frame that is not JSON"
            );
            return None;
        };
        let Some(name) = frame.event else {
            // A reply: `status` and `seq_reply`, never `event`. On a socket opened to resume,
            // one before any `hello` (the answer to the ping sent at once) proves the resume:
            // a server that could not resume sends its new `hello` before anything else.
            if !self.confirm_resumed().await {
                return Some(Ended::Closed);
            }
            if let Some(reply) = frame.seq_reply.and_then(|seq| self.pending.remove(&seq)) {
                let result = if frame.status.as_deref() == Some("OK") {
                    Ok(frame
                        .data
                        .and_then(|d| serde_json::from_str(d.get()).ok())
                        .unwrap_or(Value::Null))
                } else {
                    let error = frame.error.unwrap_or(Value::Null);
                    let id = error["id"].as_str().unwrap_or_default();
                    let message = error["message"].as_str().unwrap_or_default();
                    Err(ws_error(format!(
                        "the server refused the action ({id}: {message})"
                    )))
                };
                let _ = reply.send(result);
            }
            return None;
        };
        let seq = frame.seq.unwrap_or(-1);
        let event = EventType::from(name.as_ref());
        if event == EventType::Hello {
            let hello: crate::event::Hello = frame
                .data
                .and_then(|d| serde_json::from_str(d.get()).ok())
                .unwrap_or_default();
            let connection_id = hello.connection_id;
            let missed = !self.connection_id.is_empty() && connection_id != self.connection_id;
            self.connection_id = connection_id.clone();
            self.expected_seq = seq.saturating_add(1);
            self.resume_pending = false;
            if missed {
                let _ = self
                    .messages
                    .send(Ok(Message::Missed { connection_id }))
                    .await;
            }
            return None;
        }
        if !self.confirm_resumed().await {
            return Some(Ended::Closed);
        }
        if seq != self.expected_seq {
            // A gap: reconnect at once and resume from what we expected.
            return Some(Ended::Lost {
                reason: format!("expected event seq {} but got {seq}", self.expected_seq),
                immediate: true,
            });
        }
        self.expected_seq = self.expected_seq.saturating_add(1);
        if self
            .options
            .only
            .as_ref()
            .is_some_and(|only| !only.contains(&event))
        {
            // Skipped after reading the name: the data is never decoded.
            return None;
        }
        let data = EventData::decode_raw(&event, frame.data.map_or("null", |d| d.get()));
        if let EventData::Invalid(invalid) = &data {
            // Never silent: the data stays in the event, and the mismatch is logged (the field
            // path only: the error text can quote values, which may be private).
            tracing::warn!(event = %event, seq, path = %invalid.path, "websocket event data does not match its type");
        }
        let event = Event {
            event,
            seq,
            broadcast: frame.broadcast.unwrap_or_default(),
            data,
        };
        if self
            .messages
            .send(Ok(Message::Event(Box::new(event))))
            .await
            .is_err()
        {
            return Some(Ended::Closed);
        }
        None
    }
}
