//! The transport's connections: kept alive and reused, replaced when the server closes them,
//! never reused with a response left half-read.

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, Uri};
use http_body_util::BodyExt;
use mm_driver::{Body, Driver};
use mm_transport::{BaseUrl, Limits, Transport, TransportBuilder};
use tests::{Reply, ScriptedServer, TestPki, user_json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tower::{Layer, Service};

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

/// A failure must show, not be retried away.
fn no_retries() -> mm_transport::RetryConfig {
    mm_transport::RetryConfig {
        max_retries: 0,
        ..Default::default()
    }
}

/// A transport to `url` that does not retry.
fn transport(url: &str) -> TransportBuilder {
    Transport::builder(BaseUrl::parse(url).unwrap()).retry(no_retries())
}

/// A transport to `url` that does not retry, trusts `pki` and offers HTTP/2.
fn http2_transport(url: &str, pki: &TestPki) -> TransportBuilder {
    let tls = mm_transport::TlsConfig::new()
        .with_ca_pem(pki.ca_pem.as_bytes())
        .unwrap();
    transport(url).tls(tls).http2(true)
}

fn connections(server: &ScriptedServer) -> Vec<usize> {
    server.requests().iter().map(|r| r.connection).collect()
}

#[tokio::test]
async fn sequential_requests_share_one_connection() {
    let server = ScriptedServer::start(|_| Reply::json(200, user_json("u1", "alice"))).await;
    let driver = Driver::builder().url(server.url()).build().unwrap();
    for _ in 0..3 {
        driver.users().get_user("u1").await.unwrap();
    }
    assert_eq!(connections(&server), vec![0, 0, 0]);
    let host = server.requests()[0].header("host").map(str::to_owned);
    assert_eq!(host, Some(server.addr.to_string()));
}

#[tokio::test]
async fn a_connection_the_server_ends_with_its_response_is_replaced() {
    let server = ScriptedServer::sequence(vec![
        Reply::json(200, serde_json::json!({})).header("connection", "close"),
        Reply::json(200, serde_json::json!({})),
    ])
    .await;
    let transport = transport(&server.url()).build().unwrap();
    for _ in 0..3 {
        assert_eq!(transport.send(get("/x")).await.unwrap().status(), 200);
    }
    assert_eq!(connections(&server), vec![0, 1, 1]);
}

/// A raw HTTP/1.1 server on 127.0.0.1: `serve` gets each connection with its number (0, 1, ...)
/// and a sender for what it tells the test.
async fn raw_server<F, Fut>(serve: F) -> (SocketAddr, UnboundedReceiver<usize>)
where
    F: Fn(BufReader<TcpStream>, usize, UnboundedSender<usize>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tell, told) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        for connection in 0.. {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(serve(BufReader::new(stream), connection, tell.clone()));
        }
    });
    (addr, told)
}

/// A request's head, lowercased; `None` once the client closed the connection.
async fn read_head(stream: &mut BufReader<TcpStream>) -> Option<String> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return None;
        }
        if line == "\r\n" {
            return Some(head);
        }
        head.push_str(&line.to_ascii_lowercase());
    }
}

/// A server that answers one request per connection with keep-alive, then closes the connection
/// and says so (as a server's idle timeout does).
async fn closing_server() -> (SocketAddr, UnboundedReceiver<usize>) {
    raw_server(|mut stream, connection, closed| async move {
        if read_head(&mut stream).await.is_some() {
            let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}";
            let _ = stream.get_mut().write_all(ok).await;
        }
        drop(stream);
        let _ = closed.send(connection);
    })
    .await
}

#[tokio::test]
async fn a_connection_closed_while_idle_is_replaced_without_a_retry() {
    let (addr, mut closes) = closing_server().await;
    let transport = transport(&format!("http://{addr}")).build().unwrap();
    for expected in 0..3 {
        assert_eq!(transport.send(get("/x")).await.unwrap().status(), 200);
        // The server has closed the connection before the next request starts.
        assert_eq!(closes.recv().await, Some(expected));
    }
}

