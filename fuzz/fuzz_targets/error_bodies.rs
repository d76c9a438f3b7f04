//! Error bodies: the error must stay bounded whatever the server sends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mm_transport::{ApiError, Error};

fuzz_target!(|bytes: &[u8]| {
    let _ = ApiError::parse(bytes);
    let error = Error::from_response(http::StatusCode::BAD_REQUEST, bytes, None, None);
    assert!(error.to_string().len() < 8192);
});
