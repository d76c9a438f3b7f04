//! Typed decode before and after the server-fidelity work, side by side in one run:
//!
//! - a page of 200 users shaped as the server marshals them (`GET /users`);
//! - the 20 posts of a busy channel's websocket event mix (`posted` payloads).
//!
//! "before" is the model as generated from the spec alone, with no null tolerance (frozen in
//! `before.rs`); "after" is today's model (the server's keys and types, every non-`Option` field
//! reading `null` as its zero value) read the way a typed call reads it (`NullAsDefault`).
//! A plain `serde_json::Value` decode is the floor.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod before;

use criterion::{Criterion, Throughput};
use mm_types::support::NullAsDefault;
use mm_types::{Post, User};
use serde_json::{Value, json};

const USER: &str = include_str!("../../../tests/fixtures/server/http/user_me.json");

fn user_page() -> String {
    let user: Value = serde_json::from_str(USER).unwrap();
    let page: Vec<Value> = (0..200)
        .map(|i| {
            let mut user = user.clone();
            user["id"] = json!(format!("u{i:025}"));
            user["username"] = json!(format!("user{i}"));
            user["email"] = json!(format!("user{i}@example.com"));
            user
        })
        .collect();
    serde_json::to_string(&page).unwrap()
}

fn posts() -> Vec<String> {
    (0..20)
        .map(|i| {
            json!({"id": format!("post{i:022}"), "create_at": 1_712_680_000_000_i64 + i, "update_at": 1_712_680_000_000_i64,
                "edit_at": 0, "delete_at": 0, "is_pinned": false, "user_id": "ay5sq51sebfh58ktrce5ijtcwy",
                "channel_id": "nhze199c4j87ped4wannrjdt9c", "root_id": "", "original_id": "", "message": "hi @bob, the deploy is done",
                "type": "", "props": {}, "hashtags": "", "file_ids": [], "pending_post_id": "", "reply_count": 0, "last_reply_at": 0,
                "participants": null, "remote_id": "", "metadata": {}}).to_string()
        })
        .collect()
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();

    let page = user_page();
    let mut users = criterion.benchmark_group("user_page_200");
    users.throughput(Throughput::Bytes(page.len() as u64));
    users.bench_function("before", |b| {
        b.iter(|| serde_json::from_str::<Vec<before::UserBefore>>(&page).unwrap())
    });
    users.bench_function("after", |b| {
        b.iter(|| {
            serde_json::from_str::<NullAsDefault<Vec<User>>>(&page)
                .unwrap()
                .0
        })
    });
    users.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_str::<Value>(&page).unwrap())
    });
    users.finish();

    let posts = posts();
    let mut events = criterion.benchmark_group("event_mix_posts_20");
    events.bench_function("before", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| serde_json::from_str::<before::PostBefore>(p).unwrap())
                .collect::<Vec<_>>()
        })
    });
    events.bench_function("after", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| serde_json::from_str::<Post>(p).unwrap())
                .collect::<Vec<_>>()
        })
    });
    events.finish();
    criterion.final_summary();
}
