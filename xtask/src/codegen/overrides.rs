//! Fixes for bugs of the spec, one entry per bug. Each says what is wrong upstream, so that it
//! can be dropped once Mattermost fixes it. Codegen fails when an entry no longer applies.

use yaml_serde::Value;

/// What an override does at its pointer.
pub enum Action {
    /// Replace the value with this YAML.
    Replace(&'static str),
    /// Append this YAML item to the list (created when missing).
    Append(&'static str),
    /// Add this YAML at a key that the spec lacks (a field the server sends but the spec omits).
    Add(&'static str),
}

/// One fix at a path of keys separated by `/` (`~1` for a `/` inside a key).
pub struct Override {
    pub pointer: &'static str,
    pub action: Action,
    pub bug: &'static str,
}

const STRING: &str = "type: string";
const BOOLEAN: &str = "type: boolean";

const BINARY_OK: &str = "description: The file.\ncontent:\n  application/octet-stream:\n    schema:\n      type: string\n      format: binary";
const STATUS_OK: &str = "description: Done.\ncontent:\n  application/json:\n    schema:\n      $ref: '#/components/schemas/StatusOK'";
const NAMES_OK: &str = "description: The file names.\ncontent:\n  application/json:\n    schema:\n      type: array\n      items:\n        type: string";

const BINARY_CONTENT: &str =
    "application/octet-stream:\n  schema:\n    type: string\n    format: binary";
const STRING_MAP_CONTENT: &str =
    "application/json:\n  schema:\n    type: object\n    additionalProperties:\n      type: string";
const MENTION_COUNTS_CONTENT: &str = "application/json:\n  schema:\n    type: object\n    description: Unread mentions by channel id.\n    additionalProperties:\n      type: integer";
const USERS_WITH_COUNT_CONTENT: &str = "application/json:\n  schema:\n    type: object\n    properties:\n      users:\n        type: array\n        items:\n          $ref: '#/components/schemas/User'\n      total_count:\n        type: integer";
const MEMBER_COUNTS_CONTENT: &str = "application/json:\n  schema:\n    type: array\n    items:\n      type: object\n      properties:\n        group_id:\n          type: string\n        channel_member_count:\n          type: integer\n        channel_member_timezones_count:\n          type: integer";
const ANALYTICS_CONTENT: &str = "application/json:\n  schema:\n    type: array\n    items:\n      type: object\n      properties:\n        name:\n          type: string\n        value:\n          type: integer";

const USER_ID: &str = "name: user_id\nin: path\nrequired: true\nschema:\n  type: string";

const GROUPS_WITH_TOTAL: &str = "type: object\nproperties:\n  groups:\n    type: array\n    items:\n      $ref: '#/components/schemas/Group'\n  total_group_count:\n    type: integer";
const CPA_VALUES: &str = "type: object\ndescription: Values by field id (a string, or a list of strings for multiselect fields).\nadditionalProperties:\n  description: A string, or a list of strings.";

const GROUP_SYNCABLE_PATCH: &str = "content:\n  application/json:\n    schema:\n      type: object\n      properties:\n        auto_add:\n          type: boolean\n        scheme_admin:\n          type: boolean";
/// `x-mm-repeated`: one part per value (a list in mm), described as one part because that is
/// what form validators (Prism) check.
const UPLOAD_FILE_FORM: &str = "type: object\nrequired:\n  - channel_id\n  - files\nproperties:\n  channel_id:\n    type: string\n    description: The channel the files are uploaded to.\n  client_ids:\n    type: string\n    x-mm-repeated: true\n    description: One identifier per file, in the files' order, returned in the answer beside each file.\n  files:\n    type: string\n    format: binary\n    x-mm-repeated: true\n    description: The files, one part each.";
const SEARCH_PARAMETER: &str = "application/json:\n  schema:\n    type: object\n    required:\n      - terms\n      - is_or_search\n    properties:\n      terms:\n        type: string\n        description: The search terms; `from:someusername` and `in:somechannel` narrow the search.\n      is_or_search:\n        type: boolean\n        description: Set to true if an Or search should be performed vs an And search.";

/// Fixes for bugs of the Playbooks plugin spec (pointers into that spec).
pub const PLAYBOOKS_OVERRIDES: &[Override] = &[];

pub const OVERRIDES: &[Override] = &[
    // Defects of the newest spec itself: references to schemas that no source file defines.
    Override {
        pointer: "components/schemas/PluginAccessControlSettings",
        action: Action::Add(
            "type: object\ndescription: Who may see a plugin in the product menu and app bar.\nproperties:\n  enable:\n    type: boolean\n    description: When true, only the listed users (and system admins) see the plugin.\n  allowed_user_ids:\n    type: array\n    items:\n      type: string",
        ),
        bug: "unresolved $ref: GetPluginAccessControl/SetPluginAccessControl use PluginAccessControlSettings, which no source file defines (shape from the web app's admin console: Client4.getPluginAccessControl answers `enable` and `allowed_user_ids`)",
    },
    Override {
        pointer: "components/schemas/SharedChannelInvitation",
        action: Action::Add(
            "type: object\ndescription: A channel-share invitation, sent or received, kept while pending, failed or rejected.\nproperties:\n  id:\n    type: string\n  channel_id:\n    type: string\n  remote_id:\n    type: string\n  direction:\n    type: string\n    description: sent or received\n  status:\n    type: string\n    description: pending, rejected or failed\n  error:\n    type: string\n  creator_id:\n    type: string\n  create_at:\n    type: integer\n    format: int64\n  update_at:\n    type: integer\n    format: int64",
        ),
        bug: "unresolved $ref: the shared channel invitation listings use SharedChannelInvitation, which no source file defines (shape from model.SharedChannelInvitation, server/public/model/shared_channel_invitation.go)",
    },
    Override {
        pointer: "paths/~1api~1v4~1license~1client/get/parameters",
        action: Action::Add(
            "- name: format\n  in: query\n  required: true\n  description: Must be `old` (servers before license removal answer 400 without it; newer ones ignore it).\n  schema:\n    type: string\n    enum: [old]",
        ),
        bug: "GetClientLicense: the newest spec drops the `format` query parameter, but servers up to 11.x answer 400 without `format=old` (api4/license.go getClientLicense); Client4 getClientLicenseOld sends it",
    },
    Override {
        pointer: "paths/~1api~1v4~1hosted_customer~1signup_available/get/responses/200",
        action: Action::Add(STATUS_OK),
        bug: "HostedCustomerSignupAvailable declares no success answer; servers that offered hosted signup answered StatusOK (api4/hosted_customer.go handleSignupAvailable, ReturnStatusOK), current ones always 501",
    },
    Override {
        pointer: "components/schemas/PostIdToReactionsMap",
        action: Action::Add(
            "type: object\ndescription: Reactions by post id.\nadditionalProperties:\n  type: array\n  items:\n    $ref: '#/components/schemas/Reaction'",
        ),
        bug: "unresolved $ref: GetBulkReactions answers PostIdToReactionsMap, which the newest definitions file no longer defines (11.6 did: post id to a list of Reaction; api4/reaction.go getBulkReactions)",
    },
    Override {
        pointer: "paths/~1api~1v4~1posts~1{post_id}~1patch/put/requestBody/content/application~1json/schema/properties/props",
        action: Action::Replace(
            "type: object\ndescription: A general JSON property bag to attach to the post",
        ),
        bug: "PatchPost declares `props` a string; the server takes the JSON object (model.PostPatch.Props)",
    },
    Override {
        pointer: "paths/~1api~1v4~1posts~1{post_id}/put/requestBody/content/application~1json/schema/properties/props",
        action: Action::Replace(
            "type: object\ndescription: A general JSON property bag to attach to the post",
        ),
        bug: "UpdatePost declares `props` a string; the server takes the JSON object (model.Post.Props)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1image/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "GetProfileImage declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1image~1default/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "GetDefaultProfileImage declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1{team_id}~1image/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "GetTeamIcon declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji~1{emoji_id}~1image/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "GetEmojiImage declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1compliance~1reports~1{report_id}~1download/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "DownloadComplianceReport declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1bots~1{bot_user_id}~1icon/get/responses/200/content",
        action: Action::Add(BINARY_CONTENT),
        bug: "GetBotIconImage declares its image or file answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1config~1client/get/responses/200/content",
        action: Action::Add(STRING_MAP_CONTENT),
        bug: "GetClientConfig declares its JSON answer (a map of strings) without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1license~1client/get/responses/200/content",
        action: Action::Add(STRING_MAP_CONTENT),
        bug: "GetClientLicense declares its JSON answer (a map of strings) without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1threads~1mention_counts/get/responses/200/content",
        action: Action::Add(MENTION_COUNTS_CONTENT),
        bug: "GetThreadMentionCountsByChannel declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1{team_id}~1members_minus_group_members/get/responses/200/content",
        action: Action::Add(USERS_WITH_COUNT_CONTENT),
        bug: "TeamMembersMinusGroupMembers declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1members_minus_group_members/get/responses/200/content",
        action: Action::Add(USERS_WITH_COUNT_CONTENT),
        bug: "ChannelMembersMinusGroupMembers declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1member_counts_by_group/get/responses/200/content",
        action: Action::Add(MEMBER_COUNTS_CONTENT),
        bug: "GetChannelMemberCountsByGroup declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1trial-license~1prev/get/responses/200/content",
        action: Action::Add(STRING_MAP_CONTENT),
        bug: "GetPrevTrialLicense declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1analytics~1old/get/responses/200/content",
        action: Action::Add(ANALYTICS_CONTENT),
        bug: "GetAnalyticsOld declares its JSON answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1threads~1{thread_id}/get/responses/200/content",
        action: Action::Add(
            "application/json:\n  schema:\n    $ref: '#/components/schemas/UserThread'",
        ),
        bug: "GetUserThread declares its UserThread answer without a content type",
    },
    Override {
        pointer: "paths/~1api~1v4~1files~1{file_id}/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GetFile declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1files~1{file_id}~1thumbnail/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GetFileThumbnail declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1files~1{file_id}~1preview/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GetFilePreview declares no success response",
    },
    Override {
        pointer: "paths/~1files~1{file_id}~1public/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GetFilePublic declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1jobs~1{job_id}~1download/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "DownloadJob declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1system~1support_packet/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GenerateSupportPacket declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1cloud~1subscription~1invoices~1{invoice_id}~1pdf/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "GetInvoiceForSubscriptionAsPdf declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1exports~1{export_name}/get/responses/200",
        action: Action::Add(BINARY_OK),
        bug: "DownloadExport declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1imports/get/responses/200",
        action: Action::Add(NAMES_OK),
        bug: "ListImports declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1exports/get/responses/200",
        action: Action::Add(NAMES_OK),
        bug: "ListExports declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1imports~1{import_name}/delete/responses/200",
        action: Action::Add(STATUS_OK),
        bug: "DeleteImport declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1exports~1{export_name}/delete/responses/200",
        action: Action::Add(STATUS_OK),
        bug: "DeleteExport declares no success response",
    },
    Override {
        pointer: "paths/~1api~1v4~1uploads~1{upload_id}/get/responses/200",
        action: Action::Add(
            "description: The upload session.\ncontent:\n  application/json:\n    schema:\n      $ref: '#/components/schemas/UploadSession'",
        ),
        bug: "GetUpload declares no success response (it returns the UploadSession)",
    },
    Override {
        pointer: "paths/~1api~1v4~1cloud~1webhook/post/responses/200",
        action: Action::Add("description: Webhook processed."),
        bug: "PostEndpointForCwsWebhooks declares no success response",
    },
    Override {
        pointer: "components/schemas/KnownUsers",
        action: Action::Replace("type: array\nitems:\n  type: string"),
        bug: "KnownUsers puts `items` under `properties`, so the array has no item type",
    },
    Override {
        pointer: "components/schemas/ClusterInfo",
        action: Action::Replace(
            "type: array\nitems:\n  type: object\n  properties:\n    id:\n      type: string\n    version:\n      type: string\n    schema_version:\n      type: string\n    config_hash:\n      type: string\n    ipaddress:\n      type: string\n    hostname:\n      type: string",
        ),
        bug: "ClusterInfo puts `items` under `properties`, so the array has no item type",
    },
    Override {
        pointer: "components/schemas/PostMetadata/properties/images",
        action: Action::Replace(
            "type: object\ndescription: Image dimensions by the external image's URL.\nadditionalProperties:\n  type: object\n  properties:\n    height:\n      type: integer\n    width:\n      type: integer",
        ),
        bug: "PostMetadata.images is a map (URL to dimensions) but is declared an object with `items`, \
              which also crashes schema-based mock servers",
    },
    Override {
        pointer: "paths/~1api~1v4~1posts~1schedule/post/requestBody/content/application~1json/schema/properties/file_ids/items",
        action: Action::Add("type: string"),
        bug: "CreateScheduledPost's `file_ids` array has no item type",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1custom_profile_attributes/get/responses/200/content",
        action: Action::Replace(
            "application/json:\n  schema:\n    type: array\n    items:\n      type: object\n      properties:\n        field_id:\n          type: string\n        value:\n          type: string",
        ),
        bug: "ListCPAValues puts its schema beside application/json instead of under it (mis-indented YAML)",
    },
    Override {
        pointer: "paths/~1api~1v4~1redirect_location/get/responses/200/content",
        action: Action::Replace(
            "application/json:\n  schema:\n    type: object\n    properties:\n      location:\n        type: string",
        ),
        bug: "GetRedirectLocation declares an image/* answer, but the server answers JSON `{\\\"location\\\": ...}`",
    },
    Override {
        pointer: "components/schemas/User/properties/is_bot",
        action: Action::Add(BOOLEAN),
        bug: "User omits `is_bot`, which the server sends for every user (model/user.go)",
    },
    Override {
        pointer: "components/schemas/User/properties/bot_description",
        action: Action::Add(STRING),
        bug: "User omits `bot_description`, sent for bots (model/user.go)",
    },
    Override {
        pointer: "components/schemas/User/properties/position",
        action: Action::Add(STRING),
        bug: "User omits `position`, which the server sends and UserPatch sets (model/user.go)",
    },
    Override {
        pointer: "components/schemas/FileInfo/properties/channel_id",
        action: Action::Add(STRING),
        bug: "FileInfo omits `channel_id`, which the server sends (model/file_info.go)",
    },
    Override {
        pointer: "components/schemas/UserAccessToken/properties/is_active",
        action: Action::Add(BOOLEAN),
        bug: "UserAccessToken omits `is_active`, which the server sends (model/user_access_token.go)",
    },
    Override {
        pointer: "components/schemas/IncomingWebhook/properties/user_id",
        action: Action::Add(STRING),
        bug: "IncomingWebhook omits `user_id` (model/incoming_webhook.go)",
    },
    Override {
        pointer: "components/schemas/IncomingWebhook/properties/team_id",
        action: Action::Add(STRING),
        bug: "IncomingWebhook omits `team_id` (model/incoming_webhook.go)",
    },
    Override {
        pointer: "components/schemas/IncomingWebhook/properties/username",
        action: Action::Add(STRING),
        bug: "IncomingWebhook omits `username` (model/incoming_webhook.go)",
    },
    Override {
        pointer: "components/schemas/IncomingWebhook/properties/icon_url",
        action: Action::Add(STRING),
        bug: "IncomingWebhook omits `icon_url` (model/incoming_webhook.go)",
    },
    Override {
        pointer: "components/schemas/IncomingWebhook/properties/channel_locked",
        action: Action::Add(BOOLEAN),
        bug: "IncomingWebhook omits `channel_locked` (model/incoming_webhook.go)",
    },
    Override {
        pointer: "components/schemas/PluginStatus/properties/state",
        action: Action::Replace(
            "type: integer\ndescription: \"The state of the plugin: 0 NotRunning, 1 Starting, 2 Running, 3 FailedToStart, 4 FailedToStayRunning, 5 Stopping.\"",
        ),
        bug: "`state` is declared `type: number` with string enum values, but the server sends the \
              numeric `PluginState` (model/plugin_status.go)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1reset_failed_attempts/post/parameters",
        action: Action::Append(USER_ID),
        bug: "resetPasswordFailedAttempts uses {user_id} in its path without declaring it",
    },
    Override {
        pointer: "paths/~1api~1v4~1remotecluster~1{remote_id}~1generate_invite/post/parameters",
        action: Action::Append(
            "name: remote_id\nin: path\nrequired: true\nschema:\n  type: string",
        ),
        bug: "GenerateRemoteClusterInvite uses {remote_id} in its path without declaring it",
    },
    Override {
        pointer: "paths/~1api~1v4~1posts~1scheduled~1team~1{team_id}/get/parameters",
        action: Action::Append("name: team_id\nin: path\nrequired: true\nschema:\n  type: string"),
        bug: "GetUserScheduledPosts uses {team_id} in its path without declaring it",
    },
    // Response shapes as the server's handlers send them (the spec says otherwise).
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1posts~1flagged/get/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/PostList'"),
        bug: "GetFlaggedPostsForUser answers one PostList, not an array (api4/post.go getFlaggedPostsForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1limits~1server/get/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/ServerLimits'"),
        bug: "GetServerLimits answers one ServerLimits object, not an array (api4/limits.go getServerLimits)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1channels~1categories/get/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/OrderedSidebarCategories'"),
        bug: "GetSidebarCategoriesForTeamForUser answers one OrderedSidebarCategories, not an array (api4/channel_category.go getCategoriesForTeamForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji/get/responses/200/content/application~1json/schema",
        action: Action::Replace("type: array\nitems:\n  $ref: '#/components/schemas/Emoji'"),
        bug: "GetEmojiList answers an array of Emoji, not one (api4/emoji.go getEmojiList)",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji~1autocomplete/get/responses/200/content/application~1json/schema",
        action: Action::Replace("type: array\nitems:\n  $ref: '#/components/schemas/Emoji'"),
        bug: "AutocompleteEmoji answers an array of Emoji, not one (api4/emoji.go autocompleteEmojis)",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji~1names/post/responses/200/content/application~1json/schema/items",
        action: Action::Replace("$ref: '#/components/schemas/Emoji'"),
        bug: "GetEmojisByNames answers Emoji items, not User (api4/emoji.go getEmojisByNames)",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji~1{emoji_id}/delete/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/StatusOK'"),
        bug: "DeleteEmoji answers {\"status\": \"OK\"}, not the Emoji (api4/emoji.go deleteEmoji)",
    },
    Override {
        pointer: "paths/~1api~1v4~1bots~1{bot_user_id}~1convert_to_user/post/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/User'"),
        bug: "ConvertBotToUser answers the User, not a status (api4/bot.go convertBotToUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1convert_to_bot/post/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/Bot'"),
        bug: "ConvertUserToBot answers the Bot, not a status (api4/bot.go convertUserToBot)",
    },
    Override {
        pointer: "paths/~1api~1v4~1hooks~1outgoing~1{hook_id}~1regen_token/post/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/OutgoingWebhook'"),
        bug: "RegenOutgoingHookToken answers the OutgoingWebhook, not a status (api4/webhook.go regenOutgoingHookToken)",
    },
    Override {
        pointer: "paths/~1api~1v4~1groups~1{group_id}/delete/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/Group'"),
        bug: "DeleteGroup answers the Group, not a status (api4/group.go deleteGroup)",
    },
    Override {
        pointer: "paths/~1api~1v4~1groups~1{group_id}~1restore/post/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/Group'"),
        bug: "RestoreGroup answers the Group, not a status (api4/group.go restoreGroup)",
    },
    Override {
        pointer: "paths/~1api~1v4~1ldap~1groups~1{remote_id}~1link/post/responses/201/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/Group'"),
        bug: "LinkLdapGroup answers the Group, not a status (api4/ldap.go linkLdapGroup)",
    },
    Override {
        pointer: "paths/~1api~1v4~1ldap~1groups/get/responses/200/content/application~1json/schema",
        action: Action::Replace("$ref: '#/components/schemas/LDAPGroupsPaged'"),
        bug: "GetLdapGroups answers one {count, groups} object, not an array (api4/ldap.go getLdapGroups)",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1{team_id}~1groups/get/responses/200/content/application~1json/schema",
        action: Action::Replace(GROUPS_WITH_TOTAL),
        bug: "GetGroupsByTeam always answers {groups, total_group_count} (api4/group.go getGroupsByTeam)",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1groups/get/responses/200/content/application~1json/schema",
        action: Action::Replace(GROUPS_WITH_TOTAL),
        bug: "GetGroupsByChannel always answers {groups, total_group_count} (api4/group.go getGroupsByChannel)",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1search/post/responses/200/content/application~1json/schema",
        action: Action::Replace(
            "oneOf:\n  - type: array\n    items:\n      $ref: '#/components/schemas/Channel'\n  - $ref: '#/components/schemas/ChannelsWithCount'",
        ),
        bug: "SearchAllChannels answers a bare array unless the body has both page and per_page, then {channels, total_count} (api4/channel.go searchAllChannels)",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1search/post/responses/200/content/application~1json/schema",
        action: Action::Replace(
            "oneOf:\n  - type: array\n    items:\n      $ref: '#/components/schemas/Team'\n  - $ref: '#/components/schemas/TeamsWithCount'",
        ),
        bug: "SearchTeams answers a bare array unless the body has both page and per_page, then {teams, total_count} (api4/team.go searchTeams)",
    },
    Override {
        pointer: "paths/~1api~1v4~1custom_profile_attributes~1values/patch/requestBody/content/application~1json/schema",
        action: Action::Replace(CPA_VALUES),
        bug: "PatchCPAValues takes a map {field_id: value}, not an array (api4/custom_profile_attributes.go patchCPAValues; Client4 updateCustomProfileAttributeValues)",
    },
    Override {
        pointer: "paths/~1api~1v4~1custom_profile_attributes~1values/patch/responses/200/content/application~1json/schema",
        action: Action::Replace(CPA_VALUES),
        bug: "PatchCPAValues answers a map {field_id: value}, not an array (api4/custom_profile_attributes.go patchCPAValues)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1custom_profile_attributes/patch/requestBody/content/application~1json/schema",
        action: Action::Replace(CPA_VALUES),
        bug: "PatchCPAValuesForUser takes a map {field_id: value}, not an array (api4/custom_profile_attributes.go patchCPAValuesForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1custom_profile_attributes/patch/responses/200/content/application~1json/schema",
        action: Action::Replace(CPA_VALUES),
        bug: "PatchCPAValuesForUser answers a map {field_id: value}, not an array (api4/custom_profile_attributes.go patchCPAValuesForUser)",
    },
    Override {
        pointer: "components/schemas/TeamsWithCount",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.TeamsWithCount ({teams, total_count}); its fields come from the server model",
    },
    Override {
        pointer: "components/schemas/IncomingWebhooksWithCount",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.IncomingWebhooksWithCount; its fields come from the server model",
    },
    // Requests as the server reads them.
    Override {
        pointer: "paths/~1api~1v4~1users~1autocomplete/get/parameters/0/name",
        action: Action::Replace("in_team"),
        bug: "AutocompleteUsers reads `in_team`, not `team_id` (api4/user.go autocompleteUsers; Client4 autocompleteUsers)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1autocomplete/get/parameters/1/name",
        action: Action::Replace("in_channel"),
        bug: "AutocompleteUsers reads `in_channel`, not `channel_id` (api4/user.go autocompleteUsers; Client4 autocompleteUsers)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1login/post/requestBody/content/application~1json/schema/properties/ldap_only",
        action: Action::Replace(
            "type: string\ndescription: \"`true` (a string) to log in through LDAP only: the server reads the body as a map of strings.\"",
        ),
        bug: "Login reads `ldap_only` as the string \"true\" (api4/user.go login: MapFromJSON, props[\"ldap_only\"] == \"true\"); a JSON bool is ignored",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1password~1reset/post/requestBody/content/application~1json/schema",
        action: Action::Replace(
            "type: object\nrequired:\n  - token\n  - new_password\nproperties:\n  token:\n    type: string\n    description: The recovery token from the reset email (64 characters).\n  new_password:\n    type: string\n    description: The new password for the user",
        ),
        bug: "ResetPassword reads `token`, not `code` (api4/user.go resetPassword)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1terms_of_service/post/requestBody/content/application~1json/schema",
        action: Action::Replace(
            "type: object\nrequired:\n  - termsOfServiceId\n  - accepted\nproperties:\n  termsOfServiceId:\n    type: string\n    description: The id of the terms of service.\n  accepted:\n    type: boolean\n    description: Whether the user accepted them.",
        ),
        bug: "RegisterTermsOfServiceAction reads `termsOfServiceId` and a bool `accepted` (api4/user.go saveUserTermsOfService)",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1moderations~1patch/put/requestBody/content/application~1json/schema",
        action: Action::Replace(
            "type: array\nitems:\n  $ref: '#/components/schemas/ChannelModerationPatch'",
        ),
        bug: "PatchChannelModerations decodes an array of ChannelModerationPatch; one object is a 500 (api4/channel.go patchChannelModerations)",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1move/post/requestBody/content/application~1json/schema/required",
        action: Action::Replace("- team_id\n- force"),
        bug: "MoveChannel needs `force` (a bool): without it the server answers 400 (api4/channel.go moveChannel)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1posts~1{post_id}~1set_unread/post/requestBody",
        action: Action::Add(
            "content:\n  application/json:\n    schema:\n      type: object\n      properties:\n        collapsed_threads_supported:\n          type: boolean\n          description: Whether the client shows collapsed reply threads.",
        ),
        bug: "SetPostUnread reads an optional body {collapsed_threads_supported} (api4/post.go setPostUnread)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1threads/get/parameters",
        action: Action::Append(
            "name: before\nin: query\ndescription: Threads before this thread id (paging; `page` is ignored by the server).\nschema:\n  type: string",
        ),
        bug: "GetUserThreads pages with `before` (api4/user.go getThreadsForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1threads/get/parameters",
        action: Action::Append(
            "name: after\nin: query\ndescription: Threads after this thread id (paging).\nschema:\n  type: string",
        ),
        bug: "GetUserThreads pages with `after` (api4/user.go getThreadsForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1{team_id}~1threads/get/parameters",
        action: Action::Append(
            "name: unread\nin: query\ndescription: Only unread threads.\nschema:\n  type: boolean",
        ),
        bug: "GetUserThreads reads `unread` (api4/user.go getThreadsForUser)",
    },
    Override {
        pointer: "paths/~1api~1v4~1access_control_policies~1{policy_id}~1unassign/delete/requestBody/content/application~1json/schema/properties/team_id",
        action: Action::Add(
            "type: string\ndescription: The team whose admin unassigns the policy (newer servers; ignored by 11.6).",
        ),
        bug: "UnassignAccessControlPolicy: newer servers read `team_id` from the body for team admins (api4/access_control.go unassignAccessPolicy)",
    },
    Override {
        pointer: "components/schemas/TeamMemberWithError",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.TeamMemberWithError (graceful team member adds); its fields come from the server model",
    },
    Override {
        pointer: "components/schemas/EmailInviteWithError",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.EmailInviteWithError (graceful invites); its fields come from the server model",
    },
    Override {
        pointer: "components/schemas/GroupsWithCount",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.GroupsWithCount ({groups, total_count}); its fields come from the server model",
    },
    Override {
        pointer: "paths/~1api~1v4~1groups/get/parameters",
        action: Action::Append(
            "name: include_total_count\nin: query\ndescription: Also answer the total number of groups.\nschema:\n  type: boolean",
        ),
        bug: "GetGroups reads `include_total_count` (api4/group.go getGroups) but the spec does not list it",
    },
    // Bodies the server reads that the spec leaves out (what Client4 sends).
    Override {
        pointer: "paths/~1api~1v4~1posts~1{post_id}~1actions~1{action_id}/post/requestBody",
        action: Action::Add(
            "content:\n  application/json:\n    schema:\n      type: object\n      properties:\n        selected_option:\n          type: string\n          description: The option picked in a select action.\n        cookie:\n          type: string\n          description: The action's cookie (ephemeral posts).",
        ),
        bug: "DoPostAction reads an optional model.DoPostActionRequest body (api4/integration_action.go doPostAction; Client4 doPostActionWithCookie)",
    },
    Override {
        pointer: "paths/~1api~1v4~1terms_of_service/post/requestBody",
        action: Action::Add(
            "required: true\ncontent:\n  application/json:\n    schema:\n      type: object\n      required:\n        - text\n      properties:\n        text:\n          type: string\n          description: The text of the terms of service.",
        ),
        bug: "CreateTermsOfService reads {text} from the body (api4/terms_of_service.go createTermsOfService; Client4 createTermsOfService)",
    },
    Override {
        pointer: "paths/~1api~1v4~1compliance~1reports/post/requestBody",
        action: Action::Add(
            "required: true\ncontent:\n  application/json:\n    schema:\n      type: object\n      properties:\n        desc:\n          type: string\n          description: What the report is for.",
        ),
        bug: "CreateComplianceReport reads a model.Compliance body (api4/compliance.go createComplianceReport; Client4 createComplianceReport)",
    },
    Override {
        pointer: "paths/~1api~1v4~1content_flagging~1post~1{post_id}~1keep/put/requestBody",
        action: Action::Add(
            "content:\n  application/json:\n    schema:\n      type: object\n      properties:\n        comment:\n          type: string\n          description: The reviewer's comment.",
        ),
        bug: "KeepCFPost reads an optional {comment} body (Client4 keepFlaggedPost)",
    },
    Override {
        pointer: "paths/~1api~1v4~1content_flagging~1post~1{post_id}~1remove/put/requestBody",
        action: Action::Add(
            "content:\n  application/json:\n    schema:\n      type: object\n      properties:\n        comment:\n          type: string\n          description: The reviewer's comment.",
        ),
        bug: "RemoveCFPost reads an optional {comment} body (Client4 removeFlaggedPost)",
    },
    Override {
        pointer: "paths/~1api~1v4~1groups~1{group_id}~1teams~1{team_id}~1link/post/requestBody",
        action: Action::Add(GROUP_SYNCABLE_PATCH),
        bug: "LinkGroupSyncableForTeam reads an optional model.GroupSyncablePatch body (api4/group.go linkGroupSyncable; Client4 linkGroupSyncable)",
    },
    Override {
        pointer: "paths/~1api~1v4~1groups~1{group_id}~1channels~1{channel_id}~1link/post/requestBody",
        action: Action::Add(GROUP_SYNCABLE_PATCH),
        bug: "LinkGroupSyncableForChannel reads an optional model.GroupSyncablePatch body (api4/group.go linkGroupSyncable; Client4 linkGroupSyncable)",
    },
    Override {
        pointer: "paths/~1api~1v4~1elasticsearch~1test/post/requestBody",
        action: Action::Add(
            "content:\n  application/json:\n    schema:\n      $ref: '#/components/schemas/Config'",
        ),
        bug: "TestElasticsearch reads an optional model.Config to test instead of the saved one (api4/elasticsearch.go testElasticsearch; Client4 testElasticsearch)",
    },
    Override {
        pointer: "paths/~1api~1v4~1files/post/requestBody/content/multipart~1form-data/schema",
        action: Action::Replace(UPLOAD_FILE_FORM),
        bug: "UploadFile needs `channel_id` and at least one file, takes one `files` part per file and one `client_ids` part per file (api4/file.go uploadFileMultipart; Client4 uploadFile)",
    },
    Override {
        pointer: "paths/~1api~1v4~1plugins/post/requestBody/content/multipart~1form-data/schema/properties/force",
        action: Action::Replace(
            "type: boolean\ndescription: Overwrite an installed plugin with the same id (sent as `true`/`false`; api4/plugin.go compares with \"true\").",
        ),
        bug: "UploadPlugin's `force` is a boolean flag sent as text, not free text (api4/plugin.go uploadPlugin)",
    },
    Override {
        pointer: "paths/~1api~1v4~1emoji/post/requestBody/content/multipart~1form-data/schema/properties/emoji/x-mm-json",
        // Still a string on the wire (what Prism checks); `x-mm-json` tells codegen its content.
        action: Action::Add("$ref: '#/components/schemas/Emoji'"),
        bug: "CreateEmoji's `emoji` is a JSON-encoded model.Emoji (`name`, `creator_id`), typed as a plain string (api4/emoji.go createEmoji; Client4 createCustomEmoji)",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1{team_id}~1files~1search/post/requestBody/content",
        action: Action::Replace(SEARCH_PARAMETER),
        bug: "SearchFiles (team) decodes a JSON model.SearchParameter, not a form (api4/file.go searchFiles; Client4 searchFilesWithParams)",
    },
    Override {
        pointer: "paths/~1api~1v4~1files~1search/post/requestBody/content",
        action: Action::Replace(SEARCH_PARAMETER),
        bug: "SearchFiles (all teams) decodes a JSON model.SearchParameter, not a form (api4/file.go searchFiles; Client4 searchFilesWithParams)",
    },
    Override {
        pointer: "paths/~1api~1v4~1channels~1{channel_id}~1members~1{user_id}~1notify_props/put/requestBody/content/application~1json/schema",
        action: Action::Replace(
            "type: object\ndescription: Notify props by name; every value a string (\"true\", \"all\", \"default\", ...).\nadditionalProperties:\n  type: string",
        ),
        bug: "UpdateChannelNotifyProps reads a map of strings with many more keys than ChannelNotifyProps (api4/channel.go updateChannelMemberNotifyProps: MapFromJSON)",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1{team_id}~1invite~1email/post/requestBody/content/application~1json/schema",
        action: Action::Replace(
            "oneOf:\n  - type: array\n    description: The email addresses.\n    items:\n      type: string\n  - $ref: '#/components/schemas/MemberInvite'",
        ),
        bug: "InviteUsersToTeam takes a list of emails or an object {emails, channelIds, message} (model.MemberInvite.UnmarshalJSON; Client4 sendEmailInvitesToTeamAndChannelsGracefully)",
    },
    Override {
        pointer: "components/schemas/MemberInvite",
        action: Action::Add("type: object"),
        bug: "the spec has no schema for model.MemberInvite; its fields come from the server model",
    },
    Override {
        pointer: "paths/~1api~1v4~1teams~1members~1invite/post/parameters/0/required",
        action: Action::Replace("false"),
        bug: "AddTeamMemberFromInvite takes `token` or `invite_id` (api4/team.go addUserToTeamFromInvite); neither is required alone",
    },
    Override {
        pointer: "paths/~1api~1v4~1users~1{user_id}~1teams~1unread/get/parameters/1/required",
        action: Action::Replace("false"),
        bug: "GetTeamsUnreadForUser: `exclude_team` is optional (api4/team.go getTeamsUnreadForUser; Client4 getMyTeamUnreads leaves it out)",
    },
    Override {
        pointer: "paths/~1api~1v4~1oauth~1outgoing_connections~1{outgoing_oauth_connection_id}/delete/parameters/1/required",
        action: Action::Replace("false"),
        bug: "DeleteOutgoingOAuthConnection ignores `team_id` (api4/outgoing_oauth_connection.go); it is not required",
    },
    Override {
        pointer: "paths/~1api~1v4~1brand~1image/get/responses/200/content",
        action: Action::Replace(BINARY_CONTENT),
        bug: "GetBrandImage answers the PNG bytes, not a JSON string (api4/brand.go getBrandImage)",
    },
    Override {
        pointer: "paths/~1api~1v4~1saml~1metadata/get/responses/200/content",
        action: Action::Replace("application/xml:\n  schema:\n    type: string"),
        bug: "GetSamlMetadata answers XML, not a JSON string (api4/saml.go getSamlMetadata)",
    },
];

