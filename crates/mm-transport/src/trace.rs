//! One tracing span per attempt: method, path, attempt, status, latency.
//!
//! Only the method, the path (never the query string), the attempt number, the status and the
//! latency are recorded: never headers, bodies, tokens or cookies.

use std::task::{Context, Poll};
use std::time::Instant;

use futures_util::future::Either;
use http::{Request, Response};
use tower::{Layer, Service};
use tracing::Instrument;

use crate::auth::BoxFuture;
use crate::error::Error;
use crate::retry::Attempt;

/// The path as it may be logged: the id of an incoming webhook (`/hooks/{id}`) is a
/// credential (anyone holding it can post), so it is masked.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.find("/hooks/") {
        Some(start) => {
            let id_start = start + "/hooks/".len();
            let id_end = path[id_start..]
                .find('/')
                .map_or(path.len(), |i| id_start + i);
            if id_end == id_start
                || &path[id_start..id_end] == "incoming"
                || &path[id_start..id_end] == "outgoing"
            {
                std::borrow::Cow::Borrowed(path)
            } else {
                std::borrow::Cow::Owned(format!("{}***{}", &path[..id_start], &path[id_end..]))
            }
        }
        None => std::borrow::Cow::Borrowed(path),
    }
}

/// A layer opening a `mm.request` span around each attempt.
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceLayer;

impl<S> Layer<S> for TraceLayer {
    type Service = Trace<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Trace { inner }
    }
}

/// The service of [`TraceLayer`].
#[derive(Debug, Clone)]
pub struct Trace<S> {
    inner: S,
}

impl<S, B, R> Service<Request<B>> for Trace<S>
where
    S: Service<Request<B>, Response = Response<R>, Error = Error>,
    S::Future: Send + 'static,
{
    type Response = Response<R>;
    type Error = Error;
    type Future = Either<S::Future, BoxFuture<'static, Result<Response<R>, Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let attempt = request.extensions().get::<Attempt>().map_or(1, |a| a.0);
        let span = tracing::debug_span!(
            "mm.request",
            method = %request.method(),
            path = %loggable_path(request.uri().path()),
            attempt,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: no timing, no instrumentation.
            return Either::Left(self.inner.call(request));
        }
        let started = Instant::now();
        let future = {
            let _entered = span.enter();
            self.inner.call(request)
        };
        let record_span = span.clone();
        Either::Right(Box::pin(
            async move {
                let result = future.await;
                let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
                record_span.record("latency_ms", latency_ms);
                match &result {
                    Ok(response) => {
                        record_span.record("status", response.status().as_u16());
                        tracing::debug!(
                            status = response.status().as_u16(),
                            latency_ms,
                            "response"
                        );
                    }
                    Err(error) => {
                        tracing::debug!(kind = ?error.kind(), latency_ms, "request failed");
                    }
                }
                result
            }
            .instrument(span),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn webhook_ids_are_masked_in_logged_paths() {
        assert_eq!(loggable_path("/hooks/abc123"), "/hooks/***");
        assert_eq!(loggable_path("/mm/hooks/abc123"), "/mm/hooks/***");
        assert_eq!(
            loggable_path("/api/v4/hooks/incoming"),
            "/api/v4/hooks/incoming"
        );
        assert_eq!(loggable_path("/api/v4/users/me"), "/api/v4/users/me");
    }
}
