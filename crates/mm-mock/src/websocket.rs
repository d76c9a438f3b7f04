//! The websocket half of the mock: `GET /api/v4/websocket`, authenticated at the upgrade
//! (header, cookie) or by `authentication_challenge`, `hello` with a `connection_id`,
//! per-connection `seq`, events to the users who would receive them, action replies, and
//! resume as the real server does it: the last 128 events written are kept for replay and up
//! to 256 events queue up while a connection is away.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use crate::events::{Broadcast, MockEvent};
use crate::request::{MockRequest, parse_query};
use crate::server::Shared;
use crate::store::new_id;

/// Written events kept for replay.
const DEAD_QUEUE: usize = 128;
/// Events kept for an absent connection before it is dropped.
const SEND_QUEUE: usize = 256;
/// How long an unauthenticated socket may wait for `authentication_challenge`.
const AUTH_DEADLINE: Duration = Duration::from_secs(5);

/// Faults for websocket tests.
#[derive(Debug, Default, Clone)]
pub(crate) struct WsFaults {
    /// Drop every connection after this many more events.
    pub drop_after: Option<usize>,
    /// Answer every resume as if the connection were unknown.
    pub refuse_resume: bool,
    /// Stop answering sockets: no pongs, no replies (frames wait until the stall ends).
    pub stall: bool,
    /// Skip one `seq` number on the next event (the client sees a gap).
    pub skip_seq: bool,
}

enum Out {
    Text(String),
    /// Close the TCP connection without a close frame, as the real server does.
    Drop,
}

struct Conn {
    user_id: String,
    /// The next `seq` to stamp.
    seq: i64,
    dead: VecDeque<(i64, String)>,
    pending: VecDeque<Value>,
    sender: Option<mpsc::UnboundedSender<Out>>,
}

impl Conn {
    fn stamp_and_send(&mut self, mut frame: Value) -> Option<usize> {
        frame["seq"] = json!(self.seq);
        let text = frame.to_string();
        self.dead.push_back((self.seq, text.clone()));
        if self.dead.len() > DEAD_QUEUE {
            self.dead.pop_front();
        }
        self.seq += 1;
        self.sender.as_ref().map(|s| {
            let _ = s.send(Out::Text(text));
            1
        })
    }
}

/// Every websocket connection, by `connection_id`.
#[derive(Default)]
pub(crate) struct Hub {
    conns: HashMap<String, Conn>,
    /// Users set away by `user_update_active_status`.
    away: std::collections::HashSet<String>,
    pub faults: WsFaults,
}

impl Hub {
    /// Sends `text` as it is (no `seq`, not kept for replay) to every open connection.
    pub fn send_raw(&self, text: &str) {
        for sender in self.conns.values().filter_map(|conn| conn.sender.as_ref()) {
            let _ = sender.send(Out::Text(text.to_owned()));
        }
    }

    /// Drops every open connection at once (no close frame), as a network failure would.
    pub fn drop_all(&mut self) {
        for conn in self.conns.values_mut() {
            if let Some(sender) = conn.sender.take() {
                let _ = sender.send(Out::Drop);
            }
        }
    }

    /// Delivers an event to the connections of its recipients (queued for absent ones).
    pub fn deliver(&mut self, event: &MockEvent) {
        let frame = json!({"event": event.event, "data": event.data, "broadcast": broadcast_json(&event.broadcast)});
        let mut overflowed = Vec::new();
        let mut dropped = 0;
        let skip = std::mem::take(&mut self.faults.skip_seq);
        for (id, conn) in &mut self.conns {
            if !event.recipients.contains(&conn.user_id) {
                continue;
            }
            let frame = personalize(&frame, &conn.user_id);
            if conn.sender.is_some() {
                if skip {
                    conn.seq += 1;
                }
                conn.stamp_and_send(frame);
                dropped += 1;
            } else {
                conn.pending.push_back(frame);
                if conn.pending.len() > SEND_QUEUE {
                    overflowed.push(id.clone());
                }
            }
        }
        for id in overflowed {
            self.conns.remove(&id);
        }
        if let Some(remaining) = self.faults.drop_after.as_mut() {
            *remaining = remaining.saturating_sub(dropped);
            if *remaining == 0 {
                self.faults.drop_after = None;
                self.drop_all();
            }
        }
    }

