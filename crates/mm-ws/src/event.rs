//! Events: every event type the server defines, typed data for the ones applications use, and
//! the raw JSON for the rest. Fields the server sends as JSON inside a string (`post`,
//! `reaction`, `mentions`, ...) are decoded twice here, so applications get real values.

use std::collections::HashMap;

use mm_types::{Channel, ChannelMember, Post, Reaction};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

mm_types::string_enum! {
    /// An event type string. Unknown ones (plugin `custom_*` events, newer servers) are kept in
    /// `Unknown`.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use mm_ws::EventType;
    ///
    /// assert_eq!(EventType::from("posted"), EventType::Posted);
    /// assert_eq!(EventType::ReactionAdded.as_str(), "reaction_added");
    ///
    /// let plugin = EventType::from("custom_com.example.poll_voted");
    /// assert_eq!(plugin, EventType::Unknown("custom_com.example.poll_voted".into()));
    /// assert_eq!(plugin.to_string(), "custom_com.example.poll_voted");
    ///
    /// // For `ConnectOptions::only`: the events an application wants decoded.
    /// let only: HashSet<EventType> = [EventType::Posted, plugin].into_iter().collect();
    /// ```
    EventType {
        Typing = "typing", Posted = "posted", PostEdited = "post_edited", PostDeleted = "post_deleted",
        PostUnread = "post_unread", ChannelConverted = "channel_converted", ChannelCreated = "channel_created",
        ChannelDeleted = "channel_deleted", ChannelRestored = "channel_restored", ChannelUpdated = "channel_updated",
        ChannelMemberUpdated = "channel_member_updated", ChannelSchemeUpdated = "channel_scheme_updated",
        DirectAdded = "direct_added", GroupAdded = "group_added", NewUser = "new_user", AddedToTeam = "added_to_team",
        LeaveTeam = "leave_team", UpdateTeam = "update_team", DeleteTeam = "delete_team", RestoreTeam = "restore_team",
        UpdateTeamScheme = "update_team_scheme", UserAdded = "user_added", UserUpdated = "user_updated",
        UserRoleUpdated = "user_role_updated", MemberroleUpdated = "memberrole_updated", UserRemoved = "user_removed",
        PreferenceChanged = "preference_changed", PreferencesChanged = "preferences_changed",
        PreferencesDeleted = "preferences_deleted", EphemeralMessage = "ephemeral_message",
        StatusChange = "status_change", Hello = "hello", AuthenticationChallenge = "authentication_challenge",
        ReactionAdded = "reaction_added", ReactionRemoved = "reaction_removed", Response = "response",
        EmojiAdded = "emoji_added", MultipleChannelsViewed = "multiple_channels_viewed",
        PluginStatusesChanged = "plugin_statuses_changed", PluginEnabled = "plugin_enabled",
        PluginDisabled = "plugin_disabled", RoleUpdated = "role_updated", LicenseChanged = "license_changed",
        ConfigChanged = "config_changed", OpenDialog = "open_dialog", GuestsDeactivated = "guests_deactivated",
        UserActivationStatusChange = "user_activation_status_change", ReceivedGroup = "received_group",
        ReceivedGroupAssociatedToTeam = "received_group_associated_to_team",
        ReceivedGroupNotAssociatedToTeam = "received_group_not_associated_to_team",
        ReceivedGroupAssociatedToChannel = "received_group_associated_to_channel",
        ReceivedGroupNotAssociatedToChannel = "received_group_not_associated_to_channel",
        GroupMemberDeleted = "group_member_deleted", GroupMemberAdd = "group_member_add",
        SidebarCategoryCreated = "sidebar_category_created", SidebarCategoryUpdated = "sidebar_category_updated",
        SidebarCategoryDeleted = "sidebar_category_deleted",
        SidebarCategoryOrderUpdated = "sidebar_category_order_updated",
        CloudSubscriptionChanged = "cloud_subscription_changed", ThreadUpdated = "thread_updated",
        ThreadFollowChanged = "thread_follow_changed", ThreadReadChanged = "thread_read_changed",
        FirstAdminVisitMarketplaceStatusReceived = "first_admin_visit_marketplace_status_received",
        DraftCreated = "draft_created", DraftUpdated = "draft_updated", DraftDeleted = "draft_deleted",
        PostAcknowledgementAdded = "post_acknowledgement_added",
        PostAcknowledgementRemoved = "post_acknowledgement_removed",
        PersistentNotificationTriggered = "persistent_notification_triggered",
        HostedCustomerSignupProgressUpdated = "hosted_customer_signup_progress_updated",
        ChannelBookmarkCreated = "channel_bookmark_created", ChannelBookmarkUpdated = "channel_bookmark_updated",
        ChannelBookmarkDeleted = "channel_bookmark_deleted", ChannelBookmarkSorted = "channel_bookmark_sorted",
        Presence = "presence", PostedNotifyAck = "posted_notify_ack", ScheduledPostCreated = "scheduled_post_created",
        ScheduledPostUpdated = "scheduled_post_updated", ScheduledPostDeleted = "scheduled_post_deleted",
        CustomProfileAttributesFieldCreated = "custom_profile_attributes_field_created",
        CustomProfileAttributesFieldUpdated = "custom_profile_attributes_field_updated",
        CustomProfileAttributesFieldDeleted = "custom_profile_attributes_field_deleted",
        CustomProfileAttributesValuesUpdated = "custom_profile_attributes_values_updated",
        ContentFlaggingReportValueUpdated = "content_flagging_report_value_updated", RecapUpdated = "recap_updated",
        PostTranslationUpdated = "post_translation_updated", PostRevealed = "post_revealed",
        PostBurned = "post_burned", BurnOnReadAllRevealed = "burn_on_read_all_revealed",
        FileDownloadRejected = "file_download_rejected", ShowToast = "show_toast",
    }
}

