//! The realtime client against mm-mock's websocket, over real sockets: typed events, actions,
//! resume without loss, missed events, authentication failures, keepalive, disconnect.

use std::time::Duration;

use futures_util::StreamExt;
use mm_driver::types::{CreatePostRequest, Reaction};
use mm_driver::ws::{EventData, EventType, Events, Message, WebsocketConfig};
use mm_driver::{Driver, ErrorKind};
use mm_mock::{MockServer, Seed};

fn config(keepalive: bool) -> WebsocketConfig {
    let mut config = WebsocketConfig::default();
    config.keepalive = keepalive;
    config.keepalive_delay = Duration::from_millis(10);
    config.max_jitter = Duration::ZERO;
    config
}

fn driver(server: &MockServer, token: &str, keepalive: bool) -> Driver {
    Driver::builder()
        .url(server.url())
        .token(token)
        .websocket(config(keepalive))
        .build()
        .unwrap()
}

async fn start() -> (MockServer, Seed) {
    let server = MockServer::start().await.unwrap();
    let seed = server.seed();
    (server, seed)
}

/// The next event (skipping lifecycle messages), with a generous real-time limit.
async fn next_event(events: &mut Events) -> mm_driver::ws::Event {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .expect("an event within 10 s")
            .expect("the stream is open")
            .expect("no error");
        if let Message::Event(event) = message {
            return *event;
        }
    }
}

