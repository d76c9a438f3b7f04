//! The whole flow in one go: log in, create a team and a channel, post, read back, upload and
//! attach a file, call an incoming webhook, list the channel, log out.
//!
//! ```sh
//! cargo run -p examples --example quickstart                       # against mm-mock
//! MM_URL=https://chat.example.com MM_TOKEN=... cargo run -p examples --example quickstart
//! ```

use examples::{Target, suffix};
use mm_driver::types::{Channel, IncomingWebhook, Post, PostList, Team, UploadFileResponse};
use mm_driver::{Driver, Form, IncomingWebhookPayload, Part};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = Target::from_env().await?;
    println!("1. server: {}", target.describe());

    let driver = match &target {
        Target::Real(driver) => driver.clone(),
        Target::Mock(server) => {
            // On a fresh server the first account becomes the system admin.
            let anonymous = Driver::builder().url(server.url()).build()?;
            anonymous
                .post("/api/v4/users")
                .json(&json!({"username": "admin", "email": "admin@example.com", "password": "admin-password"}))
                .await?;
            println!("2. created the admin user `admin` (the first account is the system admin)");
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

    let name = format!("quickstart-{}", suffix());
    let team: Team = driver
        .post("/api/v4/teams")
        .json(&json!({"name": name, "display_name": "Quickstart", "type": "O"}))
        .await?
        .json()?;
    let channel: Channel = driver
        .post("/api/v4/channels")
        .json(&json!({"team_id": team.id, "name": "general-chat", "display_name": "General chat", "type": "O"}))
        .await?
        .json()?;
    println!(
        "4. created team `{}` and channel `{}`",
        team.name, channel.name
    );

    let post: Post = driver
        .post("/api/v4/posts")
        .json(&json!({"channel_id": channel.id, "message": "Hello from mm, the Rust driver!"}))
        .await?
        .json()?;
    let read_back: Post = driver
        .get(format!("/api/v4/posts/{}", post.id))
        .await?
        .json()?;
    println!("5. posted and read back: {:?}", read_back.message);

    let form = Form::new().text("channel_id", &channel.id).part(
        Part::file("files", "notes.txt", "Meeting notes: ship it.").content_type("text/plain"),
    );
    let upload: UploadFileResponse = driver.post("/api/v4/files").multipart(form).await?.json()?;
    let file = upload
        .file_infos
        .first()
        .ok_or("the upload returned no file")?;
    driver
        .post("/api/v4/posts")
        .json(
            &json!({"channel_id": channel.id, "message": "notes attached", "file_ids": [file.id]}),
        )
        .await?;
    println!(
        "6. uploaded {} ({} bytes) and attached it to a post",
        file.name, file.size
    );

    let hook: IncomingWebhook = driver
        .post("/api/v4/hooks/incoming")
        .json(&json!({"channel_id": channel.id, "display_name": "quickstart hook"}))
        .await?
        .json()?;
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

    let posts: PostList = driver
        .get(format!("/api/v4/channels/{}/posts", channel.id))
        .query("per_page", 60)
        .await?
        .json()?;
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
