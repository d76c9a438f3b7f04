//! The error model (reference-behaviour.md §4) and bad input: every status kind, non-Mattermost
//! bodies, malformed, truncated and non-UTF-8 bodies. None of them may panic.

use std::time::Duration;

use mm_driver::{Driver, ErrorKind, User};
use tests::{Reply, ScriptedServer, raw_server, user_json};

fn driver(url: &str) -> Driver {
    Driver::builder()
        .url(url)
        .token("t0k3n-secret")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn each_status_maps_to_its_kind_with_the_parsed_fields() {
    let cases = [
        (
            400,
            ErrorKind::InvalidOrMissingParameters,
            "api.context.invalid_param.app_error",
        ),
        (
            401,
            ErrorKind::NoAccessTokenProvided,
            "api.context.session_expired.app_error",
        ),
        (
            403,
            ErrorKind::NotEnoughPermissions,
            "api.context.permissions.app_error",
        ),
        (
            404,
            ErrorKind::ResourceNotFound,
            "app.user.missing_account.const",
        ),
        (
            405,
            ErrorKind::MethodNotAllowed,
            "api.context.method_not_allowed",
        ),
        (
            413,
            ErrorKind::ContentTooLarge,
            "api.file.upload_file.too_large.app_error",
        ),
        (429, ErrorKind::TooManyRequests, "api.context.rate_limit"),
        (
            501,
            ErrorKind::FeatureDisabled,
            "api.license.feature_disabled",
        ),
        (500, ErrorKind::UnexpectedStatus, "app.internal"),
        (418, ErrorKind::UnexpectedStatus, "app.teapot"),
    ];
    for (status, kind, id) in cases {
        let server =
            ScriptedServer::sequence(vec![Reply::app_error(status, id, "Something went wrong.")])
                .await;
        let error = driver(&server.url())
            .users()
            .get_user("me")
            .await
            .unwrap_err();
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let api = error.api_error().expect("parsed AppError");
        assert_eq!(api.id, id);
        assert_eq!(api.message, "Something went wrong.");
        assert_eq!(api.status_code, status);
        assert!(!api.is_oauth);
        assert_eq!(error.api_error_id(), Some(id));
        let text = error.to_string();
        assert!(
            text.contains(id) && text.contains(&status.to_string()),
            "{text}"
        );
        assert!(!text.contains("t0k3n-secret"));
    }
}

#[tokio::test]
async fn is_oauth_and_detailed_error_are_read() {
    let body = serde_json::json!({"id": "api.oauth.x", "message": "m", "detailed_error": "more detail",
        "request_id": "r", "status_code": 400, "is_oauth": true});
    let server = ScriptedServer::sequence(vec![Reply::json(400, body)]).await;
    let error = driver(&server.url()).get("/api/v4/x").await.unwrap_err();
    let api = error.api_error().unwrap();
    assert!(api.is_oauth);
    assert_eq!(api.detailed_error, "more detail");
    assert!(error.to_string().contains("more detail"));
}

#[tokio::test]
async fn html_from_a_proxy_gives_status_and_a_bounded_excerpt() {
    let page = format!(
        "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
        "x".repeat(5000)
    );
    let server = ScriptedServer::sequence(vec![
        Reply::status(502)
            .header("content-type", "text/html")
            .body(page),
    ])
    .await;
    let error = driver(&server.url()).post("/api/v4/x").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::UnexpectedStatus);
    assert_eq!(error.status(), Some(http::StatusCode::BAD_GATEWAY));
    assert!(error.api_error().is_none());
    let excerpt = error.body_excerpt().unwrap();
    assert!(excerpt.starts_with("<html><body><h1>502 Bad Gateway</h1>"));
    assert!(excerpt.chars().count() < 400, "bounded: {}", excerpt.len());
    assert!(error.to_string().len() < 1000);
}

#[tokio::test]
async fn secrets_in_error_bodies_are_redacted() {
    let body = r#"{"weird":"shape","token":"leaked-token-value","password":"pw"}"#;
    let server = ScriptedServer::sequence(vec![Reply::status(500).body(body)]).await;
    let error = driver(&server.url()).get("/api/v4/x").await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("leaked-token-value") && !shown.contains("\"pw\""),
        "{shown}"
    );
    assert!(shown.contains("shape"));
}

