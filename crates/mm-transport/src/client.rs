//! The transport: a cheap-to-clone, type-erased tower stack over hyper, and its builder.
//!
//! Steps, outermost first:
//!
//! 1. the base URL ([`BaseUrl`], as [`crate::base_url::BaseUrlLayer`] does): relative paths
//!    become absolute URLs below the base path;
//! 2. retry ([`RetryPolicy`]): sees each attempt's outcome and replays buffered requests;
//! 3. default headers ([`DefaultHeadersLayer`]): `User-Agent`, `X-Requested-With`, `Accept`;
//! 4. your layers, in the order added (they see every attempt, without the auth header);
//! 5. [`AuthLayer`]: asks the auth provider on every attempt;
//! 6. [`TraceLayer`]: a span per attempt;
//! 7. [`TimeoutLayer`]: per attempt;
//! 8. hyper on a pooled connection (rustls, HTTP/1.1, HTTP/2 by ALPN when enabled, proxy
//!    tunnel); the pool is in `pool.rs`.
//!
//! Steps 1 to 3 run in the transport's call loop; steps 4 to 8 are one tower service per
//! attempt.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response as HttpResponse};
use tower::util::BoxCloneSyncService;
use tower::{Layer, Service, ServiceBuilder, ServiceExt};

use crate::auth::{AuthLayer, AuthProvider, BearerToken, SessionToken};
use crate::base_url::BaseUrl;
use crate::body::Body;
use crate::default_headers::DefaultHeadersLayer;
use crate::error::{BoxError, Error, ErrorKind};
use crate::limits::{Collect, IdleBody, Limits, Permits};
use crate::pool::Pool;
use crate::proxy::{ProxyConfig, ProxyConnector};
use crate::response::Response;
use crate::retry::{RateLimited, RetryConfig, RetryPolicy};
use crate::timeout::{DEFAULT_TIMEOUT, TimeoutLayer};
use crate::tls::TlsConfig;
use crate::trace::TraceLayer;

/// The type-erased HTTP service every layer wraps.
pub type HttpService = BoxCloneSyncService<Request<Body>, HttpResponse<Body>, Error>;

type LayerFn = Arc<dyn Fn(HttpService) -> HttpService + Send + Sync>;

/// One attempt: auth, tracing, timeout, hyper.
type Attempt = crate::auth::Auth<crate::trace::Trace<crate::timeout::Timeout<HyperService>>>;

/// One attempt as a concrete type when you added no layers (cloning it per call costs
/// reference counts, not allocations); boxed with your layers.
type AttemptService = tower::util::Either<Attempt, HttpService>;

/// The innermost service: a request on a pooled connection. Unless the request asks for a
/// stream, it reads the whole body within the attempt (bounded by [`Limits`]), so the timeout
/// covers it and a body cut off mid-way is a connection error the retry policy sees. Each
/// request holds a connection permit until its body is read.
#[derive(Clone)]
struct HyperService {
    pool: Arc<Pool>,
    limits: Limits,
    permits: Permits,
}

impl Service<Request<Body>> for HyperService {
    type Response = HttpResponse<Body>;
    type Error = Error;
    // One box for the whole attempt: the permit, the request on its connection, the body read.
    type Future = crate::auth::BoxFuture<'static, Result<HttpResponse<Body>, Error>>;

    fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        Box::pin(self.clone().attempt(request))
    }
}

impl HyperService {
    async fn attempt(self, request: Request<Body>) -> Result<HttpResponse<Body>, Error> {
        let buffer = request.extensions().get::<StreamResponse>().is_none();
        let permit = self.permits.acquire().await;
        let (response, lease) = self.pool.send(request).await?;
        let (parts, body) = response.into_parts();
        if !buffer {
            let returns = lease.map(|lease| (self.pool.clone(), lease));
            let body = IdleBody::new(body, self.limits.stream_idle_timeout, permit, returns);
            return Ok(HttpResponse::from_parts(parts, Body::watched(body)));
        }
        // A success body is read whole or refused; of an error body, only what its message
        // needs.
        let success = parts.status.is_success();
        let limit = if success {
            self.limits.max_response_size
        } else {
            self.limits.max_error_body
        };
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if success && declared.is_some_and(|length| length > limit as u64) {
            return Err(crate::limits::too_large(limit));
        }
        let mut collect = Collect::new(limit, !success);
        let mut body = std::pin::pin!(body);
        let collected = std::future::poll_fn(|cx| collect.poll(body.as_mut(), cx)).await?;
        // Only a connection whose response was read to its end can carry another request.
        match lease.filter(|_| collect.reached_end()) {
            Some(lease) => self.pool.give_back(lease, permit),
            None => drop(permit),
        }
        Ok(HttpResponse::from_parts(parts, Body::buffered(collected)))
    }
}