/// A stream of the seed user on a personal access token, which is revoked while the connection
/// is dropped; an event is posted meanwhile.
async fn revoked_while_away(server: &MockServer, seed: &Seed, config: WebsocketConfig) -> Events {
    let admin = driver(server, &seed.admin.token, false);
    let token = admin
        .users()
        .create_user_access_token(
            &seed.user.id,
            &mm_driver::types::CreateUserAccessTokenRequest {
                description: "ws".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let listener = Driver::builder()
        .url(server.url())
        .token(&token.token)
        .websocket(config)
        .build()
        .unwrap();
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    admin
        .users()
        .revoke_user_access_token(&mm_driver::types::RevokeUserAccessTokenRequest {
            token_id: token.id.clone(),
        })
        .await
        .unwrap();
    server.ws_drop_after(1);
    post(&admin, &seed.channel_id, "x").await;
    events
}

async fn post(driver: &Driver, channel_id: &str, message: &str) -> mm_driver::types::Post {
    driver
        .posts()
        .create_post(&CreatePostRequest {
            channel_id: channel_id.into(),
            message: message.into(),
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn posting_over_rest_delivers_a_typed_posted_event() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, false);
    let mut events = listener.websocket().await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert!(
        matches!(first, Message::Connected { ref connection_id } if connection_id.len() == 26),
        "{first:?}"
    );

    let admin = driver(&server, &seed.admin.token, false);
    let sent = post(&admin, &seed.channel_id, "hello @user").await;
    let event = next_event(&mut events).await;
    assert_eq!(event.event, EventType::Posted);
    assert_eq!(event.seq, 1);
    assert_eq!(event.broadcast.channel_id, seed.channel_id);
    let EventData::Posted(posted) = event.data else {
        panic!("typed posted: {:?}", event.data)
    };
    assert_eq!(posted.post, sent);
    assert_eq!(posted.sender_name, "@admin");
    assert_eq!(
        posted.mentions.as_deref(),
        Some(&[seed.user.id.clone()][..])
    );

    admin
        .reactions()
        .save_reaction(&Reaction {
            user_id: seed.admin.id.clone(),
            post_id: sent.id.clone(),
            emoji_name: "tada".into(),
            create_at: 0,
            ..Reaction::default()
        })
        .await
        .unwrap();
    let event = next_event(&mut events).await;
    let EventData::ReactionAdded(reaction) = event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(
        (event.event, reaction.reaction.emoji_name.as_str()),
        (EventType::ReactionAdded, "tada")
    );

    admin
        .posts()
        .patch_post(
            &sent.id,
            &mm_driver::types::PatchPostRequest {
                message: Some("edited".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let event = next_event(&mut events).await;
    let EventData::PostEdited(edited) = event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(
        (event.event, edited.post.message.as_str()),
        (EventType::PostEdited, "edited")
    );

    admin.posts().delete_post(&sent.id).await.unwrap();
    let event = next_event(&mut events).await;
    assert_eq!(event.event, EventType::PostDeleted);
    assert_eq!(event.seq, 4, "seq is contiguous");
}

#[tokio::test]
async fn actions_get_their_replies_and_typing_is_relayed() {
    let (server, seed) = start().await;
    let user = driver(&server, &seed.user.token, false);
    let admin = driver(&server, &seed.admin.token, false);
    let mut user_events = user.websocket().await.unwrap();
    let admin_events = admin.websocket().await.unwrap();
    let handle = admin_events.handle();

    let pong = handle.ping().await.unwrap();
    assert_eq!(
        (pong.text.as_str(), pong.version.as_str()),
        ("pong", "11.6.0")
    );
    assert!(pong.server_time > 0);
    let statuses = handle
        .get_statuses_by_ids(&[&seed.user.id, "abcdefghijklmnopqrstuvwxyz"])
        .await
        .unwrap();
    assert_eq!(statuses[&seed.user.id], "online");
    assert_eq!(statuses["abcdefghijklmnopqrstuvwxyz"], "offline");
    handle.user_typing(&seed.channel_id, None).await.unwrap();
    let event = next_event(&mut user_events).await;
    let EventData::Typing(typing) = event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(typing.user_id, seed.admin.id);
    let error = handle
        .user_typing("abcdefghijklmnopqrstuvwxyz", None)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("invalid_param"), "{error}");
    handle.user_update_active_status(true, false).await.unwrap();
    handle.presence(Some(&seed.channel_id), None).await.unwrap();
}

#[tokio::test]
async fn a_thousand_events_with_twenty_drops_arrive_exactly_once_in_order() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let mut events = listener.websocket().await.unwrap();
    let admin = driver(&server, &seed.admin.token, false);
    let reader = tokio::spawn(async move {
        let mut messages = Vec::new();
        let mut reconnects = 0;
        while messages.len() < 1000 {
            match events.next().await.unwrap().unwrap() {
                Message::Event(event) => {
                    let EventData::Posted(posted) = event.data else {
                        continue;
                    };
                    messages.push(posted.post.message);
                }
                Message::Reconnecting { .. } => reconnects += 1,
                Message::Missed { .. } => panic!("nothing may be missed"),
                _ => {}
            }
        }
        (messages, reconnects)
    });
    for i in 0..1000 {
        if i % 50 == 25 {
            server.ws_drop_after(1);
        }
        post(&admin, &seed.channel_id, &format!("message {i}")).await;
    }
    let (messages, reconnects) = tokio::time::timeout(Duration::from_secs(60), reader)
        .await
        .unwrap()
        .unwrap();
    let expected: Vec<String> = (0..1000).map(|i| format!("message {i}")).collect();
    assert_eq!(messages, expected);
    assert_eq!(reconnects, 20);
}

/// On a quiet connection no event follows the resume: the reply to the ping sent at once on the
/// resumed socket proves it, long before the periodic ping (30 s) would.
#[tokio::test]
async fn a_resume_on_a_quiet_connection_is_reported_without_waiting_for_an_event() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let mut events = listener.websocket().await.unwrap();
    let admin = driver(&server, &seed.admin.token, false);
    let _ = events.next().await; // Connected
    server.ws_drop_after(1);
    post(&admin, &seed.channel_id, "the last event before the drop").await;
    let mut seen = Vec::new();
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .expect("Resumed within 10 s, with no event after the drop")
            .unwrap()
            .unwrap();
        match message {
            Message::Resumed { connection_id } => {
                assert_eq!(connection_id.len(), 26);
                break;
            }
            Message::Missed { .. } => panic!("the mock resumes this connection"),
            Message::Event(event) => seen.push(event.event),
            _ => {}
        }
    }
    assert!(seen.contains(&EventType::Posted), "{seen:?}");
    // And the resumed stream goes on, in order.
    post(&admin, &seed.channel_id, "after the resume").await;
    let event = next_event(&mut events).await;
    let EventData::Posted(posted) = event.data else {
        panic!("{:?}", event.event)
    };
    assert_eq!(posted.post.message, "after the resume");
}

#[tokio::test]
async fn a_refused_resume_yields_missed_and_the_stream_goes_on() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let mut events = listener.websocket().await.unwrap();
    let admin = driver(&server, &seed.admin.token, false);
    let _ = events.next().await; // Connected
    server.ws_refuse_resume(true);
    server.ws_drop_after(1);
    post(&admin, &seed.channel_id, "before the drop").await;
    let saw_missed;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap()
        {
            Message::Missed { connection_id } => {
                assert_eq!(connection_id.len(), 26);
                saw_missed = true;
                break;
            }
            Message::Resumed { .. } => panic!("the server refused the resume"),
            _ => {}
        }
    }
    assert!(saw_missed);
    server.ws_refuse_resume(false);
    post(&admin, &seed.channel_id, "after").await;
    let event = next_event(&mut events).await;
    let EventData::Posted(posted) = event.data else {
        panic!()
    };
    assert_eq!(posted.post.message, "after");
    assert_eq!(event.seq, 1, "numbering restarts after the new hello");
}

