//! The server's Go model structs (`../shared/server-model/model-fields.json`), the second
//! source of codegen: where the spec and the server disagree on a key, a type or whether a value
//! can be `null`, the server wins.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Spec schemas whose Go struct has another name, with the evidence for the pairing.
pub const SCHEMA_STRUCTS: &[(&str, &str, &str)] = &[
    (
        "UserThread",
        "ThreadResponse",
        "api4/user.go getThreadForUser marshals model.ThreadResponse",
    ),
    (
        "UserThreads",
        "Threads",
        "api4/user.go getThreadsForUser marshals model.Threads",
    ),
    (
        "PostListWithSearchMatches",
        "PostSearchResults",
        "api4/post.go searchPosts marshals model.PostSearchResults",
    ),
    (
        "UserAccessTokenSanitized",
        "UserAccessToken",
        "api4/user.go sanitizes model.UserAccessToken (token cleared, key kept)",
    ),
    (
        "ChannelBanner",
        "ChannelBannerInfo",
        "model.Channel.BannerInfo is a *ChannelBannerInfo",
    ),
    (
        "PluginManifest",
        "Manifest",
        "api4/plugin.go answers model.Manifest",
    ),
    (
        "PluginManifestWebapp",
        "Manifest",
        "api4/plugin.go getWebappPlugins answers []*model.Manifest (ClientManifest: id, version, webapp)",
    ),
    (
        "Server_Busy",
        "ServerBusyState",
        "api4/system.go getServerBusyExpires marshals model.ServerBusyState",
    ),
    (
        "OutgoingOAuthConnectionGetItem",
        "OutgoingOAuthConnection",
        "api4/outgoing_oauth_connection.go answers sanitized model.OutgoingOAuthConnection",
    ),
    (
        "GlobalDataRetentionPolicy",
        "GlobalRetentionPolicy",
        "api4/data_retention.go getGlobalPolicy marshals model.GlobalRetentionPolicy",
    ),
    (
        "DataRetentionPolicy",
        "RetentionPolicy",
        "model.RetentionPolicy is the base of every policy answer",
    ),
    (
        "DataRetentionPolicyWithTeamAndChannelCounts",
        "RetentionPolicyWithTeamAndChannelCounts",
        "api4/data_retention.go getPolicy marshals it",
    ),
    (
        "DataRetentionPolicyWithTeamAndChannelIds",
        "RetentionPolicyWithTeamAndChannelIDs",
        "api4/data_retention.go createPolicy/patchPolicy decode it",
    ),
    (
        "DataRetentionPolicyForTeam",
        "RetentionPolicyForTeam",
        "api4/data_retention.go getTeamPoliciesForUser",
    ),
    (
        "DataRetentionPolicyForChannel",
        "RetentionPolicyForChannel",
        "api4/data_retention.go getChannelPoliciesForUser",
    ),
    (
        "OutgoingOAuthConnectionPostItem",
        "OutgoingOAuthConnection",
        "api4/outgoing_oauth_connection.go create/update/validate decode model.OutgoingOAuthConnection (update needs `id`, `audiences` is a list)",
    ),
    (
        "ContentFlaggingConfig",
        "ContentFlaggingSettingsRequest",
        "api4/content_flagging.go saveContentFlaggingSettings decodes model.ContentFlaggingSettingsRequest",
    ),
    (
        "ExpressionError",
        "CELExpressionError",
        "api4/access_control.go checkExpression answers []CELExpressionError",
    ),
];

