//! The driver builder: every option of the Python driver under a Rust name.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use http::Request;
use mm_transport::timeout::DEFAULT_TIMEOUT;
use mm_transport::{
    AuthProvider, BaseUrl, Body, BoxError, Error, HttpService, ProxyConfig, RetryConfig, Secret,
    SessionToken, TlsConfig, Transport,
};
use mm_ws::WebsocketConfig;
use tower::{Layer, Service};

use crate::driver::Driver;
use crate::netrc::{self, Netrc};

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// How certificates are checked (the Python driver's `verify`).
#[derive(Clone, Default)]
enum Verify {
    /// The platform's roots.
    #[default]
    Platform,
    /// A PEM bundle file.
    CaFile(PathBuf),
    /// A PEM bundle in memory.
    CaPem(Vec<u8>),
}

#[derive(Clone)]
enum Proxy {
    None,
    Url(String, Option<String>),
    Env,
}

/// Where the token comes from when none is given.
#[derive(Clone)]
enum NetrcSource {
    Off,
    Default,
    File(PathBuf),
}

/// Builds a [`Driver`]. Start with [`Driver::builder`] or [`Driver::from_env`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// # let (url, token) = (server.url(), seed.user.token.clone());
/// use std::time::Duration;
/// use mm_driver::Driver;
///
/// let driver = Driver::builder()
///     .url(&url) // https://chat.example.com
///     .token(token) // a personal access token or a bot token
///     .request_timeout(Duration::from_secs(10))
///     .max_retries(5)
///     .keepalive(true) // reconnect the websocket when it drops
///     .build()?;
/// let me = driver.login().await?;
/// println!("logged in as {}", me.username);
/// # Ok(()) }
/// ```
#[must_use]
#[derive(Clone)]
pub struct DriverBuilder {
    url: Option<String>,
    scheme: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    base_path: Option<String>,
    token: Option<Secret>,
    login_id: Option<String>,
    password: Option<Secret>,
    mfa_token: Option<Secret>,
    auth: Option<Arc<dyn AuthProvider>>,
    verify: Verify,
    danger_accept_invalid_certs: bool,
    request_timeout: Option<Duration>,
    limits: mm_transport::Limits,
    websocket: WebsocketConfig,
    /// Set by `websocket_ping_interval`, `keepalive`, `keepalive_delay`: they win over the
    /// same settings of `websocket(config)`, whatever the order of the calls.
    websocket_ping_interval: Option<Duration>,
    keepalive: Option<bool>,
    keepalive_delay: Option<Duration>,
    http2: bool,
    pool_idle_timeout: Duration,
    proxy: Proxy,
    retry: RetryConfig,
    netrc: NetrcSource,
    env: Lookup,
    require_url: bool,
    layers: Vec<
        Arc<dyn Fn(mm_transport::TransportBuilder) -> mm_transport::TransportBuilder + Send + Sync>,
    >,
}

