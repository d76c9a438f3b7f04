//! The generated API on the wire: PATCH, DELETE with a body, POST with query parameters,
//! multipart upload, binary download, path escaping, the two `SearchFiles`, pagination,
//! blocking calls, and the operations table.

use futures_util::TryStreamExt;
use mm_driver::api::OPERATIONS;
use mm_driver::http;
use mm_driver::transport::Upload;
use mm_driver::types::{
    DataRetentionPolicyWithTeamAndChannelIds, DeleteGroupMembersRequest, PostList,
};
use mm_driver::{Driver, ErrorKind};
use tests::{Reply, ScriptedServer, user_json};

fn driver(server: &ScriptedServer) -> Driver {
    Driver::builder()
        .url(server.url())
        .token("t")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn patch_sends_only_the_fields_set() {
    let server = ScriptedServer::sequence(vec![Reply::json(
        200,
        serde_json::json!({"id": "p1", "display_name": "New"}),
    )])
    .await;
    let patch = DataRetentionPolicyWithTeamAndChannelIds {
        display_name: Some("New".into()),
        ..Default::default()
    };
    let policy = driver(&server)
        .data_retention()
        .patch_data_retention_policy("p1", &patch)
        .await
        .unwrap();
    assert_eq!(policy.display_name, "New");
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("PATCH", "/api/v4/data_retention/policies/p1")
    );
    assert_eq!(request.json(), serde_json::json!({"display_name": "New"}));
}

#[tokio::test]
async fn delete_with_a_body_sends_it_as_a_body() {
    let server = ScriptedServer::sequence(vec![Reply::json(200, serde_json::json!([]))]).await;
    let body = DeleteGroupMembersRequest {
        user_ids: Some(vec!["u1".into(), "u2".into()]),
    };
    driver(&server)
        .groups()
        .delete_group_members("g1", &body)
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.query, None, "nothing goes to the query string");
    assert_eq!(
        request.json(),
        serde_json::json!({"user_ids": ["u1", "u2"]})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn post_keeps_its_query_parameters() {
    let server = ScriptedServer::sequence(vec![Reply::json(
        201,
        serde_json::json!({"team_id": "t1", "user_id": "u1"}),
    )])
    .await;
    driver(&server)
        .teams()
        .add_team_member_from_invite()
        .token("invite token/1")
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/api/v4/teams/members/invite")
    );
    assert_eq!(request.query.as_deref(), Some("token=invite%20token%2F1"));
}

#[tokio::test]
async fn optional_query_parameters_are_setters() {
    let server = ScriptedServer::sequence(vec![Reply::json(200, serde_json::json!([]))]).await;
    driver(&server)
        .users()
        .get_users()
        .in_team("t1")
        .page(2)
        .per_page(50)
        .active(true)
        .await
        .unwrap();
    let query = server.requests()[0].query.clone().unwrap();
    assert_eq!(query, "in_team=t1&page=2&per_page=50&active=true");
}

