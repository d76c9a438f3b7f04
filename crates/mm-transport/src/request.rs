//! Building requests: the raw request builder, path-segment escaping and query strings.

use std::fmt;
use std::future::IntoFuture;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::body::Body;
use crate::client::Transport;
use crate::error::{BoxError, Error};
use crate::multipart::Form;
use crate::response::Response;

/// Characters escaped in a path segment (everything but RFC 3986 unreserved characters).
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'@')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'&')
    .add(b'+')
    .add(b'$')
    .add(b',')
    .add(b'!')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*');

/// Characters escaped in a query key or value.
const QUERY_COMPONENT: &AsciiSet = PATH_SEGMENT;

/// Escapes one path segment; refuses empty, `.` and `..` segments, which would change the route.
///
/// `name` names the parameter in the error.
///
/// ```
/// use mm_transport::ErrorKind;
/// use mm_transport::request::encode_path_segment;
///
/// let name = encode_path_segment("channel_name", "q&a/2024")?;
/// let path = format!("/api/v4/teams/name/my-team/channels/name/{name}");
/// assert_eq!(path, "/api/v4/teams/name/my-team/channels/name/q%26a%2F2024");
///
/// // An empty id would turn `/users/{id}/teams` into `/users//teams`: refused.
/// let error = encode_path_segment("user_id", "").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::InvalidRequest);
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    push_path_segment(&mut out, name, value)?;
    Ok(out)
}

/// [`encode_path_segment`] appended to `out` (no allocation of its own).
pub fn push_path_segment(out: &mut String, name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::invalid_request(format!(
            "the path parameter `{name}` is {value:?}, which would change the route; pass a real id or name"
        )));
    }
    out.extend(utf8_percent_encode(value, PATH_SEGMENT));
    Ok(())
}

/// Appends `key=value` pairs to `path`, escaped.
///
/// ```
/// use mm_transport::request::append_query;
///
/// let mut path = "/api/v4/users/autocomplete".to_owned();
/// append_query(&mut path, &[("name".into(), "al ice".into()), ("limit".into(), "5".into())]);
/// assert_eq!(path, "/api/v4/users/autocomplete?name=al%20ice&limit=5");
///
/// append_query(&mut path, &[("in_team".into(), "t1".into())]); // `&` after an existing query
/// assert!(path.ends_with("&limit=5&in_team=t1"));
/// ```
pub fn append_query(path: &mut String, pairs: &[(String, String)]) {
    for (index, (key, value)) in pairs.iter().enumerate() {
        path.push(if index == 0 && !path.contains('?') {
            '?'
        } else {
            '&'
        });
        path.extend(utf8_percent_encode(key, QUERY_COMPONENT));
        path.push('=');
        path.extend(utf8_percent_encode(value, QUERY_COMPONENT));
    }
}

/// A raw request to any path: method, query, headers and a JSON, multipart, bytes or streaming
/// body. `.await` sends it and fails on a non-success status; [`RequestBuilder::send`] returns
/// the response whatever its status.
///
/// For the endpoints the typed API does not cover (a plugin's, say):
///
/// ```no_run
/// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
/// use mm_transport::RequestBuilder;
/// use mm_transport::http::{HeaderValue, Method, header::ACCEPT_LANGUAGE};
///
/// // `.await`: the response of a success, an error otherwise.
/// let response = RequestBuilder::new(transport.clone(), Method::POST, "/plugins/com.example.poll/api/v1/polls")
///     .query("dry_run", true)
///     .header(ACCEPT_LANGUAGE, HeaderValue::from_static("en"))
///     .json(&serde_json::json!({"question": "Lunch?", "answers": ["pizza", "sushi"]}))
///     .await?;
/// let poll: serde_json::Value = response.json()?;
///
/// // `.send()`: the response whatever its status.
/// let response = RequestBuilder::new(transport, Method::GET, "/plugins/com.example.poll/api/v1/polls/p1")
///     .send()
///     .await?;
/// if response.status() == 404 {
///     println!("no such poll");
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct RequestBuilder {
    transport: Transport,
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Body,
    error: Option<Error>,
    /// The oldest server version that has this operation (`"9.5"`), for the errors of older ones.
    min_server_version: Option<&'static str>,
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Query values and headers may carry secrets; show their names only.
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("header_names", &self.headers.keys().collect::<Vec<_>>())
            .field("body", &self.body)
            .finish()
    }
}

