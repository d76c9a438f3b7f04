//! mm-mock's user, login, token and bot routes, exercised through mm-driver over real sockets.

use http::Method;
use mm_driver::{Driver, ErrorKind, Form, Part};
use mm_mock::{MockServer, Seed};
use mm_types::{Bot, User, UserAccessToken};
use serde_json::json;

async fn start() -> (MockServer, Seed) {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    (server, seed)
}

fn as_token(server: &MockServer, token: &str) -> Driver {
    Driver::builder()
        .url(server.url())
        .token(token)
        .max_retries(0)
        .build()
        .unwrap()
}

fn anonymous(server: &MockServer) -> Driver {
    Driver::builder()
        .url(server.url())
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_user_and_log_in_with_the_password() {
    let (server, _) = start().await;
    let driver = anonymous(&server);
    let created: User = driver
        .post("/api/v4/users")
        .json(&json!({"username": "carol", "email": "carol@example.com", "password": "carol-password"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(created.id.len(), 26);
    assert_eq!(created.roles, "system_user");
    let login = Driver::builder()
        .url(server.url())
        .login_id("carol")
        .password("carol-password")
        .build()
        .unwrap();
    let me = login.login().await.unwrap();
    assert_eq!(me.id, created.id);
    assert_eq!(
        login.users().get_user("me").await.unwrap().username,
        "carol"
    );
    // The raw login answer carries the token twice, as the real server sends it.
    let raw = anonymous(&server)
        .post("/api/v4/users/login")
        .json(&json!({"login_id": "carol@example.com", "password": "carol-password"}))
        .await
        .unwrap();
    let token = raw
        .headers()
        .get("token")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 26);
    let cookies: Vec<_> = raw
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with(&format!("MMAUTHTOKEN={token}")))
    );
    assert_eq!(raw.request_id().map(str::len), Some(26));
    assert!(raw.server_version().unwrap().starts_with("11.6.0"));
}

#[tokio::test]
async fn invalid_new_users_are_400_with_the_server_ids() {
    let (server, _) = start().await;
    let driver = anonymous(&server);
    let cases = [
        (
            json!({"username": "X", "email": "x@example.com", "password": "long-enough"}),
            "model.user.is_valid.username.app_error",
        ),
        (
            json!({"username": "dave", "email": "nope", "password": "long-enough"}),
            "model.user.is_valid.email.app_error",
        ),
        (
            json!({"username": "dave", "email": "d@example.com", "password": "short"}),
            "model.user.is_valid.pwd_length.app_error",
        ),
        (
            json!({"username": "user", "email": "u2@example.com", "password": "long-enough"}),
            "app.user.save.username_exists.app_error",
        ),
    ];
    for (body, id) in cases {
        let error = driver.post("/api/v4/users").json(&body).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidOrMissingParameters);
        assert_eq!(error.api_error_id(), Some(id));
    }
    let error = driver
        .post("/api/v4/users")
        .bytes("application/json", "{not json")
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("api.context.invalid_body_param.app_error")
    );
}

#[tokio::test]
async fn password_login_with_mfa() {
    let (server, seed) = start().await;
    server.enable_mfa(&seed.user.id, "246810");
    let builder = Driver::builder()
        .url(server.url())
        .login_id("user")
        .password("user-password");
    builder
        .clone()
        .mfa_token("246810")
        .build()
        .unwrap()
        .login()
        .await
        .unwrap();
    let error = builder
        .clone()
        .mfa_token("111111")
        .build()
        .unwrap()
        .login()
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("mfa.validate_token.authenticate.app_error")
    );
    let error = builder.build().unwrap().login().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
    let wrong = Driver::builder()
        .url(server.url())
        .login_id("user")
        .password("nope")
        .build()
        .unwrap();
    assert_eq!(
        wrong.login().await.unwrap_err().api_error_id(),
        Some("api.user.login.invalid_credentials_email_username")
    );
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let (server, _) = start().await;
    let driver = Driver::builder()
        .url(server.url())
        .login_id("user")
        .password("user-password")
        .build()
        .unwrap();
    driver.login().await.unwrap();
    let token_requests = server.requests().len();
    driver.logout().await.unwrap();
    assert_eq!(
        server.requests()[token_requests].path,
        "/api/v4/users/logout"
    );
    // The old session no longer works, even when replayed by hand.
    let error = driver.users().get_user("me").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
}

#[tokio::test]
async fn missing_and_invalid_tokens_are_401() {
    let (server, _) = start().await;
    for driver in [anonymous(&server), as_token(&server, "not-a-real-token")] {
        let error = driver.users().get_user("me").await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided);
        assert_eq!(
            error.api_error_id(),
            Some("api.context.session_expired.app_error")
        );
        assert_eq!(error.api_error().unwrap().request_id.len(), 26);
    }
}

#[tokio::test]
async fn users_by_id_username_and_ids() {
    let (server, seed) = start().await;
    let driver = as_token(&server, &seed.user.token);
    assert_eq!(
        driver
            .users()
            .get_user(&seed.admin.id)
            .await
            .unwrap()
            .username,
        "admin"
    );
    let by_name: User = driver
        .get("/api/v4/users/username/admin")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(by_name.id, seed.admin.id);
    let many: Vec<User> = driver
        .post("/api/v4/users/ids")
        .json(&[
            &seed.admin.id,
            &seed.user.id,
            &"unknownunknownunknownunkno".to_owned(),
        ])
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(many.len(), 2);
    let error = driver
        .users()
        .get_user("abcdefghijklmnopqrstuvwxyz")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
    assert_eq!(error.api_error_id(), Some("app.user.missing_account.const"));
}

