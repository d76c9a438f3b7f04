//! The one error type of the mm driver.
//!
//! An [`Error`] has a [`ErrorKind`] to match on and accessors for what the server said
//! ([`Error::status`], [`Error::api_error`], [`Error::body_excerpt`], [`Error::retry_after`]).
//! Its message says what happened and, where it helps, what to do. No secret ever appears in it:
//! bodies are shown only as a bounded excerpt with secret-looking JSON values redacted.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::Deserialize;

use crate::excerpt::excerpt;

/// A boxed error, as used by tower and hyper.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What went wrong, to match on. New kinds may be added in minor releases.
///
/// ```
/// use mm_transport::{Error, ErrorKind};
///
/// fn advice(error: &Error) -> &'static str {
///     match error.kind() {
///         ErrorKind::NoAccessTokenProvided => "log in again",
///         ErrorKind::NotEnoughPermissions => "ask an admin for the permission",
///         ErrorKind::ResourceNotFound => "check the id",
///         ErrorKind::TooManyRequests | ErrorKind::Timeout | ErrorKind::Connect => "try later",
///         ErrorKind::InvalidConfig => "fix the configuration",
///         _ => "report it",
///     }
/// }
///
/// let error = Error::from_response(mm_transport::http::StatusCode::FORBIDDEN, b"", None, None);
/// assert_eq!(advice(&error), "ask an admin for the permission");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: the server rejected a parameter or the body.
    InvalidOrMissingParameters,
    /// 401: no valid session or token.
    NoAccessTokenProvided,
    /// 403: the user lacks a permission.
    NotEnoughPermissions,
    /// 404: the resource (or the route) does not exist.
    ResourceNotFound,
    /// 405: the server does not support this method on this route.
    MethodNotAllowed,
    /// 413: the body or file is larger than the server accepts.
    ContentTooLarge,
    /// 429: rate limited; see [`Error::retry_after`].
    TooManyRequests,
    /// 501: the feature is disabled on this server.
    FeatureDisabled,
    /// Any other non-success status.
    UnexpectedStatus,
    /// The request did not finish within the configured timeout.
    Timeout,
    /// The TCP connection (or the proxy tunnel) could not be established.
    Connect,
    /// The TLS handshake failed (for example an untrusted certificate).
    Tls,
    /// The connection failed while the request or response was in flight.
    Transport,
    /// The response body could not be decoded into the expected type.
    Decode,
    /// The driver was configured with something unusable (bad URL, unreadable CA file, ...).
    InvalidConfig,
    /// The request could not be built (bad path segment, unserializable body, ...).
    InvalidRequest,
    /// The websocket connection failed or broke.
    WebSocket,
    /// A tower layer of your own failed the request with an error of its own type (an
    /// overloaded concurrency limit, a timeout layer). Never retried.
    Layer,
    /// The response body is larger than the configured limit (`max_response_size`); reading
    /// stopped there. Never retried.
    BodyTooLarge,
    /// The server's answer is not valid HTTP (a garbage status line, a bad chunk, conflicting
    /// lengths): something other than Mattermost answered, or a broken proxy. Never retried:
    /// it would fail the same way.
    Protocol,
}

