//! The in-memory state: users, sessions, teams, channels, posts, files, webhooks.

use std::collections::HashMap;

use bytes::Bytes;
use mm_types::{
    Bot, Channel, ChannelMember, FileInfo, IncomingWebhook, Post, Reaction, StringMap, Team,
    TeamMember, User,
};

/// A 26-character id from `[a-z0-9]`, as the server makes them.
pub(crate) fn new_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..26)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}

/// A user with what the server keeps beside the public model.
#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub user: User,
    pub password: String,
    pub mfa_code: Option<String>,
}

/// A session or personal access token.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user_id: String,
}

/// A personal access token's record.
#[derive(Debug, Clone)]
pub(crate) struct AccessTokenRecord {
    pub id: String,
    pub token: String,
    pub user_id: String,
    pub description: String,
}

/// A stored file.
#[derive(Debug, Clone)]
pub(crate) struct StoredFile {
    pub info: FileInfo,
    pub bytes: Bytes,
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    pub users: HashMap<String, UserRecord>,
    pub sessions: HashMap<String, Session>,
    pub access_tokens: HashMap<String, AccessTokenRecord>,
    pub bots: HashMap<String, Bot>,
    pub teams: HashMap<String, Team>,
    pub team_members: HashMap<(String, String), TeamMember>,
    pub channels: HashMap<String, Channel>,
    pub channel_members: HashMap<(String, String), ChannelMember>,
    pub posts: HashMap<String, Post>,
    pub reactions: Vec<Reaction>,
    pub files: HashMap<String, StoredFile>,
    pub webhooks: HashMap<String, IncomingWebhook>,
    last_time: i64,
}

impl Store {
    /// Milliseconds since the epoch, strictly increasing so that `since` queries are exact.
    pub fn now(&mut self) -> i64 {
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default();
        self.last_time = wall.max(self.last_time + 1);
        self.last_time
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.get(id).map(|r| &r.user)
    }

    pub fn user_by_username(&self, username: &str) -> Option<&User> {
        self.users
            .values()
            .map(|r| &r.user)
            .find(|u| u.username.eq_ignore_ascii_case(username))
    }

    pub fn is_admin(&self, user_id: &str) -> bool {
        self.user(user_id).is_some_and(User::is_system_admin)
    }

    pub fn is_team_member(&self, team_id: &str, user_id: &str) -> bool {
        self.team_members
            .get(&(team_id.to_owned(), user_id.to_owned()))
            .is_some_and(|m| m.delete_at == 0)
    }

    pub fn is_team_admin(&self, team_id: &str, user_id: &str) -> bool {
        self.team_members
            .get(&(team_id.to_owned(), user_id.to_owned()))
            .is_some_and(|m| {
                m.delete_at == 0 && m.roles.split_whitespace().any(|r| r == "team_admin")
            })
    }

    pub fn is_channel_member(&self, channel_id: &str, user_id: &str) -> bool {
        self.channel_members
            .contains_key(&(channel_id.to_owned(), user_id.to_owned()))
    }

    pub fn channel_member_ids(&self, channel_id: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .channel_members
            .keys()
            .filter(|(channel, _)| channel == channel_id)
            .map(|(_, user)| user.clone())
            .collect();
        ids.sort();
        ids
    }

    pub fn team_member_ids(&self, team_id: &str) -> Vec<String> {
        let mut ids: Vec<String> = self
            .team_members
            .iter()
            .filter(|((team, _), m)| team == team_id && m.delete_at == 0)
            .map(|((_, user), _)| user.clone())
            .collect();
        ids.sort();
        ids
    }

    /// Whether `user_id` may read `channel`: members always; for open channels, team members;
    /// system admins everything.
    pub fn can_read_channel(&self, channel: &Channel, user_id: &str) -> bool {
        self.is_admin(user_id)
            || self.is_channel_member(&channel.id, user_id)
            || (channel.type_ == "O" && self.is_team_member(&channel.team_id, user_id))
    }

    /// A live (not deleted) post.
    pub fn post(&self, id: &str) -> Option<&Post> {
        self.posts.get(id).filter(|p| p.delete_at == 0)
    }

