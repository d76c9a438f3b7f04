//! Request and response bodies: buffered (cloneable, so retryable) or streaming (never retried).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, TryStreamExt};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use http_body_util::combinators::UnsyncBoxBody;

use crate::error::{BoxError, Error};

/// An HTTP body. Buffered bodies can be replayed by the retry layer; streaming ones cannot.
///
/// `Debug` shows only the size, never the content: request bodies carry passwords at login.
///
/// ```
/// use mm_transport::Body;
///
/// let json = Body::json(&serde_json::json!({"login_id": "alice", "password": "my-password"}))?;
/// assert_eq!(format!("{json:?}"), "Body(buffered, 45 bytes)"); // the content never shows
/// assert!(json.is_replayable()); // buffered: the retry layer can send it again
///
/// let text = Body::from("hello");
/// assert_eq!(text.as_bytes(), Some(&b"hello"[..]));
/// let copy = text.try_clone().expect("buffered bodies can be copied");
/// assert_eq!(copy.as_bytes(), text.as_bytes());
///
/// assert_eq!(Body::empty().as_bytes(), Some(&b""[..]));
/// # Ok::<(), mm_transport::Error>(())
/// ```
pub struct Body {
    inner: Inner,
}

enum Inner {
    Buffered(Option<Bytes>),
    /// A response body straight from hyper, unboxed: the common case stays allocation-free.
    Incoming(hyper::body::Incoming),
    /// A streamed response body, with its idle timeout and connection permit.
    Watched(Pin<Box<crate::limits::IdleBody<hyper::body::Incoming>>>),
    Streaming(UnsyncBoxBody<Bytes, BoxError>),
}

impl Body {
    /// An empty (buffered) body.
    pub fn empty() -> Self {
        Self {
            inner: Inner::Buffered(None),
        }
    }

    /// A buffered body holding `bytes`.
    pub fn buffered(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        Self {
            inner: Inner::Buffered((!bytes.is_empty()).then_some(bytes)),
        }
    }