    fn connected(&self, user_id: &str) -> bool {
        self.conns
            .values()
            .any(|c| c.user_id == user_id && c.sender.is_some())
    }

    /// `online`, `away` or `offline`.
    fn status(&self, user_id: &str) -> &'static str {
        match (self.connected(user_id), self.away.contains(user_id)) {
            (false, _) => "offline",
            (true, true) => "away",
            (true, false) => "online",
        }
    }

    /// Registers a socket: resumes `resume` (connection id, next seq) when it can, else starts a
    /// new connection with `hello`. Returns the connection id.
    fn connect(
        &mut self,
        user_id: &str,
        resume: Option<(String, i64)>,
        sender: mpsc::UnboundedSender<Out>,
    ) -> String {
        if let Some((id, next)) = resume
            && !self.faults.refuse_resume
            && let Some(conn) = self
                .conns
                .get_mut(&id)
                .filter(|c| c.user_id == user_id && c.sender.is_none())
        {
            conn.sender = Some(sender);
            if let Some(start) = conn.dead.iter().position(|(seq, _)| *seq == next) {
                // Replay what the client missed, with the original numbers.
                let replay: Vec<String> = conn
                    .dead
                    .iter()
                    .skip(start)
                    .map(|(_, text)| text.clone())
                    .collect();
                for text in replay {
                    if let Some(s) = &conn.sender {
                        let _ = s.send(Out::Text(text));
                    }
                }
            } else if conn.seq != next {
                // Loss: a new connection id and a new hello, as the real server does.
                let mut conn = match self.conns.remove(&id) {
                    Some(conn) => conn,
                    None => return id,
                };
                let new_id = new_id();
                conn.seq = 0;
                conn.dead.clear();
                conn.stamp_and_send(hello(&new_id, user_id));
                flush_pending(&mut conn);
                self.conns.insert(new_id.clone(), conn);
                return new_id;
            }
            flush_pending(conn);
            return id;
        }
        let id = new_id();
        let mut conn = Conn {
            user_id: user_id.to_owned(),
            seq: 0,
            dead: VecDeque::new(),
            pending: VecDeque::new(),
            sender: Some(sender),
        };
        conn.stamp_and_send(hello(&id, user_id));
        self.conns.insert(id.clone(), conn);
        id
    }

    /// Detaches the socket that ended, unless the connection was resumed on a newer socket.
    fn disconnect(&mut self, id: &str, sender: &mpsc::UnboundedSender<Out>) {
        if let Some(conn) = self.conns.get_mut(id)
            && conn
                .sender
                .as_ref()
                .is_some_and(|current| current.same_channel(sender))
        {
            conn.sender = None;
        }
    }
}

/// `mentions` lists every mentioned user in the published event; each receiver sees only
/// itself, and only when it was mentioned, as on the real server.
fn personalize(frame: &Value, user_id: &str) -> Value {
    let Some(mentions) = frame["data"]["mentions"].as_str() else {
        return frame.clone();
    };
    let mentioned = serde_json::from_str::<Vec<String>>(mentions)
        .is_ok_and(|ids| ids.iter().any(|id| id == user_id));
    let mut frame = frame.clone();
    if let Some(data) = frame["data"].as_object_mut() {
        if mentioned {
            data.insert("mentions".into(), json!(json!([user_id]).to_string()));
        } else {
            data.remove("mentions");
        }
    }
    frame
}