#[tokio::test]
async fn list_users_with_paging_and_filters() {
    let (server, seed) = start().await;
    for i in 0..5 {
        server.create_user(&format!("extra{i}"), "extra-password", false);
    }
    let driver = as_token(&server, &seed.user.token);
    let all: Vec<User> = driver
        .get("/api/v4/users")
        .query("per_page", 200)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(all.len(), 7);
    let names: Vec<_> = all.iter().map(|u| u.username.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let page: Vec<User> = driver
        .get("/api/v4/users")
        .query("page", 1)
        .query("per_page", 3)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        page.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(),
        &names[3..6]
    );
    let in_team: Vec<User> = driver
        .get("/api/v4/users")
        .query("in_team", &seed.team_id)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(in_team.len(), 2);
    let in_channel: Vec<User> = driver
        .get("/api/v4/users")
        .query("in_channel", &seed.channel_id)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(in_channel.len(), 2);
    let error = driver
        .get("/api/v4/users")
        .query("page", "x")
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("api.context.invalid_url_param.app_error")
    );
}

#[tokio::test]
async fn patch_user_self_admin_and_others() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let patched: User = user
        .put("/api/v4/users/me/patch")
        .json(&json!({"nickname": "Uzi", "position": "Tester"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (patched.nickname.as_str(), patched.position.as_str()),
        ("Uzi", "Tester")
    );
    assert_eq!(patched.username, "user", "fields not sent are kept");
    let error = user
        .put(format!("/api/v4/users/{}/patch", seed.admin.id))
        .json(&json!({"nickname": "hacked"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
    let admin = as_token(&server, &seed.admin.token);
    admin
        .put(format!("/api/v4/users/{}/patch", seed.user.id))
        .json(&json!({"first_name": "U"}))
        .await
        .unwrap();
    assert_eq!(user.users().get_user("me").await.unwrap().first_name, "U");
}

#[tokio::test]
async fn personal_access_tokens_create_use_revoke() {
    let (server, seed) = start().await;
    let admin = as_token(&server, &seed.admin.token);
    let token: UserAccessToken = admin
        .post(format!("/api/v4/users/{}/tokens", seed.user.id))
        .json(&json!({"description": "ci bot"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert!(!format!("{token:?}").contains(&token.token));
    let with_pat = as_token(&server, &token.token);
    assert_eq!(with_pat.login().await.unwrap().id, seed.user.id);
    admin
        .post("/api/v4/users/tokens/revoke")
        .json(&json!({"token_id": token.id}))
        .await
        .unwrap();
    assert_eq!(
        with_pat.users().get_user("me").await.unwrap_err().kind(),
        ErrorKind::NoAccessTokenProvided
    );

    // Plain users lack `create_user_access_token`.
    let user = as_token(&server, &seed.user.token);
    let error = user
        .post("/api/v4/users/me/tokens")
        .json(&json!({"description": "x"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
}

#[tokio::test]
async fn personal_access_tokens_disabled_is_501() {
    let server = MockServer::builder()
        .user_access_tokens(false)
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let error = as_token(&server, &seed.admin.token)
        .post("/api/v4/users/me/tokens")
        .json(&json!({"description": "x"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::FeatureDisabled);
    assert_eq!(error.api_error_id(), Some("app.user_access_token.disabled"));
}

#[tokio::test]
async fn bots_create_and_get() {
    let (server, seed) = start().await;
    let admin = as_token(&server, &seed.admin.token);
    let bot: Bot = admin
        .post("/api/v4/bots")
        .json(&json!({"username": "helper-bot", "display_name": "Helper", "description": "helps"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(bot.owner_id, seed.admin.id);
    let fetched: Bot = admin
        .get(format!("/api/v4/bots/{}", bot.user_id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(fetched, bot);
    assert!(admin.users().get_user(&bot.user_id).await.unwrap().is_bot);
    let error = as_token(&server, &seed.user.token)
        .post("/api/v4/bots")
        .json(&json!({"username": "rogue-bot"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
}

#[tokio::test]
async fn unknown_routes_and_wrong_methods() {
    let (server, seed) = start().await;
    let driver = as_token(&server, &seed.user.token);
    let error = driver.get("/api/v4/no/such/route").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
    assert_eq!(error.api_error_id(), Some("api.context.404.app_error"));
    let error = driver
        .request(Method::DELETE, "/api/v4/users/me")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::MethodNotAllowed);
    let pong = anonymous(&server).get("/api/v4/system/ping").await.unwrap();
    assert_eq!(pong.json::<serde_json::Value>().unwrap()["status"], "OK");
}

#[tokio::test]
async fn the_request_log_keeps_what_was_sent_minus_secrets() {
    let (server, seed) = start().await;
    let driver = Driver::builder()
        .url(server.url())
        .login_id("user")
        .password("user-password")
        .build()
        .unwrap();
    driver.login().await.unwrap();
    driver
        .get("/api/v4/users")
        .query("in_team", "t1")
        .send()
        .await
        .unwrap();
    let form = Form::new()
        .text("channel_id", &seed.channel_id)
        .part(Part::file("files", "a.txt", "abc"));
    driver.post("/api/v4/files").multipart(form).await.unwrap();
    let log = server.requests();
    let login = &log[0];
    assert_eq!(login.path, "/api/v4/users/login");
    assert_eq!(login.json().unwrap()["password"], "[redacted]");
    assert_eq!(login.json().unwrap()["login_id"], "user");
    let list = &log[1];
    assert_eq!(list.header("authorization"), Some("[redacted]"));
    assert_eq!(list.header("x-requested-with"), Some("XMLHttpRequest"));
    assert_eq!(list.query_param("in_team"), Some("t1"));
    assert!(String::from_utf8_lossy(&log[2].body).contains("abc"));
    let all = format!("{log:?}");
    assert!(!all.contains("user-password"));
    assert!(!all.contains(&seed.user.token));
}
