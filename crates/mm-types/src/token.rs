//! Personal access tokens and bots.

use serde::{Deserialize, Serialize};

/// A personal access token, as returned once at creation. `Debug` hides the token.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserAccessToken {
    /// The token's id (not the token).
    pub id: String,
    /// The token itself; shown only at creation.
    pub token: String,
    /// The owner.
    pub user_id: String,
    /// The description.
    pub description: String,
    /// Whether it can be used.
    pub is_active: bool,
}

impl std::fmt::Debug for UserAccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserAccessToken")
            .field("id", &self.id)
            .field("token", &"***")
            .field("user_id", &self.user_id)
            .field("description", &self.description)
            .field("is_active", &self.is_active)
            .finish()
    }
}

/// A bot account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Bot {
    /// The bot's user id.
    pub user_id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion time, 0 when active.
    pub delete_at: i64,
    /// The username.
    pub username: String,
    /// The display name.
    pub display_name: String,
    /// The description.
    pub description: String,
    /// The user who owns it.
    pub owner_id: String,
}
