//! What the driver logs: secrets never, warnings where they matter.
//!
//! This binary holds one test and installs its subscriber as the process's global default
//! before any span or event is created. Tracing caches per call site whether anyone listens;
//! with a thread-local subscriber (`set_default`) in a process where other tests run in
//! parallel, a call site first reached on another thread could be cached as "nobody listens"
//! and this test would miss the driver's spans now and then.

use http::HeaderValue;
use mm_driver::Driver;
use tests::{LogCapture, Recorded, Reply, ScriptedServer, TestPki, user_json};

const USER_ID: &str = "u1234567890abcdefghijklmno";

fn fake_mattermost(request: &Recorded) -> Reply {
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/api/v4/users/login") => {
            if request.json()["password"] != "correct horse" {
                return Reply::app_error(401, "api.user.login.invalid_credentials", "No.");
            }
            Reply::json(200, user_json(USER_ID, "alice"))
                .header("token", "session-token-1")
                .header(
                    "set-cookie",
                    "MMAUTHTOKEN=session-token-1; Path=/; HttpOnly",
                )
        }
        ("POST", "/api/v4/users/logout") => Reply::json(200, serde_json::json!({"status": "OK"})),
        _ => Reply::json(200, user_json(USER_ID, "alice")),
    }
}

#[test]
fn the_driver_logs_no_secret_and_warns_about_disabled_verification() {
    let capture = LogCapture::default();
    tracing::subscriber::set_global_default(capture.subscriber())
        .expect("the only subscriber of this test binary");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(secrets_never_appear_in_debug_output_or_logs(&capture));
    runtime.block_on(the_danger_flag_accepts_any_certificate_and_warns(&capture));
}

async fn secrets_never_appear_in_debug_output_or_logs(capture: &LogCapture) {
    let server = ScriptedServer::start(fake_mattermost).await;
    let builder = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("correct horse")
        .mfa_token("654321")
        .token("pat-token-secret");
    let builder_debug = format!("{builder:?}");
    let driver = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("correct horse")
        .build()
        .unwrap();
    driver.login().await.unwrap();
    driver.users().get_user("me").await.unwrap();
    let request = driver.post("/api/v4/x").header(
        http::header::COOKIE,
        HeaderValue::from_static("MMAUTHTOKEN=session-token-1"),
    );
    let shown = format!(
        "{builder_debug} {driver:?} {:?} {request:?} {:?}",
        driver.transport(),
        driver.get("/api/v4/users/me").send().await.unwrap(),
    );
    driver.logout().await.unwrap();
    let logs = capture.text();
    assert!(
        logs.contains("mm.request"),
        "the spans were captured: {logs}"
    );
    for secret in [
        "correct horse",
        "654321",
        "pat-token-secret",
        "session-token-1",
    ] {
        assert!(!shown.contains(secret), "{secret} in Debug output: {shown}");
        assert!(!logs.contains(secret), "{secret} in logs: {logs}");
    }
}

async fn the_danger_flag_accepts_any_certificate_and_warns(capture: &LogCapture) {
    let pki = TestPki::new();
    let server = ScriptedServer::tls_user(&pki).await;
    let driver = Driver::builder()
        .url(server.https_url())
        .max_retries(0)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
    assert!(capture.text().contains("verification is disabled"));
    let driver = Driver::builder()
        .url(server.https_url())
        .max_retries(0)
        .verify(false)
        .build()
        .unwrap();
    driver.users().get_user("u1").await.unwrap();
}
