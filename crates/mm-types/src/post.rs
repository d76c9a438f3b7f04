//! Posts, post lists and reactions.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// A post (a message).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Post {
    /// The 26-character id.
    pub id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion time, 0 when not deleted.
    pub delete_at: i64,
    /// Last edit time, 0 when never edited.
    pub edit_at: i64,
    /// The author.
    pub user_id: String,
    /// The channel.
    pub channel_id: String,
    /// The thread's root post, empty for a root post.
    pub root_id: String,
    /// The original post id (for edits).
    pub original_id: String,
    /// The message, in Markdown.
    pub message: String,
    /// The post type (empty for a plain message, `system_...` for system messages).
    #[serde(rename = "type")]
    pub post_type: String,
    /// Free-form properties (attachments, ...).
    pub props: serde_json::Map<String, serde_json::Value>,
    /// Hashtags in the message.
    pub hashtag: String,
    /// Attached files.
    pub file_ids: Vec<String>,
    /// The client's id for a post being sent.
    pub pending_post_id: String,
    /// Extra data (embeds, emojis, files, reactions) the server adds.
    pub metadata: Option<serde_json::Value>,
}

/// Posts with their order, as channel and thread listings return them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostList {
    /// Post ids, newest first.
    pub order: Vec<String>,
    /// The posts by id.
    pub posts: HashMap<String, Post>,
    /// The id of the next post (for paging).
    pub next_post_id: String,
    /// The id of the previous post (for paging).
    pub prev_post_id: String,
    /// Whether more posts follow.
    pub has_next: bool,
}

impl PostList {
    /// The posts in `order`.
    pub fn ordered(&self) -> impl Iterator<Item = &Post> {
        self.order.iter().filter_map(|id| self.posts.get(id))
    }
}

/// An emoji reaction to a post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reaction {
    /// Who reacted.
    pub user_id: String,
    /// The post.
    pub post_id: String,
    /// The emoji name, without colons.
    pub emoji_name: String,
    /// When, milliseconds since the epoch.
    pub create_at: i64,
}
