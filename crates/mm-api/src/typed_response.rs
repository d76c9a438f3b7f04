//! A decoded answer that keeps the status and headers it came with.

use std::ops::Deref;

use http::{HeaderMap, StatusCode};

/// The typed output of a call with the answer's status and headers beside it: what
/// `.with_response().await` gives where `.await` gives the output alone.
///
/// It dereferences to the output, so fields read as on the output itself.
///
/// ```no_run
/// # async fn run(client: mm_api::Client) -> Result<(), mm_transport::Error> {
/// let me = client.users().get_user("me").with_response().await?;
/// println!("{} (status {})", me.username, me.status());
/// if let Some(etag) = me.headers().get("etag") {
///     println!("etag {etag:?}");
/// }
/// let user = me.into_body();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TypedResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> TypedResponse<T> {
    /// An answer made of its parts (to stand in for a call's answer in a test, say).
    ///
    /// ```
    /// use mm_api::TypedResponse;
    /// use mm_transport::http::{HeaderMap, HeaderValue, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("etag", HeaderValue::from_static("\"42\""));
    /// let answer = TypedResponse::new(StatusCode::OK, headers, vec!["town-square".to_owned()]);
    /// assert_eq!(answer.status(), StatusCode::OK);
    /// assert_eq!(answer.len(), 1); // the output's own methods, through `Deref`
    /// assert_eq!(answer.body()[0], "town-square");
    ///
    /// let (status, headers, names) = answer.into_parts();
    /// assert_eq!(headers["etag"], "\"42\"");
    /// ```
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status (a success: failures are errors).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The answer's headers (`ETag`, `X-Request-Id`, `X-Version-Id`, rate-limit headers, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded output.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded output, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and output.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same answer with its output changed by `f`.
    ///
    /// ```
    /// use mm_api::TypedResponse;
    /// use mm_transport::http::{HeaderMap, StatusCode};
    ///
    /// let names = TypedResponse::new(StatusCode::OK, HeaderMap::new(), vec!["b", "a"]);
    /// let count = names.map(|names| names.len());
    /// assert_eq!((count.status(), *count.body()), (StatusCode::OK, 2));
    /// ```
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> TypedResponse<U> {
        TypedResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> Deref for TypedResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}
