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
    call_deadline: Option<Duration>,
}

impl TimeoutLayer {
    /// Time out after `limit`, or never with `None`.
    pub fn new(limit: Option<Duration>) -> Self {
        Self {
            limit,
            call_deadline: None,
        }
    }

    /// Also ends each attempt at the call deadline: the first attempt after `deadline`, a
    /// retried one at the instant the retry policy set ([`crate::retry::AttemptDeadline`]).
    /// An attempt stopped by it fails with the deadline's error.
    pub fn with_call_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.call_deadline = deadline;
        self
    }
}

impl<S> Layer<S> for TimeoutLayer {
    type Service = Timeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Timeout {
            limit: self.limit,
            call_deadline: self.call_deadline,
            inner,
        }
    }
}

/// The service of [`TimeoutLayer`].
#[derive(Debug, Clone)]
pub struct Timeout<S> {
    limit: Option<Duration>,
    call_deadline: Option<Duration>,
    inner: S,
}

impl<S, B> Service<http::Request<B>> for Timeout<S>
where
    S: Service<http::Request<B>, Error = Error>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = Error;
    type Future = TimeoutFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        // What is left of the call deadline: all of it for the first attempt, up to the
        // instant the retry policy set for a retried one.
        let left = match request.extensions().get::<crate::retry::AttemptDeadline>() {
            Some(at) => Some(at.0.saturating_duration_since(tokio::time::Instant::now())),
            None => self.call_deadline,
        };
        let (limit, error) = match (self.limit, left) {
            (Some(limit), Some(left)) if left < limit => (Some(left), Expired::Deadline),
            (None, Some(left)) => (Some(left), Expired::Deadline),
            (limit, _) => (limit, Expired::Attempt),
        };
        let future = self.inner.call(request);
        TimeoutFuture {
            inner: match limit {
                None => Either::Left { future },
                Some(limit) => Either::Right {
                    timeout: tokio::time::timeout(limit, future),
                },
            },
            error,
            limit: limit.unwrap_or_default(),
            call_deadline: self.call_deadline.unwrap_or_default(),
        }
    }
}

/// Which limit an attempt that runs out of time hit.
#[derive(Debug, Clone, Copy)]
enum Expired {
    Attempt,
    Deadline,
}

pin_project_lite::pin_project! {
    /// The future of [`Timeout`]: the inner future, raced against the limit when there is one.
    pub struct TimeoutFuture<F> {
        #[pin]
        inner: Either<F, tokio::time::Timeout<F>>,
        error: Expired,
        limit: Duration,
        call_deadline: Duration,
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
                Poll::Ready(Err(_)) => Poll::Ready(Err(match this.error {
                    Expired::Attempt => Error::timeout(*this.limit),
                    Expired::Deadline => Error::deadline(*this.call_deadline),
                })),
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