impl ErrorKind {
    /// The kind for a non-success HTTP status, as Mattermost uses them.
    ///
    /// ```
    /// use mm_transport::ErrorKind;
    /// use mm_transport::http::StatusCode;
    ///
    /// assert_eq!(ErrorKind::from_status(StatusCode::NOT_FOUND), ErrorKind::ResourceNotFound);
    /// assert_eq!(ErrorKind::from_status(StatusCode::NOT_IMPLEMENTED), ErrorKind::FeatureDisabled);
    /// assert_eq!(ErrorKind::from_status(StatusCode::BAD_GATEWAY), ErrorKind::UnexpectedStatus);
    /// ```
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::InvalidOrMissingParameters,
            401 => Self::NoAccessTokenProvided,
            403 => Self::NotEnoughPermissions,
            404 => Self::ResourceNotFound,
            405 => Self::MethodNotAllowed,
            413 => Self::ContentTooLarge,
            429 => Self::TooManyRequests,
            501 => Self::FeatureDisabled,
            _ => Self::UnexpectedStatus,
        }
    }

    /// Whether this kind comes from an HTTP status sent by the server (or a proxy).
    ///
    /// ```
    /// use mm_transport::ErrorKind;
    ///
    /// assert!(ErrorKind::ResourceNotFound.is_status());
    /// assert!(!ErrorKind::Timeout.is_status()); // no answer at all
    /// ```
    pub fn is_status(self) -> bool {
        matches!(
            self,
            Self::InvalidOrMissingParameters
                | Self::NoAccessTokenProvided
                | Self::NotEnoughPermissions
                | Self::ResourceNotFound
                | Self::MethodNotAllowed
                | Self::ContentTooLarge
                | Self::TooManyRequests
                | Self::FeatureDisabled
                | Self::UnexpectedStatus
        )
    }

    /// A short hint on what to do, shown after the message.
    fn hint(self) -> Option<&'static str> {
        Some(match self {
            Self::InvalidOrMissingParameters => "check the parameters and the request body",
            Self::NoAccessTokenProvided => "log in again or check the token",
            Self::NotEnoughPermissions => "the logged-in user lacks the permission this call needs",
            Self::ResourceNotFound => "check the id or name, and that the user can see it",
            Self::MethodNotAllowed => "the server may be too old for this call",
            Self::ContentTooLarge => "the server's size limit (MaxFileSize) was exceeded",
            Self::FeatureDisabled => "an administrator can enable it in the System Console",
            Self::Timeout => {
                "raise request_timeout, call_timeout or the streaming idle timeout if the server is slow"
            }
            Self::Connect => "check the URL, the network and the proxy settings",
            Self::Tls => "check the server certificate, or give the driver its CA bundle",
            Self::BodyTooLarge => {
                "raise `max_response_size` if the server really sends that much, or stream it with `send_streaming()`"
            }
            Self::Protocol => {
                "check that the URL points at Mattermost and not at another service or a broken proxy"
            }
            _ => return None,
        })
    }
}

/// The JSON error body Mattermost sends with a non-success status (`model.AppError`).
///
/// Read it from an error with [`Error::api_error`]:
///
/// ```
/// use mm_transport::Error;
/// use mm_transport::http::StatusCode;
///
/// let body = br#"{"id":"app.user.missing_account.const","message":"Unable to find the user.",
///     "request_id":"pmsqxgg8tjf8pbcjbtcupasoky","status_code":404}"#;
/// let error = Error::from_response(StatusCode::NOT_FOUND, body, None, None);
/// let api = error.api_error().expect("a Mattermost error body");
/// assert_eq!(api.id, "app.user.missing_account.const");
/// assert_eq!(api.request_id, "pmsqxgg8tjf8pbcjbtcupasoky"); // quote it in bug reports
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// The error id, for example `api.user.login.invalid_credentials_email_username`.
    #[serde(default)]
    pub id: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// Extra detail the server chose to give.
    #[serde(default)]
    pub detailed_error: String,
    /// The request id, also in the `X-Request-Id` header; quote it in bug reports.
    #[serde(default)]
    pub request_id: String,
    /// The status code the server put in the body.
    #[serde(default)]
    pub status_code: u16,
    /// Whether the error came from an OAuth flow.
    #[serde(default)]
    pub is_oauth: bool,
}

impl ApiError {
    /// Parses an AppError body; `None` when the body is not one (an HTML proxy page, say).
    ///
    /// Every text is cut to a bounded excerpt (a hostile server can send a 10 MiB message) and
    /// `detailed_error` has secret-looking values redacted, so that no representation of the
    /// error (`Display`, `Debug`, this struct) carries a secret or an unbounded text.
    ///
    /// ```
    /// use mm_transport::ApiError;
    ///
    /// let api = ApiError::parse(br#"{"id":"api.context.session_expired.app_error",
    ///     "message":"Invalid or expired session, please login again.","status_code":401}"#)
    ///     .expect("an AppError");
    /// assert_eq!(api.status_code, 401);
    ///
    /// assert_eq!(ApiError::parse(b"<html>502 Bad Gateway</html>"), None);
    /// ```
    pub fn parse(body: &[u8]) -> Option<Self> {
        let parsed: Self = serde_json::from_slice(body).ok()?;
        if parsed.id.is_empty() && parsed.message.is_empty() {
            return None;
        }
        Some(Self {
            id: excerpt(parsed.id.as_bytes()),
            message: excerpt(parsed.message.as_bytes()),
            detailed_error: excerpt(parsed.detailed_error.as_bytes()),
            request_id: excerpt(parsed.request_id.as_bytes()),
            ..parsed
        })
    }
}

