//! Events that REST calls publish, for the websocket half of the mock and for tests.
//!
//! Each event carries the ids of the users who would receive it on the real server, computed
//! when it is published (channel members for channel events, team members for team events,
//! the user alone for user events).

use serde::Serialize;

/// Who an event is for, as the server's `broadcast` object says it.
///
/// ```
/// use mm_mock::Broadcast;
///
/// // A channel event (`posted`, `typing`): the channel's members receive it.
/// let to_channel = Broadcast { channel_id: "nhze199c4j87ped4wannrjdt9c".into(), ..Broadcast::default() };
/// // A user event (`status_change`, `preferences_changed`): that user alone.
/// let to_user = Broadcast { user_id: "ay5sq51sebfh58ktrce5ijtcwy".into(), ..Broadcast::default() };
/// assert_eq!(serde_json::to_value(&to_user)?["user_id"], "ay5sq51sebfh58ktrce5ijtcwy");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Broadcast {
    /// Users who must not receive it.
    pub omit_users: Option<std::collections::HashMap<String, bool>>,
    /// A single recipient.
    pub user_id: String,
    /// The channel whose members receive it.
    pub channel_id: String,
    /// The team whose members receive it.
    pub team_id: String,
}

/// An event as the real server would send it over the websocket.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// use mm_mock::{Broadcast, MockEvent};
///
/// let mut events = server.subscribe_events();
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let post = format!(r#"{{"channel_id":"{}","message":"hello"}}"#, seed.channel_id);
/// call(&server, "POST", "/api/v4/posts", &seed.user.token, &post).await?;
///
/// // What the real server would broadcast, and to whom.
/// let event: MockEvent = events.recv().await?;
/// assert_eq!(event.event, "posted");
/// assert_eq!(event.broadcast.channel_id, seed.channel_id);
/// let posted: serde_json::Value = serde_json::from_str(event.data["post"].as_str().unwrap_or_default())?;
/// assert_eq!(posted["message"], "hello");
///
/// // Or made by a test, for a websocket client (see `MockServer::publish`).
/// let custom = MockEvent::new(
///     "custom_com.example.poll_voted",
///     serde_json::json!({"poll_id": "p1"}),
///     Broadcast { user_id: seed.user.id.clone(), ..Broadcast::default() },
///     vec![seed.user.id.clone()],
/// );
/// assert_eq!(custom.to_json()["event"], "custom_com.example.poll_voted");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MockEvent {
    /// The event type (`posted`, `reaction_added`, ...).
    pub event: String,
    /// The event's `data`.
    pub data: serde_json::Value,
    /// The event's `broadcast`.
    pub broadcast: Broadcast,
    /// The user ids that receive it.
    pub recipients: Vec<String>,
}

impl MockEvent {
    /// An event for `recipients`.
    pub fn new(
        event: &str,
        data: serde_json::Value,
        broadcast: Broadcast,
        recipients: Vec<String>,
    ) -> Self {
        Self {
            event: event.to_owned(),
            data,
            broadcast,
            recipients,
        }
    }

    /// The websocket frame, without `seq` (which is per connection).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "event": self.event,
            "data": self.data,
            "broadcast": self.broadcast,
        })
    }
}
