//! The whole flow in one go, through the typed API: log in, create a team and a channel, post,
//! read back, upload and attach a file, call an incoming webhook, list the channel, log out.
//!
//! ```sh
//! cargo run -p examples --example quickstart                       # against mm-mock
//! MM_URL=https://chat.example.com MM_TOKEN=... cargo run -p examples --example quickstart
//! ```

use examples::{Target, suffix};
use futures_util::StreamExt;
use mm_driver::types::{
    CreateChannelRequest, CreateIncomingWebhookRequest, CreatePostRequest, CreateTeamRequest,
    CreateUserRequest,
};
use mm_driver::ws::{EventData, Message};
use mm_driver::{Driver, IncomingWebhookPayload, Upload};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = Target::from_env().await?;
    println!("1. server: {}", target.describe());

    let driver = match &target {
        Target::Real(driver) => driver.clone(),
        Target::Mock(server) => {
            // On a fresh server the first account becomes the system admin.
            let anonymous = Driver::builder().url(server.url()).build()?;
            let admin = anonymous
                .users()
                .create_user(&CreateUserRequest {
                    email: "admin@example.com".into(),
                    username: "admin".into(),
                    password: Some("admin-password".into()),
                    ..Default::default()
                })
                .await?;
            println!(
                "2. created the admin user `{}` (the first account is the system admin)",
                admin.username
            );
            Driver::builder()
                .url(server.url())
                .login_id("admin")
                .password("admin-password")
                .build()?
        }
    };
    let me = driver.login().await?;
    println!(
        "3. logged in as {} ({}), roles: {}",
        me.username, me.id, me.roles
    );

    let team = driver
        .teams()
        .create_team(&CreateTeamRequest {
            name: format!("quickstart-{}", suffix()),
            display_name: "Quickstart".into(),
            type_: "O".into(),
            ..Default::default()
        })
        .await?;
    let channel = driver
        .channels()
        .create_channel(&CreateChannelRequest {
            team_id: team.id.clone(),
            name: "general-chat".into(),
            display_name: "General chat".into(),
            type_: "O".into(),
            ..Default::default()
        })
        .await?;
    println!(
        "4. created team `{}` and channel `{}`",
        team.name, channel.name
    );

    let mut events = driver.websocket().await?;
    let post = driver
        .posts()
        .create_post(&CreatePostRequest {
            channel_id: channel.id.clone(),
            message: "Hello from mm, the Rust driver!".into(),
            ..Default::default()
        })
        .await?;
    let read_back = driver.posts().get_post(&post.id).await?;
    println!("5. posted and read back: {:?}", read_back.message);
    let echoed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while let Some(message) = events.next().await {
            if let Message::Event(event) = message?
                && let EventData::Posted(posted) = event.data
                && posted.post.id == post.id
            {
                return Ok::<_, mm_driver::Error>(Some(event.seq));
            }
        }
        Ok(None)
    })
    .await??;
    match echoed {
        Some(seq) => println!(
            "   ... and received it back over the websocket as a `posted` event (seq {seq})"
        ),
        None => println!("   ... the websocket closed before the post came back"),
    }
    drop(events);

    let notes = Upload::new("notes.txt", "Meeting notes: ship it.").content_type("text/plain");
    let upload = driver.files().upload_file(&channel.id, [notes]).await?;
    let file = upload
        .file_infos
        .first()
        .ok_or("the upload returned no file")?;
    driver
        .posts()
        .create_post(&CreatePostRequest {
            channel_id: channel.id.clone(),
            message: "notes attached".into(),
            file_ids: Some(vec![file.id.clone()]),
            ..Default::default()
        })
        .await?;
    println!(
        "6. uploaded {} ({} bytes) and attached it to a post",
        file.name, file.size
    );

    let hook = driver
        .webhooks()
        .create_incoming_webhook(&CreateIncomingWebhookRequest {
            channel_id: channel.id.clone(),
            display_name: Some("quickstart hook".into()),
            ..Default::default()
        })
        .await?;
    driver
        .call_webhook(
            &hook.id,
            &IncomingWebhookPayload::text("Build #1 passed (via webhook)"),
        )
        .await?;
    println!(
        "7. created incoming webhook {} and posted through it",
        hook.id
    );

    let posts = driver
        .posts()
        .get_posts_for_channel(&channel.id)
        .per_page(60)
        .await?;
    println!(
        "8. the channel has {} posts, newest first:",
        posts.order.len()
    );
    for post in posts.ordered() {
        let files = if post.file_ids.is_empty() {
            String::new()
        } else {
            format!(" [{} file]", post.file_ids.len())
        };
        println!("   - {}{files}", post.message);
    }

    driver.logout().await?;
    println!(
        "9. logged out (logged in: {}) from {}",
        driver.is_logged_in(),
        target.url()
    );
    Ok(())
}
