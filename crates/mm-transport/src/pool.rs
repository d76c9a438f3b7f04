//! The connections to the server, kept alive and reused.
//!
//! A transport talks to one server (its base URL: [`crate::BaseUrl`] refuses requests to any
//! other), so its pool is a list of idle HTTP/1.1 connections and at most one shared HTTP/2
//! connection, not a map keyed by host. hyper-util's general client keeps a map keyed by scheme
//! and host; for one server that key is the same on every request, yet hashing and comparing
//! it, the pool bookkeeping around it and a connector clone per request cost more instructions
//! than all of this transport's layers together (measured with callgrind, see the README).
//!
//! - HTTP/1.1: a connection goes back to the pool once its response body has been read to the
//!   end (a body dropped half-read closes it). Requests take the most recently used idle
//!   connection; one idle for the pool's idle timeout or longer is closed instead, when
//!   connections are taken or returned (a timeout of zero keeps none). A connection still
//!   busy when its response ends (a request body still being written) comes back once ready.
//! - HTTP/2 (when negotiated by ALPN): one connection carries every request at once; unused
//!   for the idle timeout, it is left to the requests still on it and the next request
//!   connects anew.
//! - A pooled connection the server closed while it sat idle is noticed before the request is
//!   written (hyper hands the request back), and the request goes to another connection.
//! - Requests sent elsewhere than the base URL's server (a custom layer may rewrite the URL)
//!   get a connection of their own, never pooled.
//!
//! Connections are made by the transport's connector (TLS, proxy tunnel) and driven by a task
//! on the current tokio runtime, as hyper-util's client does.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use http::header::HOST;
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderValue, Request, Response, Uri};
use hyper::body::Incoming;
#[cfg(feature = "http2")]
use hyper::client::conn::http2;
use hyper::client::conn::{TrySendError, http1};
#[cfg(feature = "http2")]
use hyper_util::client::legacy::connect::Connection as _;
use hyper_util::rt::TokioIo;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;
use tower::ServiceExt as _;

use crate::body::Body;
use crate::error::Error;
use crate::proxy::ProxyConnector;

/// What makes connections: TLS (or not) over TCP, through the proxy when one applies.
pub(crate) type Connector = hyper_rustls::HttpsConnector<ProxyConnector>;

type Io = hyper_rustls::MaybeHttpsStream<TokioIo<tokio::net::TcpStream>>;

/// The pool of one transport.
pub(crate) struct Pool {
    connector: Connector,
    scheme: Scheme,
    authority: Authority,
    /// `scheme://authority/`, for the connector.
    origin: Uri,
    /// The `Host` header of HTTP/1.1 requests to the server.
    host: HeaderValue,
    idle_timeout: Duration,
    /// The most idle HTTP/1.1 connections kept.
    max_idle: usize,
    idle: Mutex<Idle>,
}

#[derive(Default)]
struct Idle {
    /// Idle connections and since when, the most recently used last.
    http1: Vec<(http1::SendRequest<Body>, Instant)>,
    /// The shared HTTP/2 connection and when a request last took it.
    #[cfg(feature = "http2")]
    http2: Option<(http2::SendRequest<Body>, Instant)>,
}

/// A connection ready for a request.
enum Sender {
    Http1(http1::SendRequest<Body>),
    #[cfg(feature = "http2")]
    Http2(http2::SendRequest<Body>),
}

/// An HTTP/1.1 connection lent for one request; [`Pool::give_back`] returns it once the
/// response body has been read to the end. Dropped instead, the connection closes.
pub(crate) struct Lease(http1::SendRequest<Body>);

impl Pool {
    /// A pool of connections to `scheme://authority`.
    pub(crate) fn new(
        connector: Connector,
        scheme: Scheme,
        authority: Authority,
        idle_timeout: Duration,
        max_idle: usize,
    ) -> Result<Self, Error> {
        let host = host_header(&scheme, &authority).ok_or_else(|| {
            Error::config(format!(
                "the server's host {authority} cannot be sent in a Host header"
            ))
        })?;
        let origin = Uri::builder()
            .scheme(scheme.clone())
            .authority(authority.clone())
            .path_and_query("/")
            .build()
            .map_err(|e| Error::config(format!("the server's URL is not usable ({e})")))?;
        Ok(Self {
            connector,
            scheme,
            authority,
            origin,
            host,
            idle_timeout,
            max_idle: max_idle.max(1),
            idle: Mutex::new(Idle::default()),
        })
    }

