//! The incoming-webhook payload (`POST /hooks/{hook_id}`), which the OpenAPI spec does not describe.

use serde::{Deserialize, Serialize};

/// What an incoming webhook accepts. Only `text` (or `attachments`) is required; the rest
/// overrides the hook's defaults when the server allows it.
///
/// Unset fields are left out of the JSON, so the hook's own settings apply. The driver sends
/// it with `driver.call_webhook(hook_id, &payload)`.
///
/// ```
/// use mm_types::IncomingWebhookPayload;
///
/// let payload = IncomingWebhookPayload {
///     text: "Deploy of **v1.4.2** finished :rocket:".into(),
///     channel: Some("releases".into()),
///     username: Some("ci-bot".into()),
///     ..IncomingWebhookPayload::default()
/// };
/// assert_eq!(
///     serde_json::to_value(&payload)?,
///     serde_json::json!({
///         "text": "Deploy of **v1.4.2** finished :rocket:",
///         "channel": "releases",
///         "username": "ci-bot",
///     }),
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IncomingWebhookPayload {
    /// The message, in Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// A channel name (or `@username`) overriding the hook's channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// A display name overriding the hook's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// An icon URL overriding the hook's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// An emoji overriding the icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_emoji: Option<String>,
    /// Message attachments, as the server's `SlackAttachment` JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<serde_json::Value>,
    /// A post type (`custom_...`) for plugins.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub post_type: Option<String>,
    /// Post properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub props: Option<serde_json::Map<String, serde_json::Value>>,
    /// The id of the post to reply to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_id: Option<String>,
    /// Sends the post with a priority label (`urgent`, `important`), when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<serde_json::Value>,
}

impl IncomingWebhookPayload {
    /// A payload with just a message.
    ///
    /// ```
    /// use mm_types::IncomingWebhookPayload;
    ///
    /// let payload = IncomingWebhookPayload::text("Backup finished");
    /// assert_eq!(serde_json::to_string(&payload)?, r#"{"text":"Backup finished"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}