    /// A buffered body holding `value` serialized as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Self, Error> {
        serde_json::to_vec(value).map(Self::buffered).map_err(|e| {
            Error::invalid_request(format!(
                "the request body could not be serialized as JSON ({e})"
            ))
        })
    }

    /// A streaming body from a stream of byte chunks. It is sent once and never retried.
    ///
    /// ```
    /// use mm_transport::Body;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), mm_transport::Error> {
    /// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>("id,total\n"), Ok("1,2\n")]);
    /// let body = Body::from_stream(chunks);
    /// assert!(!body.is_replayable() && body.try_clone().is_none());
    /// assert_eq!(body.collect_bytes().await?, "id,total\n1,2\n");
    /// # Ok(()) }
    /// ```
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<BoxError> + 'static,
    {
        let frames = stream
            .map_ok(|chunk| Frame::data(chunk.into()))
            .map_err(Into::into);
        Self::wrap(http_body_util::StreamBody::new(frames))
    }

    /// A streaming body from any [`http_body::Body`] (a hyper `Incoming`, say).
    ///
    /// ```
    /// use mm_transport::Body;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), mm_transport::Error> {
    /// let body = Body::wrap(http_body_util::Full::new(bytes::Bytes::from_static(b"payload")));
    /// assert!(!body.is_replayable());
    /// assert_eq!(body.collect_bytes().await?, "payload");
    /// # Ok(()) }
    /// ```
    pub fn wrap<B>(body: B) -> Self
    where
        B: http_body::Body + Send + 'static,
        B::Data: Into<Bytes>,
        B::Error: Into<BoxError>,
    {
        let body = body
            .map_frame(|frame| frame.map_data(Into::into))
            .map_err(Into::into);
        Self {
            inner: Inner::Streaming(UnsyncBoxBody::new(body)),
        }
    }

    /// A response body from hyper.
    pub fn incoming(body: hyper::body::Incoming) -> Self {
        Self {
            inner: Inner::Incoming(body),
        }
    }

    /// A streamed response body from hyper, failing when idle too long.
    pub(crate) fn watched(body: crate::limits::IdleBody<hyper::body::Incoming>) -> Self {
        Self {
            inner: Inner::Watched(Box::pin(body)),
        }
    }

    /// Whether the body can be sent again (it is buffered).
    pub fn is_replayable(&self) -> bool {
        matches!(self.inner, Inner::Buffered(_))
    }

    /// A copy of a buffered body; `None` for a streaming body.
    pub fn try_clone(&self) -> Option<Self> {
        match &self.inner {
            Inner::Buffered(bytes) => Some(Self {
                inner: Inner::Buffered(bytes.clone()),
            }),
            Inner::Incoming(_) | Inner::Watched(_) | Inner::Streaming(_) => None,
        }
    }

    /// The bytes of a buffered body; `None` for a streaming body.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Buffered(bytes) => Some(bytes.as_deref().unwrap_or_default()),
            Inner::Incoming(_) | Inner::Watched(_) | Inner::Streaming(_) => None,
        }
    }

    /// Reads the whole body into memory.
    ///
    /// Nothing bounds the size here: for a response body of unknown size, prefer
    /// [`Transport::send`](crate::Transport::send), which honours
    /// [`Limits::max_response_size`](crate::Limits::max_response_size).
    ///
    /// ```no_run
    /// # async fn run(transport: mm_transport::Transport) -> Result<(), mm_transport::Error> {
    /// use mm_transport::RequestBuilder;
    /// use mm_transport::http::Method;
    ///
    /// let response = RequestBuilder::new(transport, Method::GET, "/api/v4/files/file-id")
    ///     .send_streaming()
    ///     .await?;
    /// let bytes = response.into_body().collect_bytes().await?;
    /// # Ok(()) }
    /// ```
    pub async fn collect_bytes(self) -> Result<Bytes, Error> {
        let collected = match self.inner {
            Inner::Buffered(bytes) => return Ok(bytes.unwrap_or_default()),
            Inner::Incoming(body) => body.collect().await.map_err(BoxError::from),
            Inner::Watched(body) => body.collect().await,
            Inner::Streaming(body) => body.collect().await,
        };
        collected.map(|c| c.to_bytes()).map_err(body_error)
    }
}

/// The error for a body that could not be read to its end.
pub(crate) fn body_error(error: impl Into<BoxError>) -> Error {
    let error = match error.into().downcast::<Error>() {
        // Already one of ours (an idle timeout of a streamed body, say).
        Ok(error) => return *error,
        Err(other) => Error::from_client(other),
    };
    if error.kind() == crate::ErrorKind::Transport {
        Error::new(
            crate::ErrorKind::Transport,
            "the connection broke before the whole body arrived (truncated body)",
        )
        .with_source(error)
    } else {
        error
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Buffered(bytes) => {
                write!(
                    f,
                    "Body(buffered, {} bytes)",
                    bytes.as_ref().map_or(0, Bytes::len)
                )
            }
            Inner::Incoming(_) | Inner::Watched(_) | Inner::Streaming(_) => {
                f.write_str("Body(streaming)")
            }
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Self::buffered(bytes)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Self::buffered(bytes)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Self::buffered(text)
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Self {
        Self::buffered(text)
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Self::buffered(bytes)
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.inner {
            Inner::Buffered(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Inner::Incoming(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
            Inner::Watched(body) => body.as_mut().poll_frame(cx),
            Inner::Streaming(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.inner {
            Inner::Buffered(bytes) => bytes.is_none(),
            Inner::Incoming(body) => body.is_end_stream(),
            Inner::Watched(body) => body.is_end_stream(),
            Inner::Streaming(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.inner {
            Inner::Buffered(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Inner::Incoming(body) => body.size_hint(),
            Inner::Watched(body) => body.size_hint(),
            Inner::Streaming(body) => body.size_hint(),
        }
    }
}
