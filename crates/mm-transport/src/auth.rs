//! Authentication: a static Bearer token, a token that changes at login and logout, or a
//! provider of your own.
//!
//! The auth layer sits inside the retry layer, so a provider is asked again on every attempt
//! (a token refreshed meanwhile is picked up). Every header it sets is marked sensitive, which
//! keeps it out of hyper's and http's `Debug` output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};

use futures_util::future::Either;
use http::header::AUTHORIZATION;
use http::{HeaderMap, HeaderValue, Method, Request, Response, Uri};
use tower::{Layer, Service};

use crate::body::Body;
use crate::error::Error;
use crate::secret::Secret;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies the authentication headers of a request; may be async.
///
/// Implement it to read a token from a vault or a `.netrc` per request, or to sign requests.
/// When a provider is set, the driver adds no `Authorization` header of its own.
///
/// A provider whose token another task refreshes, asked again on every attempt:
///
/// ```
/// use std::sync::{Arc, RwLock};
/// use mm_transport::auth::bearer_header;
/// use mm_transport::http::{HeaderMap, Method, Uri, header::AUTHORIZATION};
/// use mm_transport::{AuthProvider, BaseUrl, BoxFuture, Error, Secret, Transport};
///
/// struct RotatingToken(RwLock<Secret>);
///
/// impl AuthProvider for RotatingToken {
///     fn headers<'a>(&'a self, _: &'a Method, _: &'a Uri) -> BoxFuture<'a, Result<HeaderMap, Error>> {
///         Box::pin(async move {
///             // An async provider could fetch the token from a vault here.
///             let token = self.0.read().map_err(|_| Error::config("token lock poisoned"))?.clone();
///             let mut headers = HeaderMap::new();
///             headers.insert(AUTHORIZATION, bearer_header(&token)?);
///             Ok(headers)
///         })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let provider = Arc::new(RotatingToken(RwLock::new(Secret::new("my-token"))));
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .auth(provider.clone())
///     .build()?;
///
/// // What the transport adds to a request, asked directly:
/// let headers = provider.headers(&Method::GET, &Uri::from_static("/api/v4/users/me")).await?;
/// assert!(headers[AUTHORIZATION].is_sensitive());
/// # Ok(()) }
/// ```
pub trait AuthProvider: Send + Sync + 'static {
    /// The headers to add to a request with this method and URI.
    fn headers<'a>(
        &'a self,
        method: &'a Method,
        uri: &'a Uri,
    ) -> BoxFuture<'a, Result<HeaderMap, Error>>;
}

/// `Authorization: Bearer <token>` as a header value marked sensitive.
///
/// Fails with [`ErrorKind::InvalidConfig`](crate::ErrorKind::InvalidConfig) when the token
/// holds characters a header cannot carry (a newline pasted with it, say).
///
/// ```
/// use mm_transport::auth::bearer_header;
/// use mm_transport::{ErrorKind, Secret};
///
/// let value = bearer_header(&Secret::new("my-token"))?;
/// assert!(value.is_sensitive()); // hidden from http's `Debug` output
///
/// let error = bearer_header(&Secret::new("my-token\n")).unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::InvalidConfig);
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub fn bearer_header(token: &Secret) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
        Error::config("the token contains characters that cannot be sent in an HTTP header")
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// A fixed Bearer token (a personal access token or a bot token).
///
/// ```
/// use mm_transport::{BaseUrl, BearerToken, Transport};
///
/// let token = BearerToken::new("my-bot-token")?;
/// assert_eq!(format!("{token:?}"), "BearerToken(***)");
///
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .bearer_token(token)
///     .build()?;
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone)]
pub struct BearerToken {
    header: HeaderValue,
}

impl BearerToken {
    /// The token, checked for header-safe characters.
    pub fn new(token: impl Into<Secret>) -> Result<Self, Error> {
        Ok(Self {
            header: bearer_header(&token.into())?,
        })
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(***)")
    }
}

impl AuthProvider for BearerToken {
    fn headers<'a>(&'a self, _: &'a Method, _: &'a Uri) -> BoxFuture<'a, Result<HeaderMap, Error>> {
        let mut headers = HeaderMap::with_capacity(1);
        headers.insert(AUTHORIZATION, self.header.clone());
        Box::pin(std::future::ready(Ok(headers)))
    }
}

/// A Bearer token shared between clones of a client and replaced at login and logout.
///
/// Clones share the token: keep one to log in and out while the transport holds another.
///
/// ```
/// use mm_transport::{BaseUrl, Secret, SessionToken, Transport};
///
/// let session = SessionToken::new();
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .session_token(session.clone())
///     .build()?;
/// assert!(!session.is_set()); // requests go out without `Authorization`
///
/// // After a login: every request of `transport` now carries the token.
/// session.set(Some(&Secret::new("session-token-from-login")))?;
/// assert!(session.is_set());
/// assert_eq!(format!("{session:?}"), "SessionToken(set)");
///
/// // Logout.
/// session.set(None)?;
/// assert!(!session.is_set());
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct SessionToken {
    header: Arc<RwLock<Option<HeaderValue>>>,
}