/// An error of the mm driver. See [`ErrorKind`] for what can go wrong.
///
/// `Display` says which request failed (method and path, with webhook ids masked), what
/// happened and what to do, in bounded text; the underlying cause is [`StdError::source`], not
/// repeated in the message (error reporters print the chain).
///
/// ```
/// use mm_transport::http::{Method, StatusCode};
/// use mm_transport::{Error, ErrorKind};
///
/// // What a call to `GET /api/v4/users/{id}` of an unknown user fails with.
/// let body = br#"{"id":"app.user.missing_account.const","message":"Unable to find the user.","status_code":404}"#;
/// let error = Error::from_response(StatusCode::NOT_FOUND, body, None, None)
///     .in_request(&Method::GET, "/api/v4/users/x9dbsk1nnbfmpgyzdsq8w9p4ka");
///
/// assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
/// assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
/// assert_eq!(error.api_error_id(), Some("app.user.missing_account.const"));
/// assert_eq!(error.request(), Some("GET /api/v4/users/x9dbsk1nnbfmpgyzdsq8w9p4ka"));
/// assert!(!error.is_transient());
/// println!("{error}");
/// // GET /api/v4/users/x9dbsk1nnbfmpgyzdsq8w9p4ka: the server found no such resource (404 Not
/// // Found, app.user.missing_account.const: Unable to find the user.): check the id or name,
/// // and that the user can see it
/// ```
pub struct Error {
    kind: ErrorKind,
    message: String,
    /// Where the error happened, when known (boxed: most errors have none, and an `Error`
    /// should stay small on the stack).
    context: Option<Box<Context>>,
    status: Option<StatusCode>,
    api: Option<Box<ApiError>>,
    body_excerpt: Option<String>,
    retry_after: Option<Duration>,
    source: Option<BoxError>,
}

/// The request an error belongs to, and what it needs of the server.
#[derive(Debug, Default)]
struct Context {
    /// `GET /api/v4/users/me`.
    request: Option<String>,
    /// The server version the operation needs, when an older server answered.
    needs_server_version: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.request() {
            Some(request) => write!(f, "{request}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Everything here is already bounded and free of secrets; the source's own text is
        // cut too (a hostile server controls parts of it).
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("request", &self.request())
            .field("message", &self.message)
            .field("status", &self.status)
            .field("api", &self.api)
            .field("retry_after", &self.retry_after)
            .field(
                "source",
                &self
                    .source
                    .as_ref()
                    .map(|s| excerpt(s.to_string().as_bytes())),
            )
            .finish()
    }
}

impl Error {
    /// A new error of `kind` with `message` (which must hold no secret).
    ///
    /// The kind's hint, if it has one, is appended to the message. For an
    /// [`AuthProvider`](crate::AuthProvider) or a layer of your own:
    ///
    /// ```
    /// use std::error::Error as _;
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// let cause = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    /// let error = Error::new(ErrorKind::InvalidConfig, "could not read the token file").with_source(cause);
    /// assert_eq!(error.to_string(), "could not read the token file");
    /// assert_eq!(error.source().map(|s| s.to_string()).as_deref(), Some("no such file"));
    ///
    /// let timeout = Error::new(ErrorKind::Timeout, "the vault did not answer");
    /// assert!(timeout.to_string().starts_with("the vault did not answer: raise request_timeout"));
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if let Some(hint) = kind.hint() {
            message.push_str(": ");
            message.push_str(hint);
        }
        Self {
            kind,
            message,
            context: None,
            status: None,
            api: None,
            body_excerpt: None,
            retry_after: None,
            source: None,
        }
    }

