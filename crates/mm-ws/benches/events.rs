//! Realtime figures, side by side in one run:
//!
//! - typed decode of a realistic event mix vs a plain `serde_json::Value` decode;
//! - events per second end to end, from mm-mock through the client's stream;
//! - memory per idle connection, with 1,000 connections to mm-mock (printed first; criterion
//!   does not measure memory).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::Duration;

use criterion::{Criterion, Throughput};
use futures_util::StreamExt;
use mm_mock::{Broadcast, MockEvent, MockServer};
use mm_transport::{BaseUrl, BearerToken, ProxyConfig, TlsConfig};
use mm_ws::{ConnectOptions, EventData, EventType, Message, WebsocketConfig};
use serde_json::{Value, json};

fn post_json(i: usize) -> String {
    json!({"id": format!("post{i:022}"), "create_at": 1_712_680_000_000_i64 + i as i64, "update_at": 1_712_680_000_000_i64,
        "edit_at": 0, "delete_at": 0, "is_pinned": false, "user_id": "ay5sq51sebfh58ktrce5ijtcwy",
        "channel_id": "nhze199c4j87ped4wannrjdt9c", "root_id": "", "original_id": "", "message": "hi @bob, the deploy is done",
        "type": "", "props": {}, "hashtags": "", "file_ids": [], "pending_post_id": "", "reply_count": 0, "last_reply_at": 0,
        "participants": null}).to_string()
}

/// A mix shaped like a busy channel: mostly posts, some reactions, typing and status changes.
fn event_mix() -> Vec<(String, Value)> {
    let mut mix = Vec::new();
    for i in 0..10 {
        mix.push(("posted".to_owned(), json!({"channel_display_name": "Town Square", "channel_name": "town-square",
            "channel_type": "O", "mentions": "[\"bq7n3wfkjfgaddqj4a1bqzhq4y\"]", "post": post_json(i),
            "sender_name": "@alice", "set_online": true, "team_id": "ut9cxjyk3p8ouyxr8gqqnnmnwy"})));
    }
    for _ in 0..4 {
        mix.push(("reaction_added".to_owned(), json!({"reaction": "{\"user_id\":\"ay5sq51sebfh58ktrce5ijtcwy\",\"post_id\":\"ag1yb3ekqbd4tkkxhdzjm4y6mo\",\"emoji_name\":\"thumbsup\",\"create_at\":1712680001000,\"update_at\":1712680001000,\"delete_at\":0,\"remote_id\":null,\"channel_id\":\"nhze199c4j87ped4wannrjdt9c\"}"})));
    }
    for _ in 0..4 {
        mix.push((
            "typing".to_owned(),
            json!({"parent_id": "", "user_id": "ay5sq51sebfh58ktrce5ijtcwy"}),
        ));
    }
    mix.push((
        "status_change".to_owned(),
        json!({"status": "away", "user_id": "ay5sq51sebfh58ktrce5ijtcwy"}),
    ));
    mix.push((
        "custom_plugin_event".to_owned(),
        json!({"anything": [1, 2, 3]}),
    ));
    mix
}

fn frames(mix: &[(String, Value)]) -> Vec<String> {
    mix.iter()
        .enumerate()
        .map(|(seq, (event, data))| {
            json!({"event": event, "data": data, "broadcast": {"omit_users": null, "user_id": "", "channel_id": "nhze199c4j87ped4wannrjdt9c", "team_id": "", "connection_id": "", "omit_connection_id": ""}, "seq": seq}).to_string()
        })
        .collect()
}

fn options(server: &MockServer, token: &str) -> ConnectOptions {
    ConnectOptions {
        base: BaseUrl::parse(&server.url()).unwrap(),
        auth: Some(std::sync::Arc::new(BearerToken::new(token).unwrap())),
        tls: TlsConfig::new(),
        proxy: ProxyConfig::none(),
        config: WebsocketConfig::default(),
        only: None,
    }
}

fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn memory_per_idle_connection(runtime: &tokio::runtime::Runtime) {
    runtime.block_on(async {
        let server = MockServer::start().await.unwrap();
        let seed = server.seed();
        // Warm up allocators and the first connection's one-time costs.
        let warm = mm_ws::connect(options(&server, &seed.user.token)).await.unwrap();
        let before = resident_bytes();
        let mut connections = Vec::with_capacity(1000);
        for _ in 0..1000 {
            connections.push(mm_ws::connect(options(&server, &seed.user.token)).await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        let after = resident_bytes();
        println!(
            "memory: 1000 idle connections (client and mm-mock in one process) add {} KiB, {} bytes per connection",
            (after.saturating_sub(before)) / 1024,
            after.saturating_sub(before) / 1000
        );
        drop(connections);
        drop(warm);
    });
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    memory_per_idle_connection(&runtime);

    let mut criterion = Criterion::default().configure_from_args();
    let mix = event_mix();
    let texts = frames(&mix);
    let mut decode = criterion.benchmark_group("decode_event_mix");
    decode.throughput(Throughput::Elements(texts.len() as u64));
    decode.bench_function("serde_json_value", |b| {
        b.iter(|| {
            for text in &texts {
                let value: Value = serde_json::from_str(text).unwrap();
                std::hint::black_box(value);
            }
        })
    });
    decode.bench_function("typed_event", |b| {
        b.iter(|| {
            for text in &texts {
                #[derive(serde::Deserialize)]
                struct Frame<'a> {
                    event: &'a str,
                    #[serde(borrow)]
                    data: &'a serde_json::value::RawValue,
                }
                let frame: Frame<'_> = serde_json::from_str(text).unwrap();
                let event = EventType::from(frame.event);
                let data = EventData::decode_raw(&event, frame.data.get());
                std::hint::black_box(data);
            }
        })
    });
    decode.finish();

    let (server, seed) = runtime.block_on(async {
        let server = MockServer::start().await.unwrap();
        let seed = server.seed();
        (server, seed)
    });
    let mut events = runtime.block_on(async {
        let mut events = mm_ws::connect(options(&server, &seed.user.token))
            .await
            .unwrap();
        let _ = events.next().await;
        events
    });
    let data = mix[0].1.clone();
    let mut end_to_end = criterion.benchmark_group("end_to_end");
    end_to_end.throughput(Throughput::Elements(100));
    end_to_end.bench_function("100_posted_events_from_mm_mock", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let started = std::time::Instant::now();
                for _ in 0..iterations {
                    for _ in 0..100 {
                        server.publish(MockEvent::new(
                            "posted",
                            data.clone(),
                            Broadcast {
                                channel_id: seed.channel_id.clone(),
                                ..Broadcast::default()
                            },
                            vec![seed.user.id.clone()],
                        ));
                    }
                    let mut received = 0;
                    while received < 100 {
                        if let Some(Ok(Message::Event(_))) = events.next().await {
                            received += 1;
                        }
                    }
                }
                started.elapsed()
            })
        })
    });
    end_to_end.finish();
    criterion.final_summary();
}