    /// Sends `request` (its URI absolute) and returns the response head, with the connection to
    /// give back once the body is read when it is a pooled HTTP/1.1 one.
    pub(crate) async fn send(
        &self,
        mut request: Request<Body>,
    ) -> Result<(Response<Incoming>, Option<Lease>), Error> {
        if !self.is_ours(request.uri()) {
            return self.send_elsewhere(request).await;
        }
        // Each pass takes an idle connection out of the pool or opens one (and then returns), so
        // this ends; the bound guards against a connection that refuses without closing.
        for _ in 0..=self.max_idle {
            let (sender, reused) = match self.checkout() {
                Some(sender) => (sender, true),
                None => (self.connect(self.origin.clone(), true).await?, false),
            };
            match sender {
                Sender::Http1(mut send) => {
                    if let Err(error) = send.ready().await {
                        if reused {
                            continue; // closed while idle: take another
                        }
                        // Nothing was sent on the new connection.
                        return Err(Error::from_connect(error));
                    }
                    to_origin_form(&mut request, &self.host);
                    match send.try_send_request(request).await {
                        Ok(response) => return Ok((response, Some(Lease(send)))),
                        // Closed before the request was written: it goes on another.
                        Err(mut error) if reused && error.message().is_some() => {
                            let Some(mut unsent) = error.take_message() else {
                                return Err(unsent_or_not(error));
                            };
                            self.to_absolute_form(&mut unsent);
                            request = unsent;
                        }
                        Err(error) => return Err(unsent_or_not(error)),
                    }
                }
                #[cfg(feature = "http2")]
                Sender::Http2(mut send) => {
                    self.to_absolute_form(&mut request);
                    match send.try_send_request(request).await {
                        Ok(response) => return Ok((response, None)),
                        Err(mut error) if reused && error.message().is_some() => {
                            let Some(unsent) = error.take_message() else {
                                return Err(unsent_or_not(error));
                            };
                            self.forget_closed_http2();
                            request = unsent;
                        }
                        Err(error) => return Err(unsent_or_not(error)),
                    }
                }
            }
        }
        Err(Error::from_connect(std::io::Error::other(
            "no connection to the server would take the request",
        )))
    }

    /// Whether `uri` points at the pool's server.
    fn is_ours(&self, uri: &Uri) -> bool {
        // The base URL put its own authority there: the same text, compared without the
        // case-insensitive comparison of `Authority`'s `==` (which costs more than the pool).
        uri.scheme() == Some(&self.scheme)
            && uri.authority().is_some_and(|authority| {
                authority.as_str() == self.authority.as_str() || *authority == self.authority
            })
    }

    /// Returns a connection whose response body was read to the end, with the request's
    /// connection permit (released once the connection is back or closed).
    pub(crate) fn give_back(self: &Arc<Self>, lease: Lease, permit: Option<OwnedSemaphorePermit>) {
        let mut send = lease.0;
        if send.is_closed() || self.idle_timeout.is_zero() {
            return;
        }
        if send.is_ready() {
            self.keep(send);
            return;
        }
        // Still busy (a request body still being written after an early answer): it comes back
        // once ready, or closes if that takes longer than it may sit idle. Until then it still
        // counts against the connection limit, and it does not keep the pool alive.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let pool = Arc::downgrade(self);
        let idle_timeout = self.idle_timeout;
        runtime.spawn(async move {
            let ready = tokio::time::timeout(idle_timeout, send.ready()).await;
            if let (Ok(Ok(())), Some(pool)) = (ready, pool.upgrade()) {
                pool.keep(send);
            }
            drop(permit);
        });
    }

