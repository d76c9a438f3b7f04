//! HTTP(S) proxy support: a connector that tunnels through a proxy with `CONNECT` when the
//! proxy rules say so, and connects directly otherwise.
//!
//! Every proxied connection is a `CONNECT` tunnel, for `http://` and `https://` servers alike,
//! so TLS stays end to end and the websocket client can use the same connector.

use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower::Service;

use crate::auth::BoxFuture;
use crate::error::{BoxError, Error};

/// Which proxy, if any, to use for which destination.
///
/// ```
/// use mm_transport::{BaseUrl, ProxyConfig, Transport};
///
/// let proxy = ProxyConfig::url("http://bot:my-password@proxy.internal:3128", Some("localhost,.corp"))?;
/// assert!(proxy.is_enabled());
/// // `Debug` hides the credentials.
/// assert_eq!(format!("{proxy:?}"), "ProxyConfig(http://***@proxy.internal:3128)");
///
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .proxy(proxy)
///     .build()?;
///
/// assert!(!ProxyConfig::none().is_enabled());
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ProxyConfig {
    matcher: Option<Arc<Matcher>>,
    described: String,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.matcher {
            None => f.write_str("ProxyConfig(none)"),
            Some(_) => write!(f, "ProxyConfig({})", self.described),
        }
    }
}

impl ProxyConfig {
    /// No proxy.
    pub fn none() -> Self {
        Self::default()
    }

    /// Send every request through the proxy at `url` (`http://[user:pass@]host:port`),
    /// except to the hosts of `no_proxy` (comma-separated, as in `NO_PROXY`).
    ///
    /// Only plain-HTTP proxies are supported (the connection to the server is still TLS
    /// end to end, through a `CONNECT` tunnel).
    ///
    /// ```
    /// use mm_transport::{ErrorKind, ProxyConfig};
    ///
    /// assert!(ProxyConfig::url("http://proxy.internal:3128", None).is_ok());
    ///
    /// let error = ProxyConfig::url("https://proxy.internal:3128", None).unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// // A `/` in a password must be escaped (`%2F`); the error never shows the password.
    /// let error = ProxyConfig::url("http://bot:pa/ss@proxy.internal:3128", None).unwrap_err();
    /// assert!(!error.to_string().contains("pa/ss"));
    /// ```
    pub fn url(url: &str, no_proxy: Option<&str>) -> Result<Self, Error> {
        let shown = describe(url);
        // The `url` crate: `http://user:pa/ss@proxy` is an error here (a `/` in a password must
        // be escaped), not a proxy at `user` with the password in its path.
        let parsed = url::Url::parse(url).map_err(|e| {
            Error::config(format!(
                "the proxy URL {shown} does not parse ({e}); escape special characters of the password (`/` as %2F)"
            ))
        })?;
        if parsed.scheme() != "http" || parsed.host_str().is_none_or(str::is_empty) {
            // Only plain-HTTP proxies: the CONNECT request (with its credentials) would
            // otherwise go unencrypted to a proxy the user expects TLS with.
            return Err(Error::config(format!(
                "the proxy URL {shown} must look like http://host:port (https:// proxies are not supported)"
            )));
        }
        // The matcher parses its URL again, with `http::Uri`, and would quietly keep no proxy
        // if that failed: give it the normalized form, and refuse what it cannot read.
        let normalized = parsed.as_str().to_owned();
        if normalized.parse::<http::Uri>().is_err() {
            return Err(Error::config(format!(
                "the proxy URL {shown} cannot be used; escape special characters of the password"
            )));
        }
        let matcher = Matcher::builder()
            .all(normalized)
            .no(no_proxy.unwrap_or_default().to_owned())
            .build();
        Ok(Self {
            matcher: Some(Arc::new(matcher)),
            described: shown,
        })
    }