/// A query flag that changes the shape of the answer: the builder gets a method (instead of a
/// setter) that sets the flag and types the answer as `schema` (YAML).
pub struct ShapeFlag {
    pub operation: &'static str,
    pub flag: &'static str,
    pub method: &'static str,
    pub schema: &'static str,
    pub evidence: &'static str,
}

const TEAM_MEMBERS_WITH_ERRORS: &str =
    "type: array\nitems:\n  $ref: '#/components/schemas/TeamMemberWithError'";
const INVITES_WITH_ERRORS: &str =
    "type: array\nitems:\n  $ref: '#/components/schemas/EmailInviteWithError'";

pub const SHAPE_FLAGS: &[ShapeFlag] = &[
    ShapeFlag {
        operation: "GetAllTeams",
        flag: "include_total_count",
        method: "with_total_count",
        schema: "$ref: '#/components/schemas/TeamsWithCount'",
        evidence: "api4/team.go getAllTeams marshals model.TeamsWithCount",
    },
    ShapeFlag {
        operation: "GetAllChannels",
        flag: "include_total_count",
        method: "with_total_count",
        schema: "$ref: '#/components/schemas/ChannelsWithCount'",
        evidence: "api4/channel.go getAllChannels marshals model.ChannelsWithCount",
    },
    ShapeFlag {
        operation: "GetIncomingWebhooks",
        flag: "include_total_count",
        method: "with_total_count",
        schema: "$ref: '#/components/schemas/IncomingWebhooksWithCount'",
        evidence: "api4/webhook.go getIncomingHooks marshals model.IncomingWebhooksWithCount",
    },
    ShapeFlag {
        operation: "GetGroups",
        flag: "include_total_count",
        method: "with_total_count",
        schema: "$ref: '#/components/schemas/GroupsWithCount'",
        evidence: "api4/group.go getGroups marshals model.GroupsWithCount",
    },
    ShapeFlag {
        operation: "AddTeamMembers",
        flag: "graceful",
        method: "graceful",
        schema: TEAM_MEMBERS_WITH_ERRORS,
        evidence: "api4/team.go addTeamMembers: with `graceful` (any value) it answers []*model.TeamMemberWithError",
    },
    ShapeFlag {
        operation: "InviteUsersToTeam",
        flag: "graceful",
        method: "graceful",
        schema: INVITES_WITH_ERRORS,
        evidence: "api4/team.go inviteUsersToTeam: with `graceful` (any value) it answers []*model.EmailInviteWithError",
    },
    ShapeFlag {
        operation: "InviteGuestsToTeam",
        flag: "graceful",
        method: "graceful",
        schema: INVITES_WITH_ERRORS,
        evidence: "api4/team.go inviteGuestsToTeam: with `graceful` (any value) it answers []*model.EmailInviteWithError",
    },
];

