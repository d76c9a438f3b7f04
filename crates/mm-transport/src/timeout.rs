//! Per-attempt request timeout, with an error that says how long it waited.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tower::{Layer, Service};

use crate::error::Error;

/// The default per-request timeout: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A layer failing a request with [`crate::ErrorKind::Timeout`] when the response headers do
/// not arrive within the limit. `None` disables it.
#[derive(Debug, Clone, Copy)]
pub struct TimeoutLayer {
    limit: Option<Duration>,
}

impl TimeoutLayer {
    /// Time out after `limit`, or never with `None`.
    pub fn new(limit: Option<Duration>) -> Self {
        Self { limit }
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Timeout {
            limit: self.limit,
            inner,
        }
    }
}

/// The service of [`TimeoutLayer`].
#[derive(Debug, Clone)]
pub struct Timeout<S> {
    limit: Option<Duration>,
    inner: S,
}

impl<S, R> Service<R> for Timeout<S>
where
    S: Service<R, Error = Error>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let future = self.inner.call(request);
        match self.limit {
            None => Box::pin(future),
            Some(limit) => Box::pin(async move {
                tokio::time::timeout(limit, future)
                    .await
                    .map_err(|_| Error::timeout(limit))?
            }),
        }
    }
}
