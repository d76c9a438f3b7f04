//! The server's base URL and the layer that makes request paths absolute against it.
//!
//! Requests inside the stack carry only a path and query (`/api/v4/users/me`); this layer
//! prefixes scheme, host, port and the optional base path of subpath deployments
//! (`https://example.com/mattermost`).

use std::fmt;
use std::task::{Context, Poll};

use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Request, Uri};
use tower::{Layer, Service};

use crate::error::Error;

/// Scheme, host, port and base path of a Mattermost server.
///
/// ```
/// use mm_transport::BaseUrl;
///
/// let base = BaseUrl::parse("https://example.com:8443/mattermost/")?;
/// assert_eq!(base.scheme(), "https");
/// assert_eq!(base.host(), "example.com");
/// assert_eq!(base.port(), Some(8443));
/// assert_eq!(base.base_path(), "/mattermost"); // no trailing slash
/// assert!(base.is_https());
/// assert_eq!(base.to_string(), "https://example.com:8443/mattermost");
///
/// // A bare host gets https and its default port.
/// let bare: BaseUrl = "chat.example.com".parse()?;
/// assert_eq!((bare.scheme(), bare.port(), bare.port_or_default()), ("https", None, 443));
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: Scheme,
    authority: Authority,
    /// Without a trailing slash; empty for a root deployment. Shared: the stack clones it per request.
    base_path: std::sync::Arc<str>,
}

impl BaseUrl {
    /// Parses `https://host[:port][/base/path]` (with the `url` crate, WHATWG rules). A URL
    /// without a scheme gets `https`.
    ///
    /// Query strings, fragments and user info are refused: they have no meaning for a base URL,
    /// and credentials belong in the auth settings, not in a URL that ends up in logs. The
    /// error never shows user info (not even a malformed one: `https://alice:pa/ss@host`).
    ///
    /// ```
    /// use mm_transport::{BaseUrl, ErrorKind};
    ///
    /// let base = BaseUrl::parse("http://127.0.0.1:8065")?;
    /// assert_eq!(base.as_string(), "http://127.0.0.1:8065");
    ///
    /// let error = BaseUrl::parse("https://bot:my-password@chat.example.com").unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    /// assert!(!error.to_string().contains("my-password"));
    /// assert!(BaseUrl::parse("ftp://chat.example.com").is_err());
    /// assert!(BaseUrl::parse("https://chat.example.com/?team=x").is_err());
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        let trimmed = url.trim();
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let shown = hide_user_info(trimmed);
        let invalid = |why: &str| {
            Error::config(format!(
                "invalid server URL {shown:?}: {why}; expected something like https://mattermost.example.com or https://example.com/mattermost"
            ))
        };
        if trimmed.contains('@') {
            return Err(invalid(
                "it has user info; put credentials in the auth settings (.token(), .login_id())",
            ));
        }
        let parsed = url::Url::parse(&with_scheme)
            .map_err(|e| invalid(&format!("it does not parse ({e})")))?;
        if parsed.scheme() != "http" && parsed.scheme() != "https" {
            return Err(invalid("the scheme must be http or https"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid(
                "it has user info; put credentials in the auth settings (.token(), .login_id())",
            ));
        }
        if parsed.fragment().is_some() {
            return Err(invalid("it has a fragment"));
        }
        if parsed.query().is_some() {
            return Err(invalid("it has a query string"));
        }
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| invalid("it has no host"))?;
        let authority = match parsed.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let authority: Authority = authority
            .parse()
            .map_err(|_| invalid("its host is not valid"))?;
        let scheme = if parsed.scheme() == "https" {
            Scheme::HTTPS
        } else {
            Scheme::HTTP
        };
        Ok(Self {
            scheme,
            authority,
            base_path: normalize_base_path(parsed.path()).into(),
        })
    }

    /// Builds a base URL from its parts (the Python driver's `scheme`, `url`, `port`, `basepath`).
    ///
    /// ```
    /// use mm_transport::BaseUrl;
    ///
    /// let base = BaseUrl::from_parts("https", "example.com", Some(8443), "mattermost")?;
    /// assert_eq!(base.as_string(), "https://example.com:8443/mattermost");
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn from_parts(
        scheme: &str,
        host: &str,
        port: Option<u16>,
        base_path: &str,
    ) -> Result<Self, Error> {
        let authority = match port {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        let path = normalize_base_path(base_path);
        Self::parse(&format!("{scheme}://{authority}{path}"))
    }

    /// The scheme and authority: the one server the transport talks to.
    pub(crate) fn origin(&self) -> (&Scheme, &Authority) {
        (&self.scheme, &self.authority)
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        self.scheme.as_str()
    }

    /// The host name or address.
    pub fn host(&self) -> &str {
        self.authority.host()
    }

    /// The explicit port, if any.
    pub fn port(&self) -> Option<u16> {
        self.authority.port_u16()
    }

    /// The port, explicit or the scheme's default.
    pub fn port_or_default(&self) -> u16 {
        self.port().unwrap_or(if self.scheme == Scheme::HTTPS {
            443
        } else {
            80
        })
    }

    /// The base path without a trailing slash (`/mattermost`), or empty.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Whether TLS is used.
    pub fn is_https(&self) -> bool {
        self.scheme == Scheme::HTTPS
    }

    /// The absolute URI for `path_and_query` (which starts with `/`), below the base path.
    ///
    /// ```
    /// use mm_transport::BaseUrl;
    ///
    /// let base = BaseUrl::parse("https://example.com/mattermost")?;
    /// let uri = base.join("/api/v4/users/me?page=0")?;
    /// assert_eq!(uri.to_string(), "https://example.com/mattermost/api/v4/users/me?page=0");
    ///
    /// // Path segments must be escaped first (see `request::encode_path_segment`).
    /// assert!(base.join("/api/v4/users/a b").is_err());
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn join(&self, path_and_query: &str) -> Result<Uri, Error> {
        let joined = if self.base_path.is_empty() {
            path_and_query.to_owned()
        } else {
            format!("{}{}", self.base_path, path_and_query)
        };
        let path_and_query: PathAndQuery = joined.parse().map_err(|_| {
            Error::invalid_request(format!(
                "the request path {path_and_query:?} is not a valid URL path; escape its segments"
            ))
        })?;
        Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| Error::invalid_request(format!("could not build the request URL ({e})")))
    }

    /// The URL as a string, without a trailing slash.
    pub fn as_string(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.base_path)
    }
}