/// Who the server aimed an event at.
///
/// ```
/// use mm_ws::Broadcast;
///
/// let broadcast: Broadcast = serde_json::from_value(serde_json::json!({
///     "omit_users": null,
///     "user_id": "",
///     "channel_id": "nhze199c4j87ped4wannrjdt9c",
///     "team_id": "",
/// }))?;
/// // A channel event: every member of the channel receives it.
/// assert_eq!(broadcast.channel_id, "nhze199c4j87ped4wannrjdt9c");
/// assert!(broadcast.user_id.is_empty() && broadcast.omit_users.is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Broadcast {
    /// Users who were left out.
    pub omit_users: Option<HashMap<String, bool>>,
    /// The single recipient, or empty.
    pub user_id: String,
    /// The channel whose members receive it, or empty.
    pub channel_id: String,
    /// The team whose members receive it, or empty.
    pub team_id: String,
    /// The single connection, or empty.
    pub connection_id: String,
    /// A connection left out, or empty.
    pub omit_connection_id: String,
}

/// An event from the server.
///
/// Events arrive as [`Message::Event`](crate::Message::Event) on the stream
/// [`connect`](crate::connect)
/// returns; their [`data`](Self::data) is typed for the common event types:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// # let (url, token) = (server.url(), seed.user.token.clone());
/// use std::sync::Arc;
/// use futures_util::StreamExt;
/// use mm_transport::{BaseUrl, BearerToken, ProxyConfig, TlsConfig};
/// use mm_ws::{ConnectOptions, EventData, EventType, Message, WebsocketConfig};
///
/// let mut events = mm_ws::connect(ConnectOptions {
///     base: BaseUrl::parse(&url)?, // https://chat.example.com
///     auth: Some(Arc::new(BearerToken::new(token)?)),
///     tls: TlsConfig::new(),
///     proxy: ProxyConfig::none(),
///     config: WebsocketConfig::new(),
///     only: None,
/// })
/// .await?;
///
/// while let Some(message) = events.next().await {
///     match message? {
///         Message::Connected { connection_id } => {
///             println!("connected as {connection_id}");
/// #           let post = serde_json::json!({"id": "ag1yb3ekqbd4tkkxhdzjm4y6mo", "message": "hello", "channel_id": seed.channel_id});
/// #           server.publish(mm_mock::MockEvent::new(
/// #               "posted",
/// #               serde_json::json!({"post": post.to_string(), "sender_name": "@admin", "channel_type": "O"}),
/// #               mm_mock::Broadcast { channel_id: seed.channel_id.clone(), ..Default::default() },
/// #               vec![seed.user.id.clone()],
/// #           ));
///         }
///         Message::Event(event) => match &event.data {
///             EventData::Posted(posted) => {
///                 assert_eq!(event.event, EventType::Posted);
///                 println!("{} in {}: {}", posted.sender_name, event.broadcast.channel_id, posted.post.message);
///                 break;
///             }
///             EventData::Other(raw) => println!("{}: {raw}", event.event), // untyped events
///             _ => {}
///         },
///         _ => {} // reconnects, with keepalive
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event type.
    pub event: EventType,
    /// The per-connection sequence number.
    pub seq: i64,
    /// Who it was aimed at.
    pub broadcast: Broadcast,
    /// The decoded data.
    pub data: EventData,
}

/// JSON inside a string (`"post": "{\"id\": ...}"`), decoded twice.
fn json_string<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    serde_json::from_str(&text).map_err(D::Error::custom)
}

/// Like [`json_string`] for a field that may be absent or empty.
fn optional_json_string<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(text) => serde_json::from_str(text)
            .map(Some)
            .map_err(D::Error::custom),
    }
}

/// `hello`: the connection is registered.
///
/// The client handles it and says [`Message::Connected`](crate::Message::Connected); as the server
/// sends it:
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::Hello, serde_json::json!({
///     "connection_id": "h1y8sbt6wjbbxnw5d3g8nqm5eo",
///     "server_version": "11.6.0.11.6.0.abcdef.false",
///     "server_hostname": "mm-app-0",
/// }));
/// let EventData::Hello(hello) = data else { unreachable!() };
/// assert_eq!(hello.connection_id, "h1y8sbt6wjbbxnw5d3g8nqm5eo");
/// assert_eq!(mm_transport::version::release(&hello.server_version), "11.6.0");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Hello {
    /// This connection's id, used to resume.
    pub connection_id: String,
    /// The server version string.
    pub server_version: String,
    /// The server's host name, when known.
    pub server_hostname: Option<String>,
}

/// `posted`: a new post.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::Posted, serde_json::json!({
///     "post": r#"{"id":"ag1yb3ekqbd4tkkxhdzjm4y6mo","user_id":"ay5sq51sebfh58ktrce5ijtcwy","message":"hi @bob"}"#,
///     "channel_type": "O",
///     "channel_display_name": "Town Square",
///     "channel_name": "town-square",
///     "sender_name": "@alice",
///     "team_id": "ut9cxjyk3p8ouyxr8gqqnnmnwy",
///     "mentions": r#"["bq7n3wfkjfgaddqj4a1bqzhq4y"]"#,
///     "set_online": true,
/// }));
/// let EventData::Posted(posted) = data else { unreachable!() };
/// // `post` and `mentions` come as JSON inside strings: decoded here.
/// assert_eq!(posted.post.message, "hi @bob");
/// assert_eq!(posted.mentions, Some(vec!["bq7n3wfkjfgaddqj4a1bqzhq4y".to_owned()]));
/// assert_eq!(posted.sender_name, "@alice");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Posted {
    /// The post.
    #[serde(deserialize_with = "json_string")]
    pub post: Post,
    /// `O`, `P`, `D` or `G`.
    pub channel_type: String,
    /// The channel's display name.
    pub channel_display_name: String,
    /// The channel's name.
    pub channel_name: String,
    /// `@username` of the sender (or a webhook's override).
    pub sender_name: String,
    /// The team (empty for direct and group channels).
    pub team_id: String,
    /// Mentioned user ids (your id, when you were mentioned).
    #[serde(deserialize_with = "optional_json_string")]
    pub mentions: Option<Vec<String>>,
    /// Thread followers (your id, when you follow the thread).
    #[serde(deserialize_with = "optional_json_string")]
    pub followers: Option<Vec<String>>,
    /// `"true"` when the post has files.
    #[serde(rename = "otherFile")]
    pub other_file: Option<String>,
    /// Whether the client should acknowledge it (`posted_notify_ack`).
    pub should_ack: Option<bool>,
    /// Whether the sender should be marked online.
    pub set_online: bool,
}

