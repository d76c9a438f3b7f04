//! mm-mock's test knobs: the rate limiter (which the driver's retry honours), fault injection,
//! latency and clean shutdown. Time-dependent tests run on tokio's paused clock.

use std::time::Duration;

use http::Method;
use mm_driver::{Driver, ErrorKind};
use mm_mock::{Fault, FaultRule, MockServer};

fn driver(server: &MockServer, token: &str) -> Driver {
    Driver::builder()
        .url(server.url())
        .token(token)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn rate_limiter_answers_like_mattermost() {
    let server = MockServer::builder()
        .rate_limit(1.0, 2)
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let raw = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .max_retries(0)
        .build()
        .unwrap();
    let first = raw.get("/api/v4/users/me").send().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["x-ratelimit-limit"], "2");
    assert_eq!(first.headers()["x-ratelimit-remaining"], "1");
    raw.get("/api/v4/users/me").send().await.unwrap();
    let limited = raw.get("/api/v4/users/me").send().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.text().unwrap(), "limit exceeded\n");
    assert_eq!(limited.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(limited.headers()["x-ratelimit-reset"], "1");
    assert!(limited.content_type().unwrap().starts_with("text/plain"));
    let error = limited.error_for_status().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooManyRequests);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
}

#[tokio::test(start_paused = true)]
async fn the_driver_waits_out_the_rate_limit() {
    let server = MockServer::builder()
        .rate_limit(2.0, 3)
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let driver = driver(&server, &seed.user.token);
    let started = tokio::time::Instant::now();
    for _ in 0..9 {
        driver.users().get_user("me").await.unwrap();
    }
    // 3 at once, then 2 per second for the other 6: about 3 seconds of waiting, all honoured.
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let limited = server.requests().len() - 9;
    assert!(
        limited >= 3,
        "some requests were limited and retried: {limited}"
    );
}

#[tokio::test(start_paused = true)]
async fn scripted_statuses_are_retried_by_the_driver() {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    server.fail_next(Method::GET, "/api/v4/users/me", 503, 2);
    let me = driver(&server, &seed.user.token)
        .users()
        .get_user("me")
        .await
        .unwrap();
    assert_eq!(me.id, seed.user.id);
    assert_eq!(server.requests().len(), 3);

    server.fail_next(Method::POST, "/api/v4/posts", 503, 1);
    let error = driver(&server, &seed.user.token)
        .post("/api/v4/posts")
        .json(&serde_json::json!({"channel_id": seed.channel_id, "message": "x"}))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.api_error_id(), Some("mm_mock.injected_fault"));
}

#[tokio::test(start_paused = true)]
async fn a_scripted_429_is_the_plain_text_one() {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    server.fail_next(Method::GET, "/api/v4/users/*", 429, 1);
    let response = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .max_retries(0)
        .build()
        .unwrap()
        .get(format!("/api/v4/users/{}", seed.admin.id))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.text().unwrap(), "limit exceeded\n");
    // The driver retries it after X-RateLimit-Reset.
    server.fail_next(Method::GET, "/api/v4/users/*", 429, 1);
    driver(&server, &seed.user.token)
        .users()
        .get_user(&seed.admin.id)
        .await
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn dropped_connections_are_retried_for_get_only() {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    server.inject(FaultRule::new(None, "/api/v4/users/me", Fault::Drop, 1));
    driver(&server, &seed.user.token)
        .users()
        .get_user("me")
        .await
        .unwrap();
    server.inject(FaultRule::new(
        Some(Method::POST),
        "/api/v4/posts",
        Fault::Drop,
        1,
    ));
    let error = driver(&server, &seed.user.token)
        .post("/api/v4/posts")
        .json(&serde_json::json!({"channel_id": seed.channel_id, "message": "x"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    server.inject(FaultRule::new(
        Some(Method::GET),
        "/api/v4/users/me",
        Fault::MalformedJson,
        1,
    ));
    let error = driver(&server, &seed.user.token)
        .users()
        .get_user("me")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    driver(&server, &seed.user.token)
        .users()
        .get_user("me")
        .await
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn latency_and_delays_trip_the_driver_timeout() {
    let server = MockServer::builder()
        .latency(Duration::from_secs(2))
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let started = tokio::time::Instant::now();
    driver(&server, &seed.user.token)
        .users()
        .get_user("me")
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(2));
    server.set_latency(Duration::ZERO);
    server.inject(FaultRule::new(
        None,
        "/api/v4/users/me",
        Fault::Delay(Duration::from_secs(60)),
        1,
    ));
    let impatient = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .request_timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap();
    let error = impatient.users().get_user("me").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    server.clear_faults();
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    let driver = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .max_retries(0)
        .build()
        .unwrap();
    driver.users().get_user("me").await.unwrap();
    server.shutdown().await;
    let error = driver.users().get_user("me").await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Connect | ErrorKind::Transport),
        "{error}"
    );
}