#[tokio::test(start_paused = true)]
async fn a_bad_token_is_an_authentication_error_within_the_deadline() {
    let (server, _) = start().await;
    let started = tokio::time::Instant::now();
    let error = driver(&server, "not-a-token", true)
        .websocket()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided, "{error}");
    assert!(started.elapsed() <= Duration::from_secs(10));
}

#[tokio::test]
async fn keepalive_off_a_drop_ends_the_stream_with_an_error() {
    let (server, seed) = start().await;
    let mut events = driver(&server, &seed.user.token, false)
        .websocket()
        .await
        .unwrap();
    let _ = events.next().await;
    server.ws_drop_after(1);
    post(
        &driver(&server, &seed.admin.token, false),
        &seed.channel_id,
        "x",
    )
    .await;
    let mut error = None;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .unwrap()
    {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    let error = error.expect("an error before the end");
    assert_eq!(error.kind(), ErrorKind::WebSocket);
    assert!(error.to_string().contains("keepalive is off"), "{error}");
}

#[tokio::test]
async fn disconnect_stops_the_stream_within_100_ms_and_never_reconnects() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    let started = std::time::Instant::now();
    listener.disconnect();
    while let Some(item) = events.next().await {
        assert!(
            !matches!(item, Ok(Message::Reconnecting { .. })),
            "no reconnect after disconnect"
        );
    }
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_stalled_server_is_detected_as_dead() {
    let (server, seed) = start().await;
    let mut config = config(false);
    config.ping_interval = Duration::from_secs(30);
    let listener = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .websocket(config)
        .build()
        .unwrap();
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    server.ws_stall(true);
    let started = tokio::time::Instant::now();
    let mut error = None;
    while let Some(item) = events.next().await {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    let error = error.expect("a dead-peer error");
    assert!(
        error.to_string().contains("no answer from the server"),
        "{error}"
    );
    // A ping at 30 s gets no answer; at the next tick (60 s) the peer is declared dead.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(59) && elapsed <= Duration::from_secs(61),
        "{elapsed:?}"
    );
    server.ws_stall(false);
}

#[tokio::test]
async fn malformed_frames_and_unknown_events_never_break_the_stream() {
    let (server, seed) = start().await;
    let mut events = driver(&server, &seed.user.token, false)
        .websocket()
        .await
        .unwrap();
    let _ = events.next().await;
    server.ws_send_malformed("{this is not json");
    let admin = driver(&server, &seed.admin.token, false);
    post(&admin, &seed.channel_id, "still here").await;
    let event = next_event(&mut events).await;
    let EventData::Posted(posted) = event.data else {
        panic!()
    };
    assert_eq!(posted.post.message, "still here");
    // Unknown event types keep their name and raw data.
    let unknown = EventData::decode(
        &EventType::from("custom_plugin_thing"),
        serde_json::json!({"x": 1}),
    );
    assert_eq!(unknown, EventData::Other(serde_json::json!({"x": 1})));
    assert_eq!(
        EventType::from("custom_plugin_thing").as_str(),
        "custom_plugin_thing"
    );
    // Data that does not match its type is kept raw with the error, not lost nor hidden.
    let odd = EventData::decode(&EventType::Posted, serde_json::json!({"post": "not json"}));
    let EventData::Invalid(invalid) = odd else {
        panic!("expected Invalid: {odd:?}")
    };
    assert_eq!(invalid.data, serde_json::json!({"post": "not json"}));
}

#[tokio::test]
async fn challenge_authentication_works_and_a_bad_challenge_fails() {
    let (server, seed) = start().await;
    let mut config = config(false);
    config.authenticate_with_challenge = true;
    let good = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .websocket(config.clone())
        .build()
        .unwrap();
    let mut events = good.websocket().await.unwrap();
    assert!(matches!(
        events.next().await,
        Some(Ok(Message::Connected { .. }))
    ));
    // The challenge's OK reply was consumed; actions still match their own replies.
    assert_eq!(events.handle().ping().await.unwrap().text, "pong");
    let bad = Driver::builder()
        .url(server.url())
        .token("wrong")
        .websocket(config)
        .build()
        .unwrap();
    let error = bad.websocket().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided, "{error}");
}