/// A configured HTTP stack; clones share the connection pool (a clone is one reference
/// count).
#[derive(Clone)]
pub struct Transport {
    shared: Arc<Shared>,
}

/// What every clone of a transport shares.
struct Shared {
    base: BaseUrl,
    default_headers: Arc<http::HeaderMap>,
    policy: RetryPolicy,
    attempt: AttemptService,
    timeout: Option<Duration>,
    limits: Limits,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base", &self.shared.base)
            .field("timeout", &self.shared.timeout)
            .field("limits", &self.shared.limits)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A builder for a transport to `base`.
    pub fn builder(base: BaseUrl) -> TransportBuilder {
        TransportBuilder::new(base)
    }

    /// The server's base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.shared.base
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Option<Duration> {
        self.shared.timeout
    }

    /// The limits (body sizes, call deadline, connections).
    pub fn limits(&self) -> &Limits {
        &self.shared.limits
    }

    /// Runs one call: the base URL, then attempts (default headers, your layers, auth, trace,
    /// timeout, hyper) for as long as the retry policy asks. The call deadline needs no timer
    /// of its own: the per-attempt timeout is capped at it, and the policy gives up when a
    /// retry would end after it.
    ///
    /// The retry loop is written out here rather than taken from `tower::retry`, which clones
    /// the whole stack into every call's future.
    async fn call(&self, mut request: Request<Body>) -> Result<HttpResponse<Body>, Error> {
        // Timers and connections need tokio: an error here rather than tokio's panic deeper in.
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::config(
                "mm's calls must run inside a tokio runtime; elsewhere, use the blocking calls \
                 (`send_blocking`, `call_blocking`)",
            ));
        }
        let shared = &*self.shared;
        shared.base.resolve(&mut request)?;
        let mut policy = shared.policy.clone();
        let mut attempt = shared.attempt.clone();
        loop {
            // The copy for a replay is taken before the default headers: it stays smaller.
            let replay = tower::retry::Policy::clone_request(&mut policy, &request);
            crate::default_headers::apply(&shared.default_headers, request.headers_mut());
            let mut result = match attempt.ready().await {
                Ok(service) => service.call(request).await,
                Err(error) => Err(error),
            };
            let Some(mut next) = replay else {
                return result;
            };
            match tower::retry::Policy::retry(&mut policy, &mut next, &mut result) {
                Some(wait) => {
                    wait.await;
                    request = next;
                }
                None => return result,
            }
        }
    }

    /// The tower service, to call directly or to wrap further.
    pub fn service(&self) -> HttpService {
        BoxCloneSyncService::new(TransportService(self.clone()))
    }

    /// Sends `request` (its URI a path relative to the base URL) and returns the response with
    /// a streaming body, whatever its status.
    ///
    /// The call deadline covers the wait for the headers; then each chunk must come within
    /// [`Limits::stream_idle_timeout`]. The body is not size-limited: you read it.
    pub async fn send_streaming(
        &self,
        mut request: Request<Body>,
    ) -> Result<HttpResponse<Body>, Error> {
        request.extensions_mut().insert(StreamResponse);
        let method = request.method().clone();
        let uri = request.uri().clone();
        self.call(request)
            .await
            .map_err(|error| error.in_request(&method, uri.path()))
    }

    /// Sends `request` and reads the body, whatever the status: a success body whole (up to
    /// [`Limits::max_response_size`]), an error body up to [`Limits::max_error_body`]. The
    /// timeout also bounds the time spent reading the body.
    ///
    /// This is the one non-generic send path: only decoding the body is generic.
    pub async fn send(&self, request: Request<Body>) -> Result<Response, Error> {
        self.clone().execute(request, None).await
    }

    /// [`send`](Self::send) as one boxed future that owns everything it needs: the path of
    /// every typed call (a single future level, so no large future is moved from one to the
    /// next). `min_server_version` is the operation's, for its 404/501 message.
    pub(crate) fn execute(
        self,
        request: Request<Body>,
        min_server_version: Option<&'static str>,
    ) -> ResponseFuture {
        Box::pin(async move {
            let method = request.method().clone();
            let uri = request.uri().clone();
            let response = self
                .call(request)
                .await
                .map_err(|error| error.in_request(&method, uri.path()))?;
            let (mut parts, body) = response.into_parts();
            let rate_limited = parts.extensions.remove::<RateLimited>();
            // Already in memory: the attempt read it.
            let bytes = body.collect_bytes().await?;
            let response = Response::new(parts.status, parts.headers, bytes)
                .with_rate_limited(rate_limited)
                .with_request(method, uri);
            Ok(match min_server_version {
                Some(version) => response.with_min_server_version(version),
                None => response,
            })
        })
    }
}

