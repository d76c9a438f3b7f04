//! Seed data for tests: users with sessions, a team and a channel, in one call.

use crate::server::MockServer;

/// A user created by a seed helper, with a session token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedUser {
    /// The user id.
    pub id: String,
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
    /// A session token, usable as `Authorization: Bearer`.
    pub token: String,
}

/// What [`MockServer::seed`] creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    /// A system admin.
    pub admin: SeedUser,
    /// A plain user.
    pub user: SeedUser,
    /// A team both belong to.
    pub team_id: String,
    /// The team's name.
    pub team_name: String,
    /// An open channel of the team both belong to.
    pub channel_id: String,
    /// The channel's name.
    pub channel_name: String,
}

impl MockServer {
    /// Creates a user with a session token (`admin` makes a system admin).
    pub fn create_user(&self, username: &str, password: &str, admin: bool) -> SeedUser {
        let mut store = self.shared().store();
        let user = store.insert_user(
            username,
            &format!("{username}@example.com"),
            password,
            admin,
        );
        let token = store.new_session(&user.id);
        SeedUser {
            id: user.id,
            username: user.username,
            password: password.to_owned(),
            token,
        }
    }

    /// Requires `code` as the MFA token at password login for this user.
    pub fn enable_mfa(&self, user_id: &str, code: &str) {
        let mut store = self.shared().store();
        if let Some(record) = store.users.get_mut(user_id) {
            record.mfa_code = Some(code.to_owned());
            record.user.mfa_active = true;
        }
    }

    /// An admin (`admin` / `admin-password`), a user (`user` / `user-password`), a team
    /// `seed-team` and an open channel `seed-channel` with both as members.
    pub fn seed(&self) -> Seed {
        let admin = self.create_user("admin", "admin-password", true);
        let user = self.create_user("user", "user-password", false);
        let mut store = self.shared().store();
        let team = store.insert_team("seed-team", "Seed Team", "O", &admin.id);
        store.add_team_member(&team.id, &user.id, "team_user");
        let channel =
            store.insert_channel(&team.id, "seed-channel", "Seed Channel", "O", &admin.id);
        store.add_channel_member(&channel.id, &user.id, "channel_user");
        Seed {
            admin,
            user,
            team_id: team.id,
            team_name: team.name,
            channel_id: channel.id,
            channel_name: channel.name,
        }
    }
}
