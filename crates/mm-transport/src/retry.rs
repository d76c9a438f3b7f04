//! The retry policy (a [`tower::retry::Policy`]).
//!
//! - 429 is retried for any method. The wait comes from `Retry-After`, else `X-RateLimit-Reset`,
//!   each as seconds, an HTTP-date, or a unix timestamp (a number above 1e8). An unparseable header
//!   falls through to the next; a negative or past value means no wait; no usable header means
//!   exponential backoff. A server asking for longer than `max_sleep` fails the call at once.
//! - 502, 503, 504 and connections broken mid-way are retried only for idempotent methods (GET,
//!   PUT, DELETE, HEAD, OPTIONS): a POST may already have been processed. A connection that could
//!   not be opened is retried for any method (nothing was sent). An answer that is not valid
//!   HTTP, a body over the size limit and errors of custom layers are never retried.
//! - A body that cannot be replayed (a stream) is never retried: `clone_request` returns `None`.
//! - Backoff: `min(0.5 s * 2^retry * (1 + jitter), max_sleep)` with jitter in `[0, 1)`.
//! - `max_retries` = 3 means at most 4 attempts.
//!
//! Sleeping, the wall clock and the jitter are injected so that tests never really wait.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, Method, Request, Response, StatusCode};

use crate::auth::BoxFuture;
use crate::body::Body;
use crate::error::{Error, ErrorKind};

/// The default number of retries (4 attempts in all).
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// The default longest single wait.
pub const DEFAULT_MAX_SLEEP: Duration = Duration::from_secs(30);

const RETRY_AFTER: HeaderName = HeaderName::from_static("retry-after");
/// Mattermost's rate limiter: seconds until the limit resets.
pub const X_RATELIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Numbers above this are unix timestamps, not delays (as the Python driver reads them).
const EPOCH_THRESHOLD: f64 = 1e8;

/// Waits for a while; inject one in tests so that nothing really sleeps.
pub trait Sleeper: Send + Sync + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// Sleeps with `tokio::time::sleep` (which tokio's paused test time also controls).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The wall clock, to turn HTTP-dates and timestamps into delays.
pub trait Clock: Send + Sync + 'static {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// [`SystemTime::now`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A source of jitter in `[0, 1)`.
pub trait Jitter: Send + Sync + 'static {
    /// The next sample.
    fn sample(&self) -> f64;
}

/// Uniform jitter from `fastrand`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn sample(&self) -> f64 {
        fastrand::f64()
    }
}

/// Retry settings; cheap to clone.
#[derive(Clone)]
pub struct RetryConfig {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The longest single wait; a server asking for longer fails the call at once.
    pub max_sleep: Duration,
    /// How to wait.
    pub sleeper: Arc<dyn Sleeper>,
    /// The wall clock.
    pub clock: Arc<dyn Clock>,
    /// The jitter source.
    pub jitter: Arc<dyn Jitter>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_RETRIES,
            max_sleep: DEFAULT_MAX_SLEEP,
            sleeper: Arc::new(TokioSleeper),
            clock: Arc::new(SystemClock),
            jitter: Arc::new(RandomJitter),
        }
    }
}

impl fmt::Debug for RetryConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryConfig")
            .field("max_retries", &self.max_retries)
            .field("max_sleep", &self.max_sleep)
            .finish_non_exhaustive()
    }
}

impl RetryConfig {
    /// The backoff before retry number `retry` (0-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        let jitter = self.jitter.sample().clamp(0.0, 1.0);
        let seconds = 0.5 * 2f64.powi(retry.min(30) as i32) * (1.0 + jitter);
        Duration::from_secs_f64(seconds).min(self.max_sleep)
    }
}

/// Which attempt a request is (1 for the first); set by the policy, read by the trace layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt(pub u32);