/// The future of a buffered call: the response whatever its status.
pub type ResponseFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, Error>> + Send>>;

/// A transport as a tower service (what [`Transport::service`] boxes).
#[derive(Clone)]
struct TransportService(Transport);

impl Service<Request<Body>> for TransportService {
    type Response = HttpResponse<Body>;
    type Error = Error;
    type Future = crate::auth::BoxFuture<'static, Result<HttpResponse<Body>, Error>>;

    fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let transport = self.0.clone();
        Box::pin(async move { transport.call(request).await })
    }
}

/// How long a pooled connection may sit idle and still be reused by default: 50 s, below
/// Mattermost's own idle timeout (`ServiceSettings.IdleTimeout`, 60 s by default) and nginx's
/// `keepalive_timeout` (75 s).
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(50);

/// Asks the innermost service to hand the body over as a stream (set by
/// [`Transport::send_streaming`]). Without it the body is read within the attempt; the
/// common, buffered case thus carries no extension (no allocation).
#[derive(Debug, Clone, Copy)]
struct StreamResponse;

/// Builds a [`Transport`].
#[must_use]
pub struct TransportBuilder {
    base: BaseUrl,
    auth: Option<AuthLayer>,
    timeout: Option<Duration>,
    retry: RetryConfig,
    tls: TlsConfig,
    proxy: ProxyConfig,
    http2: bool,
    default_headers: DefaultHeadersLayer,
    pool_idle_timeout: Duration,
    limits: Limits,
    layers: Vec<LayerFn>,
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("base", &self.base)
            .field("auth", &self.auth.as_ref().map(|_| "***"))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("tls", &self.tls)
            .field("proxy", &self.proxy)
            .field("http2", &self.http2)
            .field("limits", &self.limits)
            .field("layers", &self.layers.len())
            .finish()
    }
}

impl TransportBuilder {
    /// Defaults: no auth, 30 s timeout, 3 retries with at most 30 s per wait, platform roots,
    /// no proxy, HTTP/1.1 only.
    pub fn new(base: BaseUrl) -> Self {
        Self {
            base,
            auth: None,
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryConfig::default(),
            tls: TlsConfig::default(),
            proxy: ProxyConfig::none(),
            http2: false,
            default_headers: DefaultHeadersLayer::mattermost(),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            limits: Limits::default(),
            layers: Vec::new(),
        }
    }

    /// Body sizes, the call deadline, the streaming idle timeout and the connection cap (see
    /// [`Limits`] for the defaults).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Authenticate every attempt with `provider` (which may be async).
    pub fn auth(mut self, provider: Arc<dyn AuthProvider>) -> Self {
        self.auth = Some(AuthLayer::new(provider));
        self
    }

    /// Authenticate with a fixed Bearer token.
    pub fn bearer_token(mut self, token: BearerToken) -> Self {
        self.auth = Some(AuthLayer::bearer(token));
        self
    }

    /// Authenticate with a session token that login and logout replace.
    pub fn session_token(mut self, token: SessionToken) -> Self {
        self.auth = Some(AuthLayer::session(token));
        self
    }

