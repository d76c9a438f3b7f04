//! Hostile servers: one small server per case on 127.0.0.1, as an attacker or a broken proxy
//! would answer. Each case asserts the error kind, bounded memory (peak heap, measured with a
//! counting allocator) and bounded time; none may panic, hang or leak a secret.
//!
//! The cases run one at a time (a lock), so that the peak heap of one is not another's.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use mm_driver::{Driver, ErrorKind};
use peak_alloc::PeakAlloc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

/// A server running `script` on every connection; counts connections and the most open at once.
struct Hostile {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    most_at_once: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hostile {
    async fn start(script: fn(TcpStream) -> BoxFuture<'static, ()>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let open = Arc::new(AtomicUsize::new(0));
        let (count, most) = (connections.clone(), most_at_once.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let now_open = open.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now_open, Ordering::SeqCst);
                let open = open.clone();
                tokio::spawn(async move {
                    script(stream).await;
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self {
            addr,
            connections,
            most_at_once,
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// Reads one request head (enough for these scripts).
async fn read_request(stream: &mut TcpStream) {
    let mut buffer = vec![0u8; 8192];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Reads a request and answers `raw`, as is.
async fn answer(stream: &mut TcpStream, raw: &[u8]) {
    read_request(stream).await;
    let _ = stream.write_all(raw).await;
}

/// Answers every request of a kept-alive connection with `raw`, `delay` after reading it.
async fn answer_every_request_after(stream: &mut TcpStream, delay: Duration, raw: &[u8]) {
    loop {
        read_request(stream).await;
        tokio::time::sleep(delay).await;
        if stream.write_all(raw).await.is_err() {
            return;
        }
    }
}

fn driver(url: &str) -> mm_driver::DriverBuilder {
    Driver::builder().url(url).token("hostile-test-token")
}

/// Runs `case` and returns its peak heap growth in bytes.
async fn peak_heap_of<F: std::future::Future<Output = ()>>(case: F) -> usize {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    case.await;
    HEAP.peak_usage().saturating_sub(before)
}

const MIB: usize = 1 << 20;

#[tokio::test]
async fn a_declared_2_gib_body_is_refused_before_it_is_read() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let chunk = vec![b' '; 64 << 10];
            while stream.write_all(&chunk).await.is_ok() {}
        })
    })
    .await;
    let started = Instant::now();
    let peak = peak_heap_of(async {
        let error = driver(&server.url())
            .build()
            .unwrap()
            .get("/api/v4/users/me")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error}");
        assert!(
            error.to_string().contains("GET /api/v4/users/me"),
            "{error}"
        );
    })
    .await;
    assert!(peak < 8 * MIB, "peak heap {peak} bytes");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let data = vec![b' '; 64 << 10];
            let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
            chunk.extend_from_slice(&data);
            chunk.extend_from_slice(b"\r\n");
            while stream.write_all(&chunk).await.is_ok() {}
        })
    })
    .await;
    let peak = peak_heap_of(async {
        let error = driver(&server.url())
            .max_response_size(4 * MIB)
            .build()
            .unwrap()
            .get("/api/v4/users")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error}");
    })
    .await;
    assert!(peak < 16 * MIB, "peak heap {peak} bytes for a 4 MiB limit");
    assert_eq!(
        server.connections(),
        1,
        "a body over the limit is not retried"
    );
}

