//! Channels and channel membership.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A channel: open (`O`), private (`P`), direct (`D`) or group (`G`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    /// The 26-character id.
    pub id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion (archive) time, 0 when active.
    pub delete_at: i64,
    /// The team (empty for direct and group channels).
    pub team_id: String,
    /// `O`, `P`, `D` or `G`.
    #[serde(rename = "type")]
    pub channel_type: String,
    /// The name shown in the UI.
    pub display_name: String,
    /// The unique (per team) URL name.
    pub name: String,
    /// The header.
    pub header: String,
    /// The purpose.
    pub purpose: String,
    /// Time of the last post, milliseconds since the epoch.
    pub last_post_at: i64,
    /// Number of posts.
    pub total_msg_count: i64,
    /// Deprecated by the server.
    pub extra_update_at: i64,
    /// The user who created it.
    pub creator_id: String,
}

/// A user's membership in a channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelMember {
    /// The channel.
    pub channel_id: String,
    /// The user.
    pub user_id: String,
    /// Space-separated role names.
    pub roles: String,
    /// When the user last viewed the channel.
    pub last_viewed_at: i64,
    /// Messages the user has seen.
    pub msg_count: i64,
    /// Unread mentions.
    pub mention_count: i64,
    /// Notification settings.
    pub notify_props: HashMap<String, String>,
    /// Last update of the membership.
    pub last_update_at: i64,
}