#[tokio::test]
async fn typed_multipart_upload_sends_text_fields_before_files() {
    let server = ScriptedServer::sequence(vec![Reply::json(
        201,
        serde_json::json!({"file_infos": [{"id": "f1", "name": "a.txt"}, {"id": "f2", "name": "b.png"}], "client_ids": ["x", "y"]}),
    )])
    .await;
    let uploaded = driver(&server)
        .files()
        .upload_file(
            "c1",
            [
                Upload::new("a.txt", "hello"),
                Upload::new("b.png", &b"\x89PNG"[..]).content_type("image/png"),
            ],
        )
        // Set after the files, sent before them: the server pairs each file with the
        // client id read before it.
        .client_ids(&["x", "y"])
        .await
        .unwrap();
    assert_eq!(uploaded.file_infos[1].id, "f2");
    let request = &server.requests()[0];
    assert!(
        request
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary=")
    );
    // The form carries the channel; the query does not repeat it.
    assert_eq!(request.query, None);
    let body = String::from_utf8_lossy(&request.body).to_string();
    let order: Vec<usize> = [
        "name=\"channel_id\"\r\n\r\nc1\r\n",
        "name=\"client_ids\"\r\n\r\nx\r\n",
        "name=\"client_ids\"\r\n\r\ny\r\n",
        "name=\"files\"; filename=\"a.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nhello\r\n",
        "name=\"files\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n",
    ]
    .iter()
    .map(|part| body.find(part).unwrap_or_else(|| panic!("{part:?} missing from {body}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?} in {body}");
}

#[tokio::test]
async fn multipart_json_fields_and_flags_are_typed() {
    let server = ScriptedServer::sequence(vec![
        Reply::json(201, serde_json::json!({"id": "e1", "name": "party"})),
        Reply::json(201, serde_json::json!({"id": "com.example"})),
    ])
    .await;
    let emoji = mm_driver::types::Emoji {
        name: "party".into(),
        creator_id: "u1".into(),
        ..Default::default()
    };
    let created = driver(&server)
        .emoji()
        .create_emoji(&emoji, Upload::new("party.gif", "GIF89a"))
        .await
        .unwrap();
    assert_eq!(created.id, "e1");
    driver(&server)
        .plugins()
        .upload_plugin(Upload::new("plugin.tar.gz", "tar"))
        .force(true)
        .await
        .unwrap();
    let requests = server.requests();
    let emoji_body = String::from_utf8_lossy(&requests[0].body).to_string();
    let json_start = emoji_body
        .find("name=\"emoji\"\r\n\r\n")
        .expect("an emoji field")
        + "name=\"emoji\"\r\n\r\n".len();
    let json_text =
        &emoji_body[json_start..json_start + emoji_body[json_start..].find("\r\n").unwrap()];
    let sent: serde_json::Value = serde_json::from_str(json_text).unwrap();
    assert_eq!(sent["name"], "party");
    assert_eq!(sent["creator_id"], "u1");
    assert!(emoji_body.contains("name=\"image\"; filename=\"party.gif\""));
    let plugin_body = String::from_utf8_lossy(&requests[1].body).to_string();
    assert!(
        plugin_body.contains("name=\"force\"\r\n\r\ntrue\r\n"),
        "{plugin_body}"
    );
}

#[tokio::test]
async fn with_response_keeps_status_and_headers_beside_the_typed_output() {
    let server = ScriptedServer::sequence(vec![
        Reply::json(200, serde_json::json!({"id": "u1", "username": "ann"})).header("etag", "\"v1\""),
        Reply::json(404, serde_json::json!({"id": "app.user.missing", "message": "no such user", "status_code": 404})),
    ])
    .await;
    let me = driver(&server)
        .users()
        .get_user("me")
        .with_response()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    assert_eq!(me.headers()["etag"], "\"v1\"");
    // Fields read through to the output.
    assert_eq!(me.username, "ann");
    assert_eq!(me.into_body().id, "u1");
    let error = driver(&server)
        .users()
        .get_user("nobody")
        .with_response()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn binary_downloads_are_bytes_never_json() {
    let png = &b"\x89PNG\r\n\x1a\n rest"[..];
    let server = ScriptedServer::sequence(vec![
        Reply::status(200)
            .header("content-type", "image/png")
            .body(png),
    ])
    .await;
    let bytes = driver(&server).files().get_file("f1").await.unwrap();
    assert_eq!(&bytes[..], png);
    assert_eq!(server.requests()[0].header("accept"), Some("*/*"));
    let image = driver(&server)
        .users()
        .get_profile_image("u1")
        .await
        .unwrap();
    assert_eq!(&image[..], png);
}

#[tokio::test]
async fn path_parameters_are_escaped_and_dot_segments_refused() {
    let server = ScriptedServer::sequence(vec![Reply::json(200, user_json("x", "x"))]).await;
    let driver = driver(&server);
    driver.users().get_user("a/b c").await.unwrap();
    assert_eq!(server.requests()[0].path, "/api/v4/users/a%2Fb%20c");
    for bad in ["", "..", "."] {
        let error = driver.users().get_user(bad).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    }
    assert_eq!(
        server.request_count(),
        1,
        "refused requests never reach the server"
    );
}

#[tokio::test]
async fn the_two_search_files_operations_have_two_names() {
    let server = ScriptedServer::sequence(vec![Reply::json(
        200,
        serde_json::json!({"order": [], "file_infos": {}}),
    )])
    .await;
    let driver = driver(&server);
    driver
        .files()
        .search_files(&mm_driver::types::SearchFilesRequest {
            terms: "x".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    driver
        .files()
        .search_team_files(
            "t1",
            &mm_driver::types::SearchTeamFilesRequest {
                terms: "x".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        vec!["/api/v4/files/search", "/api/v4/teams/t1/files/search"]
    );
    let search_files: Vec<_> = OPERATIONS
        .iter()
        .filter(|op| op.operation_id == "SearchFiles")
        .map(|op| op.name)
        .collect();
    assert_eq!(search_files.len(), 2);
    assert!(search_files.contains(&"search_files") && search_files.contains(&"search_team_files"));
}

#[tokio::test]
async fn paginate_streams_every_item_and_stops_at_a_short_page() {
    let server = ScriptedServer::start(|request| {
        let query = request.query.clone().unwrap_or_default();
        let page: usize = query
            .split('&')
            .find_map(|p| p.strip_prefix("page="))
            .and_then(|v| v.parse().ok())
            .unwrap_or(99);
        let count = match page {
            0 | 1 => 2,
            2 => 1,
            _ => 0,
        };
        let users: Vec<_> = (0..count)
            .map(|i| user_json(&format!("u{page}{i}"), &format!("user{page}{i}")))
            .collect();
        Reply::json(200, serde_json::json!(users))
    })
    .await;
    let users: Vec<_> = driver(&server)
        .users()
        .get_users()
        .in_team("t1")
        .per_page(2)
        .paginate()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        users.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        vec!["u00", "u01", "u10", "u11", "u20"]
    );
    let queries: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.query.clone().unwrap())
        .collect();
    assert_eq!(
        queries,
        vec![
            "in_team=t1&per_page=2&page=0",
            "in_team=t1&per_page=2&page=1",
            "in_team=t1&per_page=2&page=2"
        ]
    );
}

#[tokio::test]
async fn paginate_ends_after_an_error() {
    let server = ScriptedServer::sequence(vec![
        Reply::json(200, serde_json::json!([user_json("u1", "a")])),
        Reply::app_error(403, "api.context.permissions.app_error", "no"),
    ])
    .await;
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        driver(&server).users().get_users().per_page(1).paginate(),
    )
    .await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::NotEnoughPermissions
    );
}

#[test]
fn blocking_calls_work_without_a_runtime() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(ScriptedServer::sequence(vec![Reply::json(
        200,
        user_json("u1", "alice"),
    )]));
    let driver = Driver::builder()
        .url(server.url())
        .token("t")
        .build()
        .unwrap();
    let user = driver.users().get_user("u1").call_blocking().unwrap();
    assert_eq!(user.username, "alice");
    let list: PostList = serde_json::from_str("{}").unwrap();
    assert!(list.order.is_empty());
    drop(server);
}

#[test]
fn blocking_login_and_logout() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(ScriptedServer::start(|request| {
        match request.path.as_str() {
            "/api/v4/users/login" => {
                Reply::json(200, user_json("u1", "alice")).header("token", "session-1")
            }
            "/api/v4/users/logout" => Reply::json(200, serde_json::json!({"status": "OK"})),
            _ => Reply::json(200, user_json("u1", "alice")),
        }
    }));
    let driver = Driver::builder()
        .url(server.url())
        .login_id("alice")
        .password("pw")
        .build()
        .unwrap();
    assert_eq!(driver.login_blocking().unwrap().username, "alice");
    assert!(driver.is_logged_in());
    driver.logout_blocking().unwrap();
    assert!(!driver.is_logged_in());
    assert_eq!(
        server.requests()[1].header("authorization"),
        Some("Bearer session-1")
    );
}