/// Operations whose request body the handler decodes into a Go struct (the spec's inline body
/// schema is merged with it, the server winning), with the evidence.
pub const BODY_STRUCTS: &[(&str, &str, &str)] = &[
    (
        "SearchAllChannels",
        "ChannelSearch",
        "api4/channel.go searchAllChannels decodes model.ChannelSearch (page, per_page are numbers)",
    ),
    (
        "SearchTeams",
        "TeamSearch",
        "api4/team.go searchTeams decodes model.TeamSearch (page, per_page are numbers)",
    ),
    (
        "ViewChannel",
        "ChannelView",
        "api4/channel.go viewChannel decodes model.ChannelView (collapsed_threads_supported)",
    ),
    (
        "UpdateChannelMemberSchemeRoles",
        "SchemeRoles",
        "api4/channel.go updateChannelMemberSchemeRoles decodes model.SchemeRoles (scheme_guest)",
    ),
    (
        "UpdateTeamMemberSchemeRoles",
        "SchemeRoles",
        "api4/team.go updateTeamMemberSchemeRoles decodes model.SchemeRoles (scheme_guest)",
    ),
    (
        "SwitchAccountType",
        "SwitchRequest",
        "api4/user.go switchAccountType decodes model.SwitchRequest (new_password)",
    ),
    (
        "PatchUser",
        "UserPatch",
        "api4/user.go patchUser decodes model.UserPatch (password)",
    ),
    (
        "PatchTeam",
        "TeamPatch",
        "api4/team.go patchTeam decodes model.TeamPatch",
    ),
    (
        "PatchChannel",
        "ChannelPatch",
        "api4/channel.go patchChannel decodes model.ChannelPatch",
    ),
    (
        "PatchPost",
        "PostPatch",
        "api4/post.go patchPost decodes model.PostPatch (props is an object)",
    ),
    (
        "UpdatePost",
        "Post",
        "api4/post.go updatePost decodes model.Post (id must match the path)",
    ),
    (
        "UpdateTeam",
        "Team",
        "api4/team.go updateTeam decodes model.Team (allow_open_invite is a bool)",
    ),
    (
        "SearchUsers",
        "UserSearch",
        "api4/user.go searchUsers decodes model.UserSearch",
    ),
    (
        "SearchPosts",
        "SearchParameter",
        "api4/post.go searchPostsInTeam decodes model.SearchParameter",
    ),
    (
        "CreateCommand",
        "Command",
        "api4/command.go createCommand decodes model.Command; Client4 addCommand sends the whole command",
    ),
    (
        "CreateTeam",
        "Team",
        "api4/team.go createTeam decodes model.Team",
    ),
    (
        "CreateUser",
        "User",
        "api4/user.go createUser decodes model.User",
    ),
    (
        "UpdateUser",
        "User",
        "api4/user.go updateUser decodes model.User (id must match the path)",
    ),
    (
        "CreateIncomingWebhook",
        "IncomingWebhook",
        "api4/webhook.go createIncomingHook decodes model.IncomingWebhook",
    ),
    (
        "UpdateIncomingWebhook",
        "IncomingWebhook",
        "api4/webhook.go updateIncomingHook decodes model.IncomingWebhook",
    ),
    (
        "CreateOutgoingWebhook",
        "OutgoingWebhook",
        "api4/webhook.go createOutgoingHook decodes model.OutgoingWebhook",
    ),
    (
        "UpdateOutgoingWebhook",
        "OutgoingWebhook",
        "api4/webhook.go updateOutgoingHook decodes model.OutgoingWebhook",
    ),
    (
        "CreateOAuthApp",
        "OAuthApp",
        "api4/oauth.go createOAuthApp decodes model.OAuthApp",
    ),
    (
        "UpdateOAuthApp",
        "OAuthApp",
        "api4/oauth.go updateOAuthApp decodes model.OAuthApp",
    ),
    (
        "CreateScheduledPost",
        "ScheduledPost",
        "api4/scheduled_post.go createSchedulePost decodes model.ScheduledPost",
    ),
    (
        "UpdateScheduledPost",
        "ScheduledPost",
        "api4/scheduled_post.go updateScheduledPost decodes model.ScheduledPost",
    ),
    (
        "CreatePost",
        "Post",
        "api4/post.go createPost decodes model.Post",
    ),
    (
        "CreatePostEphemeral",
        "PostEphemeral",
        "api4/post.go createEphemeralPost decodes model.PostEphemeral",
    ),
    (
        "ExecuteCommand",
        "CommandArgs",
        "api4/command.go executeCommand decodes model.CommandArgs",
    ),
    (
        "CreateSidebarCategoryForTeamForUser",
        "SidebarCategoryWithChannels",
        "api4/channel_category.go createCategoryForTeamForUser decodes model.SidebarCategoryWithChannels",
    ),
    (
        "UpdateSidebarCategoryForTeamForUser",
        "SidebarCategoryWithChannels",
        "api4/channel_category.go updateCategoryForTeamForUser decodes model.SidebarCategoryWithChannels",
    ),
    (
        "CreateGroup",
        "GroupWithUserIds",
        "api4/group.go createGroup decodes model.GroupWithUserIds",
    ),
    (
        "PatchGroup",
        "GroupPatch",
        "api4/group.go patchGroup decodes model.GroupPatch",
    ),
    (
        "PatchGroupSyncableForTeam",
        "GroupSyncablePatch",
        "api4/group.go patchGroupSyncable decodes model.GroupSyncablePatch",
    ),
    (
        "PatchGroupSyncableForChannel",
        "GroupSyncablePatch",
        "api4/group.go patchGroupSyncable decodes model.GroupSyncablePatch",
    ),
    (
        "PatchScheme",
        "SchemePatch",
        "api4/scheme.go patchScheme decodes model.SchemePatch",
    ),
    (
        "CreateUserAccessToken",
        "UserAccessToken",
        "api4/user.go createUserAccessToken decodes model.UserAccessToken",
    ),
    (
        "LookupInteractiveDialog",
        "SubmitDialogRequest",
        "api4/integration_action.go lookupDialog decodes model.SubmitDialogRequest",
    ),
    (
        "SubmitInteractiveDialog",
        "SubmitDialogRequest",
        "api4/integration_action.go submitDialog decodes model.SubmitDialogRequest",
    ),
    (
        "UpdateUserStatus",
        "Status",
        "api4/status.go updateUserStatus decodes model.Status",
    ),
    (
        "UpdateChannel",
        "Channel",
        "api4/channel.go updateChannel decodes model.Channel (id must match the path)",
    ),
    (
        "SearchChannelsForRetentionPolicy",
        "ChannelSearch",
        "api4/data_retention.go searchChannelsInPolicy decodes model.ChannelSearch",
    ),
    (
        "SearchTeamsForRetentionPolicy",
        "TeamSearch",
        "api4/data_retention.go searchTeamsInPolicy decodes model.TeamSearch",
    ),
    (
        "SearchEmoji",
        "EmojiSearch",
        "api4/emoji.go searchEmojis decodes model.EmojiSearch (prefix_only is a bool)",
    ),
    (
        "SearchFiles",
        "SearchParameter",
        "api4/file.go searchFiles decodes model.SearchParameter",
    ),
    (
        "CreateComplianceReport",
        "Compliance",
        "api4/compliance.go createComplianceReport decodes model.Compliance",
    ),
    (
        "RequestTrialLicense",
        "TrialLicenseRequest",
        "api4/license.go requestTrialLicense decodes model.TrialLicenseRequest",
    ),
    (
        "RewriteMessage",
        "RewriteRequest",
        "api4/post.go rewriteMessage decodes model.RewriteRequest",
    ),
    (
        "UpdateCloudCustomer",
        "CloudCustomerInfo",
        "api4/cloud.go updateCloudCustomer decodes model.CloudCustomerInfo (num_employees is a number)",
    ),
];

