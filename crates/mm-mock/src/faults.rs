//! Fault injection: scripted statuses, dropped connections, malformed bodies and latency for
//! chosen routes.

use std::time::Duration;

use http::Method;

/// What goes wrong.
///
/// Each rule applies in the order rules were added; see
/// [`MockServer::inject`](crate::MockServer::inject) for `Drop` and `MalformedJson`.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// use std::time::Duration;
/// use mm_mock::{Fault, FaultRule};
///
/// server.inject(FaultRule::new(None, "/api/v4/system/ping", Fault::Delay(Duration::from_millis(20)), 1));
/// server.inject(FaultRule::new(None, "/api/v4/system/ping", Fault::Status(502), 1));
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let started = std::time::Instant::now();
/// let (status, _) = call(&server, "GET", "/api/v4/system/ping", "", "").await?;
/// assert_eq!(status, 200); // late, but answered
/// assert!(started.elapsed() >= Duration::from_millis(20));
/// let (status, _) = call(&server, "GET", "/api/v4/system/ping", "", "").await?;
/// assert_eq!(status, 502);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer with this status and an AppError body (or the real server's plain text for 429).
    Status(u16),
    /// Close the connection without answering.
    Drop,
    /// Answer 200 with a truncated, invalid JSON body.
    MalformedJson,
    /// Wait this long before handling the request normally.
    Delay(Duration),
}

/// A fault for the next `times` requests matching `method` and `path`.
///
/// `path` is an exact path (`/api/v4/users/me`) or a pattern where `*` matches one segment
/// (`/api/v4/posts/*`); a trailing `**` matches the rest.
///
/// ```
/// # use mm_mock::doc_support::call;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = mm_mock::MockServer::start().await?;
/// # let seed = server.seed();
/// use http::Method;
/// use mm_mock::{Fault, FaultRule};
///
/// // Any method on a post and what is below it (`/api/v4/posts/{id}/thread`, ...), 3 times.
/// let rule = FaultRule::new(None, "/api/v4/posts/**", Fault::Status(500), 3);
/// server.inject(rule);
/// // `DELETE /api/v4/posts/{id}` only, once.
/// server.inject(FaultRule::new(Some(Method::DELETE), "/api/v4/posts/*", Fault::Status(403), 1));
///
/// // `call` stands for the HTTP client under test (hidden here: a bare HTTP/1.1 request).
/// let (status, _) = call(&server, "GET", "/api/v4/posts/ag1yb3ekqbd4tkkxhdzjm4y6mo/thread", &seed.user.token, "").await?;
/// assert_eq!(status, 500);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    /// The method, or any with `None`.
    pub method: Option<Method>,
    /// The path pattern.
    pub path: String,
    /// What happens.
    pub fault: Fault,
    /// How many matching requests it applies to.
    pub times: usize,
}

impl FaultRule {
    /// A rule for `times` requests of `method` to `path`.
    pub fn new(
        method: Option<Method>,
        path: impl Into<String>,
        fault: Fault,
        times: usize,
    ) -> Self {
        Self {
            method,
            path: path.into(),
            fault,
            times,
        }
    }

    pub(crate) fn matches(&self, method: &Method, path: &str) -> bool {
        if self.times == 0 || self.method.as_ref().is_some_and(|m| m != method) {
            return false;
        }
        let mut pattern = self.path.trim_matches('/').split('/');
        let mut segments = path.trim_matches('/').split('/');
        loop {
            match (pattern.next(), segments.next()) {
                (Some("**"), _) => return true,
                (Some("*"), Some(_)) => {}
                (Some(expected), Some(actual)) if expected == actual => {}
                (None, None) => return true,
                _ => return false,
            }
        }
    }
}

/// The active rules, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    rules: Vec<FaultRule>,
    pub latency: Duration,
}

impl Faults {
    pub fn with_latency(latency: Duration) -> Self {
        Self {
            rules: Vec::new(),
            latency,
        }
    }

    pub fn add(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    /// The first matching rule's fault, using up one of its times.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let rule = self.rules.iter_mut().find(|r| r.matches(method, path))?;
        rule.times -= 1;
        let fault = rule.fault.clone();
        self.rules.retain(|r| r.times > 0);
        Some(fault)
    }

    pub fn clear(&mut self) {
        self.rules.clear();
        self.latency = Duration::ZERO;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_segments() {
        let rule = FaultRule::new(Some(Method::GET), "/api/v4/posts/*", Fault::Drop, 1);
        assert!(rule.matches(&Method::GET, "/api/v4/posts/abc"));
        assert!(!rule.matches(&Method::GET, "/api/v4/posts/abc/thread"));
        assert!(!rule.matches(&Method::POST, "/api/v4/posts/abc"));
        let rest = FaultRule::new(None, "/api/v4/**", Fault::Drop, 1);
        assert!(rest.matches(&Method::DELETE, "/api/v4/posts/abc/thread"));
    }

    #[test]
    fn rules_are_used_up() {
        let mut faults = Faults::default();
        faults.add(FaultRule::new(None, "/x", Fault::Status(503), 2));
        assert_eq!(faults.take(&Method::GET, "/x"), Some(Fault::Status(503)));
        assert_eq!(faults.take(&Method::GET, "/x"), Some(Fault::Status(503)));
        assert_eq!(faults.take(&Method::GET, "/x"), None);
    }
}
