//! mm-mock's team, channel, post, reaction, file and webhook routes, through mm-driver.

use mm_driver::{Driver, ErrorKind, Form, IncomingWebhookPayload, Part};
use mm_mock::{MockServer, Seed};
use mm_types::{
    Channel, ChannelMember, FileInfo, IncomingWebhook, Post, PostList, Reaction, Team, TeamMember,
    UploadFileResponse,
};
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

async fn post(driver: &Driver, channel_id: &str, message: &str) -> Post {
    driver
        .post("/api/v4/posts")
        .json(&json!({"channel_id": channel_id, "message": message}))
        .await
        .unwrap()
        .json()
        .unwrap()
}

#[tokio::test]
async fn teams_create_get_members() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let team: Team = user
        .post("/api/v4/teams")
        .json(&json!({"name": "blue", "display_name": "Blue", "type": "I"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(team.type_, "I");
    let by_id: Team = user
        .get(format!("/api/v4/teams/{}", team.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    let by_name: Team = user
        .get("/api/v4/teams/name/blue")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (by_id.id.as_str(), by_name.id.as_str()),
        (team.id.as_str(), team.id.as_str())
    );

    // The admin is not a member of the invite-only team: adding themselves as a plain user fails,
    // but the team admin can add them.
    let other = server.create_user("other", "other-password", false);
    let error = as_token(&server, &other.token)
        .get(format!("/api/v4/teams/{}", team.id))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
    let error = as_token(&server, &other.token)
        .post(format!("/api/v4/teams/{}/members", team.id))
        .json(&json!({"team_id": team.id, "user_id": other.id}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
    let member: TeamMember = user
        .post(format!("/api/v4/teams/{}/members", team.id))
        .json(&json!({"team_id": team.id, "user_id": other.id}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(member.user_id, other.id);
    let members: Vec<TeamMember> = user
        .get(format!("/api/v4/teams/{}/members", team.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(members.len(), 2);
    let teams: Vec<Team> = as_token(&server, &other.token)
        .get("/api/v4/users/me/teams")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec!["blue"]
    );

    let error = user
        .post("/api/v4/teams")
        .json(&json!({"name": "blue", "display_name": "B", "type": "O"}))
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("app.team.save.existing.app_error")
    );
    let error = user
        .get("/api/v4/teams/abcdefghijklmnopqrstuvwxyz")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
}

#[tokio::test]
async fn channels_open_private_members() {
    let (server, seed) = start().await;
    let admin = as_token(&server, &seed.admin.token);
    let user = as_token(&server, &seed.user.token);
    let private: Channel = admin
        .post("/api/v4/channels")
        .json(&json!({"team_id": seed.team_id, "name": "secret", "display_name": "Secret", "type": "P"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    let error = user
        .get(format!("/api/v4/channels/{}", private.id))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
    let member: ChannelMember = admin
        .post(format!("/api/v4/channels/{}/members", private.id))
        .json(&json!({"user_id": seed.user.id}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(member.channel_id, private.id);
    let fetched: Channel = user
        .get(format!("/api/v4/channels/{}", private.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(fetched.type_, "P");
    let by_name: Channel = user
        .get(format!(
            "/api/v4/teams/{}/channels/name/secret",
            seed.team_id
        ))
        .await
        .unwrap()
        .json()
        .unwrap();
    let by_team_name: Channel = user
        .get("/api/v4/teams/name/seed-team/channels/name/secret")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (by_name.id.as_str(), by_team_name.id.as_str()),
        (private.id.as_str(), private.id.as_str())
    );
    let members: Vec<ChannelMember> = user
        .get(format!("/api/v4/channels/{}/members", private.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(members.len(), 2);
    let mine: Vec<Channel> = user
        .get(format!("/api/v4/users/me/teams/{}/channels", seed.team_id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        mine.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["secret", "seed-channel"]
    );

    user.delete(format!("/api/v4/channels/{}/members/me", private.id))
        .await
        .unwrap();
    assert_eq!(
        user.get(format!("/api/v4/channels/{}", private.id))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotEnoughPermissions
    );
    let error = admin
        .post("/api/v4/channels")
        .json(&json!({"team_id": seed.team_id, "name": "secret", "display_name": "Again", "type": "O"}))
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("store.sql_channel.save_channel.exists.app_error")
    );
    let outsider = server.create_user("outsider", "outsider-pw", false);
    let error = admin
        .post(format!("/api/v4/channels/{}/members", seed.channel_id))
        .json(&json!({"user_id": outsider.id}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
}

#[tokio::test]
async fn direct_and_group_channels() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let dm: Channel = user
        .post("/api/v4/channels/direct")
        .json(&[&seed.user.id, &seed.admin.id])
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(dm.type_, "D");
    let again: Channel = user
        .post("/api/v4/channels/direct")
        .json(&[&seed.admin.id, &seed.user.id])
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(again.id, dm.id, "direct channels are unique per pair");
    post(&user, &dm.id, "psst").await;
    let third = server.create_user("third", "third-password", false);
    let group: Channel = user
        .post("/api/v4/channels/group")
        .json(&[&seed.admin.id, &third.id])
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(group.type_, "G");
    assert_eq!(group.name.len(), 40);
    let error = user
        .post("/api/v4/channels/group")
        .json(&[&seed.admin.id])
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("api.channel.create_group.bad_size.app_error")
    );
    let outsider = as_token(&server, &third.token);
    assert_eq!(
        outsider
            .get(format!("/api/v4/channels/{}/posts", dm.id))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotEnoughPermissions
    );
}

#[tokio::test]
async fn posts_create_read_edit_delete() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let root: Post = user
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id, "message": "root", "props": {"k": "v"}}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(root.props["k"], "v");
    let reply: Post = user
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id, "message": "reply", "root_id": root.id}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(reply.root_id, root.id);
    let fetched: Post = user
        .get(format!("/api/v4/posts/{}", root.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(fetched, root);
    let patched: Post = user
        .put(format!("/api/v4/posts/{}/patch", root.id))
        .json(&json!({"message": "root (edited)"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(patched.message, "root (edited)");
    assert!(patched.edit_at > 0);
    assert_eq!(
        patched.props["k"], "v",
        "a patch keeps what it does not set"
    );
    let updated: Post = user
        .put(format!("/api/v4/posts/{}", reply.id))
        .json(&json!({"id": reply.id, "message": "reply (updated)"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(updated.message, "reply (updated)");
    let thread: PostList = user
        .get(format!("/api/v4/posts/{}/thread", reply.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(thread.order, vec![reply.id.clone(), root.id.clone()]);

    // Others may not edit; nobody may reply to a post of another channel.
    let admin = as_token(&server, &seed.admin.token);
    let other_channel: Channel = admin
        .post("/api/v4/channels")
        .json(&json!({"team_id": seed.team_id, "name": "other", "display_name": "Other", "type": "O"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    let error = admin
        .post("/api/v4/posts")
        .json(&json!({"channel_id": other_channel.id, "message": "x", "root_id": root.id}))
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("api.post.create_post.channel_root_id.app_error")
    );
    let third = server.create_user("third", "third-password", false);
    let outsider = as_token(&server, &third.token);
    assert_eq!(
        outsider
            .put(format!("/api/v4/posts/{}/patch", root.id))
            .json(&json!({"message": "x"}))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotEnoughPermissions
    );

    user.delete(format!("/api/v4/posts/{}", reply.id))
        .await
        .unwrap();
    let error = user
        .get(format!("/api/v4/posts/{}", reply.id))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
    assert_eq!(error.api_error_id(), Some("app.post.get.app_error"));
}

#[tokio::test]
async fn posting_needs_channel_membership() {
    let (server, seed) = start().await;
    let third = server.create_user("third", "third-password", false);
    let error = as_token(&server, &third.token)
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id, "message": "let me in"}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
    assert_eq!(
        error.api_error_id(),
        Some("api.context.permissions.app_error")
    );
    let error = as_token(&server, &seed.user.token)
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOrMissingParameters);
}

#[tokio::test]
async fn channel_posts_paging_and_since() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(post(&user, &seed.channel_id, &format!("message {i}")).await);
    }
    let path = format!("/api/v4/channels/{}/posts", seed.channel_id);
    let first: PostList = user
        .get(&path)
        .query("page", 0)
        .query("per_page", 3)
        .await
        .unwrap()
        .json()
        .unwrap();
    let messages: Vec<_> = first.ordered().map(|p| p.message.as_str()).collect();
    assert_eq!(messages, vec!["message 6", "message 5", "message 4"]);
    assert_eq!(first.has_next, Some(true));
    let last: PostList = user
        .get(&path)
        .query("page", 2)
        .query("per_page", 3)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        last.ordered()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>(),
        vec!["message 0"]
    );
    assert_eq!(last.has_next, Some(false));
    let since: PostList = user
        .get(&path)
        .query("since", created[4].create_at)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(since.order.len(), 2);
}

#[tokio::test]
async fn search_by_terms() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    post(&user, &seed.channel_id, "the deploy failed").await;
    post(&user, &seed.channel_id, "deploy succeeded").await;
    post(&user, &seed.channel_id, "lunch?").await;
    let search = |terms: &str, or: bool| {
        user.post(format!("/api/v4/teams/{}/posts/search", seed.team_id))
            .json(&json!({"terms": terms, "is_or_search": or}))
            .into_future()
    };
    let found: PostList = search("deploy", false).await.unwrap().json().unwrap();
    assert_eq!(found.order.len(), 2);
    let both: PostList = search("deploy failed", false)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(both.order.len(), 1);
    let either: PostList = search("failed lunch", true).await.unwrap().json().unwrap();
    assert_eq!(either.order.len(), 2);
}

#[tokio::test]
async fn reactions_save_list_delete() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let target = post(&user, &seed.channel_id, "react to me").await;
    let reaction: Reaction = user
        .post("/api/v4/reactions")
        .json(&json!({"user_id": seed.user.id, "post_id": target.id, "emoji_name": "tada"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(reaction.emoji_name, "tada");
    let error = user
        .post("/api/v4/reactions")
        .json(&json!({"user_id": seed.admin.id, "post_id": target.id, "emoji_name": "tada"}))
        .await
        .unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::NotEnoughPermissions,
        "reacting for someone else"
    );
    let list: Vec<Reaction> = user
        .get(format!("/api/v4/posts/{}/reactions", target.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(list, vec![reaction]);
    user.delete(format!(
        "/api/v4/users/me/posts/{}/reactions/tada",
        target.id
    ))
    .await
    .unwrap();
    // No reactions left: the body is `null`, as the server's nil slice; the typed call reads
    // it as an empty list.
    let list = user.reactions().get_reactions(&target.id).await.unwrap();
    assert!(list.is_empty());
}

#[tokio::test]
async fn files_upload_download_attach() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let form = Form::new()
        .text("channel_id", &seed.channel_id)
        .part(Part::file("files", "notes.txt", "hello file").content_type("text/plain"))
        .part(Part::file("files", "data.bin", vec![0u8, 1, 2, 255]))
        .text("client_ids", "c1");
    let uploaded: UploadFileResponse = user
        .post("/api/v4/files")
        .multipart(form)
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(uploaded.file_infos.len(), 2);
    assert_eq!(uploaded.client_ids, vec!["c1"]);
    let notes = &uploaded.file_infos[0];
    assert_eq!(
        (notes.name.as_str(), notes.size, notes.mime_type.as_str()),
        ("notes.txt", 10, "text/plain")
    );
    let bytes = user
        .get(format!("/api/v4/files/{}", uploaded.file_infos[1].id))
        .await
        .unwrap();
    assert_eq!(&bytes.bytes()[..], &[0u8, 1, 2, 255]);
    assert!(!bytes.is_json());

    let with_files: Post = user
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id, "message": "see attached", "file_ids": [notes.id]}))
        .await
        .unwrap()
        .json()
        .unwrap();
    let info: FileInfo = user
        .get(format!("/api/v4/files/{}/info", notes.id))
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(info.post_id, with_files.id);
    // Attached: other channel members can read it now.
    let admin = as_token(&server, &seed.admin.token);
    assert_eq!(
        admin
            .get(format!("/api/v4/files/{}", notes.id))
            .await
            .unwrap()
            .text()
            .unwrap(),
        "hello file"
    );
    // A file can be attached once.
    let error = user
        .post("/api/v4/posts")
        .json(&json!({"channel_id": seed.channel_id, "message": "again", "file_ids": [notes.id]}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOrMissingParameters);

    // A raw body upload with `filename` works too.
    let raw: UploadFileResponse = user
        .post("/api/v4/files")
        .query("channel_id", &seed.channel_id)
        .query("filename", "raw.json")
        .bytes("application/octet-stream", "{}")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(raw.file_infos[0].mime_type, "application/json");
}

#[tokio::test]
async fn files_too_large_and_bad_forms() {
    let server = MockServer::builder()
        .max_file_size(8)
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let user = as_token(&server, &seed.user.token);
    let form = Form::new()
        .text("channel_id", &seed.channel_id)
        .part(Part::file("files", "big.txt", "more than eight bytes"));
    let error = user
        .post("/api/v4/files")
        .multipart(form)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ContentTooLarge);
    let error = user
        .post("/api/v4/files")
        .bytes("multipart/form-data; boundary=XX", "--XX\r\nbroken")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidOrMissingParameters);
    let third = server.create_user("third", "third-password", false);
    let form = Form::new()
        .text("channel_id", &seed.channel_id)
        .part(Part::file("files", "a.txt", "x"));
    let error = as_token(&server, &third.token)
        .post("/api/v4/files")
        .multipart(form)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotEnoughPermissions);
}

#[tokio::test]
async fn incoming_webhooks_create_list_call() {
    let (server, seed) = start().await;
    let user = as_token(&server, &seed.user.token);
    let hook: IncomingWebhook = user
        .post("/api/v4/hooks/incoming")
        .json(&json!({"channel_id": seed.channel_id, "display_name": "CI"}))
        .await
        .unwrap()
        .json()
        .unwrap();
    let hooks: Vec<IncomingWebhook> = user
        .get("/api/v4/hooks/incoming")
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(hooks, vec![hook.clone()]);
    let anonymous = Driver::builder().url(server.url()).build().unwrap();
    let mut payload = IncomingWebhookPayload::text("build #42 passed");
    payload.username = Some("ci-bot".into());
    let answer = anonymous.call_webhook(&hook.id, &payload).await.unwrap();
    assert_eq!(answer.text().unwrap(), "ok");
    let posts: PostList = user
        .get(format!("/api/v4/channels/{}/posts", seed.channel_id))
        .await
        .unwrap()
        .json()
        .unwrap();
    let posted = posts.ordered().next().unwrap();
    assert_eq!(posted.message, "build #42 passed");
    assert_eq!(posted.user_id, seed.user.id);
    assert_eq!(posted.props["from_webhook"], "true");
    assert_eq!(posted.props["override_username"], "ci-bot");

    let error = anonymous
        .call_webhook(&hook.id, &json!({"username": "x"}))
        .await
        .unwrap_err();
    assert_eq!(
        error.api_error_id(),
        Some("web.incoming_webhook.text.app_error")
    );
    let error = anonymous
        .call_webhook("abcdefghijklmnopqrstuvwxyz", &payload)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResourceNotFound);
}

#[tokio::test]
async fn incoming_webhooks_disabled_is_501() {
    let server = MockServer::builder()
        .incoming_webhooks(false)
        .start()
        .await
        .unwrap();
    let seed = server.seed();
    let error = as_token(&server, &seed.user.token)
        .post("/api/v4/hooks/incoming")
        .json(&json!({"channel_id": seed.channel_id}))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::FeatureDisabled);
    assert_eq!(
        error.api_error_id(),
        Some("api.incoming_webhook.disabled.app_error")
    );
}

#[tokio::test]
async fn rest_calls_publish_events_to_the_right_users() {
    let (server, seed) = start().await;
    let mut events = server.subscribe_events();
    let user = as_token(&server, &seed.user.token);
    let posted = post(&user, &seed.channel_id, "hi @admin").await;
    let event = events.recv().await.unwrap();
    assert_eq!(event.event, "posted");
    assert_eq!(event.broadcast.channel_id, seed.channel_id);
    let mut recipients = vec![seed.admin.id.clone(), seed.user.id.clone()];
    recipients.sort();
    assert_eq!(event.recipients, recipients);
    let inner: Post = serde_json::from_str(event.data["post"].as_str().unwrap()).unwrap();
    assert_eq!(inner, posted);
    let mentions: Vec<String> =
        serde_json::from_str(event.data["mentions"].as_str().unwrap()).unwrap();
    assert_eq!(mentions, vec![seed.admin.id.clone()]);
    assert_eq!(event.data["sender_name"], "@user");

    user.post("/api/v4/reactions")
        .json(&json!({"user_id": seed.user.id, "post_id": posted.id, "emoji_name": "+1"}))
        .await
        .unwrap();
    user.put(format!("/api/v4/posts/{}/patch", posted.id))
        .json(&json!({"message": "edited"}))
        .await
        .unwrap();
    user.delete(format!("/api/v4/posts/{}", posted.id))
        .await
        .unwrap();
    let kinds: Vec<String> = (0..3).map(|_| events.try_recv().unwrap().event).collect();
    assert_eq!(kinds, vec!["reaction_added", "post_edited", "post_deleted"]);
}
