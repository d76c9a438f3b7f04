//! Every line of the retry policy (reference-behaviour.md §3), over real sockets, with a
//! recording sleeper so that nothing really waits.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::stream;
use mm_driver::{Driver, ErrorKind, Form, Part};
use tests::{NOW_SECS, RecordingSleeper, Reply, ScriptedServer, closed_port, test_retry};

fn driver(url: &str, max_retries: u32, sleeper: &RecordingSleeper) -> Driver {
    Driver::builder()
        .url(url)
        .token("test-token")
        .retry_config(test_retry(max_retries, sleeper))
        .build()
        .unwrap()
}

fn ok() -> Reply {
    Reply::json(200, serde_json::json!({"status": "OK"}))
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

async fn rate_limited_then_ok(retry_after: Option<&str>, reset: Option<&str>) -> Vec<Duration> {
    let mut limited = Reply::status(429).body("limit exceeded");
    if let Some(value) = retry_after {
        limited = limited.header("retry-after", value);
    }
    if let Some(value) = reset {
        limited = limited.header("x-ratelimit-reset", value);
    }
    let server = ScriptedServer::sequence(vec![limited, ok()]).await;
    let sleeper = RecordingSleeper::default();
    let response = driver(&server.url(), 3, &sleeper)
        .get("/api/v4/system/ping")
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.request_count(), 2);
    sleeper.sleeps()
}

#[tokio::test]
async fn retry_after_in_seconds() {
    assert_eq!(rate_limited_then_ok(Some("2"), None).await, vec![secs(2.0)]);
}

#[tokio::test]
async fn retry_after_as_http_date() {
    let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(NOW_SECS + 7));
    assert_eq!(
        rate_limited_then_ok(Some(&date), None).await,
        vec![secs(7.0)]
    );
}

#[tokio::test]
async fn retry_after_as_unix_timestamp() {
    let at = (NOW_SECS + 4).to_string();
    assert_eq!(rate_limited_then_ok(Some(&at), None).await, vec![secs(4.0)]);
}

#[tokio::test]
async fn garbage_retry_after_falls_back_to_ratelimit_reset() {
    assert_eq!(
        rate_limited_then_ok(Some("soon"), Some("3")).await,
        vec![secs(3.0)]
    );
}

#[tokio::test]
async fn ratelimit_reset_alone_is_used() {
    assert_eq!(rate_limited_then_ok(None, Some("5")).await, vec![secs(5.0)]);
}

#[tokio::test]
async fn ratelimit_reset_as_unix_timestamp() {
    let at = (NOW_SECS + 6).to_string();
    assert_eq!(rate_limited_then_ok(None, Some(&at)).await, vec![secs(6.0)]);
}

#[tokio::test]
async fn retry_after_takes_precedence_over_ratelimit_reset() {
    assert_eq!(
        rate_limited_then_ok(Some("1"), Some("9")).await,
        vec![secs(1.0)]
    );
}

#[tokio::test]
async fn no_usable_header_means_exponential_backoff() {
    assert_eq!(
        rate_limited_then_ok(Some("later"), Some("never")).await,
        vec![secs(0.5)]
    );
    assert_eq!(rate_limited_then_ok(None, None).await, vec![secs(0.5)]);
}

#[tokio::test]
async fn negative_and_past_waits_are_zero() {
    assert_eq!(
        rate_limited_then_ok(Some("-5"), None).await,
        vec![Duration::ZERO]
    );
    let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_SECS - 60));
    assert_eq!(
        rate_limited_then_ok(Some(&past), None).await,
        vec![Duration::ZERO]
    );
    let past_epoch = (NOW_SECS - 60).to_string();
    assert_eq!(
        rate_limited_then_ok(None, Some(&past_epoch)).await,
        vec![Duration::ZERO]
    );
}

#[tokio::test]
async fn wait_above_retry_max_sleep_fails_at_once() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(429)
            .header("retry-after", "120")
            .body("limit exceeded"),
        ok(),
    ])
    .await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert_eq!(error.retry_after(), Some(secs(120.0)));
    assert!(
        error.to_string().contains("longer than retry_max_sleep"),
        "{error}"
    );
    assert_eq!(server.request_count(), 1);
    assert!(sleeper.sleeps().is_empty());
}

#[tokio::test]
async fn wait_equal_to_retry_max_sleep_is_honoured() {
    assert_eq!(
        rate_limited_then_ok(Some("30"), None).await,
        vec![secs(30.0)]
    );
}

