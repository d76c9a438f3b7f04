//! Teams and team membership.

use serde::{Deserialize, Serialize};

/// A team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Team {
    /// The 26-character id.
    pub id: String,
    /// Creation time, milliseconds since the epoch.
    pub create_at: i64,
    /// Last update, milliseconds since the epoch.
    pub update_at: i64,
    /// Deletion time (0 when active).
    pub delete_at: i64,
    /// The name shown in the UI.
    pub display_name: String,
    /// The unique URL name.
    pub name: String,
    /// The description.
    pub description: String,
    /// The contact e-mail.
    pub email: String,
    /// `O` (open) or `I` (invite only).
    #[serde(rename = "type")]
    pub team_type: String,
    /// Allowed e-mail domains.
    pub allowed_domains: String,
    /// The invite id.
    pub invite_id: String,
    /// Whether anyone may join.
    pub allow_open_invite: bool,
}

/// A user's membership in a team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamMember {
    /// The team.
    pub team_id: String,
    /// The user.
    pub user_id: String,
    /// Space-separated role names.
    pub roles: String,
    /// When the user left (0 while a member).
    pub delete_at: i64,
    /// Whether the user has the scheme's user role.
    pub scheme_user: bool,
    /// Whether the user has the scheme's admin role.
    pub scheme_admin: bool,
    /// Roles given explicitly.
    pub explicit_roles: String,
}