#[tokio::test]
async fn a_10_mib_error_message_gives_a_bounded_error() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            // Written piece by piece, so that the server's own memory does not count.
            let prefix = r#"{"id":"api.hostile","message":""#;
            let suffix = r#"","detailed_error":"","request_id":"r","status_code":400}"#;
            let length = prefix.len() + 10 * MIB + suffix.len();
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(prefix.as_bytes()).await;
            let piece = [b'x'; 64 << 10];
            for _ in 0..(10 * MIB / piece.len()) {
                if stream.write_all(&piece).await.is_err() {
                    return;
                }
            }
            let _ = stream.write_all(suffix.as_bytes()).await;
        })
    })
    .await;
    let peak = peak_heap_of(async {
        let error = driver(&server.url())
            .build()
            .unwrap()
            .get("/api/v4/teams")
            .await
            .unwrap_err();
        // Only the first 64 KiB are read: the message is not valid JSON then, so it is a
        // bounded excerpt of the body.
        assert_eq!(error.kind(), ErrorKind::InvalidOrMissingParameters);
        assert!(
            error.to_string().len() < 2048,
            "{}",
            error.to_string().len()
        );
        assert!(format!("{error:?}").len() < 4096);
    })
    .await;
    assert!(peak < 4 * MIB, "peak heap {peak} bytes");
}

#[tokio::test]
async fn secrets_in_detailed_error_reach_no_representation() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            let body = r#"{"id":"api.hostile","message":"no","detailed_error":"{\"token\": \"sekret-token-123\", \"password\": 42}","request_id":"r","status_code":403}"#;
            let head = format!(
                "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
        })
    })
    .await;
    let error = driver(&server.url())
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        format!("{api:?}"),
        api.detailed_error.clone(),
    ] {
        assert!(!shown.contains("sekret-token-123"), "{shown}");
    }
}

#[tokio::test]
async fn a_retry_after_too_large_for_a_duration_fails_at_once() {
    let _one = serial().await;
    for wait in ["1e23", "1e300"] {
        let server = Hostile::start(if wait == "1e23" {
            |mut stream| {
                Box::pin(async move {
                    answer(&mut stream, b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1e23\r\nContent-Length: 0\r\n\r\n").await;
                })
            }
        } else {
            |mut stream| {
                Box::pin(async move {
                    answer(&mut stream, b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1e300\r\nContent-Length: 0\r\n\r\n").await;
                })
            }
        })
        .await;
        let started = Instant::now();
        let error = driver(&server.url())
            .build()
            .unwrap()
            .get("/api/v4/x")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TooManyRequests, "{wait}: {error}");
        assert!(
            error
                .retry_after()
                .is_some_and(|w| w > Duration::from_secs(3600))
        );
        assert_eq!(server.connections(), 1, "{wait}: not retried");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[tokio::test]
async fn a_streamed_body_that_trickles_forever_times_out() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            // Then nothing, forever, with the connection open.
            std::future::pending::<()>().await;
        })
    })
    .await;
    let limits = mm_driver::transport::Limits {
        stream_idle_timeout: Some(Duration::from_millis(300)),
        ..Default::default()
    };
    let response = driver(&server.url())
        .limits(limits)
        .build()
        .unwrap()
        .get("/api/v4/files/x")
        .send_streaming()
        .await
        .unwrap();
    let started = Instant::now();
    let error = mm_driver::transport::Body::collect_bytes(response.into_body())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_slow_503_fails_within_the_call_deadline() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            answer_every_request_after(
                &mut stream,
                Duration::from_millis(200),
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n",
            )
            .await;
        })
    })
    .await;
    let started = Instant::now();
    let error = driver(&server.url())
        .max_retries(50)
        .call_timeout(Duration::from_secs(1))
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("deadline"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_silent_server_fails_at_the_call_deadline_when_it_comes_before_the_attempt_timeout() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            std::future::pending::<()>().await;
        })
    })
    .await;
    let started = Instant::now();
    let error = driver(&server.url())
        .request_timeout(Duration::from_secs(30))
        .call_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("deadline of 300 ms"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn answers_that_are_not_http_are_never_retried() {
    let _one = serial().await;
    let scripts: [fn(TcpStream) -> BoxFuture<'static, ()>; 3] = [
        |mut stream| {
            Box::pin(async move {
                read_request(&mut stream).await;
                let _ = stream.write_all(b"HELLO WORLD\r\n\r\n").await;
            })
        },
        |mut stream| {
            Box::pin(async move {
                answer(
                    &mut stream,
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nbad\r\n0\r\n\r\n",
                )
                .await;
            })
        },
        |mut stream| {
            Box::pin(async move {
                read_request(&mut stream).await;
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nok",
                    )
                    .await;
            })
        },
    ];
    for (index, script) in scripts.into_iter().enumerate() {
        let server = Hostile::start(script).await;
        let error = driver(&server.url())
            .build()
            .unwrap()
            .get("/api/v4/x")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Protocol, "case {index}: {error}");
        assert_eq!(server.connections(), 1, "case {index}: retried");
    }
}