/// `post_edited`, `post_deleted`, `ephemeral_message`: a post.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::PostDeleted, serde_json::json!({
///     "post": r#"{"id":"ag1yb3ekqbd4tkkxhdzjm4y6mo","message":"oops","delete_at":1712680005000}"#,
///     "delete_by": "ay5sq51sebfh58ktrce5ijtcwy",
/// }));
/// let EventData::PostDeleted(deleted) = data else { unreachable!() };
/// assert_eq!(deleted.post.id, "ag1yb3ekqbd4tkkxhdzjm4y6mo");
/// assert_eq!(deleted.delete_by.as_deref(), Some("ay5sq51sebfh58ktrce5ijtcwy"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PostChanged {
    /// The post.
    #[serde(deserialize_with = "json_string")]
    pub post: Post,
    /// Who deleted it (admin copy of `post_deleted`).
    pub delete_by: Option<String>,
}

/// `reaction_added`, `reaction_removed`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ReactionAdded, serde_json::json!({
///     "reaction": r#"{"user_id":"ay5sq51sebfh58ktrce5ijtcwy","post_id":"ag1yb3ekqbd4tkkxhdzjm4y6mo","emoji_name":"thumbsup"}"#,
/// }));
/// let EventData::ReactionAdded(added) = data else { unreachable!() };
/// assert_eq!(added.reaction.emoji_name, "thumbsup");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ReactionChanged {
    /// The reaction.
    #[serde(deserialize_with = "json_string")]
    pub reaction: Reaction,
}

/// `typing`.
///
/// The channel is the event's [`Broadcast::channel_id`].
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::Typing, serde_json::json!({"parent_id": "", "user_id": "ay5sq51sebfh58ktrce5ijtcwy"}));
/// let EventData::Typing(typing) = data else { unreachable!() };
/// assert!(typing.parent_id.is_empty()); // in the channel, not a thread
/// assert_eq!(typing.user_id, "ay5sq51sebfh58ktrce5ijtcwy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Typing {
    /// The thread's root post, or empty for the channel.
    pub parent_id: String,
    /// Who is typing.
    pub user_id: String,
}

/// `status_change` (for your own user only).
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::StatusChange, serde_json::json!({"status": "away", "user_id": "ay5sq51sebfh58ktrce5ijtcwy"}));
/// let EventData::StatusChange(change) = data else { unreachable!() };
/// assert_eq!(change.status, "away");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    /// `online`, `away`, `dnd`, `offline` or `ooo`.
    pub status: String,
    /// The user.
    pub user_id: String,
}

/// `channel_created`: sent to the creator.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ChannelCreated, serde_json::json!({"channel_id": "nhze199c4j87ped4wannrjdt9c", "team_id": "ut9cxjyk3p8ouyxr8gqqnnmnwy"}));
/// let EventData::ChannelCreated(created) = data else { unreachable!() };
/// assert_eq!(created.channel_id, "nhze199c4j87ped4wannrjdt9c");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ChannelCreated {
    /// The new channel.
    pub channel_id: String,
    /// Its team.
    pub team_id: String,
}

/// `channel_deleted`: a channel was archived or deleted.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ChannelDeleted, serde_json::json!({"channel_id": "nhze199c4j87ped4wannrjdt9c", "delete_at": 1712680000000_i64}));
/// let EventData::ChannelDeleted(deleted) = data else { unreachable!() };
/// assert_eq!(deleted.delete_at, 1712680000000);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ChannelDeleted {
    /// The channel.
    pub channel_id: String,
    /// When it was deleted (ms since the epoch).
    pub delete_at: i64,
}

/// `user_added`: a user joined a channel (the channel is the event's broadcast channel).
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::UserAdded, serde_json::json!({"user_id": "ay5sq51sebfh58ktrce5ijtcwy", "team_id": "ut9cxjyk3p8ouyxr8gqqnnmnwy"}));
/// let EventData::UserAdded(added) = data else { unreachable!() };
/// assert_eq!(added.user_id, "ay5sq51sebfh58ktrce5ijtcwy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UserAdded {
    /// The user who joined.
    pub user_id: String,
    /// The channel's team.
    pub team_id: String,
}

/// `user_removed`: a user left or was removed from a channel. The channel's members get
/// `user_id`; the removed user gets `channel_id`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::UserRemoved, serde_json::json!({"channel_id": "nhze199c4j87ped4wannrjdt9c", "remover_id": "bq7n3wfkjfgaddqj4a1bqzhq4y"}));
/// let EventData::UserRemoved(removed) = data else { unreachable!() };
/// // The removed user's own copy: it names the channel.
/// assert_eq!(removed.channel_id, "nhze199c4j87ped4wannrjdt9c");
/// assert!(removed.user_id.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct UserRemoved {
    /// The removed user (copy sent to the channel).
    pub user_id: String,
    /// The channel (copy sent to the removed user).
    pub channel_id: String,
    /// Who removed them (themselves, when they left).
    pub remover_id: String,
}