/// Operations whose method name is not the snake_case of their operationId.
pub struct NameOverride {
    pub method: &'static str,
    pub path: &'static str,
    pub name: &'static str,
    pub bug: &'static str,
}

pub const NAME_OVERRIDES: &[NameOverride] = &[
    NameOverride {
        method: "post",
        path: "/api/v4/teams/{team_id}/files/search",
        name: "search_team_files",
        bug: "operationId `SearchFiles` is used twice (team-scoped and all teams); the team-scoped one \
          becomes `search_team_files`, `/api/v4/files/search` keeps `search_files`",
    },
    NameOverride {
        method: "post",
        path: "/plugins/playbooks/api/v0/runs/{id}/status",
        name: "update_playbook_run_status",
        bug: "the Playbooks spec's operationId is the bare `status`; newer releases of it (and the \
              Python driver) call it `updatePlaybookRunStatus`",
    },
];

/// Names users bring from the Python driver's documentation (its examples still use the
/// names of the older `mattermostdriver`): method, path, alias, where the name comes from. They
/// become `#[doc(alias)]`s, beside the ones from `xtask/data/python-names.tsv`.
pub const DOC_ALIASES: &[(&str, &str, &str, &str)] = &[
    (
        "get",
        "/api/v4/teams",
        "get_teams",
        "the Python driver's documentation lists teams with `driver.teams.get_teams()`",
    ),
    (
        "get",
        "/api/v4/teams/name/{name}/exists",
        "check_team_exists",
        "the Python driver's documentation: `driver.teams.check_team_exists(name)`",
    ),
    (
        "get",
        "/api/v4/teams/name/{team_name}/channels/name/{channel_name}",
        "get_channel_by_name_and_team_name",
        "the Python driver's documentation: `driver.channels.get_channel_by_name_and_team_name(team, channel)` (takes names, unlike `get_channel_by_name`, which takes a team id)",
    ),
];