    /// The per-attempt timeout; `None` waits forever (ask for it explicitly).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// TLS settings.
    pub fn tls(mut self, tls: TlsConfig) -> Self {
        self.tls = tls;
        self
    }

    /// Proxy settings.
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = proxy;
        self
    }

    /// Offer HTTP/2 by ALPN (needs the `http2` feature).
    pub fn http2(mut self, enabled: bool) -> Self {
        self.http2 = enabled;
        self
    }

    /// Replace the default headers.
    pub fn default_headers(mut self, headers: DefaultHeadersLayer) -> Self {
        self.default_headers = headers;
        self
    }

    /// How long a connection may sit idle in the pool and still be reused
    /// ([`DEFAULT_POOL_IDLE_TIMEOUT`] by default): an older one is closed when connections are
    /// taken or returned. Zero keeps none, so every request opens a connection. Keep it below
    /// the server's (or its proxy's) keep-alive timeout, so that the client retires a
    /// connection before the server closes it under a request.
    pub fn pool_idle_timeout(mut self, idle: Duration) -> Self {
        self.pool_idle_timeout = idle;
        self
    }

    /// Adds a tower layer of your own (a concurrency limit, metrics, ...). Layers added first are
    /// outermost. They sit inside the retry layer, so they see every attempt, and outside the auth
    /// layer, so they never see the credentials. Errors of type [`Error`] pass through; any other
    /// error becomes an [`ErrorKind::Layer`] error naming the layer's message (never retried).
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService> + Send + Sync + 'static,
        L::Service:
            Service<Request<Body>, Response = HttpResponse<Body>> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request<Body>>>::Error: Into<BoxError>,
        <L::Service as Service<Request<Body>>>::Future: Send + 'static,
    {
        self.layers.push(Arc::new(move |service| {
            BoxCloneSyncService::new(layer.layer(service).map_err(|e| layer_error(e.into())))
        }));
        self
    }

    /// Builds the stack. Fails on unusable TLS settings or HTTP/2 without the `http2` feature.
    pub fn build(self) -> Result<Transport, Error> {
        let tls = self.tls.client_config(&[])?;
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http();
        let connector = ProxyConnector::with_defaults(self.proxy.clone());
        let connector = if self.http2 {
            #[cfg(feature = "http2")]
            {
                https.enable_all_versions().wrap_connector(connector)
            }
            #[cfg(not(feature = "http2"))]
            {
                return Err(Error::config(
                    "HTTP/2 was asked for, but mm-transport was built without its `http2` feature",
                ));
            }
        } else {
            https.enable_http1().wrap_connector(connector)
        };
        let pool = Pool::new(
            connector,
            self.base.origin().0.clone(),
            self.base.origin().1.clone(),
            self.pool_idle_timeout,
            self.limits.max_connections,
        )?;
        let hyper_service = HyperService {
            pool: Arc::new(pool),
            limits: self.limits,
            permits: Permits::new(self.limits.max_connections),
        };
        let attempt = ServiceBuilder::new()
            .layer(self.auth.unwrap_or_else(AuthLayer::none))
            .layer(TraceLayer)
            .layer(TimeoutLayer::new(self.timeout).with_call_deadline(self.limits.call_timeout))
            .service(hyper_service);
        // Without layers of your own the attempt stays a concrete type: cloning it per call and
        // calling it allocate nothing.
        let service = if self.layers.is_empty() {
            tower::util::Either::Left(attempt)
        } else {
            let mut service = BoxCloneSyncService::new(attempt);
            for layer in self.layers.iter().rev() {
                service = layer(service);
            }
            tower::util::Either::Right(service)
        };
        Ok(Transport {
            shared: Arc::new(Shared {
                policy: RetryPolicy::new(self.retry).with_deadline(self.limits.call_timeout),
                default_headers: self.default_headers.headers().clone(),
                attempt: service,
                base: self.base,
                timeout: self.timeout,
                limits: self.limits,
            }),
        })
    }
}

fn layer_error(error: BoxError) -> Error {
    match error.downcast::<Error>() {
        Ok(error) => *error,
        Err(other) => Error::new(
            ErrorKind::Layer,
            format!("a custom tower layer failed the request ({other})"),
        )
        .with_source(other),
    }
}