/// `added_to_team` and `leave_team`: a user joined or left a team.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::LeaveTeam, serde_json::json!({"team_id": "ut9cxjyk3p8ouyxr8gqqnnmnwy", "user_id": "ay5sq51sebfh58ktrce5ijtcwy"}));
/// let EventData::LeaveTeam(left) = data else { unreachable!() };
/// assert_eq!(left.team_id, "ut9cxjyk3p8ouyxr8gqqnnmnwy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TeamMembership {
    /// The team.
    pub team_id: String,
    /// The user.
    pub user_id: String,
}

/// `new_user`: an account was created.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::NewUser, serde_json::json!({"user_id": "ay5sq51sebfh58ktrce5ijtcwy"}));
/// let EventData::NewUser(new_user) = data else { unreachable!() };
/// assert_eq!(new_user.user_id, "ay5sq51sebfh58ktrce5ijtcwy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct NewUser {
    /// The new user.
    pub user_id: String,
}

/// `direct_added`: a direct channel was created (the channel is the event's broadcast
/// channel).
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::DirectAdded, serde_json::json!({"creator_id": "ay5sq51sebfh58ktrce5ijtcwy", "teammate_id": "bq7n3wfkjfgaddqj4a1bqzhq4y"}));
/// let EventData::DirectAdded(direct) = data else { unreachable!() };
/// assert_eq!(direct.teammate_id, "bq7n3wfkjfgaddqj4a1bqzhq4y");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DirectAdded {
    /// Who created it.
    pub creator_id: String,
    /// The other member.
    pub teammate_id: String,
}

/// `channel_updated`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ChannelUpdated, serde_json::json!({
///     "channel": r#"{"id":"nhze199c4j87ped4wannrjdt9c","name":"town-square","display_name":"Town Square","type":"O"}"#,
/// }));
/// let EventData::ChannelUpdated(updated) = data else { unreachable!() };
/// let channel = updated.channel.expect("a channel");
/// assert_eq!(channel.display_name, "Town Square");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChannelUpdated {
    /// The channel.
    #[serde(deserialize_with = "optional_json_string")]
    pub channel: Option<Channel>,
    /// The channel id (shared-channel variant).
    pub channel_id: String,
}

/// `channel_member_updated`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ChannelMemberUpdated, serde_json::json!({
///     "channelMember": r#"{"channel_id":"nhze199c4j87ped4wannrjdt9c","user_id":"ay5sq51sebfh58ktrce5ijtcwy","roles":"channel_user channel_admin"}"#,
/// }));
/// let EventData::ChannelMemberUpdated(updated) = data else { unreachable!() };
/// assert_eq!(updated.channel_member.roles, "channel_user channel_admin");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChannelMemberUpdated {
    /// The membership.
    #[serde(rename = "channelMember", deserialize_with = "json_string")]
    pub channel_member: ChannelMember,
}

/// `group_added`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::GroupAdded, serde_json::json!({"teammate_ids": r#"["ay5sq51sebfh58ktrce5ijtcwy","bq7n3wfkjfgaddqj4a1bqzhq4y"]"#}));
/// let EventData::GroupAdded(group) = data else { unreachable!() };
/// assert_eq!(group.teammate_ids.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GroupAdded {
    /// The members.
    #[serde(deserialize_with = "json_string")]
    pub teammate_ids: Vec<String>,
}

/// `user_updated`: the user is a plain object here, not a string.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::UserUpdated, serde_json::json!({"user": {"id": "ay5sq51sebfh58ktrce5ijtcwy", "username": "alice", "nickname": "Al"}}));
/// let EventData::UserUpdated(updated) = data else { unreachable!() };
/// assert_eq!(updated.user.nickname, "Al");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct UserUpdated {
    /// The user.
    pub user: mm_types::User,
}

/// `post_unread`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::PostUnread, serde_json::json!({"msg_count": 12, "mention_count": 1, "last_viewed_at": 1712680000000_i64, "post_id": "ag1yb3ekqbd4tkkxhdzjm4y6mo"}));
/// let EventData::PostUnread(unread) = data else { unreachable!() };
/// assert_eq!((unread.msg_count, unread.mention_count), (12, 1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PostUnread {
    /// Messages in the channel.
    pub msg_count: i64,
    /// Root messages in the channel.
    pub msg_count_root: i64,
    /// Unread mentions.
    pub mention_count: i64,
    /// Unread root mentions.
    pub mention_count_root: i64,
    /// Unread urgent mentions.
    pub urgent_mention_count: i64,
    /// When the channel was last viewed.
    pub last_viewed_at: i64,
    /// The post marked unread.
    pub post_id: String,
}

/// `multiple_channels_viewed`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::MultipleChannelsViewed, serde_json::json!({"channel_times": {"nhze199c4j87ped4wannrjdt9c": 1712680000000_i64}}));
/// let EventData::ChannelsViewed(viewed) = data else { unreachable!() };
/// assert_eq!(viewed.channel_times["nhze199c4j87ped4wannrjdt9c"], 1712680000000);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ChannelsViewed {
    /// View time by channel id.
    pub channel_times: HashMap<String, i64>,
}

/// `preferences_changed`, `preferences_deleted`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::PreferencesChanged, serde_json::json!({
///     "preferences": r#"[{"user_id":"ay5sq51sebfh58ktrce5ijtcwy","category":"display_settings","name":"theme","value":"dark"}]"#,
/// }));
/// let EventData::PreferencesChanged(changed) = data else { unreachable!() };
/// assert_eq!(changed.preferences[0].value, "dark");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PreferencesChanged {
    /// The preferences.
    #[serde(deserialize_with = "json_string")]
    pub preferences: Vec<mm_types::Preference>,
}