impl RequestBuilder {
    /// A request of `method` to `path` (starting with `/`, relative to the base URL, for example
    /// `/api/v4/users/me` or `/hooks/{id}`).
    pub fn new(transport: Transport, method: Method, path: impl Into<String>) -> Self {
        let path = path.into();
        let error = (!path.starts_with('/')).then(|| {
            Error::invalid_request(format!("the request path {path:?} must start with `/`"))
        });
        Self {
            transport,
            method,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::empty(),
            error,
            min_server_version: None,
        }
    }

    /// The oldest server version that has this operation (`"9.5"`): when the server answers
    /// 404 or 501 and says (`X-Version-Id`) it is older, the error says so.
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::RequestBuilder;
    /// use mm_transport::http::Method;
    ///
    /// let result = RequestBuilder::new(transport, Method::GET, "/api/v4/channels/c1/bookmarks")
    ///     .min_server_version("9.5")
    ///     .await;
    /// if let Err(error) = result {
    ///     if let Some(needed) = error.needs_server_version() {
    ///         println!("upgrade the server to {needed} or later");
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn min_server_version(mut self, version: &'static str) -> Self {
        self.min_server_version = Some(version);
        self
    }

    /// A request whose path may have failed to build (a refused path segment, say); the error
    /// is returned when the request is sent.
    ///
    /// ```
    /// use mm_transport::request::encode_path_segment;
    /// use mm_transport::http::Method;
    /// use mm_transport::{BaseUrl, ErrorKind, RequestBuilder, Transport};
    ///
    /// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?).build()?;
    /// let user_id = ""; // a bug upstream
    /// let path = encode_path_segment("user_id", user_id).map(|id| format!("/api/v4/users/{id}"));
    /// // No `?` in the middle of a builder chain: the error comes out when the request is sent.
    /// let request = RequestBuilder::try_new(transport, Method::GET, path).query("page", 0);
    /// assert_eq!(request.build().unwrap_err().kind(), ErrorKind::InvalidRequest);
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn try_new(transport: Transport, method: Method, path: Result<String, Error>) -> Self {
        match path {
            Ok(path) => Self::new(transport, method, path),
            Err(error) => {
                let mut builder = Self::new(transport, method, "/");
                builder.error = Some(error);
                builder
            }
        }
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Sets a query parameter, replacing any value it had.
    pub fn set_query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.retain(|(k, _)| k != key);
        self.query.push((key.to_owned(), value.to_string()));
        self
    }

    /// The value of a query parameter, if set.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// A copy of this request, when its body can be copied (not a stream).
    ///
    /// ```
    /// use mm_transport::http::Method;
    /// use mm_transport::{BaseUrl, RequestBuilder, Transport};
    ///
    /// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?).build()?;
    /// let template = RequestBuilder::new(transport.clone(), Method::GET, "/api/v4/users").query("per_page", 200);
    /// let page_3 = template.try_clone().expect("no streaming body").set_query("page", 3);
    /// assert_eq!(page_3.query_value("page"), Some("3"));
    ///
    /// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("data")]);
    /// let streamed = RequestBuilder::new(transport, Method::POST, "/api/v4/files").stream("text/plain", chunks);
    /// assert!(streamed.try_clone().is_none());
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn try_clone(&self) -> Option<Self> {
        Some(Self {
            transport: self.transport.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            body: self.body.try_clone()?,
            min_server_version: self.min_server_version,
            error: self
                .error
                .as_ref()
                .map(|e| Error::invalid_request(e.to_string())),
        })
    }