impl fmt::Debug for DriverBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |present: bool| if present { "***" } else { "unset" };
        f.debug_struct("DriverBuilder")
            .field("url", &self.url)
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("base_path", &self.base_path)
            .field("token", &set(self.token.is_some()))
            .field("login_id", &self.login_id)
            .field("password", &set(self.password.is_some()))
            .field("mfa_token", &set(self.mfa_token.is_some()))
            .field("auth_provider", &self.auth.is_some())
            .field(
                "danger_accept_invalid_certs",
                &self.danger_accept_invalid_certs,
            )
            .field("request_timeout", &self.request_timeout)
            .field("limits", &self.limits)
            .field("websocket", &self.websocket_config())
            .field("http2", &self.http2)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("retry", &self.retry)
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl Default for DriverBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DriverBuilder {
    /// Defaults: `https://localhost:8065`, 30 s request timeout, 3 retries, certificate checks on.
    pub fn new() -> Self {
        Self {
            url: None,
            scheme: None,
            host: None,
            port: None,
            base_path: None,
            token: None,
            login_id: None,
            password: None,
            mfa_token: None,
            auth: None,
            verify: Verify::Platform,
            danger_accept_invalid_certs: false,
            request_timeout: Some(DEFAULT_TIMEOUT),
            limits: mm_transport::Limits::default(),
            websocket: WebsocketConfig::default(),
            websocket_ping_interval: None,
            keepalive: None,
            keepalive_delay: None,
            http2: false,
            pool_idle_timeout: mm_transport::client::DEFAULT_POOL_IDLE_TIMEOUT,
            proxy: Proxy::None,
            retry: RetryConfig::default(),
            netrc: NetrcSource::Off,
            env: Arc::new(|name| std::env::var(name).ok()),
            require_url: false,
            layers: Vec::new(),
        }
    }

    /// Reads `MM_URL`, `MM_TOKEN`, `MM_LOGIN_ID`, `MM_PASSWORD` and `MM_MFA_TOKEN`; without
    /// `MM_TOKEN` or `MM_LOGIN_ID`, the token is looked up in `.netrc`.
    ///
    /// ```no_run
    /// use mm_driver::DriverBuilder;
    ///
    /// // MM_URL=https://chat.example.com MM_TOKEN=... ./bot
    /// let driver = DriverBuilder::from_env()
    ///     .max_retries(5) // anything not in the environment
    ///     .build()?;
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn from_env() -> Self {
        Self::from_env_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`DriverBuilder::from_env`], reading variables through `lookup`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use std::collections::HashMap;
    /// use mm_driver::DriverBuilder;
    ///
    /// // Settings from a config file instead of the process environment; without MM_TOKEN or
    /// // MM_LOGIN_ID, the token comes from the `.netrc` file NETRC names.
    /// let netrc = std::env::temp_dir().join(format!("mm-doc-netrc-{}", std::process::id()));
    /// std::fs::write(&netrc, format!("machine 127.0.0.1 login user password {token}\n"))?;
    /// let settings = HashMap::from([
    ///     ("MM_URL", url.clone()),
    ///     ("NETRC", netrc.display().to_string()),
    /// ]);
    /// let driver = DriverBuilder::from_env_lookup(move |name| settings.get(name).cloned()).build()?;
    /// assert_eq!(driver.login().await?.username, "user");
    /// # std::fs::remove_file(&netrc)?;
    ///
    /// // No MM_URL: an error, not a silent localhost.
    /// let error = DriverBuilder::from_env_lookup(|_| None).build().unwrap_err();
    /// assert_eq!(error.kind(), mm_driver::ErrorKind::InvalidConfig);
    /// # Ok(()) }
    /// ```
    pub fn from_env_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let mut builder = Self::new();
        builder.url = get("MM_URL");
        builder.token = get("MM_TOKEN").map(Secret::new);
        builder.login_id = get("MM_LOGIN_ID");
        builder.password = get("MM_PASSWORD").map(Secret::new);
        builder.mfa_token = get("MM_MFA_TOKEN").map(Secret::new);
        if builder.token.is_none() && builder.login_id.is_none() {
            builder.netrc = NetrcSource::Default;
        }
        builder.env = Arc::new(lookup);
        builder.require_url = true;
        builder
    }

    /// The server URL: `https://chat.example.com`, `http://127.0.0.1:8065`, or with a base path
    /// `https://example.com/mattermost`. A bare host gets `https`.
    ///
    /// ```
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url("https://example.com/mattermost").build()?;
    /// assert_eq!(driver.base_url().as_string(), "https://example.com/mattermost");
    ///
    /// let bare = Driver::builder().url("chat.example.com").build()?;
    /// assert_eq!(bare.base_url().as_string(), "https://chat.example.com");
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The scheme, `http` or `https` (Python's `scheme`); overrides the URL's.
    ///
    /// [`host`](Self::host), [`port`](Self::port) and [`base_path`](Self::base_path) work the same
    /// way:
    ///
    /// ```
    /// use mm_driver::Driver;
    ///
    /// // The Python driver's {'scheme': 'https', 'url': 'chat.example.com', 'port': 8443, 'basepath': '/mm'}
    /// let driver = Driver::builder()
    ///     .scheme("https")
    ///     .host("chat.example.com")
    ///     .port(8443)
    ///     .base_path("/mm")
    ///     .build()?;
    /// assert_eq!(driver.base_url().as_string(), "https://chat.example.com:8443/mm");
    ///
    /// // The parts override the URL's.
    /// let driver = Driver::builder().url("https://chat.example.com").scheme("http").port(8065).build()?;
    /// assert_eq!(driver.base_url().as_string(), "http://chat.example.com:8065");
    ///
    /// // Neither: https://localhost:8065.
    /// assert_eq!(Driver::builder().build()?.base_url().as_string(), "https://localhost:8065");
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = Some(scheme.into());
        self
    }

    /// The host (Python's `url`); overrides the URL's.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The port (Python's `port`); overrides the URL's.
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// A base path for subpath deployments (Python's `basepath`); overrides the URL's.
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.base_path = Some(base_path.into());
        self
    }

    /// A personal access token, bot token or session token (Python's `token`).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Username or e-mail for password login (Python's `login_id`).
    ///
    /// With [`password`](Self::password), for password login:
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .login_id("user") // or the e-mail address
    ///     .password("user-password")
    ///     .build()?;
    /// let me = driver.login().await?; // POST /api/v4/users/login; keeps the session token
    /// assert_eq!(me.username, "user");
    /// assert!(driver.has_token());
    /// # Ok(()) }
    /// ```
    pub fn login_id(mut self, login_id: impl Into<String>) -> Self {
        self.login_id = Some(login_id.into());
        self
    }

    /// The password for password login (Python's `password`).
    pub fn password(mut self, password: impl Into<Secret>) -> Self {
        self.password = Some(password.into());
        self
    }

    /// The MFA code sent with password login (Python's `mfa_token`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::{Driver, ErrorKind};
    /// # server.enable_mfa(&seed.user.id, "123456");
    ///
    /// let without_code = Driver::builder().url(&url).login_id("user").password("user-password").build()?;
    /// let error = without_code.login().await.unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    /// assert_eq!(error.api_error_id(), Some("mfa.validate_token.authenticate.app_error"));
    ///
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .login_id("user")
    ///     .password("user-password")
    ///     .mfa_token("123456") // from the user's authenticator app
    ///     .build()?;
    /// driver.login().await?;
    /// # Ok(()) }
    /// ```
    pub fn mfa_token(mut self, code: impl Into<Secret>) -> Self {
        self.mfa_token = Some(code.into());
        self
    }

    /// A custom auth provider (Python's `auth`); the driver then adds no `Authorization` header.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use std::sync::Arc;
    /// use mm_driver::http::{HeaderMap, Method, Uri, header::AUTHORIZATION};
    /// use mm_driver::transport::auth::bearer_header;
    /// use mm_driver::{AuthProvider, BoxFuture, Driver, Error, Secret};
    ///
    /// /// Stands for a token fetched from a secret store on each attempt.
    /// struct Vault {
    ///     token: Secret,
    /// }
    ///
    /// impl AuthProvider for Vault {
    ///     fn headers<'a>(&'a self, _: &'a Method, _: &'a Uri) -> BoxFuture<'a, Result<HeaderMap, Error>> {
    ///         Box::pin(async move {
    ///             let mut headers = HeaderMap::new();
    ///             headers.insert(AUTHORIZATION, bearer_header(&self.token)?);
    ///             Ok(headers)
    ///         })
    ///     }
    /// }
    ///
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .auth_provider(Arc::new(Vault { token: Secret::new(token) }))
    ///     .build()?;
    /// let me = driver.login().await?; // GET /api/v4/users/me with the provider's headers
    /// # Ok(()) }
    /// ```
    pub fn auth_provider(mut self, provider: Arc<dyn AuthProvider>) -> Self {
        self.auth = Some(provider);
        self
    }

    /// Look the token up in `$NETRC` or `~/.netrc` when none is given.
    ///
    /// ```no_run
    /// use mm_driver::Driver;
    ///
    /// // ~/.netrc: machine chat.example.com login bot password <token>
    /// let driver = Driver::builder().url("https://chat.example.com").netrc().build()?;
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn netrc(mut self) -> Self {
        self.netrc = NetrcSource::Default;
        self
    }

    /// Look the token up in this `.netrc` file when none is given.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::Driver;
    ///
    /// let path = std::env::temp_dir().join(format!("mm-doc-netrc-file-{}", std::process::id()));
    /// std::fs::write(&path, format!("machine 127.0.0.1 login user password {token}\n"))?;
    ///
    /// let driver = Driver::builder().url(&url).netrc_file(&path).build()?; // url: http://127.0.0.1:<port>
    /// assert!(driver.has_token());
    /// assert_eq!(driver.login().await?.username, "user");
    /// # std::fs::remove_file(&path)?;
    /// # Ok(()) }
    /// ```
    pub fn netrc_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.netrc = NetrcSource::File(path.into());
        self
    }

    /// `verify=True/False` of the Python driver: `false` accepts any certificate (see
    /// [`DriverBuilder::danger_accept_invalid_certs`]).
    ///
    /// ```
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder().url("https://mattermost.test:8443").verify(false).build()?;
    /// assert!(driver.tls_config().accepts_invalid_certs());
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn verify(self, verify: bool) -> Self {
        self.danger_accept_invalid_certs(!verify)
    }

    /// Trust exactly the certificates of this PEM file (Python's `verify=<path>`), for HTTP and
    /// websocket alike.
    ///
    /// ```no_run
    /// use mm_driver::Driver;
    ///
    /// let driver = Driver::builder()
    ///     .url("https://mattermost.corp.example")
    ///     .ca_file("/etc/ssl/certs/corp-ca.pem") // read and checked by build()
    ///     .build()?;
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.verify = Verify::CaFile(path.into());
        self
    }

    /// Trust exactly the certificates of this PEM bundle.
    ///
    /// ```
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// // A bundle compiled in: `.ca_pem(include_bytes!("corp-ca.pem").as_slice())`.
    /// let error = Driver::builder().ca_pem(b"not a certificate".as_slice()).build().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// ```
    pub fn ca_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.verify = Verify::CaPem(pem.into());
        self
    }

    /// Accept any server certificate. For test servers only; a warning is logged.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    /// The HTTP timeout of each attempt (Python's `request_timeout`; default 30 s).
    ///
    /// See also [`call_timeout`](Self::call_timeout) and
    /// [`no_request_timeout`](Self::no_request_timeout).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// let server = mm_mock::MockServer::start().await?; // an in-process test server
    /// let seed = server.seed();
    /// let (url, token) = (server.url(), seed.user.token.clone());
    /// server.set_latency(Duration::from_millis(300)); // a slow server
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .token(token)
    ///     .request_timeout(Duration::from_millis(50)) // each attempt
    ///     .call_timeout(Duration::from_secs(5)) // all attempts and the waits between them
    ///     .max_retries(0)
    ///     .build()?;
    /// let error = driver.users().get_user("me").await.unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::Timeout);
    /// # Ok(()) }
    /// ```
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
        self
    }

    /// No HTTP timeout at all, neither per attempt nor per call (nor between chunks of a
    /// streamed body). Only when you really mean it: a dead server then hangs the call.
    pub fn no_request_timeout(mut self) -> Self {
        self.request_timeout = None;
        self.limits.call_timeout = None;
        self.limits.stream_idle_timeout = None;
        self
    }

    /// The deadline of a whole call: every attempt and the waits between them (default 60 s).
    pub fn call_timeout(mut self, deadline: Duration) -> Self {
        self.limits.call_timeout = Some(deadline);
        self
    }

    /// The largest response body read into memory (default 128 MiB); a larger one fails with
    /// `ErrorKind::BodyTooLarge` before it is read whole. Stream bigger files with
    /// `send_streaming()`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = mm_mock::MockServer::start().await?;
    /// # let seed = server.seed();
    /// # let (url, token) = (server.url(), seed.user.token.clone());
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// let driver = Driver::builder().url(&url).token(token).max_response_size(100).build()?;
    /// let error = driver.users().get_user("me").await.unwrap_err(); // a user is larger than 100 bytes
    /// assert_eq!(error.kind(), ErrorKind::BodyTooLarge);
    /// # Ok(()) }
    /// ```
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.limits.max_response_size = bytes;
        self
    }

    /// The most requests in flight, so connections, at once (default 64); more wait their turn.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.max_connections = connections;
        self
    }

    /// Every limit at once (see [`mm_transport::Limits`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_driver::Driver;
    /// use mm_driver::transport::Limits;
    ///
    /// let driver = Driver::builder()
    ///     .url("https://chat.example.com")
    ///     .limits(Limits {
    ///         max_connections: 8,
    ///         stream_idle_timeout: Some(Duration::from_secs(120)), // slow file downloads
    ///         ..Limits::default()
    ///     })
    ///     .build()?;
    /// assert_eq!(driver.transport().limits().max_connections, 8);
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn limits(mut self, limits: mm_transport::Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How often the websocket sends its `ping` action (Python's `timeout`; default 30 s).
    ///
    /// `Duration::ZERO` turns the pings (and the dead-peer detection) off.
    pub fn websocket_ping_interval(mut self, interval: Duration) -> Self {
        self.websocket_ping_interval = Some(interval);
        self
    }

    /// Reconnect the websocket when it drops (Python's `keepalive`; default off).
    pub fn keepalive(mut self, keepalive: bool) -> Self {
        self.keepalive = Some(keepalive);
        self
    }

    /// The wait before each of the first 7 websocket reconnect attempts (Python's
    /// `keepalive_delay`; default 3 s, as the official JS client).
    pub fn keepalive_delay(mut self, delay: Duration) -> Self {
        self.keepalive_delay = Some(delay);
        self
    }

    /// All websocket settings at once (Python's `websocket_kw_args`). The ping interval and
    /// keepalive settings given with their own methods win over the ones in `config`, before
    /// or after this call.
    ///
    /// [`websocket_ping_interval`](Self::websocket_ping_interval), [`keepalive`](Self::keepalive)
    /// and [`keepalive_delay`](Self::keepalive_delay) set one setting each:
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_driver::Driver;
    /// use mm_driver::ws::WebsocketConfig;
    ///
    /// let driver = Driver::builder()
    ///     .url("https://chat.example.com")
    ///     .websocket(WebsocketConfig::new().max_reconnect_delay(Duration::from_secs(60)).keepalive(false))
    ///     .keepalive(true) // wins over the config's, before or after `.websocket(..)`
    ///     .keepalive_delay(Duration::from_secs(1))
    ///     .websocket_ping_interval(Duration::from_secs(15))
    ///     .build()?;
    /// let config = driver.websocket_config();
    /// assert!(config.keepalive);
    /// assert_eq!(config.ping_interval, Duration::from_secs(15));
    /// assert_eq!(config.max_reconnect_delay, Duration::from_secs(60));
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn websocket(mut self, config: WebsocketConfig) -> Self {
        self.websocket = config;
        self
    }

    /// The websocket settings with the ones given by their own methods applied.
    fn websocket_config(&self) -> WebsocketConfig {
        let mut config = self.websocket.clone();
        if let Some(interval) = self.websocket_ping_interval {
            config.ping_interval = interval;
        }
        if let Some(keepalive) = self.keepalive {
            config.keepalive = keepalive;
        }
        if let Some(delay) = self.keepalive_delay {
            config.keepalive_delay = delay;
        }
        config
    }

    /// Offer HTTP/2 (Python's `http2`; default off).
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = enabled;
        self
    }

    /// How long an idle connection is kept for reuse (50 s by default, below Mattermost's own
    /// 60 s idle timeout and nginx's 75 s). Behind a proxy or load balancer that closes idle
    /// connections sooner, set it below that proxy's timeout; zero opens a connection per
    /// request.
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_driver::Driver;
    ///
    /// // Behind a load balancer that drops connections idle for 30 s.
    /// let driver = Driver::builder()
    ///     .url("https://chat.example.com")
    ///     .pool_idle_timeout(Duration::from_secs(25))
    ///     .build()?;
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn pool_idle_timeout(mut self, idle: Duration) -> Self {
        self.pool_idle_timeout = idle;
        self
    }

    /// Use this proxy for HTTP and websocket (Python's `proxy`), except for the hosts in
    /// `no_proxy` (comma-separated, as `NO_PROXY`).
    ///
    /// ```
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// let driver = Driver::builder()
    ///     .url("https://chat.example.com")
    ///     .proxy("http://proxy.internal:3128", Some("localhost,.corp.example"))
    ///     .build()?;
    /// assert!(driver.proxy_config().is_enabled());
    ///
    /// // Or HTTPS_PROXY / NO_PROXY from the environment: `.proxy_from_env()`.
    /// let error = Driver::builder().proxy("socks5://proxy.internal:1080", None).build().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// # Ok::<(), mm_driver::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>, no_proxy: Option<&str>) -> Self {
        self.proxy = Proxy::Url(url.into(), no_proxy.map(str::to_owned));
        self
    }

    /// Use the proxy of `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` / `NO_PROXY`.
    pub fn proxy_from_env(mut self) -> Self {
        self.proxy = Proxy::Env;
        self
    }

    /// Retries after the first attempt (Python's `max_retries`; default 3, 0 disables).
    ///
    /// With [`retry_max_sleep`](Self::retry_max_sleep):
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use mm_driver::Driver;
    /// use mm_driver::http::Method;
    ///
    /// let server = mm_mock::MockServer::start().await?; // an in-process test server
    /// let seed = server.seed();
    /// let (url, token) = (server.url(), seed.user.token.clone());
    /// server.fail_next(Method::GET, "/api/v4/users/me", 503, 2); // two failures, then an answer
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .token(token)
    ///     .max_retries(2) // 3 attempts in all
    ///     .retry_max_sleep(Duration::from_millis(50)) // the longest wait between them
    ///     .build()?;
    /// let me = driver.users().get_user("me").await?;
    /// # Ok(()) }
    /// ```
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The longest single wait before a retry (Python's `retry_max_sleep`; default 30 s). A
    /// server asking to wait longer fails the call at once.
    pub fn retry_max_sleep(mut self, max: Duration) -> Self {
        self.retry.max_sleep = max;
        self
    }

    /// Full retry settings, including the sleeper, clock and jitter (for tests).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::sync::{Arc, Mutex};
    /// use std::time::Duration;
    /// use mm_driver::http::Method;
    /// use mm_driver::transport::retry::Sleeper;
    /// use mm_driver::{BoxFuture, Driver, RetryConfig};
    ///
    /// /// Records the waits instead of sleeping: a test that checks the backoff takes no time.
    /// #[derive(Default)]
    /// struct Recorder(Mutex<Vec<Duration>>);
    ///
    /// impl Sleeper for Recorder {
    ///     fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
    ///         self.0.lock().unwrap_or_else(|e| e.into_inner()).push(duration);
    ///         Box::pin(std::future::ready(()))
    ///     }
    /// }
    ///
    /// let waits = Arc::new(Recorder::default());
    /// let server = mm_mock::MockServer::start().await?; // an in-process test server
    /// let seed = server.seed();
    /// let (url, token) = (server.url(), seed.user.token.clone());
    /// server.fail_next(Method::GET, "/api/v4/users/me", 503, 2);
    /// let driver = Driver::builder()
    ///     .url(&url)
    ///     .token(token)
    ///     .retry_config(RetryConfig { max_retries: 2, sleeper: waits.clone(), ..RetryConfig::default() })
    ///     .build()?;
    /// driver.users().get_user("me").await?;
    /// assert_eq!(waits.0.lock().unwrap_or_else(|e| e.into_inner()).len(), 2);
    /// # Ok(()) }
    /// ```
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Adds a tower layer to the HTTP stack (a concurrency limit, metrics, ...); see
    /// [`mm_transport::TransportBuilder::layer`] for where it sits.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use mm_driver::http::{HeaderValue, Request};
    /// use mm_driver::{Body, Driver};
    /// use tower::util::MapRequestLayer;
    ///
    /// let server = mm_mock::MockServer::start().await?; // an in-process test server
    /// let seed = server.seed();
    /// let (url, token) = (server.url(), seed.user.token.clone());
    /// // A header on every request (and every retry of it).
    /// let correlation = MapRequestLayer::new(|mut request: Request<Body>| {
    ///     request.headers_mut().insert("x-correlation-id", HeaderValue::from_static("job-42"));
    ///     request
    /// });
    /// let driver = Driver::builder().url(&url).token(token).layer(correlation).build()?;
    /// driver.users().get_user("me").await?;
    /// assert_eq!(server.requests()[0].header("x-correlation-id"), Some("job-42")); // what mm-mock received
    /// # Ok(()) }
    /// ```
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService> + Clone + Send + Sync + 'static,
        L::Service:
            Service<Request<Body>, Response = http::Response<Body>> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request<Body>>>::Error: Into<BoxError>,
        <L::Service as Service<Request<Body>>>::Future: Send + 'static,
    {
        self.layers
            .push(Arc::new(move |builder| builder.layer(layer.clone())));
        self
    }

    fn base_url(&self) -> Result<BaseUrl, Error> {
        let from_url = match &self.url {
            Some(url) => Some(BaseUrl::parse(url)?),
            None => None,
        };
        if from_url.is_some()
            && self.scheme.is_none()
            && self.host.is_none()
            && self.port.is_none()
            && self.base_path.is_none()
        {
            return from_url.ok_or_else(|| Error::config("unreachable: no URL"));
        }
        let scheme = self
            .scheme
            .clone()
            .or_else(|| from_url.as_ref().map(|u| u.scheme().to_owned()))
            .unwrap_or_else(|| "https".to_owned());
        let host = self
            .host
            .clone()
            .or_else(|| from_url.as_ref().map(|u| u.host().to_owned()))
            .unwrap_or_else(|| "localhost".to_owned());
        let port = self
            .port
            .or_else(|| from_url.as_ref().and_then(BaseUrl::port))
            .or(if from_url.is_none() { Some(8065) } else { None });
        let base_path = self
            .base_path
            .clone()
            .or_else(|| from_url.as_ref().map(|u| u.base_path().to_owned()))
            .unwrap_or_default();
        BaseUrl::from_parts(&scheme, &host, port, &base_path)
    }

    /// Builds the driver. Fails with [`mm_transport::ErrorKind::InvalidConfig`] on a bad URL,
    /// an unreadable CA bundle or `.netrc`, or a bad proxy URL.
    ///
    /// ```
    /// use mm_driver::{Driver, ErrorKind};
    ///
    /// let error = Driver::builder().url("https://bot:my-password@chat.example.com").build().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// assert!(!error.to_string().contains("my-password")); // never shown
    ///
    /// let error = Driver::builder().ca_file("/nonexistent/ca.pem").build().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// ```
    pub fn build(self) -> Result<Driver, Error> {
        if self.require_url && self.url.is_none() && self.host.is_none() {
            // from_env without MM_URL: say so rather than connecting to localhost.
            return Err(Error::config(
                "MM_URL is not set: set it to the server URL, e.g. https://chat.example.com",
            ));
        }
        let base = self.base_url()?;
        let mut tls =
            TlsConfig::new().danger_accept_invalid_certs(self.danger_accept_invalid_certs);
        tls = match &self.verify {
            Verify::Platform => tls,
            Verify::CaFile(path) => tls.with_ca_file(path)?,
            Verify::CaPem(pem) => tls.with_ca_pem(pem)?,
        };
        let proxy = match &self.proxy {
            Proxy::None => ProxyConfig::none(),
            Proxy::Url(url, no_proxy) => ProxyConfig::url(url, no_proxy.as_deref())?,
            Proxy::Env => {
                let env = self.env.clone();
                ProxyConfig::from_lookup(move |name| env(name))
            }
        };
        let mut token = self.token.clone();
        if token.is_none() && self.login_id.is_none() && self.auth.is_none() {
            let path = match &self.netrc {
                NetrcSource::Off => None,
                NetrcSource::Default => netrc::default_path(&*self.env).filter(|p| p.exists()),
                NetrcSource::File(path) => Some(path.clone()),
            };
            if let Some(path) = path {
                token = Netrc::read(&path)?.token(base.host());
            }
        }
        let websocket = self.websocket_config();
        // A given token is used at once; login() is needed only to learn who we are.
        let session = SessionToken::new();
        session.set(token.as_ref())?;
        let mut transport = Transport::builder(base);
        transport = match &self.auth {
            Some(custom) => transport.auth(custom.clone()),
            None => transport.session_token(session.clone()),
        };
        let mut transport = transport
            .timeout(self.request_timeout)
            .limits(self.limits)
            .retry(self.retry.clone())
            .tls(tls.clone())
            .proxy(proxy.clone())
            .http2(self.http2)
            .pool_idle_timeout(self.pool_idle_timeout);
        for layer in &self.layers {
            transport = layer(transport);
        }
        let transport = transport.build()?;
        Driver::new(crate::driver::Parts {
            transport,
            session,
            custom_auth: self.auth.clone(),
            credentials: crate::driver::Credentials {
                token,
                login_id: self.login_id,
                password: self.password,
                mfa_token: self.mfa_token,
            },
            tls,
            proxy,
            websocket,
        })
    }
}