/// `thread_updated`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ThreadUpdated, serde_json::json!({
///     "thread": r#"{"id":"ag1yb3ekqbd4tkkxhdzjm4y6mo","reply_count":3,"unread_replies":1}"#,
///     "previous_unread_replies": 0,
/// }));
/// let EventData::ThreadUpdated(updated) = data else { unreachable!() };
/// assert_eq!(updated.thread["reply_count"], 3); // kept as JSON
/// assert_eq!(updated.previous_unread_replies, Some(0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ThreadUpdated {
    /// The thread, as JSON (a `ThreadResponse`).
    #[serde(deserialize_with = "json_string")]
    pub thread: Value,
    /// Unread mentions before the change.
    pub previous_unread_mentions: Option<i64>,
    /// Unread replies before the change.
    pub previous_unread_replies: Option<i64>,
}

/// `thread_read_changed`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ThreadReadChanged, serde_json::json!({"thread_id": "ag1yb3ekqbd4tkkxhdzjm4y6mo", "timestamp": 1712680000000_i64, "unread_mentions": 0, "unread_replies": 0}));
/// let EventData::ThreadReadChanged(read) = data else { unreachable!() };
/// assert_eq!(read.thread_id.as_deref(), Some("ag1yb3ekqbd4tkkxhdzjm4y6mo"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ThreadReadChanged {
    /// The thread, when one thread changed.
    pub thread_id: Option<String>,
    /// When it was read.
    pub timestamp: Option<i64>,
    /// Unread mentions.
    pub unread_mentions: Option<i64>,
    /// Unread replies.
    pub unread_replies: Option<i64>,
    /// The channel.
    pub channel_id: Option<String>,
}

/// `thread_follow_changed`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::ThreadFollowChanged, serde_json::json!({"thread_id": "ag1yb3ekqbd4tkkxhdzjm4y6mo", "state": false, "reply_count": 3}));
/// let EventData::ThreadFollowChanged(follow) = data else { unreachable!() };
/// assert!(!follow.state); // unfollowed
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ThreadFollowChanged {
    /// The thread.
    pub thread_id: String,
    /// Whether it is followed now.
    pub state: bool,
    /// Replies in the thread.
    pub reply_count: i64,
}

/// `emoji_added`.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// let data = EventData::decode(&EventType::EmojiAdded, serde_json::json!({"emoji": r#"{"id":"e4d5kxtbpfnd3cg3rn5msr6ggo","name":"party_parrot","creator_id":"ay5sq51sebfh58ktrce5ijtcwy"}"#}));
/// let EventData::EmojiAdded(added) = data else { unreachable!() };
/// assert_eq!(added.emoji.name, "party_parrot");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct EmojiAdded {
    /// The emoji.
    #[serde(deserialize_with = "json_string")]
    pub emoji: mm_types::Emoji,
}

/// The data of an event.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// fn describe(event_type: &EventType, data: &EventData) -> String {
///     match data {
///         EventData::Posted(posted) => format!("{}: {}", posted.sender_name, posted.post.message),
///         EventData::ReactionAdded(added) => format!(":{}: on {}", added.reaction.emoji_name, added.reaction.post_id),
///         EventData::Typing(typing) => format!("{} is typing", typing.user_id),
///         EventData::Other(raw) => format!("{event_type} (untyped): {raw}"),
///         EventData::Invalid(invalid) => format!("{event_type} did not decode: {}", invalid.error),
///         _ => event_type.to_string(),
///     }
/// }
///
/// let data = EventData::decode(&EventType::Typing, serde_json::json!({"user_id": "ay5sq51sebfh58ktrce5ijtcwy"}));
/// assert_eq!(describe(&EventType::Typing, &data), "ay5sq51sebfh58ktrce5ijtcwy is typing");
///
/// let plugin = EventType::from("custom_com.example.poll_voted");
/// let data = EventData::decode(&plugin, serde_json::json!({"poll_id": "p1"}));
/// assert_eq!(describe(&plugin, &data), r#"custom_com.example.poll_voted (untyped): {"poll_id":"p1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum EventData {
    /// `hello`.
    Hello(Hello),
    /// `posted`.
    Posted(Box<Posted>),
    /// `post_edited`.
    PostEdited(Box<PostChanged>),
    /// `post_deleted`.
    PostDeleted(Box<PostChanged>),
    /// `ephemeral_message`: a post only you see.
    EphemeralMessage(Box<PostChanged>),
    /// `post_unread`.
    PostUnread(PostUnread),
    /// `reaction_added`.
    ReactionAdded(ReactionChanged),
    /// `reaction_removed`.
    ReactionRemoved(ReactionChanged),
    /// `typing`.
    Typing(Typing),
    /// `status_change`.
    StatusChange(StatusChange),
    /// `channel_created`.
    ChannelCreated(ChannelCreated),
    /// `channel_deleted`.
    ChannelDeleted(ChannelDeleted),
    /// `user_added`.
    UserAdded(UserAdded),
    /// `user_removed`.
    UserRemoved(UserRemoved),
    /// `added_to_team`.
    AddedToTeam(TeamMembership),
    /// `leave_team`.
    LeaveTeam(TeamMembership),
    /// `new_user`.
    NewUser(NewUser),
    /// `direct_added`.
    DirectAdded(DirectAdded),
    /// `channel_updated`.
    ChannelUpdated(Box<ChannelUpdated>),
    /// `channel_member_updated`.
    ChannelMemberUpdated(Box<ChannelMemberUpdated>),
    /// `group_added`.
    GroupAdded(GroupAdded),
    /// `user_updated`.
    UserUpdated(Box<UserUpdated>),
    /// `multiple_channels_viewed`.
    ChannelsViewed(ChannelsViewed),
    /// `preferences_changed`.
    PreferencesChanged(PreferencesChanged),
    /// `preferences_deleted`.
    PreferencesDeleted(PreferencesChanged),
    /// `thread_updated`.
    ThreadUpdated(Box<ThreadUpdated>),
    /// `thread_read_changed`.
    ThreadReadChanged(ThreadReadChanged),
    /// `thread_follow_changed`.
    ThreadFollowChanged(ThreadFollowChanged),
    /// `emoji_added`.
    EmojiAdded(Box<EmojiAdded>),
    /// An event this version does not type: the raw `data`.
    Other(Value),
    /// A typed event whose data did not match its type (a server newer than this driver, or
    /// a bug): the decode error and the raw `data`, so that nothing is lost silently. The
    /// client also logs it at `warn`.
    Invalid(Box<InvalidData>),
}