#[tokio::test]
async fn filtered_streams_skip_other_events_but_keep_the_sequence() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, false);
    let mut events = listener.websocket_only(&[EventType::Posted]).await.unwrap();
    let admin = driver(&server, &seed.admin.token, false);
    let first = post(&admin, &seed.channel_id, "one").await;
    admin
        .reactions()
        .save_reaction(&Reaction {
            user_id: seed.admin.id.clone(),
            post_id: first.id.clone(),
            emoji_name: "x".into(),
            create_at: 0,
            ..Reaction::default()
        })
        .await
        .unwrap();
    post(&admin, &seed.channel_id, "two").await;
    let a = next_event(&mut events).await;
    let b = next_event(&mut events).await;
    assert_eq!((a.event.clone(), a.seq), (EventType::Posted, 1));
    assert_eq!(
        (b.event.clone(), b.seq),
        (EventType::Posted, 3),
        "the reaction (seq 2) was skipped, not lost"
    );
}

#[tokio::test]
async fn init_websocket_runs_the_handler_until_disconnect() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let admin = driver(&server, &seed.admin.token, false);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let runner = {
        let (listener, seen) = (listener.clone(), seen.clone());
        tokio::spawn(async move {
            listener
                .init_websocket(|message| {
                    let seen = seen.clone();
                    async move {
                        if let Message::Event(event) = message {
                            seen.lock().unwrap().push(event.event.to_string());
                        }
                    }
                })
                .await
        })
    };
    // Post until the handler has seen an event (the socket registers in the background).
    for _ in 0..250 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        post(&admin, &seed.channel_id, "ping").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    listener.disconnect();
    tokio::time::timeout(Duration::from_secs(5), runner)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(seen.lock().unwrap().iter().all(|e| e == "posted"));
    assert!(!seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn init_websocket_stops_when_the_handler_breaks() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let admin = driver(&server, &seed.admin.token, false);
    let runner = {
        let listener = listener.clone();
        tokio::spawn(async move {
            listener
                .init_websocket(|message| async move {
                    match message {
                        Message::Event(event) if event.event == EventType::Posted => {
                            std::ops::ControlFlow::Break(())
                        }
                        _ => std::ops::ControlFlow::Continue(()),
                    }
                })
                .await
        })
    };
    // Post until the loop ends by itself: no disconnect() from outside.
    for _ in 0..250 {
        if runner.is_finished() {
            break;
        }
        post(&admin, &seed.channel_id, "ping").await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::timeout(Duration::from_secs(5), runner)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[test]
fn websocket_settings_can_be_built_outside_the_crate() {
    let config = mm_driver::ws::WebsocketConfig::new()
        .keepalive(true)
        .ping_interval(Duration::ZERO)
        .hello_timeout(Duration::from_secs(2))
        .max_message_size(1 << 20);
    let driver = Driver::builder()
        .url("http://127.0.0.1:1")
        .token("t")
        .websocket(config.clone())
        .build()
        .unwrap();
    assert_eq!(driver.websocket_config(), &config);
}

#[tokio::test]
async fn the_websocket_goes_through_the_configured_proxy() {
    let (server, seed) = start().await;
    let proxy = tests::ConnectProxy::start().await;
    let listener = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .proxy(format!("http://{}", proxy.addr), None)
        .build()
        .unwrap();
    let mut events = listener.websocket().await.unwrap();
    assert!(matches!(
        events.next().await,
        Some(Ok(Message::Connected { .. }))
    ));
    assert!(
        proxy
            .targets
            .lock()
            .unwrap()
            .contains(&server.addr().to_string())
    );
}

/// mm-mock behind a TLS terminator with a test certificate authority.
async fn tls_front(server: &MockServer, pki: &tests::TestPki) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = (*pki.server_config).clone();
    config.alpn_protocols.clear();
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(config));
    let backend = server.addr();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn wss_uses_the_same_tls_settings_as_http() {
    let (server, seed) = start().await;
    let pki = tests::TestPki::new();
    let front = tls_front(&server, &pki).await;
    let url = format!("https://localhost:{}", front.port());
    let rejected = Driver::builder()
        .url(&url)
        .token(&seed.user.token)
        .build()
        .unwrap()
        .websocket()
        .await
        .unwrap_err();
    assert_eq!(rejected.kind(), ErrorKind::Tls, "{rejected}");
    let with_ca = Driver::builder()
        .url(&url)
        .token(&seed.user.token)
        .ca_pem(pki.ca_pem.as_bytes())
        .build()
        .unwrap();
    let mut events = with_ca.websocket().await.unwrap();
    assert!(matches!(
        events.next().await,
        Some(Ok(Message::Connected { .. }))
    ));
    let danger = Driver::builder()
        .url(&url)
        .token(&seed.user.token)
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    assert!(danger.websocket().await.is_ok());
}

#[tokio::test]
async fn a_gap_in_seq_reconnects_at_once() {
    let (server, seed) = start().await;
    let listener = driver(&server, &seed.user.token, true);
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    let admin = driver(&server, &seed.admin.token, false);
    server.ws_skip_seq();
    post(&admin, &seed.channel_id, "after a gap").await;
    // The client sees seq 2 where it expected 1: it reconnects and resumes from 1. The skipped
    // number was never written, so the server cannot resume: a new hello, reported as missed.
    let mut lifecycle = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap()
        {
            Message::Reconnecting { attempt, .. } => {
                lifecycle.push(format!("reconnecting {attempt}"))
            }
            Message::Missed { .. } => {
                lifecycle.push("missed".to_owned());
                break;
            }
            other => lifecycle.push(format!("{other:?}")),
        }
    }
    assert_eq!(lifecycle, vec!["reconnecting 1", "missed"]);
    post(&admin, &seed.channel_id, "next").await;
    let event = next_event(&mut events).await;
    assert_eq!(event.seq, 1);
}