#[tokio::test]
async fn rate_limit_is_retried_for_post() {
    let server =
        ScriptedServer::sequence(vec![Reply::status(429).header("retry-after", "1"), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let response = driver(&server.url(), 3, &sleeper)
        .post("/api/v4/posts")
        .json(&serde_json::json!({"message": "hi"}))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the body is replayed unchanged"
    );
}

#[tokio::test]
async fn gateway_errors_are_retried_for_idempotent_methods() {
    for method in [
        http::Method::GET,
        http::Method::PUT,
        http::Method::DELETE,
        http::Method::HEAD,
        http::Method::OPTIONS,
    ] {
        for status in [502, 503, 504] {
            let server = ScriptedServer::sequence(vec![Reply::status(status), ok()]).await;
            let sleeper = RecordingSleeper::default();
            let response = driver(&server.url(), 3, &sleeper)
                .request(method.clone(), "/api/v4/x")
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{method} {status}");
            assert_eq!(server.request_count(), 2, "{method} {status}");
            assert_eq!(sleeper.sleeps(), vec![secs(0.5)]);
        }
    }
}

#[tokio::test]
async fn post_and_patch_are_not_retried_on_503() {
    for method in [http::Method::POST, http::Method::PATCH] {
        let server = ScriptedServer::sequence(vec![Reply::status(503), ok()]).await;
        let sleeper = RecordingSleeper::default();
        let error = driver(&server.url(), 3, &sleeper)
            .request(method.clone(), "/api/v4/x")
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(error.kind(), ErrorKind::UnexpectedStatus);
        assert!(error.is_transient());
        assert_eq!(server.request_count(), 1, "{method}");
        assert!(sleeper.sleeps().is_empty());
    }
}

#[tokio::test]
async fn other_server_errors_are_not_retried() {
    let server = ScriptedServer::sequence(vec![Reply::status(500), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(http::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(server.request_count(), 1);
}

/// A connection that could not be opened sent nothing: even a POST is sent again.
#[tokio::test]
async fn post_is_retried_on_connect_error_it_was_never_sent() {
    let addr = closed_port().await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&format!("http://{addr}"), 3, &sleeper)
        .post("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    assert_eq!(sleeper.sleeps(), vec![secs(0.5), secs(1.0), secs(2.0)]);
}

#[tokio::test]
async fn get_is_retried_on_connect_error_until_exhausted() {
    let addr = closed_port().await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&format!("http://{addr}"), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    assert!(error.to_string().contains("could not connect"), "{error}");
    assert_eq!(sleeper.sleeps(), vec![secs(0.5), secs(1.0), secs(2.0)]);
}

#[tokio::test]
async fn get_is_retried_when_the_connection_drops() {
    let server = ScriptedServer::sequence(vec![Reply::Drop, ok()]).await;
    let sleeper = RecordingSleeper::default();
    let response = driver(&server.url(), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn post_is_not_retried_when_the_connection_drops() {
    let server = ScriptedServer::sequence(vec![Reply::Drop, ok()]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 3, &sleeper)
        .post("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn streamed_bodies_are_never_retried() {
    let server = ScriptedServer::sequence(vec![Reply::status(503), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let chunks = stream::iter(vec![Ok::<_, std::io::Error>("part one, "), Ok("part two")]);
    let error = driver(&server.url(), 3, &sleeper)
        .put("/api/v4/files/x")
        .stream("application/octet-stream", chunks)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.request_count(), 1);
    assert_eq!(&server.requests()[0].body[..], b"part one, part two");
    assert!(sleeper.sleeps().is_empty());
}

#[tokio::test]
async fn streamed_bodies_are_not_retried_on_rate_limit_either() {
    let server =
        ScriptedServer::sequence(vec![Reply::status(429).header("retry-after", "1"), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let chunks = stream::iter(vec![Ok::<_, std::io::Error>("data")]);
    let error = driver(&server.url(), 3, &sleeper)
        .put("/api/v4/x")
        .stream("application/octet-stream", chunks)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert_eq!(error.retry_after(), Some(secs(1.0)));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn multipart_uploads_from_a_stream_are_never_retried() {
    let server = ScriptedServer::sequence(vec![Reply::status(503), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let file = stream::iter(vec![Ok::<_, std::io::Error>(bytes::Bytes::from_static(
        b"file bytes",
    ))]);
    let form = Form::new()
        .text("channel_id", "c1")
        .part(Part::file_stream("files", "a.txt", file));
    let error = driver(&server.url(), 3, &sleeper)
        .put("/api/v4/files")
        .multipart(form)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn buffered_multipart_uploads_are_retried_like_other_buffered_bodies() {
    let server =
        ScriptedServer::sequence(vec![Reply::status(429).header("retry-after", "0"), ok()]).await;
    let sleeper = RecordingSleeper::default();
    let form =
        Form::new()
            .text("channel_id", "c1")
            .part(Part::file("files", "a.txt", "file bytes"));
    driver(&server.url(), 3, &sleeper)
        .post("/api/v4/files")
        .multipart(form)
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert!(
        requests[1]
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
}

#[tokio::test]
async fn put_with_a_buffered_body_is_retried_with_the_same_body() {
    let server = ScriptedServer::sequence(vec![Reply::status(503), Reply::status(502), ok()]).await;
    let sleeper = RecordingSleeper::default();
    driver(&server.url(), 3, &sleeper)
        .put("/api/v4/users/me/patch")
        .json(&serde_json::json!({"nickname": "al"}))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.json(), serde_json::json!({"nickname": "al"}));
        assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    }
}

#[tokio::test]
async fn exhaustion_after_max_retries_plus_one_attempts() {
    let server = ScriptedServer::sequence(vec![Reply::status(503).body("<html>down</html>")]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(server.request_count(), 4);
    assert_eq!(sleeper.sleeps(), vec![secs(0.5), secs(1.0), secs(2.0)]);
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.body_excerpt(), Some("<html>down</html>"));
}

#[tokio::test]
async fn rate_limit_exhaustion_reports_the_last_wait() {
    let server =
        ScriptedServer::sequence(vec![Reply::status(429).header("retry-after", "2")]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 2, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(server.request_count(), 3);
    assert_eq!(sleeper.sleeps(), vec![secs(2.0), secs(2.0)]);
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert_eq!(error.retry_after(), Some(secs(2.0)));
}

#[tokio::test]
async fn max_retries_zero_disables_retrying() {
    for reply in [
        Reply::status(503),
        Reply::status(429).header("retry-after", "1"),
    ] {
        let server = ScriptedServer::sequence(vec![reply, ok()]).await;
        let sleeper = RecordingSleeper::default();
        let error = driver(&server.url(), 0, &sleeper)
            .get("/api/v4/x")
            .await
            .unwrap_err();
        assert!(error.status().is_some());
        assert_eq!(server.request_count(), 1);
        assert!(sleeper.sleeps().is_empty());
    }
}

#[tokio::test]
async fn backoff_doubles_with_jitter_and_is_capped_by_retry_max_sleep() {
    let server = ScriptedServer::sequence(vec![Reply::status(503)]).await;
    let sleeper = RecordingSleeper::default();
    let mut retry = test_retry(5, &sleeper);
    retry.jitter = std::sync::Arc::new(tests::FixedJitter(0.5));
    retry.max_sleep = Duration::from_secs(5);
    let driver = Driver::builder()
        .url(server.url())
        .retry_config(retry)
        .build()
        .unwrap();
    driver.get("/api/v4/x").await.unwrap_err();
    // 0.5 * 2^n * 1.5, capped at 5 s.
    assert_eq!(
        sleeper.sleeps(),
        vec![secs(0.75), secs(1.5), secs(3.0), secs(5.0), secs(5.0)]
    );
}

#[tokio::test]
async fn json_429_body_fields_are_kept() {
    let body = Reply::app_error(429, "api.context.rate_limit.app_error", "Too many requests")
        .header("retry-after", "3");
    let server = ScriptedServer::sequence(vec![body]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 0, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert_eq!(error.retry_after(), Some(secs(3.0)));
    let api = error.api_error().unwrap();
    assert_eq!(api.id, "api.context.rate_limit.app_error");
    assert_eq!(api.status_code, 429);
    assert_eq!(api.request_id, "req1234567890abcdefghijklm");
}

#[tokio::test]
async fn plain_text_429_from_the_rate_limiter() {
    let limited = Reply::status(429)
        .header("content-type", "text/plain; charset=utf-8")
        .header("x-ratelimit-limit", "10")
        .header("x-ratelimit-remaining", "0")
        .header("x-ratelimit-reset", "4")
        .body("limit exceeded\n");
    let server = ScriptedServer::sequence(vec![limited]).await;
    let sleeper = RecordingSleeper::default();
    let error = driver(&server.url(), 1, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert!(error.api_error().is_none());
    assert_eq!(error.body_excerpt(), Some("limit exceeded\n"));
    assert_eq!(error.retry_after(), Some(secs(4.0)));
    assert_eq!(sleeper.sleeps(), vec![secs(4.0)]);
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_default_sleeper_uses_tokio_time() {
    // With paused time the real sleeper returns as soon as the runtime is idle.
    let server =
        ScriptedServer::sequence(vec![Reply::status(429).header("retry-after", "20"), ok()]).await;
    let driver = Driver::builder().url(server.url()).build().unwrap();
    let started = tokio::time::Instant::now();
    driver.get("/api/v4/x").await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(20));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_get_whose_body_is_cut_off_is_retried() {
    // First connection: headers promise 500 bytes and the connection closes early; then a
    // complete answer.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = served.clone();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 4096];
                let _ = stream.read(&mut buffer).await;
                let reply: &[u8] = if n == 0 {
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"status\""
                } else {
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\n\r\n{\"status\":\"OK\"}"
                };
                let _ = stream.write_all(reply).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    let sleeper = RecordingSleeper::default();
    let response = driver(&format!("http://{addr}"), 3, &sleeper)
        .get("/api/v4/x")
        .await
        .unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().unwrap()["status"],
        "OK"
    );
    assert_eq!(sleeper.sleeps(), vec![secs(0.5)]);
}