/// Data of a typed event that did not decode.
///
/// ```
/// use mm_ws::{EventData, EventType};
///
/// // `status` must be a string: a newer server (or a bug) sent something else.
/// let data = EventData::decode(&EventType::StatusChange, serde_json::json!({"status": 1, "user_id": "u1"}));
/// let EventData::Invalid(invalid) = data else { unreachable!() };
/// assert_eq!(invalid.path, "status");
/// assert!(invalid.error.starts_with("status: invalid type"));
/// assert_eq!(invalid.data["user_id"], "u1"); // nothing is lost
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidData {
    /// Where it failed (`post.file_ids`).
    pub path: String,
    /// What failed, with the field path (`post.file_ids: invalid type: ...`).
    pub error: String,
    /// The data as received.
    pub data: Value,
}

impl EventData {
    /// Decodes `data` for `event`: an unknown event is [`EventData::Other`], data that does
    /// not match its type is [`EventData::Invalid`] (kept raw, with the error).
    ///
    /// ```
    /// use mm_ws::{EventData, EventType};
    ///
    /// let data = EventData::decode(&EventType::from("status_change"), serde_json::json!({"status": "dnd", "user_id": "u1"}));
    /// let EventData::StatusChange(change) = data else { unreachable!() };
    /// assert_eq!(change.status, "dnd");
    /// ```
    pub fn decode(event: &EventType, data: Value) -> Self {
        let text = data.to_string();
        match Self::decode_str(event, &text) {
            Some(Ok(typed)) => typed,
            Some(Err((path, error))) => {
                EventData::Invalid(Box::new(InvalidData { path, error, data }))
            }
            None => EventData::Other(data),
        }
    }

    /// Decodes the JSON text of `data` straight into the typed form (no intermediate
    /// `Value`); an unknown event is kept raw, data that does not match is
    /// [`EventData::Invalid`].
    ///
    /// ```
    /// use mm_ws::{EventData, EventType};
    ///
    /// let data = EventData::decode_raw(&EventType::NewUser, r#"{"user_id":"ay5sq51sebfh58ktrce5ijtcwy"}"#);
    /// assert!(matches!(data, EventData::NewUser(ref new) if new.user_id == "ay5sq51sebfh58ktrce5ijtcwy"));
    /// ```
    pub fn decode_raw(event: &EventType, data: &str) -> Self {
        let raw = || serde_json::from_str(data).unwrap_or(Value::Null);
        match Self::decode_str(event, data) {
            Some(Ok(typed)) => typed,
            Some(Err((path, error))) => EventData::Invalid(Box::new(InvalidData {
                path,
                error,
                data: raw(),
            })),
            None => EventData::Other(raw()),
        }
    }

