//! Login and logout (reference-behaviour.md §2), environment and `.netrc` configuration, custom
//! auth providers, and secrets kept out of Debug output and logs.

use std::sync::Arc;

use http::{HeaderMap, HeaderValue, Method, Uri};
use mm_driver::{AuthProvider, BoxFuture, Driver, DriverBuilder, Error, ErrorKind};
use tests::{Recorded, Reply, ScriptedServer, user_json};

const USER_ID: &str = "u1234567890abcdefghijklmno";

/// A tiny Mattermost: password login (with MFA for `mfa-user`), `users/me`, logout.
fn fake_mattermost(request: &Recorded) -> Reply {
    let authorized = request.header("authorization") == Some("Bearer session-token-1");
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/api/v4/users/login") => {
            let body = request.json();
            let password_ok = body["password"] == "correct horse";
            let mfa_needed = body["login_id"] == "mfa-user";
            if !password_ok {
                return Reply::app_error(
                    401,
                    "api.user.login.invalid_credentials_email_username",
                    "Enter a valid email or username and/or password.",
                );
            }
            if mfa_needed && body["token"] != "123456" {
                return Reply::app_error(
                    401,
                    "mfa.validate_token.authenticate.app_error",
                    "Invalid MFA token.",
                );
            }
            Reply::json(200, user_json(USER_ID, body["login_id"].as_str().unwrap()))
                .header("token", "session-token-1")
                .header(
                    "set-cookie",
                    "MMAUTHTOKEN=session-token-1; Path=/; HttpOnly",
                )
        }
        ("GET", "/api/v4/users/me")
            if authorized || request.header("authorization") == Some("Bearer pat-token") =>
        {
            Reply::json(200, user_json(USER_ID, "alice"))
        }
        ("POST", "/api/v4/users/logout") if authorized => {
            Reply::json(200, serde_json::json!({"status": "OK"}))
        }
        _ => Reply::app_error(
            401,
            "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.",
        ),
    }
}

async fn server() -> ScriptedServer {
    ScriptedServer::start(fake_mattermost).await
}

