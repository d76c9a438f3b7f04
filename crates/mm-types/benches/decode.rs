//! Typed decode, side by side in one run:
//!
//! - a page of 200 users shaped as the server marshals them (`GET /users`), read by each
//!   model and each way of reading evaluated: the spec-only model (`before.rs`, no null
//!   tolerance); the model with `BTreeMap<String, String>` maps, read as the typed call read it
//!   until `StringMap` (`from_slice`) and from a `&str`; `StringMap`'s first design (a sorted
//!   vector of inline-string pairs); today's model (`StringMap`, packed) both ways, the
//!   UTF-8-then-`from_str` one being what `decode_json` does; inline strings in every field
//!   (`CompactString`, not taken); and two floors: `IgnoredAny` (the parse alone) and
//!   `serde_json::Value`;
//! - the 20 posts of a busy channel's websocket event mix (`posted` payloads), before (spec-only
//!   model) and after.
//!
//! Every null-tolerant model is read the way a typed call reads it (`NullAsDefault`).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod before;
mod variants;

/// The user model as it was before `StringMap`: three `BTreeMap<String, String>`.
type UserWithBTreeMaps = variants::UserG<String, std::collections::BTreeMap<String, String>>;
/// The user model with `StringMap`'s first design: a sorted vector of inline-string pairs.
type UserWithVecMaps = variants::UserG<String, variants::VecStringMap>;
/// The alternative measured and not taken: inline strings in every field as well.
type UserWithCompactStrings = variants::UserG<compact_str::CompactString, mm_types::StringMap>;

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

/// The page read the way the typed call read it until `StringMap`: `from_slice`.
fn from_slice<T: serde::de::DeserializeOwned + Default>(page: &str) -> Vec<T> {
    serde_json::from_slice::<NullAsDefault<Vec<T>>>(page.as_bytes())
        .unwrap()
        .0
}

/// The page read from a `&str` as it stands.
fn from_str<T: serde::de::DeserializeOwned + Default>(page: &str) -> Vec<T> {
    serde_json::from_str::<NullAsDefault<Vec<T>>>(page)
        .unwrap()
        .0
}

/// The page read the way the typed call reads it now (`mm_transport::response::decode_json`):
/// one UTF-8 check of the body, then `from_str`.
fn utf8_then_str<T: serde::de::DeserializeOwned + Default>(page: &str) -> Vec<T> {
    from_str(std::str::from_utf8(page.as_bytes()).unwrap())
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();

    let page = user_page();
    let mut users = criterion.benchmark_group("user_page_200");
    users.throughput(Throughput::Bytes(page.len() as u64));
    users.bench_function("spec_model", |b| {
        b.iter(|| serde_json::from_str::<Vec<before::UserBefore>>(&page).unwrap())
    });
    users.bench_function("btree_maps_from_slice", |b| {
        b.iter(|| from_slice::<UserWithBTreeMaps>(&page))
    });
    users.bench_function("btree_maps_from_str", |b| {
        b.iter(|| from_str::<UserWithBTreeMaps>(&page))
    });
    users.bench_function("vec_maps_utf8_then_str", |b| {
        b.iter(|| utf8_then_str::<UserWithVecMaps>(&page))
    });
    users.bench_function("string_map_from_slice", |b| {
        b.iter(|| from_slice::<User>(&page))
    });
    users.bench_function("string_map_utf8_then_str", |b| {
        b.iter(|| utf8_then_str::<User>(&page))
    });
    users.bench_function("compact_strings_everywhere", |b| {
        b.iter(|| utf8_then_str::<UserWithCompactStrings>(&page))
    });
    users.bench_function("ignored_any", |b| {
        b.iter(|| serde_json::from_str::<serde::de::IgnoredAny>(&page).unwrap())
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