impl SessionToken {
    /// No token yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets (or with `None`, clears) the token.
    pub fn set(&self, token: Option<&Secret>) -> Result<(), Error> {
        let header = token.map(bearer_header).transpose()?;
        match self.header.write() {
            Ok(mut guard) => *guard = header,
            Err(poisoned) => *poisoned.into_inner() = header,
        }
        Ok(())
    }

    /// Whether a token is set.
    pub fn is_set(&self) -> bool {
        self.current().is_some()
    }

    fn current(&self) -> Option<HeaderValue> {
        match self.header.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.is_set() { "set" } else { "unset" };
        write!(f, "SessionToken({state})")
    }
}

impl AuthProvider for SessionToken {
    fn headers<'a>(&'a self, _: &'a Method, _: &'a Uri) -> BoxFuture<'a, Result<HeaderMap, Error>> {
        let mut headers = HeaderMap::new();
        if let Some(header) = self.current() {
            headers.insert(AUTHORIZATION, header);
        }
        Box::pin(std::future::ready(Ok(headers)))
    }
}

/// Where the credentials of [`AuthLayer`] come from.
#[derive(Clone)]
enum Source {
    /// No credentials.
    None,
    /// A fixed header: no lock, no allocation per request.
    Bearer(BearerToken),
    /// The current session token, if any.
    Session(SessionToken),
    /// Your provider, asked (and awaited) per attempt.
    Provider(Arc<dyn AuthProvider>),
}

/// A layer adding credentials before each attempt.
///
/// [`TransportBuilder`](crate::TransportBuilder) puts it in the stack for you; use it directly
/// to authenticate a tower stack of your own.
///
/// ```
/// use mm_transport::auth::{AuthLayer, BearerToken};
/// use mm_transport::http::{Request, Response, StatusCode, header::AUTHORIZATION};
/// use mm_transport::{Body, Error};
/// use tower::{Layer, ServiceExt, service_fn};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // A stand-in for the HTTP client: 401 unless the request carries credentials.
/// let client = service_fn(|request: Request<Body>| async move {
///     let mut response = Response::new(Body::empty());
///     if !request.headers().contains_key(AUTHORIZATION) {
///         *response.status_mut() = StatusCode::UNAUTHORIZED;
///     }
///     Ok::<_, Error>(response)
/// });
///
/// let authenticated = AuthLayer::bearer(BearerToken::new("my-token")?).layer(client.clone());
/// let response = authenticated.oneshot(Request::new(Body::empty())).await?;
/// assert_eq!(response.status(), StatusCode::OK);
///
/// let anonymous = AuthLayer::none().layer(client);
/// let response = anonymous.oneshot(Request::new(Body::empty())).await?;
/// assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthLayer {
    source: Source,
}

impl AuthLayer {
    /// Authenticate with `provider`, asked on every attempt.
    pub fn new(provider: Arc<dyn AuthProvider>) -> Self {
        Self {
            source: Source::Provider(provider),
        }
    }

    /// No credentials: requests pass through unchanged.
    pub fn none() -> Self {
        Self {
            source: Source::None,
        }
    }

    /// Authenticate with a fixed Bearer token.
    pub fn bearer(token: BearerToken) -> Self {
        Self {
            source: Source::Bearer(token),
        }
    }

    /// Authenticate with the session token, when one is set.
    pub fn session(token: SessionToken) -> Self {
        Self {
            source: Source::Session(token),
        }
    }
}

impl fmt::Debug for AuthLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthLayer")
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth {
            source: self.source.clone(),
            inner,
        }
    }
}

/// The service of [`AuthLayer`] (see its example).
#[derive(Clone)]
pub struct Auth<S> {
    source: Source,
    inner: S,
}

impl<S> fmt::Debug for Auth<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Auth")
    }
}

impl<S> Service<Request<Body>> for Auth<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Error> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = Error;
    type Future = Either<S::Future, BoxFuture<'static, Result<Response<Body>, Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        let provider = match &self.source {
            Source::None => return Either::Left(self.inner.call(request)),
            Source::Bearer(token) => {
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, token.header.clone());
                return Either::Left(self.inner.call(request));
            }
            Source::Session(token) => {
                if let Some(header) = token.current() {
                    request.headers_mut().insert(AUTHORIZATION, header);
                }
                return Either::Left(self.inner.call(request));
            }
            Source::Provider(provider) => provider.clone(),
        };
        // The ready service goes into the future; the clone stays for the next call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Either::Right(Box::pin(async move {
            let headers = provider.headers(request.method(), request.uri()).await?;
            let target = request.headers_mut();
            for (name, mut value) in headers {
                if let Some(name) = name {
                    value.set_sensitive(true);
                    target.insert(name, value);
                }
            }
            inner.call(request).await
        }))
    }
}
