//! The driver: login state, typed API groups, raw requests and webhooks over one transport.

use std::fmt;
use std::sync::{Arc, RwLock};

use http::{HeaderName, Method};
use mm_transport::request::encode_path_segment;
use mm_transport::{
    BaseUrl, Error, ErrorKind, ProxyConfig, RequestBuilder, Response, Secret, SessionToken,
    TlsConfig, Transport,
};
use mm_types::{LoginRequest, User};
use mm_ws::WebsocketConfig;
use std::ops::Deref;

use crate::builder::DriverBuilder;

/// The header carrying the session token in the login response.
const TOKEN_HEADER: HeaderName = HeaderName::from_static("token");

/// Credentials given to the builder, used by [`Driver::login`].
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) token: Option<Secret>,
    pub(crate) login_id: Option<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) mfa_token: Option<Secret>,
}

pub(crate) struct Parts {
    pub(crate) transport: Transport,
    pub(crate) session: SessionToken,
    pub(crate) custom_auth: Option<Arc<dyn mm_transport::AuthProvider>>,
    pub(crate) credentials: Credentials,
    pub(crate) tls: TlsConfig,
    pub(crate) proxy: ProxyConfig,
    pub(crate) websocket: WebsocketConfig,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LoggedIn {
    user_id: String,
    username: String,
    /// The server's release from `X-Version-Id` (`11.6.0`), when it sent one.
    server_version: Option<String>,
}

struct Inner {
    transport: Transport,
    client: mm_api::Client,
    session: SessionToken,
    custom_auth_provider: Option<Arc<dyn mm_transport::AuthProvider>>,
    credentials: Credentials,
    tls: TlsConfig,
    proxy: ProxyConfig,
    websocket: WebsocketConfig,
    logged_in: RwLock<Option<LoggedIn>>,
    /// Handles of the websockets opened through this driver, closed by `disconnect()`.
    sockets: std::sync::Mutex<Vec<mm_ws::Handle>>,
}

/// A Mattermost client. Cheap to clone; clones share the connection pool and the login state.
///
/// The API groups of the spec are its methods (through `Deref` to [`mm_api::Client`]); raw
/// requests, the websocket and webhooks are the driver's own.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// # let (url, token) = (server.url(), seed.user.token.clone());
/// use mm_driver::Driver;
/// use mm_driver::types::CreatePostRequest;
///
/// let driver = Driver::builder()
///     .url(&url) // https://chat.example.com
///     .token(token) // "my-personal-access-token"
///     .build()?;
/// let me = driver.login().await?;
/// println!("logged in as {} (server {:?})", me.username, driver.server_version());
///
/// let post = driver
///     .posts()
///     .create_post(&CreatePostRequest {
///         channel_id: seed.channel_id.clone(), // a channel id
///         message: "Hello from Rust".into(),
///         ..Default::default()
///     })
///     .await?;
///
/// // Clones share the connections and the login: hand one to another task.
/// let worker = driver.clone();
/// let fetched = tokio::spawn(async move { worker.posts().get_post(&post.id).await }).await??;
/// assert_eq!(fetched.message, "Hello from Rust");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Driver {
    inner: Arc<Inner>,
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let logged_in = self.logged_in();
        f.debug_struct("Driver")
            .field("url", &self.inner.transport.base_url().as_string())
            .field("logged_in", &logged_in.is_some())
            .field("user_id", &logged_in.as_ref().map(|l| l.user_id.as_str()))
            .field("username", &logged_in.as_ref().map(|l| l.username.as_str()))
            .field("tls", &self.inner.tls)
            .field("proxy", &self.inner.proxy)
            .finish_non_exhaustive()
    }
}

/// The API groups of the spec are methods of the driver: `driver.users().get_user("me")`.
impl Deref for Driver {
    type Target = mm_api::Client;

    fn deref(&self) -> &mm_api::Client {
        &self.inner.client
    }
}

impl Driver {
    /// A builder with the defaults.
    pub fn builder() -> DriverBuilder {
        DriverBuilder::new()
    }

