//! Seed data for tests: users with sessions, a team and a channel, in one call.

use crate::server::MockServer;

/// A user created by a seed helper, with a session token.
///
/// Made by [`MockServer::create_user`] and [`MockServer::seed`]:
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
///
/// let bot = server.create_user("deploy-bot", "bot-password", false);
/// assert_eq!(bot.id.len(), 26);
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// // Its token authenticates at once; its username and password log in.
/// let (status, body) = call(&server, "GET", "/api/v4/users/me", &bot.token, "").await?;
/// assert_eq!(status, 200);
/// assert!(body.contains(r#""username":"deploy-bot""#));
/// let login = format!(r#"{{"login_id":"{}","password":"{}"}}"#, bot.username, bot.password);
/// let (status, _) = call(&server, "POST", "/api/v4/users/login", "", &login).await?;
/// assert_eq!(status, 200);
/// # Ok(()) }
/// ```
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
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
///
/// let seed = server.seed();
/// assert!(seed.admin.id != seed.user.id);
/// assert_eq!((seed.team_name.as_str(), seed.channel_name.as_str()), ("seed-team", "seed-channel"));
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let path = format!("/api/v4/channels/{}", seed.channel_id);
/// let (status, body) = call(&server, "GET", &path, &seed.user.token, "").await?;
/// assert_eq!(status, 200); // both users are members
/// assert!(body.contains(&seed.team_id));
/// # Ok(()) }
/// ```
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
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    ///
    /// let admin = server.create_user("ops", "ops-password", true);
    /// let guest = server.create_user("visitor", "visitor-password", false);
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let (_, body) = call(&server, "GET", "/api/v4/users/me", &admin.token, "").await?;
    /// assert!(body.contains("system_admin"));
    /// let (_, body) = call(&server, "GET", "/api/v4/users/me", &guest.token, "").await?;
    /// assert!(!body.contains("system_admin"));
    /// # Ok(()) }
    /// ```
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
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// server.enable_mfa(&seed.user.id, "123456");
    ///
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let without = r#"{"login_id":"user","password":"user-password"}"#;
    /// let (status, body) = call(&server, "POST", "/api/v4/users/login", "", without).await?;
    /// assert_eq!(status, 401);
    /// assert!(body.contains("mfa.validate_token.authenticate.app_error"));
    ///
    /// let with = r#"{"login_id":"user","password":"user-password","token":"123456"}"#;
    /// let (status, _) = call(&server, "POST", "/api/v4/users/login", "", with).await?;
    /// assert_eq!(status, 200);
    /// # Ok(()) }
    /// ```
    pub fn enable_mfa(&self, user_id: &str, code: &str) {
        let mut store = self.shared().store();
        if let Some(record) = store.users.get_mut(user_id) {
            record.mfa_code = Some(code.to_owned());
            record.user.mfa_active = true;
        }
    }

    /// An admin (`admin` / `admin-password`), a user (`user` / `user-password`), a team
    /// `seed-team` and an open channel `seed-channel` with both as members.
    ///
    /// ```
    /// # use mm_mock::doc_support::call;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    ///
    /// let seed = server.seed();
    /// // Point the code under test at `server.url()`, with `seed.user.token` as its token.
    /// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
    /// let path = format!("/api/v4/teams/name/{}/channels/name/{}", seed.team_name, seed.channel_name);
    /// let (status, body) = call(&server, "GET", &path, &seed.user.token, "").await?;
    /// assert_eq!(status, 200);
    /// assert!(body.contains(&seed.channel_id));
    /// # Ok(()) }
    /// ```
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