#[tokio::test]
async fn blocking_calls_inside_a_runtime_fail_instead_of_deadlocking() {
    let server = ScriptedServer::sequence(vec![Reply::json(200, user_json("u1", "alice"))]).await;
    let error = driver(&server)
        .users()
        .get_user("u1")
        .call_blocking()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.to_string().contains("use `.await`"), "{error}");
}

#[test]
fn the_operations_table_covers_the_spec() {
    // The newest core spec and the Playbooks plugin spec.
    let core = OPERATIONS.iter().filter(|op| op.plugin.is_none()).count();
    let playbooks = OPERATIONS
        .iter()
        .filter(|op| op.plugin == Some("playbooks"))
        .count();
    assert_eq!((core, playbooks), (586, 44));
    let mut seen = std::collections::HashSet::new();
    for op in OPERATIONS {
        for group in op.groups {
            assert!(seen.insert((*group, op.name)), "{group}.{} twice", op.name);
        }
        assert!(op.path.starts_with('/'));
    }
    let methods: std::collections::BTreeSet<_> = OPERATIONS.iter().map(|op| op.method).collect();
    assert_eq!(
        methods.into_iter().collect::<Vec<_>>(),
        vec!["DELETE", "GET", "PATCH", "POST", "PUT"]
    );
    assert_eq!(OPERATIONS.iter().filter(|op| op.deprecated).count(), 3);
    let groups: std::collections::BTreeSet<_> =
        OPERATIONS.iter().flat_map(|op| op.groups.iter()).collect();
    assert!(groups.contains(&"oauth") && groups.contains(&"data_retention"));
    assert!(
        !groups
            .iter()
            .any(|g| g.chars().any(|c| c.is_ascii_uppercase() || c == ' '))
    );
}

/// The server takes `graceful` as true whenever it is present and then answers a list of
/// members with errors: `.graceful()` sets it and types that answer; without it nothing is sent.
#[tokio::test]
async fn graceful_is_a_typed_form_not_a_flag() {
    let server = ScriptedServer::sequence(vec![
        Reply::json(201, serde_json::json!([{"team_id": "t1", "user_id": "u1"}])),
        Reply::json(
            201,
            serde_json::json!([{"user_id": "u2", "member": null, "error": {"id": "app.team.join_user_to_team.max_accounts.app_error", "message": "full", "status_code": 400}}]),
        ),
    ])
    .await;
    let driver = driver(&server);
    let members = vec![mm_driver::types::TeamMember {
        team_id: "t1".into(),
        user_id: "u1".into(),
        ..Default::default()
    }];
    let added = driver
        .teams()
        .add_team_members("t1", &members)
        .await
        .unwrap();
    assert_eq!(added[0].user_id, "u1");
    let with_errors = driver
        .teams()
        .add_team_members("t1", &members)
        .graceful()
        .await
        .unwrap();
    assert_eq!(with_errors[0].user_id, "u2");
    assert!(with_errors[0].member.is_none());
    assert_eq!(
        with_errors[0].error.as_ref().map(|e| e.id.as_str()),
        Some("app.team.join_user_to_team.max_accounts.app_error")
    );
    let queries: Vec<Option<String>> = server.requests().iter().map(|r| r.query.clone()).collect();
    assert_eq!(queries, vec![None, Some("graceful=true".to_owned())]);
}
