//! Buffered responses and their decoding.
//!
//! Bodies are decoded as JSON when the `Content-Type` is any `application/json` variant
//! (`application/json; charset=utf-8`, `application/problem+json`) or missing; anything else is
//! bytes. Decode errors name the failing field path and carry a bounded, redacted excerpt.

use std::fmt;
use std::time::SystemTime;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::retry::{RateLimited, rate_limit_wait};

/// `X-Request-Id`: the server's id for this request.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// `X-Version-Id`: the server's version string.
pub const X_VERSION_ID: HeaderName = HeaderName::from_static("x-version-id");

/// A response with its body in memory: the raw escape hatch of every call.
///
/// `Debug` shows the status, content type and body length, never the headers or the body
/// (they can hold a session token).
///
/// ```
/// use mm_transport::Response;
/// use mm_transport::http::{HeaderMap, HeaderValue, StatusCode, header::CONTENT_TYPE};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
/// headers.insert("x-request-id", HeaderValue::from_static("pmsqxgg8tjf8pbcjbtcupasoky"));
/// headers.insert("x-version-id", HeaderValue::from_static("11.6.0.11.6.0.abcdef.false"));
/// let response = Response::new(StatusCode::OK, headers, r#"{"status":"OK"}"#.into());
///
/// assert_eq!(response.status(), StatusCode::OK);
/// assert!(response.is_json());
/// assert_eq!(response.request_id(), Some("pmsqxgg8tjf8pbcjbtcupasoky"));
/// assert_eq!(response.server_version(), Some("11.6.0.11.6.0.abcdef.false"));
/// assert_eq!(response.text()?, r#"{"status":"OK"}"#);
///
/// #[derive(serde::Deserialize)]
/// struct Ping {
///     status: String,
/// }
/// let ping: Ping = response.error_for_status()?.json()?;
/// assert_eq!(ping.status, "OK");
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    rate_limited: Option<RateLimited>,
    /// The request's method and path, to name it in errors.
    request: Option<(http::Method, http::Uri)>,
    /// The oldest server version that has the operation, when known.
    min_server_version: Option<&'static str>,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Headers can hold a session token (`Token`, `Set-Cookie`) and the body a secret: show neither.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Response {
    /// A response from its parts.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
            rate_limited: None,
            request: None,
            min_server_version: None,
        }
    }

    /// Remembers the oldest server version that has the operation, so that a 404 or 501 from
    /// an older server says so.
    ///
    /// ```
    /// use mm_transport::Response;
    /// use mm_transport::http::{HeaderMap, HeaderValue, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-version-id", HeaderValue::from_static("9.11.0.9.11.0.abcdef.false"));
    /// let error = Response::new(StatusCode::NOT_FOUND, headers, Default::default())
    ///     .with_min_server_version("10.5")
    ///     .error_for_status()
    ///     .unwrap_err();
    /// assert_eq!(error.needs_server_version(), Some("10.5"));
    /// ```
    pub fn with_min_server_version(mut self, version: &'static str) -> Self {
        self.min_server_version = Some(version);
        self
    }

    /// Remembers the request this answers, so that its errors name it.
    ///
    /// ```
    /// use mm_transport::Response;
    /// use mm_transport::http::{HeaderMap, Method, StatusCode, Uri};
    ///
    /// let error = Response::new(StatusCode::FORBIDDEN, HeaderMap::new(), Default::default())
    ///     .with_request(Method::DELETE, Uri::from_static("/api/v4/posts/p1"))
    ///     .error_for_status()
    ///     .unwrap_err();
    /// assert_eq!(error.request(), Some("DELETE /api/v4/posts/p1"));
    /// ```
    pub fn with_request(mut self, method: http::Method, uri: http::Uri) -> Self {
        self.request = Some((method, uri));
        self
    }

    fn named(&self, error: Error) -> Error {
        match &self.request {
            Some((method, uri)) => error.in_request(method, uri.path()),
            None => error,
        }
    }

    pub(crate) fn with_rate_limited(mut self, rate_limited: Option<RateLimited>) -> Self {
        self.rate_limited = rate_limited;
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body, by value.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// The server's `X-Request-Id`.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get(X_REQUEST_ID).and_then(|v| v.to_str().ok())
    }

    /// The server's `X-Version-Id`.
    pub fn server_version(&self) -> Option<&str> {
        self.headers.get(X_VERSION_ID).and_then(|v| v.to_str().ok())
    }

    /// Whether the body is JSON by its `Content-Type` (any `application/json` variant).
    pub fn is_json(&self) -> bool {
        self.content_type().is_some_and(is_json_content_type)
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| Error::decode("UTF-8 text", None, e, &self.body))
    }

    /// The body decoded as JSON into `T`; the error names the failing field.
    ///
    /// The status is not checked: call [`error_for_status`](Self::error_for_status) first, or
    /// decode the error body as you need.
    ///
    /// ```
    /// use mm_transport::{ErrorKind, Response};
    /// use mm_transport::http::{HeaderMap, StatusCode};
    ///
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Counts {
    ///     total: u64,
    /// }
    /// let response = Response::new(StatusCode::OK, HeaderMap::new(), r#"{"total":"many"}"#.into());
    /// let error = response.json::<Counts>().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::Decode);
    /// assert!(error.to_string().contains("at `total`"));
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.content_type(), &self.body).map_err(|e| self.named(e))
    }

    /// This response if its status is a success (2xx, or 304 Not Modified), else the error it means.
    ///
    /// ```
    /// use mm_transport::{ErrorKind, Response};
    /// use mm_transport::http::{HeaderMap, HeaderValue, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", HeaderValue::from_static("3"));
    /// let limited = Response::new(StatusCode::TOO_MANY_REQUESTS, headers, "limit exceeded\n".into());
    /// let error = limited.error_for_status().unwrap_err();
    /// assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    /// assert_eq!(error.retry_after(), Some(std::time::Duration::from_secs(3)));
    /// ```
    pub fn error_for_status(self) -> Result<Self, Error> {
        if self.status.is_success() || self.status == StatusCode::NOT_MODIFIED {
            return Ok(self);
        }
        let rate_limited = self.rate_limited.or_else(|| {
            (self.status == StatusCode::TOO_MANY_REQUESTS).then(|| RateLimited {
                retry_after: rate_limit_wait(&self.headers, SystemTime::now()),
                exceeded_max_sleep: None,
            })
        });
        let error = Error::from_response(
            self.status,
            &self.body,
            rate_limited.and_then(|r| r.retry_after),
            rate_limited.and_then(|r| r.exceeded_max_sleep),
        );
        let error = match (self.status.as_u16(), self.min_server_version) {
            (404 | 501, Some(needed)) => match self.server_version() {
                Some(server) if crate::version::older(server, needed) => {
                    error.needs_newer_server(needed, crate::version::release(server))
                }
                _ => error,
            },
            _ => error,
        };
        Err(self.named(error))
    }
}