/// Applies every override, or says which one no longer applies.
pub fn apply(spec: &mut Value) -> Result<(), String> {
    apply_all(spec, OVERRIDES)
}

/// Fixes for bugs of the Playbooks plugin spec.
pub fn apply_playbooks(spec: &mut Value) -> Result<(), String> {
    apply_all(spec, PLAYBOOKS_OVERRIDES)
}

fn apply_all(spec: &mut Value, overrides: &[Override]) -> Result<(), String> {
    // Every stale entry at once: a new upstream release often retires several.
    let problems: Vec<String> = overrides
        .iter()
        .filter_map(|fix| apply_one(spec, fix).err())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} overrides do not apply:\n{}",
            problems.len(),
            problems.join("\n")
        ))
    }
}

fn apply_one(spec: &mut Value, fix: &Override) -> Result<(), String> {
    let (Action::Replace(yaml) | Action::Append(yaml) | Action::Add(yaml)) = fix.action;
    let value: Value = yaml_serde::from_str(yaml)
        .map_err(|e| format!("override {} is not valid YAML: {e}", fix.pointer))?;
    let stale = || {
        format!(
            "override {} no longer applies (path not found): {}",
            fix.pointer, fix.bug
        )
    };
    match fix.action {
        Action::Replace(_) => *lookup_mut(spec, fix.pointer).ok_or_else(stale)? = value,
        Action::Add(_) => {
            let (parent, key) = fix.pointer.rsplit_once('/').ok_or_else(stale)?;
            let parent = lookup_mut(spec, parent)
                .and_then(Value::as_mapping_mut)
                .ok_or_else(stale)?;
            if parent.contains_key(key) {
                return Err(format!(
                    "override {} is no longer needed: {}",
                    fix.pointer, fix.bug
                ));
            }
            parent.insert(Value::String(key.to_owned()), value);
        }
        Action::Append(_) => {
            let (parent, key) = fix.pointer.rsplit_once('/').ok_or_else(stale)?;
            let parent = lookup_mut(spec, parent)
                .and_then(Value::as_mapping_mut)
                .ok_or_else(stale)?;
            let list = parent
                .entry(Value::String(key.to_owned()))
                .or_insert_with(|| Value::Sequence(Vec::new()));
            let items = list.as_sequence_mut().ok_or_else(stale)?;
            if items.contains(&value) {
                return Err(format!(
                    "override {} is no longer needed: {}",
                    fix.pointer, fix.bug
                ));
            }
            items.push(value);
        }
    }
    Ok(())
}