/// The Go struct an operation's request body is decoded into, when listed.
pub fn body_struct(operation_id: &str) -> Option<&'static str> {
    BODY_STRUCTS
        .iter()
        .find(|(id, _, _)| *id == operation_id)
        .map(|(_, go, _)| *go)
}

/// One JSON key of a Go struct.
#[derive(Debug, Clone)]
pub struct GoField {
    pub key: String,
    pub go_type: String,
    /// Left out when zero (`omitempty`).
    pub omitempty: bool,
    /// `null` when nil (pointer, slice, map or `any` without `omitempty`).
    pub null_when_unset: bool,
}

/// The Go model package as data.
pub struct GoModel {
    structs: HashMap<String, Value>,
    named: HashMap<String, String>,
    pub source: PathBuf,
    /// The spec of the model's release: which spec-only keys the structs can judge.
    pub baseline: Option<super::baseline::Baseline>,
}

impl GoModel {
    /// No structs: for a plugin's spec, whose Go types are not in the server's model package
    /// (its models keep the spec's shapes, with the same null tolerance).
    pub fn empty() -> Self {
        Self {
            structs: HashMap::new(),
            named: HashMap::new(),
            source: PathBuf::new(),
            baseline: None,
        }
    }

    /// `--server-model`, `$MM_SERVER_MODEL`, or `../shared/server-model/model-fields.json`.
    pub fn resolve(explicit: Option<PathBuf>, root: &Path) -> PathBuf {
        super::input_path(
            explicit,
            "MM_SERVER_MODEL",
            root,
            "../shared/server-model/model-fields.json",
        )
    }

    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the server model {} (pass --server-model FILE or set MM_SERVER_MODEL): {e}",
                path.display()
            )
        })?;
        let data: Value = serde_json::from_str(&text)
            .map_err(|e| format!("the server model {} is not JSON: {e}", path.display()))?;
        let structs = data
            .get("structs")
            .and_then(Value::as_object)
            .ok_or("the server model has no `structs`")?
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let named = data
            .get("named_types")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            structs,
            named,
            source: path.to_path_buf(),
            baseline: None,
        })
    }

    /// Whether a key the spec has in `schema` and the struct lacks is a spec mistake (the
    /// spec of the model's release had it too) rather than a field newer than the model.
    pub fn judges(&self, schema: &str, key: &str) -> bool {
        self.baseline
            .as_ref()
            .is_none_or(|baseline| baseline.had(schema, key))
    }

    pub fn has_struct(&self, name: &str) -> bool {
        self.structs.contains_key(name)
    }

    /// The Go struct a spec schema stands for: the pairing table, else the same name.
    pub fn struct_for_schema(&self, schema: &str) -> Option<&'static str> {
        SCHEMA_STRUCTS
            .iter()
            .find(|(spec, _, _)| *spec == schema)
            .map(|(_, go, _)| *go)
    }

    /// The JSON keys of a struct in marshaling order, embedded structs promoted (Go puts
    /// embedded fields where the embed is declared; the data lists embeds first). `None` when
    /// an embed is not in the model package (its keys are unknown), so that callers never drop
    /// a key they cannot see.
    pub fn fields(&self, name: &str) -> Option<Vec<GoField>> {
        let entry = self.structs.get(name)?;
        let mut out: Vec<GoField> = Vec::new();
        for embed in entry
            .get("embeds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let embed = embed.as_str()?.trim_start_matches('*');
            for field in self.fields(embed)? {
                out.retain(|f| f.key != field.key);
                out.push(field);
            }
        }
        for row in entry
            .get("fields")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let row = row.as_array()?;
            let key = row.first()?.as_str()?.to_owned();
            if key == "-" {
                continue;
            }
            let go_type = row.get(1)?.as_str()?.to_owned();
            let mark = row.get(2).and_then(Value::as_str).unwrap_or_default();
            // A field of the struct itself shadows a promoted one of the same key.
            out.retain(|f| f.key != key);
            out.push(GoField {
                key,
                go_type,
                omitempty: mark == "omitempty",
                null_when_unset: mark == "null-when-unset",
            });
        }
        Some(out)
    }

    /// Whether the struct has its own `MarshalJSON` (its rows may not be its real shape).
    pub fn custom_marshal(&self, name: &str) -> bool {
        self.structs
            .get(name)
            .and_then(|s| s.get("custom_marshal_json"))
            .is_some_and(|v| v.as_bool().unwrap_or(!v.is_null()))
    }

    /// What a named type stands for (`StringArray` → `[]string`).
    pub fn underlying(&self, name: &str) -> Option<&str> {
        self.named.get(name).map(String::as_str)
    }
}

/// Keys that differ only in case and underscores (`ResponseType` and `response_type`).
pub fn same_key(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    norm(a) == norm(b)
}