    /// The proxy settings of the environment: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY` (or their lowercase forms).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`ProxyConfig::from_env`], reading variables through `lookup` (for tests).
    ///
    /// ```
    /// use mm_transport::ProxyConfig;
    ///
    /// let proxy = ProxyConfig::from_lookup(|name| match name {
    ///     "https_proxy" => Some("http://proxy.internal:3128".to_owned()),
    ///     "NO_PROXY" => Some("localhost,127.0.0.1".to_owned()),
    ///     _ => None,
    /// });
    /// assert!(proxy.is_enabled());
    /// assert!(!ProxyConfig::from_lookup(|_| None).is_enabled());
    /// ```
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |upper: &str| {
            lookup(upper)
                .or_else(|| lookup(&upper.to_ascii_lowercase()))
                .filter(|value| !value.trim().is_empty())
        };
        let (all, http, https, no) = (
            get("ALL_PROXY"),
            get("HTTP_PROXY"),
            get("HTTPS_PROXY"),
            get("NO_PROXY"),
        );
        if all.is_none() && http.is_none() && https.is_none() {
            return Self::none();
        }
        let described = [&all, &http, &https]
            .iter()
            .filter_map(|v| v.as_deref())
            .map(describe)
            .collect::<Vec<_>>()
            .join(", ");
        let matcher = Matcher::builder()
            .all(all.unwrap_or_default())
            .http(http.unwrap_or_default())
            .https(https.unwrap_or_default())
            .no(no.unwrap_or_default())
            .build();
        Self {
            matcher: Some(Arc::new(matcher)),
            described: format!("from environment: {described}"),
        }
    }

    /// Whether any proxy is configured.
    pub fn is_enabled(&self) -> bool {
        self.matcher.is_some()
    }
}

/// A proxy URL with its credentials hidden, with or without a scheme
/// (`user:pass@proxy:3128` is accepted from the environment too).
fn describe(url: &str) -> String {
    crate::base_url::hide_user_info(url)
}

/// A TCP connector that goes through the configured proxy when its rules match.
///
/// The transport and the websocket client make their own; build one to connect a hyper
/// client of your own the same way.
///
/// ```
/// use hyper_util::client::legacy::connect::HttpConnector;
/// use mm_transport::ProxyConfig;
/// use mm_transport::proxy::ProxyConnector;
///
/// let proxy = ProxyConfig::url("http://proxy.internal:3128", Some("localhost"))?;
/// let connector = ProxyConnector::with_defaults(proxy.clone());
///
/// // Or with connector settings of your own.
/// let mut http = HttpConnector::new();
/// http.set_keepalive(Some(std::time::Duration::from_secs(60)));
/// let connector = ProxyConnector::new(http, proxy);
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone)]
pub struct ProxyConnector {
    http: HttpConnector,
    proxy: ProxyConfig,
}

impl fmt::Debug for ProxyConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConnector")
            .field("proxy", &self.proxy)
            .finish()
    }
}

impl ProxyConnector {
    /// Connect with `http` (which must allow non-`http` schemes) through `proxy`.
    pub fn new(mut http: HttpConnector, proxy: ProxyConfig) -> Self {
        http.enforce_http(false);
        Self { http, proxy }
    }

    /// A connector with Nagle's algorithm off.
    pub fn with_defaults(proxy: ProxyConfig) -> Self {
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        Self::new(http, proxy)
    }
}

impl Service<Uri> for ProxyConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<TokioIo<TcpStream>, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let intercept = self
            .proxy
            .matcher
            .as_ref()
            .and_then(|matcher| matcher.intercept(&destination));
        let mut http = self.http.clone();
        match intercept {
            None => Box::pin(async move { http.call(destination).await.map_err(Into::into) }),
            Some(intercept) => {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), http);
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                // `Tunnel` defaults the port to 443; make plain-http destinations explicit.
                let destination = with_explicit_port(destination);
                Box::pin(async move {
                    tunnel.call(destination).await.map_err(|e| {
                        Box::new(Error::new(
                            crate::ErrorKind::Connect,
                            format!("the proxy tunnel failed ({e})"),
                        )) as BoxError
                    })
                })
            }
        }
    }
}

fn with_explicit_port(uri: Uri) -> Uri {
    if uri.port().is_some() || uri.scheme_str() != Some("http") {
        return uri;
    }
    let Some(host) = uri.host() else { return uri };
    format!("http://{host}:80/").parse().unwrap_or(uri)
}