    /// Attaches the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Names the request the error belongs to (`GET /api/v4/users/me`), unless it already
    /// has one. `path` is shown without its query and with webhook ids masked.
    ///
    /// ```
    /// use mm_transport::http::Method;
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// let error = Error::new(ErrorKind::Connect, "could not connect to the server")
    ///     .in_request(&Method::POST, "/hooks/xq8kd3wggbbyjkp6ebi4f9i6wc?token=my-token");
    /// let request = error.request().unwrap_or_default();
    /// assert!(request.starts_with("POST /hooks/"));
    /// assert!(!request.contains("xq8kd3wggbbyjkp6ebi4f9i6wc") && !request.contains("my-token"));
    /// ```
    pub fn in_request(mut self, method: &http::Method, path: &str) -> Self {
        if self.request().is_none() {
            let path = path.split('?').next().unwrap_or_default();
            let path = crate::trace::loggable_path(path);
            self.context.get_or_insert_default().request =
                Some(format!("{method} {}", excerpt(path.as_bytes())));
        }
        self
    }

    /// Notes that the operation needs a newer server than the one that answered (a 404 or 501
    /// from a server older than the operation).
    ///
    /// [`Response::error_for_status`](crate::Response::error_for_status) calls it when the
    /// request knew its operation's minimum server version.
    ///
    /// ```
    /// use mm_transport::Error;
    /// use mm_transport::http::StatusCode;
    ///
    /// let error = Error::from_response(StatusCode::NOT_FOUND, b"", None, None)
    ///     .needs_newer_server("10.5", "9.11.0");
    /// assert_eq!(error.needs_server_version(), Some("10.5"));
    /// assert!(error.to_string().contains("this operation needs server ≥ 10.5, this server is 9.11.0"));
    /// ```
    pub fn needs_newer_server(mut self, needed: &str, server: &str) -> Self {
        self.message = format!(
            "{}; this operation needs server ≥ {needed}, this server is {server}",
            self.message
        );
        self.context.get_or_insert_default().needs_server_version = Some(needed.to_owned());
        self
    }

    /// The server version the operation needs, when the server that answered 404 or 501 is
    /// older than that.
    pub fn needs_server_version(&self) -> Option<&str> {
        self.context.as_ref()?.needs_server_version.as_deref()
    }

    /// The request the error belongs to (`GET /api/v4/users/me`), when known.
    pub fn request(&self) -> Option<&str> {
        self.context.as_ref()?.request.as_deref()
    }