    /// An `application/x-www-form-urlencoded` body.
    ///
    /// ```
    /// use mm_transport::http::Method;
    /// use mm_transport::{BaseUrl, RequestBuilder, Transport};
    ///
    /// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?).build()?;
    /// let (_, request) = RequestBuilder::new(transport, Method::POST, "/oauth/access_token")
    ///     .form(&[("grant_type", "authorization_code"), ("code", "the code")])
    ///     .build()?;
    /// assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    /// assert_eq!(request.body().as_bytes(), Some(&b"grant_type=authorization_code&code=the%20code"[..]));
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let mut encoded = String::new();
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        append_query(&mut encoded, &owned);
        let encoded = encoded.trim_start_matches('?').to_owned();
        self.body = Body::buffered(encoded);
        self.set_content_type("application/x-www-form-urlencoded");
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// A JSON body (`Content-Type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(mut self, value: &T) -> Self {
        match Body::json(value) {
            Ok(body) => {
                self.body = body;
                self.set_content_type("application/json");
            }
            Err(error) => self.error = Some(error),
        }
        self
    }

    /// A multipart/form-data body.
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::http::Method;
    /// use mm_transport::{Form, RequestBuilder, Upload};
    ///
    /// let form = Form::new()
    ///     .text("channel_id", "4xp9fdt77pncbef59f4k1qe83o")
    ///     .part(Upload::new("report.csv", "id,total\n1,2\n").content_type("text/csv").into_part("files"));
    /// let uploaded: serde_json::Value = RequestBuilder::new(transport, Method::POST, "/api/v4/files")
    ///     .multipart(form)
    ///     .await?
    ///     .json()?;
    /// # Ok(()) }
    /// ```
    pub fn multipart(mut self, mut form: Form) -> Self {
        if let Some(error) = form.take_error() {
            self.error = Some(Error::invalid_request(error));
            return self;
        }
        let (content_type, body) = form.into_body();
        self.body = body;
        self.set_content_type(&content_type);
        self
    }

    /// A buffered body of raw bytes with the given content type.
    pub fn bytes(mut self, content_type: &str, bytes: impl Into<bytes::Bytes>) -> Self {
        self.body = Body::buffered(bytes);
        self.set_content_type(content_type);
        self
    }

    /// A streaming body (never retried) with the given content type.
    ///
    /// [`bytes`](Self::bytes) sends a body held in memory instead (retried when needed), and
    /// [`body`](Self::body) any [`Body`].
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::RequestBuilder;
    /// use mm_transport::http::Method;
    ///
    /// // An upload session (`POST /api/v4/uploads` made it) takes the file's bytes as they come.
    /// let chunks = futures_util::stream::iter((0..8).map(|_| Ok::<_, std::io::Error>(vec![0u8; 1 << 20])));
    /// RequestBuilder::new(transport, Method::POST, "/api/v4/uploads/upload-id")
    ///     .stream("application/octet-stream", chunks)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn stream<S, B, E>(mut self, content_type: &str, stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<bytes::Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        self.body = Body::from_stream(stream);
        self.set_content_type(content_type);
        self
    }

    /// Any body, as is.
    pub fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    fn set_content_type(&mut self, content_type: &str) {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
            }
            Err(_) => {
                self.error = Some(Error::invalid_request(format!(
                    "the content type {content_type:?} is not a valid header value"
                )))
            }
        }
    }

    /// The `http::Request`, path relative to the base URL.
    ///
    /// With the transport, to send it yourself ([`Transport::send`]) or to look at it in a test:
    ///
    /// ```
    /// use mm_transport::http::Method;
    /// use mm_transport::{BaseUrl, RequestBuilder, Transport};
    ///
    /// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?).build()?;
    /// let request = RequestBuilder::new(transport, Method::GET, "/api/v4/users")
    ///     .query("in_team", "t1")
    ///     .query("page", 0)
    ///     .set_query("page", 2); // replaces the earlier `page`
    /// assert_eq!(request.query_value("page"), Some("2"));
    ///
    /// let (_transport, request) = request.build()?;
    /// assert_eq!(request.uri(), "/api/v4/users?in_team=t1&page=2");
    /// # Ok::<(), mm_transport::Error>(())
    /// ```
    pub fn build(self) -> Result<(Transport, Request<Body>), Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut path = self.path;
        append_query(&mut path, &self.query);
        let mut request = Request::new(self.body);
        *request.method_mut() = self.method;
        // Parsed from the String's own buffer (no copy); the clone makes that buffer shared,
        // which the error naming of the call needs later anyway.
        let path = bytes::Bytes::from(path);
        *request.uri_mut() = http::Uri::from_maybe_shared(path.clone()).map_err(|_| {
            Error::invalid_request(format!(
                "the request path {:?} is not a valid URL path; escape its segments",
                String::from_utf8_lossy(&path)
            ))
        })?;
        *request.headers_mut() = self.headers;
        Ok((self.transport, request))
    }

    /// Sends the request and returns the response whatever its status.
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::RequestBuilder;
    /// use mm_transport::http::{Method, StatusCode};
    ///
    /// let response = RequestBuilder::new(transport, Method::GET, "/api/v4/users/username/alice")
    ///     .send()
    ///     .await?;
    /// let exists = match response.status() {
    ///     StatusCode::NOT_FOUND => false,
    ///     _ => {
    ///         response.error_for_status()?; // any other failure is an error
    ///         true
    ///     }
    /// };
    /// # Ok(()) }
    /// ```
    pub fn send(self) -> crate::client::ResponseFuture {
        let min_server_version = self.min_server_version;
        match self.build() {
            Ok((transport, request)) => transport.execute(request, min_server_version),
            Err(error) => Box::pin(std::future::ready(Err(error))),
        }
    }

    /// [`send`](Self::send) from synchronous code (feature `blocking`): the response whatever
    /// its status.
    ///
    /// ```no_run
    /// # fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::{RequestBuilder, http::Method};
    ///
    /// let response = RequestBuilder::new(transport, Method::GET, "/api/v4/system/ping").send_blocking()?;
    /// println!("{}", response.status());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "blocking")]
    pub fn send_blocking(self) -> Result<Response, Error> {
        crate::blocking::block_on(self.send())
    }

    /// `.await` from synchronous code (feature `blocking`): the response, or an error for a
    /// status outside 2xx.
    ///
    /// ```no_run
    /// # fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::{RequestBuilder, http::Method};
    ///
    /// let me: serde_json::Value = RequestBuilder::new(transport, Method::GET, "/api/v4/users/me")
    ///     .call_blocking()?
    ///     .json()?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "blocking")]
    pub fn call_blocking(self) -> Result<Response, Error> {
        crate::blocking::block_on(std::future::IntoFuture::into_future(self))
    }

    /// Sends the request and returns the response with its body still streaming.
    ///
    /// The status is not checked, and the body is not size-limited: read it chunk by chunk.
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::BoxError> {
    /// use http_body_util::BodyExt;
    /// use mm_transport::RequestBuilder;
    /// use mm_transport::http::Method;
    ///
    /// let response = RequestBuilder::new(transport, Method::GET, "/api/v4/files/file-id")
    ///     .send_streaming()
    ///     .await?;
    /// if !response.status().is_success() {
    ///     return Err(format!("download failed: {}", response.status()).into());
    /// }
    /// let mut body = response.into_body();
    /// let mut written = 0;
    /// while let Some(frame) = body.frame().await {
    ///     if let Ok(chunk) = frame?.into_data() {
    ///         written += chunk.len(); // write it to a file here
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_streaming(self) -> Result<http::Response<Body>, Error> {
        let (transport, request) = self.build()?;
        transport.send_streaming(request).await
    }
}