/// Put on a 429 response that is handed back instead of retried: how long the server asked to
/// wait, and the cap it exceeded when that is why the driver gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimited {
    /// The wait the server asked for, when its headers said.
    pub retry_after: Option<Duration>,
    /// Set when the wait exceeded `max_sleep` (the call failed at once).
    pub exceeded_max_sleep: Option<Duration>,
}

/// The retry policy; one copy per request, counting its retries.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    config: Arc<RetryConfig>,
    retries: u32,
    /// The call deadline ([`crate::Limits::call_timeout`]), enforced here rather than by a
    /// timer around the call: the first attempt is bounded by the per-attempt timeout (which
    /// the transport caps at the deadline), later ones by what is left.
    deadline: Option<Duration>,
    /// When the call started (set when the first attempt's copy is made).
    started: Option<tokio::time::Instant>,
}

/// The instant by which a retried attempt must end: the call deadline (set on retries only,
/// read by the per-attempt timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptDeadline(pub tokio::time::Instant);

impl RetryPolicy {
    /// A policy with `config`.
    pub fn new(config: RetryConfig) -> Self {
        Self {
            config: Arc::new(config),
            retries: 0,
            deadline: None,
            started: None,
        }
    }

    /// Stops retrying when a retry could not finish within `deadline` of the call's start,
    /// and fails the call with a deadline error instead.
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// The error that replaces the last result when the deadline leaves no time for a retry.
    fn deadline_error(deadline: Duration, last: &Result<Response<Body>, Error>) -> Error {
        let last = match last {
            Ok(response) => format!("the last attempt was answered {}", response.status()),
            Err(error) => format!("the last attempt failed: {error}"),
        };
        Error::deadline_after(deadline, &last)
    }

    fn schedule(
        &mut self,
        request: &mut Request<Body>,
        result: &mut Result<Response<Body>, Error>,
        delay: Duration,
        why: &str,
    ) -> Option<BoxFuture<'static, ()>> {
        if let (Some(deadline), Some(started)) = (self.deadline, self.started) {
            let end = started + deadline;
            if tokio::time::Instant::now() + delay >= end {
                *result = Err(Self::deadline_error(deadline, result));
                return None;
            }
            request.extensions_mut().insert(AttemptDeadline(end));
        }
        self.retries += 1;
        request.extensions_mut().insert(Attempt(self.retries + 1));
        tracing::debug!(
            method = %request.method(),
            path = %crate::trace::loggable_path(request.uri().path()),
            retry = self.retries,
            delay_ms = delay.as_millis() as u64,
            reason = why,
            "retrying request"
        );
        Some(self.config.sleeper.sleep(delay))
    }
}

/// GET, PUT, DELETE, HEAD and OPTIONS: safe to send twice.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::PUT | Method::DELETE | Method::HEAD | Method::OPTIONS
    )
}

/// How long a 429 asks to wait: `Retry-After`, else `X-RateLimit-Reset`; `None` when neither
/// header is usable.
pub fn rate_limit_wait(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    [RETRY_AFTER, X_RATELIMIT_RESET].iter().find_map(|name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(|value| parse_wait(value, now))
    })
}