/// `https://user:pass@host/x?token=1` → `https://***@host/x`, so that a URL in an error shows
/// no password and no query (which can hold an access token).
/// The URL for messages: without query or fragment, and with everything between the scheme
/// and the last `@` hidden (user info, even one holding a `/`).
pub(crate) fn hide_user_info(url: &str) -> String {
    // The `@` first: a password may hold `?` or `#`, which must not end the search early.
    let start = url.find("://").map_or(0, |i| i + 3);
    let hidden = match url[start..].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]),
        None => url.to_owned(),
    };
    hidden
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({self})")
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

/// A layer that resolves relative request URIs against a [`BaseUrl`].
///
/// Requests to another server than the base URL's are refused, so that credentials added
/// further in never leave for it. [`TransportBuilder`](crate::TransportBuilder) puts it in the
/// stack for you.
///
/// ```
/// use mm_transport::base_url::BaseUrlLayer;
/// use mm_transport::http::{Request, Response, Uri};
/// use mm_transport::{BaseUrl, Body, Error, ErrorKind};
/// use tower::{Layer, ServiceExt, service_fn};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // A stand-in for the HTTP client that answers with the URI it was given.
/// let client = service_fn(|request: Request<Body>| async move {
///     Ok::<_, Error>(Response::new(request.uri().to_string()))
/// });
/// let layer = BaseUrlLayer::new(BaseUrl::parse("https://example.com/mattermost")?);
///
/// let request = Request::get("/api/v4/users/me").body(Body::empty())?;
/// let response = layer.layer(client.clone()).oneshot(request).await?;
/// assert_eq!(response.body(), "https://example.com/mattermost/api/v4/users/me");
///
/// let elsewhere = Request::get(Uri::from_static("https://evil.example/")).body(Body::empty())?;
/// let error = layer.layer(client).oneshot(elsewhere).await.unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::InvalidRequest);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct BaseUrlLayer {
    base: BaseUrl,
}

