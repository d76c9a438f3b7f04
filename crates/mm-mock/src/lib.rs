#![doc = include_str!("../README.md")]
//!
//! ---
//!
//! **mm-mock**: an in-process Mattermost server double for tests, examples and benchmarks.
//!
//! It speaks the real server's wire format (26-character ids, AppError JSON bodies with the
//! server's error ids, the `Token` header and `MMAUTHTOKEN` cookie at login, `X-Request-Id` and
//! `X-Version-Id` headers) over a real socket on `127.0.0.1`, with its state in memory.
//!
//! ```no_run
//! # async fn run() -> Result<(), mm_mock::MockError> {
//! let server = mm_mock::MockServer::start().await?;
//! let seed = server.seed();
//! // Point the code under test at `server.url()` and log in with `seed.user.token`.
//! println!("{} {}", server.url(), seed.channel_id);
//! # Ok(()) }
//! ```
//!
//! Test knobs: a rate limiter that answers like the real one ([`MockServerBuilder::rate_limit`]),
//! fault injection ([`MockServer::inject`]), added latency, a request log
//! ([`MockServer::requests`]) and the events REST calls publish ([`MockServer::subscribe_events`]).
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod app_error;
mod auth;
#[doc(hidden)]
pub mod doc_support;
pub mod events;
pub mod faults;
mod multipart;
mod rate_limit;
mod request;
pub mod request_log;
mod router;
mod routes;
pub mod seed;
mod server;
mod store;
mod websocket;

pub use events::{Broadcast, MockEvent};
pub use faults::{Fault, FaultRule};
pub use request_log::LoggedRequest;
pub use seed::{Seed, SeedUser};
pub use server::{MockError, MockServer, MockServerBuilder};

/// The server version the mock reports in `X-Version-Id`.
pub const SERVER_VERSION: &str = "11.6.0";

/// The same JSON read as another type: request bodies come in the request's own types (a
/// `props` object, a notify-props struct) and are stored as the server's models (maps).
pub(crate) fn reshape<T: serde::Serialize, U: serde::de::DeserializeOwned>(
    value: T,
) -> Result<U, app_error::AppError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|_| app_error::AppError::invalid_body("props"))
}