#[tokio::test]
async fn token_login_reads_users_me() {
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .token("pat-token")
        .build()
        .unwrap();
    assert!(!driver.is_logged_in());
    let user = driver.login().await.unwrap();
    assert_eq!(user.id, USER_ID);
    assert!(driver.is_logged_in());
    assert_eq!(driver.user_id().as_deref(), Some(USER_ID));
    assert_eq!(driver.username().as_deref(), Some("alice"));
    let request = &server.requests()[0];
    assert_eq!(request.path, "/api/v4/users/me");
    assert_eq!(request.header("authorization"), Some("Bearer pat-token"));
    assert_eq!(request.header("x-requested-with"), Some("XMLHttpRequest"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.header("user-agent").unwrap().starts_with("mm/"));
}

#[tokio::test]
async fn bad_token_login_fails_and_leaves_no_token() {
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .token("wrong")
        .build()
        .unwrap();
    let error = driver.login().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    assert_eq!(
        error.api_error_id(),
        Some("api.context.session_expired.app_error")
    );
    assert!(!driver.is_logged_in());
    assert!(!driver.has_token());
}

#[tokio::test]
async fn password_login_keeps_the_session_token() {
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("correct horse")
        .build()
        .unwrap();
    let user = driver.login().await.unwrap();
    assert_eq!(user.username, "alice");
    assert_eq!(driver.username().as_deref(), Some("alice"));
    let login = &server.requests()[0];
    assert_eq!(
        login.json(),
        serde_json::json!({"login_id": "alice", "password": "correct horse"})
    );
    assert_eq!(login.header("authorization"), None);
    assert_eq!(login.header("content-type"), Some("application/json"));
    let me = driver.users().get_user("me").await.unwrap();
    assert_eq!(me.id, USER_ID);
    assert_eq!(
        server.requests()[1].header("authorization"),
        Some("Bearer session-token-1")
    );
}

#[tokio::test]
async fn password_and_mfa_login() {
    let server = server().await;
    let builder = Driver::builder()
        .url(server.url())
        .login_id("mfa-user")
        .password("correct horse");
    let right = builder.clone().mfa_token("123456").build().unwrap();
    right.login().await.unwrap();
    assert_eq!(server.requests()[0].json()["token"], "123456");
    let wrong = builder.clone().mfa_token("000000").build().unwrap();
    let error = wrong.login().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    assert_eq!(
        error.api_error_id(),
        Some("mfa.validate_token.authenticate.app_error")
    );
    assert!(!error.to_string().contains("000000"));
    let missing = builder.build().unwrap();
    assert_eq!(
        missing.login().await.unwrap_err().api_error_id(),
        Some("mfa.validate_token.authenticate.app_error")
    );
}

#[tokio::test]
async fn wrong_password_is_a_401_with_the_server_error_id() {
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("nope")
        .build()
        .unwrap();
    let error = driver.login().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    assert_eq!(
        error.api_error_id(),
        Some("api.user.login.invalid_credentials_email_username")
    );
    assert!(!format!("{error} {error:?}").contains("nope"));
    assert!(!driver.is_logged_in());
}

#[tokio::test]
async fn login_without_credentials_says_what_to_do() {
    let driver = Driver::builder().url("http://127.0.0.1:9").build().unwrap();
    let error = driver.login().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(error.to_string().contains("no credentials"));
}

#[tokio::test]
async fn logout_clears_the_state() {
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("correct horse")
        .build()
        .unwrap();
    driver.login().await.unwrap();
    driver.logout().await.unwrap();
    assert!(!driver.is_logged_in());
    assert!(!driver.has_token());
    assert_eq!(driver.user_id(), None);
    assert_eq!(driver.username(), None);
    let logout = &server.requests()[1];
    assert_eq!(
        (logout.method.as_str(), logout.path.as_str()),
        ("POST", "/api/v4/users/logout")
    );
    assert_eq!(
        logout.header("authorization"),
        Some("Bearer session-token-1")
    );
    let error = driver.users().get_user("me").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    assert_eq!(server.requests()[2].header("authorization"), None);
}

#[tokio::test]
async fn from_env_reads_the_mm_variables() {
    let server = server().await;
    let url = server.url();
    let env = move |name: &str| match name {
        "MM_URL" => Some(url.clone()),
        "MM_LOGIN_ID" => Some("alice".to_owned()),
        "MM_PASSWORD" => Some("correct horse".to_owned()),
        _ => None,
    };
    let driver = DriverBuilder::from_env_lookup(env).build().unwrap();
    assert_eq!(driver.login().await.unwrap().username, "alice");

    let url = server.url();
    let env = move |name: &str| match name {
        "MM_URL" => Some(url.clone()),
        "MM_TOKEN" => Some("pat-token".to_owned()),
        _ => None,
    };
    let driver = DriverBuilder::from_env_lookup(env).build().unwrap();
    driver.login().await.unwrap();

    let error = DriverBuilder::from_env_lookup(|_| None)
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidConfig);
    assert!(error.to_string().contains("MM_URL"));
}

