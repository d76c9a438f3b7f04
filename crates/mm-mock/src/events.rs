//! Events that REST calls publish, for the websocket half of the mock and for tests.
//!
//! Each event carries the ids of the users who would receive it on the real server, computed
//! when it is published (channel members for channel events, team members for team events,
//! the user alone for user events).

use serde::Serialize;

/// Who an event is for, as the server's `broadcast` object says it.
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