    fn keep(&self, send: http1::SendRequest<Body>) {
        let mut idle = self.lock();
        let now = Instant::now();
        // The oldest come first: once the first has sat too long, or the list is full, sweep.
        let expired = |since: Instant| now.saturating_duration_since(since) >= self.idle_timeout;
        if idle.http1.len() >= self.max_idle
            || idle.http1.first().is_some_and(|(_, since)| expired(*since))
        {
            idle.http1
                .retain(|(send, since)| !send.is_closed() && !expired(*since));
        }
        if idle.http1.len() < self.max_idle {
            idle.http1.push((send, now));
        }
    }

    /// The shared HTTP/2 connection, or the most recently used idle HTTP/1.1 one that is still
    /// open and not idle for too long.
    fn checkout(&self) -> Option<Sender> {
        let mut idle = self.lock();
        #[cfg(feature = "http2")]
        if let Some((send, last_used)) = &mut idle.http2 {
            // Unused for the idle timeout, it is left to the requests still on it and closes.
            let now = Instant::now();
            if !send.is_closed() && now.saturating_duration_since(*last_used) < self.idle_timeout {
                *last_used = now;
                return Some(Sender::Http2(send.clone()));
            }
            idle.http2 = None;
        }
        if idle.http1.is_empty() {
            return None;
        }
        let now = Instant::now();
        while let Some((send, since)) = idle.http1.pop() {
            if !send.is_closed() && now.saturating_duration_since(since) < self.idle_timeout {
                return Some(Sender::Http1(send));
            }
        }
        None
    }

    /// A new connection to `uri`'s server, HTTP/2 when ALPN chose it (then `shared` when it is
    /// to the base URL's server).
    async fn connect(&self, uri: Uri, shared: bool) -> Result<Sender, Error> {
        // The connection needs a task of its own: on the runtime of the call that opened it.
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::config("the transport's calls must run inside a tokio runtime"))?;
        // Boxed: the connect path is rare, and its future would make every request's larger.
        Box::pin(async move {
            let io = self
                .connector
                .clone()
                .oneshot(uri)
                .await
                .map_err(Error::from_connect)?;
            self.handshake(io, runtime, shared).await
        })
        .await
    }

    async fn handshake(
        &self,
        io: Io,
        runtime: tokio::runtime::Handle,
        shared: bool,
    ) -> Result<Sender, Error> {
        #[cfg(feature = "http2")]
        if io.connected().is_negotiated_h2() {
            let (send, connection) = http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
                .await
                .map_err(Error::from_connect)?;
            runtime.spawn(drive(connection));
            if shared && !self.idle_timeout.is_zero() {
                let mut idle = self.lock();
                if idle.http2.as_ref().is_none_or(|(kept, _)| kept.is_closed()) {
                    idle.http2 = Some((send.clone(), Instant::now()));
                }
            }
            return Ok(Sender::Http2(send));
        }
        #[cfg(not(feature = "http2"))]
        let _ = shared;
        let (send, connection) = http1::handshake(io).await.map_err(Error::from_connect)?;
        runtime.spawn(drive(connection));
        Ok(Sender::Http1(send))
    }

    /// A request to another server than the base URL's (a custom layer rewrote its URL): on a
    /// connection of its own, closed after the response.
    async fn send_elsewhere(
        &self,
        mut request: Request<Body>,
    ) -> Result<(Response<Incoming>, Option<Lease>), Error> {
        let (Some(scheme), Some(authority)) = (
            request.uri().scheme().cloned(),
            request.uri().authority().cloned(),
        ) else {
            return Err(Error::invalid_request(
                "the request URL has no scheme or host (a custom layer changed it?)",
            ));
        };
        let host = host_header(&scheme, &authority).ok_or_else(|| {
            Error::invalid_request(format!(
                "the request's host {authority} cannot be sent in a Host header"
            ))
        })?;
        match self.connect(request.uri().clone(), false).await? {
            Sender::Http1(mut send) => {
                // Nothing was sent on the new connection.
                send.ready().await.map_err(Error::from_connect)?;
                to_origin_form(&mut request, &host);
                let response = send.try_send_request(request).await;
                response.map(|r| (r, None)).map_err(unsent_or_not)
            }
            #[cfg(feature = "http2")]
            Sender::Http2(mut send) => {
                let response = send.try_send_request(request).await;
                response.map(|r| (r, None)).map_err(unsent_or_not)
            }
        }
    }

    /// The URI with the scheme and host: what HTTP/2 needs (hyper writes them as
    /// pseudo-headers), and what a request handed back needs to go on another connection.
    fn to_absolute_form(&self, request: &mut Request<Body>) {
        if request.uri().scheme().is_some() {
            return;
        }
        let mut parts = std::mem::take(request.uri_mut()).into_parts();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(self.authority.clone());
        if parts.path_and_query.is_none() {
            parts.path_and_query = Some(PathAndQuery::from_static("/"));
        }
        // Parts with a scheme, an authority and a path always make a URI.
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }

    #[cfg(feature = "http2")]
    fn forget_closed_http2(&self) {
        let mut idle = self.lock();
        if idle
            .http2
            .as_ref()
            .is_some_and(|(kept, _)| kept.is_closed())
        {
            idle.http2 = None;
        }
    }

    fn lock(&self) -> MutexGuard<'_, Idle> {
        // The lists stay consistent even if a thread panicked while holding the lock.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A request's failure: a connect error when hyper handed the request back unsent (the