    /// An invalid configuration.
    ///
    /// [`invalid_request`](Self::invalid_request), [`websocket`](Self::websocket) and
    /// [`timeout`](Self::timeout) make the errors of their kinds the same way.
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// assert_eq!(Error::config("MM_URL is not set").kind(), ErrorKind::InvalidConfig);
    /// assert_eq!(Error::invalid_request("empty channel id").kind(), ErrorKind::InvalidRequest);
    /// assert_eq!(Error::websocket("the socket closed").kind(), ErrorKind::WebSocket);
    /// let timeout = Error::timeout(Duration::from_millis(1500));
    /// assert!(timeout.to_string().starts_with("the request timed out after 1.5 s"));
    /// ```
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidConfig, message)
    }

    /// A request that could not be built.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidRequest, message)
    }

    /// A websocket failure, for the realtime crate.
    pub fn websocket(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::WebSocket, message)
    }

    /// A timeout after `after`.
    pub fn timeout(after: Duration) -> Self {
        Self::new(
            ErrorKind::Timeout,
            format!("the request timed out after {}", fmt_duration(after)),
        )
    }

    /// The error of a call that did not finish within its deadline
    /// ([`crate::Limits::call_timeout`]).
    pub fn deadline(deadline: Duration) -> Self {
        Self::new(ErrorKind::Timeout, deadline_message(deadline))
    }

    /// [`Error::deadline`], saying how the last attempt ended (`the last attempt failed: ...`).
    pub(crate) fn deadline_after(deadline: Duration, last: &str) -> Self {
        Self::new(
            ErrorKind::Timeout,
            format!("{}; {last}", deadline_message(deadline)),
        )
    }

    /// The error for a non-success response: a Mattermost AppError when the body is one,
    /// otherwise the status with a bounded excerpt of the body.
    ///
    /// `retry_after` is the wait the server asked for; `retry_after_exceeded`, when set, is the
    /// longest wait the client accepts and says that it gave up because of it.
    ///
    /// ```
    /// use std::time::Duration;
    /// use mm_transport::http::StatusCode;
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// // Mattermost's rate limiter answers in plain text.
    /// let limited = Error::from_response(
    ///     StatusCode::TOO_MANY_REQUESTS,
    ///     b"limit exceeded\n",
    ///     Some(Duration::from_secs(2)),
    ///     None,
    /// );
    /// assert_eq!(limited.kind(), ErrorKind::TooManyRequests);
    /// assert_eq!(limited.retry_after(), Some(Duration::from_secs(2)));
    /// assert_eq!(limited.body_excerpt(), Some("limit exceeded\n"));
    /// assert!(limited.is_transient());
    ///
    /// // A proxy's HTML page: no AppError, a bounded excerpt of the body instead.
    /// let gateway = Error::from_response(StatusCode::BAD_GATEWAY, b"<html>Bad Gateway</html>", None, None);
    /// assert!(gateway.api_error().is_none());
    /// assert_eq!(gateway.body_excerpt(), Some("<html>Bad Gateway</html>"));
    /// ```
    pub fn from_response(
        status: StatusCode,
        body: &[u8],
        retry_after: Option<Duration>,
        retry_after_exceeded: Option<Duration>,
    ) -> Self {
        let kind = ErrorKind::from_status(status);
        let api = ApiError::parse(body);
        let what = match kind {
            ErrorKind::InvalidOrMissingParameters => "the server rejected the request as invalid",
            ErrorKind::NoAccessTokenProvided => "the server did not accept the credentials",
            ErrorKind::NotEnoughPermissions => "the server refused the request",
            ErrorKind::ResourceNotFound => "the server found no such resource",
            ErrorKind::MethodNotAllowed => "the server does not allow this method here",
            ErrorKind::ContentTooLarge => "the request body is too large for the server",
            ErrorKind::TooManyRequests => "the server is rate limiting this client",
            ErrorKind::FeatureDisabled => "the feature is disabled on this server",
            _ => "the server answered with an unexpected status",
        };
        let mut message = format!("{what} ({status}");
        let mut body_excerpt = None;
        match &api {
            Some(api) => {
                // Already bounded and redacted by `ApiError::parse`.
                message.push_str(&format!(", {}: {}", api.id, api.message));
                if !api.detailed_error.is_empty() {
                    message.push_str(&format!(" [{}]", api.detailed_error));
                }
            }
            None if !body.is_empty() => {
                let text = excerpt(body);
                message.push_str(&format!(", body: {text:?}"));
                body_excerpt = Some(text);
            }
            None => {}
        }
        message.push(')');
        if let Some(wait) = retry_after {
            match retry_after_exceeded {
                Some(max) => message.push_str(&format!(
                    "; it asked to wait {}, longer than retry_max_sleep ({}), so the driver gave up at once",
                    fmt_duration(wait),
                    fmt_duration(max)
                )),
                None => message.push_str(&format!("; retry after {}", fmt_duration(wait))),
            }
        }
        let mut error = Self::new(kind, message);
        error.status = Some(status);
        error.api = api.map(Box::new);
        error.body_excerpt = body_excerpt;
        error.retry_after = retry_after;
        error
    }

    /// An error while decoding a response body into `type_name`.
    ///
    /// [`Response::json`](crate::Response::json) makes these with the failing field's path.
    ///
    /// ```
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// let body = br#"{"id":"u1","create_at":"yesterday"}"#;
    /// let error = Error::decode("User", Some("create_at"), "invalid type: string", body);
    /// assert_eq!(error.kind(), ErrorKind::Decode);
    /// assert!(error.to_string().starts_with("could not decode the response as User at `create_at`"));
    /// assert_eq!(error.body_excerpt(), Some(r#"{"id":"u1","create_at":"yesterday"}"#));
    /// ```
    pub fn decode(
        type_name: &str,
        field_path: Option<&str>,
        cause: impl fmt::Display,
        body: &[u8],
    ) -> Self {
        let at = match field_path {
            Some(path) if !path.is_empty() && path != "." => format!(" at `{path}`"),
            _ => String::new(),
        };
        let text = excerpt(body);
        let mut error = Self::new(
            ErrorKind::Decode,
            format!(
                "could not decode the response as {type_name}{at}: {cause} (body: {text:?}); \
                 use the raw response to read it anyway"
            ),
        );
        error.body_excerpt = Some(text);
        error
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status, for errors that come from a response.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The Mattermost error body, when the server sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.api.as_deref()
    }

    /// The Mattermost error id (`api.user.login.invalid_credentials_email_username`, ...).
    pub fn api_error_id(&self) -> Option<&str> {
        self.api.as_deref().map(|api| api.id.as_str())
    }

    /// A bounded, redacted excerpt of a body that was not a Mattermost error, or that failed to decode.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.body_excerpt.as_deref()
    }

    /// For [`ErrorKind::TooManyRequests`]: how long the server asked to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether retrying later could succeed (rate limits, timeouts, gateway errors, dropped connections).
    ///
    /// The transport already retries these a few times; this tells a job queue whether to
    /// try the whole task again later.
    ///
    /// ```
    /// use mm_transport::Error;
    /// use mm_transport::http::StatusCode;
    ///
    /// let gateway = Error::from_response(StatusCode::GATEWAY_TIMEOUT, b"", None, None);
    /// assert!(gateway.is_transient());
    /// let forbidden = Error::from_response(StatusCode::FORBIDDEN, b"", None, None);
    /// assert!(!forbidden.is_transient()); // it would fail the same way
    /// ```
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::TooManyRequests
            | ErrorKind::Timeout
            | ErrorKind::Connect
            | ErrorKind::Transport => true,
            ErrorKind::UnexpectedStatus => {
                matches!(self.status.map(|s| s.as_u16()), Some(502..=504))
            }
            _ => false,
        }
    }

    /// Sorts an error from the hyper client into connect, TLS, protocol and transport errors.
    /// The cause stays the source; the message does not repeat it.
    ///
    /// For a custom HTTP service under the transport's layers:
    ///
    /// ```
    /// use mm_transport::{Error, ErrorKind};
    ///
    /// let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset by peer");
    /// let error = Error::from_client(reset);
    /// assert_eq!(error.kind(), ErrorKind::Transport);
    /// assert!(error.is_transient());
    /// ```
    pub fn from_client(error: impl Into<BoxError>) -> Self {
        Self::classify(error.into(), false)
    }

    /// An error of the connector (DNS, TCP, TLS, proxy): a connect error unless TLS failed.
    pub(crate) fn from_connect(error: impl Into<BoxError>) -> Self {
        Self::classify(error.into(), true)
    }

    fn classify(error: BoxError, mut is_connect: bool) -> Self {
        let mut is_tls = false;
        let mut is_protocol = false;
        let mut cause: Option<&(dyn StdError + 'static)> = Some(error.as_ref());
        while let Some(current) = cause {
            if let Some(client) = current.downcast_ref::<hyper_util::client::legacy::Error>() {
                is_connect |= client.is_connect();
            }
            if let Some(hyper) = current.downcast_ref::<hyper::Error>() {
                is_protocol |= hyper.is_parse() || hyper.is_parse_status();
            }
            if let Some(io) = current.downcast_ref::<std::io::Error>() {
                // hyper reports a malformed chunked body as invalid data.
                is_protocol |= matches!(
                    io.kind(),
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
                ) && find_rustls_error(current).is_none();
            }
            is_tls |= find_rustls_error(current).is_some();
            cause = current.source();
        }
        let built = if is_tls {
            Self::new(ErrorKind::Tls, "the TLS handshake failed")
        } else if is_connect {
            Self::new(ErrorKind::Connect, "could not connect to the server")
        } else if is_protocol {
            Self::new(ErrorKind::Protocol, "the server's answer is not valid HTTP")
        } else {
            Self::new(
                ErrorKind::Transport,
                "the connection failed during the request",
            )
        };
        built.with_source(error)
    }
}

/// A rustls error inside `error`, looking through `io::Error` wrappers (which hide their inner
/// error from `source()`).
fn find_rustls_error<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    if let Some(found) = error.downcast_ref::<rustls::Error>() {
        return Some(found);
    }
    let io = error.downcast_ref::<std::io::Error>()?;
    let inner: &(dyn StdError + 'static) = io.get_ref()?;
    find_rustls_error(inner)
}

/// What a call that ran out of its deadline says.
fn deadline_message(deadline: Duration) -> String {
    format!(
        "the call did not finish within its deadline of {} (all attempts and the waits between them)",
        fmt_duration(deadline)
    )
}

/// Formats a duration for messages: `1.5 s`, `250 ms`.
pub(crate) fn fmt_duration(duration: Duration) -> String {
    if duration.as_millis() < 1000 {
        format!("{} ms", duration.as_millis())
    } else if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}