fn flush_pending(conn: &mut Conn) {
    while let Some(frame) = conn.pending.pop_front() {
        conn.stamp_and_send(frame);
    }
}

fn broadcast_json(broadcast: &Broadcast) -> Value {
    json!({
        "omit_users": broadcast.omit_users,
        "user_id": broadcast.user_id,
        "channel_id": broadcast.channel_id,
        "team_id": broadcast.team_id,
        "connection_id": "",
        "omit_connection_id": "",
    })
}

fn hello(connection_id: &str, user_id: &str) -> Value {
    json!({
        "event": "hello",
        "data": {
            "connection_id": connection_id,
            "server_version": format!("{0}.{0}.mock.false", crate::SERVER_VERSION),
            "server_hostname": "mm-mock",
        },
        "broadcast": broadcast_json(&Broadcast { user_id: user_id.to_owned(), ..Broadcast::default() }),
    })
}

/// Whether a request asks for the websocket.
pub(crate) fn is_websocket(request: &hyper::Request<Incoming>) -> bool {
    let path = request.uri().path().trim_end_matches('/');
    path == "/api/v4/websocket"
}

/// Answers `GET /api/v4/websocket`: 101 and a socket task, or 400 without upgrade headers.
pub(crate) fn upgrade(
    shared: Arc<Shared>,
    mut request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let key = request
        .headers()
        .get("sec-websocket-key")
        .map(|k| tokio_tungstenite::tungstenite::handshake::derive_accept_key(k.as_bytes()));
    let wants_upgrade = request
        .headers()
        .get("upgrade")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    let Some(accept) = key.filter(|_| wants_upgrade) else {
        let mut response =
            hyper::Response::new(Full::new(Bytes::from_static(b"websocket upgrade expected")));
        *response.status_mut() = http::StatusCode::BAD_REQUEST;
        return response;
    };
    let probe = MockRequest {
        method: request.method().clone(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(parse_query).unwrap_or_default(),
        headers: request.headers().clone(),
        body: Bytes::new(),
    };
    let user = crate::auth::session_user(&shared.store(), &probe);
    let resume = probe
        .query("connection_id")
        .filter(|id| !id.is_empty())
        .map(|id| {
            (
                id.to_owned(),
                probe
                    .query("sequence_number")
                    .and_then(|s| s.parse::<i64>().ok()),
            )
        });
    let upgrade = hyper::upgrade::on(&mut request);
    tokio::spawn(async move {
        let Ok(upgraded) = upgrade.await else { return };
        // The real server reads at most 8 KiB per message; small buffers keep idle sockets cheap.
        let mut config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default();
        config.read_buffer_size = 8 * 1024;
        config.write_buffer_size = 0;
        let socket =
            WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config))
                .await;
        serve(shared, socket, user, resume).await;
    });
    let mut response = hyper::Response::new(Full::new(Bytes::new()));
    *response.status_mut() = http::StatusCode::SWITCHING_PROTOCOLS;
    let headers = response.headers_mut();
    headers.insert("upgrade", http::HeaderValue::from_static("websocket"));
    headers.insert("connection", http::HeaderValue::from_static("Upgrade"));
    if let Ok(value) = http::HeaderValue::from_str(&accept) {
        headers.insert("sec-websocket-accept", value);
    }
    response
}

type Socket = WebSocketStream<TokioIo<hyper::upgrade::Upgraded>>;