impl BaseUrlLayer {
    /// Requests below `base`.
    pub fn new(base: BaseUrl) -> Self {
        Self { base }
    }
}

impl<S> Layer<S> for BaseUrlLayer {
    type Service = BaseUrlService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        BaseUrlService {
            base: self.base.clone(),
            inner,
        }
    }
}

/// The service of [`BaseUrlLayer`] (see its example).
#[derive(Debug, Clone)]
pub struct BaseUrlService<S> {
    base: BaseUrl,
    inner: S,
}

impl<S, B> Service<Request<B>> for BaseUrlService<S>
where
    S: Service<Request<B>, Error = Error>,
    S::Future: Send + 'static,
    S::Response: 'static,
{
    type Response = S::Response;
    type Error = Error;
    type Future = futures_util::future::Either<
        S::Future,
        futures_util::future::Ready<Result<S::Response, Error>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        use futures_util::future::{Either, ready};
        match self.base.resolve(&mut request) {
            Ok(()) => Either::Left(self.inner.call(request)),
            Err(error) => Either::Right(ready(Err(error))),
        }
    }
}

impl BaseUrl {
    /// Makes the request's URI absolute below this base: a path is joined to the base path;
    /// an absolute URI must point to this server (it would carry the credentials elsewhere).
    pub(crate) fn resolve<B>(&self, request: &mut Request<B>) -> Result<(), Error> {
        if request.uri().scheme().is_some() {
            if request.uri().scheme() != Some(&self.scheme)
                || request.uri().authority() != Some(&self.authority)
            {
                return Err(Error::invalid_request(
                    "the request URL points to another server than the driver's; use a path such as /api/v4/...",
                ));
            }
            return Ok(());
        }
        if self.base_path.is_empty() {
            // Root deployment: reuse the parsed path and query as they are.
            let mut parts = std::mem::take(request.uri_mut()).into_parts();
            parts.scheme = Some(self.scheme.clone());
            parts.authority = Some(self.authority.clone());
            if parts.path_and_query.is_none() {
                parts.path_and_query = Some(PathAndQuery::from_static("/"));
            }
            *request.uri_mut() = Uri::from_parts(parts).map_err(|e| {
                Error::invalid_request(format!("could not build the request URL ({e})"))
            })?;
        } else {
            let relative = request
                .uri()
                .path_and_query()
                .map_or("/", PathAndQuery::as_str)
                .to_owned();
            *request.uri_mut() = self.join(&relative)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_urls_and_base_paths() {
        let base = BaseUrl::parse("https://example.com/mattermost/").unwrap();
        assert_eq!(base.base_path(), "/mattermost");
        assert_eq!(
            base.join("/api/v4/users/me?x=1").unwrap().to_string(),
            "https://example.com/mattermost/api/v4/users/me?x=1"
        );
        let bare = BaseUrl::parse("chat.example.com:8065").unwrap();
        assert_eq!(bare.scheme(), "https");
        assert_eq!(bare.port(), Some(8065));
        assert_eq!(bare.as_string(), "https://chat.example.com:8065");
    }

    #[test]
    fn from_parts_matches_the_python_options() {
        let base = BaseUrl::from_parts("http", "localhost", Some(8065), "mm").unwrap();
        assert_eq!(base.as_string(), "http://localhost:8065/mm");
    }

    #[test]
    fn refuses_bad_urls_with_a_clear_message() {
        for bad in [
            "ftp://x",
            "https://",
            "https://u:p@host",
            "https://h/?q=1",
            "https://h/#f",
            "http://a b",
        ] {
            let error = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidConfig, "{bad}");
            assert!(error.to_string().contains("invalid server URL"), "{error}");
            assert!(!error.to_string().contains("u:p"), "{error}");
        }
    }
}