#[tokio::test]
async fn mentions_are_per_receiver_and_status_changes_reach_the_user() {
    let (server, seed) = start().await;
    let third = server.create_user("third", "third-password", false);
    let admin = driver(&server, &seed.admin.token, false);
    admin
        .teams()
        .add_team_member(
            &seed.team_id,
            &mm_driver::types::AddTeamMemberRequest {
                team_id: Some(seed.team_id.clone()),
                user_id: Some(third.id.clone()),
            },
        )
        .await
        .unwrap();
    admin
        .channels()
        .add_channel_member(
            &seed.channel_id,
            &mm_driver::types::AddChannelMemberRequest {
                user_id: Some(third.id.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut user_events = driver(&server, &seed.user.token, false)
        .websocket_only(&[EventType::Posted, EventType::StatusChange])
        .await
        .unwrap();
    let mut third_events = driver(&server, &third.token, false)
        .websocket_only(&[EventType::Posted])
        .await
        .unwrap();
    post(&admin, &seed.channel_id, "hey @user").await;
    let EventData::Posted(for_user) = next_event(&mut user_events).await.data else {
        panic!()
    };
    let EventData::Posted(for_third) = next_event(&mut third_events).await.data else {
        panic!()
    };
    assert_eq!(for_user.mentions, Some(vec![seed.user.id.clone()]));
    assert_eq!(for_third.mentions, None);

    let handle = user_events.handle();
    handle.user_update_active_status(false, true).await.unwrap();
    let event = next_event(&mut user_events).await;
    let EventData::StatusChange(status) = event.data else {
        panic!("{:?}", event.data)
    };
    assert_eq!(
        (status.status.as_str(), status.user_id.as_str()),
        ("away", seed.user.id.as_str())
    );
    let statuses = third_events
        .handle()
        .get_statuses_by_ids(&[&seed.user.id])
        .await
        .unwrap();
    assert_eq!(statuses[&seed.user.id], "away");
}

#[tokio::test]
async fn oversized_messages_end_the_connection_cleanly() {
    let (server, seed) = start().await;
    let mut config = config(false);
    config.max_message_size = 2048;
    let listener = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .websocket(config)
        .build()
        .unwrap();
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    post(
        &driver(&server, &seed.admin.token, false),
        &seed.channel_id,
        &"x".repeat(10_000),
    )
    .await;
    let mut error = None;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .unwrap()
    {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    let error = error.expect("the oversized frame is an error, not a panic");
    assert_eq!(error.kind(), ErrorKind::WebSocket);
}

#[tokio::test]
async fn a_token_revoked_while_away_ends_the_stream_instead_of_looping() {
    let (server, seed) = start().await;
    let mut config = config(true);
    config.hello_timeout = Duration::from_millis(500);
    let mut events = revoked_while_away(&server, &seed, config).await;
    let mut error = None;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .unwrap()
    {
        if let Err(e) = item {
            error = Some(e);
        }
    }
    let error = error.expect("an authentication error");
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided, "{error}");
}

/// A hostile `seq` of i64::MAX (in a `hello` or an event) must not overflow: the stream goes
/// on (a gap renews the connection; with keepalive the client reconnects) instead of the
/// connection task dying.
#[tokio::test]
async fn a_sequence_number_of_i64_max_never_panics() {
    let (server, seed) = start().await;
    let mut events = driver(&server, &seed.user.token, true)
        .websocket()
        .await
        .unwrap();
    let _ = events.next().await;
    let admin = driver(&server, &seed.admin.token, false);
    for frame in [
        r#"{"event":"hello","seq":9223372036854775807,"data":{"connection_id":"hostile"}}"#,
        r#"{"event":"typing","seq":9223372036854775807,"data":{"parent_id":"","user_id":"u"}}"#,
    ] {
        server.ws_send_malformed(frame);
        // Events posted while the client renews its connection may be reported as missed;
        // post until one arrives.
        let mut arrived = false;
        for attempt in 0..20 {
            let text = format!("after a hostile seq {attempt}");
            post(&admin, &seed.channel_id, &text).await;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
            while let Ok(message) = tokio::time::timeout_at(deadline, events.next()).await {
                let message = message.expect("the stream goes on").expect("no error");
                if let Message::Event(event) = message
                    && let EventData::Posted(posted) = &event.data
                    && posted.post.message == text
                {
                    arrived = true;
                    break;
                }
            }
            if arrived {
                break;
            }
        }
        assert!(arrived, "no event after {frame}");
    }
}

#[tokio::test]
async fn a_refused_websocket_connection_is_a_connect_error() {
    let addr = tests::closed_port().await;
    let error = Driver::builder()
        .url(format!("http://{addr}"))
        .token("t")
        .build()
        .unwrap()
        .websocket()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
}

/// A peer that upgrades and then sends bytes that are not websocket frames: a websocket
/// error, not "the token was not accepted".
#[tokio::test]
async fn a_protocol_error_before_hello_is_not_a_credentials_error() {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let peer = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut socket = tokio_tungstenite::accept_async(stream).await.unwrap();
        // Reserved bits and an unknown opcode: invalid for any websocket client.
        socket.get_mut().write_all(&[0xff, 0x00]).await.unwrap();
        std::future::pending::<()>().await;
    });
    let error = Driver::builder()
        .url(format!("http://{addr}"))
        .token("t")
        .build()
        .unwrap()
        .websocket()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WebSocket, "{error}");
    assert!(error.to_string().contains("before `hello`"), "{error}");
    peer.abort();
}