/// connection closed first), else a transport error.
fn unsent_or_not(mut error: TrySendError<Request<Body>>) -> Error {
    match error.take_message() {
        Some(_) => Error::from_connect(error.into_error()),
        None => Error::from_client(error.into_error()),
    }
}

/// For HTTP/1.1: the path and query only (the request line's origin form), the host in `Host`.
fn to_origin_form(request: &mut Request<Body>, host: &HeaderValue) {
    if request.uri().scheme().is_some() {
        let path = request
            .uri()
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        *request.uri_mut() = Uri::from(path);
    }
    request
        .headers_mut()
        .entry(HOST)
        .or_insert_with(|| host.clone());
}

/// `host[:port]`, the port only when it is not the scheme's default (as browsers and
/// hyper-util send it).
fn host_header(scheme: &Scheme, authority: &Authority) -> Option<HeaderValue> {
    let default_port = if *scheme == Scheme::HTTPS { 443 } else { 80 };
    let host = authority.host();
    let value = match authority.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    };
    HeaderValue::from_str(&value).ok()
}

/// Drives a connection until it closes. Its errors reach the request they concern.
async fn drive<C, E>(connection: C)
where
    C: std::future::Future<Output = Result<(), E>>,
    E: std::fmt::Display,
{
    if let Err(error) = connection.await {
        tracing::debug!(%error, "connection closed with an error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_keeps_only_a_port_that_is_not_the_default() {
        let host = |scheme: Scheme, authority: &str| {
            host_header(&scheme, &authority.parse().unwrap()).unwrap()
        };
        assert_eq!(host(Scheme::HTTP, "chat.example.com"), "chat.example.com");
        assert_eq!(
            host(Scheme::HTTP, "chat.example.com:80"),
            "chat.example.com"
        );
        assert_eq!(
            host(Scheme::HTTPS, "chat.example.com:443"),
            "chat.example.com"
        );
        assert_eq!(
            host(Scheme::HTTPS, "chat.example.com:80"),
            "chat.example.com:80"
        );
        assert_eq!(host(Scheme::HTTP, "127.0.0.1:8065"), "127.0.0.1:8065");
        assert_eq!(host(Scheme::HTTP, "[::1]:8065"), "[::1]:8065");
    }

    #[test]
    fn origin_form_keeps_the_path_and_query_and_sets_the_host() {
        let mut request = Request::new(Body::empty());
        *request.uri_mut() = "http://127.0.0.1:8065/api/v4/users?page=2".parse().unwrap();
        to_origin_form(&mut request, &HeaderValue::from_static("127.0.0.1:8065"));
        assert_eq!(request.uri(), "/api/v4/users?page=2");
        assert_eq!(request.headers()[HOST], "127.0.0.1:8065");

        let mut own_host = Request::new(Body::empty());
        *own_host.uri_mut() = "http://127.0.0.1:8065/".parse().unwrap();
        own_host
            .headers_mut()
            .insert(HOST, HeaderValue::from_static("virtual.example.com"));
        to_origin_form(&mut own_host, &HeaderValue::from_static("127.0.0.1:8065"));
        assert_eq!(own_host.headers()[HOST], "virtual.example.com");
    }
}