impl IntoFuture for RequestBuilder {
    type Output = Result<Response, Error>;
    type IntoFuture = futures_util::future::Map<
        crate::client::ResponseFuture,
        fn(Result<Response, Error>) -> Result<Response, Error>,
    >;

    fn into_future(self) -> Self::IntoFuture {
        use futures_util::FutureExt;
        self.send().map(|result| result?.error_for_status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped_and_dot_segments_refused() {
        assert_eq!(encode_path_segment("id", "a/b c?").unwrap(), "a%2Fb%20c%3F");
        assert_eq!(encode_path_segment("id", "me").unwrap(), "me");
        assert_eq!(encode_path_segment("id", "ü").unwrap(), "%C3%BC");
        for bad in ["", ".", ".."] {
            let error = encode_path_segment("user_id", bad).unwrap_err();
            assert_eq!(error.kind(), crate::ErrorKind::InvalidRequest);
            assert!(error.to_string().contains("user_id"));
        }
    }

    #[test]
    fn query_pairs_are_escaped() {
        let mut path = "/api/v4/posts/search".to_owned();
        append_query(
            &mut path,
            &[
                ("terms".into(), "a&b=c d".into()),
                ("page".into(), "0".into()),
            ],
        );
        assert_eq!(path, "/api/v4/posts/search?terms=a%26b%3Dc%20d&page=0");
    }
}