/// A server that stops reading: the client's sends fill the socket and then wait; within the
/// ping interval the connection is declared lost (keepalive off: the stream ends with an
/// error), instead of the connection task blocking for good.
#[tokio::test]
async fn a_server_that_stops_reading_is_detected_within_the_ping_interval() {
    use futures_util::SinkExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let peer = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut socket = tokio_tungstenite::accept_async(stream).await.unwrap();
        let hello = r#"{"event":"hello","seq":0,"data":{"connection_id":"c1","server_version":"11.6.0"},"broadcast":{"omit_users":null,"user_id":"","channel_id":"","team_id":""}}"#;
        socket
            .send(tokio_tungstenite::tungstenite::Message::text(hello))
            .await
            .unwrap();
        // Never read again.
        std::future::pending::<()>().await;
    });
    let mut config = config(false);
    config.ping_interval = Duration::from_secs(1);
    let driver = Driver::builder()
        .url(format!("http://{addr}"))
        .token("t")
        .websocket(config)
        .build()
        .unwrap();
    let mut events = driver.websocket().await.unwrap();
    let actions = events.handle();
    let big = serde_json::json!({"blob": "x".repeat(256 << 10)});
    let flood = tokio::spawn(async move {
        for _ in 0..200 {
            let actions = actions.clone();
            let big = big.clone();
            tokio::spawn(async move {
                let _ = actions.request("user_typing", big).await;
            });
        }
    });
    let started = std::time::Instant::now();
    let mut ended_with_error = false;
    while let Ok(Some(message)) = tokio::time::timeout(Duration::from_secs(20), events.next()).await
    {
        if message.is_err() {
            ended_with_error = true;
            break;
        }
    }
    assert!(ended_with_error, "the stream ended with an error");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    flood.abort();
    peer.abort();
}