/// Parses one wait header: seconds, a unix timestamp (above 1e8), or an HTTP-date.
/// Negative or past values give zero; garbage gives `None`.
pub fn parse_wait(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(number) = value.parse::<f64>() {
        if !number.is_finite() {
            return None;
        }
        // A number too large for a `Duration` or a `SystemTime` (`1e23`, `1e300`) is a wait
        // longer than anything: `Duration::MAX`, which exceeds `retry_max_sleep`.
        if number > EPOCH_THRESHOLD {
            let at = Duration::try_from_secs_f64(number)
                .ok()
                .and_then(|since_epoch| UNIX_EPOCH.checked_add(since_epoch));
            return Some(at.map_or(Duration::MAX, |at| {
                at.duration_since(now).unwrap_or(Duration::ZERO)
            }));
        }
        return Some(Duration::try_from_secs_f64(number.max(0.0)).unwrap_or(Duration::MAX));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

impl tower::retry::Policy<Request<Body>, Response<Body>, Error> for RetryPolicy {
    type Future = BoxFuture<'static, ()>;

    fn retry(
        &mut self,
        request: &mut Request<Body>,
        result: &mut Result<Response<Body>, Error>,
    ) -> Option<Self::Future> {
        let exhausted = self.retries >= self.config.max_retries;
        let idempotent = is_idempotent(request.method());
        match result {
            Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS => {
                let wait = rate_limit_wait(response.headers(), self.config.clock.now());
                if let Some(wait) = wait.filter(|wait| *wait > self.config.max_sleep) {
                    response.extensions_mut().insert(RateLimited {
                        retry_after: Some(wait),
                        exceeded_max_sleep: Some(self.config.max_sleep),
                    });
                    return None;
                }
                if exhausted {
                    response.extensions_mut().insert(RateLimited {
                        retry_after: wait,
                        exceeded_max_sleep: None,
                    });
                    return None;
                }
                let delay = wait.unwrap_or_else(|| self.config.backoff(self.retries));
                self.schedule(request, result, delay, "429 Too Many Requests")
            }
            Ok(response)
                if idempotent && !exhausted && matches!(response.status().as_u16(), 502..=504) =>
            {
                let delay = self.config.backoff(self.retries);
                self.schedule(request, result, delay, "gateway error")
            }
            // Not connected: the request was never sent, so any method may be sent again.
            Err(error) if !exhausted && error.kind() == ErrorKind::Connect => {
                let delay = self.config.backoff(self.retries);
                self.schedule(request, result, delay, "connection error")
            }
            // Broken mid-way: the server may have acted on it, so only idempotent methods. A
            // protocol error (not valid HTTP) would fail the same way and is never retried.
            Err(error) if idempotent && !exhausted && error.kind() == ErrorKind::Transport => {
                let delay = self.config.backoff(self.retries);
                self.schedule(request, result, delay, "connection error")
            }
            _ => None,
        }
    }

    fn clone_request(&mut self, request: &Request<Body>) -> Option<Request<Body>> {
        if self.deadline.is_some() && self.started.is_none() {
            self.started = Some(tokio::time::Instant::now());
        }
        let body = request.body().try_clone()?;
        let mut clone = Request::new(body);
        *clone.method_mut() = request.method().clone();
        *clone.uri_mut() = request.uri().clone();
        *clone.version_mut() = request.version();
        *clone.headers_mut() = request.headers().clone();
        *clone.extensions_mut() = request.extensions().clone();
        Some(clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn parses_seconds_dates_and_timestamps() {
        let now = at(1_700_000_000);
        assert_eq!(parse_wait("5", now), Some(Duration::from_secs(5)));
        assert_eq!(parse_wait(" 1.5 ", now), Some(Duration::from_millis(1500)));
        assert_eq!(parse_wait("-3", now), Some(Duration::ZERO));
        assert_eq!(parse_wait("1700000007", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_wait("1600000000", now), Some(Duration::ZERO));
        let date = httpdate::fmt_http_date(at(1_700_000_012));
        assert_eq!(parse_wait(&date, now), Some(Duration::from_secs(12)));
        assert_eq!(parse_wait("soon", now), None);
        assert_eq!(parse_wait("NaN", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        struct Fixed(f64);
        impl Jitter for Fixed {
            fn sample(&self) -> f64 {
                self.0
            }
        }
        let mut config = RetryConfig {
            jitter: Arc::new(Fixed(0.0)),
            ..RetryConfig::default()
        };
        assert_eq!(config.backoff(0), Duration::from_millis(500));
        assert_eq!(config.backoff(2), Duration::from_secs(2));
        config.jitter = Arc::new(Fixed(0.5));
        assert_eq!(config.backoff(1), Duration::from_millis(1500));
        assert_eq!(config.backoff(20), DEFAULT_MAX_SLEEP);
    }
}
