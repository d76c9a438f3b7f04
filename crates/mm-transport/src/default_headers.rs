//! Headers every request carries unless it sets them itself.

use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{ACCEPT, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Request};
use tower::{Layer, Service};

/// `User-Agent: mm/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("mm/", env!("CARGO_PKG_VERSION"));

/// `X-Requested-With`: makes the server treat the call as an API call (401, not a redirect).
pub const X_REQUESTED_WITH: HeaderName = HeaderName::from_static("x-requested-with");

/// A layer adding default headers (`User-Agent`, `X-Requested-With`, `Accept`) to requests
/// that do not set them.
#[derive(Debug, Clone)]
pub struct DefaultHeadersLayer {
    headers: Arc<HeaderMap>,
}

impl DefaultHeadersLayer {
    /// The Mattermost defaults: `User-Agent: mm/<version>`, `X-Requested-With: XMLHttpRequest`,
    /// `Accept: application/json`.
    pub fn mattermost() -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
        headers.insert(X_REQUESTED_WITH, HeaderValue::from_static("XMLHttpRequest"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Self {
            headers: Arc::new(headers),
        }
    }

    /// Adds (or replaces) a default header.
    pub fn with(mut self, name: HeaderName, value: HeaderValue) -> Self {
        Arc::make_mut(&mut self.headers).insert(name, value);
        self
    }

    /// These headers exactly.
    pub fn from_headers(headers: HeaderMap) -> Self {
        Self {
            headers: Arc::new(headers),
        }
    }
}

impl DefaultHeadersLayer {
    /// The headers this layer adds.
    pub(crate) fn headers(&self) -> &Arc<HeaderMap> {
        &self.headers
    }
}

impl Default for DefaultHeadersLayer {
    fn default() -> Self {
        Self::mattermost()
    }
}

impl<S> Layer<S> for DefaultHeadersLayer {
    type Service = DefaultHeaders<S>;

    fn layer(&self, inner: S) -> Self::Service {
        DefaultHeaders {
            headers: self.headers.clone(),
            inner,
        }
    }
}

/// The service of [`DefaultHeadersLayer`].
#[derive(Debug, Clone)]
pub struct DefaultHeaders<S> {
    headers: Arc<HeaderMap>,
    inner: S,
}

impl<S, B> Service<Request<B>> for DefaultHeaders<S>
where
    S: Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> S::Future {
        apply(&self.headers, request.headers_mut());
        self.inner.call(request)
    }
}

/// Adds each of `defaults` that `headers` does not have.
pub(crate) fn apply(defaults: &HeaderMap, headers: &mut HeaderMap) {
    if headers.is_empty() {
        // The common case (a request without headers of its own): one copy, no lookups.
        headers.clone_from(defaults);
        return;
    }
    for (name, value) in defaults.iter() {
        if !headers.contains_key(name) {
            headers.insert(name.clone(), value.clone());
        }
    }
}
