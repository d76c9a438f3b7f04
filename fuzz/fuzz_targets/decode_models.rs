//! Server bodies into the typed models, as typed calls read them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mm_types::support::NullAsDefault;
use mm_types::{Channel, Post, PostList, Team, User};

fuzz_target!(|bytes: &[u8]| {
    let _ = serde_json::from_slice::<NullAsDefault<User>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Vec<Post>>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<PostList>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Team>>(bytes);
    let _ = serde_json::from_slice::<NullAsDefault<Channel>>(bytes);
});