#[tokio::test]
async fn malformed_json_names_the_failing_field() {
    let mut user = user_json("u1", "alice");
    user["notify_props"] = serde_json::json!("not a map");
    let server = ScriptedServer::sequence(vec![Reply::json(200, user)]).await;
    let error = driver(&server.url())
        .users()
        .get_user("u1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("at `notify_props`"), "{error}");
    assert!(error.to_string().contains("User"), "{error}");
}

#[tokio::test]
async fn broken_json_is_a_decode_error() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(200)
            .header("content-type", "application/json")
            .body(r#"{"id": "u1", "username": "#),
    ])
    .await;
    let error = driver(&server.url())
        .users()
        .get_user("u1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(200)
            .header("content-type", "application/json")
            .body(&b"{\"id\": \"\xff\xfe\"}"[..]),
    ])
    .await;
    let error = driver(&server.url())
        .users()
        .get_user("u1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    let text = driver(&server.url())
        .get("/api/v4/x")
        .await
        .unwrap()
        .text()
        .unwrap_err();
    assert_eq!(text.kind(), ErrorKind::Decode);
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    let (addr, _task) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\":\"u1\"",
    )
    .await;
    let error = Driver::builder()
        .url(format!("http://{addr}"))
        .max_retries(0)
        .build()
        .unwrap()
        .users()
        .get_user("u1")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_protocol_error() {
    let (addr, _task) = raw_server(b"SSH-2.0-OpenSSH_9.0\r\n").await;
    let error = Driver::builder()
        .url(format!("http://{addr}"))
        .max_retries(0)
        .build()
        .unwrap()
        .get("/api/v4/x")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Protocol, "{error}");
}

#[tokio::test]
async fn json_with_charset_parameter_decodes() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(200)
            .header("content-type", "application/json; charset=utf-8")
            .body(user_json("u1", "alice").to_string()),
    ])
    .await;
    let user: User = driver(&server.url()).users().get_user("u1").await.unwrap();
    assert_eq!(user.username, "alice");
}

#[tokio::test]
async fn non_json_content_type_is_bytes_not_decoded() {
    let server = ScriptedServer::sequence(vec![
        Reply::status(200)
            .header("content-type", "image/png")
            .body(&b"\x89PNG\r\n"[..]),
    ])
    .await;
    let driver = driver(&server.url());
    let error = driver.users().get_user("u1").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("image/png"), "{error}");
    let raw = driver.get("/api/v4/users/u1/image").await.unwrap();
    assert!(!raw.is_json());
    assert_eq!(&raw.bytes()[..], b"\x89PNG\r\n");
}

#[tokio::test]
async fn raw_send_returns_error_statuses_as_responses() {
    let server = ScriptedServer::sequence(vec![
        Reply::app_error(404, "app.x", "gone").header("x-request-id", "rid"),
    ])
    .await;
    let response = driver(&server.url()).get("/api/v4/x").send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.request_id(), Some("rid"));
    let error = response.error_for_status().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
}

#[tokio::test]
async fn bad_path_segments_are_refused_before_sending() {
    let server = ScriptedServer::sequence(vec![Reply::json(200, user_json("u1", "a"))]).await;
    let driver = driver(&server.url());
    for bad in ["", ".", ".."] {
        let error = driver.users().get_user(bad).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    }
    assert_eq!(server.request_count(), 0);
    driver.users().get_user("a/b?c").await.unwrap();
    assert_eq!(server.requests()[0].path, "/api/v4/users/a%2Fb%3Fc");
    let error = driver.get("no-leading-slash").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_times_out() {
    let server = ScriptedServer::sequence(vec![Reply::Hang]).await;
    let driver = Driver::builder()
        .url(server.url())
        .request_timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap();
    let error = driver.get("/api/v4/x").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.to_string().contains("5 s"), "{error}");
    assert!(error.is_transient());
}

#[tokio::test(start_paused = true)]
async fn the_default_timeout_is_30_seconds() {
    let server = ScriptedServer::sequence(vec![Reply::Hang]).await;
    let driver = Driver::builder()
        .url(server.url())
        .max_retries(0)
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let error = driver.get("/api/v4/x").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(started.elapsed().as_secs(), 30);
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let cases: Vec<(mm_driver::DriverBuilder, &str)> = vec![
        (Driver::builder().url("ftp://x"), "invalid server URL"),
        (
            Driver::builder()
                .url("http://h")
                .ca_file("/nonexistent/ca.pem"),
            "could not read the CA bundle",
        ),
        (
            Driver::builder().url("http://h").ca_pem("not pem"),
            "no certificate",
        ),
        (
            Driver::builder().url("http://h").proxy("not a url", None),
            "proxy URL",
        ),
        (
            Driver::builder().url("http://h").token("bad\ntoken"),
            "cannot be sent in an HTTP header",
        ),
        (
            Driver::builder()
                .url("http://h")
                .netrc_file("/nonexistent/netrc"),
            "could not read the .netrc",
        ),
    ];
    for (builder, expected) in cases {
        let error = builder.build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidConfig);
        assert!(error.to_string().contains(expected), "{error}");
        assert!(!error.to_string().contains("bad\ntoken"));
    }
}