    pub fn add_team_member(&mut self, team_id: &str, user_id: &str, roles: &str) -> TeamMember {
        let member = TeamMember {
            team_id: team_id.to_owned(),
            user_id: user_id.to_owned(),
            roles: roles.to_owned(),
            delete_at: 0,
            scheme_user: true,
            scheme_admin: roles.contains("team_admin"),
            explicit_roles: String::new(),
            ..TeamMember::default()
        };
        self.team_members
            .insert((team_id.to_owned(), user_id.to_owned()), member.clone());
        member
    }

    pub fn add_channel_member(
        &mut self,
        channel_id: &str,
        user_id: &str,
        roles: &str,
    ) -> ChannelMember {
        let now = self.now();
        let member = ChannelMember {
            channel_id: channel_id.to_owned(),
            user_id: user_id.to_owned(),
            roles: roles.to_owned(),
            last_viewed_at: 0,
            msg_count: 0,
            mention_count: 0,
            notify_props: StringMap::from([
                ("desktop", "default"),
                ("email", "default"),
                ("mark_unread", "all"),
                ("push", "default"),
            ]),
            last_update_at: now,
            scheme_user: !roles.contains("channel_guest"),
            scheme_admin: roles.contains("channel_admin"),
            ..ChannelMember::default()
        };
        self.channel_members
            .insert((channel_id.to_owned(), user_id.to_owned()), member.clone());
        member
    }

    /// A new user; the first one becomes a system admin, as on a fresh server.
    pub fn insert_user(
        &mut self,
        username: &str,
        email: &str,
        password: &str,
        admin: bool,
    ) -> User {
        let now = self.now();
        let first = self.users.is_empty();
        let roles = if admin || first {
            "system_admin system_user"
        } else {
            "system_user"
        };
        let user = User {
            id: new_id(),
            create_at: now,
            update_at: now,
            username: username.to_owned(),
            email: email.to_owned(),
            roles: roles.to_owned(),
            locale: "en".to_owned(),
            // As model.User.SetDefaultNotifications fills them on a new account.
            notify_props: StringMap::from([
                ("channel", "true"),
                ("comments", "never"),
                ("desktop", "mention"),
                ("desktop_sound", "true"),
                ("email", "true"),
                ("first_name", "false"),
                ("mention_keys", ""),
                ("push", "mention"),
                ("push_status", "online"),
            ]),
            timezone: StringMap::from([
                ("automaticTimezone", ""),
                ("manualTimezone", ""),
                ("useAutomaticTimezone", "true"),
            ]),
            ..User::default()
        };
        self.users.insert(
            user.id.clone(),
            UserRecord {
                user: user.clone(),
                password: password.to_owned(),
                mfa_code: None,
            },
        );
        user
    }

    /// A new session token for `user_id`.
    pub fn new_session(&mut self, user_id: &str) -> String {
        let token = new_id();
        self.sessions.insert(
            token.clone(),
            Session {
                user_id: user_id.to_owned(),
            },
        );
        token
    }

    pub fn insert_team(
        &mut self,
        name: &str,
        display_name: &str,
        team_type: &str,
        creator: &str,
    ) -> Team {
        let now = self.now();
        let team = Team {
            id: new_id(),
            create_at: now,
            update_at: now,
            display_name: display_name.to_owned(),
            name: name.to_owned(),
            type_: team_type.to_owned(),
            invite_id: new_id(),
            allow_open_invite: team_type == "O",
            ..Team::default()
        };
        self.teams.insert(team.id.clone(), team.clone());
        self.add_team_member(&team.id, creator, "team_user team_admin");
        team
    }

    pub fn insert_channel(
        &mut self,
        team_id: &str,
        name: &str,
        display_name: &str,
        channel_type: &str,
        creator: &str,
    ) -> Channel {
        let now = self.now();
        let channel = Channel {
            id: new_id(),
            create_at: now,
            update_at: now,
            team_id: team_id.to_owned(),
            type_: channel_type.to_owned(),
            display_name: display_name.to_owned(),
            name: name.to_owned(),
            creator_id: creator.to_owned(),
            ..Channel::default()
        };
        self.channels.insert(channel.id.clone(), channel.clone());
        if !creator.is_empty() {
            self.add_channel_member(&channel.id, creator, "channel_user channel_admin");
        }
        channel
    }

    pub fn channel_by_name(&self, team_id: &str, name: &str) -> Option<&Channel> {
        self.channels
            .values()
            .find(|c| c.team_id == team_id && c.name == name && c.delete_at == 0)
    }
}
