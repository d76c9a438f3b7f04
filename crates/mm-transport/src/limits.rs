//! What the transport accepts from a server: how large a body, how long a call, how many
//! connections. A hostile or broken server gets a clear error, never unbounded memory or a
//! call that hangs.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body::Frame;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{BoxError, Error, ErrorKind};
use crate::pool::{Lease, Pool};

/// The default largest response body read into memory: 128 MiB (Mattermost's default largest
/// upload is 100 MB, so a file download fits).
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 128 << 20;
/// The most of an error body read (for its message): 64 KiB. The rest is not read.
pub const DEFAULT_MAX_ERROR_BODY: usize = 64 << 10;
/// The default deadline of a whole call, all attempts and the waits between them: 60 s.
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// The default most connections (so requests in flight) to the server at once: 64.
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;

/// The limits of a [`crate::Transport`].
///
/// Change some and keep the defaults for the rest:
///
/// ```
/// use std::time::Duration;
/// use mm_transport::{BaseUrl, Limits, Transport};
///
/// let limits = Limits {
///     max_response_size: 16 << 20,                   // 16 MiB
///     call_timeout: Some(Duration::from_secs(120)),  // retries included
///     max_connections: 8,
///     ..Limits::default()
/// };
/// let transport = Transport::builder(BaseUrl::parse("https://chat.example.com")?)
///     .limits(limits)
///     .build()?;
/// assert_eq!(transport.limits().max_connections, 8);
/// assert_eq!(transport.limits().max_error_body, mm_transport::limits::DEFAULT_MAX_ERROR_BODY);
/// # Ok::<(), mm_transport::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest successful response body read into memory; a larger one fails the call with
    /// [`ErrorKind::BodyTooLarge`] as soon as it is known (a `Content-Length`) or reached.
    pub max_response_size: usize,
    /// The most of a non-success body read for the error message; the rest is dropped.
    pub max_error_body: usize,
    /// The deadline of a whole call (every attempt, and the waits between them); `None` for none.
    pub call_timeout: Option<Duration>,
    /// For streamed bodies ([`crate::Transport::send_streaming`]): the longest wait for the
    /// next chunk; `None` for none.
    pub stream_idle_timeout: Option<Duration>,
    /// The most requests in flight (so connections) at once; more wait for a free one.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            max_error_body: DEFAULT_MAX_ERROR_BODY,
            call_timeout: Some(DEFAULT_CALL_TIMEOUT),
            stream_idle_timeout: Some(crate::timeout::DEFAULT_TIMEOUT),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// The error of a body over the limit.
pub(crate) fn too_large(limit: usize) -> Error {
    Error::new(
        ErrorKind::BodyTooLarge,
        format!("the response body is larger than the limit of {limit} bytes"),
    )
}

/// Reads a body into memory, at most `limit` bytes: over it, `truncate` keeps the first
/// `limit` bytes and stops reading (error bodies), otherwise the read fails with
/// [`ErrorKind::BodyTooLarge`]. One chunk is kept as is (no copy).
pub(crate) struct Collect {
    first: Option<Bytes>,
    rest: Option<BytesMut>,
    len: usize,
    limit: usize,
    truncate: bool,
    /// Whether the body was read to its end (not cut at the limit, not failed).
    ended: bool,
}

impl Collect {
    pub(crate) fn new(limit: usize, truncate: bool) -> Self {
        Self {
            first: None,
            rest: None,
            len: 0,
            limit,
            truncate,
            ended: false,
        }
    }

    /// Whether the body was read to its end: its connection can carry another request.
    pub(crate) fn reached_end(&self) -> bool {
        self.ended
    }