/// With a ping interval shorter than half the hello timeout, a revoked token must still end
/// the stream (the resumed socket's silence decides, not the dead-peer ticks), and the
/// reconnect backoff keeps growing meanwhile.
#[tokio::test]
async fn a_revoked_token_ends_the_stream_even_with_a_short_ping_interval() {
    let (server, seed) = start().await;
    let mut config = config(true);
    config.hello_timeout = Duration::from_millis(800);
    config.ping_interval = Duration::from_millis(100);
    let mut events = revoked_while_away(&server, &seed, config).await;
    let mut error = None;
    let mut reconnects = 0;
    while let Some(item) = tokio::time::timeout(Duration::from_secs(20), events.next())
        .await
        .expect("the stream ends instead of reconnecting forever")
    {
        match item {
            Err(e) => error = Some(e),
            Ok(Message::Reconnecting { .. }) => {
                reconnects += 1;
                assert!(reconnects < 10, "{reconnects} reconnects: looping");
            }
            Ok(_) => {}
        }
    }
    let error = error.expect("an authentication error");
    assert_eq!(error.kind(), ErrorKind::NoAccessTokenProvided, "{error}");
}

/// A ping interval of zero turns pings off: a silent server is not declared dead.
#[tokio::test(start_paused = true)]
async fn pings_can_be_turned_off() {
    let (server, seed) = start().await;
    let listener = Driver::builder()
        .url(server.url())
        .token(&seed.user.token)
        .websocket_ping_interval(Duration::ZERO)
        .build()
        .unwrap();
    let mut events = listener.websocket().await.unwrap();
    let _ = events.next().await;
    server.ws_stall(true);
    // Ten minutes of (paused) time without a word from the server: no error, no ping.
    let waited = tokio::time::timeout(Duration::from_secs(600), events.next()).await;
    assert!(waited.is_err(), "something arrived: {:?}", waited.ok());
    server.ws_stall(false);
}

/// The keepalive settings given with their own methods are not reset by `.websocket(config)`,
/// whichever comes first.
#[test]
fn websocket_settings_do_not_reset_each_other() {
    let builder = Driver::builder()
        .keepalive(true)
        .keepalive_delay(Duration::from_millis(250))
        .websocket(WebsocketConfig::default())
        .websocket_ping_interval(Duration::from_secs(5));
    let shown = format!("{builder:?}");
    assert!(shown.contains("keepalive: true"), "{shown}");
    assert!(shown.contains("keepalive_delay: 250ms"), "{shown}");
    assert!(shown.contains("ping_interval: 5s"), "{shown}");
}
