//! Property tests (stable Rust, proptest): arbitrary bytes and arbitrary JSON fed to every
//! public decoder never panic, and what they produce stays bounded and free of secrets.
//! `fuzz/` has the same targets for cargo-fuzz (nightly), for longer runs.

use std::time::{Duration, SystemTime};

use mm_driver::transport::excerpt::{MAX_EXCERPT_CHARS, excerpt};
use mm_driver::transport::retry::parse_wait;
use mm_driver::transport::{ApiError, BaseUrl, Error};
use mm_driver::types::support::NullAsDefault;
use mm_driver::types::{Channel, Post, PostList, StringMap, Team, User};
use mm_driver::ws::{EventData, EventType};
use proptest::prelude::*;

/// Any JSON value, a few levels deep, with keys the models know among random ones.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        // Quarters: exact in binary, so that a decoded value equals what was sent.
        (-4000i32..4000).prop_map(|q| serde_json::json!(f64::from(q) / 4.0)),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_owned()),
                    Just("props".to_owned()),
                    Just("file_ids".to_owned()),
                    Just("metadata".to_owned()),
                    Just("policy_id".to_owned()),
                    Just("post".to_owned()),
                    Just("notify_props".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn decode_models(bytes: &[u8]) {
    let _ = serde_json::from_slice::<NullAsDefault<User>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Vec<Post>>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<PostList>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Team>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Channel>>(bytes);
    if let Ok(map) = serde_json::from_slice::<StringMap>(bytes) {
        // Whatever was read is a map that writes and reads back unchanged.
        let written = serde_json::to_string(&map).unwrap();
        assert_eq!(serde_json::from_str::<StringMap>(&written).unwrap(), map);
    }
}

const EVENTS: &[&str] = &[
    "hello",
    "posted",
    "post_edited",
    "post_deleted",
    "ephemeral_message",
    "reaction_added",
    "typing",
    "status_change",
    "channel_updated",
    "user_updated",
    "thread_updated",
    "preferences_changed",
    "emoji_added",
    "custom_plugin_event",
];

proptest! {
    // No regression files in the source tree: a failure prints its minimal input.
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn models_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_models(&bytes);
    }

    #[test]
    fn models_take_any_json(value in json()) {
        decode_models(value.to_string().as_bytes());
    }

    #[test]
    fn websocket_data_of_any_shape_is_kept(value in json(), event in prop::sample::select(EVENTS)) {
        let event = EventType::from(event);
        let text = value.to_string();
        match EventData::decode_raw(&event, &text) {
            EventData::Other(raw) => prop_assert_eq!(raw, value),
            EventData::Invalid(invalid) => prop_assert_eq!(invalid.data, value),
            _ => {}
        }
        let _ = EventData::decode_raw(&event, &String::from_utf8_lossy(text.as_bytes()));
    }

    #[test]
    fn error_bodies_give_bounded_secret_free_errors(
        body in prop::collection::vec(any::<u8>(), 0..4096),
        status in 400u16..600,
        secret in "[a-z0-9]{20,30}",
    ) {
        let status = http::StatusCode::from_u16(status).unwrap();
        let _ = ApiError::parse(&body);
        let error = Error::from_response(status, &body, None, None);
        prop_assert!(error.to_string().chars().count() < 4 * MAX_EXCERPT_CHARS);
        // A secret in an AppError's detailed_error reaches no representation.
        let app_error = serde_json::json!({
            "id": "x", "message": "m", "detailed_error": format!("{{\"token\": \"{secret}\"}}"),
        })
        .to_string();
        let error = Error::from_response(status, app_error.as_bytes(), None, None);
        let shown = format!("{} {:?}", error, error);
        prop_assert!(!shown.contains(&secret));
    }

    /// `StringMap` is a sorted vector, not a map: whatever the order and repetition of keys, in
    /// a body or built in code, it must read, write, look up and change like a `BTreeMap`
    /// filled in the same order (the last value of a repeated key wins).
    #[test]
    fn string_maps_behave_like_btree_maps(
        entries in prop::collection::vec(("[a-e]{0,2}|[^\u{0}]{0,30}", ".{0,30}"), 0..24),
        edits in prop::collection::vec((any::<bool>(), "[a-e]{0,2}", "[a-z]{0,3}"), 0..12),
    ) {
        let mut expected: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        let mut body = String::from("{");
        for (i, (key, value)) in entries.iter().enumerate() {
            expected.insert(key.clone(), value.clone());
            if i > 0 {
                body.push(',');
            }
            body.push_str(&serde_json::to_string(key).unwrap());
            body.push(':');
            body.push_str(&serde_json::to_string(value).unwrap());
        }
        body.push('}');
        let read: StringMap = serde_json::from_str(&body).unwrap();
        let built: StringMap = entries.iter().map(|(k, v)| (k, v)).collect();
        prop_assert_eq!(&read, &built);
        prop_assert_eq!(serde_json::to_string(&read).unwrap(), serde_json::to_string(&expected).unwrap());
        prop_assert_eq!(read.len(), expected.len());
        let mut map = read;
        for (insert, key, value) in edits {
            if insert {
                prop_assert_eq!(map.insert(&key, &value), expected.insert(key.clone(), value));
            } else {
                prop_assert_eq!(map.remove(&key), expected.remove(&key));
            }
            prop_assert_eq!(map.get(&key), expected.get(&key).map(String::as_str));
        }
        prop_assert_eq!(
            map.iter().collect::<Vec<_>>(),
            expected.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect::<Vec<_>>()
        );
        prop_assert_eq!(std::collections::BTreeMap::from(map), expected);
    }

    #[test]
    fn excerpts_are_bounded(body in prop::collection::vec(any::<u8>(), 0..4096)) {
        let text = excerpt(&body);
        prop_assert!(text.chars().count() <= MAX_EXCERPT_CHARS + 40);
    }

    #[test]
    fn rate_limit_headers_of_any_text_parse_or_not(value in ".{0,40}", number in any::<f64>()) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let _ = parse_wait(&value, now);
        let _ = parse_wait(&number.to_string(), now);
        let _ = parse_wait(&format!("{number:e}"), now);
    }

    #[test]
    fn urls_of_any_text_parse_or_fail_without_showing_user_info(
        host in "[a-z0-9.:/@%\\[\\]-]{0,30}",
        password in "[a-z0-9/]{4,12}",
    ) {
        let _ = BaseUrl::parse(&host);
        let with_secret = format!("https://alice:{password}SECRETPW@{host}");
        if let Err(error) = BaseUrl::parse(&with_secret) {
            let shown = format!("{} {:?}", error, error);
            prop_assert!(!shown.contains("SECRETPW"));
        } else {
            prop_assert!(false, "user info accepted: {}", with_secret);
        }
    }
}