fn lookup_mut<'a>(value: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    pointer.split('/').try_fold(value, |current, key| {
        let key = key.replace("~1", "/").replace("~0", "~");
        match current {
            // A list item by its index (`parameters/0`).
            Value::Sequence(items) => items.get_mut(key.parse::<usize>().ok()?),
            other => other.as_mapping_mut()?.get_mut(key.as_str()),
        }
    })
}

/// Query parameters the official JS client sends that the spec does not list (operationId,
/// name, type, evidence): each becomes an optional setter.
pub const QUERY_PARAMS: &[(&str, &str, &str, &str)] = &[
    (
        "AddTeamMemberFromInvite",
        "invite_id",
        "string",
        "Client4 addToTeamFromInvite sends it",
    ),
    (
        "CreateAccessControlPolicy",
        "team_id",
        "string",
        "Client4 updateOrCreateAccessControlPolicy sends it",
    ),
    ("CreateUser", "r", "string", "Client4 createUser sends it"),
    (
        "DeleteAccessControlPolicy",
        "team_id",
        "string",
        "Client4 deleteAccessControlPolicy sends it",
    ),
    (
        "GetAccessControlPolicy",
        "channelId",
        "string",
        "Client4 getAccessControlPolicy sends it",
    ),
    (
        "GetAccessControlPolicy",
        "team_id",
        "string",
        "Client4 getAccessControlPolicy sends it",
    ),
    (
        "GetAccessControlPolicyAutocompleteFields",
        "channelId",
        "string",
        "Client4 getAccessControlFields sends it",
    ),
    (
        "GetAccessControlPolicyAutocompleteFields",
        "team_id",
        "string",
        "Client4 getAccessControlFields sends it",
    ),
    (
        "GetAllChannels",
        "access_control_policy_enforced",
        "boolean",
        "Client4 getAllChannels sends it",
    ),
    (
        "GetAllChannels",
        "exclude_access_control_policy_enforced",
        "boolean",
        "Client4 getAllChannels sends it",
    ),
    (
        "GetAllTeams",
        "for_directory",
        "boolean",
        "Client4 getTeams sends it",
    ),
    (
        "GetCFFlagConfig",
        "team_id",
        "string",
        "Client4 getContentFlaggingConfig sends it",
    ),
    (
        "GetChannel",
        "as_content_reviewer",
        "boolean",
        "Client4 getChannel sends it",
    ),
    (
        "GetChannel",
        "flagged_post_id",
        "string",
        "Client4 getChannel sends it",
    ),
    (
        "GetChannelStats",
        "exclude_files_count",
        "boolean",
        "Client4 getChannelStats sends it",
    ),
    (
        "GetChannelsForAccessControlPolicy",
        "team_id",
        "string",
        "Client4 getChannelsForAccessControlPolicy sends it",
    ),
    (
        "GetClientConfig",
        "format",
        "string",
        "Client4 getClientConfig sends it",
    ),
    (
        "GetCloudProducts",
        "include_legacy",
        "boolean",
        "Client4 getCloudProducts sends it",
    ),
    (
        "GetGroup",
        "include_member_count",
        "boolean",
        "Client4 getGroup sends it",
    ),
    (
        "GetGroups",
        "filter_archived",
        "boolean",
        "Client4 getGroups sends it",
    ),
    (
        "GetGroups",
        "filter_has_member",
        "string",
        "Client4 getGroups sends it",
    ),
    (
        "GetGroups",
        "filter_parent_team_permitted",
        "boolean",
        "Client4 getGroupsNotAssociatedToChannel sends it",
    ),
    (
        "GetGroups",
        "group_source",
        "string",
        "Client4 getGroupsNotAssociatedToChannel sends it",
    ),
    (
        "GetGroups",
        "include_archived",
        "boolean",
        "Client4 getGroups sends it",
    ),
    (
        "GetGroups",
        "include_channel_member_count",
        "string",
        "Client4 searchGroups sends it",
    ),
    (
        "GetGroups",
        "include_member_ids",
        "boolean",
        "Client4 getGroups sends it",
    ),
    (
        "GetGroups",
        "include_timezones",
        "boolean",
        "Client4 searchGroups sends it",
    ),
    (
        "GetGroups",
        "only_syncable_sources",
        "boolean",
        "Client4 getGroupsNotAssociatedToChannel sends it",
    ),
    (
        "GetGroupsByChannel",
        "include_member_count",
        "boolean",
        "Client4 getAllGroupsAssociatedToChannel sends it",
    ),
    (
        "GetGroupsByChannel",
        "paginate",
        "boolean",
        "Client4 getAllGroupsAssociatedToChannel sends it",
    ),
    (
        "GetGroupsByChannel",
        "q",
        "string",
        "Client4 getGroupsAssociatedToChannel sends it",
    ),
    (
        "GetGroupsByTeam",
        "paginate",
        "boolean",
        "Client4 getAllGroupsAssociatedToTeam sends it",
    ),
    (
        "GetGroupsByTeam",
        "q",
        "string",
        "Client4 getGroupsAssociatedToTeam sends it",
    ),
    (
        "GetJobsByType",
        "team_id",
        "string",
        "Client4 getJobsByType sends it",
    ),
    (
        "GetLdapGroups",
        "is_configured",
        "boolean",
        "Client4 getLdapGroups sends it",
    ),
    (
        "GetLdapGroups",
        "is_linked",
        "boolean",
        "Client4 getLdapGroups sends it",
    ),
    (
        "GetMarketplacePlugins",
        "remote_only",
        "boolean",
        "Client4 getRemoteMarketplacePlugins sends it",
    ),
    (
        "GetPost",
        "retain_content",
        "boolean",
        "Client4 getPost sends it",
    ),
    (
        "GetPostsForChannel",
        "collapsedThreads",
        "boolean",
        "Client4 getPosts sends it",
    ),
    (
        "GetPostsForChannel",
        "collapsedThreadsExtended",
        "boolean",
        "Client4 getPosts sends it",
    ),
    (
        "GetPostsForChannel",
        "skipFetchThreads",
        "boolean",
        "Client4 getPosts sends it",
    ),
    (
        "GetTeam",
        "as_content_reviewer",
        "boolean",
        "Client4 getTeam sends it",
    ),
    (
        "GetTeam",
        "flagged_post_id",
        "string",
        "Client4 getTeam sends it",
    ),
    (
        "GetTotalUsersStatsFiltered",
        "include_remote_users",
        "boolean",
        "Client4 getFilteredUsersStats sends it",
    ),
    (
        "GetUserAudits",
        "page",
        "integer",
        "Client4 getUserAudits sends it",
    ),
    (
        "GetUserAudits",
        "per_page",
        "integer",
        "Client4 getUserAudits sends it",
    ),
    (
        "GetUserCountForReporting",
        "guest_filter",
        "string",
        "Client4 getUserCountForReporting sends it",
    ),
    (
        "GetUserThread",
        "extended",
        "boolean",
        "Client4 getUserThread sends it",
    ),
    (
        "GetUsers",
        "cursor_id",
        "string",
        "Client4 getProfilesMatchingChannelPolicy sends it",
    ),
    (
        "GetUsers",
        "not_in_group",
        "string",
        "Client4 getProfilesNotInGroup sends it",
    ),
    (
        "InviteUsersToTeam",
        "graceful",
        "boolean",
        "Client4 sendEmailInvitesToTeamGracefully sends it",
    ),
    (
        "ListAutocompleteCommands",
        "page",
        "integer",
        "Client4 getAutocompleteCommandsList sends it",
    ),
    (
        "ListAutocompleteCommands",
        "per_page",
        "integer",
        "Client4 getAutocompleteCommandsList sends it",
    ),
    (
        "ListCommandAutocompleteSuggestions",
        "channel_id",
        "string",
        "Client4 getCommandAutocompleteSuggestionsList sends it",
    ),
    (
        "ListCommandAutocompleteSuggestions",
        "root_id",
        "string",
        "Client4 getCommandAutocompleteSuggestionsList sends it",
    ),
    (
        "ListCommandAutocompleteSuggestions",
        "team_id",
        "string",
        "Client4 getCommandAutocompleteSuggestionsList sends it",
    ),
    (
        "ListOutgoingOAuthConnections",
        "audience",
        "string",
        "Client4 getOutgoingOAuthConnectionsForAudience sends it",
    ),
    (
        "ListOutgoingOAuthConnections",
        "page",
        "integer",
        "Client4 getOutgoingOAuthConnections sends it",
    ),
    (
        "ListOutgoingOAuthConnections",
        "per_page",
        "integer",
        "Client4 getOutgoingOAuthConnections sends it",
    ),
    (
        "PurgeElasticsearchIndexes",
        "index",
        "string",
        "Client4 purgeElasticsearchIndexes sends it",
    ),
    (
        "SearchAllChannels",
        "exclude_remote",
        "boolean",
        "Client4 searchAllChannels sends it",
    ),
    (
        "SearchAllChannels",
        "include_deleted",
        "boolean",
        "Client4 searchAllChannels sends it",
    ),
    (
        "SearchChannelsForAccessControlPolicy",
        "team_id",
        "string",
        "Client4 searchChildAccessControlPolicyChannels sends it",
    ),
    (
        "StartBatchUsersExport",
        "guest_filter",
        "string",
        "Client4 startUsersBatchExport sends it",
    ),
    (
        "StartBatchUsersExport",
        "has_no_team",
        "boolean",
        "Client4 startUsersBatchExport sends it",
    ),
    (
        "StartBatchUsersExport",
        "hide_inactive",
        "boolean",
        "Client4 startUsersBatchExport sends it",
    ),
    (
        "StartBatchUsersExport",
        "role_filter",
        "string",
        "Client4 startUsersBatchExport sends it",
    ),
    (
        "StartBatchUsersExport",
        "search_term",
        "string",
        "Client4 startUsersBatchExport sends it",
    ),
    (
        "UploadFile",
        "bookmark",
        "boolean",
        "Client4 uploadFile sends it",
    ),
];