    /// Polls `body` until its end, the limit, or an error.
    pub(crate) fn poll<B>(
        &mut self,
        mut body: Pin<&mut B>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Bytes, Error>>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<BoxError>,
    {
        loop {
            let frame = match body.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    self.ended = true;
                    return Poll::Ready(Ok(self.take()));
                }
                Poll::Ready(Some(Err(error))) => {
                    return Poll::Ready(Err(crate::body::body_error(error)));
                }
                Poll::Ready(Some(Ok(frame))) => frame,
            };
            let Ok(mut data) = frame.into_data() else {
                continue; // trailers
            };
            if self.len + data.len() > self.limit {
                if !self.truncate {
                    return Poll::Ready(Err(too_large(self.limit)));
                }
                data.truncate(self.limit - self.len);
                self.push(data);
                return Poll::Ready(Ok(self.take()));
            }
            self.push(data);
        }
    }

    fn push(&mut self, data: Bytes) {
        self.len += data.len();
        match (&mut self.first, &mut self.rest) {
            (None, None) => self.first = Some(data),
            (Some(first), None) => {
                let mut rest = BytesMut::with_capacity(first.len() + data.len());
                rest.extend_from_slice(first);
                rest.extend_from_slice(&data);
                self.first = None;
                self.rest = Some(rest);
            }
            (_, Some(rest)) => rest.extend_from_slice(&data),
        }
    }

    fn take(&mut self) -> Bytes {
        match (self.first.take(), self.rest.take()) {
            (_, Some(rest)) => rest.freeze(),
            (Some(first), None) => first,
            (None, None) => Bytes::new(),
        }
    }
}

/// The connection cap: a permit per request in flight.
#[derive(Clone)]
pub(crate) struct Permits(Arc<Semaphore>);

impl Permits {
    pub(crate) fn new(max: usize) -> Self {
        Self(Arc::new(Semaphore::new(max.max(1))))
    }

    /// A permit: at once, without allocating, when one is free; else once one is. `None` only
    /// if the semaphore was closed (it never is).
    pub(crate) async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        match self.0.clone().try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => self.0.clone().acquire_owned().await.ok(),
        }
    }
}

pin_project_lite::pin_project! {
    /// A streamed response body that fails with [`ErrorKind::Timeout`] when no chunk arrives
    /// for `idle`, and holds its connection permit until it ends.
    pub(crate) struct IdleBody<B> {
        #[pin]
        body: B,
        idle: Option<Duration>,
        sleep: Option<Pin<Box<tokio::time::Sleep>>>,
        permit: Option<OwnedSemaphorePermit>,
        // The connection, given back to its pool when the body ends.
        returns: Option<(Arc<Pool>, Lease)>,
    }
}

impl<B> IdleBody<B> {
    pub(crate) fn new(
        body: B,
        idle: Option<Duration>,
        permit: Option<OwnedSemaphorePermit>,
        returns: Option<(Arc<Pool>, Lease)>,
    ) -> Self {
        Self {
            body,
            idle,
            sleep: idle.map(|idle| Box::pin(tokio::time::sleep(idle))),
            permit,
            returns,
        }
    }
}

impl<B> http_body::Body for IdleBody<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.project();
        match this.body.poll_frame(cx) {
            Poll::Ready(frame) => {
                if let Some(idle) = *this.idle {
                    // An idle limit too large for the clock means none.
                    match tokio::time::Instant::now().checked_add(idle) {
                        Some(deadline) => {
                            if let Some(sleep) = this.sleep.as_mut() {
                                sleep.as_mut().reset(deadline);
                            }
                        }
                        None => *this.sleep = None,
                    }
                }
                if frame.is_none() {
                    let permit = this.permit.take();
                    if let Some((pool, lease)) = this.returns.take() {
                        pool.give_back(lease, permit);
                    }
                }
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => {
                let expired = this
                    .sleep
                    .as_mut()
                    .is_some_and(|sleep| sleep.as_mut().poll(cx).is_ready());
                if !expired {
                    return Poll::Pending;
                }
                {
                    *this.permit = None;
                    let idle = this.idle.unwrap_or_default();
                    Poll::Ready(Some(Err(Box::new(Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "no part of the streamed body arrived for {}",
                            crate::error::fmt_duration(idle)
                        ),
                    )))))
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
