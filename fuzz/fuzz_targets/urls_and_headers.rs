//! Server URLs, proxy URLs and rate-limit headers.
#![no_main]

use std::time::{Duration, SystemTime};

use libfuzzer_sys::fuzz_target;
use mm_transport::retry::parse_wait;
use mm_transport::{BaseUrl, ProxyConfig};

fuzz_target!(|text: &str| {
    let _ = BaseUrl::parse(text);
    let _ = ProxyConfig::url(text, None);
    let _ = parse_wait(
        text,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    );
});