    /// A driver configured from `MM_URL`, `MM_TOKEN`, `MM_LOGIN_ID`, `MM_PASSWORD`,
    /// `MM_MFA_TOKEN` (and `.netrc` when no credential variable is set).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), mm_driver::Error> {
    /// // MM_URL=https://chat.example.com MM_TOKEN=... ./bot
    /// let driver = mm_driver::Driver::from_env()?;
    /// let me = driver.login().await?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        DriverBuilder::from_env().build()
    }

    pub(crate) fn new(parts: Parts) -> Result<Self, Error> {
        Ok(Self {
            inner: Arc::new(Inner {
                client: mm_api::Client::new(parts.transport.clone()),
                transport: parts.transport,
                session: parts.session,
                custom_auth_provider: parts.custom_auth,
                credentials: parts.credentials,
                tls: parts.tls,
                proxy: parts.proxy,
                websocket: parts.websocket,
                logged_in: RwLock::new(None),
                sockets: std::sync::Mutex::new(Vec::new()),
            }),
        })
    }

    /// Logs in with the configured credentials and returns the user:
    ///
    /// - a custom auth provider or a token: `GET /api/v4/users/me`;
    /// - login id and password (and MFA code): `POST /api/v4/users/login`, keeping the session
    ///   token from the `Token` response header.
    ///
    /// Afterwards [`is_logged_in`](Self::is_logged_in), [`user_id`](Self::user_id),
    /// [`username`](Self::username) and [`server_version`](Self::server_version) say who and where:
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// let driver = Driver::builder().url(&url).login_id("user").password("user-password").build()?;
    /// assert!(!driver.is_logged_in());
    /// let me = driver.login().await?;
    /// assert!(driver.is_logged_in());
    /// assert_eq!(driver.user_id(), Some(me.id.clone()));
    /// assert_eq!(driver.username().as_deref(), Some("user"));
    ///
    /// let wrong = Driver::builder().url(&url).login_id("user").password("wrong").build()?;
    /// let error = wrong.login().await.unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided); // 401
    /// # Ok(()) }
    /// ```
    pub async fn login(&self) -> Result<User, Error> {
        let credentials = &self.inner.credentials;
        let users = self.users();
        let response = if self.inner.custom_auth_provider.is_some() {
            users.get_user("me").send().await?.error_for_status()?
        } else if let Some(token) = &credentials.token {
            self.inner.session.set(Some(token))?;
            match users
                .get_user("me")
                .send()
                .await
                .and_then(mm_transport::Response::error_for_status)
            {
                Ok(response) => response,
                Err(error) => {
                    // A refused token is useless; a timeout or a 503 says nothing about it.
                    if error.kind() == ErrorKind::NoAccessTokenProvided {
                        self.inner.session.set(None)?;
                    }
                    return Err(error);
                }
            }
        } else if let (Some(login_id), Some(password)) =
            (&credentials.login_id, &credentials.password)
        {
            let request = LoginRequest {
                login_id: Some(login_id.clone()),
                password: Some(password.expose().to_owned()),
                token: credentials
                    .mfa_token
                    .as_ref()
                    .map(|code| code.expose().to_owned()),
                ..LoginRequest::default()
            };
            let response = users.login(&request).send().await?.error_for_status()?;
            let token = response
                .headers()
                .get(TOKEN_HEADER)
                .and_then(|value| value.to_str().ok())
                .filter(|value| !value.is_empty())
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Decode,
                        "the server accepted the login but sent no `Token` header; \
                         check that no proxy strips it",
                    )
                })?;
            self.inner.session.set(Some(&Secret::new(token)))?;
            response
        } else {
            return Err(Error::config(
                "no credentials to log in with: give the builder a token, a login id and password, \
                 or an auth provider",
            ));
        };
        let user: User = response.json()?;
        let server_version = response
            .server_version()
            .map(mm_transport::version::release)
            .filter(|release| !release.is_empty())
            .map(str::to_owned);
        self.set_logged_in(Some(LoggedIn {
            user_id: user.id.clone(),
            username: user.username.clone(),
            server_version,
        }));
        Ok(user)
    }

    /// Logs out (`POST /api/v4/users/logout`), then forgets the token, the user id and the
    /// username, even when the server call fails.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url(&url).login_id("user").password("user-password").build()?;
    /// driver.login().await?;
    /// driver.logout().await?;
    /// assert!(!driver.is_logged_in() && !driver.has_token());
    /// assert!(driver.users().get_user("me").await.is_err()); // 401: no token any more
    /// # Ok(()) }
    /// ```
    pub async fn logout(&self) -> Result<(), Error> {
        let result = self.users().logout().await;
        self.inner.session.set(None)?;
        self.set_logged_in(None);
        result.map(drop)
    }

    /// [`Driver::login`] from synchronous code (feature `blocking`; anywhere a thread may
    /// block, `spawn_blocking` included).
    ///
    /// With [`logout_blocking`](Self::logout_blocking):
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let runtime = tokio::runtime::Runtime::new()?;
    /// # let server = runtime.block_on(mm_mock::MockServer::start())?;
    /// # server.seed();
    /// # let url = server.url();
    /// use mm_driver::Driver;
    ///
    /// // Plain synchronous code: no runtime of your own.
    /// let driver = Driver::builder().url(&url).login_id("user").password("user-password").build()?;
    /// let me = driver.login_blocking()?;
    /// let teams = driver.teams().get_teams_for_user(&me.id).call_blocking()?;
    /// driver.logout_blocking()?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "blocking")]
    pub fn login_blocking(&self) -> Result<User, Error> {
        mm_api::blocking::block_on(self.login())
    }

    /// [`Driver::logout`] from synchronous code (feature `blocking`).
    #[cfg(feature = "blocking")]
    pub fn logout_blocking(&self) -> Result<(), Error> {
        mm_api::blocking::block_on(self.logout())
    }

    /// Whether [`Driver::login`] succeeded and no logout happened since.
    pub fn is_logged_in(&self) -> bool {
        self.logged_in().is_some()
    }

    /// The logged-in user's id.
    pub fn user_id(&self) -> Option<String> {
        self.logged_in().map(|l| l.user_id)
    }

    /// The logged-in user's username.
    pub fn username(&self) -> Option<String> {
        self.logged_in().map(|l| l.username)
    }

    /// The server's version (`11.6.0`, from its `X-Version-Id`), known after [`Driver::login`].
    /// Operations newer than the server answer 404 or 501 with an error that says which
    /// version they need ([`mm_transport::Error::needs_server_version`]).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// assert_eq!(driver.server_version(), None); // not known before login
    /// driver.login().await?;
    /// assert_eq!(driver.server_version().as_deref(), Some("11.6.0"));
    /// # Ok(()) }
    /// ```
    pub fn server_version(&self) -> Option<String> {
        self.logged_in().and_then(|l| l.server_version)
    }

    /// Whether a session or personal access token is currently sent.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// assert!(driver.has_token()); // sent from the first request on
    /// assert!(!driver.is_logged_in()); // login() was not called
    ///
    /// let anonymous = Driver::builder().url(&url).build()?;
    /// assert!(!anonymous.has_token());
    /// # Ok(()) }
    /// ```
    pub fn has_token(&self) -> bool {
        self.inner.session.is_set()
    }

    fn logged_in(&self) -> Option<LoggedIn> {
        match self.inner.logged_in.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set_logged_in(&self, value: Option<LoggedIn>) {
        match self.inner.logged_in.write() {
            Ok(mut guard) => *guard = value,
            Err(poisoned) => *poisoned.into_inner() = value,
        }
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &BaseUrl {
        self.inner.transport.base_url()
    }

    /// The HTTP transport (a tower stack), for direct use.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    /// use mm_driver::http::Request;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// // An `http::Request` with a path relative to the server, through the whole stack (auth,
    /// // retries, limits).
    /// let request = Request::get("/api/v4/system/ping").body(mm_driver::Body::empty())?;
    /// let response = driver.transport().send(request).await?;
    /// assert_eq!(response.status(), 200);
    /// # Ok(()) }
    /// ```
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The TLS settings, shared with the websocket client.
    pub fn tls_config(&self) -> &TlsConfig {
        &self.inner.tls
    }

    /// The proxy settings, shared with the websocket client.
    pub fn proxy_config(&self) -> &ProxyConfig {
        &self.inner.proxy
    }

    /// The websocket settings.
    pub fn websocket_config(&self) -> &WebsocketConfig {
        &self.inner.websocket
    }

    /// Every API group (`driver.users()`, `driver.posts()`, ... are also reachable directly).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::{Client, Driver, Error};
    ///
    /// // Code that needs the API alone takes a `&Client`.
    /// async fn count_teams(api: &Client) -> Result<usize, Error> {
    ///     Ok(api.teams().get_all_teams().await?.len())
    /// }
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// assert_eq!(count_teams(driver.api()).await?, 1);
    /// assert_eq!(count_teams(&driver).await?, 1); // the same, through `Deref`
    /// # Ok(()) }
    /// ```
    pub fn api(&self) -> &mm_api::Client {
        &self.inner.client
    }

    /// A raw request to `path` (relative to the server URL, e.g. `/api/v4/users/me`).
    ///
    /// [`get`](Self::get), [`post`](Self::post), [`put`](Self::put), [`patch`](Self::patch) and
    /// [`delete`](Self::delete) name the method:
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    /// use mm_driver::http::Method;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let response = driver.request(Method::GET, "/api/v4/users/me").send().await?;
    /// assert_eq!(response.status(), 200);
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: impl Into<String>) -> RequestBuilder {
        RequestBuilder::new(self.inner.transport.clone(), method, path)
    }

    /// A raw `GET`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    ///
    /// // `.await` fails on a status outside 2xx; `.send()` returns any response.
    /// let me: serde_json::Value = driver.get("/api/v4/users/me").await?.json()?;
    /// assert_eq!(me["username"], "user");
    ///
    /// let missing = driver.get("/api/v4/users/username/nobody").send().await?;
    /// assert_eq!(missing.status(), 404);
    /// assert_eq!(missing.error_for_status().unwrap_err().kind(), mm_driver::ErrorKind::ResourceNotFound);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, path: impl Into<String>) -> RequestBuilder {
        self.request(Method::GET, path)
    }

    /// A raw `POST`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let post: serde_json::Value = driver
    ///     .post("/api/v4/posts")
    ///     .json(&serde_json::json!({"channel_id": seed.channel_id, "message": "raw hello"}))
    ///     .await?
    ///     .json()?;
    /// assert_eq!(post["message"], "raw hello");
    /// # Ok(()) }
    /// ```
    pub fn post(&self, path: impl Into<String>) -> RequestBuilder {
        self.request(Method::POST, path)
    }

    /// A raw `PUT`.
    pub fn put(&self, path: impl Into<String>) -> RequestBuilder {
        self.request(Method::PUT, path)
    }

    /// A raw `PATCH`.
    pub fn patch(&self, path: impl Into<String>) -> RequestBuilder {
        self.request(Method::PATCH, path)
    }

    /// A raw `DELETE`.
    pub fn delete(&self, path: impl Into<String>) -> RequestBuilder {
        self.request(Method::DELETE, path)
    }

    /// Opens the websocket with the driver's URL, credentials, TLS, proxy and websocket
    /// settings. The stream's first item is `Connected`; keep reading it (or drop it to close).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use futures_util::StreamExt;
    /// use mm_driver::Driver;
    /// use mm_driver::types::CreatePostRequest;
    /// use mm_driver::ws::{EventData, Message};
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let mut events = driver.websocket().await?;
    /// assert!(matches!(events.next().await, Some(Ok(Message::Connected { .. }))));
    ///
    /// let request = CreatePostRequest { channel_id: seed.channel_id.clone(), message: "ping".into(), ..Default::default() };
    /// driver.posts().create_post(&request).await?;
    ///
    /// while let Some(message) = events.next().await {
    ///     if let Message::Event(event) = message? {
    ///         if let EventData::Posted(posted) = &event.data {
    ///             assert_eq!(posted.post.message, "ping");
    ///             break;
    ///         }
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn websocket(&self) -> Result<mm_ws::Events, Error> {
        self.websocket_with(None).await
    }

    /// Like [`Driver::websocket`], delivering only events of these types (others are skipped
    /// after reading their name, never decoded). Lifecycle messages always come through.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use futures_util::StreamExt;
    /// use mm_driver::Driver;
    /// use mm_driver::types::{CreatePostRequest, Reaction};
    /// use mm_driver::ws::{EventType, Message};
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let mut events = driver.websocket_only(&[EventType::ReactionAdded]).await?;
    /// assert!(matches!(events.next().await, Some(Ok(Message::Connected { .. }))));
    ///
    /// let request = CreatePostRequest { channel_id: seed.channel_id.clone(), message: "vote".into(), ..Default::default() };
    /// let post = driver.posts().create_post(&request).await?; // `posted`: skipped
    /// let reaction = Reaction { user_id: seed.user.id.clone(), post_id: post.id, emoji_name: "+1".into(), ..Default::default() };
    /// driver.reactions().save_reaction(&reaction).await?;
    ///
    /// let Some(Ok(Message::Event(event))) = events.next().await else { panic!("an event") };
    /// assert_eq!(event.event, EventType::ReactionAdded);
    /// # Ok(()) }
    /// ```
    pub async fn websocket_only(&self, types: &[mm_ws::EventType]) -> Result<mm_ws::Events, Error> {
        self.websocket_with(Some(types.iter().cloned().collect()))
            .await
    }

    async fn websocket_with(
        &self,
        only: Option<std::collections::HashSet<mm_ws::EventType>>,
    ) -> Result<mm_ws::Events, Error> {
        let auth: Arc<dyn mm_transport::AuthProvider> = match &self.inner.custom_auth_provider {
            Some(provider) => provider.clone(),
            None => Arc::new(self.inner.session.clone()),
        };
        let events = mm_ws::connect(mm_ws::ConnectOptions {
            base: self.base_url().clone(),
            auth: Some(auth),
            tls: self.inner.tls.clone(),
            proxy: self.inner.proxy.clone(),
            config: self.inner.websocket.clone(),
            only,
        })
        .await?;
        let mut sockets = match self.inner.sockets.lock() {
            Ok(sockets) => sockets,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Forget the handles of websockets that have ended, when the list has doubled since
        // the last sweep: opening N websockets then costs O(N), not O(N²).
        if sockets.len() >= sockets.capacity() {
            sockets.retain(|handle| !handle.is_closed());
            let free = sockets.len().max(8);
            sockets.reserve(free);
        }
        sockets.push(events.handle());
        Ok(events)
    }

    /// Runs `handler` for every websocket message until [`Driver::disconnect`], until the
    /// handler returns [`ControlFlow::Break`](std::ops::ControlFlow::Break) (a handler that
    /// returns `()` never stops it) or, with keepalive off, until the connection drops (then
    /// the error is returned), as the Python driver's `init_websocket` does.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let driver = mm_driver::Driver::builder().url(server.url()).token(seed.user.token.clone()).build()?;
    /// # let channel_id = seed.channel_id.clone();
    /// use std::ops::ControlFlow;
    /// use mm_driver::types::CreatePostRequest;
    /// use mm_driver::ws::{EventData, Message};
    ///
    /// let poster = driver.clone();
    /// driver
    ///     .init_websocket(|message| {
    ///         let (poster, channel_id) = (poster.clone(), channel_id.clone());
    ///         async move {
    ///             match message {
    ///                 Message::Connected { .. } => {
    ///                     let hello = CreatePostRequest { channel_id, message: "bot online".into(), ..Default::default() };
    ///                     if let Err(error) = poster.posts().create_post(&hello).await {
    ///                         eprintln!("could not post: {error}");
    ///                     }
    ///                     ControlFlow::Continue(())
    ///                 }
    ///                 Message::Event(event) if matches!(event.data, EventData::Posted(_)) => {
    ///                     ControlFlow::Break(()) // the first post ends it
    ///                 }
    ///                 _ => ControlFlow::Continue(()),
    ///             }
    ///         }
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn init_websocket<F, Fut>(&self, mut handler: F) -> Result<(), Error>
    where
        F: FnMut(mm_ws::Message) -> Fut,
        Fut: std::future::Future,
        Fut::Output: HandlerFlow,
    {
        use futures_util::StreamExt;
        let mut events = self.websocket().await?;
        while let Some(message) = events.next().await {
            if handler(message?).await.stops() {
                // Dropping the stream closes this socket (and only this one).
                break;
            }
        }
        Ok(())
    }

    /// Closes every websocket opened through this driver; they stop at once and never reconnect.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use std::sync::Arc;
    /// use mm_driver::Driver;
    /// use mm_driver::ws::Message;
    /// use tokio::sync::Notify;
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let connected = Arc::new(Notify::new());
    /// let (listener, signal) = (driver.clone(), connected.clone());
    /// let task = tokio::spawn(async move {
    ///     listener
    ///         .init_websocket(move |message| {
    ///             if matches!(message, Message::Connected { .. }) {
    ///                 signal.notify_one();
    ///             }
    ///             async {} // `()`: go on until disconnect()
    ///         })
    ///         .await
    /// });
    /// connected.notified().await;
    ///
    /// // From anywhere, later: every websocket of the driver closes, and the loop ends.
    /// driver.disconnect();
    /// task.await??;
    /// # Ok(()) }
    /// ```
    pub fn disconnect(&self) {
        let handles: Vec<mm_ws::Handle> = match self.inner.sockets.lock() {
            Ok(mut sockets) => sockets.drain(..).collect(),
            Err(poisoned) => poisoned.into_inner().drain(..).collect(),
        };
        for handle in handles {
            handle.close();
        }
    }

    /// [`Driver::call_webhook`] from synchronous code (feature `blocking`).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let runtime = tokio::runtime::Runtime::new()?;
    /// # let server = runtime.block_on(mm_mock::MockServer::start())?;
    /// # let seed = server.seed();
    /// # let driver = mm_driver::Driver::builder().url(server.url()).token(seed.user.token.clone()).build()?;
    /// # let hook = driver.webhooks().create_incoming_webhook(&mm_driver::types::CreateIncomingWebhookRequest {
    /// #     channel_id: seed.channel_id.clone(),
    /// #     ..Default::default()
    /// # }).call_blocking()?;
    /// # let hook_id = hook.id;
    /// use mm_driver::IncomingWebhookPayload;
    ///
    /// // A cron job or a build script, without async.
    /// driver.call_webhook_blocking(&hook_id, &IncomingWebhookPayload::text("Nightly backup done"))?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "blocking")]
    pub fn call_webhook_blocking<T: serde::Serialize + ?Sized>(
        &self,
        hook_id: &str,
        payload: &T,
    ) -> Result<Response, Error> {
        mm_api::blocking::block_on(self.call_webhook(hook_id, payload))
    }

    /// Posts `payload` to the incoming webhook `hook_id` (`POST /hooks/{hook_id}`).
    ///
    /// The hook id is the last segment of the hook's URL (`https://chat.example.com/hooks/<id>`);
    /// it is masked in errors and logs.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::types::CreateIncomingWebhookRequest;
    /// use mm_driver::{Driver, IncomingWebhookPayload};
    ///
    /// let driver = Driver::builder().url(&url).token(token).build()?;
    /// let hook = driver
    ///     .webhooks()
    ///     .create_incoming_webhook(&CreateIncomingWebhookRequest {
    ///         channel_id: seed.channel_id.clone(),
    ///         display_name: Some("CI".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    ///
    /// let payload = IncomingWebhookPayload {
    ///     text: "Build #42 passed :white_check_mark:".into(),
    ///     username: Some("ci".into()),
    ///     ..IncomingWebhookPayload::default()
    /// };
    /// driver.call_webhook(&hook.id, &payload).await?;
    ///
    /// let posts = driver.posts().get_posts_for_channel(&seed.channel_id).await?;
    /// assert_eq!(posts.ordered().next().map(|post| post.message.as_str()), Some("Build #42 passed :white_check_mark:"));
    /// # Ok(()) }
    /// ```
    pub async fn call_webhook<T: serde::Serialize + ?Sized>(
        &self,
        hook_id: &str,
        payload: &T,
    ) -> Result<Response, Error> {
        let path = encode_path_segment("hook_id", hook_id).map(|id| format!("/hooks/{id}"));
        RequestBuilder::try_new(self.inner.transport.clone(), Method::POST, path)
            .json(payload)
            .await
    }
}

/// What an [`Driver::init_websocket`] handler returns: `()` goes on, a
/// [`ControlFlow`](std::ops::ControlFlow) says whether to go on.
///
/// ```
/// use std::ops::ControlFlow;
/// use mm_driver::HandlerFlow;
///
/// assert!(!().stops()); // a handler returning `()` runs until `disconnect()`
/// assert!(!ControlFlow::<()>::Continue(()).stops());
/// assert!(ControlFlow::Break("done").stops());
/// ```
pub trait HandlerFlow {
    /// Whether the loop ends after this message.
    fn stops(self) -> bool;
}

impl HandlerFlow for () {
    fn stops(self) -> bool {
        false
    }
}

impl<B> HandlerFlow for std::ops::ControlFlow<B> {
    fn stops(self) -> bool {
        self.is_break()
    }
}
