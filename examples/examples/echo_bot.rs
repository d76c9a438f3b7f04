//! A bot that answers every post mentioning it, in the same thread.
//!
//! ```sh
//! cargo run -p examples --example echo_bot          # on mm-mock, with a scripted conversation
//! MM_URL=https://chat.example.com MM_TOKEN=<bot token> cargo run -p examples --example echo_bot
//! ```
//!
//! On mm-mock a scripted user says three things (two of them to the bot) and the bot stops
//! after answering both. On a real server it runs until interrupted.

use examples::Target;
use futures_util::StreamExt;
use mm_driver::types::CreatePostRequest;
use mm_driver::ws::{EventData, Message, WebsocketConfig};
use mm_driver::{Driver, Error};

/// Answers the mentions of `me` until `stop_after` answers (forever with `None`); says on
/// `ready` when it listens.
async fn run_bot(
    bot: Driver,
    stop_after: Option<usize>,
    mut ready: Option<tokio::sync::oneshot::Sender<()>>,
) -> Result<usize, Error> {
    let me = bot.login().await?;
    let mention = format!("@{}", me.username);
    let mut events = bot.websocket().await?;
    let mut answered = 0;
    while let Some(message) = events.next().await {
        match message? {
            Message::Connected { .. } => {
                println!("bot: connected as {}", me.username);
                if let Some(ready) = ready.take() {
                    let _ = ready.send(());
                }
            }
            Message::Reconnecting { attempt, delay } => {
                println!("bot: reconnecting (attempt {attempt}) in {delay:?}")
            }
            Message::Missed { .. } => {
                println!("bot: events were missed while away (a real bot would refetch)")
            }
            Message::Event(event) => {
                let EventData::Posted(posted) = event.data else {
                    continue;
                };
                let post = posted.post;
                if post.user_id == me.id || !post.message.contains(&mention) {
                    continue;
                }
                let text = post.message.replace(&mention, "").trim().to_owned();
                let root = if post.root_id.is_empty() {
                    post.id.clone()
                } else {
                    post.root_id.clone()
                };
                bot.posts()
                    .create_post(&CreatePostRequest {
                        channel_id: post.channel_id.clone(),
                        message: format!("echo: {text}"),
                        root_id: Some(root),
                        ..Default::default()
                    })
                    .await?;
                answered += 1;
                println!("bot: answered {:?} from {}", text, posted.sender_name);
                if stop_after.is_some_and(|n| answered >= n) {
                    bot.disconnect();
                }
            }
            _ => {}
        }
    }
    Ok(answered)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = Target::from_env().await?;
    println!("server: {}", target.describe());
    let server = match target {
        Target::Real(driver) => {
            run_bot(driver, None, None).await?;
            return Ok(());
        }
        Target::Mock(server) => server,
    };
    let seed = server.seed();
    let bot_user = server.create_user("echo-bot", "echo-bot-password", false);
    // The bot joins the seed channel through the API, as a real bot would be added.
    let admin = Driver::builder()
        .url(server.url())
        .token(&seed.admin.token)
        .build()?;
    admin
        .teams()
        .add_team_member(
            &seed.team_id,
            &mm_driver::types::AddTeamMemberRequest {
                team_id: Some(seed.team_id.clone()),
                user_id: Some(bot_user.id.clone()),
            },
        )
        .await?;
    admin
        .channels()
        .add_channel_member(
            &seed.channel_id,
            &mm_driver::types::AddChannelMemberRequest {
                user_id: Some(bot_user.id.clone()),
                ..Default::default()
            },
        )
        .await?;
    let mut config = WebsocketConfig::default();
    config.keepalive = true;
    let bot = Driver::builder()
        .url(server.url())
        .token(&bot_user.token)
        .websocket(config)
        .build()?;
    let (listening, ready) = tokio::sync::oneshot::channel();
    let bot_task = tokio::spawn(run_bot(bot, Some(2), Some(listening)));

    // The scripted conversation, once the bot listens.
    let human = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .build()?;
    let mut replies = server.subscribe_events();
    ready.await?;
    for text in [
        "good morning everyone",
        "@echo-bot are you there?",
        "@echo-bot say something nice",
    ] {
        human
            .posts()
            .create_post(&CreatePostRequest {
                channel_id: seed.channel_id.clone(),
                message: text.into(),
                ..Default::default()
            })
            .await?;
        println!("user: {text}");
    }
    let answered = tokio::time::timeout(std::time::Duration::from_secs(30), bot_task).await???;
    // Show the thread replies the bot wrote.
    while let Ok(event) = replies.try_recv() {
        if event.event == "posted" && event.data["sender_name"] == "@echo-bot" {
            let post: mm_driver::types::Post =
                serde_json::from_str(event.data["post"].as_str().unwrap_or("{}"))?;
            println!("thread reply to {}: {}", post.root_id, post.message);
        }
    }
    println!("the bot answered {answered} mentions and stopped");
    Ok(())
}