#[tokio::test]
async fn token_from_netrc_for_the_servers_host() {
    let server = server().await;
    let dir = std::env::temp_dir().join(format!("mm-netrc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("netrc");
    std::fs::write(
        &path,
        "machine other.example.com password nope\nmachine 127.0.0.1 login bot password pat-token\n",
    )
    .unwrap();
    let driver = Driver::builder()
        .url(server.url())
        .netrc_file(&path)
        .build()
        .unwrap();
    driver.login().await.unwrap();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer pat-token")
    );

    // from_env without credentials looks in $NETRC.
    let (url, netrc) = (server.url(), path.to_string_lossy().to_string());
    let env = move |name: &str| match name {
        "MM_URL" => Some(url.clone()),
        "NETRC" => Some(netrc.clone()),
        _ => None,
    };
    DriverBuilder::from_env_lookup(env)
        .build()
        .unwrap()
        .login()
        .await
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Reads a token per request, as a vault or `.netrc` reader would, and sets a custom header.
struct CountingProvider(std::sync::atomic::AtomicUsize);

impl AuthProvider for CountingProvider {
    fn headers<'a>(
        &'a self,
        method: &'a Method,
        uri: &'a Uri,
    ) -> BoxFuture<'a, Result<HeaderMap, Error>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut headers = HeaderMap::new();
            headers.insert(
                "authorization",
                HeaderValue::from_static("Bearer pat-token"),
            );
            headers.insert(
                "x-auth-call",
                HeaderValue::from_str(&format!("{n} {method} {}", uri.path())).unwrap(),
            );
            Ok(headers)
        })
    }
}

#[tokio::test]
async fn custom_auth_provider_is_asked_on_every_attempt() {
    let server = ScriptedServer::start(|request| {
        if request.index == 0 {
            Reply::status(503)
        } else {
            fake_mattermost(request)
        }
    })
    .await;
    let provider = Arc::new(CountingProvider(Default::default()));
    let driver = Driver::builder()
        .url(server.url())
        .token("ignored-when-a-provider-is-set")
        .auth_provider(provider.clone())
        .retry_config(tests::test_retry(3, &tests::RecordingSleeper::default()))
        .build()
        .unwrap();
    driver.login().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("x-auth-call"),
        Some("0 GET /api/v4/users/me")
    );
    assert_eq!(
        requests[1].header("x-auth-call"),
        Some("1 GET /api/v4/users/me")
    );
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer pat-token")
    );
}

#[tokio::test]
async fn failing_auth_provider_error_reaches_the_caller() {
    struct Broken;
    impl AuthProvider for Broken {
        fn headers<'a>(
            &'a self,
            _: &'a Method,
            _: &'a Uri,
        ) -> BoxFuture<'a, Result<HeaderMap, Error>> {
            Box::pin(async { Err(Error::config("vault unreachable")) })
        }
    }
    let server = server().await;
    let driver = Driver::builder()
        .url(server.url())
        .auth_provider(Arc::new(Broken))
        .build()
        .unwrap();
    let error = driver.login().await.unwrap_err();
    assert!(error.to_string().contains("vault unreachable"));
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn base_path_deployments() {
    let server = ScriptedServer::start(|request| {
        if request.path == "/mattermost/api/v4/users/me" {
            Reply::json(200, user_json(USER_ID, "alice"))
        } else if request.path == "/mattermost/hooks/hook1" {
            Reply::status(200)
                .header("content-type", "text/plain")
                .body("ok")
        } else {
            Reply::app_error(
                404,
                "api.context.404.app_error",
                "Sorry, we could not find the page.",
            )
        }
    })
    .await;
    let driver = Driver::builder()
        .url(format!("{}/mattermost/", server.url()))
        .token("pat-token")
        .build()
        .unwrap();
    assert_eq!(driver.login().await.unwrap().id, USER_ID);
    let hook = driver
        .call_webhook("hook1", &mm_driver::IncomingWebhookPayload::text("hello"))
        .await
        .unwrap();
    assert_eq!(hook.text().unwrap(), "ok");
    assert_eq!(
        server.requests()[1].json(),
        serde_json::json!({"text": "hello"})
    );

    // The Python-style parts give the same URL.
    let parts = Driver::builder()
        .scheme("http")
        .host("127.0.0.1")
        .port(server.addr.port())
        .base_path("mattermost")
        .token("pat-token")
        .build()
        .unwrap();
    assert_eq!(
        parts.base_url().as_string(),
        format!("{}/mattermost", server.url())
    );
    parts.login().await.unwrap();
}

#[test]
fn python_defaults_are_https_localhost_8065() {
    let driver = Driver::builder().build().unwrap();
    assert_eq!(driver.base_url().as_string(), "https://localhost:8065");
}