    /// `None` for events without a type here; the field path and the error otherwise.
    fn decode_str(event: &EventType, data: &str) -> Option<Result<Self, (String, String)>> {
        fn typed<T: DeserializeOwned>(
            data: &str,
            wrap: impl FnOnce(T) -> EventData,
        ) -> Option<Result<EventData, (String, String)>> {
            let mut deserializer = serde_json::Deserializer::from_str(data);
            Some(
                serde_path_to_error::deserialize(&mut deserializer)
                    .map(wrap)
                    .map_err(|e| {
                        let path = e.path().to_string();
                        (path.clone(), format!("{path}: {}", e.inner()))
                    }),
            )
        }
        use EventType as E;
        match event {
            E::Hello => typed(data, EventData::Hello),
            E::Posted => typed(data, |p| EventData::Posted(Box::new(p))),
            E::PostEdited => typed(data, |p| EventData::PostEdited(Box::new(p))),
            E::PostDeleted => typed(data, |p| EventData::PostDeleted(Box::new(p))),
            E::EphemeralMessage => typed(data, |p| EventData::EphemeralMessage(Box::new(p))),
            E::PostUnread => typed(data, EventData::PostUnread),
            E::ReactionAdded => typed(data, EventData::ReactionAdded),
            E::ReactionRemoved => typed(data, EventData::ReactionRemoved),
            E::Typing => typed(data, EventData::Typing),
            E::StatusChange => typed(data, EventData::StatusChange),
            E::ChannelCreated => typed(data, EventData::ChannelCreated),
            E::ChannelDeleted => typed(data, EventData::ChannelDeleted),
            E::UserAdded => typed(data, EventData::UserAdded),
            E::UserRemoved => typed(data, EventData::UserRemoved),
            E::AddedToTeam => typed(data, EventData::AddedToTeam),
            E::LeaveTeam => typed(data, EventData::LeaveTeam),
            E::NewUser => typed(data, EventData::NewUser),
            E::DirectAdded => typed(data, EventData::DirectAdded),
            E::ChannelUpdated => typed(data, |c| EventData::ChannelUpdated(Box::new(c))),
            E::ChannelMemberUpdated => {
                typed(data, |c| EventData::ChannelMemberUpdated(Box::new(c)))
            }
            E::GroupAdded => typed(data, EventData::GroupAdded),
            E::UserUpdated => typed(data, |u| EventData::UserUpdated(Box::new(u))),
            E::MultipleChannelsViewed => typed(data, EventData::ChannelsViewed),
            E::PreferencesChanged => typed(data, EventData::PreferencesChanged),
            E::PreferencesDeleted => typed(data, EventData::PreferencesDeleted),
            E::ThreadUpdated => typed(data, |t| EventData::ThreadUpdated(Box::new(t))),
            E::ThreadReadChanged => typed(data, EventData::ThreadReadChanged),
            E::ThreadFollowChanged => typed(data, EventData::ThreadFollowChanged),
            E::EmojiAdded => typed(data, |e| EventData::EmojiAdded(Box::new(e))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(event: &str, data: Value) -> EventData {
        EventData::decode(&EventType::from(event), data)
    }

    #[test]
    fn samples_shaped_like_the_protocol_notes_decode() {
        let post = r#"{"id":"ag1yb3ekqbd4tkkxhdzjm4y6mo","create_at":1712680000000,"update_at":1712680000000,"edit_at":0,"delete_at":0,"is_pinned":false,"user_id":"ay5sq51sebfh58ktrce5ijtcwy","channel_id":"nhze199c4j87ped4wannrjdt9c","root_id":"","original_id":"","message":"hi @bob","type":"","props":{},"hashtags":"","file_ids":[],"pending_post_id":"","reply_count":0,"last_reply_at":0,"participants":null}"#;
        let EventData::Posted(posted) = decode(
            "posted",
            json!({"channel_display_name":"Town Square","channel_name":"town-square","channel_type":"O","mentions":"[\"bq7n3wfkjfgaddqj4a1bqzhq4y\"]","post": post,"sender_name":"@alice","set_online":true,"team_id":"ut9cxjyk3p8ouyxr8gqqnnmnwy","otherFile":"true"}),
        ) else {
            panic!()
        };
        assert_eq!(posted.post.message, "hi @bob");
        assert_eq!(posted.mentions.unwrap(), vec!["bq7n3wfkjfgaddqj4a1bqzhq4y"]);
        assert_eq!(posted.other_file.as_deref(), Some("true"));
        let EventData::PostEdited(edited) = decode("post_edited", json!({"post": post})) else {
            panic!()
        };
        assert_eq!(edited.post.id, "ag1yb3ekqbd4tkkxhdzjm4y6mo");
        let EventData::PostDeleted(deleted) =
            decode("post_deleted", json!({"post": post, "delete_by": "u1"}))
        else {
            panic!()
        };
        assert_eq!(deleted.delete_by.as_deref(), Some("u1"));
        assert!(matches!(
            decode("ephemeral_message", json!({"post": post})),
            EventData::EphemeralMessage(_)
        ));
        let EventData::ReactionAdded(reaction) = decode(
            "reaction_added",
            json!({"reaction":"{\"user_id\":\"ay5sq51sebfh58ktrce5ijtcwy\",\"post_id\":\"ag1yb3ekqbd4tkkxhdzjm4y6mo\",\"emoji_name\":\"thumbsup\",\"create_at\":1712680001000,\"update_at\":1712680001000,\"delete_at\":0,\"remote_id\":null,\"channel_id\":\"nhze199c4j87ped4wannrjdt9c\"}"}),
        ) else {
            panic!()
        };
        assert_eq!(reaction.reaction.emoji_name, "thumbsup");
        assert!(matches!(
            decode("typing", json!({"parent_id":"","user_id":"u"})),
            EventData::Typing(Typing { .. })
        ));
        let EventData::StatusChange(status) =
            decode("status_change", json!({"status":"away","user_id":"u"}))
        else {
            panic!()
        };
        assert_eq!(status.status, "away");
        let EventData::Hello(hello) = decode(
            "hello",
            json!({"connection_id":"h1y8sbt6wjbbxnw5d3g8nqm5eo","server_hostname":"mm-app-0","server_version":"11.6.0.7423.x.true"}),
        ) else {
            panic!()
        };
        assert_eq!(hello.connection_id, "h1y8sbt6wjbbxnw5d3g8nqm5eo");
        // One variant per event: a handler matches once.
        assert_eq!(
            decode(
                "channel_created",
                json!({"channel_id": "c", "team_id": "t"})
            ),
            EventData::ChannelCreated(ChannelCreated {
                channel_id: "c".into(),
                team_id: "t".into()
            })
        );
        assert_eq!(
            decode(
                "channel_deleted",
                json!({"channel_id": "c", "delete_at": 5})
            ),
            EventData::ChannelDeleted(ChannelDeleted {
                channel_id: "c".into(),
                delete_at: 5
            })
        );
        assert_eq!(
            decode("user_added", json!({"user_id": "u", "team_id": "t"})),
            EventData::UserAdded(UserAdded {
                user_id: "u".into(),
                team_id: "t".into()
            })
        );
        assert_eq!(
            decode(
                "user_removed",
                json!({"channel_id": "c", "remover_id": "r"})
            ),
            EventData::UserRemoved(UserRemoved {
                channel_id: "c".into(),
                remover_id: "r".into(),
                ..Default::default()
            })
        );
        let membership = TeamMembership {
            team_id: "t".into(),
            user_id: "u".into(),
        };
        assert_eq!(
            decode("added_to_team", json!({"team_id": "t", "user_id": "u"})),
            EventData::AddedToTeam(membership.clone())
        );
        assert_eq!(
            decode("leave_team", json!({"team_id": "t", "user_id": "u"})),
            EventData::LeaveTeam(membership)
        );
        assert_eq!(
            decode("new_user", json!({"user_id": "u"})),
            EventData::NewUser(NewUser {
                user_id: "u".into()
            })
        );
        assert_eq!(
            decode(
                "direct_added",
                json!({"creator_id": "a", "teammate_id": "b"})
            ),
            EventData::DirectAdded(DirectAdded {
                creator_id: "a".into(),
                teammate_id: "b".into()
            })
        );
        assert!(matches!(
            decode("reaction_removed", json!({"reaction": "{}"})),
            EventData::ReactionRemoved(_)
        ));
        assert!(matches!(
            decode("preferences_deleted", json!({"preferences": "[]"})),
            EventData::PreferencesDeleted(_)
        ));
        let EventData::ChannelUpdated(updated) = decode(
            "channel_updated",
            json!({"channel": "{\"id\":\"c\",\"name\":\"n\",\"type\":\"O\"}"}),
        ) else {
            panic!()
        };
        assert_eq!(updated.channel.unwrap().name, "n");
        let EventData::ChannelMemberUpdated(member) = decode(
            "channel_member_updated",
            json!({"channelMember": "{\"channel_id\":\"c\",\"user_id\":\"u\",\"roles\":\"channel_user\"}"}),
        ) else {
            panic!()
        };
        assert_eq!(member.channel_member.user_id, "u");
        let EventData::GroupAdded(group) =
            decode("group_added", json!({"teammate_ids": "[\"a\",\"b\"]"}))
        else {
            panic!()
        };
        assert_eq!(group.teammate_ids, vec!["a", "b"]);
        let EventData::UserUpdated(user) = decode(
            "user_updated",
            json!({"user": {"id": "u", "username": "alice"}}),
        ) else {
            panic!()
        };
        assert_eq!(user.user.username, "alice");
        let EventData::ChannelsViewed(viewed) = decode(
            "multiple_channels_viewed",
            json!({"channel_times": {"c": 5}}),
        ) else {
            panic!()
        };
        assert_eq!(viewed.channel_times["c"], 5);
        let EventData::PostUnread(unread) = decode(
            "post_unread",
            json!({"msg_count": 3, "mention_count": 1, "post_id": "p"}),
        ) else {
            panic!()
        };
        assert_eq!(unread.msg_count, 3);
        let EventData::PreferencesChanged(preferences) = decode(
            "preferences_changed",
            json!({"preferences": "[{\"user_id\":\"u\",\"category\":\"display_settings\",\"name\":\"theme\",\"value\":\"dark\"}]"}),
        ) else {
            panic!()
        };
        assert_eq!(preferences.preferences.len(), 1);
        let EventData::ThreadUpdated(thread) = decode(
            "thread_updated",
            json!({"thread": "{\"id\":\"t\",\"reply_count\":2}", "previous_unread_mentions": 1}),
        ) else {
            panic!()
        };
        assert_eq!(thread.thread["reply_count"], 2);
        assert!(matches!(
            decode("thread_read_changed", json!({})),
            EventData::ThreadReadChanged(_)
        ));
        let EventData::ThreadFollowChanged(follow) = decode(
            "thread_follow_changed",
            json!({"thread_id": "t", "state": true, "reply_count": 4}),
        ) else {
            panic!()
        };
        assert!(follow.state);
        let EventData::EmojiAdded(emoji) = decode(
            "emoji_added",
            json!({"emoji": "{\"id\":\"e\",\"name\":\"party\"}"}),
        ) else {
            panic!()
        };
        assert_eq!(emoji.emoji.name, "party");
    }

    #[test]
    fn every_event_type_of_the_server_is_known() {
        let names = [
            "typing",
            "posted",
            "post_edited",
            "post_deleted",
            "post_unread",
            "channel_converted",
            "channel_created",
            "channel_deleted",
            "channel_restored",
            "channel_updated",
            "channel_member_updated",
            "channel_scheme_updated",
            "direct_added",
            "group_added",
            "new_user",
            "added_to_team",
            "leave_team",
            "update_team",
            "delete_team",
            "restore_team",
            "update_team_scheme",
            "user_added",
            "user_updated",
            "user_role_updated",
            "memberrole_updated",
            "user_removed",
            "preference_changed",
            "preferences_changed",
            "preferences_deleted",
            "ephemeral_message",
            "status_change",
            "hello",
            "authentication_challenge",
            "reaction_added",
            "reaction_removed",
            "response",
            "emoji_added",
            "multiple_channels_viewed",
            "plugin_statuses_changed",
            "plugin_enabled",
            "plugin_disabled",
            "role_updated",
            "license_changed",
            "config_changed",
            "open_dialog",
            "guests_deactivated",
            "user_activation_status_change",
            "received_group",
            "received_group_associated_to_team",
            "received_group_not_associated_to_team",
            "received_group_associated_to_channel",
            "received_group_not_associated_to_channel",
            "group_member_deleted",
            "group_member_add",
            "sidebar_category_created",
            "sidebar_category_updated",
            "sidebar_category_deleted",
            "sidebar_category_order_updated",
            "cloud_subscription_changed",
            "thread_updated",
            "thread_follow_changed",
            "thread_read_changed",
            "first_admin_visit_marketplace_status_received",
            "draft_created",
            "draft_updated",
            "draft_deleted",
            "post_acknowledgement_added",
            "post_acknowledgement_removed",
            "persistent_notification_triggered",
            "hosted_customer_signup_progress_updated",
            "channel_bookmark_created",
            "channel_bookmark_updated",
            "channel_bookmark_deleted",
            "channel_bookmark_sorted",
            "presence",
            "posted_notify_ack",
            "scheduled_post_created",
            "scheduled_post_updated",
            "scheduled_post_deleted",
            "custom_profile_attributes_field_created",
            "custom_profile_attributes_field_updated",
            "custom_profile_attributes_field_deleted",
            "custom_profile_attributes_values_updated",
            "content_flagging_report_value_updated",
            "recap_updated",
            "post_translation_updated",
            "post_revealed",
            "post_burned",
            "burn_on_read_all_revealed",
            "file_download_rejected",
            "show_toast",
        ];
        assert_eq!(names.len(), 91);
        for name in names {
            let event = EventType::from(name);
            assert!(!matches!(event, EventType::Unknown(_)), "{name}");
            assert_eq!(event.as_str(), name);
        }
    }
}