#[tokio::test]
async fn concurrent_calls_never_open_more_than_max_connections() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            answer_every_request_after(
                &mut stream,
                Duration::from_millis(20),
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            )
            .await;
        })
    })
    .await;
    let driver = driver(&server.url()).max_connections(4).build().unwrap();
    let calls: Vec<_> = (0..60)
        .map(|_| {
            let driver = driver.clone();
            tokio::spawn(async move { driver.get("/api/v4/x").await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let most = server.most_at_once.load(Ordering::SeqCst);
    assert!(most <= 4, "{most} connections at once");
}

#[tokio::test]
async fn deeply_nested_json_is_a_decode_error() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
        })
    })
    .await;
    let error = driver(&server.url())
        .build()
        .unwrap()
        .users()
        .get_user("me")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
}

#[tokio::test]
async fn redirects_are_not_followed_with_the_token() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            answer(&mut stream, b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/steal\r\nContent-Length: 0\r\n\r\n").await;
        })
    })
    .await;
    let error = driver(&server.url())
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn headers_that_trickle_hit_the_attempt_timeout() {
    let _one = serial().await;
    let server = Hostile::start(|mut stream| {
        Box::pin(async move {
            read_request(&mut stream).await;
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            std::future::pending::<()>().await;
        })
    })
    .await;
    let error = driver(&server.url())
        .request_timeout(Duration::from_millis(500))
        .max_retries(0)
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
}

#[test]
fn urls_with_user_info_are_refused_without_showing_it() {
    for url in [
        "https://alice:pa/ss@chat.example.com",
        "https://alice:secret-pw@chat.example.com",
        "https://alice@chat.example.com",
        "https://alice:pa?ss@chat.example.com",
        "https://alice:pa#ss@chat.example.com",
    ] {
        let error = Driver::builder().url(url).build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidConfig, "{url}: {error}");
        let shown = format!("{error} {error:?}");
        for secret in ["pa/ss", "secret-pw", "ss@", "pa?", "pa#", "alice:pa"] {
            assert!(!shown.contains(secret), "{url}: {shown}");
        }
    }
    for proxy in [
        "http://bob:pr/xy@proxy.example.com:3128",
        "http://bob:hunter2@proxy:xx",
        "http://bob:pr?xy@proxy.example.com:3128",
    ] {
        let error = Driver::builder()
            .url("https://chat.example.com")
            .proxy(proxy, None)
            .build()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidConfig, "{proxy}: {error}");
        let shown = format!("{error} {error:?}");
        for secret in ["pr/xy", "hunter2", "bob:pr"] {
            assert!(!shown.contains(secret), "{proxy}: {shown}");
        }
    }
}

#[tokio::test]
async fn errors_name_the_request_and_do_not_repeat_their_cause() {
    let _one = serial().await;
    let addr = tests::closed_port().await;
    let error = Driver::builder()
        .url(format!("http://{addr}"))
        .max_retries(0)
        .build()
        .unwrap()
        .get("/hooks/secret-hook-id?x=1")
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(shown.starts_with("GET /hooks/***: "), "{shown}");
    let cause = std::error::Error::source(&error).unwrap().to_string();
    assert!(!shown.contains(&cause), "{shown} repeats {cause}");
}
