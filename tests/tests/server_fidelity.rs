//! Server fidelity: bodies and websocket frames shaped exactly as the Mattermost server (11.6)
//! marshals them (`tests/fixtures/server/`, written from the Go structs and handlers, nulls
//! included) decode through the same path as typed calls, and nothing the server sends is
//! dropped; mm-mock answers with Go's nulls too.

use mm_driver::Driver;
use mm_driver::api::{Call, Json};
use mm_driver::types::*;
use mm_driver::ws::{EventData, EventType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tests::{Reply, ScriptedServer};

/// `$CARGO_MANIFEST_DIR` as cargo sets it at run time (a binary shared between checkouts
/// through one target folder may have been built elsewhere).
fn fixtures() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .join("fixtures/server")
}

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixtures().join("manifest.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn fixture(file: &str) -> String {
    std::fs::read_to_string(fixtures().join(file)).unwrap()
}

/// Every key the server sent with a value is in what mm kept, with the same value (numbers
/// compared as numbers). A `null` the server sent may be kept as `null`, `None` or the zero
/// value.
fn nothing_dropped(path: &str, sent: &Value, kept: &Value, lost: &mut Vec<String>) {
    match (sent, kept) {
        (Value::Null, _) => {}
        (Value::Object(sent), Value::Object(kept)) => {
            for (key, value) in sent {
                let here = format!("{path}.{key}");
                match kept.get(key) {
                    Some(other) => nothing_dropped(&here, value, other, lost),
                    None => lost.push(format!("{here} (sent {value})")),
                }
            }
        }
        (Value::Array(sent), Value::Array(kept)) if sent.len() == kept.len() => {
            for (index, (a, b)) in sent.iter().zip(kept).enumerate() {
                nothing_dropped(&format!("{path}[{index}]"), a, b, lost);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => lost.push(format!("{path}: sent {a}, kept {b}")),
    }
}

/// Serves `body` and decodes it the way a typed call does (`Call<Json<T>>`).
async fn decode_like_a_call<T>(server_body: String) -> T
where
    T: DeserializeOwned + Default + Send + 'static,
{
    let server = ScriptedServer::start(move |_| {
        Reply::status(200)
            .header("content-type", "application/json")
            .body(server_body.clone())
    })
    .await;
    let driver = Driver::builder()
        .url(server.url())
        .token("t")
        .build()
        .unwrap();
    Call::<Json<T>>::new(driver.get("/api/v4/fixture"))
        .await
        .unwrap()
}

async fn check<T>(file: &str) -> Vec<String>
where
    T: DeserializeOwned + Serialize + Default + Send + 'static,
{
    let body = fixture(file);
    let sent: Value = serde_json::from_str(&body).unwrap();
    let decoded: T = decode_like_a_call(body).await;
    let kept = serde_json::to_value(&decoded).unwrap();
    let mut lost = Vec::new();
    nothing_dropped("", &sent, &kept, &mut lost);
    lost.into_iter().map(|l| format!("{file}: {l}")).collect()
}

macro_rules! by_type {
    ($name:expr, $file:expr, [$($ty:ty),* $(,)?]) => {
        match $name {
            $(stringify!($ty) => check::<$ty>($file).await,)*
            other => panic!("fixture {}: no type {other} in this test's list", $file),
        }
    };
}

#[tokio::test]
async fn server_shaped_bodies_decode_without_losing_anything() {
    let mut lost = Vec::new();
    let mut checked = 0;
    for entry in manifest() {
        let (Some(file), Some(ty)) = (entry["file"].as_str(), entry["rust_type"].as_str()) else {
            continue;
        };
        let ty = ty.replace(' ', "");
        lost.extend(by_type!(
            ty.as_str(),
            file,
            [
                Bot,
                Channel,
                ChannelListWithTeamData,
                ChannelMember,
                ChannelStats,
                ChannelUnread,
                ChannelUnreadAt,
                Command,
                CommandResponse,
                Emoji,
                FileInfo,
                FileInfoList,
                GetFileLinkResponse,
                Group,
                IncomingWebhook,
                Job,
                OutgoingWebhook,
                Post,
                PostAcknowledgement,
                PostIdToReactionsMap,
                PostList,
                PostListWithSearchMatches,
                Reaction,
                RegenCommandTokenResponse,
                Status,
                Team,
                TeamMember,
                TeamStats,
                UploadFileResponse,
                User,
                UserAccessToken,
                UserAccessTokenSanitized,
                UserAutocomplete,
                UserThread,
                UserThreads,
                UsersStats,
                ViewChannelResponse,
                Vec<Bot>,
                Vec<Channel>,
                Vec<ChannelMember>,
                Vec<Command>,
                Vec<Emoji>,
                Vec<FileInfo>,
                Vec<Group>,
                Vec<IncomingWebhook>,
                Vec<Job>,
                Vec<Post>,
                Vec<Preference>,
                Vec<Reaction>,
                Vec<Session>,
                Vec<Status>,
                Vec<Team>,
                Vec<TeamMember>,
                Vec<TeamUnread>,
                Vec<User>,
            ]
        ));
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} fixtures");
    assert!(lost.is_empty(), "data lost:\n{}", lost.join("\n"));
}

#[tokio::test]
async fn the_null_cases_of_the_issue_decode() {
    let team: Team = decode_like_a_call(fixture("http/team_plain.json")).await;
    assert_eq!(team.policy_id, None);
    let reactions: Vec<Reaction> = decode_like_a_call("null".to_owned()).await;
    assert!(reactions.is_empty());
    let jobs: Vec<Job> = decode_like_a_call(fixture("http/jobs_past_last_page.json")).await;
    assert!(jobs.is_empty());
    let found: PostListWithSearchMatches =
        decode_like_a_call(fixture("http/post_search_empty.json")).await;
    assert!(found.matches.is_empty());
    let ephemeral: Post = decode_like_a_call(fixture("http/post_ephemeral.json")).await;
    assert!(ephemeral.file_ids.is_empty());
    let away: CommandResponse =
        decode_like_a_call(fixture("http/command_response_away.json")).await;
    assert!(!away.text.is_empty() && away.attachments.is_empty());
    let with_attachments: CommandResponse =
        decode_like_a_call(fixture("http/command_response_attachments.json")).await;
    assert!(!with_attachments.attachments[0].fallback.is_empty());
}

/// Models sent back carry zero values (a flag set to false, a number to 0); `Option` fields
/// the server marshals as `null` are written as `null`.
#[test]
fn models_sent_back_keep_zero_values_and_go_nulls() {
    let mut command: Command = serde_json::from_str(&fixture("http/command_created.json")).unwrap();
    command.auto_complete = false;
    command.auto_complete_desc = String::new();
    let sent = serde_json::to_value(&command).unwrap();
    assert_eq!(sent["auto_complete"], Value::Bool(false));
    assert_eq!(sent["auto_complete_desc"], Value::String(String::new()));
    let team = Team::default();
    assert_eq!(
        serde_json::to_value(&team).unwrap()["policy_id"],
        Value::Null
    );
    // A patch sends what was set, and only that, zero values included.
    let patch = PatchChannelRequest {
        group_constrained: Some(false),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        serde_json::json!({"group_constrained": false})
    );
}

#[test]
fn server_shaped_websocket_frames_decode_to_their_types() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in manifest() {
        let Some(file) = entry["file"].as_str().filter(|f| f.starts_with("ws/")) else {
            continue;
        };
        let frame: Value = serde_json::from_str(&fixture(file)).unwrap();
        let event = EventType::from(frame["event"].as_str().unwrap());
        let data = frame["data"].to_string();
        match EventData::decode_raw(&event, &data) {
            EventData::Other(_) => problems.push(format!("{file}: {event} is not typed")),
            EventData::Invalid(invalid) => problems.push(format!("{file}: {}", invalid.error)),
            typed => {
                // The posts inside (JSON in a string) keep everything the server put there.
                if let Some(post_text) = frame["data"]["post"].as_str() {
                    let sent: Value = serde_json::from_str(post_text).unwrap();
                    let post: Post = serde_json::from_str(post_text).unwrap();
                    let mut lost = Vec::new();
                    nothing_dropped(
                        "post",
                        &sent,
                        &serde_json::to_value(post).unwrap(),
                        &mut lost,
                    );
                    problems.extend(lost.into_iter().map(|l| format!("{file}: {l}")));
                }
                drop(typed);
            }
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} frames");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn data_that_does_not_match_its_type_is_kept_with_the_error() {
    let data = r#"{"post": "{\"id\": 5}"}"#;
    let EventData::Invalid(invalid) = EventData::decode_raw(&EventType::from("posted"), data)
    else {
        panic!("expected Invalid");
    };
    assert_eq!(invalid.path, "post");
    assert_eq!(invalid.data["post"], "{\"id\": 5}");
}

#[tokio::test]
async fn mm_mock_answers_with_go_nulls_and_serves_the_team_listing() {
    let server = mm_mock::MockServer::start().await.unwrap();
    let seed = server.seed();
    let driver = Driver::builder()
        .url(server.url())
        .token(&seed.admin.token)
        .build()
        .unwrap();
    let raw = driver
        .get(format!("/api/v4/teams/{}", seed.team_id))
        .send()
        .await
        .unwrap();
    let team: Value = raw.json().unwrap();
    assert_eq!(team["policy_id"], Value::Null);
    assert_eq!(team["scheme_id"], Value::Null);

    let post = driver
        .posts()
        .create_post(&CreatePostRequest {
            channel_id: seed.channel_id.clone(),
            message: "no reactions".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let reactions = driver
        .get(format!("/api/v4/posts/{}/reactions", post.id))
        .send()
        .await
        .unwrap();
    assert_eq!(reactions.text().unwrap(), "null");
    assert!(
        driver
            .reactions()
            .get_reactions(&post.id)
            .await
            .unwrap()
            .is_empty()
    );

    let teams = driver.teams().get_all_teams().await.unwrap();
    assert!(teams.iter().any(|t| t.id == seed.team_id));
    let counted = driver
        .teams()
        .get_all_teams()
        .with_total_count()
        .await
        .unwrap();
    assert_eq!(counted.total_count as usize, counted.teams.len());
    let exists = driver.teams().team_exists(&seed.team_name).await.unwrap();
    assert!(exists.exists);
    assert!(
        !driver
            .teams()
            .team_exists("no-such-team")
            .await
            .unwrap()
            .exists
    );
}

#[tokio::test]
async fn the_loss_check_sees_a_key_the_model_lacks() {
    let sent = serde_json::json!({"id": "t1", "a_key_from_a_newer_server": 1, "policy_id": null});
    let decoded: Team = decode_like_a_call(sent.to_string()).await;
    let mut lost = Vec::new();
    nothing_dropped(
        "",
        &sent,
        &serde_json::to_value(decoded).unwrap(),
        &mut lost,
    );
    assert_eq!(lost, vec![".a_key_from_a_newer_server (sent 1)"]);
}
