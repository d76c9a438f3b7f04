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
    type Future = TimeoutFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: R) -> Self::Future {
        let future = self.inner.call(request);
        TimeoutFuture {
            inner: match self.limit {
                None => Either::Left { future },
                Some(limit) => Either::Right {
                    timeout: tokio::time::timeout(limit, future),
                },
            },
            limit: self.limit.unwrap_or_default(),
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`Timeout`]: the inner future, raced against the limit when there is one.
    pub struct TimeoutFuture<F> {
        #[pin]
        inner: Either<F, tokio::time::Timeout<F>>,
        limit: Duration,
    }
}

impl<F, T> Future for TimeoutFuture<F>
where
    F: Future<Output = Result<T, Error>>,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        match this.inner.project() {
            EitherProj::Left { future } => future.poll(cx),
            EitherProj::Right { timeout } => match timeout.poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(result)) => Poll::Ready(result),
                Poll::Ready(Err(_)) => Poll::Ready(Err(Error::timeout(*this.limit))),
            },
        }
    }
}

pin_project_lite::pin_project! {
    #[project = EitherProj]
    enum Either<L, R> {
        Left { #[pin] future: L },
        Right { #[pin] timeout: R },
    }
}
