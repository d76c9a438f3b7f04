//! Websocket event data of every typed event, and unknown ones.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mm_ws::{EventData, EventType};

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

fuzz_target!(|bytes: &[u8]| {
    let Some((&selector, rest)) = bytes.split_first() else {
        return;
    };
    let event = EventType::from(EVENTS[usize::from(selector) % EVENTS.len()]);
    let _ = EventData::decode_raw(&event, &String::from_utf8_lossy(rest));
});