/// Whether a `Content-Type` is JSON: `application/json` with any parameters, or `+json`.
///
/// ```
/// use mm_transport::response::is_json_content_type;
///
/// assert!(is_json_content_type("application/json; charset=utf-8"));
/// assert!(is_json_content_type("application/problem+json"));
/// assert!(!is_json_content_type("text/html"));
/// ```
pub fn is_json_content_type(content_type: &str) -> bool {
    // Compared without allocating: this runs on every typed answer, whose type is nearly always
    // exactly this.
    if content_type == "application/json" {
        return true;
    }
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len().checked_sub(5).is_some_and(|start| {
                start > 0 && subtype.as_bytes()[start..].eq_ignore_ascii_case(b"+json")
            }))
}

/// Decodes `body` as JSON into `T`, refusing bodies whose `Content-Type` says they are not JSON.
///
/// A missing `Content-Type` is taken as JSON.
///
/// ```
/// use mm_transport::response::decode_json;
///
/// let ids: Vec<String> = decode_json(Some("application/json"), br#"["a","b"]"#)?;
/// assert_eq!(ids, ["a", "b"]);
///
/// // A proxy's login page is not decoded as JSON.
/// let error = decode_json::<Vec<String>>(Some("text/html"), b"<html>Sign in</html>").unwrap_err();
/// assert!(error.to_string().contains("not JSON"));
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub fn decode_json<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, Error> {
    let type_name = std::any::type_name::<T>();
    if let Some(content_type) = content_type
        && !is_json_content_type(content_type)
    {
        return Err(Error::decode(
            type_name,
            None,
            format_args!("the server sent {content_type:?}, not JSON"),
            body,
        ));
    }
    // One UTF-8 check of the whole body, then a decode that trusts it: serde_json checks the
    // strings of a byte slice one by one, which made a 200-user page a third slower to read.
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            return Err(Error::decode(
                type_name,
                None,
                format_args!(
                    "the body is not UTF-8 (an invalid byte at offset {})",
                    e.valid_up_to()
                ),
                body,
            ));
        }
    };
    // The fast path decodes without tracking the field path; only a failure is decoded again
    // with `serde_path_to_error` to name the failing field.
    match serde_json::from_str(text) {
        Ok(value) => Ok(value),
        Err(plain) => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let tracked: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
            Err(match tracked {
                Err(e) => Error::decode(type_name, Some(&e.path().to_string()), e.inner(), body),
                // Trailing characters: only the plain decoder checks for them.
                Ok(_) => Error::decode(type_name, None, plain, body),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_is_not_utf8_is_a_decode_error_naming_the_offset() {
        let error = decode_json::<Vec<String>>(None, b"[\"ok\", \"bad \xff\"]").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Decode);
        assert!(
            error
                .to_string()
                .contains("not UTF-8 (an invalid byte at offset 12)"),
            "{error}"
        );
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("application/json; charset=utf-8"));
        assert!(is_json_content_type("Application/JSON;charset=UTF-8"));
        assert!(is_json_content_type("application/problem+json"));
        assert!(!is_json_content_type("text/html; charset=utf-8"));
        assert!(!is_json_content_type("application/jsonp"));
    }

    #[derive(Debug, serde::Deserialize)]
    struct User {
        #[allow(dead_code)]
        id: String,
        #[allow(dead_code)]
        props: Props,
    }
    #[derive(Debug, serde::Deserialize)]
    struct Props {
        #[allow(dead_code)]
        count: u32,
    }

    #[test]
    fn decode_errors_name_the_field() {
        let body = br#"{"id":"x","props":{"count":"many"}}"#;
        let error = decode_json::<User>(Some("application/json"), body).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Decode);
        assert!(error.to_string().contains("at `props.count`"), "{error}");
        assert!(error.body_excerpt().unwrap().contains("many"));
    }

    #[test]
    fn html_is_not_decoded_as_json() {
        let error = decode_json::<User>(Some("text/html"), b"<html>").unwrap_err();
        assert!(error.to_string().contains("not JSON"), "{error}");
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        let error = decode_json::<serde_json::Value>(None, b"{} x").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Decode);
    }
}
