//! The models as generated before the server-fidelity work (spec only, no null tolerance),
//! frozen here so that the decode benchmark compares before and after in one run.
#![allow(dead_code, missing_docs)]

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserBefore {
    #[serde(default)]
    pub id: String,
    /// The time in milliseconds a user was created
    #[serde(default)]
    pub create_at: i64,
    /// The time in milliseconds a user was last updated
    #[serde(default)]
    pub update_at: i64,
    /// The time in milliseconds a user was deleted
    #[serde(default)]
    pub delete_at: i64,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub nickname: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub email_verified: bool,
    #[serde(default)]
    pub auth_service: String,
    #[serde(default)]
    pub roles: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_props: Option<UserNotifyPropsBefore>,
    #[serde(default)]
    pub props: serde_json::Value,
    #[serde(default)]
    pub last_password_update: i64,
    #[serde(default)]
    pub last_picture_update: i64,
    #[serde(default)]
    pub failed_attempts: i64,
    #[serde(default)]
    pub mfa_active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<TimezoneBefore>,
    /// ID of accepted terms of service, if any. This field is not present if empty.
    #[serde(default)]
    pub terms_of_service_id: String,
    /// The time in milliseconds the user accepted the terms of service
    #[serde(default)]
    pub terms_of_service_create_at: i64,
    #[serde(default)]
    pub is_bot: bool,
    #[serde(default)]
    pub bot_description: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserNotifyPropsBefore {
    /// Set to "true" to enable email notifications, "false" to disable. Defaults to "true".
    #[serde(default)]
    pub email: String,
    /// Set to "all" to receive push notifications for all activity, "mention" for mentions and direct messages only, and "none" to disable. Defaults to "mention".
    #[serde(default)]
    pub push: String,
    /// Set to "all" to receive desktop notifications for all activity, "mention" for mentions and direct messages only, and "none" to disable. Defaults to "all".
    #[serde(default)]
    pub desktop: String,
    /// Set to "true" to enable sound on desktop notifications, "false" to disable. Defaults to "true".
    #[serde(default)]
    pub desktop_sound: String,
    /// A comma-separated list of words to count as mentions. Defaults to username and @username.
    #[serde(default)]
    pub mention_keys: String,
    /// Set to "true" to enable channel-wide notifications (@channel, @all, etc.), "false" to disable. Defaults to "true".
    #[serde(default)]
    pub channel: String,
    /// Set to "true" to enable mentions for first name. Defaults to "true" if a first name is set, "false" otherwise.
    #[serde(default)]
    pub first_name: String,
    /// The message sent to users when they are auto-responded to. Defaults to "".
    #[serde(default)]
    pub auto_responder_message: String,
    /// Set to "all" to enable mobile push notifications for followed threads and "none" to disable. Defaults to "all".
    #[serde(default)]
    pub push_threads: String,
    /// Set to "any" to enable notifications for comments to any post you have replied to, "root" for comments on your posts, and "never" to disable. Only affects users with collapsed reply threads disabled. Defaults to "never".
    #[serde(default)]
    pub comments: String,
    /// Set to "all" to enable desktop notifications for followed threads and "none" to disable. Defaults to "all".
    #[serde(default)]
    pub desktop_threads: String,
    /// Set to "all" to enable email notifications for followed threads and "none" to disable. Defaults to "all".
    #[serde(default)]
    pub email_threads: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimezoneBefore {
    /// Set to "true" to use the browser/system timezone, "false" to set manually. Defaults to "true".
    #[serde(rename = "useAutomaticTimezone", default)]
    pub use_automatic_timezone: String,
    /// Value when setting manually the timezone, i.e. "Europe/Berlin".
    #[serde(rename = "manualTimezone", default)]
    pub manual_timezone: String,
    /// This value is set automatically when the "useAutomaticTimezone" is set to "true".
    #[serde(rename = "automaticTimezone", default)]
    pub automatic_timezone: String,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PostBefore {
    #[serde(default)]
    pub id: String,
    /// The time in milliseconds a post was created
    #[serde(default)]
    pub create_at: i64,
    /// The time in milliseconds a post was last updated
    #[serde(default)]
    pub update_at: i64,
    /// The time in milliseconds a post was deleted
    #[serde(default)]
    pub delete_at: i64,
    #[serde(default)]
    pub edit_at: i64,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub channel_id: String,
    #[serde(default)]
    pub root_id: String,
    #[serde(default)]
    pub original_id: String,
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub props: serde_json::Value,
    #[serde(default)]
    pub hashtag: String,
    #[serde(default)]
    pub file_ids: Vec<String>,
    #[serde(default)]
    pub pending_post_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}