#[tokio::test]
async fn an_idle_timeout_of_zero_keeps_no_connection() {
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let transport = transport(&server.url())
        .pool_idle_timeout(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..3 {
        transport.send(get("/x")).await.unwrap();
    }
    assert_eq!(connections(&server), vec![0, 1, 2]);
}

#[tokio::test]
async fn a_stream_read_to_its_end_frees_its_connection_and_one_dropped_half_read_does_not() {
    let big = Bytes::from(vec![b'x'; 4 << 20]);
    let server = ScriptedServer::start(move |_| Reply::status(200).body(big.clone())).await;
    let transport = transport(&server.url()).build().unwrap();

    let whole = transport.send_streaming(get("/file")).await.unwrap();
    let read = whole.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(read.len(), 4 << 20);
    let mut half = transport.send_streaming(get("/file")).await.unwrap();
    let first = half.body_mut().frame().await.unwrap().unwrap();
    assert!(first.data_ref().is_some_and(|d| d.len() < 4 << 20));
    drop(half);
    transport.send(get("/x")).await.unwrap();
    assert_eq!(connections(&server), vec![0, 0, 1]);
}

#[tokio::test]
async fn an_error_body_cut_at_its_limit_closes_its_connection() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(404).body("not found"),
        Reply::status(500).body(vec![b'e'; 256 << 10]),
        Reply::json(200, serde_json::json!({})),
    ])
    .await;
    let limits = Limits {
        max_error_body: 1024,
        ..Limits::default()
    };
    let transport = transport(&server.url()).limits(limits).build().unwrap();
    for status in [404, 500, 200] {
        assert_eq!(transport.send(get("/x")).await.unwrap().status(), status);
    }
    // The whole 404 body was read: its connection carried the 500, which was cut.
    assert_eq!(connections(&server), vec![0, 0, 1]);
}

#[tokio::test]
async fn requests_in_flight_use_at_most_the_connection_limit() {
    let server = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let limits = Limits {
        max_connections: 2,
        ..Limits::default()
    };
    let transport = transport(&server.url()).limits(limits).build().unwrap();
    let calls = (0..16).map(|_| transport.send(get("/x")));
    for response in futures_util::future::join_all(calls).await {
        assert_eq!(response.unwrap().status(), 200);
    }
    let used = connections(&server);
    assert_eq!(used.len(), 16);
    assert!(used.iter().all(|&c| c < 2), "{used:?}");
}

#[tokio::test]
async fn http2_requests_share_one_connection() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let driver = Driver::builder()
        .url(server.https_url())
        .ca_pem(pki.ca_pem.as_bytes())
        .http2(true)
        .max_retries(0)
        .build()
        .unwrap();
    let calls = (0..8).map(|_| driver.users().get_user("u1").into_future());
    for user in futures_util::future::join_all(calls).await {
        user.unwrap();
    }
    driver.users().get_user("u1").await.unwrap();
    let requests = server.requests();
    assert!(requests.iter().all(|r| r.version == http::Version::HTTP_2));
    // The first requests may each open one before the first is up; then one carries all.
    assert_eq!(
        requests.last().map(|r| r.connection),
        Some(0),
        "{requests:?}"
    );
}

/// A layer sending requests to another server: all of them, or those whose path starts with
/// `/elsewhere`.
#[derive(Clone)]
struct Redirect(Uri, bool);

impl<S> Layer<S> for Redirect {
    type Service = RedirectService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RedirectService(self.clone(), inner)
    }
}

#[derive(Clone)]
struct RedirectService<S>(Redirect, S);

impl<S: Service<Request<Body>, Response = Response<Body>>> Service<Request<Body>>
    for RedirectService<S>
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.1.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Body>) -> S::Future {
        let Redirect(target, all) = &self.0;
        if *all || request.uri().path().starts_with("/elsewhere") {
            let mut parts = target.clone().into_parts();
            parts.path_and_query = request.uri().path_and_query().cloned();
            *request.uri_mut() = Uri::from_parts(parts).unwrap();
        }
        self.1.call(request)
    }
}

#[tokio::test]
async fn a_layer_may_send_a_request_to_another_server() {
    let ours = ScriptedServer::start(|_| Reply::json(200, serde_json::json!({}))).await;
    let other = Arc::new(ScriptedServer::start(|_| Reply::json(201, serde_json::json!({}))).await);
    let transport = transport(&ours.url())
        .layer(Redirect(other.url().parse().unwrap(), true))
        .build()
        .unwrap();
    for _ in 0..2 {
        let response = transport.send(get("/api/v4/x?y=1")).await.unwrap();
        assert_eq!(response.status(), 201);
    }
    assert_eq!(ours.request_count(), 0);
    let seen = other.requests();
    assert_eq!(seen[0].path, "/api/v4/x");
    assert_eq!(seen[0].query.as_deref(), Some("y=1"));
    assert_eq!(
        seen[0].header("host"),
        Some(other.addr.to_string().as_str())
    );
    // Not pooled: a connection each.
    assert_eq!(connections(&other), vec![0, 1]);
}