async fn serve(
    shared: Arc<Shared>,
    mut socket: Socket,
    user: Option<String>,
    resume: Option<(String, Option<i64>)>,
) {
    let (sender, mut outbox) = mpsc::unbounded_channel();
    let (user, connection_id) = match user {
        Some(user) => {
            let resume = match resume {
                // A connection id without a usable sequence number: closed at once, as upstream.
                Some((_, None)) => return,
                Some((id, Some(next))) => Some((id, next)),
                None => None,
            };
            let id = shared.hub().connect(&user, resume, sender.clone());
            (user, id)
        }
        None => match challenge(&shared, &mut socket).await {
            // No resume with challenge auth: always a new connection.
            Some((user, seq)) => {
                let id = shared.hub().connect(&user, None, sender.clone());
                let _ = sender.send(Out::Text(
                    json!({"status": "OK", "seq_reply": seq}).to_string(),
                ));
                (user, id)
            }
            None => return,
        },
    };
    let mut closing = shared.closing();
    // Frames read while stalled, answered once the stall ends (as by a server that hung and
    // recovered).
    let mut held: VecDeque<Utf8Bytes> = VecDeque::new();
    loop {
        if *closing.borrow() {
            break;
        }
        let stalled = shared.hub().faults.stall;
        if !stalled && let Some(text) = held.pop_front() {
            if !answer(&shared, &user, &sender, &text) {
                break;
            }
            continue;
        }
        tokio::select! {
            out = outbox.recv() => match out {
                Some(Out::Text(text)) => {
                    if socket.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Out::Drop) | None => break,
            },
            incoming = socket.next(), if !stalled => match incoming {
                // Stalled since the loop looked: kept for later, like a server that hangs.
                Some(Ok(Message::Text(text))) if shared.hub().faults.stall => held.push_back(text),
                Some(Ok(Message::Text(text))) => {
                    if !answer(&shared, &user, &sender, &text) {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            _ = closing.changed() => break,
            // Re-check the fault switches now and then.
            _ = tokio::time::sleep(Duration::from_millis(50)), if stalled => {}
        }
    }
    shared.hub().disconnect(&connection_id, &sender);
}

/// Handles a frame from the client and queues its reply; `false` when the connection must close.
fn answer(shared: &Shared, user: &str, sender: &mpsc::UnboundedSender<Out>, text: &str) -> bool {
    match handle_action(shared, user, text) {
        Some(Some(reply)) => {
            let _ = sender.send(Out::Text(reply.to_string()));
            true
        }
        Some(None) => true,
        None => false,
    }
}

/// Waits for a valid `authentication_challenge`; `None` (close silently) on a bad or missing one.
async fn challenge(shared: &Shared, socket: &mut Socket) -> Option<(String, i64)> {
    let deadline = tokio::time::sleep(AUTH_DEADLINE);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut deadline => return None,
            incoming = socket.next() => {
                let Some(Ok(Message::Text(text))) = incoming else { return None };
                let request: Value = serde_json::from_str(text.as_str()).ok()?;
                if request["action"] != "authentication_challenge" {
                    // Unauthenticated sockets get no replies at all.
                    continue;
                }
                let token = request["data"]["token"].as_str()?;
                let user = shared.store().sessions.get(token).map(|s| s.user_id.clone())?;
                return Some((user, request["seq"].as_i64().unwrap_or_default()));
            }
        }
    }
}

/// `status_change`, to the user's own connections only (as the real server scopes it).
fn publish_status(shared: &Shared, user: &str, status: &str) {
    shared.publish(MockEvent::new(
        "status_change",
        json!({"status": status, "user_id": user}),
        Broadcast {
            user_id: user.to_owned(),
            ..Broadcast::default()
        },
        vec![user.to_owned()],
    ));
}

fn reply(seq: i64, data: Option<Value>) -> Value {
    let mut reply = json!({"status": "OK", "seq_reply": seq});
    if let Some(data) = data {
        reply["data"] = data;
    }
    reply
}

fn fail(seq: i64, id: &str, message: &str, status: u16) -> Value {
    json!({"status": "FAIL", "seq_reply": seq, "error": {"id": id, "message": message, "detailed_error": "", "status_code": status}})
}

/// Answers one request: `Some(None)` sends no reply; `None` closes the socket (malformed input
/// is fatal, as upstream).
fn handle_action(shared: &Shared, user: &str, text: &str) -> Option<Option<Value>> {
    let request: Value = serde_json::from_str(text).ok()?;
    let seq = request.get("seq")?.as_i64()?;
    let action = request.get("action")?.as_str()?;
    let data = request.get("data").cloned().unwrap_or(Value::Null);
    if !data.is_null() && !data.is_object() {
        return None;
    }
    if action.is_empty() {
        return Some(Some(fail(
            seq,
            "api.web_socket_router.no_action.app_error",
            "No websocket action.",
            400,
        )));
    }
    if seq <= 0 {
        return Some(Some(fail(
            seq,
            "api.web_socket_router.bad_seq.app_error",
            "Invalid sequence for WebSocket message.",
            400,
        )));
    }
    Some(Some(match action {
        "ping" => reply(
            seq,
            Some(
                json!({"text": "pong", "version": crate::SERVER_VERSION, "server_time": now_ms(), "node_id": ""}),
            ),
        ),
        "user_typing" => {
            let channel_id = data["channel_id"].as_str().unwrap_or_default().to_owned();
            let members = {
                let store = shared.store();
                if !store.is_channel_member(&channel_id, user) {
                    return Some(Some(fail(
                        seq,
                        "api.websocket_handler.invalid_param.app_error",
                        "Invalid channel_id parameter.",
                        400,
                    )));
                }
                store.channel_member_ids(&channel_id)
            };
            let omit: HashMap<String, bool> = [(user.to_owned(), true)].into_iter().collect();
            let recipients = members.into_iter().filter(|m| m != user).collect();
            shared.publish(MockEvent::new(
                "typing",
                json!({"parent_id": data["parent_id"].as_str().unwrap_or_default(), "user_id": user}),
                Broadcast {
                    omit_users: Some(omit),
                    channel_id,
                    ..Broadcast::default()
                },
                recipients,
            ));
            reply(seq, None)
        }
        "get_statuses" => {
            // Store first, then hub: REST handlers publish (hub) while holding the store.
            let users: Vec<String> = shared.store().users.keys().cloned().collect();
            let hub = shared.hub();
            let online: serde_json::Map<String, Value> = users
                .into_iter()
                .filter(|u| hub.status(u) != "offline")
                .map(|u| {
                    let status = hub.status(&u);
                    (u, json!(status))
                })
                .collect();
            reply(seq, (!online.is_empty()).then_some(Value::Object(online)))
        }
        "get_statuses_by_ids" => {
            let Some(ids) = data["user_ids"].as_array().filter(|ids| !ids.is_empty()) else {
                return Some(Some(fail(
                    seq,
                    "api.websocket_handler.invalid_param.app_error",
                    "Invalid user_ids parameter.",
                    400,
                )));
            };
            let hub = shared.hub();
            let statuses: serde_json::Map<String, Value> = ids
                .iter()
                .filter_map(Value::as_str)
                .map(|id| (id.to_owned(), json!(hub.status(id))))
                .collect();
            reply(seq, Some(Value::Object(statuses)))
        }
        "user_update_active_status" => {
            if !data["user_is_active"].is_boolean() {
                return Some(Some(fail(
                    seq,
                    "api.websocket_handler.invalid_param.app_error",
                    "Invalid user_is_active parameter.",
                    400,
                )));
            }
            let active = data["user_is_active"].as_bool().unwrap_or(true);
            {
                let mut hub = shared.hub();
                if active {
                    hub.away.remove(user);
                } else {
                    hub.away.insert(user.to_owned());
                }
            }
            publish_status(shared, user, if active { "online" } else { "away" });
            reply(seq, None)
        }
        "presence" | "posted_notify_ack" => reply(seq, None),
        // Already authenticated: the real server ignores it without a reply.
        "authentication_challenge" => return Some(None),
        _ => fail(
            seq,
            "api.web_socket_router.bad_action.app_error",
            "Unknown WebSocket action.",
            500,
        ),
    }))
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
