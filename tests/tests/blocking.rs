//! Blocking calls (feature `blocking`) against mm-mock: from a plain thread, from
//! `spawn_blocking` on a current-thread runtime, and from a multi-thread worker; typed calls,
//! raw requests, webhooks, pagination as an iterator.

use mm_driver::{Driver, ErrorKind, IncomingWebhookPayload};
use mm_mock::MockServer;
use serde_json::json;

/// The mock runs on its own runtime, so that the test thread is free to block.
fn mock_on_its_own_runtime() -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(MockServer::start()).unwrap();
    (runtime, server)
}

/// The mock on the test's runtime, and a driver with the seeded admin's token.
async fn mock_and_admin() -> (MockServer, Driver) {
    let server = MockServer::start().await.unwrap();
    let driver = Driver::builder()
        .url(server.url())
        .token(&server.seed().admin.token)
        .build()
        .unwrap();
    (server, driver)
}

fn exercise(driver: &Driver, server: &MockServer) {
    let seed = server.seed();
    let me = driver.users().get_user("me").call_blocking().unwrap();
    assert_eq!(me.username, seed.admin.username);

    let typed = driver
        .users()
        .get_user("me")
        .with_response_blocking()
        .unwrap();
    assert_eq!(typed.status(), 200);
    assert_eq!(typed.id, me.id);

    // Raw requests: checked and unchecked.
    let raw = driver.get("/api/v4/users/me").call_blocking().unwrap();
    assert_eq!(raw.json::<serde_json::Value>().unwrap()["id"], me.id);
    let missing = driver.get("/api/v4/users/nobody").send_blocking().unwrap();
    assert_eq!(missing.status(), 404);
    let error = driver
        .get("/api/v4/users/nobody")
        .call_blocking()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);

    // Pagination: 250 extra users make two pages of 200.
    let before = driver.users().get_users().paginate_blocking().count();
    for n in 0..250 {
        server.create_user(&format!("extra{n}"), "password1", false);
    }
    let mut pages = driver.users().get_users().paginate_blocking();
    let first = pages.next().unwrap().unwrap();
    assert!(!first.id.is_empty());
    let rest: Result<Vec<_>, _> = pages.collect();
    assert_eq!(rest.unwrap().len() + 1, before + 250);

    // Webhooks.
    let hook: serde_json::Value = driver
        .post("/api/v4/hooks/incoming")
        .json(&json!({"channel_id": seed.channel_id, "display_name": "CI"}))
        .call_blocking()
        .unwrap()
        .json()
        .unwrap();
    let answer = driver
        .call_webhook_blocking(
            hook["id"].as_str().unwrap(),
            &IncomingWebhookPayload::text("built"),
        )
        .unwrap();
    assert_eq!(answer.text().unwrap(), "ok");
}

#[test]
fn from_a_plain_thread() {
    let (_runtime, server) = mock_on_its_own_runtime();
    let seed = server.seed();
    let driver = Driver::builder()
        .url(server.url())
        .login_id(&seed.admin.username)
        .password(&seed.admin.password)
        .build()
        .unwrap();
    let user = driver.login_blocking().unwrap();
    assert_eq!(user.id, seed.admin.id);
    exercise(&driver, &server);
    driver.logout_blocking().unwrap();
    assert!(!driver.is_logged_in());
}

#[tokio::test(flavor = "current_thread")]
async fn inside_spawn_blocking_of_a_current_thread_runtime() {
    // The mock shares this runtime: it keeps answering while the blocking thread waits.
    let (server, driver) = mock_and_admin().await;
    // A connection opened by async code first, then reused from the blocking thread.
    driver.users().get_user("me").await.unwrap();
    tokio::task::spawn_blocking(move || exercise(&driver, &server))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_multi_thread_worker() {
    let (server, driver) = mock_and_admin().await;
    driver.users().get_user("me").await.unwrap();
    // Called straight from async code: `block_in_place` keeps the runtime's other tasks
    // (the mock among them) running.
    exercise(&driver, &server);
}