#[tokio::test]
async fn an_http2_connection_to_another_server_is_never_shared() {
    let pki = TestPki::new();
    let reply = |status| move |_: &tests::Recorded| Reply::json(status, serde_json::json!({}));
    let ours = ScriptedServer::start_with_tls(reply(200), Some(pki.server_config.clone())).await;
    let other = ScriptedServer::start_with_tls(reply(201), Some(pki.server_config.clone())).await;
    let transport = http2_transport(&ours.https_url(), &pki)
        .layer(Redirect(other.https_url().parse().unwrap(), false))
        .build()
        .unwrap();
    // The other server's HTTP/2 connection comes first; ours must still get our requests.
    let statuses = [
        transport.send(get("/elsewhere/a")).await.unwrap().status(),
        transport.send(get("/api/v4/b")).await.unwrap().status(),
        transport.send(get("/api/v4/c")).await.unwrap().status(),
    ];
    assert_eq!(statuses, [201, 200, 200]);
    assert_eq!(other.request_count(), 1);
    let seen: Vec<_> = ours
        .requests()
        .iter()
        .map(|r| (r.path.clone(), r.version))
        .collect();
    assert_eq!(
        seen,
        [
            ("/api/v4/b".to_owned(), http::Version::HTTP_2),
            ("/api/v4/c".to_owned(), http::Version::HTTP_2)
        ]
    );
    assert_eq!(connections(&ours), vec![0, 0]);
}

/// A server that answers an upload (a chunked request) at once with 401, before reading it, as a
/// server refusing an upload does, then reads the rest; other requests get 200. It says which
/// connection carried each request.
async fn early_answering_server() -> (SocketAddr, UnboundedReceiver<usize>) {
    raw_server(|mut stream, connection, served| async move {
        while let Some(head) = read_head(&mut stream).await {
            let _ = served.send(connection);
            if !head.contains("transfer-encoding: chunked") {
                let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
                let _ = stream.get_mut().write_all(ok).await;
                continue;
            }
            let refused = b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n";
            let _ = stream.get_mut().write_all(refused).await;
            loop {
                let mut size = String::new();
                if stream.read_line(&mut size).await.unwrap_or(0) == 0 {
                    return;
                }
                let size = usize::from_str_radix(size.trim(), 16).unwrap();
                let mut chunk = vec![0; size + 2];
                if stream.read_exact(&mut chunk).await.is_err() || size == 0 {
                    break;
                }
            }
        }
    })
    .await
}

#[tokio::test]
async fn a_connection_still_sending_its_request_body_is_not_handed_to_the_next_request() {
    let (addr, mut served) = early_answering_server().await;
    let transport = transport(&format!("http://{addr}")).build().unwrap();
    let (chunks, chunks_out) = tokio::sync::mpsc::unbounded_channel::<Bytes>();
    let upload = futures_util::stream::unfold(chunks_out, |mut chunks| async move {
        let chunk = chunks.recv().await?;
        Some((Ok::<_, std::io::Error>(chunk), chunks))
    });
    chunks.send(Bytes::from_static(b"first part")).unwrap();
    let refused = Request::post("/api/v4/files")
        .body(Body::from_stream(upload))
        .unwrap();
    assert_eq!(transport.send(refused).await.unwrap().status(), 401);
    // The upload is still being sent on connection 0: the next request must not wait for it.
    // (The timeout only bounds a failure; a correct pool answers at once.)
    let next = tokio::time::timeout(Duration::from_secs(10), transport.send(get("/x"))).await;
    assert_eq!(
        next.expect("waited on a busy connection").unwrap().status(),
        200
    );
    drop(chunks);
    assert_eq!(served.recv().await, Some(0));
    assert_eq!(served.recv().await, Some(1));
}

#[tokio::test]
async fn an_idle_timeout_of_zero_keeps_no_http2_connection_either() {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let transport = http2_transport(&server.https_url(), &pki)
        .pool_idle_timeout(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..3 {
        transport.send(get("/x")).await.unwrap();
    }
    let requests = server.requests();
    assert!(requests.iter().all(|r| r.version == http::Version::HTTP_2));
    assert_eq!(connections(&server), vec![0, 1, 2]);
}

#[tokio::test]
async fn the_driver_passes_its_idle_timeout_to_the_pool() {
    let server = ScriptedServer::start(|_| Reply::json(200, user_json("u1", "alice"))).await;
    let driver = Driver::builder()
        .url(server.url())
        .pool_idle_timeout(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..2 {
        driver.users().get_user("u1").await.unwrap();
    }
    assert_eq!(connections(&server), vec![0, 1]);
}
